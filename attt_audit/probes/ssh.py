"""``ssh``: banner, protocol and software version, and the algorithms the server's KEXINIT offers.

The probe reads the server's identification line, sends its own, and reads the server's first
binary packet (SSH_MSG_KEXINIT, RFC 4253 §7.1), which lists every key exchange, host key,
cipher and MAC it accepts. It then closes: no key exchange, no authentication. The weak-algorithm
tables below are this project's policy.

A server that announces itself and then closes (or resets, stalls or sends garbage) before its
key-exchange list is still judged on the protocol and software version it announced; only the
algorithm checks are "not testable", with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import struct
from dataclasses import dataclass
from typing import Any

from attt_audit import __version__
from attt_audit.errors import ProbeError
from attt_audit.models.observations import Observation
from attt_audit.probes.interface import Politeness, Probe, ProbeContext, ProbeResult, Target, observation

MAX_BANNER_LINES = 20
MAX_PACKET = 35_000
KEXINIT = 20

WEAK_KEX = re.compile(
    r"^(diffie-hellman-group1-sha1|diffie-hellman-group14-sha1|diffie-hellman-group-exchange-sha1|rsa1024-sha1|gss-(group1|group14|gex)-sha1-.*)$"
)
WEAK_CIPHER = re.compile(r"(-cbc$|-cbc@|^arcfour|^none$|^des|^3des)")
WEAK_MAC = re.compile(r"(md5|-96|ripemd|^umac-64|^none$)")
WEAK_HOST_KEY = re.compile(r"^(ssh-dss|ssh-dsa)")
NAME_LISTS = (
    "kex",
    "host_keys",
    "ciphers_c2s",
    "ciphers_s2c",
    "macs_c2s",
    "macs_s2c",
    "compression_c2s",
    "compression_s2c",
)
_SOFTWARE = re.compile(r"^(?P<product>[A-Za-z][A-Za-z-]*)[_-](?P<version>\d+(?:\.\d+)*)")


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ProbeError("connection closed before the server's key-exchange list")
        buf += chunk
    return buf


def _read_line(sock: socket.socket) -> bytes:
    line = b""
    while not line.endswith(b"\n"):
        byte = sock.recv(1)
        if not byte:
            break
        line += byte
        if len(line) > 1024:
            raise ProbeError("identification line longer than 1024 bytes: not an SSH server")
    return line


def parse_kexinit(payload: bytes) -> dict[str, list[str]]:
    if not payload or payload[0] != KEXINIT:
        raise ProbeError(f"first packet is message {payload[0] if payload else 'none'}, not KEXINIT")
    pos = 17  # message byte + 16-byte cookie
    lists: dict[str, list[str]] = {}
    for name in (*NAME_LISTS, "languages_c2s", "languages_s2c"):
        if pos + 4 > len(payload):
            raise ProbeError("truncated KEXINIT")
        (size,) = struct.unpack(">I", payload[pos : pos + 4])
        pos += 4
        raw = payload[pos : pos + size]
        pos += size
        lists[name] = [n for n in raw.decode("ascii", "replace").split(",") if n]
    return lists


def parse_software(software: str) -> tuple[str, str] | None:
    match = _SOFTWARE.match(software)
    return (match.group("product"), match.group("version")) if match else None


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", text))


@dataclass(frozen=True)
class SshResult(ProbeResult):
    """What an SSH server says before any key exchange."""

    banner: str
    protocol: str
    software: str
    comments: str
    algorithms: dict[str, list[str]]
    """KEXINIT name-lists (empty for an SSH-1-only server)."""
    min_versions: dict[str, str]
    kex_problem: str = ""
    """Why the key-exchange list could not be read after the identification line (empty: it was read)."""

    def observations(self) -> list[Observation]:
        at, t = self.observed_at, self.target
        out: list[Observation] = []

        def add(check: str, result: str, evidence: dict[str, Any], detail: str) -> None:
            out.append(observation(check, result, t, "ssh", {"banner": self.banner, **evidence}, detail, at))

        if self.protocol == "2.0":
            add("ssh.protocol_v2", "pass", {"protocol": self.protocol}, "SSH protocol 2 only")
        else:
            add(
                "ssh.protocol_v2",
                "fail",
                {"protocol": self.protocol},
                f"protocol {self.protocol} allows SSH-1",
            )
        a = self.algorithms
        for check, names, pattern, what in (
            ("ssh.weak_kex_disabled", a.get("kex", []), WEAK_KEX, "key exchange"),
            (
                "ssh.weak_ciphers_disabled",
                a.get("ciphers_c2s", []) + a.get("ciphers_s2c", []),
                WEAK_CIPHER,
                "ciphers",
            ),
            ("ssh.weak_macs_disabled", a.get("macs_c2s", []) + a.get("macs_s2c", []), WEAK_MAC, "MACs"),
        ):
            offered = list(dict.fromkeys(names))
            if not offered and self.kex_problem:
                add(
                    check,
                    "not_testable",
                    {"kex_problem": self.kex_problem},
                    f"no {what} list: {self.kex_problem} (judged on the identification line only)",
                )
                continue
            if not offered:
                add(check, "not_testable", {}, f"the server sent no {what} list (no SSH-2 key exchange)")
                continue
            weak = [n for n in offered if pattern.search(n)]
            ev: dict[str, Any] = {"offered": offered, "weak": weak}
            if check == "ssh.weak_kex_disabled":
                ev["weak_host_keys"] = [n for n in a.get("host_keys", []) if WEAK_HOST_KEY.search(n)]
            add(
                check,
                "fail" if weak else "pass",
                ev,
                f"weak {what}: {', '.join(weak)}" if weak else f"no weak {what}",
            )
        parsed = parse_software(self.software)
        ev = {"software": self.software, "min_versions": self.min_versions}
        minimum = None
        if parsed is not None:
            minimum = next((v for k, v in self.min_versions.items() if k.lower() == parsed[0].lower()), None)
        if parsed is None or minimum is None:
            add("ssh.software_current", "not_testable", ev, f"no minimum version known for {self.software!r}")
        elif _version_tuple(parsed[1]) >= _version_tuple(minimum):
            add(
                "ssh.software_current",
                "pass",
                ev,
                f"{parsed[0]} {parsed[1]} ≥ {minimum} (from the banner; distributions backport fixes)",
            )
        else:
            add(
                "ssh.software_current",
                "fail",
                ev,
                f"{parsed[0]} {parsed[1]} is older than {minimum} (from the banner; distributions backport fixes)",
            )
        return out


class SshProbe(Probe):
    """SSH banner, protocol, software version and offered algorithms."""

    name = "ssh"
    checks = (
        "ssh.protocol_v2",
        "ssh.weak_kex_disabled",
        "ssh.weak_ciphers_disabled",
        "ssh.weak_macs_disabled",
        "ssh.software_current",
    )
    politeness = Politeness(connections_per_target=1)

    def run(self, target: Target, ctx: ProbeContext) -> ProbeResult:
        sock = ctx.connect(target)
        try:
            sock.settimeout(ctx.timeout())
            banner = ""
            for _ in range(MAX_BANNER_LINES):  # servers may send other lines first (RFC 4253 §4.2)
                line = _read_line(sock)
                if not line:
                    break
                if line.startswith(b"SSH-"):
                    banner = line.decode("utf-8", "replace").rstrip("\r\n")
                    break
            if not banner:
                raise ProbeError("no SSH identification line: not an SSH server", location=target.label)
            head, _, comments = banner.partition(" ")
            parts = head.split("-", 2)
            if len(parts) < 3:
                raise ProbeError(f"malformed identification line {banner!r}", location=target.label)
            protocol, software = parts[1], parts[2]
            algorithms: dict[str, list[str]] = {}
            kex_problem = ""
            if protocol in ("2.0", "1.99"):
                try:
                    algorithms = _read_kexinit(sock, ctx)
                except ProbeError as exc:
                    kex_problem = exc.message
                except OSError as exc:  # reset, timeout: the announced version still stands
                    kex_problem = f"connection failed before the key-exchange list ({exc.strerror or type(exc).__name__})"
        finally:
            sock.close()
        return SshResult(
            target=target,
            observed_at=dt.datetime.now(dt.UTC),
            banner=banner,
            protocol=protocol,
            software=software,
            comments=comments,
            algorithms=algorithms,
            min_versions=dict(ctx.settings.ssh_min_versions),
            kex_problem=kex_problem,
        )


def _read_kexinit(sock: socket.socket, ctx: ProbeContext) -> dict[str, list[str]]:
    """Send our identification line and read the server's KEXINIT name-lists."""
    sock.sendall(f"SSH-2.0-attt_audit_{__version__}\r\n".encode())
    sock.settimeout(ctx.timeout())
    (length,) = struct.unpack(">I", _recv_exact(sock, 4))
    if not 5 <= length <= MAX_PACKET:
        raise ProbeError(f"implausible packet length {length}")
    packet = _recv_exact(sock, length)
    padding = packet[0]
    if padding >= length:
        raise ProbeError(f"implausible padding length {padding}")
    return parse_kexinit(packet[1 : length - padding])
