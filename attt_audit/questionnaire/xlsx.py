"""The Excel form: an instructions sheet, one sheet per requirement group, a hidden ``_meta`` sheet.

Columns are found by their header text on import, so a user may reorder, hide or delete
columns: a deleted answer column keeps the answers file's values for that field, a deleted key
or status column is an error. Every import error names its ``Sheet!Cell``.

Edits made to the answers file after the workbook was generated are never overwritten by the
workbook silently: a differing answer is reported as a conflict unless ``overwrite`` is set.

Nothing typed is ignored either: a status in the value column, in a column the import does not
read, on the instructions sheet or on a sheet the user added is an error at its ``Sheet!Cell``,
as is a Không áp dụng without a justification (the rule ``questionnaire check`` applies). An
imported answer's ``source`` records the workbook and the row's status cell
(``xlsx:<system>@<made>#Mạng!D14``), so ``check`` points at the cell to fix.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from attt_audit import xlsx_safe
from attt_audit.errors import InputError
from attt_audit.models import Answer, AnswerSet, LocalText, Status
from attt_audit.models.common import Lang, status_choices
from attt_audit.questionnaire.interface import AnswerSource, QuestionItem, Questionnaire, QuestionnaireError
from attt_audit.questionnaire.merge import same_content, sort_keys
from attt_audit.yamlio import atomic_write_bytes

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

META_SHEET = "_meta"
INSTRUCTIONS_SHEET = "Hướng dẫn"
OTHER_SHEET = "Câu trả lời khác"
SHEET_NAMES = {
    "vi": {"instructions": INSTRUCTIONS_SHEET, "other": OTHER_SHEET},
    "en": {"instructions": "Instructions", "other": "Other answers"},
}
"""The fixed sheets' names by workbook language (the reader skips them: no question-key column)."""
FORMAT = "attt-audit-questionnaire/1"
MAX_ERRORS = 200


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    english: str
    width: int
    answer: bool
    """An answer column: unlocked, read back on import."""


COLUMNS = [
    Column("key", "Mã câu hỏi", "Question key", 22, False),
    Column("reference", "Điều khoản / căn cứ", "Clause / basis", 14, False),
    Column("question", "Yêu cầu và câu hỏi", "Requirement and question", 52, False),
    Column("status", "Trạng thái", "Status", 15, True),
    Column("value", "Giá trị (số)", "Value (number)", 11, True),
    Column("evidence", "Tham chiếu bằng chứng", "Evidence references", 22, True),
    Column("note", "Ghi chú", "Note", 20, True),
    Column("justification", "Lý do không áp dụng", "N/A justification", 18, True),
    Column("answered_by", "Người trả lời", "Answered by", 13, True),
    Column("hints", "Bằng chứng gợi ý", "Suggested evidence", 28, False),
]
"""Widths: printed two A4 landscape pages across (the key column repeated) with text ≥ 9 pt."""
BY_FIELD = {c.field: c for c in COLUMNS}


def _norm(text: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


_HEADER_LOOKUP = {_norm(c.header): c.field for c in COLUMNS} | {_norm(c.english): c.field for c in COLUMNS}


def sheet_title(text: str, taken: set[str]) -> str:
    """An Excel-safe, unique sheet name (≤ 31 characters, no ``[]:*?/\\``, cut between words)."""
    from attt_audit.xlsx_print import sheet_name

    return sheet_name(text, taken, fallback="Nhóm")


def _question_text(item: QuestionItem, lang: str = "vi") -> str:
    en = lang == "en"
    text = f"{item.title.get('en' if en else 'vi')}\n— {item.question.get('en' if en else 'vi')}"
    if item.is_value:
        if en:
            unit = {"months": "the number of months", "days": "the number of days"}.get(
                item.answer_type, "the number"
            )
            text += f"\n(Write {unit} in the Value column" + (
                f"; threshold: {item.threshold})" if item.threshold else ")"
            )
        else:
            unit = {"months": "số tháng", "days": "số ngày"}.get(item.answer_type, "số")
            text += (
                f"\n(Ghi {unit} vào cột Giá trị"
                + (f"; ngưỡng: {item.threshold}" if item.threshold else "")
                + ")"
            )
    if item.advisory:
        text += (
            f"\n(Low confidence {item.confidence}: advisory only)"
            if en
            else f"\n(Độ tin cậy thấp {item.confidence}: chỉ khuyến nghị)"
        )
    if not item.text_verified:
        text += (
            "\n(Wording not checked against the standard's text)"
            if en
            else "\n(Nội dung chưa đối chiếu với văn bản tiêu chuẩn)"
        )
    if item.missing_facts:
        text += (
            ("\n(Applicability unknown; missing: " if en else "\n(Chưa rõ có áp dụng không; thiếu: ")
            + ", ".join(item.missing_facts)
            + ")"
        )
    return text


def _put(ws: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write a cell; text is always text (``=…``, ``+…``, ``@…`` are not formulas), characters XML cannot hold dropped."""
    return xlsx_safe.put(ws, row, column, value)


# --------------------------------------------------------------------------------- writing


def _instructions(
    q: Questionnaire, lang: Lang, generated: dt.datetime, groups: list[tuple[str, str, LocalText, int]]
) -> list[tuple[str, bool, str | None]]:
    """The instructions sheet: (text, bold, sheet it links to) per line, in the workbook's language."""
    from attt_audit.dates import VIETNAM
    from attt_audit.xlsx_print import date_text

    en = lang == "en"
    made = date_text(generated.astimezone(VIETNAM))
    first = f"{groups[0][1]}!D2" if groups else ("Group!D2" if en else "Nhóm!D2")
    if en:
        lines: list[tuple[str, bool, str | None]] = [
            (f"Information security self-assessment questionnaire — {q.system_name}", True, None),
            (
                f"System id: {q.system}   ·   Profile: {q.profile} — {q.profile_title.en}   ·   Level {q.level}"
                f"   ·   Regime: {q.regime}",
                False,
                None,
            ),
            (f"Made on {made} (Vietnam time) by attt-audit; {len(q.items)} questions.", False, None),
            ("", False, None),
            ("How to fill it in", True, None),
            ("1. Each requirement group is on its own sheet; each row is one question.", False, None),
            (
                f"2. Status column: pick from the list — {status_choices('en')}. Leave it empty if not answered yet.",
                False,
                None,
            ),
            (
                "3. Evidence references column: a file name in the evidence/ folder, a document's number and"
                " date, a path; one reference per line (Alt+Enter) or separated by ;.",
                False,
                None,
            ),
            (
                f"4. From level 3 up, a Pass answer needs at least one evidence reference. This system is at level {q.level}.",
                False,
                None,
            ),
            ("5. A Not applicable answer needs an N/A justification.", False, None),
            (
                "6. Questions about a number (of days, of months): write the number in the Value column.",
                False,
                None,
            ),
            (
                "7. Do not change the Question key column or the grey (locked) columns. Columns may be"
                " resized or hidden.",
                False,
                None,
            ),
            (
                "8. When done: attt-audit questionnaire import <file>.xlsx -w <folder> — an error names its"
                f" sheet and cell (for example {first}).",
                False,
                None,
            ),
            (
                "Statuses may also be written in Vietnamese (Đạt, Một phần, Không đạt, Không áp dụng,"
                " Chưa đánh giá): both are read.",
                False,
                None,
            ),
        ]
    else:
        lines = [
            (f"Bảng câu hỏi tự đánh giá an toàn hệ thống thông tin — {q.system_name}", True, None),
            (
                f"Mã hệ thống: {q.system}   ·   Hồ sơ: {q.profile} — {q.profile_title.vi}   ·   Cấp độ {q.level}"
                f"   ·   Chế độ: {q.regime}",
                False,
                None,
            ),
            (f"Tạo lúc {made} (giờ Việt Nam) bởi attt-audit; {len(q.items)} câu hỏi.", False, None),
            ("", False, None),
            ("Cách điền", True, None),
            ("1. Mỗi nhóm yêu cầu nằm trên một trang tính riêng; mỗi dòng là một câu hỏi.", False, None),
            (
                f"2. Cột Trạng thái: chọn trong danh sách — {status_choices('vi')}. Để trống nếu chưa trả lời.",
                False,
                None,
            ),
            (
                "3. Cột Tham chiếu bằng chứng: tên tệp trong thư mục evidence/, số và ngày văn bản, đường dẫn;"
                " mỗi tham chiếu một dòng (Alt+Enter) hoặc ngăn cách bằng dấu ;.",
                False,
                None,
            ),
            (
                f"4. Từ cấp độ 3, trả lời Đạt cần ít nhất một tham chiếu bằng chứng. Hệ thống này ở cấp độ {q.level}.",
                False,
                None,
            ),
            ("5. Chọn Không áp dụng thì phải ghi Lý do không áp dụng.", False, None),
            ("6. Câu hỏi về số (số ngày, số tháng): ghi con số vào cột Giá trị.", False, None),
            (
                "7. Không sửa cột Mã câu hỏi và các cột màu xám (được khoá). Có thể đổi độ rộng cột, ẩn cột.",
                False,
                None,
            ),
            (
                "8. Khi xong: attt-audit questionnaire import <tệp>.xlsx -w <thư mục> — lỗi sẽ chỉ rõ trang tính"
                f" và ô (ví dụ {first}).",
                False,
                None,
            ),
            ("", False, None),
            ("How to fill (English)", True, None),
            (
                "Choose a status in the Trạng thái column (Đạt = pass, Một phần = partial, Không đạt = fail,"
                " Không áp dụng = not applicable, Chưa đánh giá = not assessed); add evidence references, one"
                " per line; an N/A answer needs a justification; at level 3 and above a pass needs evidence."
                " An English workbook: questionnaire new --lang en.",
                False,
                None,
            ),
        ]
    for note in q.notes:
        lines.append((("Note: " if en else "Lưu ý: ") + note.get(lang), False, None))
    lines += [
        ("", False, None),
        ("Requirement groups (click to open)" if en else "Các nhóm yêu cầu (bấm để mở)", True, None),
    ]
    for _gid, name, title, count in groups:
        full = f" ({title.get(lang)})" if name != title.get(lang) else ""
        words = "questions" if en else "câu hỏi"
        lines.append((f"{name}{full}: {count} {words}", False, name))
    return lines


def write_workbook(
    questionnaire: Questionnaire, answers: AnswerSet, path: Path, *, lang: Lang = "vi"
) -> Path:
    """Write the workbook of ``questionnaire`` holding ``answers``, in ``lang`` (vi or en).

    The reader takes either language's headers and status values, so a workbook written in one
    language and filled in the other imports the same."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.hyperlink import Hyperlink

    from attt_audit.render.plain import ref_text
    from attt_audit.xlsx_print import SheetPrint, apply_print_setup, font

    q = questionnaire
    lang = "en" if lang == "en" else "vi"
    en = lang == "en"
    names = SHEET_NAMES[lang]
    wb = Workbook()
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    answer_fill = PatternFill("solid", fgColor="FFF9E5")
    locked_fill = PatternFill("solid", fgColor="F2F2F2")
    taken = {names["instructions"], META_SHEET, names["other"]}

    guide = wb.active
    assert guide is not None
    guide.title = names["instructions"]
    guide.column_dimensions["A"].width = 78  # one A4 portrait page wide at 100 %
    generated = dt.datetime.now(dt.UTC).replace(microsecond=0)
    group_sheets: list[tuple[str, str, LocalText, list[QuestionItem]]] = []
    for gid, title, items in q.groups():
        group_sheets.append((gid, sheet_title(title.get(lang), taken), title, items))
    lines = _instructions(q, lang, generated, [(g, n, t, len(i)) for g, n, t, i in group_sheets])
    for row, (text, strong, target) in enumerate(lines, 1):
        cell = _put(guide, row, 1, text or None)
        cell.alignment = wrap
        if strong:
            cell.font = bold
        if target is not None:
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{target}'!A1", display=text)
            cell.font = font(color="0563C1", underline="single")

    statuses = [s.label(lang) for s in Status]
    for _gid, name, _title, items in group_sheets:
        ws = wb.create_sheet(name)
        for col, spec in enumerate(COLUMNS, 1):
            cell = ws.cell(row=1, column=col, value=spec.english if en else spec.header)
            cell.font = bold
            cell.fill = header_fill
            cell.alignment = wrap
            ws.column_dimensions[cell.column_letter].width = spec.width
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(statuses) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Status" if en else "Trạng thái",
            error=("Choose one of: " if en else "Chọn một trong: ") + status_choices(lang),
            promptTitle="Status" if en else "Trạng thái",
            prompt="Pick a status from the list" if en else "Chọn trạng thái trong danh sách",
            showInputMessage=True,
        )
        ws.add_data_validation(validation)
        for r, item in enumerate(items, 2):
            answer = answers.answers.get(item.key) or Answer()
            values: dict[str, Any] = {
                "key": item.key,
                "reference": ref_text(item.reference, lang),  # "Phụ lục" → "Appendix" in English
                "question": _question_text(item, lang),
                "status": answer.status.label(lang) if answer.status is not None else None,
                "value": answer.value,
                "evidence": "\n".join(answer.evidence) or None,
                "note": answer.note,
                "justification": answer.justification,
                "answered_by": answer.answered_by,
                "hints": "\n".join(f"• {h.get(lang)}" for h in item.evidence_hints) or None,
            }
            for col, spec in enumerate(COLUMNS, 1):
                cell = _put(ws, r, col, values[spec.field])
                cell.alignment = wrap
                editable = spec.answer and (spec.field != "value" or item.is_value)
                cell.protection = Protection(locked=not editable)
                cell.fill = answer_fill if editable else locked_fill
                if spec.field in ("evidence", "note", "justification", "answered_by", "value"):
                    cell.number_format = "@" if spec.field != "value" else "General"
        if items:
            col = COLUMNS.index(BY_FIELD["status"]) + 1
            letter = ws.cell(row=1, column=col).column_letter
            validation.add(f"{letter}2:{letter}{len(items) + 1}")
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.protection.formatCells = False

    others = [k for k in answers.answers if q.item(k) is None]
    if others:
        ws = wb.create_sheet(names["other"])
        _put(
            ws,
            1,
            1,
            "Answers outside this questionnaire (old, or another level): kept unchanged in the answers file;"
            " this sheet is for reading only."
            if en
            else "Câu trả lời không thuộc bảng câu hỏi này (cũ hoặc cấp độ khác): được giữ nguyên trong tệp trả"
            " lời, trang này chỉ để xem.",
        ).font = bold
        heads = (
            ["Question key", "Status", "Value", "Evidence references", "Note"]
            if en
            else ["Mã câu hỏi", "Trạng thái", "Giá trị", "Tham chiếu bằng chứng", "Ghi chú"]
        )
        for col, head in enumerate(heads, 1):
            cell = _put(ws, 2, col, head)
            cell.font = bold
            cell.alignment = wrap
            ws.column_dimensions[cell.column_letter].width = [30, 16, 12, 40, 40][col - 1]
        for r, key in enumerate(others, 3):
            a = answers.answers[key]
            row_values: list[object] = [
                key,
                a.status.label(lang) if a.status else None,
                a.value,
                "\n".join(a.evidence) or None,
                a.note,
            ]
            for col, v in enumerate(row_values, 1):
                _put(ws, r, col, v).alignment = wrap
        ws.protection.sheet = True

    meta = wb.create_sheet(META_SHEET)
    meta_rows: list[tuple[str, Any]] = [
        ("format", FORMAT),
        ("system", q.system),
        ("profile", q.profile),
        ("level", q.level),
        ("generated_at", generated.isoformat()),
        ("lang", lang),
    ]
    meta_rows += [("sheet", name) for _g, name, _t, _i in group_sheets]
    for r, (k, v) in enumerate(meta_rows, 1):
        meta.cell(row=r, column=1, value=k)
        meta.cell(row=r, column=2, value=v)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True

    # Printed: A4, header rows repeated, the question key repeated on every page across.
    layout = {names["instructions"]: SheetPrint(header_rows=0, table=False, landscape=False)}
    layout |= {
        name: SheetPrint(header_rows=1, freeze="A2", repeat_columns="A:A")
        for _g, name, _t, _i in group_sheets
    }
    layout[names["other"]] = SheetPrint(header_rows=2, freeze="A3")
    apply_print_setup(wb, lang=lang, title=f"{q.system_name} ({q.system})", sheets=layout)

    xlsx_safe.guard_workbook(wb)
    buffer = BytesIO()
    wb.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())
    return path


# --------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class WorkbookMeta:
    system: str
    profile: str | None
    level: int | None
    generated_at: dt.datetime | None
    sheets: tuple[str, ...]

    @property
    def workbook_id(self) -> str:
        """Recorded as the ``source`` of answers imported from this workbook."""
        stamp = self.generated_at.isoformat() if self.generated_at is not None else "?"
        return f"xlsx:{self.system}@{stamp}"


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    if not path.is_file():
        raise QuestionnaireError("file not found", location=str(path), expected="an .xlsx file")
    try:
        xlsx_safe.check_workbook_file(path)
    except InputError as exc:
        raise QuestionnaireError(exc.message, location=exc.location, expected=exc.expected) from None
    try:
        return load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise QuestionnaireError(
            f"cannot open the workbook ({type(exc).__name__}: {exc})",
            location=str(path),
            expected="an .xlsx file saved by Excel or LibreOffice",
        ) from None


def read_meta(path: Path) -> WorkbookMeta:
    """What the hidden ``_meta`` sheet says: system, profile, level, when it was generated."""
    return _meta_of(_open(path), path)


def _meta_of(wb: Any, path: Path) -> WorkbookMeta:
    if META_SHEET not in wb.sheetnames:
        raise QuestionnaireError(
            f"the hidden sheet {META_SHEET!r} is missing",
            location=f"{path.name}: {META_SHEET}!A1",
            expected="a workbook made by 'attt-audit questionnaire new --format xlsx'",
        )
    ws = wb[META_SHEET]
    values: dict[str, Any] = {}
    sheets: list[str] = []
    for row in ws.iter_rows(min_row=1, max_col=2, values_only=True):
        if not row or row[0] is None:
            continue
        if row[0] == "sheet":
            sheets.append(str(row[1]))
        else:
            values[str(row[0])] = row[1]
    if values.get("format") != FORMAT or not values.get("system"):
        raise QuestionnaireError(
            f"the sheet {META_SHEET!r} does not describe an attt-audit questionnaire",
            location=f"{META_SHEET}!A1",
            expected=f"format {FORMAT} and a system id",
        )
    generated: dt.datetime | None = None
    raw = values.get("generated_at")
    if isinstance(raw, dt.datetime):
        generated = raw if raw.tzinfo else raw.replace(tzinfo=dt.UTC)
    elif isinstance(raw, str):
        try:
            generated = dt.datetime.fromisoformat(raw)
        except ValueError:
            generated = None
    level = values.get("level")
    return WorkbookMeta(
        system=str(values["system"]),
        profile=str(values["profile"]) if values.get("profile") else None,
        level=int(level)
        if isinstance(level, (int, float)) or (isinstance(level, str) and level.isdigit())
        else None,
        generated_at=generated,
        sheets=tuple(sheets),
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).replace("_x000D_", "").replace("\r\n", "\n").strip()
    return text or None


def _number(value: Any) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    text = _text(value)
    if text is None:
        return None
    try:
        number = float(text.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


def _evidence(value: Any) -> list[str]:
    text = _text(value)
    if text is None:
        return []
    return [part.strip() for part in re.split(r"[\n;]", text) if part.strip()]


def read_workbook(
    questionnaire: Questionnaire,
    answers: AnswerSet,
    path: Path,
    *,
    overwrite: bool = False,
    answered_by: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[AnswerSet, list[str]]:
    """The answers in the workbook at ``path`` applied over ``answers``; also returns the keys
    whose answer changed. Raises :class:`QuestionnaireError` with every problem found."""
    wb = _open(path)
    meta = _meta_of(wb, path)
    if meta.system != questionnaire.system:
        raise QuestionnaireError(
            f"the workbook is for system {meta.system!r}, not {questionnaire.system!r}",
            location=f"{META_SHEET}!B2",
            expected=f"a workbook generated for {questionnaire.system}",
        )
    now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    problems: list[str] = []
    seen: dict[str, str] = {}
    updated = dict(answers.answers)
    changed: list[str] = []
    known = set(questionnaire.asked_keys()) | set(answers.answers)
    fixed = {META_SHEET} | {n for names in SHEET_NAMES.values() for n in names.values()}
    listing = {names["other"] for names in SHEET_NAMES.values()}  # read-only list of other answers
    for name in wb.sheetnames:
        if name == META_SHEET or name in listing:
            continue
        ws = wb[name]
        columns = _columns(ws) if name not in fixed else {}
        if "key" not in columns:
            if name in meta.sheets:
                problems.append(f"{name}!A1: the column {BY_FIELD['key'].header!r} is missing")
            # the instructions, the other answers, a sheet the user added: read nothing there,
            # but an answer typed there is reported, never dropped
            problems += _stray_answers(ws, name, skip_columns=(1,) if name in fixed else ())
            continue
        if "status" not in columns:
            problems.append(f"{name}!1: the column {BY_FIELD['status'].header!r} is missing")
            continue
        for r in range(2, ws.max_row + 1):
            cells = {f: ws.cell(row=r, column=c) for f, c in columns.items()}
            raw = {f: cell.value for f, cell in cells.items()}
            key = _text(raw["key"])
            given = {f: v for f, v in raw.items() if BY_FIELD[f].answer and _text(v) is not None}
            if key is None:
                if given:
                    first = next(iter(given))
                    problems.append(
                        f"{name}!{cells[first].coordinate}: an answer in a row without a question key"
                        f" (column {BY_FIELD['key'].header!r} is empty)"
                    )
                continue
            at = f"{name}!{cells['key'].coordinate}"
            if key not in known:
                sort = sort_keys(questionnaire, [key])
                near = sort.unknown.get(key) if key in sort.unknown else None
                problems.append(
                    f"{at}: {key!r} is not a question of this questionnaire"
                    + (f"; did you mean {near!r}?" if near else "")
                )
                continue
            if key in seen:
                problems.append(f"{at}: {key!r} appears again (first at {seen[key]})")
                continue
            seen[key] = at
            item = questionnaire.item(key)
            old = answers.answers.get(key) or Answer()
            new, errs = _answer_from_row(name, cells, raw, item, old)
            errs += _stray_in_row(ws, name, r, columns)
            problems += errs
            if errs:
                continue
            if same_content(new, old):
                continue
            if answered_by and "answered_by" not in given:
                new = new.model_copy(update={"answered_by": answered_by})
            if (
                not overwrite
                and meta.generated_at is not None
                and old.answered_at is not None
                and _aware(old.answered_at) > meta.generated_at
                and (old.source or "").split("#", 1)[0] != meta.workbook_id
            ):
                problems.append(
                    f"{at}: {key} was answered in the answers file at {old.answered_at:%Y-%m-%d %H:%M}, after this"
                    " workbook was made, and the workbook differs (re-run with --overwrite to take the workbook's answer)"
                )
                continue
            # the source names the workbook and the row's status cell: 'check' points there
            origin = f"{meta.workbook_id}#{name}!{cells['status'].coordinate}"
            updated[key] = new.model_copy(update={"answered_at": now, "source": origin})
            changed.append(key)
            if len(problems) > MAX_ERRORS:
                break
    if problems:
        shown = problems[:MAX_ERRORS]
        raise QuestionnaireError(
            f"{len(problems)} problem{'s' if len(problems) > 1 else ''} in the workbook; nothing was written"
            f" (first: {problems[0]})",
            location=str(path),
            problems=tuple(shown),
        )
    return answers.model_copy(update={"answers": updated}), changed


def pending_edits(questionnaire: Questionnaire, answers: AnswerSet, path: Path) -> list[str]:
    """What the workbook at ``path`` holds that the answers file does not: one ``Sheet!Cell: key``
    line per answer that differs, or the problems that keep it from being read.

    Empty when regenerating the workbook loses nothing. Used before ``questionnaire new
    --format xlsx`` writes over an existing workbook.
    """
    try:
        meta = read_meta(path)
    except QuestionnaireError as exc:  # not our workbook (or unreadable): it is the user's
        return [exc.render()]
    if meta.system != questionnaire.system:
        return [f"{META_SHEET}!B2: the workbook is for system {meta.system!r}"]
    try:
        updated, changed = read_workbook(questionnaire, answers, path, overwrite=True)
    except QuestionnaireError as exc:
        return list(exc.problems) or [exc.render()]
    # A cell left empty in the workbook is not an edit (the answers file may simply be newer,
    # e.g. answered_by added by 'import --by'); something typed that the file lacks is.
    edited = [
        key for key in changed if _typed_differs(updated.answers[key], answers.answers.get(key) or Answer())
    ]
    if not edited:
        return []
    cells = _key_cells(path)
    return [f"{cells.get(key, path.name)}: {key}" for key in edited]


def _typed_differs(workbook: Answer, file: Answer) -> bool:
    for name in ("status", "value", "evidence", "note", "justification", "answered_by"):
        typed = getattr(workbook, name)
        if typed in (None, "", []):
            continue
        if typed != getattr(file, name):
            return True
    return False


def _key_cells(path: Path) -> dict[str, str]:
    """Question key → ``Sheet!Cell`` of its key cell, for every group sheet of the workbook."""
    wb = _open(path)
    found: dict[str, str] = {}
    for name in wb.sheetnames:
        if name in (META_SHEET, INSTRUCTIONS_SHEET, OTHER_SHEET):
            continue
        ws = wb[name]
        col = _columns(ws).get("key")
        if col is None:
            continue
        for r in range(2, ws.max_row + 1):
            cell = ws.cell(row=r, column=col)
            key = _text(cell.value)
            if key is not None:
                found.setdefault(key, f"{name}!{cell.coordinate}")
    return found


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _columns(ws: Worksheet) -> dict[str, int]:
    found: dict[str, int] = {}
    for col in range(1, (ws.max_column or 0) + 1):
        value = ws.cell(row=1, column=col).value
        if value is None:
            continue
        field = _HEADER_LOOKUP.get(_norm(value))
        if field is not None and field not in found:
            found[field] = col
    return found


def _answer_from_row(
    sheet: str, cells: dict[str, Any], raw: dict[str, Any], item: QuestionItem | None, old: Answer
) -> tuple[Answer, list[str]]:
    errors: list[str] = []
    update: dict[str, Any] = {}
    if "status" in raw:
        text = _text(raw["status"])
        if text is None:
            update["status"] = None
        else:
            try:
                update["status"] = Status.parse(text)
            except ValueError:
                errors.append(
                    f'{sheet}!{cells["status"].coordinate}: "{text}" is not a status; expected one of {status_choices("vi")}'
                )
    if "value" in raw:
        value = raw["value"]
        if _text(value) is None:
            update["value"] = None
        elif item is not None and item.is_value:
            number = _number(value)
            if number is None:
                errors.append(
                    f'{sheet}!{cells["value"].coordinate}: "{_text(value)}" is not a number;'
                    f" expected a number of {item.answer_type}"
                )
            else:
                update["value"] = number
        elif _looks_like_status(value):
            errors.append(
                f'{sheet}!{cells["value"].coordinate}: "{_text(value)}" is a status typed in the column'
                f" {BY_FIELD['value'].header!r}; put it in the column {BY_FIELD['status'].header!r}"
            )
        else:
            update["value"] = value if isinstance(value, (int, float)) else _text(value)
    if "evidence" in raw:
        update["evidence"] = _evidence(raw["evidence"])
    for name in ("note", "justification", "answered_by"):
        if name in raw:
            update[name] = _text(raw[name])
    answer = old.model_copy(update=update)
    if answer.status is Status.NA and not (answer.justification or "").strip() and not errors:
        where = cells["justification"] if "justification" in cells else cells["status"]
        errors.append(
            f"{sheet}!{where.coordinate}: Không áp dụng (N/A) needs a justification"
            f" in the column {BY_FIELD['justification'].header!r}"
        )
    return answer, errors


def _looks_like_status(value: Any) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    try:
        Status.parse(value)
    except ValueError:
        return False
    return True


def _stray_in_row(ws: Worksheet, sheet: str, row: int, columns: dict[str, int]) -> list[str]:
    """A status typed in a column the import does not read as one (the question, the hints, a
    column with no known header, or past the table) is reported, never ignored."""
    read_as_text = {
        columns[f]
        for f in ("evidence", "note", "justification", "answered_by", "status", "value")
        if f in columns
    }
    problems = []
    for col in range(1, (ws.max_column or 0) + 1):
        if col in read_as_text or col == columns.get("key"):
            continue
        cell = ws.cell(row=row, column=col)
        if _looks_like_status(cell.value):
            header = ws.cell(row=1, column=col).value
            where = f"the column {str(header)!r}" if header else "a column without a header"
            problems.append(
                f'{sheet}!{cell.coordinate}: "{_text(cell.value)}" looks like an answer but is in {where},'
                f" which is not read; put it in the column {BY_FIELD['status'].header!r}"
            )
    return problems


def _stray_answers(ws: Worksheet, sheet: str, *, skip_columns: tuple[int, ...] = ()) -> list[str]:
    """Statuses typed on a sheet that holds no questions (the instructions, a sheet the user added)."""
    problems = []
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row or 0, 5000)):
        for cell in row:
            if cell.column in skip_columns or not _looks_like_status(cell.value):
                continue
            problems.append(
                f'{sheet}!{cell.coordinate}: "{_text(cell.value)}" looks like an answer on a sheet with no questions;'
                " it is not read (answer on the requirement group's sheet, in the row of its question key)"
            )
            if len(problems) >= 20:
                return problems
    return problems


class XlsxForm(AnswerSource):
    """An Excel workbook filled in Excel or LibreOffice Calc."""

    name: ClassVar[str] = "xlsx"

    def __init__(self, *, overwrite: bool = False, answered_by: str | None = None) -> None:
        self.overwrite = overwrite
        self.answered_by = answered_by

    def read_answers(self, questionnaire: Questionnaire, answers: AnswerSet, path: Path) -> AnswerSet:
        result, _changed = read_workbook(
            questionnaire, answers, path, overwrite=self.overwrite, answered_by=self.answered_by
        )
        return result
