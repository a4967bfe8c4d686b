"""Nothing internal in an official document (issue 13 §1).

Every document of the example (the gap report of each system in HTML, Markdown and Word, the
annual report in Word, HTML and Excel), in Vietnamese and English, is rendered and read back as
text (python-docx with tables, openpyxl, HTML without its tags). None may print a source tag, a
rule expression, a catalog control id outside the reference appendix, an English sentence in a
Vietnamese document or a Vietnamese label in an English one.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from example_documents import ExampleDocuments, render_example

from attt_audit.catalog import load_catalog
from attt_audit.models import Condition
from attt_audit.render import plain

TAGS = re.compile(r"\[(?:INF|S\d|P\d)\]")
FORBIDDEN = ("∋", "VNCC")
ENGLISH_IN_VI = (" the ", " not ", " open ", "port(s)", "declared", " is ", " and ", " of the ")
VIETNAMESE_IN_EN = (
    "ND85 Điều",
    "ND331 Điều",
    "Phụ lục",
    " ngày ",
    " tháng ",
    "Không áp dụng",
    "Chưa đánh giá",
)
REFERENCE_HEADERS = ("Mã tham chiếu", "Reference id")
SOURCES_HEADINGS = ("Nguồn và mức độ tin cậy của yêu cầu", "Sources and confidence of the requirements")
VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]")


def docx_text(path: Path) -> str:
    """Every paragraph of the body (tables included, in order), headers and footers."""
    import docx

    document = docx.Document(str(path))
    out = []
    for el in document.element.body.iter():
        if el.tag.endswith("}p"):
            out.append("".join(t.text or "" for t in el.iter() if t.tag.endswith("}t")))
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header):
            out += [p.text for p in part.paragraphs]
    return "\n".join(out)


def xlsx_text(path: Path) -> str:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        out.append(ws.title)
        rows = list(ws.iter_rows(values_only=True))
        # A narrow reference column ("Mã tham chiếu" / "Reference id") may hold catalog ids.
        skip = {i for i, v in enumerate(rows[0] if rows else ()) if v in REFERENCE_HEADERS}
        for row in rows:
            out.append(" | ".join("" if v is None else str(v) for i, v in enumerate(row) if i not in skip))
    return "\n".join(out)


def html_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def document_text(path: Path) -> str:
    if path.suffix == ".docx":
        return docx_text(path)
    if path.suffix == ".xlsx":
        return xlsx_text(path)
    if path.suffix == ".html":
        return html_text(path)
    return path.read_text(encoding="utf-8")


def body_of(text: str) -> str:
    """The text before the sources appendix, where reference ids are allowed (the appendix's
    heading may be in capitals, and may first appear in a table of contents)."""
    folded = text.casefold()
    last = max(folded.rfind(h.casefold()) for h in SOURCES_HEADINGS)
    return text[:last] if last >= 0 else text


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> ExampleDocuments:
    return render_example(tmp_path_factory.mktemp("example-docs"))


@pytest.fixture(scope="module")
def control_ids() -> set[str]:
    return set(load_catalog().controls)


@pytest.fixture(scope="module")
def names(docs: ExampleDocuments) -> list[str]:
    """Organisation, system and people names of the example: they may carry any letters."""
    from attt_audit.workspace import Workspace

    inv = Workspace(docs.workspace).inventory()
    out = [inv.organisation.name, *(s.name for s in inv.systems)]
    dump = inv.model_dump(mode="json")

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(dump)
    # What the organisation wrote (answer notes, waiver texts, annual.yaml) is its own text, in its language.
    from attt_audit.yamlio import read_yaml

    for path in [
        *(docs.workspace / "answers").glob("*.yaml"),
        docs.workspace / "waivers.yaml",
        docs.workspace / "annual.yaml",
    ]:
        if path.is_file():
            walk(read_yaml(path).data)
    out += [n.upper() for n in out]
    return sorted({n for n in out if len(n) > 3 and " " in n.strip()}, key=len, reverse=True)


def test_every_document_is_rendered(docs: ExampleDocuments) -> None:
    files = docs.all_files()
    assert len(docs.gap) == 2 * len(docs.results) and len(docs.results) >= 4
    assert {p.suffix for _, p in files} == {".html", ".md", ".docx", ".xlsx"}


def _id_pattern(ids: set[str]) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w./-])(" + "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)) + r")(?![\w-])"
    )


def test_no_internal_notation(docs: ExampleDocuments, control_ids: set[str]) -> None:
    ids = _id_pattern(control_ids)
    problems = []
    for lang, path in docs.all_files():
        text = document_text(path)
        name = f"{path.parent.parent.name}/{lang}/{path.name}"
        for tag in TAGS.findall(text):
            problems.append(f"{name}: source tag {tag}")
        for word in FORBIDDEN:
            if word in text:
                problems.append(f"{name}: {word!r}")
        for m in ids.finditer(body_of(text)):
            start = max(0, m.start() - 40)
            problems.append(
                f"{name}: control id {m.group(1)!r} in body text: …{text[start : m.end() + 20]!r}"
            )
        for m in re.finditer(r"\b(?:ports|tls|http|ssh)\.[a-z_]+\b", text):
            problems.append(f"{name}: probe check id {m.group(0)!r}")
        for m in re.finditer(r"\b(?:nd331-)?level\d\b", body_of(text)):
            problems.append(f"{name}: profile id {m.group(0)!r}")
        for m in re.finditer(r"\(q\d+(?:, q\d+)*\)|\bq\d+:", text):
            problems.append(f"{name}: question id {m.group(0)!r}")
    assert not problems, "\n".join(problems[:40])


def _without_names(text: str, names: list[str]) -> str:
    for n in names:
        text = text.replace(n, " ")
    return text


def test_no_english_in_vietnamese_documents(docs: ExampleDocuments, names: list[str]) -> None:
    problems = []
    for lang, path in docs.all_files():
        if lang != "vi":
            continue
        text = _without_names(document_text(path), names)
        for phrase in ENGLISH_IN_VI:
            for m in re.finditer(re.escape(phrase), text, flags=re.I):
                problems.append(
                    f"{path.name} ({path.parent.parent.name}): {text[max(0, m.start() - 50) : m.end() + 30]!r}"
                )
    assert not problems, "\n".join(problems[:40])


def test_no_vietnamese_in_english_documents(docs: ExampleDocuments, names: list[str]) -> None:
    """English documents: no Vietnamese label. Names from the inventory, the legal form's
    Vietnamese name in brackets and file names of evidence are allowed."""
    problems = []
    for lang, path in docs.all_files():
        if lang != "en":
            continue
        text = _without_names(document_text(path), names)
        text = re.sub(r"\((?:Mẫu|Form)[^)]*\)", " ", text)  # the legal form's name, once in brackets
        text = re.sub(r"\S+\.(?:md|pdf|docx|xlsx|png|jpg)\b", " ", text)  # evidence file names
        for phrase in VIETNAMESE_IN_EN:
            for m in re.finditer(re.escape(phrase), text):
                problems.append(
                    f"{path.name} ({path.parent.parent.name}): {text[max(0, m.start() - 50) : m.end() + 30]!r}"
                )
        text = re.sub(r"\((?:\w+ ){0,2}\w+\)", " ", text)  # a Vietnamese term in brackets: (Quy chế)
        for line in text.splitlines():
            letters = VI_LETTERS.findall(line)
            if len(letters) >= 3:
                problems.append(
                    f"{path.name} ({path.parent.parent.name}): Vietnamese text {line.strip()[:120]!r}"
                )
    assert not problems, "\n".join(problems[:40])


def _conditions(cond: Condition) -> list[Condition]:
    out = [cond]
    for child in (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ else []):
        out += _conditions(child)
    return out


def test_every_catalog_condition_has_words() -> None:
    """Every applies_when of the catalog reads as words (checklists/wording/conditions.yaml)."""
    missing = []
    for control in load_catalog().controls.values():
        for level, variant in control.levels.items():
            if variant.applies_when is not None:
                missing += [
                    f"{control.id} level {level}: {m}"
                    for m in plain.fact_wording_missing(variant.applies_when)
                ]
                for lang in ("vi", "en"):
                    text = plain.condition_text(variant.applies_when, lang)
                    assert "∋" not in text and "criterion" not in text and "tiêu chí nd" not in text, text
    assert not missing, "\n".join(missing)


def test_probe_observations_read_as_words() -> None:
    import datetime as dt

    from attt_audit.models import Observation

    obs = Observation(
        check="ports.only_allowed_open",
        result="fail",
        target="192.0.2.10",
        probe="ports",
        evidence={"open": [22, 5432], "allowed": [22], "not_allowed": [5432]},
        detail="open but not declared: 5432",
        observed_at=dt.datetime(2026, 11, 23, tzinfo=dt.UTC),
    )
    vi = plain.observation_text(obs, "vi")
    assert vi == "192.0.2.10 — Chỉ mở các cổng đã đăng ký trong hồ sơ hệ thống: không đạt (5432)"
    assert "declared" not in vi
    assert plain.observation_text(obs, "en").endswith(
        "registered in the inventory are reachable: fail (5432)"
    )
    for check in plain.CHECKS:
        assert not VI_LETTERS.search(plain.check_title(check, "en")), check


CODED_REFERENCE = re.compile(r"(?<![\w/])(?:ND|TT|Law|CT) ?\d+(?![\w/])")
"""The catalog's own codes for acts (``ND85 20.2.c``, ``Law116``, ``TT 12``): not how an officer
cites, and ``Law116`` is English in a Vietnamese document (render/legal_refs.py words them)."""


def test_legal_references_are_cited_in_words(docs: ExampleDocuments) -> None:
    problems = []
    for lang, path in docs.all_files():
        text = document_text(path)
        for m in CODED_REFERENCE.finditer(text):
            problems.append(
                f"{path.parent.parent.name}/{lang}/{path.name}: {text[max(0, m.start() - 40) : m.end() + 20]!r}"
            )
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize(
    ("ref", "lang", "form", "expected"),
    [
        ("ND85 20.2.c", "vi", "short", "Điều 20.2.c NĐ 85/2016"),
        ("ND85 20.2.c", "vi", "full", "điểm c khoản 2 Điều 20 Nghị định 85/2016/NĐ-CP"),
        ("ND85 20.2.đ", "en", "full", "Article 20(2)(đ) of Decree 85/2016/ND-CP"),
        ("Law116 40.1.b", "vi", "short", "Điều 40.1.b Luật An ninh mạng 116/2025"),
        ("Law116 40.1.b", "en", "short", "Cybersecurity Law 116/2025 Art. 40.1.b"),
        (
            "ND85 12; ND331 33.5",
            "vi",
            "full",
            "Điều 12 Nghị định 85/2016/NĐ-CP; khoản 5 Điều 33 Nghị định 331/2026/NĐ-CP",
        ),
        ("ND85 Điều 12, 14, 16", "vi", "short", "Điều 12, 14, 16 NĐ 85/2016"),
        ("TT12 Phụ lục III, II.1", "vi", "short", "Phụ lục III, mục II.1 TT 12/2022"),
        ("TT12 Phụ lục III, II.1", "en", "full", "section II.1 of Appendix III to Circular 12/2022/TT-BTTTT"),
        ("TT12 Điều 3 (thiết bị mạng chính)", "en", "short", "Circular 12/2022 Art. 3"),
        ("Luật 116/2025 Điều 44.1", "vi", "full", "khoản 1 Điều 44 Luật An ninh mạng 116/2025/QH15"),
        ("TCVN 11930:2017 mục 7.1.1.1", "vi", "short", "TCVN 11930:2017 mục 7.1.1.1"),
        ("TT12 9.6", "vi", "short", "Điều 9.6 TT 12/2022"),
        ("ND999 1.2", "vi", "short", "ND999 1.2"),
    ],
)
def test_one_legal_reference_formatter(ref: str, lang: str, form: str, expected: str) -> None:
    from attt_audit.render.legal_refs import cite

    assert cite(ref, lang, form) == expected  # type: ignore[arg-type]


def test_references_inside_a_sentence() -> None:
    from attt_audit.render.legal_refs import cite_in_text

    assert cite_in_text("chưa thống nhất (ND331 38; ND331 39.1)", "vi") == (
        "chưa thống nhất (Điều 38 NĐ 331/2026; Điều 39.1 NĐ 331/2026)"
    )
    assert cite_in_text("TT 12's design list", "en") == "Circular 12/2022's design list"
    assert cite_in_text("TT 12/2022 và 1.2.3", "vi") == "TT 12/2022 và 1.2.3"  # already worded: left alone


def test_what_every_row_shares_is_said_once(docs: ExampleDocuments) -> None:
    """Every TCVN 11930 requirement has questions we wrote from the clause heading: one note above
    the results table says so (and the sources appendix, per requirement), not each row; passing
    probe checks are summed up, one line per probe day."""
    for (sid, lang), paths in docs.gap.items():
        if lang != "vi":
            continue
        for path in paths:
            text = document_text(path)
            unverified = any(not r.text_verified for r in docs.results[sid].results)
            assert text.count("Câu hỏi do chúng tôi soạn từ tiêu đề điều khoản") == int(unverified), (
                sid,
                path.name,
            )
            assert "ỏi do chúng tôi soạn từ tiêu đề điều khoản." not in text.replace("\n", " "), path.name
            assert ": đạt\n" not in text and ": đạt<br>" not in text, (
                sid,
                path.name,
            )  # no passing check alone


def _header_words_that_break(path: Path) -> list[str]:
    """Header cells of every table whose longest word is wider than its column (Word would
    break it: ``ST / T``, ``Not applica / ble``), measured as the kit measures text (without
    its safety factor: a header word may fill its column)."""
    import docx
    from docx.oxml.ns import qn

    from attt_audit.render.document import CELL_PAD_CM, text_width_cm

    document = docx.Document(str(path))
    head_style = document.styles["ND30 Table Head"]
    default_pt = head_style.font.size.pt if head_style.font.size else 11.0
    problems = []
    for table in document.tables:
        tbl = table._tbl
        grid = [int(c.get(qn("w:w"))) / 567 for c in tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")]
        first = tbl.find(qn("w:tr"))
        if first is None or first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None:
            continue  # not a table with a repeated header row
        for width, tc in zip(grid, first.findall(qn("w:tc")), strict=False):
            for r in tc.iter(qn("w:r")):
                text = "".join(
                    (t.text or "") if t.tag == qn("w:t") else " " for t in r if t.tag != qn("w:rPr")
                )
                sz = r.find(f"{qn('w:rPr')}/{qn('w:sz')}")
                pt = int(sz.get(qn("w:val"))) / 2 if sz is not None else default_pt
                for word in text.split():
                    need = text_width_cm(word, pt, True) + CELL_PAD_CM
                    if need > width + 0.05:  # the estimate's own error
                        problems.append(f"{path.name}: {word!r} needs {need:.2f} cm, column {width:.2f} cm")
    return problems


def test_table_headers_hold_their_longest_word(docs: ExampleDocuments) -> None:
    """Issue 13 §4, §6: no header breaks inside a word ("ST / T") in the Word documents."""
    problems = []
    for _, path in docs.all_files():
        if path.suffix == ".docx":
            problems += _header_words_that_break(path)
    assert not problems, "\n".join(sorted(set(problems))[:40])
