"""The catalog: frameworks, controls with per-level variants, conditions, profiles.

A checklist file (``checklists/*.yaml``) holds one :class:`Framework` header and its
:class:`Control` list. Profiles (``profiles/*.yaml``) select controls for a level and regime.
Probe code never names a control: controls name the probe check ids that can verify them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, model_validator

from attt_audit.models.common import Confidence, Identifier, Level, LocalText, Regime, Strict, Text

ControlKind = Literal["management", "technical", "design", "duty", "layer"]
"""management / technical: TCVN 11930 clause groups; design: TT 12/2022 design requirements;
duty: obligations of ND 85 / TT 12 / TT 31 checked from inventory facts and dates;
layer: an item of the 4-layer protection model (CV 1552/BTTTT-CATTT)."""

Severity = Literal["low", "medium", "high", "critical"]
AnswerType = Literal["status", "number", "months", "days", "text", "date"]
CheckId = Field(pattern=r"^[a-z0-9_]+\.[a-z0-9_.]+$")


BindingRole = Literal["baseline", "duty"]
"""baseline: the technical baseline, chosen by the regime the system's level was approved under
(Law 116 Art 45 keeps an ND85 approval and its TCVN 11930 baseline valid); duty: an obligation that
binds by the assessment date, whatever regime the level was approved under."""


class Binding(Strict):
    """When and under which instrument a requirement binds.

    Declared on a framework header (the default for its controls), and optionally overridden on a
    control or on one level variant. The engine applies a requirement only when it binds on the
    assessment date (``role: duty``) or under the system's approval regime (``role: baseline``);
    the others are listed as "not applicable by date / regime" with the date they start or ended.
    """

    basis: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """The instrument the requirement comes from: ``nd85``, ``tt12``, ``tt31``, ``ct09``, ``law116``,
    ``nd331``, ``nd333``, ``nd330``, ``law91``, ``nd356``, ``tcvn11930``, ``tcvn14423``, ``cv1552``."""
    role: BindingRole | None = None
    """Only on a framework header (controls inherit it)."""
    from_: dt.date | None = Field(default=None, alias="from")
    """First day the requirement binds (inclusive); None: since before any assessment date."""
    until: dt.date | None = None
    """Last day the requirement binds (inclusive); None: still in force."""
    ref: Text
    """The article that sets the dates, e.g. ``Luật 116/2025 Điều 45``, ``NĐ 331/2026 Điều 40``."""
    confidence: Confidence

    def binds_on(self, day: dt.date) -> bool:
        return (self.from_ is None or day >= self.from_) and (self.until is None or day <= self.until)


class Condition(Strict):
    """A test over a system's facts. Exactly one form is used per node.

    * ``all`` / ``any`` / ``not``: combine other conditions;
    * ``fact`` with one comparison (``eq``, ``ne``, ``in``, ``gte``, ``gt``, ``lte``, ``lt``,
      ``contains``, ``present``);
    * ``criterion``: true when the system's classification matched that rule row
      (for example ``nd85.9.2`` or ``nd331.A3c``).

    A fact the inventory does not give makes the test *unknown*, never false: the caller
    reports "needs input: <fact>".
    """

    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")
    fact: str | None = Field(default=None, pattern=r"^[a-z_][a-z0-9_.]*$")
    eq: Any = None
    ne: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")
    gte: float | None = None
    gt: float | None = None
    lte: float | None = None
    lt: float | None = None
    contains: Any = None
    present: bool | None = None
    criterion: str | None = None
    criteria_any: list[str] | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        forms = [
            self.all is not None,
            self.any is not None,
            self.not_ is not None,
            self.fact is not None,
            self.criterion is not None,
            self.criteria_any is not None,
        ]
        if sum(forms) != 1:
            raise ValueError("a condition uses exactly one of all, any, not, fact, criterion, criteria_any")
        if self.fact is not None:
            ops = [
                n
                for n in ("eq", "ne", "in_", "gte", "gt", "lte", "lt", "contains", "present")
                if self._has(n)
            ]
            if len(ops) != 1:
                raise ValueError(
                    f"fact {self.fact!r} needs exactly one comparison (eq, ne, in, gte, gt, lte, lt, contains, present)"
                )
        return self

    def _has(self, name: str) -> bool:
        return name in self.model_fields_set or (name == "in_" and self.in_ is not None)


class Question(Strict):
    """One question an officer answers. ``id`` is stable within its control and level."""

    id: Identifier
    vi: Text
    en: Text
    answer_type: AnswerType = "status"
    param: str | None = None
    """For a value question: the parameter of this level the answer is compared with."""


class Param(Strict):
    """A numeric threshold or owner-chosen value, always with its source and confidence."""

    min: float | None = None
    max: float | None = None
    value: Any = None
    unit: str | None = None
    source: Text
    confidence: Confidence
    advisory: bool = False
    """An advisory threshold is reported but never fails a system on its own."""
    owner_defined: bool = False
    """The standard leaves the value to the owner: the officer records the value fixed in the
    system's Quy chế and the check compares the system against that."""
    note: LocalText | None = None


class LevelVariant(Strict):
    """What a control requires at one level."""

    clause: str | None = Field(default=None, pattern=r"^\d+(\.\d+)*$")
    """TCVN clause number at this level (numbers shift between levels)."""
    refs: list[str] = Field(default_factory=list)
    """Legal references besides the clause, e.g. ``ND85 20.2.c``, ``TT12 Phụ lục III II.1``."""
    title: LocalText | None = None
    summary: LocalText | None = None
    remediation: LocalText | None = None
    """The corrective action for this level in our own words (overrides the control's)."""
    questions: list[Question] = Field(default_factory=list)
    evidence: list[LocalText] = Field(default_factory=list)
    params: dict[str, Param] = Field(default_factory=dict)
    applies_when: Condition | None = None
    evaluate: str | None = None
    """Name of an inventory evaluator that decides this requirement from facts and dates."""
    source: Text
    confidence: Confidence
    text_verified: bool = True
    """False when the standard's item text was not recovered and questions derive from the heading."""
    advisory: bool = False
    """The requirement rests on a source the catalog has not read (e.g. confidence B for a law known only
    from secondary sources): a failure is reported as advisory, never Không đạt (as for confidence C/INF)."""
    weight: float | None = Field(default=None, gt=0)
    severity: Severity | None = None
    binds: Binding | None = None
    """Overrides the control's (or framework's) binding for this level only."""


class RegimeWording(Strict):
    """How one regime states a control (the 4-layer model is worded differently before and after 2026)."""

    refs: list[str] = Field(min_length=1)
    summary: LocalText
    confidence: Confidence | None = None


class Control(Strict):
    """One requirement, stable across levels and catalog versions."""

    id: Identifier
    group: Identifier
    kind: ControlKind
    layer: int | None = Field(default=None, ge=1, le=4)
    """For 4-layer items: which layer (1 in-house force … 4 national monitoring link)."""
    title: LocalText
    summary: LocalText | None = None
    remediation: LocalText | None = None
    """The corrective action in our own words, vi and en, for every level unless a level gives its
    own (``LevelVariant.remediation``); the remediation plan prints it (issue 13 §3)."""
    levels: dict[Level, LevelVariant] = Field(min_length=1)
    checks: list[str] = Field(default_factory=list)
    """Probe check ids (``tls.legacy_protocols_disabled``) whose observations bear on this control."""
    weight: float = Field(default=1.0, gt=0)
    severity: Severity = "medium"
    regimes: dict[Regime, RegimeWording] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)
    note: LocalText | None = None
    """The organisation's own note on this control, merged from its overlay (``overlay/*.yaml``)."""
    binds: Binding | None = None
    """Overrides the framework's binding for this control (e.g. a TT 31 item inside an ND85 file)."""

    def variant(self, level: int) -> LevelVariant | None:
        return self.levels.get(level)


class Group(Strict):
    id: Identifier
    title: LocalText
    kind: ControlKind | None = None


class Framework(Strict):
    """Header of a checklist file."""

    id: Identifier
    title: LocalText
    regimes: list[Regime] = Field(min_length=1)
    """Regimes under which this framework applies (the 4-layer model spans both)."""
    version: str = "1"
    verified_on: str | None = None
    clause_sections: dict[Level, str] = Field(default_factory=dict)
    """For a standard: the top clause number used at each level (TCVN 11930: 1→5 … 5→9)."""
    source: Text
    groups: list[Group] = Field(default_factory=list)
    binds: Binding | None = None
    """Default binding of the framework's controls; ``role`` says baseline or duty."""


class ChecklistFile(Strict):
    """A file in ``checklists/``."""

    framework: Framework
    controls: list[Control] = Field(default_factory=list)


class OverlayControl(Strict):
    """An organisation's addition to a control, merged by id: extra questions and evidence, own notes."""

    id: Identifier
    note: LocalText | None = None
    levels: dict[Level, OverlayVariant] = Field(default_factory=dict)


class VerifiedParam(Strict):
    """An organisation's confirmation of a threshold against the licensed text of the standard.

    The TCVN 14423:2026 figures come from one secondary summary and are advisory (they warn, never
    fail); an overlay entry that names who checked the figure in the licensed text, when and where
    makes it binding, with the value it gives (or the catalog's value when it gives none)."""

    verified_by: Text
    """Who checked it, e.g. ``Nguyễn Văn A, Phòng CNTT (bản TCVN 14423:2026 có bản quyền)``."""
    verified_on: dt.date
    reference: Text
    """Where in the standard the figure stands, e.g. ``TCVN 14423:2026 mục 5.2.3``."""
    min: float | None = None
    max: float | None = None
    value: Any = None


class OverlayVariant(Strict):
    questions: list[Question] = Field(default_factory=list)
    evidence: list[LocalText] = Field(default_factory=list)
    summary: LocalText | None = None
    verified_params: dict[str, VerifiedParam] = Field(default_factory=dict)
    """Advisory thresholds confirmed against the licensed standard: they stop being advisory."""


class OverlayFile(Strict):
    """A file in a workspace's overlay folder (``overlay/*.yaml``)."""

    overlay: LocalText
    controls: list[OverlayControl] = Field(default_factory=list)


class Profile(Strict):
    """Selects the requirements that apply at one level under one regime; tailorable by extension."""

    id: Identifier
    title: LocalText
    regime: Regime
    level: Level | None = None
    extends: Identifier | None = None
    frameworks: list[Identifier] = Field(default_factory=list)
    """Frameworks whose controls with a variant at ``level`` are included."""
    include: list[str] = Field(default_factory=list)
    """Extra control ids (or ``fnmatch`` patterns) to include."""
    exclude: list[str] = Field(default_factory=list)
    """Control ids (or patterns) to drop, e.g. a tailored profile."""
    params: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Parameter overrides: ``{control_id: {param: value}}``."""
    description: LocalText | None = None
