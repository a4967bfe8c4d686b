"""What the engine produces: a result per requirement, scores, remediation plan."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from attt_audit.models.common import LocalText, Status
from attt_audit.models.observations import Observation

Method = Literal["answer", "probe", "inventory", "condition", "waiver"]


class RequirementResult(BaseModel):
    control: str
    level: int
    framework: str
    group: str
    kind: str
    layer: int | None = None
    clause: str | None = None
    refs: list[str] = Field(default_factory=list)
    title: LocalText
    status: Status
    methods: list[Method] = Field(default_factory=list)
    reason: LocalText | None = None
    """Why this status: which answer, probe or fact decided it, or why it could not be assessed."""
    conflicts: list[LocalText] = Field(default_factory=list)
    """E.g. answered Đạt but probe check tls.legacy_protocols_disabled failed on host:port."""
    advisories: list[LocalText] = Field(default_factory=list)
    """Findings from low-confidence thresholds: reported, never failing on their own."""
    evidence: list[str] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)
    answers: dict[str, Any] = Field(default_factory=dict)
    waiver: dict[str, Any] | None = None
    waived: bool = False
    text_verified: bool = True
    confidence: str = ""
    weight: float = 1.0
    severity: str = "medium"
    past_fact: bool = False
    """The finding is a past fact that cannot be undone (e.g. the level approved after the deadline):
    recorded with its date ("Ghi nhận"), given no remediation deadline."""


class NotBindingItem(BaseModel):
    """A requirement of the profile that does not bind the system on the assessment date (or under
    its approval regime): not assessed, not counted, listed in the report's appendix."""

    control: str
    level: int
    framework: str
    title: LocalText
    clause: str | None = None
    refs: list[str] = Field(default_factory=list)
    role: str
    """``baseline`` (follows the approval regime) or ``duty`` (follows the assessment date)."""
    basis: str
    """The instrument it comes from (``nd85``, ``tt31``, ``nd331``, ``law116`` …)."""
    reason: LocalText
    binds_from: dt.date | None = None
    """First day it binds (when that is after the assessment date, or its regime's start)."""
    binds_until: dt.date | None = None
    """Last day it bound (when that is before the assessment date)."""
    ref: str
    """The article that sets these dates."""
    confidence: str = ""


class Score(BaseModel):
    scope: str
    """``overall``, ``group:<id>``, ``kind:<management|technical>``, ``layer:<n>``."""
    passed: int = 0
    partial: int = 0
    failed: int = 0
    not_applicable: int = 0
    not_assessed: int = 0
    percent: float | None = None
    """(Đạt + ½·Một phần) / assessed applicable requirements × 100; None when nothing was assessed."""
    waived: int = 0
    """Requirements left out of this score because an active waiver covers their gap
    (only in ``scores``; ``scores_without_waivers`` counts them by their status)."""
    weighted: bool = False
    """True when some requirement weighs other than 1 and the sums above are weighted."""


class RemediationItem(BaseModel):
    control: str
    clause: str | None = None
    title: LocalText
    status: Status
    priority: int
    """1 (highest) … 4."""
    due: dt.date
    owner: str = ""
    state: str = ""
    reason: LocalText | None = None
    waived: bool = False
    """An active waiver covers this gap until ``due`` (its expiry date)."""
    severity: str = ""
    basis: str = ""
    """How the priority was reached: severity, status, level, legal weight."""


class AssessmentResult(BaseModel):
    schema_version: int = 1
    tool_version: str
    generated_at: dt.datetime
    assessed_on: dt.date
    regime: str
    profile: str
    level: int
    organisation: dict[str, Any]
    system: dict[str, Any]
    assessor: str | None = None
    catalog: dict[str, str] = Field(default_factory=dict)
    """Framework id → version of every checklist used."""
    results: list[RequirementResult] = Field(default_factory=list)
    scores: list[Score] = Field(default_factory=list)
    scores_without_waivers: list[Score] = Field(default_factory=list)
    remediation: list[RemediationItem] = Field(default_factory=list)
    classification: dict[str, Any] = Field(default_factory=dict)
    """Proposed level, matched rows with their articles, declared level."""
    notes: list[LocalText] = Field(default_factory=list)
    groups: dict[str, LocalText] = Field(default_factory=dict)
    """Group id → its title from the catalog, so reports can name the groups they chart
    (optional: reports fall back to the group id)."""
    baseline_regime: str | None = None
    """Regime of the system's technical baseline (its approval regime; Law 116 Art 45)."""
    baseline_reason: LocalText | None = None
    not_binding: list[NotBindingItem] = Field(default_factory=list)
    """Requirements of the profile that do not bind on the assessment date or under the system's
    approval regime: not assessed and not counted (appendix "Không áp dụng do thời điểm / chế độ")."""


class RunSystemEntry(BaseModel):
    system: str
    name: str
    level: int
    result: str
    """Path of the system's canonical ``result.json``, relative to the run folder."""
    overall_percent: float | None = None
    files: list[str] = Field(default_factory=list)
    """Report files written for this system, relative to the run folder."""


class RunSummary(BaseModel):
    """``run.json`` at the top of a run folder (default ``<workspace>/runs/<run-id>/``)."""

    schema_version: int = 1
    run_id: str
    generated_at: dt.datetime
    assessed_on: dt.date
    profile: str
    level: int
    regime: str
    lang: str
    tool_version: str
    systems: list[RunSystemEntry] = Field(default_factory=list)
