"""What probes observed: the common currency between probe plugins and the engine.

Each probe kind has its own detailed result model next to its code; every probe also emits
:class:`Observation` records under check ids, which catalog controls reference in data.
"""

from __future__ import annotations

import datetime as dt
import operator
from functools import partial
from typing import Any, Literal

from pydantic import BaseModel, Field

ObservationResult = Literal["pass", "fail", "error", "not_testable"]


class Observation(BaseModel):
    """One check on one target."""

    check: str = Field(pattern=r"^[a-z0-9_]+\.[a-z0-9_.]+$")
    """Check id, e.g. ``tls.legacy_protocols_disabled``."""
    result: ObservationResult
    target: str
    """``host:port`` (or ``host`` for host-wide checks)."""
    probe: str
    """Probe kind that made it: ports, tls, http, ssh."""
    evidence: dict[str, Any] = Field(default_factory=dict)
    """What decided the result (protocols offered, header values, banner …)."""
    detail: str = ""
    """One-line explanation in English; reports localise by check id where they can."""
    observed_at: dt.datetime
    run: str | None = Field(default=None, exclude_if=partial(operator.is_, None))
    """Set when the engine reads evidence gathered over several probe runs: the run file the
    observation came from (``evidence/probes/<system>/<run-id>.json``). Omitted when unset."""
    stale: bool = Field(default=False, exclude_if=operator.not_)
    """Older than the allowed evidence age when assessed (it does not count as a pass).
    Omitted when false."""
    # Probe run files and results assessed from a single run stay as they were: ``run`` and
    # ``stale`` are left out unset (exclude_if, C calls: pydantic writes an observation by itself).


class ProbeRun(BaseModel):
    """Evidence file of one probe run for one system (``evidence/probes/<system>/<run>.json``)."""

    schema_version: int = 1
    system: str
    started_at: dt.datetime
    finished_at: dt.datetime
    tool_version: str
    tools: dict[str, str] = Field(default_factory=dict)
    """Versions of what the probes used: nmap, OpenSSL, Python."""
    targets: list[str] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)
    artifacts: dict[str, str] = Field(default_factory=dict)
    """Raw files saved beside the JSON (nmap XML) → their SHA-256."""
    capabilities: dict[str, Any] = Field(default_factory=dict)
    """What the local TLS stack can test (protocol versions, cipher classes)."""
    details: list[dict[str, Any]] = Field(default_factory=list)
    """Each probe's own detailed result per target (``probe``, ``target``, ``result``), as JSON."""
