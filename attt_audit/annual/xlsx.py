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
from copy import copy
from pathlib import Path
from typing import Any

from attt_audit.annual import labels as L
from attt_audit.annual.model import (
    DOSSIER_STATUS_LABELS,
    INSPECTION_BOTH_SEPARATOR,
    INSPECTION_LABELS,
    MAU08_COLUMNS,
    PLAN_STATUS_LABELS,
    AnnualReport,
)
from attt_audit.models.common import Lang
from attt_audit.xlsx_print import SheetPrint, apply_print_setup, font
from attt_audit.xlsx_safe import guard_workbook
from attt_audit.yamlio import atomic_write_bytes


def render_xlsx(report: AnnualReport, lang: Lang, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    vi = lang == "vi"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Hệ thống" if vi else "Systems"
    bold = font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE4EE")
    wrap = Alignment(wrap_text=True, vertical="top")

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
    ws.append(header)
    for cell in ws[1]:
        cell.font = bold
        cell.fill = head_fill
        cell.alignment = wrap
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
        ws.append(cells)
    last = len(report.systems) + 1
    for col in range(1, len(MAU08_COLUMNS) + 1):
        for r in range(2, last + 1):
            ws.cell(r, col).alignment = wrap
    for r in range(2, last + 1):
        for col in (15, 16):  # inspection dates
            ws.cell(r, col).number_format = "DD/MM/YYYY"
        ws.cell(r, len(header) - 1).alignment = wrap
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
            ws.add_data_validation(dv)
            letter = get_column_letter(col)
            dv.add(f"{letter}2:{letter}{last}")
    for i, _ in enumerate(header, 1):
        ws.column_dimensions[get_column_letter(i)].width = (
            8 if i in (1, 5) else 20 if i in (2, 3, 4, 7, 8) else 16
        )
    # The top gaps (one per line) and the missing facts: wide enough to keep the rows short.
    ws.column_dimensions[get_column_letter(len(header) - 1)].width = 48
    ws.column_dimensions[get_column_letter(len(header))].width = 28

    # ---- totals, headline figures, checks
    st = wb.create_sheet("Tổng hợp" if vi else "Summary")
    form = " (Mẫu 08)" if report.regime == "nd331" else ""  # the form's Vietnamese name, once
    st.append(
        [
            (f"Báo cáo năm {report.year}" if vi else f"Annual report {report.year}{form}"),
            L.lt(report.legal_basis, lang),
        ]
    )
    st.append(
        [
            "Kỳ số liệu" if vi else "Data period",
            f"{L.date_vi(report.period_start)} – {L.date_vi(report.period_end)}",
        ]
    )
    st.append(["Chế độ" if vi else "Regime", report.regime])
    st.append(["Lần đánh giá" if vi else "Run", L.date_vi(report.run_date)])
    st.append(
        [
            "Lần đánh giá năm trước" if vi else "Previous run",
            L.date_vi(report.previous_run_date) if report.previous_run_id else "—",
        ]
    )
    st.append([])
    st.append(["Chỉ số chính" if vi else "Headline figures"])
    headings = [1, st.max_row]
    k = report.kpis
    for key, pct, n in (
        ("approved", k.approved_pct, k.approved),
        ("plan_full", k.plan_full_pct, k.plan_full),
        ("inspected", k.inspected_pct, k.inspected_on_time),
    ):
        st.append([L.KPI_LABELS[key][lang], pct, f"{n}/{k.total}"])
    st.append([])
    st.append(["Thông tin chung (Mẫu 08, mục 1)" if vi else "General figures (item 1 of the form)"])
    headings.append(st.max_row)
    for key, label in L.TOTAL_LABELS:
        value = getattr(report.totals, key)
        if key == "expected_all_approved":
            value = (
                ("Đã phê duyệt toàn bộ" if vi else "All approved") if report.totals.all_approved else value
            )
        st.append([label[lang], value])
    st.append([])
    st.append(["Kiểm tra trước khi gửi" if vi else "Checks before sending"])
    headings.append(st.max_row)
    for check in report.checks:
        st.append([L.lt(check.message, lang), "OK" if check.ok else ("CẦN XỬ LÝ" if vi else "FIX")])
    for row in st.iter_rows():
        for cell in row:
            if cell.column == 2 and hasattr(cell.value, "year"):
                cell.number_format = "DD/MM/YYYY"
    st.column_dimensions["A"].width = 50  # one A4 portrait page wide
    st.column_dimensions["B"].width = 28
    for row in st.iter_rows():
        for cell in row:
            cell.alignment = wrap
    for r in headings:
        st.cell(r, 1).font = bold

    # ---- per-requirement status
    sr = wb.create_sheet("Yêu cầu" if vi else "Requirements")
    sr.append(
        [
            "Hệ thống" if vi else "System",
            "Mã tham chiếu" if vi else "Reference id",
            "Yêu cầu" if vi else "Requirement",
            "Căn cứ" if vi else "Reference",
            "Kết quả" if vi else "Status",
            "Đáp ứng" if vi else "Met",
            "Hạn khắc phục" if vi else "Due",
            "Phụ trách" if vi else "Owner",
        ]
    )
    for cell in sr[1]:
        cell.font = bold
        cell.fill = head_fill
        cell.alignment = wrap
    refs: dict[str, str] = {}  # one text per legal reference (the same ~80 recur in every system)
    for row in report.systems:
        for line in row.requirements:
            met = {
                True: "Đáp ứng" if vi else "Met",
                False: "Chưa đáp ứng đầy đủ" if vi else "Not fully met",
                None: "—",
            }[line.met]
            sr.append(
                [
                    row.id,
                    line.control,
                    L.lt(line.title, lang),
                    refs.get(line.reference) or refs.setdefault(line.reference, L.ref(line.reference, lang)),
                    L.status_label(line.status, lang),
                    met,
                    line.due,
                    line.owner,
                ]
            )
    # ~80 rows a system: the body style (and the date column's) is set once through openpyxl and
    # its index array copied to each cell (``cell.alignment = …`` hashes and looks it up per cell).
    body_style = date_style = None
    sheet: Any = sr
    for line_cells in sheet.iter_rows(min_row=2):
        if body_style is None or date_style is None:
            line_cells[0].alignment = wrap
            body_style = copy(line_cells[0]._style)
            line_cells[6].number_format = "DD/MM/YYYY"
            line_cells[6].alignment = wrap
            date_style = copy(line_cells[6]._style)
        for cell in line_cells:
            cell._style = copy(date_style if cell.column == 7 else body_style)
    # One A4 landscape page wide at ≥ 9 pt (xlsx_print.LANDSCAPE_UNITS / MIN_SCALE).
    for letter, width in zip("ABCDEFGH", (12, 22, 42, 20, 13, 13, 12, 12), strict=True):
        sr.column_dimensions[letter].width = width

    organisation = str(report.organisation.get("name") or "")
    apply_print_setup(
        wb,
        lang=lang,
        title=f"{organisation} — {st.cell(1, 1).value}" if organisation else str(st.cell(1, 1).value),
        sheets={
            ws.title: SheetPrint(header_rows=1, freeze="C2"),
            st.title: SheetPrint(header_rows=0, table=False, landscape=False),
            sr.title: SheetPrint(header_rows=1, freeze="C2"),
        },
    )
    guard_workbook(wb)  # text from the inventory (=HYPERLINK(…), =cmd|…) stays text
    buffer = io.BytesIO()
    wb.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())
    return path
