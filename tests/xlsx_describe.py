"""What an officer sees and prints of a workbook, as plain data (a test helper, not a test).

:func:`describe` reads a saved ``.xlsx`` back with openpyxl and lists, sheet by sheet, every
cell's value and the styles that matter (type, number format, bold, font, fill, wrap, vertical
alignment, quote prefix), the column widths, row heights, frozen pane and selection, autofilter,
print titles, page setup, margins, header and footer, data validations and merged ranges. Two
workbooks with the same description look and print the same, whatever their bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _color(color: Any) -> Any:
    return None if color is None else (color.type, color.rgb if color.type == "rgb" else color.value)


def _cell(cell: Any) -> list[Any]:
    font, fill, align = cell.font, cell.fill, cell.alignment
    return [
        cell.coordinate,
        _value(cell.value),
        cell.data_type,
        cell.number_format,
        bool(font.b),
        font.name,
        font.sz,
        fill.fill_type,
        _color(fill.fgColor) if fill.fill_type else None,
        bool(align.wrap_text),
        align.vertical,
        bool(cell.quotePrefix),
    ]


def _sheet(ws: Any) -> dict[str, Any]:
    widths: dict[int, Any] = {}
    for dim in ws.column_dimensions.values():
        for col in range(dim.min or 0, (dim.max or 0) + 1):
            if dim.width or dim.hidden:
                widths[col] = (dim.width, bool(dim.hidden))
    heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height}
    view = ws.sheet_view
    pane = view.pane
    setup = ws.page_setup
    margins = ws.page_margins
    return {
        "state": ws.sheet_state,
        "cells": [_cell(c) for row in ws.iter_rows() for c in row if c.value is not None or c.has_style],
        "widths": sorted(widths.items()),
        "heights": sorted(heights.items()),
        "freeze": ws.freeze_panes,
        "pane": None
        if pane is None
        else [pane.xSplit, pane.ySplit, pane.topLeftCell, pane.activePane, pane.state],
        "selection": [[s.pane, s.activeCell, str(s.sqref)] for s in view.selection],
        "filter": ws.auto_filter.ref,
        "print_titles": [ws.print_title_rows, ws.print_title_cols],
        "page": [
            setup.orientation,
            setup.paperSize,
            setup.fitToWidth,
            setup.fitToHeight,
            setup.pageOrder,
            ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
        ],
        "margins": [margins.left, margins.right, margins.top, margins.bottom, margins.header, margins.footer],
        "centered": ws.print_options.horizontalCentered,
        "header": [
            ws.oddHeader.left.text,
            ws.oddHeader.left.size,
            ws.oddHeader.center.text,
            ws.oddHeader.right.text,
            ws.oddHeader.right.size,
        ],
        "footer": [ws.oddFooter.left.text, ws.oddFooter.center.text, ws.oddFooter.center.size],
        "validations": sorted(
            [dv.type, dv.formula1, bool(dv.allow_blank), str(dv.sqref)]
            for dv in ws.data_validations.dataValidation
        ),
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "protected": bool(ws.protection.sheet),
    }


def describe(path: Path) -> dict[str, Any]:
    """The description of the workbook at ``path`` (sheets in order)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return {"sheets": wb.sheetnames, **{ws.title: _sheet(ws) for ws in wb.worksheets}}
