"""The Word report: reopened with python-docx, and converted to PDF by LibreOffice headless."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from test_render import make_result

from attt_audit.errors import RenderError
from attt_audit.render import render_reports
from attt_audit.render.docx import STYLE_NAMES
from attt_audit.resources import data_dir
from attt_audit.text import format_percent


def _render(tmp_path: Path, lang: str = "vi", **kw: object) -> tuple[Path, DocxDocument]:
    result = make_result(**kw)  # type: ignore[arg-type]
    (path,) = render_reports(result, ["docx"], lang, tmp_path)
    return path, docx.Document(str(path))


def _cell_texts(table: docx.table.Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_page_setup_follows_decree_30(tmp_path: Path) -> None:
    _, doc = _render(tmp_path)
    # Portrait A4, with the remediation plan on landscape pages between (issue 13 §3).
    section = doc.sections[0]
    assert [s.page_width > s.page_height for s in doc.sections] == [False, True, False]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)

    def mm(emu: int | None) -> float:
        return round((emu or 0) / 36000, 1)  # twips round to 0.02 mm

    assert 20 <= mm(section.top_margin) <= 25
    assert 20 <= mm(section.bottom_margin) <= 25
    assert 30 <= mm(section.left_margin) <= 35
    assert 15 <= mm(section.right_margin) <= 20
    # Page numbers from page 2: a PAGE field in the header, an empty first-page header.
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in "".join(t.text or "" for t in section.header._element.iter(qn("w:instrText")))
    assert "fldChar" in header_xml
    assert "PAGE" not in "".join(
        t.text or "" for t in section.first_page_header._element.iter(qn("w:instrText"))
    )


def test_fonts_are_times_new_roman_13_to_14(tmp_path: Path) -> None:
    _, doc = _render(tmp_path)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size in (Pt(13), Pt(14))
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert fonts.get(qn("w:cs")) == "Times New Roman"
    for name in ("ND30 Title", "ND30 Subject", "ND30 Heading 1", "ND30 Signature", "ND30 Motto"):
        style = doc.styles[name]
        assert style.font.size in (Pt(13), Pt(14)), name
    assert doc.styles["ND30 Recipients Head"].font.size == Pt(12)
    assert doc.styles["ND30 Recipients Head"].font.bold and doc.styles["ND30 Recipients Head"].font.italic


@pytest.mark.parametrize(
    ("lang", "motto", "kind", "sections", "signer"),
    [
        (
            "vi",
            ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
            "BÁO CÁO",
            [
                "I. THÔNG TIN CHUNG",
                "II. KẾT QUẢ TỔNG HỢP",
                "III. KẾT QUẢ THEO TỪNG YÊU CẦU",
                "IV. MIỄN TRỪ ĐÃ PHÊ DUYỆT",
                "V. KẾ HOẠCH KHẮC PHỤC",
                "VI. GHI CHÚ",
                "PHỤ LỤC: NGUỒN VÀ MỨC ĐỘ TIN CẬY CỦA YÊU CẦU",
            ],
            "[cần bổ sung: chức vụ người ký]",
        ),
        (
            "en",
            ["SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness"],
            "REPORT",
            [
                "I. GENERAL INFORMATION",
                "II. SUMMARY OF SCORES",
                "III. RESULT PER REQUIREMENT",
                "IV. APPROVED WAIVERS",
                "V. REMEDIATION PLAN",
                "VI. NOTES",
                "APPENDIX: SOURCES AND CONFIDENCE OF THE REQUIREMENTS",
            ],
            "[to complete: the signer's title]",
        ),
    ],
    ids=["vi", "en"],
)
def test_structure_sections_and_tables(
    tmp_path: Path, lang: str, motto: list[str], kind: str, sections: list[str], signer: str
) -> None:
    result = make_result()
    _, doc = _render(tmp_path, lang)
    header, conclusion, scores, results, waivers, remediation, signature, *appendices = doc.tables

    # Header table: organisation over its governing body | national motto; number | place and date.
    left, right = header.rows[0].cells
    issuer = " ".join(left.text.split())  # the kit breaks a long name onto centred lines
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" in issuer
    assert "SỞ GIAO THÔNG VẬN TẢI TỈNH QUẢNG NINH" in issuer
    for line in motto:
        assert line in right.text
    number, date = header.rows[1].cells
    assert "/BC-SGTVT" in number.text
    assert "2026" in date.text and "Quảng Ninh" in date.text
    assert date.paragraphs[0].runs[0].italic

    body = [p.text for p in doc.paragraphs]
    assert kind in body
    assert [p.text for p in doc.paragraphs if p.style.name == "ND30 Heading 1"] == sections

    # one row per score, less the bare layer row the named group row repeats (issue 13 §4)
    assert len(scores.rows) == 1 + len([s for s in result.scores if s.scope != "layer:4"])
    assert len(results.rows) == 1 + len(result.results)
    # Requirements by their titles; ids only in the sources appendix (issue 13 §1).
    assert [row[1].split("\n")[0] for row in _cell_texts(results)[1:]] == [
        r.title.get(lang) for r in result.results
    ]
    assert [row[3] for row in _cell_texts(appendices[-1])[1:]] == [r.control for r in result.results]
    # The bottom line on page 1: level, score and counts in the conclusion box.
    box = conclusion.rows[0].cells[0].text
    overall = next(s for s in result.scores if s.scope == "overall")
    assert f": {result.level}" in box and format_percent(overall.percent, lang) in box
    assert len(waivers.rows) == 1 + sum(1 for r in result.results if r.waiver)
    assert len(remediation.rows) == 1 + len(result.remediation)
    # Owner defaults to the operator, status to "not done", both for the officer to change.
    operator = result.system.operator or result.system.owner or ""
    state = "Chưa thực hiện" if lang == "vi" else "Open"
    assert all(row[6] == operator and row[7] == state for row in _cell_texts(remediation)[1:])
    # The first row repeats on each page.
    assert results.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None

    recipients, signer_cell = signature.rows[0].cells
    assert recipients.paragraphs[0].text in ("Nơi nhận:", "Distribution:")
    assert recipients.paragraphs[0].runs[0].bold and recipients.paragraphs[0].runs[0].italic
    assert signer_cell.paragraphs[0].text == signer
    assert signer_cell.paragraphs[-1].text == "Nguyễn Văn An"


def test_hostile_text_is_kept_as_text(tmp_path: Path) -> None:
    _, doc = _render(tmp_path, "en")
    results = doc.tables[3]
    cells = " ".join(c for row in _cell_texts(results) for c in row)
    assert '<script>alert("x")</script> & | pipe' in cells


def test_expired_waiver_is_flagged(tmp_path: Path) -> None:
    _, doc = _render(tmp_path, "vi")
    waivers = _cell_texts(doc.tables[4])
    validity = {row[1].split("\n")[-1]: row[4] for row in waivers[1:]}
    assert validity["w-policy"] == "ĐÃ HẾT HẠN (30/06/2026)"
    assert validity["w-training"] == "đến hết 31/03/2027"


def test_reference_without_the_styles_is_a_render_error(tmp_path: Path) -> None:
    copy = tmp_path / "tpl"
    shutil.copytree(data_dir("reports"), copy)
    docx.Document().save(str(copy / "reference.docx"))  # python-docx's plain default
    with pytest.raises(RenderError) as info:
        render_reports(make_result(), ["docx"], "vi", tmp_path / "out", templates=copy)
    assert "reference document lacks the paragraph style(s) ND30 Header" in str(info.value)
    assert str(copy / "reference.docx") in str(info.value)


def test_reference_that_is_not_a_word_file_is_a_render_error(tmp_path: Path) -> None:
    copy = tmp_path / "tpl"
    shutil.copytree(data_dir("reports"), copy)
    (copy / "reference.docx").write_text("not a zip", encoding="utf-8")
    with pytest.raises(RenderError, match="not a Word file"):
        render_reports(make_result(), ["docx"], "vi", tmp_path / "out", templates=copy)


def test_restyled_reference_is_honoured(tmp_path: Path) -> None:
    copy = tmp_path / "tpl"
    shutil.copytree(data_dir("reports"), copy)
    ref = docx.Document(str(copy / "reference.docx"))
    ref.styles["Normal"].font.size = Pt(14)
    ref.sections[0].left_margin = Mm(35)
    ref.save(str(copy / "reference.docx"))
    (path,) = render_reports(make_result(), ["docx"], "vi", tmp_path / "out", templates=copy)
    doc = docx.Document(str(path))
    assert doc.styles["Normal"].font.size == Pt(14)
    assert abs(doc.sections[0].left_margin - Mm(35)) < Mm(0.5)
    # The reference's sample paragraphs are gone.
    assert not any(p.text.startswith("Tài liệu mẫu") for p in doc.paragraphs)


def test_build_script_matches_the_committed_reference(tmp_path: Path) -> None:
    script = data_dir("reports") / "build_docx_template.py"
    spec = importlib.util.spec_from_file_location("build_docx_template", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = docx.Document(str(module.build(tmp_path / "reference.docx")))
    committed = docx.Document(str(data_dir("reports") / "reference.docx"))

    def styles(doc: DocxDocument) -> dict[str, tuple[object, ...]]:
        return {
            s.name: (s.font.size, s.font.bold, s.font.italic, s.paragraph_format.alignment)
            for s in doc.styles
            if s.name in (*STYLE_NAMES, "Normal", "Header")
        }

    assert set(styles(built)) == {*STYLE_NAMES, "Normal", "Header"}
    assert styles(built) == styles(committed), "reference.docx is stale: run reports/build_docx_template.py"


# ------------------------------------------------------------------------------ LibreOffice


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui")
    return exe


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_libreoffice_converts_the_report_to_pdf(tmp_path: Path, lang: str) -> None:
    exe = _soffice()
    path, _ = _render(tmp_path, lang, n_extra=30)
    profile = tmp_path / "lo-profile"  # own profile: parallel runs never share LibreOffice's lock
    proc = subprocess.run(
        [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    pdf = path.with_suffix(".pdf")
    assert proc.returncode == 0, proc.stderr
    assert pdf.is_file(), proc.stdout + proc.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 2
    first, second = pages[0], pages[1]
    motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" if lang == "vi" else "SOCIALIST REPUBLIC OF VIET NAM"
    assert motto in first
    # Page number: none on page 1, "2" alone at the top of page 2.
    assert second.strip().splitlines()[0].strip() == "2"
    assert not first.strip().splitlines()[0].strip().isdigit()
    assert "<script>alert" in text  # hostile answer text printed as text


def test_signer_and_recipients_come_from_the_inventory(tmp_path: Path) -> None:
    """Issue 13 §4: the authority form (KT.), title and name of ``organisation.signer`` and the
    recipients of ``organisation.recipients``, ending ``- Lưu: VT, <code>.``; without them, the
    title and the recipients are highlighted gaps, never dots."""
    from attt_audit.models import Organisation

    result = make_result()
    org = Organisation.model_validate(
        {
            **result.organisation.model_dump(exclude_none=True),
            "signer": {"authority": "KT. GIÁM ĐỐC", "title": "Phó Giám đốc", "name": "Lê Thị Hoa"},
            "recipients": ["Ủy ban nhân dân tỉnh Quảng Ninh (để báo cáo)"],
        }
    )
    (path,) = render_reports(result.model_copy(update={"organisation": org}), ["docx"], "vi", tmp_path / "kt")
    recipients, signer = docx.Document(str(path)).tables[6].rows[0].cells
    assert [p.text for p in signer.paragraphs if p.text] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Thị Hoa"]
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- Ủy ban nhân dân tỉnh Quảng Ninh (để báo cáo);",
        "- Lưu: VT, SGTVT.",
    ]

    _, doc = _render(tmp_path / "none")
    recipients, signer = doc.tables[6].rows[0].cells
    gaps = [r for p in (*recipients.paragraphs, *signer.paragraphs) for r in p.runs if r.font.highlight_color]
    assert [r.text for r in gaps] == ["[cần bổ sung: nơi nhận]", "[cần bổ sung: chức vụ người ký]"]
    assert "…" not in recipients.text
    assert signer.paragraphs[-1].text == "Nguyễn Văn An"
