"""What a sweep may contact: only the hosts and endpoints a system declares in the inventory.

Each declared name is resolved once and the IP pinned; the name is kept only for SNI, the
Host header and the certificate name match. Refused: unspecified, multicast and broadcast
addresses, host tokens that look like options, ranges larger than a /24 unless explicitly
allowed, ``--target`` values the inventory does not declare, and — when the environment
variable ``ATTT_AUDIT_LOOPBACK_ONLY=1`` is set (the test suite sets it) — anything not loopback.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from attt_audit.errors import ScopeError
from attt_audit.models.inventory import Endpoint, Host, System
from attt_audit.probes.interface import ProbeSettings, Target

LOOPBACK_ENV = "ATTT_AUDIT_LOOPBACK_ONLY"
MAX_ADDRESSES = 256
"""A /24: larger ranges need ``--allow-large-ranges``."""

RISKY_PORTS: tuple[int, ...] = (
    21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 389, 443, 445, 1433, 1521, 2049, 2222, 3306,
    3389, 5432, 5900, 5985, 6379, 8080, 8443, 9200, 11211, 27017,
)  # fmt: skip
"""Ports scanned on a host that declares no ``scan_ports``."""

DEFAULT_KINDS: dict[int, tuple[str, ...]] = {
    443: ("tls", "http"),
    8443: ("tls", "http"),
    80: ("http",),
    8080: ("http",),
    8000: ("http",),
    22: ("ssh",),
    2222: ("ssh",),
}
"""Probe kinds of an endpoint that declares none, by port."""

_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?$")

IP = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class EndpointScope:
    target: Target
    kinds: tuple[str, ...]
    """Probe kinds that apply (declared, or chosen from the port or URL scheme)."""
    tls: bool
    """The service speaks TLS (HTTP probe uses https)."""


@dataclass(frozen=True)
class SystemScope:
    system: str
    hosts: tuple[Target, ...] = ()
    endpoints: tuple[EndpointScope, ...] = ()
    notes: tuple[str, ...] = field(default=())
    """Declared entries that will not be probed, and why (shown by ``--dry-run``)."""


def loopback_only() -> bool:
    return os.environ.get(LOOPBACK_ENV, "") not in ("", "0")


def check_address(ip: IP, declared: str) -> IP:
    """Normalise and vet one address; raise :class:`ScopeError` for what must never be contacted."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    problem = None
    if ip.is_unspecified:
        problem = "is the unspecified address"
    elif ip.is_multicast:
        problem = "is a multicast address"
    elif isinstance(ip, ipaddress.IPv4Address) and ip == ipaddress.IPv4Address("255.255.255.255"):
        problem = "is the broadcast address"
    elif loopback_only() and not ip.is_loopback:
        problem = f"is not a loopback address and {LOOPBACK_ENV} is set"
    if problem:
        raise ScopeError(f"address {ip} {problem}", location=declared, expected="a unicast host address")
    return ip


def _resolve(name: str, declared: str) -> IP:
    if name.startswith("-") or not _NAME.match(name):
        raise ScopeError(
            f"{name!r} is not an IP address, a network or a host name",
            location=declared,
            expected="e.g. 10.0.0.5, 10.0.0.0/28 or portal.example.gov.vn",
        )
    try:
        infos = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ScopeError(
            f"host name {name!r} does not resolve ({exc.strerror})",
            location=declared,
            expected="a resolvable name or an IP address",
        ) from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    addresses.sort(key=lambda a: a.version)  # prefer IPv4, pin one address
    return check_address(addresses[0], declared)


def _single(text: str, declared: str, resolve: bool = True) -> IP | None:
    """The address of ``text``; ``None`` for a well-formed host name left unresolved (``resolve=False``)."""
    try:
        return check_address(ipaddress.ip_address(text), declared)
    except ValueError:
        if resolve:
            return _resolve(text, declared)
    if text.startswith("-") or not _NAME.match(text):
        raise ScopeError(
            f"{text!r} is not an IP address, a network or a host name",
            location=declared,
            expected="e.g. 10.0.0.5, 10.0.0.0/28 or portal.example.gov.vn",
        )
    return None


def _host_addresses(
    host: Host, declared: str, allow_large_ranges: bool, resolve: bool = True
) -> list[IP | str]:
    text = host.address.strip()
    if "/" not in text:
        ip = _single(text, declared, resolve)
        return [text if ip is None else ip]
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise ScopeError(
            f"{text!r} is not a network", location=declared, expected="CIDR notation such as 10.0.0.0/28"
        ) from None
    if network.num_addresses > MAX_ADDRESSES and not allow_large_ranges:
        raise ScopeError(
            f"range {network} has {network.num_addresses:,} addresses, more than a /24",
            location=declared,
            expected="a /24 or smaller, or --allow-large-ranges to scan it on purpose",
        )
    addresses = list(network.hosts()) if network.num_addresses > 2 else list(network)
    return [check_address(ipaddress.ip_address(str(a)), declared) for a in addresses]


def endpoint_kinds(endpoint: Endpoint) -> tuple[tuple[str, ...], bool]:
    scheme = urlsplit(endpoint.url).scheme.lower() if endpoint.url else ""
    if endpoint.kinds:
        kinds: tuple[str, ...] = tuple(endpoint.kinds)
    elif scheme == "https":
        kinds = ("tls", "http")
    elif scheme == "http":
        kinds = ("http",)
    else:
        kinds = DEFAULT_KINDS.get(endpoint.port, ())
    tls = "tls" in kinds or scheme == "https"
    return kinds, tls


def build_scope(
    system: System,
    settings: ProbeSettings | None = None,
    *,
    allow_large_ranges: bool = False,
    resolve: bool = True,
) -> SystemScope:
    """Resolve and vet everything a system declares.

    With ``resolve=False`` (``probe --dry-run``) host names are checked for form only and kept
    as names: nothing is sent, not even a DNS query."""
    settings = settings or ProbeSettings()
    categories = settings.category_ports()
    endpoints: list[EndpointScope] = []
    notes: list[str] = []
    seen_endpoints: set[tuple[str, int]] = set()
    for i, ep in enumerate(system.endpoints):
        declared = f"{system.id}.endpoints[{i}] {ep.host}:{ep.port}"
        ip = _single(ep.host.strip(), declared, resolve)
        address = ep.host.strip() if ip is None else str(ip)
        if (address, ep.port) in seen_endpoints:
            notes.append(f"{declared}: declared twice (probed once)")
            continue
        seen_endpoints.add((address, ep.port))
        kinds, tls = endpoint_kinds(ep)
        name = urlsplit(ep.url).hostname if ep.url else None
        if name is None and not _is_ip(ep.host):
            name = ep.host.strip()
        target = Target(
            system=system.id, address=address, port=ep.port, name=name, url=ep.url, declared=declared, tls=tls
        )
        if not kinds:
            notes.append(f"{target.label}: no probe kind (declare kinds: [tls, http, ssh])")
        endpoints.append(EndpointScope(target=target, kinds=kinds, tls=tls))
    hosts: list[Target] = []
    seen: set[str] = set()
    for i, host in enumerate(system.hosts):
        declared = f"{system.id}.hosts[{i}] {host.address}"
        if host.scan_ports:
            scan = tuple(sorted(set(host.scan_ports)))
        else:
            base = set(settings.default_scan_ports or RISKY_PORTS)
            for ports in categories.values():
                base.update(ports)
            scan = tuple(sorted(base))
        for found in _host_addresses(host, declared, allow_large_ranges, resolve):
            address = str(found)
            if address in seen:
                continue
            seen.add(address)
            allowed = set(host.allowed_ports)
            allowed.update(e.target.port for e in endpoints if e.target.address == address and e.target.port)
            name = None if _is_ip(host.address) or "/" in host.address else host.address.strip()
            hosts.append(
                Target(
                    system=system.id,
                    address=address,
                    name=name,
                    scan_ports=scan,
                    allowed_ports=tuple(sorted(allowed)),
                    declared=declared,
                )
            )
    return SystemScope(system=system.id, hosts=tuple(hosts), endpoints=tuple(endpoints), notes=tuple(notes))


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip())
    except ValueError:
        return False
    return True


def _parse_target(text: str) -> tuple[str, int | None]:
    """``host``, ``host:port``, ``[v6]:port`` or a bare IPv6 address → (host, port)."""
    text = text.strip()
    if text.startswith("-") or not text:
        raise ScopeError(f"target {text!r} is not a host", location=text, expected="host or host:port")
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ""
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    else:
        host, port_text = text, ""
    port = None
    if port_text:
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise ScopeError(f"port {port_text!r} is not a port", location=text, expected="1–65535")
        port = int(port_text)
    if _is_ip(host):
        host = str(ipaddress.ip_address(host))
    return host, port


def _matches(target: Target, host: str, port: int | None, declared_host: str) -> bool:
    same_host = host in (target.address, target.name, declared_host)
    return same_host and (port is None or target.port == port)


def restrict(scopes: list[SystemScope], wanted: list[str], systems: dict[str, System]) -> list[SystemScope]:
    """Keep only the declared hosts and endpoints named by ``--target``; refuse any other target."""
    if not wanted:
        return scopes
    parsed = [(text, *_parse_target(text)) for text in wanted]
    used: set[str] = set()
    out = []
    for scope in scopes:
        hosts = []
        for t in scope.hosts:
            for text, host, port in parsed:
                if port is None and _matches(t, host, None, t.declared.split(" ", 1)[-1]):
                    hosts.append(t)
                    used.add(text)
                    break
        endpoints = []
        for e in scope.endpoints:
            for text, host, port in parsed:
                if _matches(e.target, host, port, e.target.declared.split(" ", 1)[-1].rsplit(":", 1)[0]):
                    endpoints.append(e)
                    used.add(text)
                    break
        out.append(replace(scope, hosts=tuple(hosts), endpoints=tuple(endpoints)))
    refused = [text for text, _, _ in parsed if text not in used]
    if refused:
        names = ", ".join(sorted(systems))
        raise ScopeError(
            f"target {refused[0]} is outside the declared scope of {names}; refusing to probe it",
            location=refused[0],
            expected="a host or endpoint declared under hosts: or endpoints: of the system in inventory.yaml",
        )
    return out
