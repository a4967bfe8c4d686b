"""One safe way to put text into a workbook, and to check a workbook before reading it.

Writing: text from a user's files (a system's name, an owner, a decision number) must never
become a live formula. openpyxl turns any string starting with ``=`` into a formula; Excel and
LibreOffice also treat ``+``, ``-``, ``@`` (and a leading tab or carriage return, once the cell
is edited or the sheet is exported as CSV) as the start of one. Every string cell is therefore
stored as text, and risky ones get Excel's "quote prefix" (the cell stays text even when
edited). Characters XML cannot hold are dropped.

Reading: an ``.xlsx`` is a zip of XML. Before openpyxl parses one we bound the uncompressed
size of its XML and the compression ratio (a zip bomb: a few MB that expand to a GiB), and we
refuse any XML part that declares a DOCTYPE or an entity (an entity bomb or an external
entity); openpyxl would otherwise hand such XML to the parser.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from attt_audit.errors import InputError

RISKY_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat text as a formula."""

_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
"""Characters an XML 1.0 document cannot hold (openpyxl's ``ILLEGAL_CHARACTERS_RE``)."""

MAX_XML_BYTES = 50 * 1024 * 1024
"""Largest total uncompressed size of the XML parts of a workbook we read (a 2,000-question
questionnaire is under 5 MB)."""

MAX_RATIO = 100
"""Largest compression ratio of one part (spreadsheet XML compresses about 10–20×)."""

MAX_CELLS = 1_000_000
"""Largest number of cells one workbook may declare (``<c`` elements counted in the sheets)."""

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def is_risky(text: str) -> bool:
    """Whether ``text`` would start a formula in a spreadsheet."""
    return text.startswith(RISKY_START)


def safe_cell_value(value: Any) -> Any:
    """``value`` as it may be given to openpyxl: text without characters XML cannot hold."""
    if isinstance(value, str):
        return _ILLEGAL.sub("", value)
    return value


def guard_cell(cell: Any) -> Any:
    """Make a string cell plain text (never a formula); risky text keeps Excel's quote prefix."""
    value = cell.value
    if isinstance(value, str):
        cell.data_type = "s"
        if is_risky(value):
            cell.quotePrefix = True
    return cell


def put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write one cell the safe way; returns the cell."""
    cell = ws.cell(row=row, column=column, value=safe_cell_value(value))
    return guard_cell(cell)


def append(ws: Any, values: Iterable[Any]) -> None:
    """``ws.append`` the safe way: every string of the new row stays text."""
    before = ws.max_row if getattr(ws, "_cells", None) else 0  # ws.cell(1, 1) would create A1
    ws.append([safe_cell_value(v) for v in values])
    for row in ws.iter_rows(min_row=before + 1, max_row=ws.max_row):
        for cell in row:
            guard_cell(cell)


def guard_workbook(wb: Any) -> None:
    """Make every string cell of every sheet plain text (run just before saving)."""
    for ws in wb.worksheets:
        cells = getattr(ws, "_cells", None)
        found = cells.values() if isinstance(cells, dict) else (c for r in ws.iter_rows() for c in r)
        for cell in found:
            if isinstance(cell.value, str):
                guard_cell(cell)


# ------------------------------------------------------------------------------ reading


def check_workbook_file(path: Path, *, display: str | None = None) -> None:
    """Refuse a workbook whose XML is too large, too compressed, or declares entities.

    Reads only the zip directory and streams each XML part once; nothing is parsed."""
    name = display or str(path)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError(
            "cannot open the workbook (not an .xlsx file: not a zip archive)",
            location=name,
            expected="an .xlsx file saved by Excel or LibreOffice",
        ) from None
    except OSError as exc:
        from attt_audit.yamlio import os_problem

        message, expected = os_problem(exc, writing=False)
        raise InputError(message, location=name, expected=expected) from None
    with archive:
        parts = [i for i in archive.infolist() if i.filename.lower().endswith((".xml", ".rels", ".vml"))]
        total = sum(i.file_size for i in parts)
        if total > MAX_XML_BYTES:
            raise InputError(
                f"the workbook's XML expands to {total:,} bytes, more than the {MAX_XML_BYTES:,}-byte limit",
                location=name,
                expected="a questionnaire workbook as 'questionnaire new -f xlsx' wrote it",
            )
        cells = 0
        for info in parts:
            if (
                info.compress_size
                and info.file_size / info.compress_size > MAX_RATIO
                and info.file_size > 1_000_000
            ):
                raise InputError(
                    f"part {info.filename} is compressed {info.file_size // info.compress_size}:1 "
                    "(a zip bomb?)",
                    location=name,
                    expected="an .xlsx file saved by Excel or LibreOffice",
                )
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
                raise InputError(
                    f"part {info.filename} cannot be read ({type(exc).__name__})",
                    location=name,
                    expected="an .xlsx file saved by Excel or LibreOffice",
                ) from None
            if len(data) != info.file_size:
                raise InputError(
                    f"part {info.filename} is not the size the zip directory states",
                    location=name,
                    expected="an .xlsx file saved by Excel or LibreOffice",
                )
            if _DECLARATION.search(data):
                raise InputError(
                    f"part {info.filename} declares a DOCTYPE or entities, which a workbook never needs",
                    location=name,
                    expected="an .xlsx file saved by Excel or LibreOffice",
                )
            if info.filename.startswith("xl/worksheets/"):
                cells += data.count(b"<c ") + data.count(b"<c>")
                if cells > MAX_CELLS:
                    raise InputError(
                        f"the workbook has more than {MAX_CELLS:,} cells",
                        location=name,
                        expected="a questionnaire workbook as 'questionnaire new -f xlsx' wrote it",
                    )
