"""Probe kinds by name. Adding a kind is one module beside this one and one line here."""

from __future__ import annotations

from attt_audit.errors import InputError
from attt_audit.probes.http import HttpProbe
from attt_audit.probes.interface import Probe
from attt_audit.probes.ports import PortsProbe
from attt_audit.probes.ssh import SshProbe
from attt_audit.probes.tls import TlsProbe

PROBES: dict[str, type[Probe]] = {
    "ports": PortsProbe,
    "tls": TlsProbe,
    "http": HttpProbe,
    "ssh": SshProbe,
}


def get(name: str) -> Probe:
    try:
        return PROBES[name]()
    except KeyError:
        raise InputError(
            f"no probe kind {name!r}", location="--kinds", expected=f"some of {', '.join(PROBES)}"
        ) from None


def parse_kinds(kinds: list[str] | str | None) -> list[str]:
    """``"tls,http"`` or ``["tls", "http"]`` → known kinds in registry order; None → all."""
    if kinds is None:
        return list(PROBES)
    if isinstance(kinds, str):
        kinds = [kinds]
    wanted = [k.strip() for item in kinds for k in item.split(",") if k.strip()]
    for kind in wanted:
        get(kind)
    if not wanted:
        raise InputError("no probe kind given", location="--kinds", expected=f"some of {', '.join(PROBES)}")
    return [k for k in PROBES if k in wanted]


def known_checks() -> set[str]:
    """Every check id some probe can emit (``catalog lint`` compares controls' ``checks:`` to it)."""
    return {check for probe in PROBES.values() for check in probe.checks}
