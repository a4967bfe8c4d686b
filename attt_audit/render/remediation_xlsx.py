"""The remediation plan of one system as a workbook the officer keeps up to date (issue 13 §3).

``remediation.xlsx`` (one per system, beside its reports) lists every gap with the requirement
in words, what is missing, the corrective action, the priority, the deadline, the owner and a
status. The officer edits the Owner, Deadline, Status and Note columns; the next run reads the
previous run's workbook back (:func:`carry_progress`) so those edits carry over:

* rows are matched by the reference id column (the catalog id of the requirement);
* an owner, a status or a note the officer wrote replaces the default; the deadline of the
  previous plan is kept (as the officer edited it, or as an earlier run computed it), so
  re-running never pushes a deadline back;
* a requirement that is no longer a gap drops out of the plan; a new gap gets the defaults.

Reading is defensive: the workbook is checked (:func:`attt_audit.xlsx_safe.check_workbook_file`)
before it is parsed; a row without a known reference id is ignored; a deadline that is not a
date is an :class:`~attt_audit.errors.InputError` naming the file and cell. Cells are written
through :mod:`attt_audit.xlsx_safe` (text never becomes a formula) and the file atomically.
"""

from __future__ import annotations

import datetime as dt
import io
from copy import copy
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from attt_audit.errors import InputError
from attt_audit.models import AssessmentResult
from attt_audit.models.common import Lang
from attt_audit.render.context import build_view
from attt_audit.render.labels import label

FILE_NAME = "remediation.xlsx"
SHEET = {"vi": "Kế hoạch khắc phục", "en": "Remediation plan"}
HEADERS = {
    "vi": (
        "STT",
        "Mã tham chiếu",
        "Yêu cầu",
        "Điều khoản",
        "Nội dung còn thiếu",
        "Biện pháp khắc phục",
        "Ưu tiên",
        "Hạn hoàn thành",
        "Người phụ trách",
        "Trạng thái",
        "Ghi chú",
    ),
    "en": (
        "No.",
        "Reference id",
        "Requirement",
        "Clause",
        "What is missing",
        "Corrective action",
        "Priority",
        "Deadline",
        "Owner",
        "Status",
        "Note",
    ),
}
WIDTHS = (6, 16, 34, 22, 44, 44, 14, 14, 24, 18, 30)
STATES = {
    "vi": ("Chưa thực hiện", "Đang thực hiện", "Đã hoàn thành", "Tạm dừng"),
    "en": ("Open", "In progress", "Done", "On hold"),
}
REF_COL, DUE_COL, OWNER_COL, STATE_COL, NOTE_COL = 2, 8, 9, 10, 11


@dataclass(frozen=True)
class Progress:
    """What the officer wrote on one row of a previous plan."""

    owner: str
    state: str
    due: dt.date | None
    planned_due: dt.date | None
    """The deadline the plan computed when it wrote the row (to tell an edit from a default)."""
    note: str


def write_remediation_xlsx(result: AssessmentResult, lang: Lang, path: Path) -> Path:
    """Write the plan of ``result`` (owner/state/due as in ``result.remediation``)."""
    from attt_audit.yamlio import atomic_write_bytes

    view = build_view(result, lang)
    rows = [
        [
            m["no"],
            m["control"],
            m["title"],
            m["clause"],
            "\n".join(m["missing"]),
            m["action"],
            f"{m['priority']} – {m['priority_label']}",
            item.due,
            m["owner"],
            m["state"],
            "",
        ]
        for m, item in zip(view["remediation"], result.remediation, strict=True)
    ]
    planned = {item.control: item.due for item in result.remediation}
    title = str(result.system.name or result.system.id)
    data = _plain_workbook(rows, planned, lang, title)
    if data is None:  # text that needs openpyxl's care (a formula guard), or no gap at all
        data = _openpyxl_workbook(rows, planned, lang, title)
    atomic_write_bytes(path, data)
    return path


def _openpyxl_workbook(rows: list[list[Any]], planned: dict[str, dt.date], lang: Lang, title: str) -> bytes:
    """The workbook as openpyxl writes it (the reference :func:`_plain_workbook` must match)."""
    import openpyxl
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from attt_audit.xlsx_print import font
    from attt_audit.xlsx_safe import guard_workbook, safe_cell_value

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET[lang]
    ws.append([safe_cell_value(v) for v in HEADERS[lang]])
    for cell in ws[1]:
        cell.font = font(bold=True)  # named: a font without a name prints in a serif stand-in
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    # Every body cell has the same style (wrapped, top), the deadline a date format on top of
    # it: the style is set through openpyxl once and its index array copied to the other cells
    # (setting ``cell.alignment`` hashes and looks the style up again for each cell).
    body_style = date_style = None
    for values in rows:
        ws.append([safe_cell_value(v) for v in values])
        row = ws.max_row
        if body_style is None:
            first = ws.cell(row, 1)
            first.alignment = Alignment(wrap_text=True, vertical="top")
            body_style = first._style
            due = ws.cell(row, DUE_COL)
            due.alignment = Alignment(wrap_text=True, vertical="top")
            due.number_format = "DD/MM/YYYY"
            date_style = due._style
        for col in range(1, len(WIDTHS) + 1):
            ws.cell(row, col)._style = copy(date_style if col == DUE_COL else body_style)
    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = width
    ws.freeze_panes = "C2"
    if ws.max_row > 1:
        ws.auto_filter.ref = f"A1:{openpyxl.utils.get_column_letter(len(WIDTHS))}{ws.max_row}"
        states = DataValidation(
            type="list", formula1='"' + ",".join(STATES[lang]) + '"', allow_blank=True, showErrorMessage=False
        )
        ws.add_data_validation(states)
        states.add(f"J2:J{ws.max_row}")
    from attt_audit.xlsx_print import SheetPrint, apply_print_setup

    apply_print_setup(  # A4, header row repeated, system and page numbers on every page (issue 13 §5)
        wb, lang=lang, title=title, sheets={ws.title: SheetPrint(header_rows=1, freeze="C2")}
    )
    # A hidden sheet keeps the deadline each row was given, so an edit can be told from a default.
    meta = wb.create_sheet("_plan")
    meta.sheet_state = "hidden"
    meta.append(["control", "planned_due"])
    for control, due in planned.items():
        meta.append([control, due])
    guard_workbook(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------ the plain writer
#
# openpyxl spends ~0.7 ms a row building, styling, measuring and serialising a row of cell
# objects, and ~12 ms on a workbook's fixed parts: ~50 ms for a system's plan, the largest cost
# of a run after the Word report. The plan is always the same shape, so openpyxl writes it once
# per language with one sample row (the "skeleton"); each system's workbook is that skeleton
# with its own rows (the XML openpyxl writes for such a row, made here), row count and title.
# Anything the sample does not cover (text that would start a formula, which openpyxl stores
# with a quote prefix and another style; no gap at all) goes through openpyxl as before. The
# skeleton checks itself: the sample rows must come out of this writer exactly as openpyxl
# wrote them, or the plain writer is not used (tests/test_run_cpu.py compares whole workbooks).

_TITLE_MARK = "QQTITLEQQ"
_SAMPLE_DAY = dt.date(2031, 1, 2)
_SAMPLE_ROWS = (
    (1, "a", " b ", "c&<>\r", "Điều\nd", "e", "f", _SAMPLE_DAY, "g", "h", ""),
    (2, "a", "b", "c", "d", "e", "f", _SAMPLE_DAY, "g", "h", "i"),
)
_SAMPLE_PLAN = {"sample.one": _SAMPLE_DAY, "sample.two": _SAMPLE_DAY}
"""Two rows: openpyxl writes a one-cell range (``J2``) differently from a longer one."""
_LETTERS = "ABCDEFGHIJK"


@dataclass(frozen=True)
class _Skeleton:
    names: tuple[str, ...]
    """Member names in openpyxl's order."""
    parts: dict[str, bytes]
    sheet_head: str
    """``xl/worksheets/sheet1.xml`` up to the first body row; ``{last}`` for the last row."""
    sheet_tail: str
    """From ``</sheetData>`` on; ``{last}`` and ``{title}``."""
    plan_head: str
    plan_tail: str
    workbook: str
    """``xl/workbook.xml`` with ``{last}``."""
    widths: tuple[float, ...]
    body_style: str
    date_style: str
    plan_date_style: str
    packed: dict[str, Any] = field(default_factory=dict)
    """The parts every plan has as they are, compressed once (name → ``document._Member``)."""


@lru_cache(maxsize=16384)
def _cell_text(value: str, width: float) -> tuple[str, int]:
    """(the ``<t>`` of a text cell, the lines it wraps to in a column ``width`` wide): the same
    titles, clauses, actions and owners come back on every system's plan."""
    from attt_audit.xlsx_print import text_lines

    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f"<t{space}>{_xml_text(value)}</t>", text_lines(value, width)


def _xml_text(text: str) -> str:
    """Text as lxml serialises it in openpyxl's parts (ASCII, other characters as references)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return text if text.isascii() else text.encode("ascii", "xmlcharrefreplace").decode("ascii")


class _NotPlain(Exception):
    """A value the plain writer does not write (openpyxl does)."""


@lru_cache(maxsize=16384)
def _text_cell(raw: str, width: float) -> tuple[str, int] | None:
    """A text cell's content after its ``t="inlineStr">`` and the lines it wraps to, or ``None``
    when the text would start a formula (:func:`_cell_text` of its safe text, once per text)."""
    from attt_audit.xlsx_safe import is_risky, safe_cell_value

    value = safe_cell_value(raw)
    if is_risky(value):
        return None
    text, need = _cell_text(value, width)
    return (f"<is>{text}</is>" if value else ""), need


@lru_cache(maxsize=4096)
def _excel_day(day: dt.date) -> str:
    """A date as the serial number openpyxl writes for it."""
    from openpyxl.utils.datetime import to_excel

    return f"{to_excel(day):.16g}"


def _row_xml(r: int, values: list[Any], sk: _Skeleton) -> str:
    from attt_audit.xlsx_print import LINE_PT, MAX_ROW_PT

    cells = []
    lines = 1
    widths, body, date = sk.widths, sk.body_style, sk.date_style
    for col, raw in enumerate(values):
        letter = _LETTERS[col]
        if isinstance(raw, str):
            cell = _text_cell(raw, widths[col])
            if cell is None:
                raise _NotPlain(f"{letter}{r}")
            text, need = cell
            if need > lines:
                lines = need
            cells.append(f'<c r="{letter}{r}" s="{body}" t="inlineStr">{text}</c>')
            continue
        kind = type(raw)
        if kind is int:
            cells.append(f'<c r="{letter}{r}" s="{body}" t="n"><v>{raw:.16g}</v></c>')
        elif kind is dt.date:
            cells.append(f'<c r="{letter}{r}" s="{date}" t="n"><v>{_excel_day(raw)}</v></c>')
        else:
            raise _NotPlain(f"{letter}{r}")
    height = ""
    if lines > 1:
        height = f' ht="{min(LINE_PT * lines + 3, MAX_ROW_PT):.16g}" customHeight="1"'
    return f'<row r="{r}"{height}>{"".join(cells)}</row>'


def _plan_row_xml(r: int, control: str, due: Any, sk: _Skeleton) -> str:
    from attt_audit.xlsx_safe import is_risky

    if type(control) is not str or not control or is_risky(control) or type(due) is not dt.date:
        raise _NotPlain(f"_plan!A{r}")
    space = ' xml:space="preserve"' if control != control.strip() else ""
    return (
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t{space}>{_xml_text(control)}</t></is></c>'
        f'<c r="B{r}" s="{sk.plan_date_style}" t="n"><v>{_excel_day(due)}</v></c></row>'
    )


def _split_rows(xml: str) -> tuple[str, list[str], str]:
    """(up to and with ``<sheetData>``, the rows, from ``</sheetData>`` on)."""
    start = xml.index("<sheetData>") + len("<sheetData>")
    end = xml.index("</sheetData>")
    rows = [row + "</row>" for row in xml[start:end].split("</row>") if row]
    return xml[:start], rows, xml[end:]


def _once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise _NotPlain(old)
    return text.replace(old, new)


@lru_cache(maxsize=4)
def _skeleton(lang: Lang) -> _Skeleton | None:
    import re
    import zipfile

    data = _openpyxl_workbook([list(row) for row in _SAMPLE_ROWS], dict(_SAMPLE_PLAN), lang, _TITLE_MARK)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = tuple(archive.namelist())
        parts = {name: archive.read(name) for name in names}
    try:
        sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8").replace("{", "{{").replace("}", "}}")
        head, rows, tail = _split_rows(sheet)
        if len(rows) != 1 + len(_SAMPLE_ROWS):
            return None
        head += rows[0]  # the header row, the same for every system
        head = _once(head, '<dimension ref="A1:K3"/>', '<dimension ref="A1:K{last}"/>')
        tail = _once(tail, '<autoFilter ref="A1:K3"/>', '<autoFilter ref="A1:K{last}"/>')
        tail = _once(tail, 'sqref="J2:J3"', 'sqref="J2:J{last}"')
        tail = _once(tail, _TITLE_MARK, "{title}")
        plan = parts["xl/worksheets/sheet2.xml"].decode("utf-8").replace("{", "{{").replace("}", "}}")
        plan_head, plan_rows, plan_tail = _split_rows(plan)
        if len(plan_rows) != 1 + len(_SAMPLE_PLAN):
            return None
        plan_head = _once(
            plan_head + plan_rows[0], '<dimension ref="A1:B3"/>', '<dimension ref="A1:B{last}"/>'
        )
        workbook = parts["xl/workbook.xml"].decode("utf-8").replace("{", "{{").replace("}", "}}")
        workbook = _once(workbook, "$A$1:$K$3<", "$A$1:$K${last}<")
        body = re.search(r'<c r="B2" s="(\d+)"', rows[1])
        date = re.search(r'<c r="H2" s="(\d+)"', rows[1])
        plan_date = re.search(r'<c r="B2" s="(\d+)"', plan_rows[1])
        if body is None or date is None or plan_date is None:
            return None
        widths = tuple(
            float(w)
            for w in re.findall(r'<col width="([0-9.]+)" customWidth="1" min="\d+" max="\d+"/>', sheet)
        )
        if len(widths) != len(WIDTHS):
            return None
        sk = _Skeleton(
            names=names,
            parts=parts,
            sheet_head=head,
            sheet_tail=tail,
            plan_head=plan_head,
            plan_tail=plan_tail,
            workbook=workbook,
            widths=widths,
            body_style=body.group(1),
            date_style=date.group(1),
            plan_date_style=plan_date.group(1),
        )
        # The sample rows must come out of this writer as openpyxl wrote them.
        ours = [_row_xml(r, list(row), sk) for r, row in enumerate(_SAMPLE_ROWS, 2)]
        ours += [_plan_row_xml(r, c, due, sk) for r, (c, due) in enumerate(_SAMPLE_PLAN.items(), 2)]
        theirs = [row.replace("{{", "{").replace("}}", "}") for row in rows[1:] + plan_rows[1:]]
        if ours != theirs:
            return None
    except (_NotPlain, ValueError, KeyError):
        return None
    from attt_audit.render.document import _deflated

    varying = {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/workbook.xml", "docProps/core.xml"}
    sk.packed.update((name, _deflated(name, parts[name])) for name in names if name not in varying)
    return sk


def _plain_workbook(
    rows: list[list[Any]], planned: dict[str, dt.date], lang: Lang, title: str
) -> bytes | None:
    """The bytes :func:`_openpyxl_workbook` would write (its core properties' times apart), or
    ``None`` when the plan holds something only openpyxl writes."""
    from attt_audit.xlsx_print import _hf_text

    if not rows or not planned:
        return None
    sk = _skeleton(lang)
    if sk is None:
        return None
    header = _hf_text(title, 90)
    if not header:
        return None
    try:
        body = [_row_xml(r, values, sk) for r, values in enumerate(rows, 2)]
        plan = [_plan_row_xml(r, control, due, sk) for r, (control, due) in enumerate(planned.items(), 2)]
    except _NotPlain:
        return None
    last = len(rows) + 1
    texts = {
        "xl/worksheets/sheet1.xml": sk.sheet_head.format(last=last)
        + "".join(body)
        + sk.sheet_tail.format(last=last, title=_xml_text(header)),
        "xl/worksheets/sheet2.xml": sk.plan_head.format(last=len(planned) + 1)
        + "".join(plan)
        + sk.plan_tail.format(last=len(planned) + 1),
        "xl/workbook.xml": sk.workbook.format(last=last),
        "docProps/core.xml": _core_now(sk.parts["docProps/core.xml"].decode("utf-8")),
    }
    # The archive as zipfile.ZipFile(…, "w", ZIP_DEFLATED).writestr writes it (same layout and
    # compression level): the parts every plan shares were compressed once with the skeleton.
    from attt_audit.render.document import _deflated, _zip

    members = [
        sk.packed[name] if name in sk.packed else _deflated(name, texts[name].encode("utf-8"))
        for name in sk.names
    ]
    return _zip(members)


def _core_now(xml: str) -> str:
    """The skeleton's core properties with this moment as created and modified (as openpyxl)."""
    import re

    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return re.sub(r"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)", rf"\g<1>{now}\g<3>", xml)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _date(value: Any, path: Path, cell: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InputError(
        f"deadline {text!r} is not a date", location=f"{path}:{cell}", expected="a date, dd/mm/yyyy"
    )


def read_progress(path: Path) -> dict[str, Progress]:
    """Reference id → what the officer wrote, from a plan this module wrote (edited since)."""
    import openpyxl

    from attt_audit.xlsx_safe import check_workbook_file

    check_workbook_file(path)
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001  (a damaged file is one clear line, not a traceback)
        raise InputError(
            f"cannot read the remediation workbook: {exc}", location=str(path), expected="remediation.xlsx"
        ) from None
    sheet = next((wb[name] for name in SHEET.values() if name in wb.sheetnames), wb.worksheets[0])
    planned: dict[str, dt.date | None] = {}
    if "_plan" in wb.sheetnames:
        for control, due in wb["_plan"].iter_rows(min_row=2, values_only=True):
            if control:
                planned[str(control)] = _date(due, path, "_plan")
    out: dict[str, Progress] = {}
    for r, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), 2):
        if len(row) < NOTE_COL or not row[REF_COL - 1]:
            continue
        control = _text(row[REF_COL - 1])
        out[control] = Progress(
            owner=_text(row[OWNER_COL - 1]),
            state=_text(row[STATE_COL - 1]),
            due=_date(row[DUE_COL - 1], path, f"{sheet.title}!H{r}"),
            planned_due=planned.get(control),
            note=_text(row[NOTE_COL - 1]),
        )
    return out


def apply_progress(result: AssessmentResult, progress: dict[str, Progress], lang: Lang) -> AssessmentResult:
    """``result`` with the officer's owner, status, note and the previous deadline carried onto its plan.

    A default value (the operator as owner, the "not done" status) is not carried as an edit, so
    a later change of the inventory's operator still shows."""
    defaults = {label("state_open", code) for code in ("vi", "en")}
    items = []
    for item in result.remediation:
        p = progress.get(item.control)
        if p is None:
            items.append(item)
            continue
        update: dict[str, Any] = {}
        operator = result.system.operator or result.system.owner or ""
        if p.owner and p.owner != operator:
            update["owner"] = p.owner
        state = p.state if p.state not in defaults else ""
        if p.note:
            state = f"{state} — {p.note}" if state else p.note
        if state:
            update["state"] = state
        if p.due is not None and p.due != item.due:
            # A deadline once set stays (edited by the officer or computed by an earlier run):
            # a later run must not push it back by re-counting from its own date.
            update["due"] = p.due
        items.append(item.model_copy(update=update))
    return result.model_copy(update={"remediation": items})


def previous_plan(runs_dir: Path, system: str, before: Path | None = None) -> Path | None:
    """The newest ``<run>/<system>/remediation.xlsx`` under ``runs_dir`` (other than ``before``)."""
    if not runs_dir.is_dir():
        return None
    candidates = [
        p
        for p in runs_dir.glob(f"*/{system}/{FILE_NAME}")
        if before is None or p.parent.parent.resolve() != before.resolve()
    ]
    return max(candidates, key=lambda p: (p.stat().st_mtime, p.as_posix()), default=None)


def carry_progress(
    result: AssessmentResult, lang: Lang, runs_dir: Path, out_dir: Path, formats: list[str] | None = None
) -> tuple[AssessmentResult, list[Path]]:
    """Carry the officer's edits from the system's previous plan (if any) onto ``result`` and
    write the new ``remediation.xlsx`` in ``out_dir`` when the run writes documents for people
    (``formats`` holds ``docx`` or ``html``; ``None``: always). Returns the updated result and
    the files written.

    The run use case calls this once per system before rendering the reports, so the Word, HTML
    and Markdown plans show the same owners, statuses and deadlines as the workbook."""
    system = result.system.id
    previous = previous_plan(runs_dir, system, before=out_dir.parent)
    if previous is not None:
        result = apply_progress(result, read_progress(previous), lang)
    if formats is not None and not {"docx", "html"} & set(formats):
        return result, []
    out_dir.mkdir(parents=True, exist_ok=True)
    return result, [write_remediation_xlsx(result, lang, out_dir / FILE_NAME)]
