"""Answer sources: the forms officers fill (YAML, Excel, interactive) and what they exchange.

Every source turns a :class:`Questionnaire` (the questions that apply to one system at one
level) plus the answers already given into a form, and reads a filled form back into an
:class:`~attt_audit.models.AnswerSet`. Sources never drop an answer: keys they do not know are
reported, and answers whose requirement left the catalog are carried over untouched.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import ClassVar

from attt_audit.errors import InputError
from attt_audit.models import AnswerSet, LocalText


class QuestionnaireError(InputError):
    """A filled form (YAML, workbook, interactive input) cannot be read.

    ``problems`` holds every problem found, each ``location: message`` (``Sheet!D14: …``), so a
    user fixes them all in one pass; the message summarises them.
    """

    def __init__(
        self,
        message: str,
        *,
        location: str | None = None,
        expected: str | None = None,
        problems: tuple[str, ...] = (),
    ) -> None:
        self.problems = problems
        super().__init__(message, location=location, expected=expected)


@dataclass(frozen=True)
class QuestionItem:
    """One question of one requirement, as an officer sees it."""

    key: str
    """Stable answer key ``control/level/question`` (:func:`~attt_audit.models.answer_key`)."""
    control: str
    """Control id."""
    level: int
    """Level of the requirement variant the question belongs to."""
    question_id: str
    """Question id, stable within its control and level."""
    framework: str
    """Framework (checklist) id of the control."""
    group: str
    """Requirement group id (one Excel sheet per group)."""
    group_title: LocalText
    """Group title from the framework header (the group id in both languages if none)."""
    reference: str
    """Clause or legal reference shown beside the requirement (``TCVN 11930 7.2.1``, ``ND85 20.1.b``)."""
    title: LocalText
    """Requirement title."""
    question: LocalText
    """The question text."""
    answer_type: str = "status"
    """``status`` (one of the five statuses) or a value type: ``number``, ``months``, ``days``,
    ``text``, ``date``; value answers go into ``Answer.value``."""
    param: str | None = None
    """For a value question: the parameter of the level the answer is compared with."""
    threshold: str | None = None
    """Readable threshold of ``param`` (``≥ 30 days``), if any."""
    evidence_hints: tuple[LocalText, ...] = ()
    """Evidence the catalog suggests for this requirement."""
    confidence: str = ""
    """Confidence code of the requirement's source (A, B, C, P1, S1 …)."""
    advisory: bool = False
    """Low-confidence requirement: reported, never failing a system on its own."""
    text_verified: bool = True
    """False when the standard's text was not recovered and the question derives from a heading."""
    missing_facts: tuple[str, ...] = ()
    """Facts whose absence left the requirement's applicability unknown (it stays on the list)."""

    @property
    def is_value(self) -> bool:
        """True when the answer is a number (months, days …) compared with ``param``."""
        return self.answer_type in ("number", "months", "days")


@dataclass(frozen=True)
class Questionnaire:
    """The questions that apply to one system under one profile, in catalog order."""

    system: str
    """System id."""
    system_name: str
    """The system's name, for headings."""
    profile: str
    """Profile id the questions were selected by (``level3``)."""
    profile_title: LocalText
    """The profile's title."""
    level: int
    """Security level of the profile."""
    regime: str
    """``nd85`` or ``nd331``."""
    items: tuple[QuestionItem, ...]
    """Every question, requirement by requirement, in catalog order."""
    notes: tuple[LocalText, ...] = ()
    """What the officer should know about how the list was built (classification unavailable …)."""
    catalog_keys: frozenset[str] = field(default_factory=frozenset)
    """Every answer key the whole catalog defines at any level, applicable here or not; keys
    outside it are stale (their requirement or question left the catalog)."""

    def asked_keys(self) -> list[str]:
        return [item.key for item in self.items]

    def item(self, key: str) -> QuestionItem | None:
        return self._index.get(key)

    @cached_property
    def _index(self) -> dict[str, QuestionItem]:
        return {i.key: i for i in self.items}

    def groups(self) -> list[tuple[str, LocalText, list[QuestionItem]]]:
        """Items by group, groups in order of first appearance."""
        out: dict[str, tuple[LocalText, list[QuestionItem]]] = {}
        for item in self.items:
            out.setdefault(item.group, (item.group_title, []))[1].append(item)
        return [(gid, title, items) for gid, (title, items) in out.items()]


class AnswerSource(ABC):
    """A way of collecting answers: reads a filled form back over the answers file."""

    name: ClassVar[str]
    """Registry name (``yaml``, ``xlsx``, ``interactive``)."""

    @abstractmethod
    def read_answers(self, questionnaire: Questionnaire, answers: AnswerSet, path: Path) -> AnswerSet:
        """Read the filled form at ``path`` over ``answers`` (the answers file as it is now) and
        return the new answer set; answers the form does not mention are kept unchanged.

        Raises :class:`QuestionnaireError` listing every problem (with its cell or line).
        """
