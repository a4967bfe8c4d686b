"""Merging existing answers into a (re)generated questionnaire: nothing is ever dropped."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from attt_audit.models import Answer, AnswerSet
from attt_audit.questionnaire.interface import Questionnaire

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*/[1-5]/[a-z0-9][a-z0-9_.-]*$")


def is_blank(answer: Answer) -> bool:
    """Nothing was entered (a freshly generated entry)."""
    return (
        answer.status is None
        and answer.value in (None, "")
        and not answer.note
        and not answer.evidence
        and not answer.justification
        and not answer.answered_by
    )


def same_content(a: Answer, b: Answer) -> bool:
    """Equal apart from when and where it was answered."""
    return a.model_dump(exclude={"answered_at", "source"}) == b.model_dump(exclude={"answered_at", "source"})


@dataclass(frozen=True)
class KeySort:
    """How the keys of an answers file relate to a questionnaire and the catalog."""

    current: tuple[str, ...]
    """Keys the questionnaire asks."""
    elsewhere: tuple[str, ...]
    """Keys the catalog defines but this questionnaire does not ask (another level, or the
    requirement does not apply to the system): kept."""
    stale: tuple[str, ...]
    """Keys whose requirement or question left the catalog: kept and reported."""
    unknown: dict[str, str | None]
    """Keys that cannot be an answer key (malformed, or a near miss of a current key) → the
    key they probably meant, if any. These are errors."""


def sort_keys(questionnaire: Questionnaire, keys: list[str]) -> KeySort:
    asked = set(questionnaire.asked_keys())
    current, elsewhere, stale = [], [], []
    unknown: dict[str, str | None] = {}
    for key in keys:
        if key in asked:
            current.append(key)
        elif key in questionnaire.catalog_keys:
            elsewhere.append(key)
        elif not KEY_RE.match(key):
            near = difflib.get_close_matches(key, list(asked), n=1, cutoff=0.8)
            unknown[key] = near[0] if near else None
        else:
            # A well-formed key one or two characters away from a question asked here is a typo,
            # not an answer to a requirement that was removed.
            near = difflib.get_close_matches(key, list(asked), n=1, cutoff=0.9)
            if near and _typo(key, near[0]):
                unknown[key] = near[0]
            else:
                stale.append(key)
    return KeySort(tuple(current), tuple(elsewhere), tuple(stale), unknown)


def _typo(key: str, near: str) -> bool:
    ops = difflib.SequenceMatcher(a=key, b=near).get_opcodes()
    changed = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
    return changed <= 2


def merge(questionnaire: Questionnaire, existing: AnswerSet | None) -> AnswerSet:
    """The answers file for ``questionnaire``: one entry per question in order (existing answer
    or a blank one), then every other existing answer, stale ones included, untouched."""
    old = dict(existing.answers) if existing is not None else {}
    answers: dict[str, Answer] = {}
    for key in questionnaire.asked_keys():
        answers[key] = old.pop(key) if key in old else Answer()
    answers.update(old)
    return AnswerSet(
        system=questionnaire.system,
        level=questionnaire.level,
        profile=questionnaire.profile,
        answers=answers,
    )
