"""Facts for the annual report that the inventory does not hold (``<workspace>/annual.yaml``).

The annual report (TT 12/2022 Đ13–14; ND 331/2026 Đ35–36, form Mẫu 08) needs the document's
own particulars (number, place, recipients, signer), contact blocks for the owner and the
specialised unit, and per-system states the inventory does not record: where the level
dossier stands, how far the security plan is implemented, the Quy chế decision, the
inspections of the year. Everything is optional: what is not given is reported as missing,
never guessed. ``annual-<year>.yaml`` is read in preference to ``annual.yaml``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from attt_audit.models.common import Strict, Text

DossierStatus = Literal["drafting", "submitted", "appraised", "approved"]
"""Mẫu 08 column (6): Đang dự thảo · Đã gửi thẩm định · Đã thẩm định · Đã được phê duyệt."""
PlanStatus = Literal["none", "partial", "full"]
"""Mẫu 08 column (10): Chưa triển khai · Đã triển khai một số hạng mục · Đã triển khai đầy đủ."""
InspectionKind = Literal["pre_operation", "periodic", "ad_hoc"]
"""Mẫu 08 column (12): Trước khi đưa vào sử dụng · Định kỳ (ad hoc checks are kept but not a column value)."""


class UnitInfo(Strict):
    """Mẫu 08 item 2: the owner or the specialised unit."""

    name: Text
    mandate: str | None = None
    """Document setting the unit's functions and duties (number, date)."""
    head_name: str | None = None
    head_title: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None


class Signer(Strict):
    authority: str | None = None
    """Authority prefix line, e.g. ``KT. GIÁM ĐỐC`` (ND 30/2020: TM., Q., KT., TL., TUQ.)."""
    title: Text
    """Signer's position, e.g. ``PHÓ GIÁM ĐỐC``."""
    name: Text


class ReportMeta(Strict):
    """The document's particulars (ND 30/2020 layout)."""

    number: str | None = None
    """Full number and symbol, e.g. ``125/BC-SGTVT``; left as dots when not given."""
    place: str | None = None
    """Place name for the date line, e.g. ``Hà Tĩnh``."""
    date: dt.date | None = None
    recipients: list[str] = Field(default_factory=list)
    """Kính gửi (default: the authority in force for the regime)."""
    copies: list[str] = Field(default_factory=list)
    """Further Nơi nhận lines besides ``Như trên`` and ``Lưu``."""
    archive: str | None = None
    """The ``Lưu:`` line content, e.g. ``VT, VP``."""
    basis: list[str] = Field(default_factory=list)
    """Căn cứ lines (documents the report is made under)."""
    signer: Signer | None = None


class QuyChe(Strict):
    """The decision issuing the system's security regulation (Mẫu 08 column 8)."""

    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None


class InspectionRecord(Strict):
    date: dt.date
    kind: InspectionKind = "periodic"
    by: str | None = None
    independent: bool | None = None
    report: str | None = None


class SystemAnnualFacts(Strict):
    dossier_status: DossierStatus | None = None
    """Where the level dossier stands; ``approved`` needs the approval decision in the inventory."""
    approval_expected: dt.date | None = None
    """Mẫu 08 column (9): expected approval date when not yet approved."""
    plan_status: PlanStatus | None = None
    plan_full_expected: dt.date | None = None
    """Mẫu 08 column (11): expected date the plan is fully implemented."""
    quy_che: QuyChe | None = None
    quy_che_followed: bool | None = None
    """Item 7 (ND 331 Đ36): Quy chế followed in operation."""
    quy_che_checks: str | None = None
    """What was checked, breaches found, what was fixed (appendix on Quy chế adherence)."""
    inspections: list[InspectionRecord] = Field(default_factory=list)
    anqg_grounds: str | None = None
    """ND 331 Đ16 criterion that may put the system on the ANQG list, and its dossier status."""
    note: str | None = None


class Activity(Strict):
    """A training session or an incident-response drill (ND331 31.3)."""

    date: dt.date
    title: str | None = None
    participants: int | None = Field(default=None, ge=0)
    systems: list[str] = Field(default_factory=list)
    """Systems a drill exercised (ids of the inventory); empty: organisation-wide."""


class Budget(Strict):
    """The year's digital-transformation budget and its cybersecurity share (Law 116 38.1), in VND."""

    digital_transformation: float = Field(ge=0)
    cybersecurity: float = Field(ge=0)


class IncidentResponse(Strict):
    """Incident-response plan, team and contact point (ND333 Art 9)."""

    plan: str | None = None
    """Document issuing the response plan (number, date)."""
    plan_date: dt.date | None = None
    team: str | None = None
    """Decision naming the response team (number, date)."""
    contact: str | None = None
    """24/7 contact point (name, phone, e-mail)."""
    network_member: bool | None = None
    """Member of the national incident-response network."""


class AnnualFile(Strict):
    """``<workspace>/annual.yaml`` (or ``annual-<year>.yaml``)."""

    schema_version: Literal[1] = 1
    report: ReportMeta = Field(default_factory=ReportMeta)
    owner: UnitInfo | None = None
    specialised_unit: UnitInfo | None = None
    operators: list[UnitInfo] = Field(default_factory=list)
    """Operating units (TT12 14.1, ND331 36.1), matched by ``name`` to the inventory's ``systems[].operator``;
    an operator not listed here is shown from the dossier's ``operator_contact``, else by name with gaps."""
    systems: dict[str, SystemAnnualFacts] = Field(default_factory=dict)
    """Keyed by system id of the inventory."""
    requests: list[str] = Field(default_factory=list)
    """Proposals and requests to the authority (last content item)."""
    expected_all_approved: dt.date | None = None
    """Mẫu 08 item 1: expected date by which every system is approved (default: the latest column 9)."""
    trainings: list[Activity] | None = None
    """Cybersecurity training held (ND331 31.3); absent: not recorded, ``[]``: none held."""
    drills: list[Activity] | None = None
    """Incident-response drills held (ND331 31.3); absent: not recorded, ``[]``: none held."""
    budget: Budget | None = None
    incident_response: IncidentResponse | None = None
