"""Probe kinds by name. Adding a kind is one module beside this one and one line here."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from attt_audit.errors import InputError

if TYPE_CHECKING:
    from attt_audit.probes.interface import Probe

PROBES: dict[str, str] = {
    "ports": "attt_audit.probes.ports:PortsProbe",
    "tls": "attt_audit.probes.tls:TlsProbe",
    "http": "attt_audit.probes.http:HttpProbe",
    "ssh": "attt_audit.probes.ssh:SshProbe",
}
"""Kind → ``module:class``; a kind's module is imported only when that kind is used (a port
scan does not pay for the TLS, HTTP and SSH code)."""


def probe_class(name: str) -> type[Probe]:
    try:
        module, _, cls = PROBES[name].partition(":")
    except KeyError:
        raise InputError(
            f"no probe kind {name!r}", location="--kinds", expected=f"some of {', '.join(PROBES)}"
        ) from None
    found: type[Probe] = getattr(importlib.import_module(module), cls)
    return found


def get(name: str) -> Probe:
    return probe_class(name)()


def parse_kinds(kinds: list[str] | str | None) -> list[str]:
    """``"tls,http"`` or ``["tls", "http"]`` → known kinds in registry order; None → all."""
    if kinds is None:
        return list(PROBES)
    if isinstance(kinds, str):
        kinds = [kinds]
    wanted = [k.strip() for item in kinds for k in item.split(",") if k.strip()]
    for kind in wanted:
        if kind not in PROBES:
            probe_class(kind)  # raises the "no probe kind" error
    if not wanted:
        raise InputError("no probe kind given", location="--kinds", expected=f"some of {', '.join(PROBES)}")
    return [k for k in PROBES if k in wanted]


def known_checks() -> set[str]:
    """Every check id some probe can emit (``catalog lint`` compares controls' ``checks:`` to it)."""
    return {check for name in PROBES for check in probe_class(name).checks}
