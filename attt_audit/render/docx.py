"""The Word report, laid out as a Vietnamese administrative report (Decree 30/2020, Phụ lục I).

Why python-docx code over a docxtpl template: the Decree fixes *positions* (the two-column
header table with the issuer and the national motto, the number and place-date line, short rules
under the issuer, motto and subject, the signature and ``Nơi nhận`` table, page numbers from
page 2), and code guarantees them for every result, escapes every value by construction, and has
no Jinja tags inside Word XML that break when someone edits the file in Word. What a user
restyles — fonts, sizes, spacing, page size and margins — lives in ``<templates>/gap/reference.docx``
(built by ``reports/gap/build_docx_template.py``): its named ``ND30 …`` paragraph styles and its
section settings are kept, its body is replaced.

Layout: A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 13 pt body,
14 pt title; sections numbered ``I.``, ``II.`` with ``1.``, ``2.`` under them; tables of scores,
results, waivers and the remediation plan (owner and state left blank to fill in); a PAGE field
in the header with "different first page", so numbers show from page 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from attt_audit.models import AssessmentResult
from attt_audit.render.context import build_view
from attt_audit.render.interface import Renderer, RenderError, template_file
from attt_audit.render.labels import label

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

REFERENCE = "reference.docx"
FONT = "Times New Roman"

STYLE_NAMES = (
    "ND30 Header",
    "ND30 Motto",
    "ND30 Number",
    "ND30 Title",
    "ND30 Subject",
    "ND30 Heading 1",
    "ND30 Heading 2",
    "ND30 Table Text",
    "ND30 Table Head",
    "ND30 Recipients Head",
    "ND30 Recipients",
    "ND30 Signature",
    "ND30 Notice",
    "ND30 Rule",
)
"""Paragraph styles the renderer uses; ``reference.docx`` must define them all."""

# Text width with the reference's margins (210 − 30 − 15 mm); tables use these column widths (cm).
HEADER_COLS = (7.5, 9.5)
HEADER_INDENT = -0.5
"""The header table reaches 0.5 cm into the left margin (issued documents measure 17–17.5 cm)."""
SIGNATURE_COLS = (7.4, 9.1)
RESULT_COLS = (1.2, 4.2, 1.9, 2.0, 1.9, 5.3)
SCORE_COLS = (5.3, 1.5, 1.6, 1.8, 1.6, 1.8, 2.9)
WAIVER_COLS = (1.2, 4.5, 4.9, 2.9, 3.0)
REMEDIATION_COLS = (1.2, 4.6, 1.9, 1.9, 1.2, 2.2, 1.9, 1.6)


# ------------------------------------------------------------------------- low-level helpers


def set_run_fonts(rpr: Any, name: str = FONT) -> None:
    """Make every script (Latin, complex, East Asian) use ``name``, dropping theme fonts."""
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def paragraph_border(paragraph: Paragraph, side: str = "bottom", size_eighths: int = 6) -> None:
    """A solid line on one side of the paragraph (used for the Decree's short rules)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # pBdr must come before spacing/ind/jc in pPr.
        anchor = next(
            (
                ppr.find(qn(t))
                for t in ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc")
                if ppr.find(qn(t)) is not None
            ),
            None,
        )
        if anchor is not None:
            anchor.addprevious(borders)
        else:
            ppr.append(borders)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), "000000")
    borders.append(line)


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """A complex field (``PAGE``) in its own runs, so Word and LibreOffice both update it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld(kind: str) -> Any:
        run = paragraph.add_run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        return run

    fld("begin")
    instr_run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run._r.append(instr)
    fld("separate")
    paragraph.add_run("2")
    fld("end")


def text_width_cm(text: str, size_pt: float, bold: bool = False) -> float:
    """Rough printed width of ``text`` in Times New Roman, to size the Decree's short rules."""
    em = 0.0
    for ch in text:
        if ch == " ":
            em += 0.25
        elif ch in "-":
            em += 0.333
        elif ch.isupper():
            em += 0.70 if bold else 0.66
        elif ch.isdigit():
            em += 0.5
        else:
            em += 0.50 if bold else 0.46
    return em * size_pt * 2.54 / 72


def _borderless(table: Table) -> None:
    _table_borders(table, "nil")


def _grid(table: Table) -> None:
    _table_borders(table, "single")


def _table_borders(table: Table, value: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    old = tbl_pr.find(qn("w:tblBorders"))
    if old is not None:
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), value)
        if value != "nil":
            edge.set(qn("w:sz"), "4")
            edge.set(qn("w:space"), "0")
            edge.set(qn("w:color"), "000000")
        borders.append(edge)
    tbl_pr.append(borders)


def _indent(table: Table, cm: float) -> None:
    """Shift the table ``cm`` from the left margin and drop its cells' side padding."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(round(cm / 2.54 * 1440)))
    ind.set(qn("w:type"), "dxa")
    table._tbl.tblPr.append(ind)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)


def _fixed_widths(table: Table, widths_cm: tuple[float, ...]) -> None:
    from docx.shared import Cm

    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)
    for col, width in zip(table.columns, widths_cm, strict=False):
        col.width = Cm(width)


def _row_flags(table: Table) -> None:
    """Repeat the first row on every page; never split a row across pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for i, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        keep = OxmlElement("w:cantSplit")
        keep.set(qn("w:val"), "true")
        tr_pr.append(keep)
        if i == 0:
            flag = OxmlElement("w:tblHeader")
            flag.set(qn("w:val"), "true")
            tr_pr.append(flag)


# ----------------------------------------------------------------------------- the builder


class _Builder:
    def __init__(self, doc: DocxDocument, view: dict[str, Any], lang: str) -> None:
        self.doc = doc
        self.v = view
        self.lang = lang
        self.L: dict[str, str] = view["L"]
        self.style_ids = {s.name: s.style_id for s in doc.styles if s.name}

    # paragraphs -------------------------------------------------------------------------
    def style(self, paragraph: Paragraph, name: str) -> None:
        """Set a paragraph style by name; ids are looked up once (python-docx scans every style)."""
        paragraph._p.style = self.style_ids[name]

    def add(self, container: Any, style: str) -> Paragraph:
        paragraph = container.add_paragraph()
        self.style(paragraph, style)
        return paragraph

    def para(
        self, text: str = "", style: str | None = None, *, bold: bool = False, italic: bool = False
    ) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        if style:
            self.style(paragraph, style)
        if text:
            run = paragraph.add_run(text)
            run.bold = bold or None
            run.italic = italic or None
        return paragraph

    def field(self, name: str, value: Any) -> None:
        """``- Name: value`` as a body paragraph."""
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(f"- {name}: ")
        paragraph.add_run("" if value is None else str(value))

    def heading1(self, number: str, text: str) -> None:
        self.para(f"{number}. {text.upper()}", "ND30 Heading 1")

    def heading2(self, number: int, text: str) -> None:
        self.para(f"{number}. {text}", "ND30 Heading 2")

    def rule(self, width_cm: float, column_cm: float, target: Paragraph | None = None) -> None:
        """A centred line ``width_cm`` long in a column ``column_cm`` wide (a bordered empty paragraph)."""
        from docx.shared import Cm

        paragraph = target if target is not None else self.para(style="ND30 Rule")
        side = max(0.0, (column_cm - width_cm) / 2)
        paragraph.paragraph_format.left_indent = Cm(side)
        paragraph.paragraph_format.right_indent = Cm(side)
        paragraph_border(paragraph, "bottom")

    def cell_text(
        self, cell: _Cell, lines: list[tuple[str, dict[str, bool]]] | str, style: str = "ND30 Table Text"
    ) -> None:
        """Fill a cell: each item a paragraph; ``(text, {"bold": True})`` formats it."""
        items = [(lines, {})] if isinstance(lines, str) else lines
        first = True
        for text, fmt in items:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            self.style(paragraph, style)
            pieces = str(text).split("\n")
            run = paragraph.add_run(pieces[0])
            for piece in pieces[1:]:
                run.add_break()
                run.add_text(piece)
            run.bold = fmt.get("bold") or None
            run.italic = fmt.get("italic") or None

    def table(self, head: list[str], rows: list[list[Any]], widths: tuple[float, ...]) -> Table:
        from docx.enum.table import WD_TABLE_ALIGNMENT

        table = self.doc.add_table(rows=1 + len(rows), cols=len(head))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _grid(table)
        for cell, text in zip(table.rows[0].cells, head, strict=True):
            self.cell_text(cell, text, "ND30 Table Head")
        for row, values in zip(table.rows[1:], rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                self.cell_text(cell, value if isinstance(value, list) else str(value))
        _row_flags(table)
        _fixed_widths(table, widths)
        self.para(style="ND30 Rule")  # Word needs a paragraph between consecutive tables
        return table

    # parts ------------------------------------------------------------------------------
    def header(self) -> None:
        """The Decree's two-column header table, then the document kind and the subject."""
        org = self.v["organisation"]
        table = self.doc.add_table(rows=2, cols=2)
        _borderless(table)
        left, right = table.rows[0].cells
        issuer = org["name"].upper()
        lines: list[tuple[str, dict[str, bool]]] = []
        if org["governing_body"]:
            lines.append((org["governing_body"].upper(), {}))
        lines.append((issuer, {"bold": True}))
        self.cell_text(left, lines, "ND30 Header")
        issuer_w = min(text_width_cm(issuer, 12, True), HEADER_COLS[0] - 0.4)
        self.rule(issuer_w * 0.45, HEADER_COLS[0], self.add(left, "ND30 Rule"))
        self.cell_text(right, [(self.L["motto_country"], {"bold": True})], "ND30 Header")
        motto = self.add(right, "ND30 Motto")
        motto.add_run(self.L["motto_words"]).bold = True
        motto_w = min(text_width_cm(self.L["motto_words"], 13, True), HEADER_COLS[1] - 0.4)
        self.rule(motto_w, HEADER_COLS[1], self.add(right, "ND30 Rule"))
        number_cell, date_cell = table.rows[1].cells
        code = org["code"] or "……"
        self.cell_text(number_cell, f"{self.L['number']}       /BC-{code}", "ND30 Number")
        self.cell_text(date_cell, [(self.v["date_line"], {"italic": True})], "ND30 Number")
        _fixed_widths(table, HEADER_COLS)
        _indent(table, HEADER_INDENT)

        self.para(self.L["doc_kind"], "ND30 Title")
        subject = self.v["subject"]
        self.para(subject, "ND30 Subject")
        text_w = sum(RESULT_COLS)
        self.rule(min(text_width_cm(subject, 14, True), text_w) * 0.4, text_w)

    def general(self) -> None:
        v, L = self.v, self.L
        self.heading1("I", L["sec_general"])
        self.heading2(1, L["sub_system"])
        s, org = v["system"], v["organisation"]
        self.field(L["system_name"], s["name"])
        self.field(L["system_id"], s["id"])
        if s["description"]:
            self.field(L["description"], s["description"])
        self.field(L["organisation"], org["name"])
        for key in ("owner", "operator"):
            if s[key]:
                self.field(L[key], s[key])
        if org["security_unit"]:
            self.field(L["security_unit"], org["security_unit"])

        self.heading2(2, L["sub_level"])
        c = v["classification"]
        self.field(L["level_assessed"], v["level"])
        if c["proposed_level"] is not None:
            self.field(L["proposed_level"], c["proposed_level"])
        if c["declared_level"] is not None:
            self.field(L["declared_level"], c["declared_level"])
        if c["outcome"]:
            self.field(L["classification_outcome"], c["outcome"])
        self.field(L["approval"], v["approval"] or L["approval_none"])
        if c["authority"]:
            self.field(L["authority"], c["authority"])
        if c["interval"]:
            self.field(L["inspection_interval"], c["interval"])
        if c["last_inspection"]:
            self.field(L["last_inspection"], c["last_inspection"])
        if c["next_due"]:
            self.field(L["next_inspection_due"], c["next_due"])
        if c["inspection_overdue"]:
            self.para(L["inspection_overdue"], bold=True)
        if c["matched"]:
            self.para(f"- {L['matched_rules']}:")
            for m in c["matched"]:
                text = f"+ {m['cite']} — {L['level']} {m['level']}"
                self.para(text + (f": {m['label']}" if m["label"] else ""))
        if c["missing"]:
            self.field(L["missing_facts"], ", ".join(c["missing"]))
        if c["mismatch"]:
            self.para(L["level_mismatch"], bold=True)
        for note in c["notes"]:
            self.para(note, "ND30 Notice")

        self.heading2(3, L["sub_regime"])
        self.para(f"{v['regime_label']} ({v['regime']}).")

        self.heading2(4, L["sub_assessment"])
        self.field(L["assessor"], v["assessor"] or L["assessor_none"])
        self.field(L["assessed_on"], v["assessed_on"])
        self.field(L["profile"], v["profile"])
        if v["catalogs"]:
            self.field(L["catalogs"], "; ".join(v["catalogs"]))
        self.field(L["generated_at"], v["generated_at"])

    def scores(self) -> None:
        v, L = self.v, self.L
        self.heading1("II", L["sec_scores"])
        overall = v["overall"]
        if overall:
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(f"{L['percent']}: {overall['percent_text']}").bold = True
            if v["show_without_waivers"]:
                paragraph.add_run(f"; {L['without_waivers']}: {v['overall_without_waivers']['percent_text']}")
            if overall["not_assessed"]:
                self.para(label("not_assessed_count", self.lang, n=overall["not_assessed"]))
        if v["weights_differ"]:
            self.para(L["weights_notice"], "ND30 Notice")
        sl = v["status_labels"]
        head = [L["scope"], sl["pass"], sl["partial"], sl["fail"], sl["na"], sl["not_assessed"], L["percent"]]
        rows = [
            [
                s["label"],
                s["passed"],
                s["partial"],
                s["failed"],
                s["not_applicable"],
                s["not_assessed"],
                s["percent_text"],
            ]
            for s in v["scores"]
        ]
        self.table(head, rows, SCORE_COLS)
        self.para(L["score_formula"], "ND30 Notice")

    def results(self) -> None:
        v, L = self.v, self.L
        self.heading1("III", L["sec_results"])
        if not v["rows"]:
            self.para(L["no_results"])
            return
        head = [
            L["col_no"],
            L["col_requirement"],
            L["col_clause"],
            L["col_status"],
            L["col_method"],
            L["col_details"],
        ]
        rows = []
        for r in v["rows"]:
            requirement = [(r["control"], {"bold": True}), (r["title"], {})]
            if v["weights_differ"]:
                requirement.append((f"{L['weight']}: {r['weight_text']}", {"italic": True}))
            status = [(r["status_label"], {"bold": True})]
            if r["waiver_note"]:
                status.append((r["waiver_note"], {"italic": True, "bold": r["waiver_expired"]}))
            details: list[tuple[str, dict[str, bool]]] = []
            if r["reason"]:
                details.append((f"{L['reason']}: {r['reason']}", {}))
            details += [(a, {}) for a in r["answers"]]
            details += [(f"{L['conflicts']}: {c}", {"bold": True}) for c in r["conflicts"]]
            details += [(f"{L['advisories']}: {a}", {"italic": True}) for a in r["advisories"]]
            details += [(f"{L['observations']}: {o}", {}) for o in r["observations"]]
            if r["evidence"]:
                details.append((f"{L['evidence']}: {'; '.join(r['evidence'])}", {}))
            if not r["text_verified"]:
                details.append((L["text_not_verified"], {"italic": True}))
            rows.append(
                [
                    str(r["no"]),
                    requirement,
                    "\n".join([r["clause"], *r["refs"]] if r["clause"] else r["refs"]),
                    status,
                    ", ".join(r["methods"]),
                    details or "",
                ]
            )
        self.table(head, rows, RESULT_COLS)

    def waivers(self) -> None:
        v, L = self.v, self.L
        self.heading1("IV", L["sec_waivers"])
        if not v["waivers"]:
            self.para(L["no_waivers"])
            return
        head = [
            L["col_no"],
            L["col_requirement"],
            L["col_justification"],
            L["col_approver"],
            L["col_validity"],
        ]
        rows = []
        for i, w in enumerate(v["waivers"], 1):
            just: list[tuple[str, dict[str, bool]]] = [(w["justification"], {})]
            if w["compensating"]:
                just.append((f"{L['waiver_compensating']}: {w['compensating']}", {}))
            if w["reference"]:
                just.append((f"{L['waiver_reference']}: {w['reference']}", {}))
            rows.append(
                [
                    str(i),
                    [(w["control"], {"bold": True}), (w["title"], {}), (w["id"], {"italic": True})],
                    just,
                    "\n".join(p for p in (w["approver"], w["approved_on"]) if p),
                    [(w["validity"], {"bold": w["expired"]})],
                ]
            )
        self.table(head, rows, WAIVER_COLS)

    def remediation(self) -> None:
        v, L = self.v, self.L
        self.heading1("V", L["sec_remediation"])
        if not v["remediation"]:
            self.para(L["no_remediation"])
            return
        self.para(L["remediation_intro"], "ND30 Notice")
        head = [
            L["col_no"],
            L["col_requirement"],
            L["col_clause"],
            L["col_status"],
            L["col_priority"],
            L["col_due"],
            L["col_owner"],
            L["col_state"],
        ]
        rows = []
        for m in v["remediation"]:
            requirement = [(m["control"], {"bold": True}), (m["title"], {})]
            if m["reason"]:
                requirement.append((m["reason"], {"italic": True}))
            rows.append(
                [
                    str(m["no"]),
                    requirement,
                    m["clause"],
                    m["status_label"],
                    str(m["priority"]),
                    m["due"],
                    m["owner"],
                    m["state"],
                ]
            )
        self.table(head, rows, REMEDIATION_COLS)

    def notes(self) -> None:
        if not self.v["notes"]:
            return
        self.heading1("VI", self.L["sec_notes"])
        for note in self.v["notes"]:
            self.para(f"- {note}")

    def signature(self) -> None:
        L, org = self.L, self.v["organisation"]
        self.para()
        table = self.doc.add_table(rows=1, cols=2)
        _borderless(table)
        left, right = table.rows[0].cells
        self.cell_text(left, [(L["recipients"], {"bold": True, "italic": True})], "ND30 Recipients Head")
        for line in (L["recipient_blank"], L["recipient_archive"]):
            self.add(left, "ND30 Recipients").add_run(line)
        self.cell_text(right, [(L["signer_title"], {"bold": True})], "ND30 Signature")
        for _ in range(4):
            self.add(right, "ND30 Signature")
        name = self.add(right, "ND30 Signature")
        if org["head"]:
            name.add_run(org["head"]).bold = True
        _fixed_widths(table, SIGNATURE_COLS)

    def page_numbers(self) -> None:
        """PAGE field centred in the header; the first page has its own, empty header."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        for section in self.doc.sections:
            section.different_first_page_header_footer = True
            header = section.header
            header.is_linked_to_previous = False
            for paragraph in list(header.paragraphs):
                paragraph._p.getparent().remove(paragraph._p)
            paragraph = self.add(header, "Header")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_field(paragraph, "PAGE")
            first = section.first_page_header
            first.is_linked_to_previous = False
            for paragraph in list(first.paragraphs)[1:]:
                paragraph._p.getparent().remove(paragraph._p)
            if not first.paragraphs:
                first.add_paragraph()

    def build(self) -> None:
        self.header()
        self.general()
        self.scores()
        self.results()
        self.waivers()
        self.remediation()
        self.notes()
        self.signature()
        self.page_numbers()


def _clear_body(doc: DocxDocument) -> None:
    """Drop the reference's sample content, keep its final section settings."""
    from docx.oxml.ns import qn

    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def open_reference(path: Path) -> DocxDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise RenderError(
            f"not a Word file: {exc}", location=str(path), expected="a .docx reference document"
        ) from exc
    names = {s.name for s in doc.styles}
    missing = [n for n in (*STYLE_NAMES, "Header") if n not in names]
    if missing:
        raise RenderError(
            f"reference document lacks the paragraph style(s) {', '.join(missing)}",
            location=str(path),
            expected="a reference.docx built by reports/gap/build_docx_template.py, restyled in Word",
        )
    return doc


class DocxRenderer(Renderer):
    name = "docx"
    suffix = ".docx"

    def render(self, result: AssessmentResult, lang: str, out_dir: Path, templates: Path) -> Path:
        import io

        from attt_audit.yamlio import atomic_write_bytes

        doc = open_reference(template_file(templates, REFERENCE))
        _clear_body(doc)
        _Builder(doc, build_view(result, lang), lang).build()
        props = doc.core_properties
        props.title = str(build_view_subject(result, lang))
        props.author = result.assessor or ""
        props.language = "vi-VN" if lang == "vi" else "en-GB"
        buffer = io.BytesIO()
        doc.save(buffer)
        path = self.output_path(out_dir, lang)
        try:
            atomic_write_bytes(path, buffer.getvalue())
        except OSError as exc:
            raise RenderError(f"cannot write the report: {exc.strerror}", location=str(path)) from exc
        return path


def build_view_subject(result: AssessmentResult, lang: str) -> str:
    name = str(result.system.get("name") or result.system.get("id") or "")
    return label("doc_subject", lang, system=name)
