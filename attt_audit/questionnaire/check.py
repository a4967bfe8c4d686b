"""Checking an answers file against its questionnaire.

Errors: N/A without a justification; Đạt at level ``evidence_from_level`` and above (3 by
default, configurable) on a requirement none of whose answers cites evidence; a value question answered with something that is not a
number; unknown answer keys. Warnings: stale answers (kept, never dropped), answers to
questions not asked here, value questions left without a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from attt_audit.models import Answer, AnswerSet, Status
from attt_audit.questionnaire.interface import Questionnaire
from attt_audit.questionnaire.merge import is_blank, sort_keys
from attt_audit.yamlio import Located, read_yaml, validate_located

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    severity: Severity
    key: str
    message: str
    location: str = ""

    def render(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity}: {self.key}: {self.message}"


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    asked: int = 0
    answered: int = 0
    stale: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def _number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, str):
        try:
            float(value.strip().replace(",", "."))
        except ValueError:
            return False
        return True
    return False


def excel_cell(answer: Answer | None) -> str | None:
    """``Sheet!D14`` when the answer was imported from a workbook: ``questionnaire import``
    records it after a ``#`` in the answer's ``source`` (``xlsx:<system>@<made>#Mạng!D14``),
    so no other file is needed and the answers file stays the one record."""
    source = answer.source if answer is not None else None
    if not source or not source.startswith("xlsx:") or "#" not in source:
        return None
    return source.split("#", 1)[1] or None


def requirement_of(key: str) -> str:
    """``control/level/question`` → ``control/level``: the requirement a question belongs to."""
    return key.rsplit("/", 1)[0]


def evidenced_requirements(answers: AnswerSet) -> set[str]:
    """Requirements (``control/level``) with an evidence reference on any of their answers.

    Evidence backs a requirement, not one question: reports list it per requirement (the
    engine joins its questions' references), so an officer cites the Quy chế once for the
    four questions it answers."""
    return {requirement_of(k) for k, a in answers.answers.items() if any(e.strip() for e in a.evidence)}


def check(
    questionnaire: Questionnaire,
    answers: AnswerSet,
    *,
    evidence_from_level: int | None = 3,
    where: Located | None = None,
) -> CheckReport:
    """Every problem of ``answers``; ``evidence_from_level=None`` turns the evidence rule off.

    ``where`` (the answers file as read) gives each problem its ``file:line:column``.
    """
    report = CheckReport(asked=len(questionnaire.items))

    def loc(key: str, *fields: str) -> str:
        here = where.where(("answers", key, *fields)) if where is not None else ""
        cell = excel_cell(answers.answers.get(key))
        if cell:  # imported from a workbook: the officer fixes it there
            return f"{here} (workbook {cell})" if here else f"workbook {cell}"
        return here

    def add(severity: Severity, key: str, message: str, *fields: str) -> None:
        report.problems.append(Problem(severity, key, message, loc(key, *fields)))

    sort = sort_keys(questionnaire, list(answers.answers))
    backed = evidenced_requirements(answers)
    for key, near in sort.unknown.items():
        hint = f"; did you mean {near!r}?" if near else ""
        add("error", key, f"unknown answer key{hint}")
    for key in sort.stale:
        report.stale.append(key)
        add("warning", key, "stale: this requirement or question is no longer in the catalog; answer kept")
    for key in sort.elsewhere:
        if not is_blank(answers.answers[key]):
            add(
                "warning",
                key,
                f"not asked of this system under profile {questionnaire.profile}; answer kept",
            )
    for key in (k for k in sort.current + sort.elsewhere + sort.stale):
        answer: Answer = answers.answers[key]
        item = questionnaire.item(key)
        if answer.status is not None and answer.status is not Status.NOT_ASSESSED:
            report.answered += 1 if item is not None else 0
        elif item is not None and item.is_value and answer.value not in (None, ""):
            report.answered += 1
        if answer.status is Status.NA and not (answer.justification or "").strip():
            add("error", key, "Không áp dụng (N/A) needs a justification", "status")
        level = item.level if item is not None else questionnaire.level
        if (
            answer.status is Status.PASS
            and evidence_from_level is not None
            and level >= evidence_from_level
            and requirement_of(key) not in backed
        ):
            add(
                "error",
                key,
                f"Đạt (pass) at level {level} needs at least one evidence reference"
                " (on this question or another question of the same requirement)",
                "evidence" if "evidence" in answer.model_fields_set else "status",
            )
        if item is not None and item.is_value:
            if answer.value not in (None, "") and not _number(answer.value):
                add("error", key, f"{answer.value!r} is not a number ({item.answer_type})", "value")
            elif answer.value in (None, "") and answer.status not in (None, Status.NA, Status.NOT_ASSESSED):
                add(
                    "warning",
                    key,
                    f"no value given ({item.answer_type}, compared with {item.param})",
                    "status",
                )
    return report


def check_file(
    questionnaire: Questionnaire, path: Path, *, evidence_from_level: int | None = 3
) -> tuple[AnswerSet, CheckReport]:
    located = read_yaml(path)
    answers = validate_located(AnswerSet, located)
    return answers, check(questionnaire, answers, evidence_from_level=evidence_from_level, where=located)
