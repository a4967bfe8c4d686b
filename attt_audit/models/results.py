"""What the engine produces: a result per requirement, scores, remediation plan.

Results are frozen once built: a later step that adds data (the waiver, the officer's plan
edits) builds a new one with ``model_copy(update=...)``.

The organisation, system, classification, waiver and answers a result carries are the models
they came from (:class:`Organisation`, :class:`System`, :class:`Classification`,
:class:`Waiver`, :class:`Answer`), written to JSON as before (``None`` and, for the system,
default values left out; no classification as ``{}``). A ``result.json`` written by an older
version still loads: keys this version no longer knows are dropped on reading (see
:func:`lenient`), since the result is the tool's own output, read back to re-render or roll up.
"""

from __future__ import annotations

import copy
import datetime as dt
import operator
from functools import partial
from typing import Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializationInfo,
    ValidationError,
    field_serializer,
    field_validator,
)

from attt_audit.models.answers import Answer, Waiver
from attt_audit.models.classification import Classification
from attt_audit.models.common import LocalText, Status, StatusField, Strict
from attt_audit.models.inventory import Organisation, System
from attt_audit.models.observations import Observation

Method = Literal["answer", "probe", "inventory", "condition", "waiver"]

M = TypeVar("M", bound=BaseModel)

_LEGACY_SYSTEM_KEYS = ("conditional_business",)
"""Inventory keys older versions wrote into results and this one refuses in an inventory (the
inventory's error names their replacements; a result only needs to load)."""


def lenient(model: type[M], data: Any) -> M:
    """``data`` (from an older ``result.json``) as ``model``, dropping the keys it no longer knows.

    Only unknown keys are dropped; any other invalid value is still an error."""
    if not isinstance(data, dict):
        return model.model_validate(data)
    try:
        return model.model_validate(data)
    except ValidationError as first:
        error = first
    data = copy.deepcopy(data)
    for _ in range(20):  # each pass drops every unknown key the last error named
        extra = [e["loc"] for e in error.errors() if e["type"] == "extra_forbidden"]
        if not extra:
            raise error
        for loc in extra:
            _drop(data, loc)
        try:
            return model.model_validate(data)
        except ValidationError as again:
            error = again
    raise error


def _drop(data: Any, loc: tuple[int | str, ...]) -> None:
    node = data
    for key in loc[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(node, dict):
        node.pop(loc[-1], None)


def _dump_mode(info: SerializationInfo) -> Literal["json", "python"]:
    return "json" if info.mode_is_json() else "python"


_is_none = partial(operator.is_, None)
"""``value is None`` (called for every field of every answer written: a C call, no Python frame)."""
_is_empty_list = partial(operator.eq, [])
"""``value == []``."""


class _Question(Strict):
    question: LocalText


# Written (JSON and ``model_dump``) with the question first (the field order: Answer comes first
# in the bases, so its fields follow ``question``) and without the values ``None`` or the empty
# evidence list (``exclude_if``), as ``model_dump(exclude_none=True, exclude_defaults=True)``
# wrote an answer: pydantic writes a result's answers by itself, no Python serializer per answer.
# The fields are Answer's, redeclared only to say that (tests/test_writer_cpu.py checks they stay
# the same). The docstring is the published schema's description: keep it.
class AnsweredQuestion(Answer, _Question):
    """An officer's answer as a result shows it: the question it answers, then the answer."""

    status: StatusField | None = Field(default=None, exclude_if=_is_none)
    value: str | float | int | None = Field(default=None, exclude_if=_is_none)
    note: str | None = Field(default=None, exclude_if=_is_none)
    evidence: list[str] = Field(default_factory=list, exclude_if=_is_empty_list)
    justification: str | None = Field(default=None, exclude_if=_is_none)
    answered_by: str | None = Field(default=None, exclude_if=_is_none)
    answered_at: dt.datetime | None = Field(default=None, exclude_if=_is_none)
    source: str | None = Field(default=None, exclude_if=_is_none)


class WaiverRecord(Waiver):
    """The waiver that covers a requirement, and its state on the assessment date."""

    state: Literal["active", "expired", "pending"] | None = None
    """:class:`attt_audit.waivers.WaiverState` (the engine always records it; None only in a
    result written without it, where reports decide it from the dates)."""


def _no_classification_schema(schema: dict[str, Any]) -> None:
    """No classification is written as ``{}`` (as before results were typed), not ``null``."""
    for option in schema.get("anyOf", []):
        if option.get("type") == "null":
            option.clear()
            option.update({"type": "object", "maxProperties": 0})


class RequirementResult(BaseModel):
    model_config = ConfigDict(frozen=True)

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
    answers: dict[str, AnsweredQuestion] = Field(default_factory=dict)
    """Question id → the answer given to it (unanswered questions are left out)."""
    waiver: WaiverRecord | None = None
    waived: bool = False
    text_verified: bool = True
    confidence: str = ""
    weight: float = 1.0
    severity: str = "medium"
    past_fact: bool = False
    """The finding is a past fact that cannot be undone (e.g. the level approved after the deadline):
    recorded with its date ("Ghi nhận"), given no remediation deadline."""

    @field_validator("answers", mode="before")
    @classmethod
    def _old_answers(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {
            k: v if isinstance(v, AnsweredQuestion) else lenient(AnsweredQuestion, v)
            for k, v in value.items()
        }

    @field_validator("waiver", mode="before")
    @classmethod
    def _old_waiver(cls, value: Any) -> Any:
        return lenient(WaiverRecord, value) if isinstance(value, dict) else value

    @field_serializer("waiver", when_used="unless-none")
    def _waiver_out(self, value: WaiverRecord, info: SerializationInfo) -> dict[str, Any]:
        return value.model_dump(mode=_dump_mode(info), exclude_none=True)


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
    model_config = ConfigDict(frozen=True)

    schema_version: int = 1
    tool_version: str
    generated_at: dt.datetime
    assessed_on: dt.date
    regime: str
    profile: str
    level: int
    organisation: Organisation
    system: System
    assessor: str | None = None
    catalog: dict[str, str] = Field(default_factory=dict)
    """Framework id → version of every checklist used."""
    results: list[RequirementResult] = Field(default_factory=list)
    scores: list[Score] = Field(default_factory=list)
    scores_without_waivers: list[Score] = Field(default_factory=list)
    remediation: list[RemediationItem] = Field(default_factory=list)
    classification: Classification | None = Field(default=None, json_schema_extra=_no_classification_schema)
    """Proposed level, matched rows with their articles, declared level (None: the system
    could not be classified; written ``{}``)."""
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

    @field_validator("organisation", mode="before")
    @classmethod
    def _old_organisation(cls, value: Any) -> Any:
        return lenient(Organisation, value) if isinstance(value, dict) else value

    @field_validator("system", mode="before")
    @classmethod
    def _old_system(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return lenient(System, {k: v for k, v in value.items() if k not in _LEGACY_SYSTEM_KEYS})

    @field_validator("classification", mode="before")
    @classmethod
    def _old_classification(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return lenient(Classification, value) if value else None
        return value

    @field_serializer("organisation")
    def _organisation_out(self, value: Organisation, info: SerializationInfo) -> dict[str, Any]:
        return value.model_dump(mode=_dump_mode(info), exclude_none=True)

    @field_serializer("system")
    def _system_out(self, value: System, info: SerializationInfo) -> dict[str, Any]:
        return value.model_dump(mode=_dump_mode(info), exclude_none=True, exclude_defaults=True)

    @field_serializer("classification")
    def _classification_out(self, value: Classification | None, info: SerializationInfo) -> dict[str, Any]:
        return {} if value is None else value.model_dump(mode=_dump_mode(info))


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
