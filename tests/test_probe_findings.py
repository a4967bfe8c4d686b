"""Probe findings that reach the report (issue 12 §6): an SSH server that announces itself and
closes is still judged on its version; certificate days are calendar days in Asia/Ho_Chi_Minh;
the TLS, HSTS and redirect checks feed a TCVN 11930 level-1/2 requirement.

Network: loopback only, against servers these tests start and stop."""

from __future__ import annotations

import datetime as dt
import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from attt_audit.models.observations import Observation
from attt_audit.probes.interface import Budget, ProbeContext, ProbeSettings, Target
from attt_audit.probes.scope import LOOPBACK_ENV
from attt_audit.probes.ssh import SshProbe, SshResult
from attt_audit.probes.tls import NOT_TESTABLE, VERSIONS, calendar_days_left, parse_certificate

ALGORITHM_CHECKS = ("ssh.weak_kex_disabled", "ssh.weak_ciphers_disabled", "ssh.weak_macs_disabled")


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LOOPBACK_ENV, "1")


@contextmanager
def one_shot_server(behaviour: str) -> Iterator[int]:
    """A loopback TCP server for one connection: it sends an SSH identification line, then
    ``close`` (closes), ``reset`` (RST), ``garbage`` (an impossible packet length) or ``half``
    (half a packet, then closes)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(10)
    port = listener.getsockname()[1]

    def serve() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            conn.sendall(b"SSH-2.0-OpenSSH_7.4 Debian-10\r\n")
            try:
                conn.settimeout(5)
                conn.recv(256)  # the client's identification line
            except OSError:
                pass
            if behaviour == "garbage":
                conn.sendall(struct.pack(">I", 0x7FFFFFFF))
            elif behaviour == "half":
                conn.sendall(struct.pack(">I", 600) + b"\x05\x14" + b"\x00" * 40)
            elif behaviour == "reset":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        listener.close()
        thread.join(timeout=10)


def by_check(obs: list[Observation]) -> dict[str, Observation]:
    return {o.check: o for o in obs}


@pytest.mark.parametrize("behaviour", ["close", "reset", "garbage", "half"])
def test_ssh_banner_then_close_is_judged_on_the_announced_version(behaviour: str) -> None:
    with one_shot_server(behaviour) as port:
        ctx = ProbeContext(settings=ProbeSettings(), budget=Budget(30), connect_timeout=5)
        result = SshProbe().run(Target(system="s", address="127.0.0.1", port=port), ctx.for_target())
    assert isinstance(result, SshResult)
    assert (result.protocol, result.software) == ("2.0", "OpenSSH_7.4")
    assert result.kex_problem and result.algorithms == {}
    obs = by_check(result.observations())
    assert obs["ssh.protocol_v2"].result == "pass"
    assert obs["ssh.software_current"].result == "fail"  # 7.4 < 8.0, from the banner
    assert "older than 8.0" in obs["ssh.software_current"].detail
    for check in ALGORITHM_CHECKS:
        assert obs[check].result == "not_testable"
        assert "identification line only" in obs[check].detail
        assert obs[check].evidence["kex_problem"] == result.kex_problem


# ------------------------------------------------------------------------ certificate days

UTC = dt.UTC


@pytest.mark.parametrize(
    ("not_after", "now", "days"),
    [
        # 5 days and 1 hour after expiry: 5 calendar days (the old floor of the interval said 6)
        (dt.datetime(2026, 11, 18, 3, 0, tzinfo=UTC), dt.datetime(2026, 11, 23, 4, 0, tzinfo=UTC), -5),
        # exactly 5.0 days
        (dt.datetime(2026, 11, 18, 3, 0, tzinfo=UTC), dt.datetime(2026, 11, 23, 3, 0, tzinfo=UTC), -5),
        # expired an hour ago, same Vietnamese day: 0
        (dt.datetime(2026, 11, 23, 3, 0, tzinfo=UTC), dt.datetime(2026, 11, 23, 4, 0, tzinfo=UTC), 0),
        # 23:30 on 24/11 in Hanoi is still 23/11 in UTC: one calendar day left, not 0
        (dt.datetime(2026, 11, 24, 16, 30, tzinfo=UTC), dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC), 1),
        # 00:30 on 24/11 in Hanoi (17:30 UTC on 23/11) seen at 16:00 UTC (23:00 in Hanoi): 1 day
        (dt.datetime(2026, 11, 23, 17, 30, tzinfo=UTC), dt.datetime(2026, 11, 23, 16, 0, tzinfo=UTC), 1),
        (dt.datetime(2027, 1, 1, 0, 0, tzinfo=UTC), dt.datetime(2026, 11, 23, 4, 0, tzinfo=UTC), 39),
    ],
    ids=["five-days-one-hour", "five-days", "expired-today", "vn-day-ahead", "vn-midnight", "future"],
)
def test_certificate_days_are_vietnamese_calendar_days(
    not_after: dt.datetime, now: dt.datetime, days: int
) -> None:
    assert calendar_days_left(not_after, now) == days


def _certificate(not_after: dt.datetime) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "portal.example")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(not_after - dt.timedelta(days=90))
        .not_valid_after(not_after)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


def test_expired_certificate_message_counts_calendar_days() -> None:
    from attt_audit.probes.tls import TlsResult

    not_after = dt.datetime(2026, 11, 18, 3, 0, tzinfo=UTC)
    now = dt.datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
    cert = parse_certificate(_certificate(not_after), now)
    assert (cert["days_left"], cert["expired"]) == (-5, True)
    result = TlsResult(
        target=Target(system="s", address="127.0.0.1", port=443),
        observed_at=now,
        versions=dict.fromkeys(VERSIONS, NOT_TESTABLE),
        negotiated={},
        cipher_classes={},
        certificate=cert,
        name_checked="portal.example",
        trust={"verified": None, "message": ""},
        expiry_warning_days=30,
        openssl="test",
    )
    valid = by_check(result.observations())["tls.certificate_valid"]
    assert valid.result == "fail"
    assert valid.detail.startswith("expired 5 day(s) ago")


# ------------------------------------------------------- level-2 report shows TLS/HTTP checks

TRANSPORT_CHECKS = (
    "tls.legacy_protocols_disabled",
    "tls.weak_ciphers_disabled",
    "tls.certificate_valid",
    "http.redirects_to_https",
    "http.hsts",
)


@pytest.mark.parametrize("level", [1, 2])
def test_level_1_2_requirement_carries_transport_observations(level: int) -> None:
    from engine_support import run as run_engine
    from engine_support import system

    from attt_audit.catalog import load_catalog, load_profiles, resolve_profile

    catalog = load_catalog()
    resolved = resolve_profile(f"level{level}", catalog, load_profiles())
    fed = [
        r.control.id
        for r in resolved.requirements
        if r.framework == "tcvn11930-2017" and set(TRANSPORT_CHECKS) <= set(r.control.checks)
    ]
    assert fed, f"no level-{level} TCVN 11930 requirement lists {TRANSPORT_CHECKS}"
    observations = [(c, "pass") for c in TRANSPORT_CHECKS[:-1]] + [("http.hsts", "fail")]
    # a system approved under ND 85 assessed before the switch: the TCVN 11930 baseline binds
    approval = {
        "decision": "1/QĐ",
        "date": "2024-03-01",
        "approver": "Giám đốc",
        "level": level,
        "regime": "nd85",
    }
    sys = system(declared_level=level, approval=approval)
    result = run_engine(catalog, resolved, observations=observations, sys=sys, today=dt.date(2026, 6, 1))
    for control in fed:
        item = next(r for r in result.results if r.control == control)
        seen = {o.check for o in item.observations}
        assert set(TRANSPORT_CHECKS) <= seen, (control, seen)
        assert item.status == "fail"  # the missing HSTS header reaches the finding
