"""Regime rules: the legal facts of one regime, read from ``checklists/regimes/<regime>.yaml``.

A regime (``nd85``, ``nd331``) is a set of acts in force together. Its file holds every fact the
tool computes with or prints, each with its article (``ref``), where we read it (``source``) and
how sure we are (``confidence``): the day the regime starts (and ends, when known) and its
transition dates; who appraises and who approves the level dossier at each level, and in how
long; the periodic-inspection interval per level and whether the regime states it or the tool
infers it; the annual reporting calendar; the sentences reports print as the legal basis; the
frameworks whose clause numbers carry a standard's name; and where the four layers are named.

The level decision table is a separate file (``checklists/classification/<regime>.yaml``,
:class:`~attt_audit.models.classification.RuleSet`); no fact is in both.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, PrivateAttr, model_validator

from attt_audit.models.classification import DeadlineRule
from attt_audit.models.common import Confidence, Identifier, Lang, Level, LocalText, Regime, Strict, Text


class Sourced(Strict):
    """A fact's article, where we read it, and how sure we are."""

    ref: Text
    """Article, e.g. ``ND85 20.2.c`` or ``Luật 116/2025 Điều 44.1``."""
    source: Text
    """Where the fact was read (a brief and its section)."""
    confidence: Confidence


class RegimeDate(Sourced):
    """A dated legal event: a regime starting, a transition deadline."""

    date: dt.date
    precision: Literal["day", "month"] = "day"
    """``month``: the source gives only the month (``by 09/2024``); ``date`` is the month's last day."""
    text: LocalText
    """What happens on that day."""


ApproverRole = Literal["security_unit", "owner"]
AppraiserRole = Literal["security_unit", "central"]


class ApprovalRule(Sourced):
    """Who appraises (thẩm định) and who approves (phê duyệt) the level dossier at one level."""

    appraiser: AppraiserRole
    """Which body the tool expects as appraiser: the organisation's specialised unit, or a
    central body (one of :attr:`RegimeRules.central_appraisers`)."""
    approver: ApproverRole
    """Which body the tool expects as approver: the specialised unit or the system owner."""
    appraising_body: LocalText
    approving_body: LocalText
    text: LocalText
    """The sentence printed with a classification (may name the appraisal deadline)."""
    in_reason: LocalText
    """The same fact said briefly, inside a duty's reason."""


class InspectionRule(Sourced):
    """Periodic inspection interval at one level."""

    months: int | None = Field(default=None, ge=1)
    """``null`` when neither the regime nor the tool gives one."""
    stated: bool
    """True: the regime states the interval. False: the tool infers it (advisory, never a breach)."""
    basis: LocalText


class Period(Strict):
    """A time limit: ``{count: 15, unit: working_days}``."""

    count: int = Field(ge=1)
    unit: Literal["days", "working_days", "hours", "months"]


class Deadline(DeadlineRule):
    """A statutory time limit or time-bound duty of the regime.

    The fields of :class:`DeadlineRule` are what a classification lists; ``step`` and ``period``
    let code ask for one time limit (:meth:`RegimeRules.deadline`).
    """

    step: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Procedure step the limit belongs to (``appraisal``, ``approval``, ``completeness-check`` …)."""
    period: Period | None = None
    source: Text

    def as_rule(self) -> DeadlineRule:
        """The deadline as a classification lists it."""
        return DeadlineRule.model_validate(self.model_dump(include=set(DeadlineRule.model_fields)))


TransitionTrigger = Literal[
    "approved_under_nd85",
    "not_approved_possibly_in_build",
    "regime_forced_after_switch",
    "between_law_and_decree",
    "anqg_system",
    "live_unapproved_level_3_5",
    "live_after_switch_under_nd85",
    "always",
]
"""When a transition note is printed (decided in ``attt_audit.classify`` from the regimes' dates):

* ``approved_under_nd85``: the system's approval is a Decree 85 decision (``approval.regime``
  is ``nd85``, or it is dated before the successor law took effect);
* ``not_approved_possibly_in_build``: no approval and no go-live date before the successor law;
* ``regime_forced_after_switch``: the rules of a regime used on or after its successor started;
* ``between_law_and_decree``: the assessment date lies after the successor law took effect and
  before its decree did;
* ``anqg_system``: the inventory marks the system as important to national security (``anqg``);
* ``live_unapproved_level_3_5``: a level 3–5 system (declared or proposed) is live on the assessment
  date, on or after the regime's ``penalties-in-force`` date, with no approval decision recorded;
* ``live_after_switch_under_nd85``: the system goes live on or after the regime's start with a level
  approved (or a dossier drafted) under the oldest regime.
  These two are also read from the successor's notes when an older regime's table is used;
* ``always``: every classification under this regime.
"""


class TransitionNote(Sourced):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    trigger: TransitionTrigger
    text: LocalText


class Duty(Sourced):
    """A duty the tool cites by name (its article differs between regimes)."""

    text: LocalText


class DayOfYear(Strict):
    """A day that recurs every year (``{month: 12, day: 25}``)."""

    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)

    @model_validator(mode="after")
    def _exists(self) -> DayOfYear:
        dt.date(2000, self.month, self.day)  # a leap year: 29/02 is allowed
        return self

    def on(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)


class ReportRecipient(Sourced):
    since: str | None = None
    """Name of a date in :attr:`RegimeRules.dates` from which this recipient applies (none: from the start)."""
    text: LocalText


class ReportingCalendar(Sourced):
    """The annual report: data period, deadlines, recipient, legal basis."""

    period_start: DayOfYear
    """First day of the data period, in the year before the report year."""
    period_end: DayOfYear
    """Last day of the data period, in the report year."""
    internal_deadline: DayOfYear
    """The specialised unit and the operator report to the owner before this day."""
    external_deadline: DayOfYear
    """The owner reports to the authority before this day."""
    counts_from: DayOfYear
    """A report sent from this day of year Y on counts as the year-Y report (the tool's reading)."""
    legal_basis: LocalText
    """The articles the annual report is made under, as it prints them."""
    recipients: list[ReportRecipient] = Field(min_length=1)
    start_note: LocalText | None = None
    """Printed when the data period straddles the day this regime starts."""
    form_notes: list[LocalText] = Field(default_factory=list)
    """Notes on the report form, printed in every annual report under this regime."""

    def period(self, year: int) -> tuple[dt.date, dt.date]:
        """The data period of the year-``year`` report."""
        return self.period_start.on(year - 1), self.period_end.on(year)


class LayerSource(Strict):
    framework: Identifier
    """The checklist framework whose ``layer-N`` groups name the four layers."""


class StandardLabel(Strict):
    framework: Identifier
    label: Text
    """The standard's name printed before a clause number (``TCVN 11930`` + ``7.2.1``)."""


class RegimeRules(Strict):
    """Every legal fact of one regime that code uses (see the module docstring)."""

    id: Regime
    title: LocalText
    acts: LocalText
    """The acts of the regime, as gap reports print them."""
    starts: RegimeDate
    ends: RegimeDate | None = None
    """None while the end is unknown or open in the sources."""
    dates: dict[str, RegimeDate] = Field(default_factory=dict)
    """Transition dates and deadlines, by name."""
    approval: dict[Level, ApprovalRule]
    central_appraisers: list[Text] = Field(default_factory=list)
    """How central appraising bodies are usually written (lower case), to recognise them."""
    inspection: dict[Level, InspectionRule]
    deadlines: list[Deadline] = Field(default_factory=list)
    transition_notes: list[TransitionNote] = Field(default_factory=list)
    duties: dict[str, Duty] = Field(default_factory=dict)
    """Duties code cites by name (``quy-che-before-approval``), with their article in this regime."""
    reporting: ReportingCalendar
    layers_from: LayerSource = Field(alias="layers")
    standards: list[StandardLabel] = Field(default_factory=list)
    wording: dict[str, LocalText] = Field(default_factory=dict)
    """Words that differ between the regimes' texts, by name (``security``: "an toàn thông tin"
    in ND85/TT12 documents, "an ninh mạng" in ND331 ones)."""

    _layers: dict[int, LocalText] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> RegimeRules:
        for name, table in (("approval", self.approval), ("inspection", self.inspection)):
            missing = sorted(set(range(1, 6)) - set(table))
            if missing:
                raise ValueError(f"{name} has no entry for level(s) {missing}")
        seen: set[str] = set()
        for d in self.deadlines:
            if d.id in seen:
                raise ValueError(f"deadline id {d.id!r} appears twice")
            seen.add(d.id)
        for r in self.reporting.recipients:
            if r.since is not None and r.since not in self.dates:
                raise ValueError(f"reporting recipient since {r.since!r}: no such date in 'dates'")
        if self.ends is not None and self.ends.date <= self.starts.date:
            raise ValueError("ends must come after starts")
        return self

    # ---------------------------------------------------------------------------- accessors

    def in_force_on(self, day: dt.date) -> bool:
        return self.starts.date <= day and (self.ends is None or day <= self.ends.date)

    def date(self, name: str) -> dt.date:
        """A named transition date (``law-in-force``); a missing name is a data error."""
        try:
            return self.dates[name].date
        except KeyError:
            raise KeyError(
                f"regime {self.id} has no date {name!r} (checklists/regimes/{self.id}.yaml)"
            ) from None

    def inspection_interval_months(self, level: int) -> int | None:
        return self.inspection[level].months

    def approving_body(self, level: int) -> LocalText:
        return self.approval[level].approving_body

    def appraising_body(self, level: int) -> LocalText:
        return self.approval[level].appraising_body

    def deadline(self, step: str, level: int | None = None) -> Deadline | None:
        """The time limit of procedure ``step`` at ``level`` (None when the regime sets none)."""
        for d in self.deadlines:
            if d.step == step and (level is None or not d.levels or level in d.levels):
                return d
        return None

    def deadlines_for(self, level: int | None, anqg: bool | None = None) -> list[DeadlineRule]:
        """The deadlines a classification lists for a system at ``level``."""
        return [d.as_rule() for d in self.deadlines if d.applies_to(level, anqg)]

    @property
    def reporting_calendar(self) -> ReportingCalendar:
        return self.reporting

    def report_recipient(self, on: dt.date) -> LocalText:
        """Who receives the owner's annual report on ``on`` (the latest recipient already in place)."""
        chosen = self.reporting.recipients[0]
        for r in self.reporting.recipients:
            if r.since is None or self.date(r.since) <= on:
                chosen = r
        return chosen.text

    def legal_basis(self, lang: Lang) -> str:
        """The acts of the regime in ``lang``, as reports print them."""
        return self.acts.get(lang)

    @property
    def layers(self) -> dict[int, LocalText]:
        """Layer number → name, from the framework :attr:`layers_from` names (set by the loader)."""
        return dict(self._layers)

    @property
    def frameworks(self) -> dict[str, str]:
        """Framework id → the standard's name printed before its clause numbers."""
        return {s.framework: s.label for s in self.standards}
