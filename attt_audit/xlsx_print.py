"""Print setup shared by every workbook the tool writes (issue 13 §5).

An officer prints the questionnaire, the annual workbook and the province roll-up and files the
paper. :func:`apply_print_setup` gives every visible sheet of a workbook the same page setup:

- A4, landscape when the sheet is wider than a portrait page, fit to one page wide unless that
  would print the text below :data:`MIN_PRINT_PT` (then the frozen columns repeat on every page
  instead and the sheet runs over several pages across);
- the header rows repeated on every page, margins, a header with the system (or organisation)
  and the sheet name, a footer ``Trang 1/3`` / ``Page 1 of 3`` in the workbook's language;
- an autofilter on tables of :data:`LONG_TABLE_ROWS` rows or more;
- column widths at least the longest word of their header (a header never breaks inside a word)
  and row heights estimated from the wrapped text (LibreOffice and Excel do not always re-fit
  rows on open, and a cut row prints cut);
- frozen panes written the way Excel writes them (pane, then one selection in the active pane);
- dates shown ``DD/MM/YYYY`` (with ``HH:MM`` for a time of day).

A sheet too long to hold in memory (the annual workbook's requirements, ~80 rows a system) is
written with :class:`PrintedSheet` in a write-only workbook: the same setup, set as the rows are
written (each row's height from its wrapped text before it is written), never read back.

Why frozen panes "got lost": LibreOffice reads the ``<pane state="frozen">`` openpyxl writes (its
controller reports the split), but ``soffice --headless --convert-to xlsx`` writes no pane for any
workbook, ours or one LibreOffice saved itself: its xlsx export takes the view settings from the
*current view shell*, and a headless conversion has none. Opening the workbook in Calc and saving
it keeps them. ``tests/test_xlsx_print.py`` therefore asks LibreOffice itself (a Basic macro in a
throw-away profile) whether each sheet is frozen after loading.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any

from attt_audit.xlsx_safe import RISKY_START

MAX_SHEET_NAME = 31
"""Excel's limit on a sheet name."""

BODY_PT = 11
"""Size of the body text openpyxl writes (Calibri 11)."""

MIN_PRINT_PT = 9
"""Smallest text size on paper: fitting a sheet to the page width never shrinks text below it."""

MIN_SCALE = math.ceil(100 * MIN_PRINT_PT / BODY_PT)
"""Smallest print scale in percent (82 % of 11 pt is 9 pt)."""

LONG_TABLE_ROWS = 10
"""A table of this many data rows or more gets an autofilter."""

PORTRAIT_UNITS = 80.0
"""Column-width units across an A4 portrait page inside the margins, at 100 %. Measured with
LibreOffice where Calibri is missing (its stand-in font is wider: about 2.2 mm a unit, against
1.85 mm with Calibri), so the page also fits where the font differs. LibreOffice does not shrink
a sheet whose only column is wrapped text, so a portrait sheet must fit at 100 %."""

LANDSCAPE_UNITS = 120.0
"""The same across an A4 landscape page."""

LINE_PT = 15.0
"""Height of one line of 11 pt text in a row, in points."""

MAX_ROW_PT = 409.0
"""Excel's largest row height."""

CHARS_PER_UNIT = 1.2
"""Characters of Vietnamese or English prose a width unit holds (measured about 1.3 in
LibreOffice without Calibri, about 1.27 with Calibri's average letter)."""

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"

PAGE_WORDS = {"vi": "Trang &P/&N", "en": "Page &P of &N"}
"""Footer text: page number of page count, in the workbook's language."""

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class SheetPrint:
    """How one sheet is laid out for printing."""

    header_rows: int = 1
    """Rows at the top repeated on every printed page (0: none, e.g. an instructions sheet)."""
    freeze: str | None = None
    """Top-left cell of the scrolling pane; default: the first row under the header rows."""
    table: bool = True
    """The rows under the header form a table (an autofilter once it is long)."""
    landscape: bool | None = None
    """Force the orientation; default: landscape when the columns are wider than a portrait page."""
    repeat_columns: str | None = None
    """Columns repeated on every page when the sheet runs over several pages across (``A:A``);
    default: the frozen columns."""


DEFAULT = SheetPrint()


# ------------------------------------------------------------------------------- sheet names


def font(*, bold: bool = False, **extra: Any) -> Any:
    """The body font (Calibri 11) with ``bold`` or other attributes: a font without a name prints
    in a serif stand-in in LibreOffice."""
    from openpyxl.styles import Font

    return Font(name="Calibri", size=BODY_PT, bold=bold, **extra)


def sheet_name(text: str, taken: set[str], *, fallback: str = "Sheet") -> str:
    """An Excel-safe sheet name for ``text``, unique among ``taken`` (which it joins).

    At most 31 characters, none of ``[]:*?/\\``; a long name is cut at a word boundary (never
    inside a word, unless its first word alone is longer than the limit), and a duplicate gets
    `` (2)``, `` (3)`` … after a word-boundary cut that leaves room for it."""
    base = _FORBIDDEN.sub("-", unicodedata.normalize("NFC", text))
    base = " ".join(base.split()).strip("' ") or fallback
    used = {t.casefold() for t in taken}
    name = cut_words(base, MAX_SHEET_NAME)
    n = 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name = cut_words(base, MAX_SHEET_NAME - len(suffix)) + suffix
        n += 1
    taken.add(name)
    return name


def cut_words(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, trailing punctuation dropped."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    if space <= 0:  # a single word longer than the limit: nothing better than a hard cut
        return text[:limit]
    return text[:space].rstrip(" ,;:—–-(")


# ------------------------------------------------------------------------------- measuring


def longest_word(text: str) -> int:
    """Length of the longest space-separated word of ``text``."""
    return max((len(w) for w in str(text).split()), default=0)


def min_width(text: str, *, bold: bool = False) -> float:
    """Column width (in character units) that holds the longest word of ``text`` on one line."""
    factor = 1.15 if bold else 1.05
    return math.ceil(longest_word(text) * factor) + 2


def text_lines(text: str, width: float, *, bold: bool = False) -> int:
    """Lines ``text`` takes when wrapped on spaces in a column ``width`` characters wide."""
    room = max((width - 1) * CHARS_PER_UNIT / (1.12 if bold else 1.0), 1.0)
    lines = 0
    for paragraph in str(text).split("\n"):
        used = 0.0
        count = 1
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size > room:
                count += 1
                used = 0.0
            if size > room:  # a word longer than the line breaks where it must
                extra = math.ceil(size / room) - 1
                count += extra
                used = size - extra * room
            else:
                used = used + 1 + size if used else size
        lines += count
    return max(lines, 1)


def column_width(ws: Any, letter: str) -> float:
    dim = ws.column_dimensions.get(letter)  # .get: a missing column is not created
    width = getattr(dim, "width", None) if dim is not None else None
    return float(width) if width else 8.43


def used_width(ws: Any, columns: int | None = None) -> float:
    """Total width of the used, visible columns (character units); ``columns``: how many are used
    (default ``ws.max_column``; a write-only sheet does not know it)."""
    from openpyxl.utils import get_column_letter

    total = 0.0
    for col in range(1, (columns or ws.max_column or 1) + 1):
        letter = get_column_letter(col)
        dim = ws.column_dimensions.get(letter)
        if dim is not None and dim.hidden:
            continue
        total += column_width(ws, letter)
    return total


# ------------------------------------------------------------------------------- the setup


def apply_print_setup(
    wb: Any,
    *,
    lang: str,
    title: str,
    sheets: dict[str, SheetPrint] | None = None,
) -> None:
    """Give every visible sheet of ``wb`` its print setup (see the module docstring).

    ``title`` (the system's or the organisation's name) heads every printed page; ``sheets``
    names the layout of each sheet by title (:data:`DEFAULT`: one header row, a table)."""
    specs = sheets or {}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        setup_sheet(ws, lang=lang, title=title, spec=specs.get(ws.title, DEFAULT))


def setup_sheet(ws: Any, *, lang: str, title: str, spec: SheetPrint = DEFAULT) -> None:
    """Page setup, header and footer, widths, heights, filter, panes and dates of one sheet."""
    hr = spec.header_rows
    max_row = ws.max_row or 1
    if hr:
        _widen_for_words(ws, hr)
    _format_dates(ws)
    fit_row_heights(ws)

    # Frozen panes: below the header rows unless told otherwise.
    freeze = spec.freeze or (f"A{hr + 1}" if hr else None)
    if freeze:
        freeze_panes(ws, freeze)
    _page(ws, lang=lang, title=title, spec=spec, rows=max_row, columns=ws.max_column or 1)


def _page(ws: Any, *, lang: str, title: str, spec: SheetPrint, rows: int, columns: int) -> None:
    """The settings written after a sheet's rows: filter, page, print titles, margins, header and
    footer (``rows``/``columns``: the sheet's used size)."""
    from openpyxl.worksheet.page import PageMargins

    hr = spec.header_rows
    # Autofilter on a long table (kept when the writer already set one).
    if spec.table and hr and rows - hr >= LONG_TABLE_ROWS and not ws.auto_filter.ref:
        from openpyxl.utils import get_column_letter

        ws.auto_filter.ref = f"A{hr}:{get_column_letter(columns)}{rows}"
    if ws.auto_filter.ref and ws.protection.sheet:
        ws.protection.autoFilter = False  # filtering stays possible on a protected sheet

    # Page: A4, orientation by width, fit to width while text stays ≥ MIN_PRINT_PT.
    width = used_width(ws, columns)
    landscape = spec.landscape if spec.landscape is not None else width > PORTRAIT_UNITS
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4)
    room = LANDSCAPE_UNITS if landscape else PORTRAIT_UNITS
    across = pages_across(ws, room, spec.repeat_columns or _frozen_columns(ws), columns)
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = across
    ws.page_setup.fitToHeight = 0
    if across > 1:  # several pages across: the key columns repeat on each, left to right first
        ws.page_setup.pageOrder = "overThenDown"
        repeat = spec.repeat_columns or _frozen_columns(ws)
        if repeat:
            ws.print_title_cols = repeat
    if hr:
        ws.print_title_rows = f"1:{hr}"
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = False

    # Header: who the paper is about, and which sheet; footer: page of pages.
    ws.oddHeader.left.text = _hf_text(title, 90)
    ws.oddHeader.left.size = 9
    ws.oddHeader.right.text = "&A"
    ws.oddHeader.right.size = 9
    ws.oddFooter.center.text = PAGE_WORDS["en" if lang == "en" else "vi"]
    ws.oddFooter.center.size = 9


def pages_across(ws: Any, room: float, repeat: str | None = None, columns: int | None = None) -> int:
    """Pages across needed to print ``ws`` with text no smaller than :data:`MIN_PRINT_PT`.

    One page when the columns fit at :data:`MIN_SCALE`; otherwise as many as the columns need at
    that scale, ``repeat`` (``A:B``) printed again on each page. Pages break between columns, so
    each page is counted as holding only the whole columns that fit."""
    from openpyxl.utils import column_index_from_string, get_column_letter

    capacity = room * 100 / MIN_SCALE
    widths = []
    for col in range(1, (columns or ws.max_column or 1) + 1):
        dim = ws.column_dimensions.get(get_column_letter(col))
        if dim is not None and dim.hidden:
            continue
        widths.append((col, column_width(ws, get_column_letter(col))))
    if sum(w for _c, w in widths) <= capacity:
        return 1
    repeated = 0.0
    if repeat:
        first, _, last = repeat.partition(":")
        lo, hi = column_index_from_string(first), column_index_from_string(last or first)
        repeated = sum(w for c, w in widths if lo <= c <= hi)
        widths = [(c, w) for c, w in widths if not lo <= c <= hi]
    pages, used = 1, repeated
    for _c, w in widths:
        if used + w > capacity and used > repeated:
            pages += 1
            used = repeated
        used += w
    return pages


def freeze_panes(ws: Any, top_left: str) -> None:
    """Freeze rows above and columns left of ``top_left`` the way Excel writes it: one pane with
    ``state="frozen"`` and ``topLeftCell``, one selection in the active pane."""
    from openpyxl.worksheet.views import Selection

    ws.freeze_panes = top_left
    pane = ws.sheet_view.pane
    if pane is None:
        return
    ws.sheet_view.selection = [Selection(pane=pane.activePane, activeCell=top_left, sqref=top_left)]


def fit_row_heights(ws: Any, first_row: int = 1) -> None:
    """Give every row holding wrapped text a height for the lines it needs (never lower a taller row)."""
    from openpyxl.utils import get_column_letter

    merged = {c for rng in ws.merged_cells.ranges for c in rng.cells}
    widths = {col: column_width(ws, get_column_letter(col)) for col in range(1, (ws.max_column or 1) + 1)}
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            value = cell.value
            if value is None or not isinstance(value, str) or (cell.row, cell.column) in merged:
                continue
            wrapped = bool(cell.alignment is not None and cell.alignment.wrap_text)
            if not wrapped:
                continue
            bold = bool(cell.font is not None and cell.font.b)
            lines = max(lines, text_lines(value, widths.get(cell.column, 8.43), bold=bold))
        if lines > 1:
            height = min(LINE_PT * lines + 3, MAX_ROW_PT)
            dim = ws.row_dimensions[row[0].row]
            if not dim.height or dim.height < height:
                dim.height = height


def _widen_for_words(ws: Any, header_rows: int) -> None:
    """Widen each column to hold the longest word of its header cells (headers never break in a word)."""
    for row in ws.iter_rows(min_row=1, max_row=header_rows):
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value.strip():
                continue
            bold = bool(cell.font is not None and cell.font.b)
            need = min_width(cell.value, bold=bold)
            letter = cell.column_letter
            if column_width(ws, letter) < need:
                ws.column_dimensions[letter].width = need


def _format_dates(ws: Any) -> None:
    for row in ws.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, dt.datetime):
                has_time = (value.hour, value.minute, value.second) != (0, 0, 0)
                cell.number_format = DATETIME_FORMAT if has_time else DATE_FORMAT
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT


def _frozen_columns(ws: Any) -> str | None:
    pane = ws.sheet_view.pane
    if pane is None or not pane.xSplit:
        return None
    from openpyxl.utils import get_column_letter

    return f"A:{get_column_letter(int(pane.xSplit))}"


def _hf_text(text: str, limit: int) -> str:
    """Text for a header/footer part: one line, ``&`` escaped, at most ``limit`` characters."""
    flat = " ".join(str(text).split())
    return cut_words(flat, limit).replace("&", "&&")


def date_text(day: dt.date | dt.datetime | None) -> str:
    """A date for text written into a cell: ``dd/mm/yyyy`` (with ``HH:MM`` for a datetime)."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        return f"{day:%d/%m/%Y %H:%M}"
    return f"{day:%d/%m/%Y}"


# ------------------------------------------------------------------------ write-only sheets


@dataclass(frozen=True)
class CellStyle:
    """A style of the cells of a :class:`PrintedSheet`, made once (:meth:`PrintedSheet.style`)
    and shared by every cell written with it."""

    array: Any
    """openpyxl's style index array (``cell._style``)."""
    wrap: bool
    bold: bool
    number_format: str


class PrintedSheet:
    """A sheet of a write-only workbook (``openpyxl.Workbook(write_only=True)``) that ends up with
    the print setup :func:`setup_sheet` gives a finished sheet, set as its rows are written: a row
    is written once and never read back, so a sheet of 100,000 rows costs the memory of one.

    ``widths`` (letter → width) are the columns' widths; the header rows (the first
    ``spec.header_rows`` rows appended) widen them to hold their longest word before anything is
    written, as :func:`setup_sheet` does. Each row's height comes from its wrapped text before it is
    written; dates are shown ``DD/MM/YYYY``; every string stays text (never a formula: the
    :func:`attt_audit.xlsx_safe.guard_cell` rule). Call :meth:`finish` after the last row, before
    the workbook is saved: it closes the sheet."""

    def __init__(
        self,
        wb: Any,
        title: str,
        *,
        lang: str,
        page_title: str,
        spec: SheetPrint = DEFAULT,
        widths: Mapping[str, float] | None = None,
    ) -> None:
        self.ws = wb.create_sheet(title)
        self.lang, self.page_title, self.spec = lang, page_title, spec
        for letter, width in (widths or {}).items():
            self.ws.column_dimensions[letter].width = width
        self.rows = 0
        self.columns = 0
        self._pending: list[list[tuple[Any, CellStyle | None]]] | None = [] if spec.header_rows else None
        self._widths: dict[int, float] = {}
        self._lines: dict[tuple[str, int, bool], int] = {}
        self._dated: dict[tuple[int, str], CellStyle] = {}
        self._xfs: dict[tuple[int, bool], int] = {}
        self._keep: list[CellStyle | None] = []
        self._texts: dict[str, str] = {}
        self._letters: list[str] = []
        self._spool: Any = None
        if not spec.header_rows:
            self._start()

    def style(
        self, *, font: Any = None, fill: Any = None, alignment: Any = None, number_format: str | None = None
    ) -> CellStyle:
        """A cell style for :meth:`append` (openpyxl ``Font``, ``PatternFill``, ``Alignment``)."""
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.ws)
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if alignment is not None:
            cell.alignment = alignment
        if number_format is not None:
            cell.number_format = number_format
        return CellStyle(
            array=cell._style,
            wrap=bool(alignment is not None and alignment.wrap_text),
            bold=bool(font is not None and font.b),
            number_format=cell.number_format,
        )

    def append(
        self, values: Sequence[Any], styles: CellStyle | Sequence[CellStyle | None] | None = None
    ) -> None:
        """Write the next row: ``values`` with one style for all (``styles``) or one per column."""
        per_column = [styles] * len(values) if styles is None or isinstance(styles, CellStyle) else styles
        row = list(zip(values, per_column, strict=True))
        self.columns = max(self.columns, len(row))
        if self._pending is not None:
            self._pending.append(row)
            if len(self._pending) == self.spec.header_rows:
                self._start()
            return
        self._write(row)

    def finish(self) -> None:
        """Set what is written after the rows (filter, page, titles, header and footer)."""
        if self._pending is not None:
            self._start()
        _page(
            self.ws,
            lang=self.lang,
            title=self.page_title,
            spec=self.spec,
            rows=max(self.rows, 1),
            columns=max(self.columns, 1),
        )
        self._close()

    # ---- inside

    def _start(self) -> None:
        """Widen the columns for the header rows, freeze the panes, then write the header rows."""
        pending, self._pending = self._pending or [], None
        for row in pending:
            for col, (value, style) in enumerate(row, 1):
                if not isinstance(value, str) or not value.strip():
                    continue
                need = min_width(value, bold=bool(style and style.bold))
                letter = _letter(col)
                if column_width(self.ws, letter) < need:
                    self.ws.column_dimensions[letter].width = need
        hr = self.spec.header_rows
        freeze = self.spec.freeze or (f"A{hr + 1}" if hr else None)
        if freeze:
            freeze_panes(self.ws, freeze)
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True  # written before the rows
        for row in pending:
            self._write(row)

    def _width(self, col: int) -> float:
        width = self._widths.get(col)
        if width is None:
            width = self._widths[col] = column_width(self.ws, _letter(col))
        return width

    def _write(self, row: list[tuple[Any, CellStyle | None]]) -> None:
        """Write one row as openpyxl's write-only writer would (inline strings, dates as serial
        numbers), without making an openpyxl cell per value: the row's XML is put together as
        text, each distinct string escaped once, and spooled to a temporary file."""
        lines = 1
        parts: list[str] = []
        number = self.rows + 1
        for col, (value, style) in enumerate(row, 1):
            ref = f"{self._column(col)}{number}"
            if isinstance(value, str):
                if style is not None and style.wrap:
                    key = (value, col, style.bold)
                    need = self._lines.get(key)
                    if need is None:
                        need = text_lines(value, self._width(col), bold=style.bold)
                        if len(self._lines) < _CACHED:
                            self._lines[key] = need
                    lines = max(lines, need)
                xf = self._xf(style, quote=value.startswith(RISKY_START))  # text, never a formula
                s_attr = f' s="{xf}"' if xf is not None else ""
                if value == "":
                    parts.append(f'<c r="{ref}"{s_attr} t="inlineStr"/>')
                else:
                    parts.append(f'<c r="{ref}"{s_attr} t="inlineStr"><is>{self._text(value)}</is></c>')
            elif value is None:
                if style is not None:
                    parts.append(f'<c r="{ref}" s="{self._xf(style)}"/>')
            elif isinstance(value, dt.date):
                from openpyxl.utils.datetime import to_excel

                xf = self._xf(self._date_style(value, style))
                serial = _number(to_excel(value, self.ws.parent.epoch))
                parts.append(f'<c r="{ref}" s="{xf}" t="n"><v>{serial}</v></c>')
            elif isinstance(value, bool | int | float):
                xf = self._xf(style)
                s_attr = f' s="{xf}"' if xf is not None else ""
                kind = "b" if isinstance(value, bool) else "n"
                parts.append(f'<c r="{ref}"{s_attr} t="{kind}"><v>{_number(value)}</v></c>')
            else:
                raise TypeError(f"a workbook cell cannot hold {type(value).__name__}")
        self.rows = number
        height = ""
        if lines > 1:
            height = f' ht="{_number(min(LINE_PT * lines + 3, MAX_ROW_PT))}" customHeight="1"'
        self._send(f'<row r="{number}"{height}>{"".join(parts)}</row>')

    def _column(self, col: int) -> str:
        while len(self._letters) < col:
            self._letters.append(_letter(len(self._letters) + 1))
        return self._letters[col - 1]

    def _text(self, value: str) -> str:
        """``<t>value</t>`` escaped (characters XML cannot hold dropped), once per distinct text."""
        found = self._texts.get(value)
        if found is None:
            from xml.sax.saxutils import escape

            from attt_audit.xlsx_safe import safe_cell_value

            clean = safe_cell_value(value)
            space = ' xml:space="preserve"' if clean != clean.strip() else ""
            found = f"<t{space}>{escape(clean, {chr(13): '&#13;'})}</t>"
            if len(self._texts) < _CACHED:
                self._texts[value] = found
        return found

    def _xf(self, style: CellStyle | None, *, quote: bool = False) -> int | None:
        """The workbook's index of ``style`` (with Excel's quote prefix: ``quote``)."""
        if style is None and not quote:
            return None
        key = (id(style), quote)
        found = self._xfs.get(key)
        if found is None:
            from openpyxl.styles.cell_style import StyleArray

            array = copy(style.array) if style is not None else StyleArray()
            if quote:
                array.quotePrefix = 1
            found = self._xfs[key] = self.ws.parent._cell_styles.add(array)
            self._keep.append(style)  # the id stays that style's
        return found

    def _send(self, text: str) -> None:
        if self._spool is None:
            import tempfile

            # anonymous (gone when closed or collected); closed by _close
            self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
        self._spool.write(text)

    def _close(self) -> None:
        """Close the sheet (openpyxl writes it with no rows) and put the spooled rows in its
        ``<sheetData>``: the rows are text, never openpyxl cells or lxml elements."""
        import re
        import shutil

        ws = self.ws
        ws.close()
        out = ws._writer.out
        with open(out, "rb") as fh:
            sheet = fh.read()  # everything but the rows: a few KB
        found = re.search(rb"<sheetData\s*/>|<sheetData>\s*</sheetData>", sheet)
        if found is None:
            raise RuntimeError("openpyxl wrote a sheet without an empty <sheetData>")
        with open(out, "wb") as fh:
            fh.write(sheet[: found.start()] + b"<sheetData>")
            if self._spool is not None:
                self._spool.flush()
                self._spool.seek(0)
                with open(self._spool.fileno(), "rb", closefd=False) as rows:
                    shutil.copyfileobj(rows, fh, 1 << 20)
                self._spool.close()
                self._spool = None
            fh.write(b"</sheetData>" + sheet[found.end() :])

    def _date_style(self, value: dt.date, style: CellStyle | None) -> CellStyle:
        has_time = isinstance(value, dt.datetime) and (value.hour, value.minute, value.second) != (0, 0, 0)
        wanted = DATETIME_FORMAT if has_time else DATE_FORMAT
        if style is not None and style.number_format == wanted:
            return style
        key = (id(style), wanted)
        found = self._dated.get(key)
        if found is None:
            array = copy(style.array) if style is not None else None
            cell = _blank_cell(self.ws, array)
            cell.number_format = wanted
            found = self._dated[key] = CellStyle(
                array=cell._style,
                wrap=bool(style and style.wrap),
                bold=bool(style and style.bold),
                number_format=wanted,
            )
            self._keep.append(style)  # the id stays that style's
        return found


_CACHED = 100_000
"""Most distinct texts a :class:`PrintedSheet` keeps escaped and measured (repeated texts, such
as requirement titles, are the point; a sheet of unique texts must not grow without bound)."""


def _number(value: float) -> str:
    """A number as openpyxl writes it into a cell (``openpyxl.compat.safe_string``)."""
    return "" if math.isnan(value) or math.isinf(value) else f"{value:.16g}"


def _blank_cell(ws: Any, array: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    if array is not None:
        cell._style = array
    return cell


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(col))
