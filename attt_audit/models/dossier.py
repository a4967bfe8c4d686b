"""The level dossier (hồ sơ đề xuất cấp độ) of one system, as the inventory records it.

``systems[].dossier`` holds what the dossier needs beyond the classification facts (contacts of
the owner and the operator, functions, zones, preliminary risks) and the steps the file has gone
through, each with its date and document number. Every field is optional: a fact not given
becomes a marked gap ``[cần bổ sung: …]`` in the drafts, never an invented value.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from attt_audit.models.common import Level, Regime, Strict, Text

StepKind = Literal[
    "drafted",
    "sent_for_appraisal",
    "completeness_check",
    "appraisal_opinion",
    "approval",
    "redetermination",
]
"""The steps of a level dossier, in order (their legal deadlines are data: ``checklists/dossier/``).

* ``drafted``: the operator has the file ready (thuyết minh, phương án, covering letter);
* ``sent_for_appraisal``: the file reached the appraising unit (the receipt date starts the clock);
* ``completeness_check``: the appraiser found the file complete (``outcome: complete``) or
  returned it (``outcome: incomplete``);
* ``appraisal_opinion``: the appraisal opinion was issued (``outcome: fit`` or ``not_fit``);
* ``approval``: the decision approving the level (or the plan) was signed;
* ``redetermination``: the level is being determined again after a change.
"""

StepOutcome = Literal["complete", "incomplete", "fit", "not_fit"]


class Party(Strict):
    """An owner or operator as the forms name it: who they are and how to reach them."""

    name: str | None = None
    mandate: str | None = None
    """The act that sets the body's functions and duties (văn bản quy định chức năng, nhiệm vụ)."""
    representative: str | None = None
    """Who signs for the body (người đại diện)."""
    title: str | None = None
    """The signer's title (chức vụ)."""
    address: str | None = None
    phone: str | None = None
    email: str | None = None


class Zone(Strict):
    """A network zone of the system with its address plan."""

    name: Text
    purpose: str | None = None
    private_ranges: list[str] = Field(default_factory=list)
    public_ranges: list[str] = Field(default_factory=list)


class Risk(Strict):
    """One entry of the preliminary risk list the thuyết minh carries."""

    threat: Text
    impact: Text
    likelihood: str | None = None
    treatment: str | None = None


class MeasurePlan(Strict):
    """The owner and deadline planned for one requirement of the security plan (phương án)."""

    owner: str | None = None
    due: dt.date | None = None


class DossierStep(Strict):
    """One step of the file, with its date and the number of the document that records it."""

    kind: StepKind
    date: dt.date
    number: str | None = None
    """Document number, e.g. ``45/SGTVT-VP`` or ``1045/QĐ-SGTVT``."""
    by: str | None = None
    outcome: StepOutcome | None = None
    note: str | None = None


class ScopeSnapshot(Strict):
    """The system's scope as it stood at approval; a later change raises re-determination.

    Compared with the inventory now: a host, data subjects above the recorded counts, a new
    information type or a new function (service role, handling administrative procedures).
    """

    recorded_on: dt.date
    hosts: list[str] = Field(default_factory=list)
    """Host addresses (``hosts[].address``) and endpoint hosts in scope at approval."""
    info_types: list[str] = Field(default_factory=list)
    subjects_basic: int | None = None
    subjects_sensitive: int | None = None
    users: int | None = None
    functions: list[str] = Field(default_factory=list)
    service_roles: list[str] = Field(default_factory=list)
    handles_admin_procedures: bool | None = None


class DossierTrack(Strict):
    """``systems[].dossier`` of the inventory: facts for the drafts and the steps to approval."""

    regime: Regime | None = None
    """Regime the file is made under (default: the one in force on the day it is drafted)."""
    level: Level | None = None
    """Level proposed in the file, when it was fixed by hand (default: the classification's)."""
    owner_contact: Party | None = None
    operator_contact: Party | None = None
    security_unit_contact: Party | None = None
    """The owner's specialised security unit (it appraises and approves levels 1–2, appraises level 3)."""
    appraising_unit: str | None = None
    """The unit that appraises the file, when the inventory names it (default: the regime's body)."""
    functions: list[str] = Field(default_factory=list)
    """The system's main functions (chức năng chính)."""
    boundary: str | None = None
    """Boundary of the system: what is inside, by function, data flow and dependency."""
    serves: str | None = None
    """Who the system serves and its scale."""
    subjects_counting: str | None = None
    """How the numbers of basic and sensitive data subjects were counted."""
    logical_model: str | None = None
    physical_model: str | None = None
    connections: list[str] = Field(default_factory=list)
    """Related or connected systems."""
    zones: list[Zone] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    measures: dict[str, MeasurePlan] = Field(default_factory=dict)
    """Control id → owner and deadline of its measure (default owner: the operator)."""
    default_due: dt.date | None = None
    """Deadline of every planned measure that has none of its own."""
    steps: list[DossierStep] = Field(default_factory=list)
    scope_snapshot: ScopeSnapshot | None = None
