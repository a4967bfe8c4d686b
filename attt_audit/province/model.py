"""What intake produces and the roll-up reads: one accepted unit report, normalised.

A signed bundle (its ``báo-cáo-năm-YYYY.json``) and a hand-filed Excel Mẫu 08 both become a
:class:`UnitReport`, written as ``accepted/<unit>/<period>/intake.json`` beside the read-only copy
of what the unit sent.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from attt_audit.annual.model import FormTotals, SystemRow, UnitBlock


class Finding(BaseModel):
    """One intake check that failed: which rule, about which file, in plain words."""

    rule: str
    file: str
    message: str
    severity: Literal["reject", "warn"]
    basis: str = ""


class UnitReport(BaseModel):
    schema_version: int = 1
    unit: str
    unit_name: str
    year: int
    period_start: dt.date
    period_end: dt.date
    source: Literal["bundle", "excel"]
    signed: bool
    key_fingerprint: str = ""
    signed_at: dt.datetime | None = None
    received: dt.date
    deadline: dt.date
    on_time: bool
    bundle_name: str
    bundle_digest: str
    """SHA-256 of manifest.json + manifest.sig (bundle) or of the Excel file: the intake identity."""
    report_file: str
    """The report inside the accepted copy (relative to ``bundle/``)."""
    systems: list[SystemRow] = Field(default_factory=list)
    totals: FormTotals | None = None
    unit_blocks: list[UnitBlock] = Field(default_factory=list)
    requests: list[str] = Field(default_factory=list)
    warnings: list[Finding] = Field(default_factory=list)
    accepted_at: dt.datetime
