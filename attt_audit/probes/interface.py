"""The probe plugin interface: one abstract base, the value objects it exchanges, one error type.

A probe kind (``ports``, ``tls``, ``http``, ``ssh``) is a :class:`Probe` subclass in its own
module. It declares the check ids it can emit and how polite it must be to one host; the
scheduler enforces that. ``run`` returns the probe's own result model (a frozen dataclass),
which turns itself into :class:`~attt_audit.models.observations.Observation` records. Probe
code never names a catalog control: controls reference check ids in data.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field, field_validator

from attt_audit.errors import ProbeError
from attt_audit.models.observations import Observation

__all__ = [
    "SERVICE_CATEGORIES",
    "Budget",
    "Politeness",
    "Probe",
    "ProbeContext",
    "ProbeError",
    "ProbeResult",
    "ProbeSettings",
    "Target",
]

ServiceCategory = Literal["telnet", "ftp", "remote_desktop", "file_sharing", "database"]

SERVICE_CATEGORIES: dict[str, tuple[int, ...]] = {
    "telnet": (23,),
    "ftp": (20, 21),
    "remote_desktop": (3389, 5900, 5901),
    "file_sharing": (111, 135, 139, 445, 2049),
    "database": (1433, 1521, 3306, 5432, 6379, 9200, 11211, 27017),
}
"""Default port → service-category map behind the ``ports.<category>_closed`` checks."""


class ProbeSettings(BaseModel):
    """Optional ``probes.yaml`` of a workspace: how the probes judge what they see."""

    model_config = {"extra": "forbid"}

    service_ports: dict[ServiceCategory, list[int]] = Field(default_factory=dict)
    """Replaces the default port list of a service category (tests map e.g. 2323 to telnet)."""
    default_scan_ports: list[int] = Field(default_factory=list)
    """Ports scanned on hosts that declare no ``scan_ports`` (empty: the built-in risky list)."""
    ca_files: list[str] = Field(default_factory=list)
    """Extra trust anchors (PEM, relative to the workspace) such as the organisation's internal CA."""
    cert_expiry_warning_days: int = Field(default=30, ge=0)
    """``tls.certificate_not_expiring`` fails when fewer days than this remain."""
    hsts_min_max_age: int = Field(default=15_552_000, ge=0)
    """Smallest HSTS ``max-age`` accepted (default 180 days)."""
    ssh_min_versions: dict[str, str] = Field(
        default_factory=lambda: {"OpenSSH": "8.0", "dropbear": "2020.79"}
    )
    """Oldest server software version ``ssh.software_current`` accepts, per product."""

    @field_validator("service_ports")
    @classmethod
    def _service_ports(cls, value: dict[str, list[int]]) -> dict[str, list[int]]:
        for ports in value.values():
            for port in ports:
                if not 1 <= port <= 65535:
                    raise ValueError(f"port {port} is outside 1–65535")
        return value

    @field_validator("default_scan_ports")
    @classmethod
    def _scan_ports(cls, value: list[int]) -> list[int]:
        for port in value:
            if not 1 <= port <= 65535:
                raise ValueError(f"port {port} is outside 1–65535")
        return value

    def category_ports(self) -> dict[str, tuple[int, ...]]:
        merged = dict(SERVICE_CATEGORIES)
        for name, ports in self.service_ports.items():
            merged[name] = tuple(ports)
        return merged


@dataclass(frozen=True)
class Target:
    """One thing a probe contacts: a host (ports probe) or an endpoint (tls, http, ssh)."""

    system: str
    """Id of the system whose inventory declares it."""
    address: str
    """The pinned IP address (resolved once, during scoping)."""
    port: int | None = None
    """Endpoint port; ``None`` for a host-wide target."""
    name: str | None = None
    """Host name as declared, used only for SNI, the Host header and the certificate name match."""
    url: str | None = None
    """Declared URL of an HTTP endpoint (its path is requested)."""
    scan_ports: tuple[int, ...] = ()
    """Host targets: the ports the ports probe checks."""
    allowed_ports: tuple[int, ...] = ()
    """Host targets: ports the owner declares may be open (declared endpoints included)."""
    declared: str = ""
    """The inventory entry it came from, as written (for messages and evidence)."""
    tls: bool = False
    """Endpoint targets: the service speaks TLS (the HTTP probe uses https)."""

    @property
    def label(self) -> str:
        """``host:port`` (IPv6 in brackets) or the bare address for host targets."""
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{host}:{self.port}" if self.port is not None else self.address

    @property
    def ip(self) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
        return ipaddress.ip_address(self.address)


@dataclass(frozen=True)
class Politeness:
    """How hard a probe may press one host; the scheduler enforces it."""

    connections_per_target: int
    """About how many connections one run on one target opens (for the rate limit and the plan)."""
    exclusive_per_host: bool = False
    """Never run two exclusive probes against one host at the same time (many handshakes)."""


class Budget:
    """Overall time budget and the shared connection-rate limit of one sweep."""

    def __init__(self, seconds: float, rate: float | None = None) -> None:
        self.deadline = time.monotonic() + seconds
        self.rate = rate
        self._lock = threading.Lock()
        self._next_slot = time.monotonic()

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def take_connection(self) -> None:
        """Wait for the rate limiter; raise :class:`ProbeError` once the budget is spent."""
        if self.remaining() <= 0:
            raise ProbeError("overall time budget exhausted")
        if not self.rate:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + 1.0 / self.rate
        wait = slot - now
        if wait > 0:
            if wait > self.remaining():
                raise ProbeError("overall time budget exhausted")
            time.sleep(wait)


@dataclass
class ProbeContext:
    """What a probe gets besides its target: limits, settings, capabilities, the workspace."""

    settings: ProbeSettings
    budget: Budget
    connect_timeout: float = 5.0
    """Per-connection (connect, handshake, each read) timeout in seconds."""
    target_timeout: float = 60.0
    """Per-target (ports: per-host) time limit in seconds."""
    capabilities: dict[str, Any] = field(default_factory=dict)
    workspace: Path | None = None
    nmap_rate: int = 200
    """nmap ``--max-rate`` (packets per second)."""
    deep_tls: bool = False
    """Also run nmap's ``ssl-enum-ciphers`` for what the local OpenSSL cannot test (SSLv3, RC4, 3DES …)."""
    deadline: float | None = None
    """Monotonic time by which the current target must be done (set by :meth:`for_target`)."""

    def for_target(self) -> ProbeContext:
        """A copy whose clock runs for one target: ``target_timeout`` from now."""
        return replace(self, deadline=time.monotonic() + self.target_timeout)

    def remaining(self) -> float:
        left = self.budget.remaining()
        if self.deadline is not None:
            left = min(left, self.deadline - time.monotonic())
        return left

    def timeout(self) -> float:
        """The per-connection timeout, shortened to what is left of the target's time and the budget."""
        left = self.remaining()
        if left <= 0:
            if self.budget.remaining() <= 0:
                raise ProbeError("overall time budget exhausted")
            raise ProbeError(f"per-target time limit of {self.target_timeout:g} s reached")
        return min(self.connect_timeout, left)

    def connect(self, target: Target) -> socket.socket:
        """Open a TCP connection to the target's pinned address (rate-limited, timed out)."""
        if target.port is None:
            raise ProbeError("target has no port", location=target.label)
        self.timeout()
        self.budget.take_connection()
        timeout = self.timeout()
        family = socket.AF_INET6 if ":" in target.address else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            sock.connect((target.address, target.port))
        except BaseException:
            sock.close()
            raise
        return sock

    def ca_files(self) -> list[Path]:
        base = self.workspace or Path(".")
        return [(base / p) if not Path(p).is_absolute() else Path(p) for p in self.settings.ca_files]


def observation(
    check: str,
    result: str,
    target: Target,
    probe: str,
    evidence: dict[str, Any],
    detail: str,
    at: dt.datetime,
) -> Observation:
    return Observation(
        check=check,
        result=result,  # type: ignore[arg-type]
        target=target.label,
        probe=probe,
        evidence=evidence,
        detail=detail,
        observed_at=at,
    )


@dataclass(frozen=True)
class ProbeResult(ABC):
    """Base of every probe's own result model (a frozen dataclass)."""

    target: Target
    observed_at: dt.datetime

    @abstractmethod
    def observations(self) -> list[Observation]:
        """The checks this result decides, each with the evidence that decided it."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("target", None)
        data["observed_at"] = self.observed_at.isoformat()
        return _jsonable(data)

    def artifacts(self) -> dict[str, bytes]:
        """Raw files to save beside the evidence JSON (name suffix → content)."""
        return {}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


class Probe(ABC):
    """A probe kind. Subclasses set the class attributes and implement :meth:`run`."""

    name: ClassVar[str]
    """Registry name: ports, tls, http, ssh."""
    checks: ClassVar[tuple[str, ...]]
    """Every check id this probe can emit."""
    politeness: ClassVar[Politeness]
    host_wide: ClassVar[bool] = False
    """True: runs once per declared host; False: once per endpoint of its kind."""

    @abstractmethod
    def run(self, target: Target, ctx: ProbeContext) -> ProbeResult:
        """Probe one target. May raise; the scheduler turns exceptions into error observations."""

    def describe(self, target: Target, ctx: ProbeContext) -> str:
        """One line for ``--dry-run``: what exactly this probe would contact."""
        return f"{self.name} {target.label} (about {self.politeness.connections_per_target} connection(s))"

    def error_observations(self, target: Target, reason: str, at: dt.datetime) -> list[Observation]:
        """What a failed run reports: every check of this probe as ``error`` with the reason."""
        return [
            observation(check, "error", target, self.name, {"error": reason}, reason, at)
            for check in self.checks
        ]
