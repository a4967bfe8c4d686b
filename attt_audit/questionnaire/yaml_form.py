"""The YAML form: the answers file itself (``answers/<system>.yaml``) with Vietnamese comments.

Comments are regenerated on every write (from the catalog); everything below ``answers:`` is
data and is kept exactly, including answers whose requirement is no longer asked. The text is
checked by reading it back before it is written, so a form never holds less than the answers.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, ClassVar

import yaml

from attt_audit.errors import InputError
from attt_audit.models import Answer, AnswerSet, Status
from attt_audit.models.common import status_choices
from attt_audit.questionnaire.interface import AnswerSource, QuestionItem, Questionnaire, QuestionnaireError
from attt_audit.questionnaire.merge import sort_keys
from attt_audit.yamlio import atomic_write_text, dump_yaml, load_model, parse_text, validate_located

FIELD_HELP = {
    "status": f"trạng thái: {' | '.join(s.label('vi') for s in Status)}",
    "value": "giá trị (số)",
    "evidence": "tham chiếu bằng chứng: tệp trong evidence/, số và ngày văn bản, đường dẫn",
    "justification": "lý do — bắt buộc khi chọn Không áp dụng",
    "note": "ghi chú",
    "answered_by": "người trả lời",
    "answered_at": "thời điểm trả lời (tự ghi khi dùng questionnaire fill / import)",
    "source": "nguồn: fill (hỏi đáp) hoặc xlsx:<mã bảng tính> (nhập từ Excel)",
}


def scalar(value: Any) -> str:
    """One YAML scalar or flow list on one line; strings with line breaks double-quoted."""
    if value is None:
        return ""
    if isinstance(value, Status):
        return scalar(value.label("vi"))
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) if v is not None else "null" for v in value) + "]"
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1_000_000)
    if text.endswith("\n...\n"):
        text = text[: -len("\n...\n")]
    return text.rstrip("\n")


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in text.splitlines() or [""]]


def _item_comments(item: QuestionItem, index: int, total: int) -> list[str]:
    lines = [f"  # ─── [{index}/{total}] {item.control} · {item.reference}"]
    lines += _comment(f"Yêu cầu: {item.title.vi}", "  ")
    lines += _comment(f"Câu hỏi: {item.question.vi}", "  ")
    if item.is_value:
        unit = {"months": "số tháng", "days": "số ngày"}.get(item.answer_type, "số")
        lines += _comment(
            f"Ghi {unit} vào value"
            + (f" (so với ngưỡng {item.param}: {item.threshold})" if item.threshold else ""),
            "  ",
        )
    for hint in item.evidence_hints:
        lines += _comment(f"Bằng chứng gợi ý: {hint.vi}", "  ")
    if item.advisory:
        lines += _comment(f"Độ tin cậy thấp ({item.confidence}): chỉ mang tính khuyến nghị.", "  ")
    if not item.text_verified:
        lines += _comment("Nội dung chưa đối chiếu với văn bản tiêu chuẩn.", "  ")
    if item.missing_facts:
        lines += _comment(
            "Chưa xác định được có áp dụng không; thiếu dữ liệu: " + ", ".join(item.missing_facts), "  "
        )
    return lines


def _entry(key: str, answer: Answer, *, value_field: bool) -> list[str]:
    data = answer.model_dump()
    lines = [f"  {scalar(key)}:"]
    fields = ["status"]
    if value_field or answer.value not in (None, ""):
        fields.append("value")
    fields += ["evidence", "justification", "note", "answered_by", "answered_at"]
    if answer.source is not None:
        fields.append("source")
    for name in fields:
        value = data[name]
        if name == "status" and answer.status is not None:
            value = answer.status
        shown = scalar(value)
        body = f"    {name}: {shown}" if shown else f"    {name}:"
        lines.append(f"{body:<34} # {FIELD_HELP[name]}")
    return lines


def render(questionnaire: Questionnaire, answers: AnswerSet) -> str:
    """The commented YAML text of ``answers`` for ``questionnaire``."""
    q = questionnaire
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = [
        f"Bảng câu hỏi tự đánh giá an toàn hệ thống thông tin — {q.system_name} ({q.system})",
        f"Hồ sơ yêu cầu: {q.profile} — {q.profile_title.vi}; cấp độ {q.level}; chế độ {q.regime}",
        f"Tạo bởi attt-audit lúc {generated}; {len(q.items)} câu hỏi.",
        "",
        "Cách điền: với mỗi câu hỏi bên dưới, ghi",
        f"  status        — một trong: {status_choices('vi')} (để trống nếu chưa trả lời);",
        '  evidence      — danh sách tham chiếu bằng chứng, ví dụ [quyết-định-123.pdf, "công văn số 45/SGTVT"];',
        "                  từ cấp độ 3, trả lời Đạt cần ít nhất một bằng chứng;",
        "  justification — lý do, bắt buộc khi chọn Không áp dụng;",
        "  value         — với câu hỏi về số (số ngày, số tháng): ghi con số;",
        "  note, answered_by — ghi chú và người trả lời.",
        "Không sửa khoá (dòng 'mã-yêu-cầu/cấp-độ/câu-hỏi:'); chú thích (#) được tạo lại mỗi lần ghi tệp.",
        "Kiểm tra: attt-audit questionnaire check --system " + q.system,
    ]
    for note in q.notes:
        head.append(f"Lưu ý: {note.vi}")
    lines = _comment("\n".join(head))
    lines += [
        f"schema_version: {answers.schema_version}",
        f"system: {scalar(answers.system)}",
        f"level: {scalar(answers.level)}",
        f"profile: {scalar(answers.profile)}",
    ]
    if not answers.answers:
        lines.append("answers: {}")
        return "\n".join(lines) + "\n"
    lines.append("answers:")
    total = len(q.items)
    index = 0
    for _gid, title, items in q.groups():
        lines.append("")
        lines.append(f"  # ═══ {title.vi} ═══")
        for item in items:
            index += 1
            lines.append("")
            lines += _item_comments(item, index, total)
            lines += _entry(item.key, answers.answers.get(item.key) or Answer(), value_field=item.is_value)
    sort = sort_keys(q, [k for k in answers.answers if q.item(k) is None])
    sections = [
        (
            sort.elsewhere,
            "Câu trả lời cho yêu cầu không thuộc bảng câu hỏi này (cấp độ khác hoặc không áp dụng) — được giữ nguyên",
        ),
        (
            tuple(sort.stale),
            "Câu trả lời cũ: yêu cầu hoặc câu hỏi không còn trong danh mục — được giữ nguyên",
        ),
        (tuple(sort.unknown), "Khoá không hợp lệ (sai chính tả?) — được giữ nguyên; hãy sửa hoặc xoá"),
    ]
    for keys, heading in sections:
        if not keys:
            continue
        lines.append("")
        lines.append(f"  # ═══ {heading} ═══")
        for key in keys:
            lines += _entry(key, answers.answers[key], value_field=False)
    text = "\n".join(lines) + "\n"
    return _verified(text, answers)


def _verified(text: str, answers: AnswerSet) -> str:
    """``text`` if it reads back as exactly ``answers``; else plain YAML without comments."""
    try:
        back = validate_located(AnswerSet, parse_text(text, "(form)"))
    except InputError:
        back = None
    if back == answers and list(back.answers) == list(answers.answers):
        return text
    return dump_yaml(answers.model_dump(mode="json", exclude_defaults=False))


def write(path: Path, questionnaire: Questionnaire, answers: AnswerSet) -> Path:
    atomic_write_text(path, render(questionnaire, answers))
    return path


class YamlForm(AnswerSource):
    """The answers file with comments, filled in a text editor."""

    name: ClassVar[str] = "yaml"

    def read_answers(self, questionnaire: Questionnaire, answers: AnswerSet, path: Path) -> AnswerSet:
        form = load_model(AnswerSet, path)
        if form.system != questionnaire.system:
            raise QuestionnaireError(
                f"the form is for system {form.system!r}, not {questionnaire.system!r}",
                location=str(path),
                expected=f"a form generated for {questionnaire.system}",
            )
        merged = dict(answers.answers)
        merged.update(form.answers)
        return answers.model_copy(update={"answers": merged})
