"""The interactive filler: one question at a time on the terminal.

After every completed answer the whole answers file is rewritten atomically (temporary file +
rename), so killing the program at any moment loses at most the answer being typed. It starts
at the first unanswered question, so a new session resumes where the last one stopped.

Reads plain lines from ``input()`` so that it can be driven through a pipe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from attt_audit.models import Answer, AnswerSet, Lang, Status
from attt_audit.questionnaire import yaml_form
from attt_audit.questionnaire.interface import AnswerSource, QuestionItem, Questionnaire
from attt_audit.questionnaire.merge import merge, same_content

STATUS_MENU = list(Status)
HELP = (
    "Lệnh: Enter = giữ giá trị hiện có · :b = quay lại câu trước · :s = bỏ qua câu này · "
    ":q = lưu và thoát · '-' = xoá giá trị (bằng chứng, ghi chú)\n"
    "Commands: Enter = keep the current value · :b = back · :s = skip · :q = save and quit · '-' = clear"
)


class _Move(Exception):
    def __init__(self, step: int) -> None:
        self.step = step


class _Quit(Exception):
    pass


def answered(answer: Answer | None, item: QuestionItem | None = None) -> bool:
    if answer is None:
        return False
    if answer.status is not None:
        return True
    return bool(item is not None and item.is_value and answer.value not in (None, ""))


class Session:
    """One filling session over ``questionnaire``, saving to ``path`` after each answer."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        answers: AnswerSet,
        path: Path,
        *,
        only_unanswered: bool = False,
        answered_by: str | None = None,
        evidence_from_level: int | None = 3,
        ask: Callable[[str], str] = input,
        say: Callable[[str], None] | None = None,
        lang: Lang = "vi",
    ) -> None:
        self.q = questionnaire
        self.lang: Lang = lang
        self.answers = merge(questionnaire, answers)
        self.path = path
        self.answered_by = answered_by
        self.evidence_from_level = evidence_from_level
        self._ask = ask
        self.say = say or (lambda text: print(text, flush=True))
        items = list(questionnaire.items)
        if only_unanswered:
            items = [i for i in items if not answered(self.answers.answers.get(i.key), i)]
        self.items = items
        self.saved = 0

    def ask(self, prompt: str) -> str:
        try:
            text = self._ask(prompt)
        except EOFError:
            raise _Quit() from None
        text = text.strip()
        if text == ":q":
            raise _Quit()
        if text == ":b":
            raise _Move(-1)
        if text == ":s":
            raise _Move(+1)
        return text

    def run(self) -> AnswerSet:
        q = self.q
        self.say(f"Bảng câu hỏi: {q.system_name} ({q.system}) — {q.profile}, cấp độ {q.level}")
        self.say(f"Tệp trả lời: {self.path}")
        self.say(HELP)
        if not self.items:
            self.say("Không còn câu hỏi nào chưa trả lời. / Nothing left to answer.")
            return self.answers
        pos = next(
            (
                i
                for i, item in enumerate(self.items)
                if not answered(self.answers.answers.get(item.key), item)
            ),
            0,
        )
        # Save once at the start so the file holds every question (merged) before any typing.
        self._save()
        while 0 <= pos < len(self.items):
            item = self.items[pos]
            try:
                answer = self._one(item, pos)
            except _Move as move:
                pos = max(pos + move.step, 0)
                continue
            except _Quit:
                self.say("Đã lưu. Chạy lại lệnh để tiếp tục. / Saved; run again to continue.")
                return self.answers
            if answer is not None:
                self.answers.answers[item.key] = answer
                self._save()
                self.saved += 1
            pos += 1
        self.say(f"Hết câu hỏi; đã lưu {self.saved} câu trả lời. / Done; {self.saved} answers saved.")
        return self.answers

    def _save(self) -> None:
        yaml_form.write(self.path, self.q, self.answers)

    def _show(self, item: QuestionItem, pos: int, current: Answer) -> None:
        lg = self.lang
        lines = [
            "",
            f"── [{pos + 1}/{len(self.items)}] {item.group_title.get(lg)} · {item.key}",
            f"   Điều khoản: {item.reference}",
            f"   Yêu cầu / Requirement: {item.title.get(lg)}",
            f"   Câu hỏi / Question: {item.question.get(lg)}",
        ]
        lines += [f"   Bằng chứng gợi ý: {h.get(lg)}" for h in item.evidence_hints]
        if item.is_value:
            lines.append(f"   Giá trị so với {item.param}: {item.threshold or '—'}")
        if item.advisory:
            lines.append(f"   Độ tin cậy thấp ({item.confidence}): chỉ mang tính khuyến nghị")
        if answered(current, item) or current.evidence or current.note:
            status = current.status.label("vi") if current.status else "—"
            lines.append(
                f"   Hiện tại: {status}"
                + (f"; giá trị {current.value}" if current.value not in (None, "") else "")
                + (f"; bằng chứng: {'; '.join(current.evidence)}" if current.evidence else "")
                + (f"; ghi chú: {current.note}" if current.note else "")
            )
        self.say("\n".join(lines))

    def _one(self, item: QuestionItem, pos: int) -> Answer | None:
        current = self.answers.answers.get(item.key) or Answer()
        self._show(item, pos, current)
        menu = " · ".join(f"{n} {s.label('vi')}" for n, s in enumerate(STATUS_MENU, 1))
        status: Status | None
        while True:
            text = self.ask(f"Trạng thái [{menu}]: ")
            if not text:
                status = current.status
                if status is None and not item.is_value:
                    raise _Move(+1)  # nothing typed, nothing to keep: same as skip
                break
            if text.isdigit() and 1 <= int(text) <= len(STATUS_MENU):
                status = STATUS_MENU[int(text) - 1]
                break
            try:
                status = Status.parse(text)
                break
            except ValueError as exc:
                self.say(f"   {exc}")
        update: dict[str, object] = {"status": status}
        if item.is_value:
            while True:
                shown = f" (hiện tại {current.value})" if current.value not in (None, "") else ""
                text = self.ask(f"Giá trị — số {item.answer_type}{shown}: ")
                if not text:
                    break
                try:
                    number = float(text.replace(",", "."))
                except ValueError:
                    self.say(f"   {text!r} không phải là số / is not a number")
                    continue
                update["value"] = int(number) if number.is_integer() else number
                break
        if status is Status.NA:
            while True:
                shown = f" (hiện tại: {current.justification})" if current.justification else ""
                text = self.ask(f"Lý do không áp dụng (bắt buộc){shown}: ")
                if text and text != "-":
                    update["justification"] = text
                    break
                if not text and current.justification:
                    break
                self.say("   Không áp dụng cần ghi lý do. / N/A needs a justification.")
        need_evidence = (
            status is Status.PASS
            and self.evidence_from_level is not None
            and item.level >= self.evidence_from_level
        )
        evidence = list(current.evidence)
        while True:
            hint = " (bắt buộc khi Đạt từ cấp độ 3)" if need_evidence else ""
            text = self.ask(f"Tham chiếu bằng chứng, ngăn cách bằng ;{hint}: ")
            if text == "-":
                evidence = []
            elif text:
                evidence = [part.strip() for part in text.split(";") if part.strip()]
            if need_evidence and not evidence:
                self.say(
                    "   Cần ít nhất một tham chiếu bằng chứng. / At least one evidence reference is needed."
                )
                continue
            break
        update["evidence"] = evidence
        text = self.ask("Ghi chú: ")
        if text == "-":
            update["note"] = None
        elif text:
            update["note"] = text
        if self.answered_by:
            update["answered_by"] = self.answered_by
        answer = current.model_copy(update=update)
        if same_content(answer, current):
            return None
        return answer.model_copy(
            update={"answered_at": dt.datetime.now(dt.UTC).replace(microsecond=0), "source": "fill"}
        )


class InteractiveForm(AnswerSource):
    """Questions asked one by one on the terminal; the form it writes is the YAML answers file."""

    name: ClassVar[str] = "interactive"

    def __init__(
        self,
        *,
        only_unanswered: bool = False,
        answered_by: str | None = None,
        evidence_from_level: int | None = 3,
        ask: Callable[[str], str] = input,
        say: Callable[[str], None] | None = None,
        lang: Lang = "vi",
    ) -> None:
        self.options = {
            "lang": lang,
            "only_unanswered": only_unanswered,
            "answered_by": answered_by,
            "evidence_from_level": evidence_from_level,
            "ask": ask,
            "say": say,
        }

    def read_answers(self, questionnaire: Questionnaire, answers: AnswerSet, path: Path) -> AnswerSet:
        return Session(questionnaire, answers, path, **self.options).run()  # type: ignore[arg-type]
