"""``xlsx_print.PrintedSheet`` (write-only sheets, issue 17 §3) gives a sheet the same look and
print setup as ``apply_print_setup`` gives the same rows written the ordinary way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from xlsx_describe import describe

from attt_audit.xlsx_print import PrintedSheet, SheetPrint, apply_print_setup, font
from attt_audit.xlsx_safe import guard_workbook

WRAP = Alignment(wrap_text=True, vertical="top")
FILL = PatternFill("solid", fgColor="DDE4EE")
LONG = "một yêu cầu có tiêu đề rất dài " * 6


def _rows(n: int) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for i in range(n):
        rows.append(
            [
                i,
                f'=HYPERLINK("x") {i}' if i % 7 == 3 else f"hệ thống {i}",
                LONG if i % 3 == 0 else "ngắn",
                dt.date(2026, 1, 1 + i % 28) if i % 2 else None,
                dt.datetime(2026, 5, 4, 10, 30) if i % 5 == 1 else None,
                "a\nb\nc" if i % 4 == 0 else "-1" if i % 4 == 1 else " x\r\ny & <z> ",
            ]
        )
    return rows


HEADERS = [["STT", "Tên hệ thống thông tin", "Yêu cầu", "Hạn khắc phục", "Lúc", "Ghi chú"]]
WIDTHS = {"A": 6, "B": 10, "C": 30, "D": 9, "E": 12, "F": 8}


def _ordinary(path: Path, rows: list[list[Any]], spec: SheetPrint, headers: list[list[Any]]) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Bảng"
    for letter, width in WIDTHS.items():
        ws.column_dimensions[letter].width = width
    for h in headers:
        ws.append(h)
        for cell in ws[ws.max_row]:
            cell.font, cell.fill, cell.alignment = font(bold=True), FILL, WRAP
    for r in rows:
        ws.append(r)
        for cell in ws[ws.max_row]:
            if cell.column in (2, 3, 6):
                cell.alignment = WRAP
    apply_print_setup(wb, lang="vi", title="Sở Giao thông vận tải & Xây dựng", sheets={"Bảng": spec})
    guard_workbook(wb)
    wb.save(path)


def _streamed(path: Path, rows: list[list[Any]], spec: SheetPrint, headers: list[list[Any]]) -> None:
    wb = Workbook(write_only=True)
    sheet = PrintedSheet(
        wb, "Bảng", lang="vi", page_title="Sở Giao thông vận tải & Xây dựng", spec=spec, widths=WIDTHS
    )
    head = sheet.style(font=font(bold=True), fill=FILL, alignment=WRAP)
    body = sheet.style(alignment=WRAP)
    for h in headers:
        sheet.append(h, head)
    for r in rows:
        sheet.append(r, [None, body, body, None, None, body])
    sheet.finish()
    wb.save(path)


@pytest.mark.parametrize(
    ("n", "spec", "headers"),
    [
        (30, SheetPrint(header_rows=1, freeze="C2"), HEADERS),
        (5, SheetPrint(header_rows=1), HEADERS),
        (12, SheetPrint(header_rows=2), [*HEADERS, ["", "mã", "", "", "", ""]]),
        (12, SheetPrint(header_rows=0, table=False, landscape=False), []),
        (40, SheetPrint(header_rows=1, landscape=True), [["x" * 60, *HEADERS[0][1:]]]),
    ],
    ids=["long-table", "short-table", "two-header-rows", "no-header", "wide-header"],
)
def test_write_only_sheet_prints_as_the_ordinary_one(
    tmp_path: Path, n: int, spec: SheetPrint, headers: list[list[Any]]
) -> None:
    rows = _rows(n)
    _ordinary(tmp_path / "a.xlsx", rows, spec, headers)
    _streamed(tmp_path / "b.xlsx", rows, spec, headers)
    a, b = describe(tmp_path / "a.xlsx"), describe(tmp_path / "b.xlsx")
    for key, value in a["Bảng"].items():
        assert b["Bảng"][key] == value, key
    assert a == b
    cells = {c[0]: c for c in a["Bảng"]["cells"]}
    first = len(headers) + 4  # row of i == 3: the risky text
    assert cells[f"B{first}"][2] == "s" and cells[f"B{first}"][11] is True  # text with a quote prefix
    assert any(h > 15 for _r, h in a["Bảng"]["heights"])  # wrapped rows are taller
