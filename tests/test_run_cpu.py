"""Per-system CPU of ``run`` (issue 17, goal 2): the pieces that make it cheaper keep their promises."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attt_audit.app.parallel import GC_THRESHOLD, map_ordered


def test_collector_is_tuned_during_the_work_and_restored_after() -> None:
    before = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    seen: list[tuple[tuple[int, int, int], int]] = []

    def work(item: int) -> int:
        seen.append((gc.get_threshold(), gc.get_freeze_count()))
        return item * 2

    assert map_ordered(work, [1, 2, 3], jobs=1) == [2, 4, 6]
    assert all(threshold == GC_THRESHOLD for threshold, _ in seen)
    assert all(frozen > 0 for _, frozen in seen)  # what was loaded before is out of the scans
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen_before


def test_collector_is_restored_when_the_work_fails() -> None:
    before = gc.get_threshold()

    def work(item: int) -> int:
        raise ValueError(item)

    try:
        map_ordered(work, [1], jobs=1)
    except ValueError:
        pass
    else:  # pragma: no cover
        raise AssertionError("the error was swallowed")
    assert gc.get_threshold() == before


def _md_text_before(value: object) -> str:
    """md_text as it was written before it was made one pass (the reference)."""
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "`*_[]#|!{}":
        text = text.replace(ch, "\\" + ch)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return " ".join(text.split("\n")) if "\n" in text else text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ơ\\&<>`*_[]#|!{}\r\n\tđ;")), max_size=40))
def test_md_text_escapes_as_before(text: str) -> None:
    from attt_audit.render.jinja import md_text

    assert md_text(text) == _md_text_before(text)


def test_md_text_examples() -> None:
    from attt_audit.render.jinja import md_text

    assert md_text(r"a\*b") == r"a\\\*b"
    assert md_text("x & <y> [z](u)") == r"x &amp; &lt;y&gt; \[z\](u)"
    assert md_text("dòng 1\r\ndòng 2\rdòng 3") == "dòng 1 dòng 2 dòng 3"
    assert md_text(None) == ""


def test_template_attribute_lookup_is_jinja_s(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A dict's key first, unless the name is a dict method; a missing key is undefined (strict)."""
    import jinja2
    import pytest

    from attt_audit.render.jinja import environment

    (tmp_path / "t.j2").write_text(
        "{{ row.title }}|{{ row.items is callable }}|{{ obj.real }}", encoding="utf-8"
    )
    env = environment(str(tmp_path), "md")
    out = env.get_template("t.j2").render(row={"title": "Tiêu đề", "items": 3}, obj=2)
    assert out == "Tiêu đề|True|2"
    (tmp_path / "u.j2").write_text("{{ row.missing }}", encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("u.j2").render(row={"title": "x"})


# ------------------------------------------------------------------ remediation workbook


def _members(data: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


def _plan_rows(result: Any, lang: str) -> tuple[list[list[Any]], dict[str, Any], str]:
    """The rows write_remediation_xlsx gives both writers (as it builds them)."""
    from attt_audit.render import remediation_xlsx as rx

    captured: dict[str, Any] = {}

    def spy(rows: Any, planned: Any, lang_: Any, title: Any) -> bytes | None:
        captured.update(rows=rows, planned=planned, title=title)
        return None

    original = rx._plain_workbook
    rx._plain_workbook = spy  # type: ignore[assignment]
    try:
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            rx.write_remediation_xlsx(result, lang, Path(folder) / "x.xlsx")  # type: ignore[arg-type]
    finally:
        rx._plain_workbook = original  # type: ignore[assignment]
    return captured["rows"], captured["planned"], captured["title"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_plain_workbook_is_openpyxl_s_on_the_example(lang: str) -> None:
    """Every part but the core properties (their times) is the same bytes as openpyxl's."""
    from example_documents import assess_example

    from attt_audit.render.remediation_xlsx import _openpyxl_workbook, _plain_workbook

    results = assess_example()
    assert results
    for result in results.values():
        rows, planned, title = _plan_rows(result, lang)
        plain = _plain_workbook(rows, planned, lang, title)  # type: ignore[arg-type]
        theirs = _openpyxl_workbook(rows, planned, lang, title)  # type: ignore[arg-type]
        if not rows:
            assert plain is None
            continue
        assert plain is not None, result.system.id
        assert _members(plain) == _members(theirs), result.system.id


TRICKY = [
    " leading and trailing ",
    "tab\there",
    "dòng một\ndòng hai\r\ndòng ba\rdòng bốn",
    "a & b < c > d \"quoted\" 'single'",
    "emoji 😀 and 𝔘 outside the BMP",
    "x" * 2000,
    "từ " * 400,
    "",
    "   ",
    "control\x01chars\x1f dropped",
    "#N/A",
    "123",
    "{braces} {last} {title}",
    "QQTITLEQQ",
]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("title", ["Hệ thống & <quản lý>", "x" * 200, "{last}", "Tên — “ngoặc” 😀"])
def test_plain_workbook_is_openpyxl_s_on_tricky_text(lang: str, title: str) -> None:
    import datetime as dt

    from attt_audit.render.remediation_xlsx import _openpyxl_workbook, _plain_workbook

    rows = []
    planned: dict[str, dt.date] = {}
    for i, text in enumerate(TRICKY, 1):
        control = f"ctl.{i}"
        due = dt.date(2026, 1, 1) + dt.timedelta(days=37 * i)
        rows.append([i, control, text, text[:50], text, "hành động", "1 – Rất cao", due, text, "Mở", ""])
        planned[control] = due
    rows.append([len(rows) + 1, "ctl.1", "again", "", "", "", "", dt.date(2027, 5, 5), "", "", ""])
    plain = _plain_workbook(rows, planned, lang, title)  # type: ignore[arg-type]
    assert plain is not None
    assert _members(plain) == _members(_openpyxl_workbook(rows, planned, lang, title))  # type: ignore[arg-type]


@pytest.mark.parametrize("risky", ["=SUM(A1)", "+84 912", "-x", "@me", "\tlead"])
def test_text_that_starts_a_formula_goes_through_openpyxl(risky: str) -> None:
    import datetime as dt

    from attt_audit.render.remediation_xlsx import _plain_workbook

    rows = [[1, "ctl.1", "ok", "", risky, "", "", dt.date(2026, 1, 1), "", "", ""]]
    assert _plain_workbook(rows, {"ctl.1": dt.date(2026, 1, 1)}, "vi", "T") is None
    assert _plain_workbook([], {}, "vi", "T") is None


# ------------------------------------------------------------------ Word: deferred tables


def _document_xml(result: Any, lang: str, defer: bool, tmp: Any) -> bytes:
    import zipfile

    from attt_audit.render import default_templates
    from attt_audit.render.docx import DocxRenderer, _Builder

    before = _Builder.defer
    _Builder.defer = defer
    try:
        path = DocxRenderer().render(result, lang, tmp, default_templates())  # type: ignore[arg-type]
    finally:
        _Builder.defer = before
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_deferred_tables_write_the_bytes_lxml_writes(lang: str, tmp_path: Any) -> None:
    from example_documents import assess_example

    for result in assess_example().values():
        kept = _document_xml(result, lang, True, tmp_path)
        parsed = _document_xml(result, lang, False, tmp_path)
        assert kept == parsed, result.system.id
        assert b"atttDeferred" not in kept


def test_deferred_table_with_text_lxml_rewrites_is_parsed(tmp_path: Any) -> None:
    """A carriage return (lxml writes it as a line feed) or an empty element: parsed as before;
    other tables of the same document are still kept as text."""
    from attt_audit.render import default_templates
    from attt_audit.render.document import Decree30Document, reference_path

    def build(defer: bool) -> bytes:
        import io
        import zipfile

        d = Decree30Document(reference_path(default_templates()), lang="vi")
        d.table(["A", "B"], [["x\r\ny", "z"], ["ơ & <b>", "  lề  "]], (3.0, 3.0), defer=defer)
        d.paragraph("giữa")
        d.table(None, [["một", ["hai", "ba"]]], (3.0, 3.0), defer=defer)
        with zipfile.ZipFile(io.BytesIO(d.to_bytes())) as archive:
            return archive.read("word/document.xml")

    kept, parsed = build(True), build(False)
    assert kept == parsed
    assert b"atttDeferred" not in kept


_CELL_TEXT = st.text(alphabet=st.sampled_from(list("aơ Đ&<>\"'\n\t\r\x01😀;:/")), max_size=12)
_INLINE = st.one_of(
    _CELL_TEXT,
    st.builds(
        lambda text, bold, italic, highlight, size: __import__(
            "attt_audit.render.document"
        ).render.document.Run(text, bold=bold, italic=italic, highlight=highlight, size=size),
        _CELL_TEXT,
        st.booleans(),
        st.booleans(),
        st.booleans(),
        st.sampled_from([None, 9.0, 10.5]),
    ),
)
_CELL = st.one_of(_INLINE, st.lists(_INLINE, max_size=3))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=4).flatmap(
        lambda cols: st.tuples(
            st.lists(st.lists(_CELL, min_size=cols, max_size=cols), max_size=4),
            st.booleans(),
            st.sampled_from([None, 9.0]),
            st.just(cols),
        )
    )
)
def test_deferred_table_is_the_parsed_table(case: Any) -> None:
    """Any cell text and formatting: the document is the same bytes kept as text or parsed."""
    import io
    import zipfile

    from attt_audit.render import default_templates
    from attt_audit.render.document import Decree30Document, reference_path

    rows, keep, size, cols = case

    def build(defer: bool) -> bytes:
        d = Decree30Document(reference_path(default_templates()), lang="vi")
        d.table([f"c{i}" for i in range(cols)], rows, [2.0] * cols, size=size, keep_rows=keep, defer=defer)
        d.table(None, rows, [2.0] * cols, defer=defer)
        with zipfile.ZipFile(io.BytesIO(d.to_bytes())) as archive:
            return archive.read("word/document.xml")

    assert build(True) == build(False)


# ------------------------------------------------------------------ answers read without positions


def test_answers_errors_still_name_the_line(tmp_path: Any) -> None:
    """Answers are read without recording positions; a problem still names file:line:column."""
    from attt_audit.errors import InputError
    from attt_audit.workspace import Workspace

    (tmp_path / "answers").mkdir()
    path = tmp_path / "answers" / "he-thong.yaml"
    path.write_text(
        "system: he-thong\nanswers:\n  a.b/3/q1:\n    status: Đạt\n  a.b/3/q2:\n    status: Gần đạt\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as bad_status:
        Workspace(tmp_path).answers("he-thong")
    assert f"{path}:6:" in str(bad_status.value)
    path.write_text("system: khac\nanswers: {}\n", encoding="utf-8")
    with pytest.raises(InputError) as other_system:
        Workspace(tmp_path).answers("he-thong")
    assert f"{path}:1:" in str(other_system.value)


def _md_cell_before(value: object) -> str:
    text = "" if value is None else str(value)
    lines = [_md_text_before(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "<br>".join(line for line in lines if line.strip()) or " "


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ơ\\&<>`*_[]#|!{}\r\n\t\u00a0\u2003đ;")), max_size=30))
def test_md_cell_as_before(text: str) -> None:
    from attt_audit.render.jinja import md_cell

    assert md_cell(text) == _md_cell_before(text)
    assert md_cell(None) == _md_cell_before(None)
