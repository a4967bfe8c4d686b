"""Build ``reference.docx``: the page setup and paragraph styles of every Word document.

One reference serves every Decree 30 document the tool writes (the gap report, the annual
report, and the documents built later on :mod:`attt_audit.render.document`). Run
``python reports/build_docx_template.py`` to rebuild it beside this script. To restyle the
documents, open ``reference.docx`` in Word and change the ``ND30 …`` styles, the ``Header``
style (page numbers) or the page setup; keep the style names. The document kit replaces the
body and keeps the rest.

The reference is kept lean (only the styles the documents use; no Word 2010 style copy, no
thumbnail): every document is written from it, so its size is paid on every file.

Values follow Decree 30/2020/NĐ-CP, Phụ lục I (see shared/domain/reports-format.md Part 1):
A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; body 13 pt,
justified, first-line indent 1 cm, 6 pt between paragraphs; title and subject 14 pt bold;
national motto 12 pt caps and 13 pt motto words, issuer 12 pt, number and date 13 pt; ``Nơi nhận`` 12 pt bold italic with an 11 pt list; page number
13 pt centred in the header.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from attt_audit.render.document import FONT, STYLE_NAMES, set_run_fonts

OUT = Path(__file__).resolve().parent / "reference.docx"

# name: (size pt, bold, italic, alignment, first-line indent cm, space before pt, space after pt, outline level)
PARAGRAPH_STYLES: dict[str, tuple[float, bool, bool, str, float, float, float, int | None]] = {
    "ND30 Header": (12, False, False, "center", 0, 0, 0, None),
    "ND30 Motto": (13, True, False, "center", 0, 0, 0, None),
    "ND30 Number": (13, False, False, "center", 0, 4, 0, None),
    "ND30 Title": (14, True, False, "center", 0, 12, 0, None),
    "ND30 Subject": (14, True, False, "center", 0, 0, 0, None),
    "ND30 Heading 1": (13, True, False, "justify", 1.0, 6, 6, 0),
    "ND30 Heading 2": (13, True, False, "justify", 1.0, 6, 3, 1),
    "ND30 Heading 3": (13, False, False, "justify", 1.0, 3, 3, 2),
    "ND30 List": (13, False, False, "justify", 1.0, 0, 0, None),
    "ND30 Addressee": (13, False, False, "center", 0, 6, 6, None),
    "ND30 Appendix": (14, True, False, "center", 0, 0, 0, None),
    "ND30 Table Text": (11, False, False, "left", 0, 1, 1, None),
    "ND30 Table Head": (11, True, False, "center", 0, 1, 1, None),
    "ND30 Recipients Head": (12, True, True, "left", 0, 0, 0, None),
    "ND30 Recipients": (11, False, False, "left", 0, 0, 0, None),
    "ND30 Signature": (13, True, False, "center", 0, 0, 0, None),
    "ND30 Notice": (12, False, True, "justify", 1.0, 0, 6, None),
    "ND30 Rule": (2, False, False, "center", 0, 2, 0, None),
}
ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _font(style: docx.styles.style.BaseStyle, size: float, bold: bool, italic: bool) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.color.rgb = RGBColor(0, 0, 0)
    set_run_fonts(style.element.get_or_add_rPr())


KEEP_STYLES = {
    "Normal",
    "Header",
    "Footer",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    "Table Grid",
}
"""Built-in styles kept from python-docx's default template (the rest are never used)."""


APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>attt-audit</Application><DocSecurity>0</DocSecurity></Properties>"
)


def _trim(doc: docx.document.Document) -> None:
    """Drop unused built-in styles, the Word 2010 style copy, the thumbnail and custom XML."""
    styles = doc.styles.element
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name"))
        if name is None or name.get(qn("w:val")) not in {*KEEP_STYLES, "header", "footer", "Table Normal"}:
            styles.remove(style)
    for link in list(styles.iter(qn("w:link"))):
        link.getparent().remove(link)
    part = doc.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            part.drop_rel(rid)
    package = part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)
    for pkg_part in package.iter_parts():
        if pkg_part.partname == "/docProps/app.xml":
            pkg_part._blob = APP_XML  # python-docx's template names "Microsoft Macintosh Word"


def build(out: Path = OUT) -> Path:
    doc = docx.Document()
    _trim(doc)

    # Document defaults: every run falls back to Times New Roman, never a theme font.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_run_fonts(rpr_default)
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "vi-VN")

    normal = doc.styles["Normal"]
    _font(normal, 13, False, False)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1.0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    fmt.line_spacing = 1.15

    for name, (size, bold, italic, align, indent, before, after, outline) in PARAGRAPH_STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        _font(style, size, bold, italic)
        pf = style.paragraph_format
        pf.alignment = ALIGN[align]
        pf.first_line_indent = Cm(indent)
        pf.space_before = Pt(before)
        pf.space_after = Pt(after)
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if name.startswith("ND30 Heading"):
            pf.keep_with_next = True
        if outline is not None:
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(outline))
            style.element.get_or_add_pPr().append(level)

    header = doc.styles["Header"]
    _font(header, 13, False, False)
    header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.paragraph_format.first_line_indent = Cm(0)
    header.paragraph_format.space_after = Pt(0)

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(30)
    section.right_margin = Mm(15)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True

    doc.add_paragraph(
        "Tài liệu mẫu: attt-audit thay phần nội dung này bằng báo cáo; hãy sửa các kiểu (style) ND30 … "
        "và thiết lập trang, giữ nguyên tên kiểu.",
    )
    for name in PARAGRAPH_STYLES:
        doc.add_paragraph(name, style=name)

    props = doc.core_properties
    props.title = "attt-audit — reference document for Decree 30 Word documents"
    props.author = "attt-audit"
    props.last_modified_by = "attt-audit"
    props.comments = "Built by reports/build_docx_template.py"
    missing = [n for n in STYLE_NAMES if n not in PARAGRAPH_STYLES]
    if missing:
        raise SystemExit(f"the kit uses styles this script does not build: {missing}")
    doc.save(str(out))
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    print(build(target))
