"""Level classification: the decision tables (``checklists/classification/<regime>.yaml``) and their result.

A rule set is data: each row names the article that places a system at a level and a
:class:`~attt_audit.models.catalog.Condition` over the system's facts. The regime's appraisal
and approval authorities, statutory deadlines, inspection intervals and transition notes are
in ``checklists/regimes/<regime>.yaml`` (:mod:`attt_audit.models.regime`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, model_validator

from attt_audit.models.catalog import Condition
from attt_audit.models.common import Confidence, Level, LocalText, Regime, Strict, Text

RefPattern = r"^\d+(\.\d+)*(\.[a-zđ])?$"
"""Article reference: ``9.2.c`` = Điều 9, khoản 2, điểm c; ``7`` = the whole of Điều 7."""


class ClassificationRow(Strict):
    """One row of a decision table: if ``when`` holds, the article places the system at ``level``."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    ref: str = Field(pattern=RefPattern)
    article: Text
    """Label shown to users, e.g. ``ND85 9.2.c``; must be the table's ``article_prefix`` plus ``ref``."""
    level: Level
    label: LocalText
    when: Condition
    confidence: Confidence
    note: LocalText | None = None


class DeadlineRule(Strict):
    """A statutory time limit or time-bound duty; ``levels`` empty means every level."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    ref: Text
    levels: list[Level] = Field(default_factory=list)
    anqg: bool = False
    """Also applies, at any level, to a system on the list important to national security (ANQG)."""
    text: LocalText
    confidence: Confidence

    def applies_to(self, level: int | None, anqg: bool | None = None) -> bool:
        if self.anqg and anqg:
            return True
        return not self.levels or (level is not None and level in self.levels)


class RuleSet(Strict):
    """A regime's level decision table. The regime's other facts (dates, authorities, inspection
    intervals, deadlines) are in :class:`~attt_audit.models.regime.RegimeRules`."""

    regime: Regime
    article_prefix: Text
    """How the table's acts are cited before an article number (``ND85``)."""
    source: Text
    rows: list[ClassificationRow] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> RuleSet:
        seen: set[str] = set()
        prefix = self.article_prefix
        for row in self.rows:
            if row.id in seen:
                raise ValueError(f"row id {row.id!r} appears twice")
            seen.add(row.id)
            if row.article != f"{prefix} {row.ref}":
                raise ValueError(f"row {row.id}: article {row.article!r} should be '{prefix} {row.ref}'")
        return self


# ------------------------------------------------------------------------------- results


class RuleMatch(BaseModel):
    """A row that matched (or, in ``Classification.unknown_rows``, could not be decided)."""

    model_config = ConfigDict(defer_build=True)

    id: str
    ref: str
    article: str
    level: int
    label: LocalText
    confidence: str = ""
    missing: list[str] = Field(default_factory=list)
    """For an undecided row: the facts the inventory lacks."""


class Classification(BaseModel):
    """The proposed level of one system under one regime, and why.

    ``outcome``: ``ok`` (at least one row matched and nothing undecided could raise the level),
    ``needs_input`` (a row above the proposed level could not be decided: see ``missing``),
    ``manual_review`` (no row matched: never a default level).
    """

    model_config = ConfigDict(defer_build=True)

    system_id: str = ""
    regime: str
    assessed_on: dt.date | None = None
    proposed_level: int | None
    """Highest matched level (with ``needs_input``: a lower bound)."""
    outcome: Literal["ok", "needs_input", "manual_review"]
    matched: list[RuleMatch] = Field(default_factory=list)
    unknown_rows: list[RuleMatch] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    """Facts whose absence keeps the level undecided (only rows that could raise the level count)."""
    criteria: set[str] = Field(default_factory=set)
    """``nd85.9.2.c``, ``nd85.9.2``, ``nd85.9`` … for every matched row (used by ``applies_when``)."""
    unknown_criteria: dict[str, frozenset[str]] = Field(default_factory=dict)
    """Criteria of undecided rows → the facts that were missing."""
    declared_level: int | None = None
    approved_level: int | None = None
    mismatch: bool = False
    """Declared (or approved) level differs from the proposed one."""
    duty_level: int | None = None
    """Level whose duties apply (inspection interval, deadlines): the higher of the declared
    (or approved) and the proposed level."""
    authority: LocalText
    authority_ref: str = ""
    inspection_interval_months: int | None = None
    inspection_basis: LocalText | None = None
    inspection_ref: str = ""
    last_inspection: dt.date | None = None
    next_inspection_due: dt.date | None = None
    inspection_overdue: bool | None = None
    deadlines: list[DeadlineRule] = Field(default_factory=list)
    notes: list[LocalText] = Field(default_factory=list)
    alerts: list[LocalText] = Field(default_factory=list, exclude=True)
    """Notes that ``classify`` also prints as warnings (a live level 3–5 system without approval,
    ND330 23.1.c; a system live after the switch on old-regime papers, ND331 39.1); they are in
    ``notes`` too, so the JSON output is unchanged."""

    @field_serializer("criteria", when_used="json")
    def _sorted_criteria(self, value: set[str]) -> list[str]:
        return sorted(value)

    @field_serializer("unknown_criteria", when_used="json")
    def _sorted_unknown(self, value: dict[str, frozenset[str]]) -> dict[str, list[str]]:
        return {key: sorted(value[key]) for key in sorted(value)}
