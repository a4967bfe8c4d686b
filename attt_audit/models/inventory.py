"""The inventory: an organisation and its information systems (``inventory.yaml`` of a workspace).

Every classification fact is optional: ``None`` means "not given", which classification and
conditions report as "needs input", never as false.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StrictInt, ValidationInfo, field_validator, model_validator
from pydantic import Strict as StrictMode

from attt_audit.models.common import Identifier, Level, Strict, Text
from attt_audit.models.dossier import DossierTrack

StrictLevel = Annotated[Level, StrictMode()]
"""A level written as a whole number: ``true`` is not level 1, nor ``"3"`` level 3."""
Count = Annotated[StrictInt, Field(ge=0)]
Port = Annotated[StrictInt, Field(ge=1, le=65535)]

SystemType = Literal["internal", "citizen_business", "infrastructure", "ics", "other"]
InfoType = Literal["public", "private", "personal", "state_secret"]
InfraScope = Literal["single_org", "ministry_sector_or_provinces", "nationwide", "international_link"]
IcsGrade = Literal["IV", "III", "II", "I", "special", "ns_important_work", "none"]
"""Grade of the construction work an ICS controls; ``none``: the work has no grade (no level row matches)."""
NsDamage = Literal["none", "harm", "serious", "especially_serious"]
ProbeKind = Literal["ports", "tls", "http", "ssh"]
ServiceRole = Literal[
    "datacenter_cloud",
    "e_identity",
    "e_authentication",
    "digital_signature",
    "integration",
    "central_database",
    "shared_database",
    "lan",
    "soc",
    "email",
]
"""What a system provides, as TT 12/2022's conditional design requirements name it (data centre or
cloud; e-identity, e-authentication/e-certification, digital signature; integration and data sharing;
central or shared database; LAN; SOC; email)."""
Hosting = Literal["own_premises", "data_centre", "cloud"]


class ReportSigner(Strict):
    """Who signs the organisation's reports (Decree 30/2020 signature block)."""

    authority: str | None = None
    """Authority form before the title: ``KT. GIÁM ĐỐC``, ``TM. ỦY BAN NHÂN DÂN``, ``Q. GIÁM ĐỐC`` …"""
    title: str | None = None
    """The signer's own position, e.g. ``PHÓ GIÁM ĐỐC``."""
    name: str | None = None


class Organisation(Strict):
    name: Text
    governing_body: str | None = None
    """Cơ quan chủ quản."""
    province: str | None = None
    security_unit: str | None = None
    """Đơn vị chuyên trách về an toàn thông tin / an ninh mạng."""
    head: str | None = None
    """Người đứng đầu (signs the annual report)."""
    address: str | None = None
    code: str | None = None
    """Short code used in document numbers, e.g. ``SGTVT``."""
    annual_report_date: dt.date | None = None
    """Date the owner last sent its annual graded-security report to the authority (TT12 13–14)."""
    state_body: bool | None = None
    """A state body (cơ quan nhà nước): its level 3–5 systems need certified administrators (Law 116 34.2)."""
    data_protection_officer: str | None = None
    """Person or unit in charge of personal-data protection (Law 91/2025, ND 356/2025)."""
    signer: ReportSigner | None = None
    """Who signs the gap reports; absent: the head signs, the title is left to fill in."""
    recipients: list[str] | None = None
    """Nơi nhận of the gap reports (``- Lưu: VT, <code>.`` is added); absent: a gap to fill."""


class Approval(Strict):
    """The decision approving the system's level (quyết định phê duyệt cấp độ)."""

    decision: Text
    date: dt.date
    approver: Text
    level: StrictLevel | None = None
    regime: Literal["nd85", "nd331"] | None = None
    appraised_by: str | None = None


class Inspection(Strict):
    date: dt.date
    by: Text
    independent: bool | None = None
    report: str | None = None


class Endpoint(Strict):
    """A network service in scope: where probes may connect."""

    host: Text
    """Host name or IP address, as declared by the owner."""
    port: Port
    kinds: list[ProbeKind] = Field(default_factory=list)
    """Which probes apply (empty: chosen from the port: 443→tls+http, 80→http, 22→ssh)."""
    url: str | None = None
    name: str | None = None


class Host(Strict):
    """A host in scope, with the ports the owner says may be open."""

    address: Text
    """IP address, host name or (with ``--allow-large-ranges`` for more than a /24) a CIDR range."""
    name: str | None = None
    allowed_ports: list[StrictInt] = Field(default_factory=list)
    scan_ports: list[StrictInt] = Field(default_factory=list)
    """Ports the port probe checks (empty: the default risky-port list)."""
    role: str | None = None

    @field_validator("allowed_ports", "scan_ports")
    @classmethod
    def _ports(cls, value: list[int]) -> list[int]:
        for port in value:
            if not 1 <= port <= 65535:
                raise ValueError(f"port {port} is outside 1–65535")
        return value

    def network(self) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
        try:
            return ipaddress.ip_network(self.address, strict=False)
        except ValueError:
            return None


class System(Strict):
    """One information system (hệ thống thông tin) and the facts that decide its level."""

    id: Identifier
    name: Text
    description: str | None = None
    owner: str | None = None
    """Chủ quản hệ thống thông tin."""
    operator: str | None = None
    """Đơn vị vận hành."""
    system_type: SystemType | None = None
    info_types: list[InfoType] | None = None
    handles_admin_procedures: bool | None = None
    public_service_level: Annotated[StrictInt, Field(ge=1, le=4)] | Literal["none"] | None = None
    """ND 85 only: the old online public-service level (1–4); ``none``: the system provides no
    online public service (ND85 8.2.a and 9.2.a then do not apply); null: not known."""
    conditional_business_service: bool | None = None
    """ND 85 8.2.b / 9.2.b: the online service is in the list of conditional business *services*
    (dịch vụ kinh doanh có điều kiện)."""
    conditional_investment_business: bool | None = None
    """ND 331 12.2.a / 13.2.a: the system serves a conditional investment and business *line*
    (ngành, nghề đầu tư kinh doanh có điều kiện)."""
    users: Count | None = None
    """ND 85: number of users whose private/personal information the system handles."""
    subjects_basic: Count | None = None
    subjects_sensitive: Count | None = None
    infra_scope: InfraScope | None = None
    needs_24x7: bool | None = None
    national_egov_system: bool | None = None
    ics_grade: IcsGrade | None = None
    state_secret: bool | None = None
    defense_security_system: bool | None = None
    ns_damage: NsDamage | None = None
    strategic: bool | None = None
    central_store_special_national_data: bool | None = None
    pm_decided_level: StrictLevel | None = None
    risk_framework_level: StrictLevel | None = None
    anqg: bool | None = None
    """On the list of systems important to national security (ND 331 Art 16–17)."""
    service_roles: list[ServiceRole] | None = None
    """Roles TT 12's conditional design requirements test (WAF, DB firewall, anti-DDoS, NAC, email)."""
    hosting: Hosting | None = None
    """Where the system runs: a data centre or cloud brings TT12 9.9–9.10 separation duties."""
    hosting_separation: Literal["none", "logical", "physical"] | None = None
    """How the system is separated from others in a shared data centre or cloud (ND331 30.8–30.9)."""
    data_location: Literal["vietnam", "abroad", "mixed"] | None = None
    """Where the system's data are stored (ND333 19–20)."""
    anqg_screening_date: dt.date | None = None
    """Date the owner last screened the system against the ANQG criteria (ND331 16–17)."""
    risk_assessment_date: dt.date | None = None
    """Date of the latest risk assessment (ND331 10.2, records kept under 10.6)."""
    last_change_date: dt.date | None = None
    """Latest change of function, scope, users, information types or technology, scale-up,
    integration or data sharing (ND331 10.2.b; re-determination under 25)."""
    level_reviewed_date: dt.date | None = None
    """Date the level was last re-examined after a change (re-determined, or confirmed unchanged; ND331 25)."""
    upgrade_live_date: dt.date | None = None
    """Date an upgraded or extended version last went live (ND331 30.6)."""
    cyber_conditions_date: dt.date | None = None
    """Date the cybersecurity conditions were assessed or certified before operation (ND331 28.3; ND333 6)."""
    admins_total: Count | None = None
    """Administrators of the system (Law 116 34.2)."""
    admins_certified: Count | None = None
    """Of them, those holding the cybersecurity certificate, or exempt by their training (Law 116 34.2)."""
    personal_data_dpia_date: dt.date | None = None
    """Date of the personal-data processing impact assessment (Law 91/2025, ND 356/2025)."""

    declared_level: StrictLevel | None = None
    approval: Approval | None = None
    quy_che_date: dt.date | None = None
    """Date the system's security regulation (Quy chế) was issued."""
    plan_implemented_date: dt.date | None = None
    """Date the approved security plan was fully implemented."""
    go_live_date: dt.date | None = None
    risk_plan_date: dt.date | None = None
    decommission_plan_date: dt.date | None = None
    monitoring: dict[str, Any] | None = None
    last_inspection: Inspection | None = None
    contact: str | None = None
    dossier: DossierTrack | None = None
    """The level dossier: facts for its drafts and its steps to approval (``attt-audit dossier``)."""

    hosts: list[Host] = Field(default_factory=list)
    endpoints: list[Endpoint] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)
    """Further facts an organisation's own conditions may use (``extra.<name>``)."""

    # Contradictory facts are input errors at the later fact's line, naming both (never a silent level).

    @field_validator("info_types")
    @classmethod
    def _info_types(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return value
        if not value:
            raise ValueError(
                "is empty: a system handles at least one type of information"
                " (public, private, personal, state_secret); leave the key out while it is not known"
            )
        twice = sorted({v for v in value if value.count(v) > 1})
        if twice:
            raise ValueError(f"lists {', '.join(twice)} more than once: list each type once")
        return value

    @model_validator(mode="before")
    @classmethod
    def _replaced(cls, data: Any) -> Any:
        """The old ``conditional_business`` flag answered two legal lists: it is an error naming the two
        facts that replace it (no guess which list it meant)."""
        if not isinstance(data, dict) or "conditional_business" not in data:
            return data
        raise ValueError(
            "conditional_business was replaced by two facts: conditional_business_service"
            " (read under the old regime: the service is in the list of conditional business services) and"
            " conditional_investment_business (read under the new regime: the system serves a conditional"
            " investment and business line); write both instead"
        )

    @field_validator("state_secret")
    @classmethod
    def _secret_matches_info_types(cls, value: bool | None, info: ValidationInfo) -> bool | None:
        types = info.data.get("info_types")
        if value is None or types is None or (value is True) == ("state_secret" in types):
            return value
        listed = f"info_types: [{', '.join(types)}]"
        if value:
            raise ValueError(
                f"contradicts {listed}, which does not list state_secret: add it there or correct one of the two"
            )
        raise ValueError(f"contradicts {listed}, which lists state_secret: correct one of the two")

    @field_validator("infra_scope")
    @classmethod
    def _scope_needs_infrastructure(cls, value: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("system_type")
        if value is not None and kind is not None and kind != "infrastructure":
            raise ValueError(
                f"infra_scope is read only for system_type: infrastructure, and this system is {kind}:"
                " correct system_type or remove infra_scope"
            )
        return value

    @field_validator("ics_grade")
    @classmethod
    def _grade_needs_ics(cls, value: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("system_type")
        if value not in (None, "none") and kind is not None and kind != "ics":
            raise ValueError(
                f"ics_grade is read only for system_type: ics, and this system is {kind}:"
                " correct system_type or remove ics_grade"
            )
        return value

    def facts(self) -> dict[str, Any]:
        """Flat facts for conditions: every scalar field, nested ones as ``approval.date``."""
        return flat_facts(
            {
                name: _plain(getattr(self, name))
                for name in type(self).model_fields
                if name not in ("hosts", "endpoints")  # probe targets, not facts
            }
        )


def flat_facts(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` flattened for conditions: a nested mapping's keys as ``outer.inner`` (the mapping
    itself kept under ``outer``, ``None`` when empty)."""
    flat: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            flat[prefix] = value if value else None
            for key, inner in value.items():
                walk(f"{prefix}.{key}", inner)
        else:
            flat[prefix] = value

    for key, value in data.items():
        walk(key, value)
    return flat


def _plain(value: Any) -> Any:
    """``value`` as ``model_dump(mode="python")`` gives it, for models without serializers.

    Read by the classification, applicability and every evaluator; ``model_dump`` would first
    build the System's serializer (~40-90 ms a process) for what is a plain walk of fields.
    A model with its own serializers or excluded fields is dumped by pydantic."""
    if isinstance(value, BaseModel):
        cls = type(value)
        decorators = cls.__pydantic_decorators__
        if (
            decorators.field_serializers
            or decorators.model_serializers
            or decorators.computed_fields
            or any(f.exclude for f in cls.model_fields.values())
            or value.__pydantic_extra__
        ):
            return value.model_dump(mode="python")
        return {name: _plain(getattr(value, name)) for name in cls.model_fields}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Inventory(Strict):
    """A workspace's ``inventory.yaml``."""

    schema_version: Literal[1] = 1
    organisation: Organisation
    assessor: str | None = None
    systems: list[System] = Field(default_factory=list)

    def system(self, system_id: str) -> System | None:
        return next((s for s in self.systems if s.id == system_id), None)
