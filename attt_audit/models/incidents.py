"""The incident log of a workspace (``<workspace>/incidents.yaml``, optional).

One entry per incident: which system, when it was detected, when the authority was notified and
when the cause report went out. The Decree 331 incident duty (notice and cause report within the
hours the catalog states, ``checklists/nd331-duties.yaml``) and the personal-data breach notice
are judged from these times. Every time carries its UTC offset (``2026-09-03 08:15:00+07:00``):
a bare time could be read in two zones and shift a deadline by hours.

No ``incidents.yaml`` means "not recorded", never "no incident": the incident duties are then
asked in the questionnaire. An empty list (``incidents: []``) says no incident happened.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field, model_validator

from attt_audit.models.common import Identifier, Strict, Text

IncidentSeverity = Literal["normal", "serious"]
"""``serious``: a serious incident (sự cố nghiêm trọng), which starts the notice and report clocks."""


class Incident(Strict):
    """One incident and when each step was taken."""

    id: str | None = None
    """The organisation's own reference, e.g. ``SC-2026-03``."""
    system: Identifier
    """Id of the system in ``inventory.yaml``."""
    detected_at: AwareDatetime
    severity: IncidentSeverity
    summary: str | None = None
    notified_at: AwareDatetime | None = None
    """Initial notice to the specialised force; None: not sent (yet)."""
    notified_to: str | None = None
    """Who was notified, e.g. the provincial police's cybersecurity unit."""
    cause_report_at: AwareDatetime | None = None
    """Report of cause, scope and remediation; None: not sent (yet)."""
    national_security: bool = False
    """Affects national security or public order: to be reported immediately."""
    personal_data_breach: bool | None = None
    """Personal data were exposed, lost or altered (personal-data breach notice applies)."""
    personal_data_notified_at: AwareDatetime | None = None
    """Notice of the personal-data breach to the personal-data protection authority."""

    @model_validator(mode="after")
    def _in_order(self) -> Incident:
        for name in ("notified_at", "cause_report_at", "personal_data_notified_at"):
            value = getattr(self, name)
            if value is not None and value < self.detected_at:
                raise ValueError(
                    f"{name} ({value.isoformat()}) is before detected_at ({self.detected_at.isoformat()})"
                )
        return self


class IncidentsFile(Strict):
    """``<workspace>/incidents.yaml``."""

    schema_version: Literal[1] = 1
    incidents: list[Incident] = Field(default_factory=list)
    note: Text | None = None

    def for_system(self, system_id: str) -> list[Incident]:
        return [i for i in self.incidents if i.system == system_id]
