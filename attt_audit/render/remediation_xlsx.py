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
from dataclasses import dataclass
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
    import openpyxl
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from attt_audit.xlsx_print import font
    from attt_audit.xlsx_safe import guard_workbook, safe_cell_value
    from attt_audit.yamlio import atomic_write_bytes

    view = build_view(result, lang)
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
    planned = {item.control: item.due for item in result.remediation}
    for m, item in zip(view["remediation"], result.remediation, strict=True):
        values = [
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

    name = result.system.name or result.system.id
    apply_print_setup(  # A4, header row repeated, system and page numbers on every page (issue 13 §5)
        wb, lang=lang, title=str(name), sheets={ws.title: SheetPrint(header_rows=1, freeze="C2")}
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
    atomic_write_bytes(path, buffer.getvalue())
    return path


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
