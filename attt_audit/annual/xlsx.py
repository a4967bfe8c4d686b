"""Excel workbook of the annual report: one row per system (openpyxl).

Sheets: ``Hệ thống`` (the 12 Mẫu 08 columns, then level basis, inspection dates, the four
layers, score, top gaps and the year-on-year change), ``Tổng hợp`` (the seven totals, the
headline figures, the consistency checks) and ``Yêu cầu`` (per-requirement status: the
appendix on items 9–10). Columns 6, 10 and 12 carry list validation with the form's exact values.

Every sheet is print-ready (:mod:`attt_audit.xlsx_print`): A4 landscape, header rows repeated, the
organisation and sheet in the page header, page numbers in the footer, dates ``dd/mm/yyyy``. In
English the headers and values are English; the form keeps its Vietnamese name once, in brackets.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from attt_audit.annual import labels as L
from attt_audit.annual.model import (
    DOSSIER_STATUS_LABELS,
    INSPECTION_BOTH_SEPARATOR,
    INSPECTION_LABELS,
    PLAN_STATUS_LABELS,
    AnnualReport,
)
from attt_audit.models.common import Lang
from attt_audit.xlsx_print import DATE_FORMAT, CellStyle, PrintedSheet, SheetPrint, font
from attt_audit.yamlio import atomic_write_bytes


def render_xlsx(report: AnnualReport, lang: Lang, path: Path) -> Path:
    """Write the workbook row by row (openpyxl's write-only mode, :class:`PrintedSheet`): the
    requirements sheet (~80 rows a system) is never held whole in memory."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill

    vi = lang == "vi"
    wb = Workbook(write_only=True)
    bold = font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE4EE")
    wrap = Alignment(wrap_text=True, vertical="top")
    form = " (Mẫu 08)" if report.regime == "nd331" else ""  # the form's Vietnamese name, once
    summary_title = f"Báo cáo năm {report.year}" if vi else f"Annual report {report.year}{form}"
    organisation = str(report.organisation.get("name") or "")
    page_title = f"{organisation} — {summary_title}" if organisation else summary_title

    _systems_sheet(wb, report, lang, page_title, bold, head_fill, wrap)
    _summary_sheet(wb, report, lang, page_title, summary_title, bold, wrap)
    _requirements_sheet(wb, report, lang, page_title, bold, head_fill, wrap)
    buffer = io.BytesIO()
    wb.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())
    return path


def _systems_sheet(
    wb: Any, report: AnnualReport, lang: Lang, page_title: str, bold: Any, head_fill: Any, wrap: Any
) -> None:
    """One row per system: the 12 Mẫu 08 columns, then the tool's own (basis, inspections, layers,
    score, change, top gaps, missing facts); list validation on columns 6, 10 and 12."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    vi = lang == "vi"
    extra = [
        "Mã hệ thống" if vi else "System id",
        "Căn cứ xác định cấp độ" if vi else "Legal basis of the level",
        "Nguồn cấp độ" if vi else "Level source",
        "Kiểm tra gần nhất" if vi else "Last inspection",
        "Hạn kiểm tra tiếp theo" if vi else "Next inspection due",
        "Tình trạng kiểm tra" if vi else "Inspection state",
    ]
    extra += [f"{'Lớp' if vi else 'Layer'} {n}: {L.LAYER_NAMES[n][lang]}" for n in (1, 2, 3, 4)]
    extra += [
        "Điểm tuân thủ (%)" if vi else "Compliance score (%)",
        "Điểm năm trước (%)" if vi else "Previous score (%)",
        "Thay đổi (điểm %)" if vi else "Change (points)",
        "Mới không đạt" if vi else "Newly failing",
        "Đã khắc phục" if vi else "Fixed",
        "Giảm mức" if vi else "Regressed",
        "Tồn tại chính" if vi else "Top gaps",
        "Thông tin còn thiếu" if vi else "Missing facts",
    ]
    header = [f"({i}) {name}" for i, name in enumerate(L.mau08_columns(lang), 1)] + extra
    widths = {
        get_column_letter(i): (8 if i in (1, 5) else 20 if i in (2, 3, 4, 7, 8) else 16)
        for i in range(1, len(header) + 1)
    }
    # The top gaps (one per line) and the missing facts: wide enough to keep the rows short.
    widths[get_column_letter(len(header) - 1)] = 48
    widths[get_column_letter(len(header))] = 28
    sheet = PrintedSheet(
        wb,
        "Hệ thống" if vi else "Systems",
        lang=lang,
        page_title=page_title,
        spec=SheetPrint(header_rows=1, freeze="C2"),
        widths=widths,
    )
    head = sheet.style(font=bold, fill=head_fill, alignment=wrap)
    body = sheet.style(alignment=wrap)
    day = sheet.style(alignment=wrap, number_format=DATE_FORMAT)
    # every cell wrapped and at the top: a row is as tall as its longest text (the top gaps, one
    # per line), and a value left at the bottom would read as the next system's
    styles: list[CellStyle | None] = [body] * len(header)
    styles[14] = styles[15] = day  # inspection dates
    sheet.append(header, head)
    for row in report.systems:
        cells: list[object] = list(L.mau08_row(row, lang))
        cells[0] = row.stt
        cells[4] = row.level
        change = row.change
        cells += [
            row.id,
            "; ".join(L.ref(basis, lang) for basis in row.legal_basis),
            L.LEVEL_SOURCE[row.level_source][lang],
            row.last_inspection,
            row.next_inspection_due,
            L.INSPECTION_STATE[row.inspection_state][lang],
        ]
        cells += [L.LAYER_STATE[row.layers.get(n, "none")][lang] for n in (1, 2, 3, 4)]
        cells += [
            row.score,
            change.previous_percent if change else None,
            change.delta if change else None,
            change.counts.get("newly_failing") if change else None,
            change.counts.get("fixed") if change else None,
            change.counts.get("regressed") if change else None,
            "\n".join(f"{L.lt(g.title, lang)} ({L.status_label(g.status, lang)})" for g in row.top_gaps),
            "; ".join(row.missing),
        ]
        sheet.append(cells, styles)
    last = len(report.systems) + 1
    if last >= 2:
        both = INSPECTION_BOTH_SEPARATOR.join(INSPECTION_LABELS.values())
        for col, values in (
            (6, list(DOSSIER_STATUS_LABELS.values())),
            (10, list(PLAN_STATUS_LABELS.values())),
            (12, [*INSPECTION_LABELS.values(), both]),
        ):
            if not vi:  # the cells hold the English values (labels.mau08_row)
                values = ["; ".join(L.MAU08_VALUES_EN.get(p, p) for p in v.split("; ")) for v in values]
            dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
            letter = get_column_letter(col)
            dv.add(f"{letter}2:{letter}{last}")
            sheet.ws.data_validations.append(dv)
    sheet.finish()


def _summary_sheet(
    wb: Any, report: AnnualReport, lang: Lang, page_title: str, summary_title: str, bold: Any, wrap: Any
) -> None:
    """Totals, headline figures and the checks before sending, on one A4 portrait page."""
    vi = lang == "vi"
    rows: list[list[Any]] = [
        [summary_title, L.lt(report.legal_basis, lang)],
        [
            "Kỳ số liệu" if vi else "Data period",
            f"{L.date_vi(report.period_start)} – {L.date_vi(report.period_end)}",
        ],
        ["Chế độ" if vi else "Regime", report.regime],
        ["Lần đánh giá" if vi else "Run", L.date_vi(report.run_date)],
        [
            "Lần đánh giá năm trước" if vi else "Previous run",
            L.date_vi(report.previous_run_date) if report.previous_run_id else "—",
        ],
        [],
        ["Chỉ số chính" if vi else "Headline figures"],
    ]
    headings = {1, len(rows)}
    k = report.kpis
    for key, pct, n in (
        ("approved", k.approved_pct, k.approved),
        ("plan_full", k.plan_full_pct, k.plan_full),
        ("inspected", k.inspected_pct, k.inspected_on_time),
    ):
        rows.append([L.KPI_LABELS[key][lang], pct, f"{n}/{k.total}"])
    rows.append([])
    rows.append(["Thông tin chung (Mẫu 08, mục 1)" if vi else "General figures (item 1 of the form)"])
    headings.add(len(rows))
    for key, label in L.TOTAL_LABELS:
        value = getattr(report.totals, key)
        if key == "expected_all_approved":
            value = (
                ("Đã phê duyệt toàn bộ" if vi else "All approved") if report.totals.all_approved else value
            )
        rows.append([label[lang], value])
    rows.append([])
    rows.append(["Kiểm tra trước khi gửi" if vi else "Checks before sending"])
    headings.add(len(rows))
    for check in report.checks:
        rows.append([L.lt(check.message, lang), "OK" if check.ok else ("CẦN XỬ LÝ" if vi else "FIX")])
    sheet = PrintedSheet(
        wb,
        "Tổng hợp" if vi else "Summary",
        lang=lang,
        page_title=page_title,
        spec=SheetPrint(header_rows=0, table=False, landscape=False),
        widths={"A": 50, "B": 28},  # one A4 portrait page wide
    )
    body = sheet.style(alignment=wrap)
    heading = sheet.style(font=bold, alignment=wrap)
    width = max(len(r) for r in rows)  # every cell of the used range is wrapped, empty ones too
    for n, values in enumerate(rows, 1):
        sheet.append(
            values + [None] * (width - len(values)),
            [heading if n in headings else body] + [body] * (width - 1),
        )
    sheet.finish()


def _requirements_sheet(
    wb: Any, report: AnnualReport, lang: Lang, page_title: str, bold: Any, head_fill: Any, wrap: Any
) -> None:
    """Per-requirement status of every system (the appendix on items 9–10), ~80 rows a system."""
    vi = lang == "vi"
    sheet = PrintedSheet(
        wb,
        "Yêu cầu" if vi else "Requirements",
        lang=lang,
        page_title=page_title,
        spec=SheetPrint(header_rows=1, freeze="C2"),
        # One A4 landscape page wide at ≥ 9 pt (xlsx_print.LANDSCAPE_UNITS / MIN_SCALE).
        widths=dict(zip("ABCDEFGH", (12, 22, 42, 20, 13, 13, 12, 12), strict=True)),
    )
    head = sheet.style(font=bold, fill=head_fill, alignment=wrap)
    body = sheet.style(alignment=wrap)
    day = sheet.style(alignment=wrap, number_format=DATE_FORMAT)
    styles: list[CellStyle | None] = [body, body, body, body, body, body, day, body]
    sheet.append(
        [
            "Hệ thống" if vi else "System",
            "Mã tham chiếu" if vi else "Reference id",
            "Yêu cầu" if vi else "Requirement",
            "Căn cứ" if vi else "Reference",
            "Kết quả" if vi else "Status",
            "Đáp ứng" if vi else "Met",
            "Hạn khắc phục" if vi else "Due",
            "Phụ trách" if vi else "Owner",
        ],
        head,
    )
    met = {
        True: "Đáp ứng" if vi else "Met",
        False: "Chưa đáp ứng đầy đủ" if vi else "Not fully met",
        None: "—",
    }
    # one text per title, legal reference and status (the same ~80 recur in every system)
    titles: dict[int, str] = {}
    refs: dict[str, str] = {}
    statuses: dict[str, str] = {}
    for row in report.systems:
        for line in row.requirements:
            title = titles.get(id(line.title))
            if title is None:
                title = titles[id(line.title)] = L.lt(line.title, lang)
            ref = refs.get(line.reference)
            if ref is None:
                ref = refs[line.reference] = L.ref(line.reference, lang)
            status = statuses.get(line.status)
            if status is None:
                status = statuses[line.status] = L.status_label(line.status, lang)
            sheet.append(
                [row.id, line.control, title, ref, status, met[line.met], line.due, line.owner], styles
            )
    sheet.finish()
