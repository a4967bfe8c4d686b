"""The interactive filler: one question at a time on the terminal.

After every completed answer the whole answers file is rewritten atomically (temporary file +
rename), so killing the program at any moment loses at most the answer being typed. It starts
at the first unanswered question, so a new session resumes where the last one stopped.

Reads plain lines from ``input()`` so that it can be driven through a pipe. Statuses may be
typed without diacritics (``dat``, ``khong dat``, ``kad``), in any case and Unicode form.
Nothing typed is dropped without a word: ``:q`` in the middle of a question says that question
was not saved, Ctrl-C says how many answers were, and a changed status clears the old
justification of a Không áp dụng answer (and says so).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from attt_audit.models import Answer, AnswerSet, Lang, Status
from attt_audit.questionnaire import yaml_form
from attt_audit.questionnaire.check import requirement_of
from attt_audit.questionnaire.interface import AnswerSource, QuestionItem, Questionnaire
from attt_audit.questionnaire.merge import merge, same_content

STATUS_MENU = list(Status)
HELP = (
    "Lệnh: Enter = giữ giá trị hiện có · :b = quay lại câu trước · :s = bỏ qua câu này · "
    ":q = lưu và thoát · '-' = xoá giá trị (bằng chứng, ghi chú)\n"
    "Commands: Enter = keep the current value · :b = back · :s = skip · :q = save and quit · '-' = clear"
)


def fold(text: str) -> str:
    """``"  Không  ĐẠT "`` → ``"khong dat"``: lower case, no diacritics (đ → d), single spaces."""
    text = unicodedata.normalize("NFD", text.strip().lower()).replace("đ", "d")
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


def _status_words() -> dict[str, Status]:
    words: dict[str, Status] = {}
    for status in Status:
        for label in (status.value, status.label("vi"), status.label("en")):
            words[fold(label)] = status
            initials = "".join(w[0] for w in fold(label).split())
            if len(initials) > 1:  # mp, kd, kad, cdg; single letters would be ambiguous
                words.setdefault(initials, status)
    words.update({"n/a": Status.NA, "na": Status.NA, "not_assessed": Status.NOT_ASSESSED})
    return words


STATUS_WORDS = _status_words()


def parse_status(text: str) -> Status:
    """A status as typed at the prompt: a label in either language or its code, with or without
    diacritics, or the initials of the Vietnamese label (``kad``). ValueError otherwise."""
    try:
        return Status.parse(text)
    except ValueError:
        found = STATUS_WORDS.get(fold(text))
        if found is None:
            raise
        return found


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
        self.typing: str | None = None
        """Key of the question being answered once its status is typed (not saved yet)."""

    def t(self, vi: str, en: str) -> str:
        return vi if self.lang == "vi" else en

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
        try:
            return self._run()
        except KeyboardInterrupt:
            self.say(
                self.t(
                    f"\nĐã dừng (Ctrl-C): đã lưu {self.saved} câu trả lời trong phiên này"
                    + (f"; câu {self.typing} đang trả lời dở chưa được lưu" if self.typing else "")
                    + ". Chạy lại lệnh để tiếp tục.",
                    f"\nInterrupted (Ctrl-C): {self.saved} answers saved in this session"
                    + (f"; {self.typing}, half answered, was not saved" if self.typing else "")
                    + ". Run again to continue.",
                )
            )
            raise

    def _progress(self) -> tuple[int, int]:
        done = sum(1 for i in self.q.items if answered(self.answers.answers.get(i.key), i))
        return done, len(self.q.items)

    def _run(self) -> AnswerSet:
        q = self.q
        self.say(
            self.t(
                f"Bảng câu hỏi: {q.system_name} ({q.system}) — {q.profile}, cấp độ {q.level}",
                f"Questionnaire: {q.system_name} ({q.system}) — {q.profile}, level {q.level}",
            )
        )
        self.say(self.t(f"Tệp trả lời: {self.path}", f"Answers file: {self.path}"))
        done, total = self._progress()
        self.say(
            self.t(
                f"Đã trả lời {done}/{total} câu; còn {total - done} câu.",
                f"{done}/{total} answered; {total - done} to go.",
            )
        )
        self.say(HELP)
        if not self.items:
            self.say(self.t("Không còn câu hỏi nào chưa trả lời.", "Nothing left to answer."))
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
                if self.typing:
                    self.say(
                        self.t(
                            f"   Câu {self.typing} chưa trả lời xong: chưa lưu.",
                            f"   {self.typing} not finished: not saved.",
                        )
                    )
                self.typing = None
                pos = max(pos + move.step, 0)
                continue
            except _Quit:
                if self.typing:
                    self.say(
                        self.t(
                            f"Câu {self.typing} đang trả lời dở: chưa được lưu.",
                            f"{self.typing} was half answered: not saved.",
                        )
                    )
                done, total = self._progress()
                self.say(
                    self.t(
                        f"Đã lưu {self.saved} câu trả lời; đã trả lời {done}/{total}. Chạy lại lệnh để tiếp tục.",
                        f"{self.saved} answers saved; {done}/{total} answered. Run again to continue.",
                    )
                )
                return self.answers
            self.typing = None
            if answer is not None:
                self.answers.answers[item.key] = answer
                self._save()
                self.saved += 1
            pos += 1
        done, total = self._progress()
        self.say(
            self.t(
                f"Hết câu hỏi; đã lưu {self.saved} câu trả lời; đã trả lời {done}/{total}.",
                f"Done; {self.saved} answers saved; {done}/{total} answered.",
            )
        )
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
                status = parse_status(text)
                break
            except ValueError:
                self.say(
                    self.t(
                        f"   {text!r} không phải là trạng thái; nhập số 1–{len(STATUS_MENU)} hoặc một trong:"
                        f" {', '.join(s.label('vi') for s in Status)} (có thể gõ không dấu: dat, khong dat, kad)",
                        f"   {text!r} is not a status; type 1–{len(STATUS_MENU)} or one of:"
                        f" {', '.join(s.label('en') for s in Status)} (Vietnamese without diacritics works too)",
                    )
                )
        self.typing = item.key
        update: dict[str, object] = {"status": status}
        if status is not Status.NA and current.justification and status != current.status:
            # The N/A reason does not hold for another status: it would show in reports next to it.
            update["justification"] = None
            self.say(
                self.t(
                    f"   Đã xoá lý do không áp dụng cũ ({current.justification}) vì trạng thái đổi thành {status.label('vi') if status else '—'}.",
                    f"   The old N/A justification ({current.justification}) was cleared: the status is now {status.label('en') if status else '—'}.",
                )
            )
        if item.is_value:
            while True:
                shown = f" (hiện tại {current.value})" if current.value not in (None, "") else ""
                text = self.ask(f"Giá trị — số {item.answer_type}{shown}: ")
                if not text:
                    break
                try:
                    number = float(text.replace(",", "."))
                except ValueError:
                    self.say(self.t(f"   {text!r} không phải là số", f"   {text!r} is not a number"))
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
                self.say(
                    self.t("   Không áp dụng cần ghi lý do.", "   Not applicable needs a justification.")
                )
        requirement = requirement_of(item.key)
        backed_elsewhere = any(  # evidence backs the requirement: one reference for its questions
            requirement_of(k) == requirement and k != item.key and any(e.strip() for e in a.evidence)
            for k, a in self.answers.answers.items()
        )
        need_evidence = (
            status is Status.PASS
            and self.evidence_from_level is not None
            and item.level >= self.evidence_from_level
            and not backed_elsewhere
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
                    self.t(
                        "   Cần ít nhất một tham chiếu bằng chứng.",
                        "   At least one evidence reference is needed.",
                    )
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
