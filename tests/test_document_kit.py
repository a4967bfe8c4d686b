"""The Decree 30 document kit (attt_audit.render.document) and the Word files built on it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from test_annual import report, ws  # noqa: F401  (fixtures)
from test_render import make_result

from attt_audit.errors import InputError, RenderError
from attt_audit.render import render_reports
from attt_audit.render.document import (
    Decree30Document,
    Issuer,
    Signer,
    date_line,
    number_line,
    placeholders,
    reference_path,
)
from attt_audit.resources import data_dir

REF = data_dir("reports") / "reference.docx"
ISSUER = Issuer(
    name="Sở Giao thông vận tải tỉnh Bình An", parent="Ủy ban nhân dân tỉnh Bình An", code="SGTVT"
)


def _kit_doc(
    tmp_path: Path, lang: str = "vi", doc_type: str = "bao_cao"
) -> tuple[Path, docx.document.Document]:
    d = Decree30Document(REF, lang=lang, doc_type=doc_type)
    d.header(ISSUER, date=date_line("Bình An", dt.date(2026, 1, 5), lang))
    d.title("Kết quả kiểm tra")
    d.heading("I", "Thông tin chung")
    d.heading("1", "Hệ thống", 2)
    d.heading("a)", "Phạm vi", 3)
    d.paragraph(["Quyết định số ", d.gap("số quyết định"), " ngày 01/01/2026."])
    d.paragraph(placeholders("Người phụ trách: [họ và tên], [chức vụ]."))
    d.table(
        ["STT", "Tên", "Điểm"],
        [["1", "A", "70,6%"], ["2", "B", "5,0%"]],
        (1.5, 10.0, 5.0),
        align=("right", None, "right"),
    )
    d.section(landscape=True)
    d.table(["STT", "Tên"], [["1", "Bảng rộng"]], (2.0, 23.2))
    d.section(landscape=False)
    d.paragraph("Kết luận.")
    d.signature(
        Signer.from_line("KT. GIÁM ĐỐC", "Phó Giám đốc", "Lê Thị Hoa"),
        ["UBND tỉnh Bình An"],
        "SGTVT",
        as_above=True,
    )
    d.properties(title="Báo cáo thử", subject="Kiểm tra", author="Sở Giao thông vận tải tỉnh Bình An")
    path = d.save(tmp_path / "kit.docx")
    return path, docx.Document(str(path))


# ------------------------------------------------------------------------------ values


@pytest.mark.parametrize(
    ("doc_type", "number", "expected"),
    [
        ("bao_cao", None, "Số:       /BC-SGTVT"),
        ("bao_cao", "5", "Số: 05/BC-SGTVT"),
        ("to_trinh", "12", "Số: 12/TTr-SGTVT"),
        ("quyet_dinh", "3", "Số: 03/QĐ-SGTVT"),
        ("ke_hoach", "40", "Số: 40/KH-SGTVT"),
        ("thong_bao", "7", "Số: 07/TB-SGTVT"),
        ("cong_van", "125", "Số: 125/SGTVT"),
        ("cong_van", "125/SGTVT-VP", "Số: 125/SGTVT-VP"),
    ],
    ids=["blank-bc", "bc", "ttr", "qd", "kh", "tb", "cong-van", "given-whole"],
)
def test_number_line_per_document_type(doc_type: str, number: str | None, expected: str) -> None:
    assert number_line(doc_type, number, "SGTVT") == expected


def test_unknown_document_type_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown document type 'memo'"):
        number_line("memo", None, "X")


@pytest.mark.parametrize(
    ("lang", "day", "expected"),
    [
        ("vi", dt.date(2026, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2026"),
        ("vi", dt.date(2026, 11, 23), "Hà Nội, ngày 23 tháng 11 năm 2026"),
        ("vi", None, "Hà Nội, ngày ... tháng ... năm 2026"),
        ("en", dt.date(2026, 1, 5), "Hà Nội, 5 January 2026"),
    ],
)
def test_date_line(lang: str, day: dt.date | None, expected: str) -> None:
    assert date_line("Hà Nội", day, lang, year=2026) == expected


@pytest.mark.parametrize(
    ("signer", "lines"),
    [
        (Signer(title="Giám đốc", name="A"), ["GIÁM ĐỐC"]),
        (
            Signer(title="Phó Giám đốc", authority="KT", principal="Giám đốc"),
            ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        ),
        (
            Signer(title="Chủ tịch", authority="TM", principal="Ủy ban nhân dân"),
            ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        ),
        (Signer(title="Giám đốc", authority="Q"), ["Q. GIÁM ĐỐC"]),
        (Signer.from_line("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
        (Signer.from_line("Q. GIÁM ĐỐC", "GIÁM ĐỐC"), ["Q. GIÁM ĐỐC"]),
    ],
    ids=["plain", "kt", "tm", "q", "kt-line", "q-line"],
)
def test_signer_authority_forms(signer: Signer, lines: list[str]) -> None:
    assert signer.lines() == lines


def test_placeholders_highlight_bracketed_parts() -> None:
    runs = placeholders("Số [số] ngày [ngày].")
    assert [(r.text, r.highlight) for r in runs] == [
        ("Số ", False),
        ("[số]", True),
        (" ngày ", False),
        ("[ngày]", True),
        (".", False),
    ]


# ------------------------------------------------------------------------------ the document


def test_header_table_title_and_headings(tmp_path: Path) -> None:
    _, doc = _kit_doc(tmp_path)
    header = doc.tables[0]
    left, right = header.rows[0].cells
    assert [p.text.replace("\n", " ") for p in left.paragraphs][:2] == [
        "ỦY BAN NHÂN DÂN TỈNH BÌNH AN",
        "SỞ GIAO THÔNG VẬN TẢI TỈNH BÌNH AN",
    ]
    assert left.paragraphs[1].text == "SỞ GIAO THÔNG VẬN TẢI\nTỈNH BÌNH AN"  # broken before the place
    assert left.paragraphs[1].runs[0].bold and not left.paragraphs[0].runs[0].bold
    assert [p.text for p in right.paragraphs][:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    # A rule (bottom border of an empty paragraph) under the issuer and under the motto, narrower
    # than the column (the issuer's is 1/3–1/2 of the text, the motto's as long as the text).
    for cell in (left, right):
        rule = cell.paragraphs[-1]
        assert rule.text == "" and rule._p.pPr.find(qn("w:pBdr")) is not None
        ind = rule._p.pPr.find(qn("w:ind"))
        assert int(ind.get(qn("w:left"))) > 0
    assert header.rows[1].cells[0].text == "Số:       /BC-SGTVT"
    assert header.rows[1].cells[1].text == "Bình An, ngày 05 tháng 01 năm 2026"
    widths = [int(c.get(qn("w:w"))) for c in header._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert widths[0] >= round(6.5 / 2.54 * 1440) - 1 and widths[1] >= round(9.5 / 2.54 * 1440) - 1
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts and "Kết quả kiểm tra" in texts
    assert "I. THÔNG TIN CHUNG" in texts and "1. Hệ thống" in texts and "a) Phạm vi" in texts


def test_cong_van_has_no_title_and_a_vv_line(tmp_path: Path) -> None:
    d = Decree30Document(REF, lang="vi", doc_type="cong_van")
    d.header(ISSUER, date="Bình An, ngày 18 tháng 12 năm 2026", number="125", summary="V/v thử")
    d.title()
    path = d.save(tmp_path / "cv.docx")
    doc = docx.Document(str(path))
    assert doc.tables[0].rows[1].cells[0].text == "Số: 125/SGTVT\nV/v thử"
    assert not [p.text for p in doc.paragraphs if p.text]


def test_tables_repeat_header_rows_fixed_widths_and_right_aligned_numbers(tmp_path: Path) -> None:
    _, doc = _kit_doc(tmp_path)
    table = doc.tables[1]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    body = table.rows[1].cells
    assert body[0].paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert body[1].paragraphs[0].alignment is None
    assert body[2].paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT


def test_signature_block_forms_keeps_together_and_ends_with_luu(tmp_path: Path) -> None:
    _, doc = _kit_doc(tmp_path)
    signature = doc.tables[-1]
    (row,) = signature.rows
    assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    recipients, signer = row.cells
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- Như trên;",
        "- UBND tỉnh Bình An;",
        "- Lưu: VT, SGTVT.",
    ]
    head = recipients.paragraphs[0].runs[0]
    assert head.bold and head.italic
    lines = [p.text for p in signer.paragraphs]
    assert lines[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] and lines[-1] == "Lê Thị Hoa"
    # Every line but the last keeps with the next, and the paragraph before the block too.
    assert all(p.paragraph_format.keep_with_next for p in signer.paragraphs[:-1])
    body = doc.element.body
    before = signature._tbl.getprevious()
    assert before.tag == qn("w:p") and before.pPr.find(qn("w:keepNext")) is not None
    assert body is not None


def test_english_document_has_english_kit_words(tmp_path: Path) -> None:
    _, doc = _kit_doc(tmp_path, "en")
    text = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text and "Distribution:" in text and "No.:" in text
    assert "File: records office, SGTVT." in text
    assert "Nơi nhận" not in text and "Số:" not in text and "Lưu" not in text


def test_page_numbers_title_page_and_landscape_section(tmp_path: Path) -> None:
    _, doc = _kit_doc(tmp_path)
    first, wide, last = doc.sections
    assert first.different_first_page_header_footer
    assert "PAGE" in "".join(t.text or "" for t in first.header._element.iter(qn("w:instrText")))
    assert "PAGE" not in "".join(
        t.text or "" for t in first.first_page_header._element.iter(qn("w:instrText"))
    )
    assert wide.page_width > wide.page_height and wide.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
    assert last.page_width < last.page_height


def test_core_properties_are_the_documents_own(tmp_path: Path) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    path, doc = _kit_doc(tmp_path)
    props = doc.core_properties
    assert props.title == "Báo cáo thử" and props.subject == "Kiểm tra"
    assert props.author == "Sở Giao thông vận tải tỉnh Bình An"
    assert props.last_modified_by == "Sở Giao thông vận tải tỉnh Bình An"
    created = props.created.replace(tzinfo=dt.UTC)
    assert before - dt.timedelta(seconds=5) <= created <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    with zipfile.ZipFile(path) as z:
        meta = z.read("docProps/core.xml").decode() + z.read("docProps/app.xml").decode()
    assert "python-docx" not in meta and "Microsoft Macintosh Word" not in meta


def test_gap_is_a_yellow_highlighted_run(tmp_path: Path) -> None:
    _, doc = _kit_doc(tmp_path)
    para = next(p for p in doc.paragraphs if p.text.startswith("Quyết định số"))
    assert para.text == "Quyết định số [cần bổ sung: số quyết định] ngày 01/01/2026."
    marked = [r for r in para.runs if r.font.highlight_color is not None]
    assert [r.text for r in marked] == ["[cần bổ sung: số quyết định]"]
    assert str(marked[0].font.highlight_color).startswith("YELLOW")


def test_naive_created_time_is_refused() -> None:
    d = Decree30Document(REF)
    with pytest.raises(ValueError, match="timezone-aware"):
        d.properties(title="t", author="a", created=dt.datetime(2026, 1, 1))


def test_missing_reference_is_a_render_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="reference.docx not found"):
        reference_path(tmp_path)


def _document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")
        )


EMPTY_RPR = re.compile(r"<w:rPr\s*/>|<w:rPr>\s*</w:rPr>")


def test_no_empty_run_properties_in_any_word_file(tmp_path: Path, report_annual: Path) -> None:
    kit, _ = _kit_doc(tmp_path)
    (gap,) = render_reports(make_result(n_extra=5), ["docx"], "vi", tmp_path / "gap")
    for path in (kit, gap, report_annual):
        xml = _document_xml(path)
        assert "<w:r>" in xml
        assert not EMPTY_RPR.search(xml), path.name


# ------------------------------------------------------------------------------ LibreOffice


@pytest.fixture
def report_annual(report, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]  # noqa: F811
    """The annual report of test_annual's workspace (4 systems, a KT. signer) as a Word file."""
    from attt_audit.annual import write_annual_report

    return write_annual_report(report, ["docx"], "vi", tmp_path / "annual")[0]


def _pdf_pages(docx_path: Path, tmp_path: Path) -> list[str]:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    if exe is None or pdftotext is None:
        pytest.skip("LibreOffice (soffice) or pdftotext (poppler-utils) is not installed")
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx_path.parent),
            str(docx_path),
        ],
        capture_output=True,
        check=True,
        timeout=240,
    )
    pdf = docx_path.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
    match = re.search(r"Pages:\s+(\d+)", info)
    count = (
        int(match.group(1))
        if match
        else len(
            subprocess.run(
                [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout.split("\f")
        )
        - 1
    )
    return [
        subprocess.run(
            [pdftotext, "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def _signature_on_one_page(pages: list[str], first: str, last: str) -> None:
    holding = [i for i, page in enumerate(pages) if first in page]
    assert holding, f"{first!r} not printed"
    assert last in pages[holding[-1]], f"{first!r} and {last!r} are on different pages"


def _no_short_page(pages: list[str]) -> None:
    for n, page in enumerate(pages[:-1], 1):
        assert len(page.strip()) >= 200, f"page {n} holds {len(page.strip())} characters"


@pytest.mark.slow
def test_gap_report_pages_in_libreoffice(tmp_path: Path) -> None:
    result = make_result(n_extra=30)
    (path,) = render_reports(result, ["docx"], "vi", tmp_path)
    pages = _pdf_pages(path, tmp_path)
    overall = next(s for s in result.scores if s.scope == "overall")
    percent = f"{overall.percent:.1f}".replace(".", ",") + "%"
    assert f"Cấp độ dùng để đánh giá: {result.level}" in pages[0]
    assert percent in pages[0]
    _signature_on_one_page(pages, "Nơi nhận:", "Nguyễn Văn An")
    _no_short_page(pages)


@pytest.mark.slow
def test_annual_report_pages_in_libreoffice(tmp_path: Path, report_annual: Path) -> None:
    pages = _pdf_pages(report_annual, tmp_path)
    _signature_on_one_page(pages, "KT. GIÁM ĐỐC", "Lê Thị Hoa")
    assert "Nơi nhận:" in next(p for p in pages if "KT. GIÁM ĐỐC" in p)
    _no_short_page(pages)


LONG_ISSUER = Issuer(
    name="Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
    parent="Công an tỉnh Bình An",
    code="PA05",
)


def test_wrap_lines_fits_the_width_in_at_most_three_balanced_lines() -> None:
    from attt_audit.render.document import FIT, text_width_cm, wrap_lines

    name = LONG_ISSUER.name.upper()
    lines = wrap_lines(name, 12, 6.3, bold=True)
    assert 2 <= len(lines) <= 3 and " ".join(lines) == name
    assert all(text_width_cm(line, 12, True) * FIT <= 6.3 for line in lines)
    assert wrap_lines("SỞ Y TẾ", 12, 6.3, bold=True) == ["SỞ Y TẾ"]
    assert wrap_lines("", 12, 6.3) == []
    many = wrap_lines(" ".join(["PHÒNG AN NINH MẠNG"] * 12), 12, 6.3, bold=True)
    assert len(many) > 3 and all(text_width_cm(line, 12, True) * FIT <= 6.3 for line in many)


def test_long_issuer_header_columns_and_rule() -> None:
    from attt_audit.render.document import CELL_PAD_CM, FIT, text_width_cm

    d = Decree30Document(REF, lang="vi", doc_type="bao_cao")
    d.header(LONG_ISSUER, date=date_line("Bình An", dt.date(2026, 12, 25), "vi"), number="12")
    tbl = d.body.findall(qn("w:tbl"))[0]
    left_w, right_w = (int(c.get(qn("w:w"))) / 1440 * 2.54 for c in tbl.iter(qn("w:gridCol")))
    country = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert right_w >= text_width_cm(country, 12, True) * FIT + CELL_PAD_CM - 0.01
    cell = tbl.findall(qn("w:tr"))[0].findall(qn("w:tc"))[0]
    texts = ["".join(t.text or "" for t in r.iter(qn("w:t"))) for r in cell.iter(qn("w:r"))]
    breaks = [len(r.findall(qn("w:br"))) for r in cell.iter(qn("w:r"))]
    assert texts[1] == "PHÒNG AN NINH MẠNG VÀPHÒNG, CHỐNG TỘI PHẠMSỬ DỤNG CÔNG NGHỆ CAO" and breaks[1] == 2
    rule = cell.findall(qn("w:p"))[-1].find(qn("w:pPr")).find(qn("w:ind"))
    line_cm = left_w - 2 * int(rule.get(qn("w:left"))) / 1440 * 2.54
    longest = max(text_width_cm(x, 12, True) for x in ("PHÒNG, CHỐNG TỘI PHẠM", "PHÒNG AN NINH MẠNG VÀ"))
    assert abs(line_cm - 0.4 * longest) < 0.05


@pytest.mark.slow
def test_long_issuer_keeps_the_national_motto_on_one_line_in_libreoffice(tmp_path: Path) -> None:
    d = Decree30Document(REF, lang="vi", doc_type="bao_cao")
    d.header(LONG_ISSUER, date=date_line("Bình An", dt.date(2026, 12, 25), "vi"), number="12")
    d.title("Tình hình bảo đảm an ninh mạng năm 2026")
    d.paragraph("Nội dung báo cáo.")
    path = d.save(tmp_path / "long-issuer.docx")
    first = _pdf_pages(path, tmp_path)[0]
    lines = [line.strip() for line in first.splitlines() if line.strip()]
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in lines), first
    assert any("Độc lập - Tự do - Hạnh phúc" in line for line in lines), first
    assert "Bình An, ngày 25 tháng 12 năm 2026" in first
    # the issuer's name, read down its column, is complete and in order
    left = " ".join(re.split(r"\s{3,}", line)[0] for line in lines[:6])
    assert "PHÒNG AN NINH MẠNG VÀ PHÒNG, CHỐNG TỘI PHẠM SỬ DỤNG CÔNG NGHỆ CAO" in " ".join(left.split()), (
        first
    )
