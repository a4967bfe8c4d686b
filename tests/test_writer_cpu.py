"""The cheaper writers of a run (issue 17): the same bytes as the plain way of writing them.

Word: paragraphs kept as text (``defer``), runs written beforehand (:class:`RunsXml`) and kept
tables remembered by their content give the document python-docx/lxml would write.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from attt_audit.render import default_templates
from attt_audit.render.document import Decree30Document, Run, RunsXml, reference_path, runs_xml

_TEXT = st.text(alphabet=st.sampled_from(list("aơ Đ&<>\"'\n\t\r\x01😀;:/")), max_size=12)


def _document_xml(d: Decree30Document) -> bytes:
    with zipfile.ZipFile(io.BytesIO(d.to_bytes())) as archive:
        return archive.read("word/document.xml")


def _doc() -> Decree30Document:
    return Decree30Document(reference_path(default_templates()), lang="vi")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(
                _TEXT,
                st.builds(lambda t, b, i: Run(t, bold=b, italic=i), _TEXT, st.booleans(), st.booleans()),
            ),
            st.sampled_from([None, "ND30 Notice", "ND30 List"]),
            st.sampled_from([None, "center"]),
            st.booleans(),
        ),
        max_size=5,
    ),
    st.booleans(),
)
def test_kept_paragraphs_are_the_parsed_paragraphs(paras: list[Any], heading: bool) -> None:
    """Any text and formatting: kept as text or parsed, the same ``word/document.xml``, with the
    paragraphs before a table, a section break and the signature block (which change the last one)."""

    def build(defer: bool) -> bytes:
        d = _doc()
        if heading:
            d.heading("I", "Mục", 1, defer=defer)
        for text, style, align, keep in paras:
            d.paragraph(text, style, align=align, keep_with_next=keep, defer=defer)
        d.table(["A"], [["x"]], (3.0,), defer=defer)
        d.paragraph("trước ngắt trang", defer=defer)
        d.section(landscape=True)
        for text, style, _, _ in paras:
            d.paragraph(text, style, defer=defer)
        d.paragraph("trước chữ ký", defer=defer)
        from attt_audit.render.document import Signer

        d.signature(Signer(title="GIÁM ĐỐC", name="Nguyễn Văn A"), ["Bộ Công an"], "VP")
        return _document_xml(d)

    kept = build(True)
    assert kept == build(False)
    assert b"atttDeferred" not in kept


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(_TEXT, st.booleans(), st.booleans()), min_size=1, max_size=4),
    st.sampled_from([None, 10, 11.5]),
    st.booleans(),
)
def test_runs_written_beforehand_are_the_runs(
    items: list[tuple[str, bool, bool]], size: Any, defer: bool
) -> None:
    """A cell of :func:`runs_xml` paragraphs is the cell of the same :class:`Run` objects."""
    runs = [Run(t, bold=b, italic=i) for t, b, i in items]
    written = [runs_xml(t, b, i, False, size) for t, b, i in items]
    assert all(type(x) is RunsXml for x in written)

    def build(cells: list[Any]) -> bytes:
        d = _doc()
        d.table(
            ["A", "B", "C"],
            [[cells, cells[0], "z"], [cells[:1], "y", cells[-1]]],
            (3.0, 3.0, 3.0),
            size=size,
            defer=defer,
        )
        d.paragraph(cells, size=size)  # a paragraph of several runs
        return _document_xml(d)

    assert build(written) == build(runs)


def test_remembered_table_is_the_same_table() -> None:
    """A kept table of plain strings is remembered by its content: the second document that has
    it gets the same text; a table that differs in any cell, width or size is built anew."""
    rows = [["1", "Yêu cầu một", "mục 7.1"], ["2", "Yêu cầu & <hai>", " lề "]]

    def build(rows: list[list[str]], size: float | None = 10) -> bytes:
        d = _doc()
        d.table(["STT", "Yêu cầu", "Điều khoản"], rows, (1.2, 5.0, 3.0), size=size, defer=True)
        d.table(["STT", "Yêu cầu", "Điều khoản"], rows, (1.2, 5.0, 3.0), size=size, defer=True)
        return _document_xml(d)

    def parsed(rows: list[list[str]], size: float | None = 10) -> bytes:
        d = _doc()
        d.table(["STT", "Yêu cầu", "Điều khoản"], rows, (1.2, 5.0, 3.0), size=size)
        d.table(["STT", "Yêu cầu", "Điều khoản"], rows, (1.2, 5.0, 3.0), size=size)
        return _document_xml(d)

    first = build(rows)
    assert first == build(rows) == parsed(rows)
    other = [["1", "Yêu cầu một", "mục 7.1"], ["2", "Yêu cầu & <hai>", "mục 7.2"]]
    assert build(other) == parsed(other) != first
    assert build(rows, None) == parsed(rows, None) != first


# ------------------------------------------------------------------ result.json


def _old_answer_dump(answer: Any, mode: str) -> dict[str, Any]:
    """How results wrote an answer before :func:`attt_audit.models.results._answer_out`."""
    entry = answer.model_dump(mode=mode, exclude_none=True, exclude_defaults=True)
    return {"question": entry.pop("question"), **entry}


_OPTIONAL = st.one_of(st.none(), st.text(max_size=5))


@settings(max_examples=80, deadline=None)
@given(
    status=st.one_of(st.none(), st.sampled_from(["pass", "fail", "partial", "na"])),
    value=st.one_of(
        st.none(), st.text(max_size=4), st.integers(-5, 5), st.floats(allow_nan=False, allow_infinity=False)
    ),
    note=_OPTIONAL,
    evidence=st.lists(st.text(max_size=4), max_size=2),
    justification=_OPTIONAL,
    answered_by=_OPTIONAL,
    answered_at=st.one_of(
        st.none(), st.datetimes(timezones=st.sampled_from([None, __import__("datetime").UTC]))
    ),
    source=_OPTIONAL,
    waived=st.booleans(),
)
def test_answers_and_waiver_written_as_the_dump_wrote_them(waived: bool, **fields: Any) -> None:
    """An answer in a result: the question first, ``None`` and default values left out, in JSON
    and in Python mode, as ``model_dump(exclude_none=True, exclude_defaults=True)`` wrote it; a
    waiver (or none) as ``model_dump(exclude_none=True)``."""
    import datetime as dt

    from attt_audit.models.common import LocalText
    from attt_audit.models.results import AnsweredQuestion, RequirementResult, WaiverRecord

    answer = AnsweredQuestion(question=LocalText(vi="Câu hỏi?", en="Question?"), **fields)
    waiver = (
        WaiverRecord(
            id="w1",
            system="s",
            control="c",
            justification="Lý do",
            approver="Giám đốc",
            approved_on=dt.date(2026, 1, 2),
            expires_on=dt.date(2026, 12, 31),
            state="active",
        )
        if waived
        else None
    )
    result = RequirementResult(
        control="c",
        level=3,
        framework="f",
        group="g",
        kind="management",
        title=LocalText(vi="Yêu cầu", en="Requirement"),
        status="pass",
        answers={"q1": answer},
        waiver=waiver,
    )
    for mode in ("json", "python"):
        dumped = result.model_dump(mode=mode)
        assert dumped["answers"] == {"q1": _old_answer_dump(answer, mode)}
        assert list(dumped["answers"]["q1"]) == list(_old_answer_dump(answer, mode))
        assert dumped["waiver"] == (
            None if waiver is None else waiver.model_dump(mode=mode, exclude_none=True)
        )
    from pydantic_core import to_json

    old = to_json({"q1": _old_answer_dump(answer, "json")}).decode()
    assert f'"answers":{old},' in result.model_dump_json()


# ------------------------------------------------------------------ remediation.xlsx


def test_plan_archive_is_the_one_zipfile_writes(monkeypatch: Any) -> None:
    """The plan's archive (shared parts compressed once, :func:`document._zip`) is byte for byte
    the archive ``zipfile`` writes from the same parts, same second; a plan that differs only in
    its rows shares the compressed parts."""
    import datetime as dt
    import time

    from attt_audit.render import remediation_xlsx as rx

    fixed = time.localtime(1795000000)
    monkeypatch.setattr(time, "localtime", lambda *a: fixed)
    monkeypatch.setattr(rx, "_core_now", lambda xml: xml)
    rows = [
        [
            1,
            "ctl.một",
            "Yêu cầu & <một>",
            "mục 7.1",
            "thiếu\nthiếu nữa",
            "Làm",
            "1 – Cao",
            dt.date(2027, 1, 2),
            "",
            "",
            "",
        ],
        [
            2,
            "ctl.hai",
            " lề ",
            "mục 7.2",
            "",
            "Làm tiếp",
            "2 – Vừa",
            dt.date(2027, 3, 4),
            "Anh A",
            "Đang làm",
            "",
        ],
    ]
    planned = {"ctl.một": dt.date(2027, 1, 2), "ctl.hai": dt.date(2027, 3, 4)}
    data = rx._plain_workbook(rows, planned, "vi", "Hệ thống A")
    assert data is not None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, blob in parts:
            archive.writestr(name, blob)
    assert data == buffer.getvalue()
    sk = rx._skeleton("vi")
    assert sk is not None and "xl/styles.xml" in sk.packed and "xl/worksheets/sheet1.xml" not in sk.packed


_PROP = st.text(alphabet=st.sampled_from(list("aơĐ &<>\"'\n\t\ue001\ue003;")), max_size=8)


@settings(max_examples=60, deadline=None)
@given(title=_PROP, subject=_PROP, author=_PROP, keywords=_PROP, lang=st.sampled_from(["vi", "en"]))
def test_core_properties_from_the_template_are_python_docx_s(
    title: str, subject: str, author: str, keywords: str, lang: str
) -> None:
    """``docProps/core.xml`` filled in from the template is the part python-docx writes."""
    import datetime as dt

    from attt_audit.render import document

    when = dt.datetime(2026, 11, 20, 8, 30, 5, tzinfo=dt.UTC)

    def core(template: bool) -> bytes:
        d = Decree30Document(reference_path(default_templates()), lang=lang)
        d.properties(title="trước", author="x", created=when)  # set twice: the last values hold
        d.properties(title=title, subject=subject, author=author, keywords=keywords, created=when)
        assert (d._core_xml is not None) == template
        with zipfile.ZipFile(io.BytesIO(d.to_bytes())) as archive:
            return archive.read("docProps/core.xml")

    ours = core(True)
    original = document._core_xml
    document._core_xml = lambda *a: None  # type: ignore[assignment]
    try:
        assert ours == core(False)
    finally:
        document._core_xml = original


def test_core_properties_python_docx_refuses_are_refused() -> None:
    """A value python-docx refuses (over 255 characters) is refused as before."""
    import pytest

    d = _doc()
    with pytest.raises(ValueError, match="255"):
        d.properties(title="x" * 256, author="a")


def test_remembered_header_and_signature_are_the_built_ones() -> None:
    """The header table and the signature block kept as text and reused by the next document with
    the same organisation: the same ``word/document.xml`` as built in the tree each time."""
    from attt_audit.render.document import Issuer, Signer

    issuer = Issuer(name="Sở Giao thông vận tải", parent="Ủy ban nhân dân tỉnh Bình An", code="SGTVT")
    signer = Signer.from_line("KT. GIÁM ĐỐC", "Phó Giám đốc", "Nguyễn Văn A")

    def build(defer: bool, recipients: list[str]) -> bytes:
        d = _doc()
        d.header(issuer, date="Bình An, ngày 20 tháng 11 năm 2026", defer=defer)
        d.title("Đánh giá & <kiểm tra>", "Báo cáo")
        d.paragraph("Nội dung", defer=defer)
        d.table(["A"], [["x"]], (3.0,), defer=defer)
        d.signature(signer, recipients, "VP", title_placeholder=d.gap("chức vụ"), defer=defer)
        return _document_xml(d)

    for recipients in (["Bộ Công an", "Sở TT&TT"], [], ["Bộ Công an", "Sở TT&TT"]):
        first, again = build(True, recipients), build(True, recipients)
        assert first == again == build(False, recipients)
        assert b"atttDeferred" not in first


def test_answered_question_has_the_answer_s_fields_after_the_question() -> None:
    """``AnsweredQuestion`` redeclares :class:`Answer`'s fields only to leave unset values out:
    same names, order, types and defaults, the question first."""
    from attt_audit.models.answers import Answer
    from attt_audit.models.results import AnsweredQuestion

    ours, theirs = AnsweredQuestion.model_fields, Answer.model_fields
    assert list(ours) == ["question", *theirs]
    for name, field in theirs.items():
        assert ours[name].annotation == field.annotation, name
        assert ours[name].metadata == field.metadata, name
        assert ours[name].get_default(call_default_factory=True) == field.get_default(
            call_default_factory=True
        )
        assert ours[name].is_required() == field.is_required() is False


@settings(max_examples=40, deadline=None)
@given(run=st.one_of(st.none(), st.text(max_size=6)), stale=st.booleans())
def test_observation_leaves_out_unset_origin(run: Any, stale: bool) -> None:
    """An observation without a run or not stale is written without ``run`` / ``stale`` (as the
    probe run files always were), in JSON and in Python mode."""
    import datetime as dt
    import json

    from attt_audit.models.observations import Observation

    o = Observation(
        check="tls.legacy_protocols_disabled",
        result="pass",
        target="127.0.0.1:443",
        probe="tls",
        observed_at=dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC),
        run=run,
        stale=stale,
    )
    expected = ["check", "result", "target", "probe", "evidence", "detail", "observed_at"]
    expected += (["run"] if run is not None else []) + (["stale"] if stale else [])
    assert list(o.model_dump()) == expected
    assert list(json.loads(o.model_dump_json())) == expected
