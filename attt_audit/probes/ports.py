"""``ports``: which declared-risky ports a host exposes (nmap TCP connect scan via python-nmap).

nmap always runs as ``-sT`` (connect scan), root or not, so results do not depend on who runs
it; only the ports asked for are scanned, with a host timeout and no version detection or
scripts. Arguments are built from validated values only (an IP from :mod:`ipaddress`, ints),
and python-nmap starts nmap without a shell. Where nmap is missing, every port is checked with
a plain TCP connect instead, and the observations say so.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import ipaddress
import shutil
from dataclasses import dataclass, field
from typing import Any

from attt_audit.errors import ProbeError
from attt_audit.models.observations import Observation
from attt_audit.probes.interface import Politeness, Probe, ProbeContext, ProbeResult, Target, observation

CATEGORY_CHECKS = {
    "telnet": "ports.telnet_closed",
    "ftp": "ports.ftp_closed",
    "remote_desktop": "ports.remote_desktop_closed",
    "file_sharing": "ports.file_sharing_closed",
    "database": "ports.database_closed",
}
ONLY_ALLOWED = "ports.only_allowed_open"
FALLBACK = "tcp_connect_fallback"


@functools.cache
def nmap_path() -> str | None:
    return shutil.which("nmap")


@functools.cache
def _template_scanner() -> Any:
    """python-nmap's scanner, made once: its constructor runs ``nmap -V`` (a second process)."""
    import nmap

    return nmap.PortScanner()


def new_scanner() -> Any:
    """A fresh scanner per scan (results live on the instance; scans run in parallel threads)."""
    return copy.copy(_template_scanner())


@functools.cache
def nmap_version() -> str | None:
    if nmap_path() is None:
        return None
    try:
        major, minor = _template_scanner().nmap_version()
    except Exception:  # nmap present but broken: the probe reports it when it runs
        return None
    return f"{major}.{minor:02d}" if minor < 10 else f"{major}.{minor}"


def nmap_arguments(target: Target, ctx: ProbeContext) -> str:
    """The fixed allow-list of nmap options; every variable part is a validated number."""
    host_timeout = max(1, int(min(ctx.target_timeout, max(ctx.remaining(), 1))))
    args = [
        "-sT",
        "-Pn",
        "-n",
        "-T4",
        "--max-retries",
        "1",
        "--host-timeout",
        f"{host_timeout}s",
        "--max-rate",
        str(int(ctx.nmap_rate)),
        "--max-parallelism",
        "10",
    ]
    if ":" in target.address and ipaddress.ip_address(target.address).version == 6:
        args.append("-6")  # (a dry run may show a host name it left unresolved)
    return " ".join(args)


def port_list(target: Target) -> str:
    ports = [int(p) for p in target.scan_ports]
    if not ports or any(not 1 <= p <= 65535 for p in ports):
        raise ProbeError("no valid ports to scan", location=target.label, expected="ports 1–65535")
    return ",".join(str(p) for p in ports)


@dataclass(frozen=True)
class PortsResult(ProbeResult):
    """Port states on one host."""

    method: str
    """``nmap`` or ``tcp_connect_fallback``."""
    scanned: tuple[int, ...]
    states: dict[int, str]
    """Port → open / closed / filtered (nmap's words)."""
    categories: dict[str, tuple[int, ...]]
    allowed: tuple[int, ...]
    command: str | None = None
    """The nmap command line (without the output option)."""
    tool_version: str | None = None
    xml: bytes | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data.pop("xml", None)
        return data

    def artifacts(self) -> dict[str, bytes]:
        return {"nmap.xml": self.xml} if self.xml else {}

    @property
    def open_ports(self) -> list[int]:
        return sorted(p for p, s in self.states.items() if s == "open")

    def observations(self) -> list[Observation]:
        note = "" if self.method == "nmap" else " (plain TCP connect check: nmap not found)"
        out = []
        open_ports = self.open_ports
        for category, check in CATEGORY_CHECKS.items():
            ports = [p for p in self.categories.get(category, ()) if p in self.scanned]
            opened = [p for p in ports if p in open_ports]
            evidence: dict[str, Any] = {
                "category_ports": list(self.categories.get(category, ())),
                "scanned": ports,
                "open": opened,
                "method": self.method,
            }
            if opened:
                declared = [p for p in opened if p in self.allowed]
                if declared:
                    evidence["declared_allowed"] = declared
                result, detail = "fail", f"{category} port(s) {_ports(opened)} open{note}"
            elif ports:
                result, detail = "pass", f"{category} port(s) {_ports(ports)} not open{note}"
            else:
                result, detail = "not_testable", f"none of the {category} ports was in the scan list"
            out.append(observation(check, result, self.target, "ports", evidence, detail, self.observed_at))
        evidence = {"open": open_ports, "allowed": list(self.allowed), "method": self.method}
        if not self.allowed:
            result, detail = (
                "not_testable",
                "the inventory declares no allowed ports or endpoints for this host",
            )
        else:
            extra = [p for p in open_ports if p not in self.allowed]
            evidence["not_allowed"] = extra
            if extra:
                result, detail = "fail", f"open but not declared: {_ports(extra)}{note}"
            else:
                result, detail = "pass", f"every open scanned port is declared{note}"
        out.append(
            observation(ONLY_ALLOWED, result, self.target, "ports", evidence, detail, self.observed_at)
        )
        return out


def _ports(ports: list[int]) -> str:
    return ", ".join(str(p) for p in ports)


class PortsProbe(Probe):
    """Risky services exposed on a declared host (telnet, FTP, remote desktop, file sharing, databases)."""

    name = "ports"
    checks = (*CATEGORY_CHECKS.values(), ONLY_ALLOWED)
    politeness = Politeness(connections_per_target=30, exclusive_per_host=True)
    host_wide = True

    def describe(self, target: Target, ctx: ProbeContext) -> str:
        if nmap_path() is None:
            return f"ports {target.address}: plain TCP connect to {port_list(target)} (nmap not found)"
        return f"ports {target.address}: nmap {nmap_arguments(target, ctx)} -p {port_list(target)} {target.address}"

    def run(self, target: Target, ctx: ProbeContext) -> ProbeResult:
        categories = ctx.settings.category_ports()
        ports = port_list(target)
        if nmap_path() is None:
            return self._fallback(target, ctx, categories)
        import nmap

        arguments = nmap_arguments(target, ctx)
        ctx.timeout()  # raises when the budget is already spent
        try:
            scanner = new_scanner()
        except nmap.PortScannerError as exc:
            raise ProbeError(f"nmap does not run: {str(exc).strip()}", location=target.label) from None
        try:
            scanner.scan(
                hosts=target.address,
                ports=ports,
                arguments=arguments,
                timeout=max(1, int(ctx.remaining()) + 5),
            )
        except nmap.PortScannerTimeout:
            raise ProbeError("nmap did not finish in time", location=target.label) from None
        except nmap.PortScannerError as exc:
            raise ProbeError(f"nmap failed: {str(exc).strip()}", location=target.label) from None
        states: dict[int, str] = {}
        if target.address in scanner.all_hosts():
            tcp = scanner[target.address].get("tcp", {})
            states = {int(p): str(info.get("state", "unknown")) for p, info in tcp.items()}
        else:
            raise ProbeError("nmap reported nothing for the host (host timeout?)", location=target.label)
        return PortsResult(
            target=target,
            observed_at=dt.datetime.now(dt.UTC),
            method="nmap",
            scanned=target.scan_ports,
            states=states,
            categories=categories,
            allowed=target.allowed_ports,
            command=f"nmap {arguments} -p {ports} {target.address}",
            tool_version=nmap_version(),
            xml=scanner.get_nmap_last_output() or None,
        )

    def _fallback(
        self, target: Target, ctx: ProbeContext, categories: dict[str, tuple[int, ...]]
    ) -> PortsResult:
        states: dict[int, str] = {}
        for port in target.scan_ports:
            probe_target = Target(system=target.system, address=target.address, port=port)
            try:
                sock = ctx.connect(probe_target)
            except ConnectionRefusedError:
                states[port] = "closed"
            except TimeoutError:
                states[port] = "filtered"
            except OSError:
                states[port] = "filtered"
            else:
                sock.close()
                states[port] = "open"
        return PortsResult(
            target=target,
            observed_at=dt.datetime.now(dt.UTC),
            method=FALLBACK,
            scanned=target.scan_ports,
            states=states,
            categories=categories,
            allowed=target.allowed_ports,
        )
