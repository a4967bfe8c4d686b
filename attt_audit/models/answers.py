"""Answers officers give, and waivers approved for gaps."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field
from pydantic import Strict as StrictMode

from attt_audit.models.common import Identifier, Level, StatusField, Strict, Text


def answer_key(control_id: str, level: int, question_id: str) -> str:
    """Stable key of one answer: survives catalog updates that keep the control, level and question."""
    return f"{control_id}/{level}/{question_id}"


class Answer(Strict):
    """One officer's answer to one question."""

    status: StatusField | None = None
    value: str | float | int | None = None
    """For value questions (months of log retention, password length chosen in the Quy chế …)."""
    note: str | None = None
    evidence: list[str] = Field(default_factory=list)
    """References to evidence: file names under the workspace's ``evidence/`` folder, document numbers, links."""
    justification: str | None = None
    """Required when the status is Không áp dụng (N/A)."""
    answered_by: str | None = None
    answered_at: dt.datetime | None = None
    source: str | None = None
    """Where the answer was last entered: ``fill`` (interactive) or ``xlsx:<workbook id>``
    (imported from that workbook); ``None`` when typed into the YAML file."""


class AnswerSet(Strict):
    """A system's answers file (``answers/<system>.yaml``)."""

    schema_version: int = 1
    system: Identifier
    level: Annotated[Level, StrictMode()] | None = None
    profile: str | None = None
    answers: dict[str, Answer] = Field(default_factory=dict)
    """Keyed by :func:`answer_key`: ``control-id/level/question-id``."""


class Waiver(Strict):
    """An approved, time-bound acceptance of a gap. Waived items stay listed in every report."""

    id: Identifier
    system: Identifier
    control: Identifier
    justification: Text
    approver: Text
    approved_on: dt.date
    expires_on: dt.date
    """Last day the waiver holds, in Asia/Ho_Chi_Minh time."""
    compensating_control: str | None = None
    reference: str | None = None


class WaiverFile(Strict):
    """A workspace's ``waivers.yaml``."""

    waivers: list[Waiver] = Field(default_factory=list)
