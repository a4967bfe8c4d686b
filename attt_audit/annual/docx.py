"""Word rendering of the annual report, laid out per Decree 30/2020 (Phụ lục I).

Low-level Decree 30 helpers (fonts, paragraph rules, the PAGE field, rule widths, table borders
and widths) come from the gap report's :mod:`attt_audit.render.docx`. Here: A4 portrait, margins 20/20/30/15 mm, Times New Roman; header as a
borderless two-column table (issuer | motto; number | place and date); short rules as bottom
borders of empty paragraphs with computed indents; page numbers centred in the header, hidden on
page 1, restarting in each appendix; signature as a second borderless table (Nơi nhận | signer).
Wide tables (the 12 Mẫu 08 columns) go in a landscape section, which the decree allows for
tables kept in the body.

Under ND 331 the document is the form Mẫu 08, a *công văn* (no ``BÁO CÁO`` title, a ``V/v``
line under the number); under the old regime it is a *báo cáo* with the TT 12 content.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from attt_audit.annual import labels as L
from attt_audit.annual.html import date_line, titles
from attt_audit.annual.model import MAU08_COLUMNS, NOT_GIVEN, AnnualReport
from attt_audit.render.docx import (
    _borderless,
    _fixed_widths,
    _grid,
    _row_flags,
    add_field,
    paragraph_border,
    set_run_fonts,
    text_width_cm,
)
from attt_audit.yamlio import atomic_write_bytes

FONT = "Times New Roman"
BODY_PT = 14
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
VV_LINE = "V/v kết quả công tác bảo đảm an ninh mạng hệ thống thông tin"
"""Mẫu 08 trích yếu of the công văn [P2]."""


class _Doc:
    """Thin helper over python-docx with the Decree 30 building blocks."""

    def __init__(self) -> None:
        from docx import Document
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt

        self.Cm, self.Pt, self.qn, self.ALIGN = Cm, Pt, qn, WD_ALIGN_PARAGRAPH
        self.doc = Document()
        style = self.doc.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(BODY_PT)
        set_run_fonts(style.element.get_or_add_rPr(), FONT)
        pf = style.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(6)
        pf.line_spacing = 1.15
        section = self.doc.sections[0]
        self._page(section, landscape=False)
        section.different_first_page_header_footer = True
        self._page_number(section)

    # ---------------------------------------------------------------- page set-up
    def _page(self, section: Any, *, landscape: bool) -> None:
        from docx.enum.section import WD_ORIENT

        cm = self.Cm
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (cm(29.7), cm(21.0)) if landscape else (cm(21.0), cm(29.7))
        section.top_margin = cm(2.0)
        section.bottom_margin = cm(2.0)
        section.left_margin = cm(3.0)
        section.right_margin = cm(1.5)
        section.header_distance = cm(1.0)

    def _page_number(self, section: Any) -> None:
        para = section.header.paragraphs[0]
        para.alignment = self.ALIGN.CENTER
        add_field(para, "PAGE")

    def new_section(self, *, landscape: bool, restart: bool = False) -> None:
        from docx.enum.section import WD_SECTION

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._page(section, landscape=landscape)
        section.different_first_page_header_footer = False
        if restart:
            sect = section._sectPr
            pg = sect.find(self.qn("w:pgNumType"))
            if pg is None:
                pg = sect.makeelement(self.qn("w:pgNumType"), {})
                sect.append(pg)
            pg.set(self.qn("w:start"), "1")

    # ---------------------------------------------------------------- paragraphs
    def para(
        self,
        text: str = "",
        *,
        container: Any = None,
        size: float = BODY_PT,
        bold: bool = False,
        italic: bool = False,
        align: str = "justify",
        first_indent: bool = False,
        after: float = 6,
        before: float = 0,
    ) -> Any:
        target = container if container is not None else self.doc
        paras = getattr(target, "paragraphs", None)
        if container is not None and paras and len(paras) == 1 and not paras[0].text and not paras[0].runs:
            p = paras[0]
        else:
            p = target.add_paragraph()
        p.alignment = {
            "justify": self.ALIGN.JUSTIFY,
            "center": self.ALIGN.CENTER,
            "left": self.ALIGN.LEFT,
            "right": self.ALIGN.RIGHT,
        }[align]
        pf = p.paragraph_format
        pf.space_after = self.Pt(after)
        pf.space_before = self.Pt(before)
        if first_indent:
            pf.first_line_indent = self.Cm(1.27)
        if text:
            run = p.add_run(text)
            run.font.size = self.Pt(size)
            run.bold = bold
            run.italic = italic
        return p

    def rule(self, container: Any, width_cm: float, line_cm: float) -> None:
        """A short solid line: bottom border of an empty paragraph, centred by indents."""
        p = self.para(container=container, after=0, align="center")
        p.paragraph_format.left_indent = self.Cm(max(0.0, (width_cm - line_cm) / 2))
        p.paragraph_format.right_indent = self.Cm(max(0.0, (width_cm - line_cm) / 2))
        run = p.add_run()
        run.font.size = self.Pt(2)
        paragraph_border(p)

    def heading(self, text: str, *, level: int) -> None:
        """Mục (level 1: CAPS bold) or khoản (level 2: bold), at body size."""
        self.para(text.upper() if level == 1 else text, bold=True, align="justify", before=6)

    def body(self, text: str) -> None:
        self.para(text, first_indent=True)

    # ---------------------------------------------------------------- tables
    def table(
        self, header: list[str], rows: list[list[str]], widths: list[float], *, size: float = 11
    ) -> Any:
        table = self.doc.add_table(rows=1, cols=len(header))
        _grid(table)
        for i, text in enumerate(header):
            cell = table.rows[0].cells[i]
            self.para(text, container=cell, size=size, bold=True, align="center", after=0)
        for row in rows:
            cells = table.add_row().cells
            for i, text in enumerate(row):
                self.para(text, container=cells[i], size=size, align="left", after=0)
        _fixed_widths(table, tuple(widths))
        _row_flags(table)
        self.para(after=0)
        return table

    def borderless(self, cols: list[float]) -> Any:
        table = self.doc.add_table(rows=1, cols=len(cols))
        _borderless(table)
        _fixed_widths(table, tuple(cols))
        return table

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


# ------------------------------------------------------------------------- document


LEFT_CM, RIGHT_CM = 6.5, 10.0
"""Header columns: the text width is 16.5 cm with 30/15 mm side margins."""


def _header(d: _Doc, report: AnnualReport, *, cong_van: bool) -> None:
    table = d.borderless([LEFT_CM, RIGHT_CM])
    row = table.rows[0].cells
    left, right = row[0], row[1]
    governing = report.governing_body
    issuer = str(report.organisation.get("name", ""))
    if cong_van and not issuer:
        issuer = "(CHỦ QUẢN HỆ THỐNG THÔNG TIN)"
    if governing:
        d.para(governing.upper(), container=left, size=13, align="center", after=0)
    d.para(issuer.upper(), container=left, size=13, bold=True, align="center", after=0)
    d.rule(left, LEFT_CM, min(LEFT_CM, text_width_cm(issuer.upper(), 13, bold=True)) * 0.4)
    d.para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", container=right, size=12, bold=True, align="center", after=0)
    d.para("Độc lập - Tự do - Hạnh phúc", container=right, size=13, bold=True, align="center", after=0)
    d.rule(right, RIGHT_CM, text_width_cm("Độc lập - Tự do - Hạnh phúc", 13, bold=True))
    cells = table.add_row().cells
    cells[0].width, cells[1].width = d.Cm(LEFT_CM), d.Cm(RIGHT_CM)
    d.para(
        f"Số: {report.report_number or '......'}",
        container=cells[0],
        size=13,
        align="center",
        after=0,
        before=6,
    )
    if cong_van:
        d.para(VV_LINE, container=cells[0], size=12, align="center", after=0, before=6)
    d.para(date_line(report), container=cells[1], size=13, italic=True, align="center", after=0, before=6)
    d.para(after=6)


def _recipients(d: _Doc, report: AnnualReport) -> None:
    if len(report.recipients) == 1:
        d.para(f"Kính gửi: {report.recipients[0]}.", align="center")
        return
    d.para("Kính gửi:", align="center", after=0)
    for i, name in enumerate(report.recipients):
        end = "." if i == len(report.recipients) - 1 else ";"
        p = d.para(f"- {name}{end}", align="left", after=0)
        p.paragraph_format.left_indent = d.Cm(5.5)
    d.para(after=6)


def _kpis(d: _Doc, report: AnnualReport, lang: str) -> None:
    k = report.kpis
    vi = lang == "vi"
    d.para(
        "Các chỉ số chính của năm:" if vi else "Headline figures of the year:",
        bold=True,
        first_indent=True,
        after=0,
    )
    for key, pct, n in (
        ("approved", k.approved_pct, k.approved),
        ("plan_full", k.plan_full_pct, k.plan_full),
        ("inspected", k.inspected_pct, k.inspected_on_time),
    ):
        d.para(
            f"- {L.KPI_LABELS[key][lang]}: {L.pct(pct, lang)} ({n}/{k.total});", first_indent=True, after=0
        )
    d.para(after=0)


def _intro(d: _Doc, report: AnnualReport, lang: str) -> None:
    org = str(report.organisation.get("name", ""))
    if lang == "vi":
        text = (
            f"Thực hiện {report.legal_basis.vi}, {org} báo cáo kết quả công tác bảo đảm "
            + ("an ninh mạng" if report.regime == "nd331" else "an toàn")
            + f" hệ thống thông tin theo cấp độ năm {report.year} (số liệu từ ngày {L.date_vi(report.period_start)} "
            f"đến ngày {L.date_vi(report.period_end)}) như sau:"
        )
    else:
        text = (
            f"Under {report.legal_basis.en}, {org} reports on the graded security of its information systems in "
            f"{report.year} (data from {L.date_vi(report.period_start)} to {L.date_vi(report.period_end)}):"
        )
    for basis in report.basis:
        d.para(basis, italic=True, first_indent=True, after=0)
    d.body(text)


def _totals(d: _Doc, report: AnnualReport, lang: str) -> None:
    t = report.totals
    for i, (key, label) in enumerate(L.TOTAL_LABELS):
        value: Any = getattr(t, key)
        if key == "expected_all_approved":
            if t.all_approved:
                value = "đã phê duyệt toàn bộ" if lang == "vi" else "all approved"
            else:
                value = L.date_vi(value) or L.lt(NOT_GIVEN, lang)
        end = "." if i == len(L.TOTAL_LABELS) - 1 else ";"
        d.para(f"{'abcdefg'[i]}) {label[lang]}: {value}{end}", first_indent=True, after=0)
    d.para(after=0)


def _units(d: _Doc, report: AnnualReport, lang: str) -> None:
    missing = L.lt(NOT_GIVEN, lang)
    for i, unit in enumerate(report.units):
        d.para(
            f"{'ab'[i] if i < 2 else '-'}) {L.UNIT_ROLE[unit.role][lang]}",
            bold=True,
            first_indent=True,
            after=0,
        )
        values = [
            unit.name,
            unit.mandate or missing,
            ", ".join(v for v in (unit.head_name, unit.head_title) if v) or missing,
            unit.address or missing,
            ", ".join(v for v in (unit.phone, unit.email) if v) or missing,
        ]
        for n, ((_, label), value) in enumerate(zip(L.UNIT_FIELDS, values, strict=True), 1):
            d.para(f"({n}) {label[lang]}: {value}", first_indent=True, after=0)
    d.para(after=0)


def _mau08_table(d: _Doc, report: AnnualReport) -> None:
    widths = [1.1, 3.0, 2.2, 2.2, 1.2, 1.9, 2.9, 2.9, 2.1, 2.0, 2.1, 1.6]  # 25.2 cm: landscape text width
    d.table(
        [f"{name}\n({i})" for i, name in enumerate(MAU08_COLUMNS, 1)],
        [s.mau08_row() for s in report.systems],
        widths,
        size=10,
    )


def _status_table(d: _Doc, report: AnnualReport, lang: str) -> None:
    """Per system: level and basis, inspections, 4 layers, score, change since last year."""
    vi = lang == "vi"
    header = [
        "STT",
        "Hệ thống" if vi else "System",
        "Cấp độ, căn cứ" if vi else "Level, basis",
        "Kiểm tra gần nhất / hạn tiếp theo" if vi else "Last / next inspection",
        *[f"{'Lớp' if vi else 'Layer'} {n}" for n in (1, 2, 3, 4)],
        "Điểm tuân thủ" if vi else "Score",
        "So với năm trước" if vi else "Since last year",
    ]
    rows = []
    for s in report.systems:
        level = "—" if s.level is None else str(s.level)
        basis = ", ".join(s.legal_basis) or L.lt(NOT_GIVEN, lang)
        inspection = f"{L.date_vi(s.last_inspection) or '—'} / {L.date_vi(s.next_inspection_due) or '—'}\n{L.INSPECTION_STATE[s.inspection_state][lang]}"
        change = "—"
        if s.change:
            c = s.change.counts
            change = (
                f"{L.pct(s.change.previous_percent, lang)} → {L.pct(s.score, lang)} ({L.delta(s.change.delta, lang)})\n"
                + (
                    f"mới không đạt {c['newly_failing']}, đã khắc phục {c['fixed']}, giảm mức {c['regressed']}"
                    if vi
                    else f"newly failing {c['newly_failing']}, fixed {c['fixed']}, regressed {c['regressed']}"
                )
            )
        rows.append(
            [
                str(s.stt),
                s.name,
                f"{level} ({L.LEVEL_SOURCE[s.level_source][lang]})\n{basis}",
                inspection,
                *[L.LAYER_STATE[s.layers.get(n, "none")][lang] for n in (1, 2, 3, 4)],
                L.pct(s.score, lang),
                change,
            ]
        )
    d.table(header, rows, [1.0, 4.0, 3.5, 4.0, 1.8, 1.8, 1.8, 1.8, 2.0, 4.5], size=10)
    for s in report.systems:
        if not s.top_gaps:
            continue
        d.para(f"{s.name} — {'tồn tại chính' if vi else 'top gaps'}:", bold=True, after=0, size=12)
        for g in s.top_gaps:
            extra = f"; {'hạn' if vi else 'due'} {L.date_vi(g.due)}" if g.due else ""
            waived = f"; {'miễn trừ' if vi else 'waived'}" if g.waived else ""
            d.para(
                f"- {L.lt(g.title, lang)} ({g.reference}; {L.status_label(g.status, lang)}{waived}{extra})",
                size=12,
                after=0,
            )
    for s in report.systems:
        if s.interval_basis and s.inspection_state in ("overdue", "never"):
            d.para(f"{s.name}: {L.lt(s.interval_basis, lang)}", italic=True, size=11, after=0)


def _signature(d: _Doc, report: AnnualReport) -> None:
    d.para(after=6)
    table = d.borderless([7.0, 9.5])
    left, right = table.rows[0].cells
    d.para("Nơi nhận:", container=left, size=12, bold=True, italic=True, align="left", after=0)
    lines = ["- Như trên;", *[f"- {c};" for c in report.copies], f"- Lưu: {report.archive or 'VT'}."]
    for line in lines:
        d.para(line, container=left, size=11, align="left", after=0)
    signer = report.signer or {}
    if signer.get("authority"):
        d.para(str(signer["authority"]).upper(), container=right, bold=True, align="center", after=0)
    d.para(
        str(signer.get("title") or "(Chức vụ người ký)").upper(),
        container=right,
        bold=True,
        align="center",
        after=0,
    )
    for _ in range(4):
        d.para(container=right, after=0)
    d.para(str(signer.get("name") or "(Họ và tên)"), container=right, bold=True, align="center", after=0)


APPENDIX_TITLES: dict[str, tuple[str, str]] = {
    "anqg": (
        "Hệ thống thông tin có căn cứ đề nghị đưa vào Danh mục HTTT quan trọng về an ninh quốc gia",
        "Systems with grounds for the list of systems important to national security",
    ),
    "quy_che_331": (
        "Tình hình thực hiện Quy chế bảo đảm an ninh mạng",
        "Adherence to the cybersecurity Quy chế",
    ),
    "quy_che_85": (
        "Tình hình thực hiện Quy chế bảo đảm an toàn hệ thống thông tin",
        "Adherence to the information-security Quy chế",
    ),
    "requirements": ("Tình trạng đáp ứng yêu cầu theo từng hệ thống", "Requirement status per system"),
    "status": (
        "Kiểm tra định kỳ, 4 lớp bảo vệ, điểm tuân thủ và thay đổi so với năm trước",
        "Periodic inspection, four layers, compliance score and change since last year",
    ),
}


def _appendix_head(
    d: _Doc, report: AnnualReport, number: int, key: str, lang: str, *, landscape: bool
) -> None:
    d.new_section(landscape=landscape, restart=True)
    vi_title, en_title = APPENDIX_TITLES[key]
    d.para(
        f"{'Phụ lục' if lang == 'vi' else 'Appendix'} {ROMAN[number - 1]}", bold=True, align="center", after=0
    )
    d.para((vi_title if lang == "vi" else en_title).upper(), bold=True, align="center", after=0)
    if lang == "vi":
        kind = "văn bản" if report.regime == "nd331" else "Báo cáo"
        line = (
            f"(Kèm theo {kind} số {report.report_number or '......'} {date_line(report).split(', ', 1)[-1]} "
            f"của {report.organisation.get('name', '')})"
        )
    else:
        line = f"(Attached to document No. {report.report_number or '......'} of {report.organisation.get('name', '')})"
    d.para(line, italic=True, align="center")


def _anqg_appendix(d: _Doc, report: AnnualReport, lang: str) -> None:
    vi = lang == "vi"
    rows = [
        [str(i), s.name, s.anqg_grounds or ""]
        for i, s in enumerate((s for s in report.systems if s.anqg_grounds), 1)
    ]
    if rows:
        d.table(
            [
                "STT",
                "Tên HTTT" if vi else "System",
                "Căn cứ Điều 16 và tình trạng hồ sơ" if vi else "Art. 16 ground, dossier",
            ],
            rows,
            [1.2, 6.0, 9.3],
        )
    else:
        d.body(
            "Theo số liệu khai báo, không có hệ thống nào có căn cứ đề nghị đưa vào Danh mục hệ thống thông tin quan trọng về an ninh quốc gia."
            if vi
            else "According to the declared data, no system has grounds for the list of systems important to national security."
        )


def _quy_che_appendix(d: _Doc, report: AnnualReport, lang: str) -> None:
    vi = lang == "vi"
    missing = L.lt(NOT_GIVEN, lang)
    followed = {True: "Có" if vi else "Yes", False: "Chưa" if vi else "No", None: missing}
    rows = [
        [str(s.stt), s.name, s.col8() or missing, followed[s.quy_che_followed], s.quy_che_checks or ""]
        for s in report.systems
    ]
    d.table(
        [
            "STT",
            "Tên HTTT" if vi else "System",
            "Quy chế (số, ngày, cơ quan ban hành)" if vi else "Quy chế (number, date, issuer)",
            "Tuân thủ trong vận hành" if vi else "Followed in operation",
            "Nội dung kiểm tra, vi phạm, khắc phục" if vi else "Checked, breaches, fixed",
        ],
        rows,
        [1.2, 4.0, 4.3, 2.5, 4.5],
    )


def _requirements_appendix(d: _Doc, report: AnnualReport, lang: str) -> None:
    vi = lang == "vi"
    met = {
        True: "Đáp ứng" if vi else "Met",
        False: "Chưa đáp ứng đầy đủ" if vi else "Not fully met",
        None: "—",
    }
    for s in report.systems:
        d.para(
            f"{s.stt}. {s.name} ({'cấp độ' if vi else 'level'} {s.level if s.level is not None else '—'})",
            bold=True,
            after=3,
        )
        if not s.requirements:
            d.body("Chưa có kết quả đánh giá trong kỳ." if vi else "No assessment result in this period.")
            continue
        rows = [
            [
                str(i),
                L.lt(line.title, lang),
                line.reference,
                f"{met[line.met]} ({L.status_label(line.status, lang)})",
                (L.date_vi(line.due) + (f", {line.owner}" if line.owner else ""))
                if line.met is False
                else "",
            ]
            for i, line in enumerate(s.requirements, 1)
        ]
        d.table(
            [
                "STT",
                "Yêu cầu" if vi else "Requirement",
                "Căn cứ" if vi else "Reference",
                "Kết quả" if vi else "Result",
                "Lộ trình, phụ trách" if vi else "Roadmap, owner",
            ],
            rows,
            [1.0, 7.0, 3.5, 2.8, 2.2],
            size=10,
        )


def render_docx(report: AnnualReport, lang: str, path: Path) -> Path:
    d = _Doc()
    vi = lang == "vi"
    cong_van = report.regime == "nd331"
    _header(d, report, cong_van=cong_van)
    if not cong_van:
        title, subtitle = titles(report, lang)
        d.para(title.upper(), bold=True, align="center", after=0)
        d.para(subtitle, bold=True, align="center", after=0)
        d.rule(d.doc, 16.5, min(16.5, text_width_cm(subtitle, BODY_PT, bold=True)) * 0.4)
        d.para(after=0)
    _recipients(d, report)
    _intro(d, report, lang)
    _kpis(d, report, lang)
    if cong_van:
        d.heading("1. Thông tin chung" if vi else "1. General figures", level=2)
        _totals(d, report, lang)
        d.heading(
            "2. Thông tin chủ quản hệ thống thông tin, đơn vị chuyên trách về an ninh mạng"
            if vi
            else "2. Owner and specialised unit",
            level=2,
        )
        _units(d, report, lang)
        d.new_section(landscape=True)
        d.heading(
            "3. Danh mục hệ thống thông tin và tình trạng bảo đảm an ninh mạng" if vi else "3. Systems",
            level=2,
        )
        _mau08_table(d, report)
        d.new_section(landscape=False)
        d.heading(
            "4. Kết quả kiểm tra, đánh giá, tình trạng 4 lớp bảo vệ và thay đổi so với năm trước"
            if vi
            else "4. Inspection results, four layers, change since last year",
            level=2,
        )
        d.body(
            "Chi tiết tại Phụ lục IV; tình trạng đáp ứng theo từng yêu cầu tại Phụ lục III."
            if vi
            else "Details in Appendix IV; per-requirement status in Appendix III."
        )
        d.heading("5. Kiến nghị, đề xuất" if vi else "5. Requests", level=2)
    else:
        d.heading("I. Thông tin chung" if vi else "I. General", level=1)
        _units(d, report, lang)
        _totals(d, report, lang)
        d.heading(
            "II. Danh mục và tình trạng hệ thống thông tin" if vi else "II. Systems and their state", level=1
        )
        d.body(
            "Thông tư 12/2022/TT-BTTTT không ban hành mẫu; bảng trình bày các nội dung báo cáo theo Điều 14 của Thông tư."
            if vi
            else "Circular 12/2022 has no form; the table carries the report content of its Art. 14."
        )
        d.new_section(landscape=True)
        _mau08_table(d, report)
        d.heading(
            "III. Kết quả kiểm tra, đánh giá theo tiêu chí" if vi else "III. Inspection results by criterion",
            level=1,
        )
        _status_table(d, report, lang)
        d.new_section(landscape=False)
        d.heading("IV. Kiến nghị, đề xuất" if vi else "IV. Requests", level=1)
    for request in report.requests or ["Không có." if vi else "None."]:
        d.body(f"- {request}" if report.requests else request)
    _signature(d, report)

    if cong_van:
        _appendix_head(d, report, 1, "anqg", lang, landscape=False)
        _anqg_appendix(d, report, lang)
        _appendix_head(d, report, 2, "quy_che_331", lang, landscape=False)
        _quy_che_appendix(d, report, lang)
        _appendix_head(d, report, 3, "requirements", lang, landscape=False)
        _requirements_appendix(d, report, lang)
        _appendix_head(d, report, 4, "status", lang, landscape=True)
        _status_table(d, report, lang)
        for note in report.notes:
            d.para(L.lt(note, lang), italic=True, size=11, after=0)
    else:
        _appendix_head(d, report, 1, "quy_che_85", lang, landscape=False)
        _quy_che_appendix(d, report, lang)
        _appendix_head(d, report, 2, "requirements", lang, landscape=False)
        _requirements_appendix(d, report, lang)
        for note in report.notes:
            d.para(L.lt(note, lang), italic=True, size=11, after=0)
    atomic_write_bytes(path, d.save())
    return path
