"""``province.yaml``: the province's own file (who reports to it, with which key, by when; targets;
inspection team and selection rules), and ``checklists/province/province.yaml`` (indicator definitions,
intake rules, plan and conclusion outlines).

The province's specialised unit (the provincial police unit where designated, or the department in
charge) keeps this file. Every unit (sở, ban, ngành, xã) that files a signed bundle is listed with
its Ed25519 public key, inline PEM or a path relative to the workspace.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from attt_audit.models.common import Identifier, Strict, Text

UnitKind = Literal["sở", "ban", "ngành", "xã", "khác"]


class Signer(Strict):
    """The person who signs the province's documents (Decree 30/2020 signature block)."""

    name: Text
    title: Text
    """Position, in capitals on the document (``TRƯỞNG PHÒNG``)."""
    authority: str = ""
    """Authority form before the title: ``KT. GIÁM ĐỐC``, ``TM. ỦY BAN NHÂN DÂN``, ``TL.``… or empty."""


class SpecialisedUnit(Strict):
    name: Text
    abbreviation: str = ""
    """Used in document numbers and the ``Lưu:`` line (``PA05``)."""
    governing_body: str = ""
    """The body above it, first header line (``CÔNG AN TỈNH BÌNH AN``)."""
    mandate: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    signer: Signer


class Contact(Strict):
    name: str | None = None
    phone: str | None = None
    email: str | None = None


class UnitFacts(Strict):
    """Figures a unit gives outside Mẫu 08 (province.md §2); each is optional: absent = no data."""

    monitoring_connected: bool | None = None
    endpoints: int | None = Field(default=None, ge=0)
    endpoints_reporting: int | None = Field(default=None, ge=0)
    drills: int | None = Field(default=None, ge=0)
    incidents: int | None = Field(default=None, ge=0)
    incidents_reported_24h: int | None = Field(default=None, ge=0)
    l3_restore_tested: int | None = Field(default=None, ge=0)
    admins_l3: int | None = Field(default=None, ge=0)
    admins_l3_certified: int | None = Field(default=None, ge=0)
    dx_projects: int | None = Field(default=None, ge=0)
    dx_projects_15pct: int | None = Field(default=None, ge=0)
    platform_registered: bool | None = None
    officials: int | None = Field(default=None, ge=0)
    officials_trained: int | None = Field(default=None, ge=0)
    dti_score: float | None = Field(default=None, ge=0, le=100)
    last_inspected: dt.date | None = None
    """Last inspection of the unit by the province."""


class Unit(Strict):
    id: Identifier
    name: Text
    kind: UnitKind = "sở"
    public_key: str | None = None
    """Ed25519 public key: PEM text, or a path to a ``.pub.pem`` file relative to the workspace.
    None: the unit files by hand (Excel Mẫu 08), imported unsigned."""
    contact: Contact = Field(default_factory=Contact)
    facts: dict[int, UnitFacts] = Field(default_factory=dict)
    """Per report year."""

    @field_validator("name")
    @classmethod
    def _nfc(cls, value: str) -> str:
        import unicodedata

        return unicodedata.normalize("NFC", value)


class Targets(Strict):
    """Province targets in percent (or count for drills), shown against the indicators."""

    approved_pct: float | None = Field(default=100, ge=0, le=100)
    plan_full_pct: float | None = Field(default=100, ge=0, le=100)
    monitoring_pct: float | None = Field(default=100, ge=0, le=100)
    antimalware_pct: float | None = Field(default=100, ge=0, le=100)
    drills_per_owner: float | None = Field(default=1, ge=0)
    trained_pct: float | None = Field(default=50, ge=0, le=100)
    on_time_pct: float | None = Field(default=100, ge=0, le=100)


class Reporting(Strict):
    internal_deadline: str = "19/12"
    """Day and month (``DD/MM``) by which units send their annual report to the specialised unit,
    inside the legal window (ND 331 Art 35.4). A bundle signed or received after it is late."""

    @field_validator("internal_deadline")
    @classmethod
    def _ddmm(cls, value: str) -> str:
        from attt_audit.models.regime import DayOfYear

        day, _, month = value.partition("/")
        try:
            DayOfYear(month=int(month), day=int(day))  # the day exists in some year (29/02 too)
        except ValueError:
            raise ValueError("expected DD/MM, for example 19/12") from None
        return value

    def deadline(self, year: int) -> dt.date:
        """The internal deadline in ``year`` (29/02 falls back to 28/02 in a common year)."""
        import calendar

        day, _, month = self.internal_deadline.partition("/")
        last = calendar.monthrange(year, int(month))[1]
        return dt.date(year, int(month), min(int(day), last))


class TeamMember(Strict):
    name: Text
    title: str = ""
    organisation: str = ""
    role: Literal["head", "deputy", "member", "secretary"] = "member"


class SelectionRules(Strict):
    """Which units and systems next year's inspection plan takes (province.md §3)."""

    level3_and_above: bool = True
    unapproved: bool = True
    incident_hit: bool = True
    not_inspected_years: int | None = Field(default=2, ge=1)
    lowest_scores: int = Field(default=3, ge=0)
    """How many units with the lowest compliance score to add."""
    max_units: int | None = Field(default=None, ge=1)
    visits_per_month: int = Field(default=3, ge=1)
    visit_days: int = Field(default=2, ge=1)
    months: list[int] = Field(default_factory=lambda: [3, 4, 5, 6, 7, 8, 9, 10, 11])
    """Months in which visits are scheduled (no visits around Tết or in the December reporting window)."""


class Inspection(Strict):
    team_decision: str | None = None
    team: list[TeamMember] = Field(default_factory=list)
    selection: SelectionRules = Field(default_factory=SelectionRules)


class HistoryValue(Strict):
    numerator: float
    denominator: float | None = None


class Province(Strict):
    name: Text
    people_committee: str = ""
    """``Ủy ban nhân dân tỉnh …``."""
    place: str = ""
    """Place name on the date line."""


class ProvinceFile(Strict):
    schema_version: Literal[1] = 1
    province: Province
    specialised_unit: SpecialisedUnit
    reporting: Reporting = Field(default_factory=Reporting)
    targets: Targets = Field(default_factory=Targets)
    units: list[Unit] = Field(default_factory=list)
    inspection: Inspection = Field(default_factory=Inspection)
    history: dict[int, dict[str, HistoryValue]] = Field(default_factory=dict)
    """Indicator values of earlier years from reports made before the tool (year → P-id → value)."""

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)


# ------------------------------------------------------------------ checklists/province.yaml


class IndicatorDef(Strict):
    id: str
    name: Text
    numerator: Text
    denominator: str | None = None
    basis: Text
    confidence: str
    source: Literal["mau08", "intake", "facts", "none"]
    fact: str | None = None
    target_key: str | None = None


class IntakeRule(Strict):
    id: str
    text: Text
    basis: Text
    confidence: str
    on_fail: Literal["reject", "warn"]


class PlanOutline(Strict):
    basis: list[str]
    content_areas: list[str]
    methods: list[str]
    unit_pack: list[str]
    outputs: list[str]
    selection_labels: dict[str, str]
    confidence: str


class StandardFinding(Strict):
    text: Text
    fix: Text
    basis: Text
    severity: Literal["critical", "high", "medium", "low"]


class ConclusionOutline(Strict):
    remediation_report_days: int = Field(ge=1)
    fix_days_by_severity: dict[str, int]
    penalties_basis: str
    confidence: str
    standard_findings: dict[str, StandardFinding] = Field(default_factory=dict)


class ProvinceData(Strict):
    schema_version: Literal[1] = 1
    indicators: list[IndicatorDef]
    intake_rules: list[IntakeRule]
    ministry_markers: list[str]
    reference_names: dict[str, str] = Field(default_factory=dict)
    plan_outline: PlanOutline
    conclusion_outline: ConclusionOutline
    workspace_template: str
    """The annotated ``province.yaml`` that ``province init`` writes (its comments cite the basis)."""

    def rule(self, rule_id: str) -> IntakeRule:
        for rule in self.intake_rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
