"""Probe rules that need no network: scope, check ids, judging results, scheduler, evidence files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from attt_audit.errors import InputError, ProbeError, ScopeError
from attt_audit.models.inventory import Host, System
from attt_audit.models.observations import ProbeRun
from attt_audit.probes import load_settings, plan_probes, registry
from attt_audit.probes.evidence import latest, write_run
from attt_audit.probes.http import HttpResult
from attt_audit.probes.interface import (
    Budget,
    Politeness,
    Probe,
    ProbeContext,
    ProbeResult,
    ProbeSettings,
    Target,
)
from attt_audit.probes.ports import PortsResult
from attt_audit.probes.scheduler import Task, run_tasks
from attt_audit.probes.scope import LOOPBACK_ENV, build_scope, restrict
from attt_audit.probes.ssh import parse_kexinit, parse_software
from attt_audit.probes.tls import name_matches

NOW = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
CONTRACT_CHECKS = {
    "ports.telnet_closed",
    "ports.ftp_closed",
    "ports.remote_desktop_closed",
    "ports.file_sharing_closed",
    "ports.database_closed",
    "ports.only_allowed_open",
    "tls.legacy_protocols_disabled",
    "tls.modern_protocol_supported",
    "tls.weak_ciphers_disabled",
    "tls.certificate_valid",
    "tls.certificate_not_expiring",
    "tls.certificate_hostname_match",
    "tls.certificate_key_strength",
    "tls.certificate_signature_strong",
    "tls.certificate_trusted",
    "http.redirects_to_https",
    "http.hsts",
    "http.csp",
    "http.frame_options",
    "http.content_type_options",
    "http.cookie_flags",
    "http.no_version_disclosure",
    "ssh.protocol_v2",
    "ssh.weak_kex_disabled",
    "ssh.weak_ciphers_disabled",
    "ssh.weak_macs_disabled",
    "ssh.software_current",
}


def test_known_checks_are_exactly_the_contract() -> None:
    assert registry.known_checks() == CONTRACT_CHECKS


def test_probe_code_names_no_control() -> None:
    source = "".join(p.read_text(encoding="utf-8") for p in Path(registry.__file__).parent.glob("*.py"))
    for marker in ("layer1.", "layer2.", "layer3.", "layer4.", "tcvn", "nd85.", "nd331."):
        assert marker not in source.lower()


def test_unknown_kind_refused() -> None:
    with pytest.raises(InputError) as info:
        registry.parse_kinds("tls,smtp")
    assert "no probe kind 'smtp'" in str(info.value) and "ports, tls, http, ssh" in str(info.value)


# ------------------------------------------------------------------------------ scope

SCOPE_CASES = [
    ("127.0.0.5", False, None),
    ("127.0.0.0/24", False, None),
    ("127.0.0.0/23", False, "range 127.0.0.0/23 has 512 addresses, more than a /24"),
    ("0.0.0.0", False, "address 0.0.0.0 is the unspecified address"),
    ("224.0.0.1", False, "is a multicast address"),
    ("255.255.255.255", False, "is the broadcast address"),
    ("-oX", False, "'-oX' is not an IP address, a network or a host name"),
    ("-iL/etc/hosts", False, "'-iL/etc/hosts' is not a network"),
    ("10.0.0.8", False, f"is not a loopback address and {LOOPBACK_ENV} is set"),
    ("::ffff:10.0.0.8", False, "address 10.0.0.8 is not a loopback address"),
]


@pytest.mark.parametrize(("address", "large", "error"), SCOPE_CASES, ids=[c[0] for c in SCOPE_CASES])
def test_scope_rules(monkeypatch: pytest.MonkeyPatch, address: str, large: bool, error: str | None) -> None:
    monkeypatch.setenv(LOOPBACK_ENV, "1")
    system = System(id="s", name="S", hosts=[Host(address=address)])
    if error is None:
        scope = build_scope(system, allow_large_ranges=large)
        assert scope.hosts and all(t.address.startswith("127.") for t in scope.hosts)
    else:
        with pytest.raises(ScopeError) as info:
            build_scope(system, allow_large_ranges=large)
        assert error in str(info.value)
        assert "s.hosts[0]" in str(info.value)


def test_large_range_needs_the_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LOOPBACK_ENV, "1")
    system = System(id="s", name="S", hosts=[Host(address="127.0.0.0/22")])
    scope = build_scope(system, allow_large_ranges=True)
    assert len(scope.hosts) == 1022  # network and broadcast addresses left out


def test_mapped_ipv6_is_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LOOPBACK_ENV, "1")
    scope = build_scope(System(id="s", name="S", hosts=[Host(address="::ffff:127.0.0.9")]))
    assert [t.address for t in scope.hosts] == ["127.0.0.9"]


def test_endpoint_kinds_and_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LOOPBACK_ENV, "1")
    system = System.model_validate(
        {
            "id": "s",
            "name": "S",
            "endpoints": [
                {"host": "127.0.0.2", "port": 443, "url": "https://portal.example.gov.vn/"},
                {"host": "127.0.0.2", "port": 22},
                {"host": "127.0.0.2", "port": 9999},
            ],
            "hosts": [{"address": "127.0.0.2", "allowed_ports": [8080]}],
        }
    )
    scope = build_scope(system)
    kinds = [(e.target.port, e.kinds, e.target.name, e.target.tls) for e in scope.endpoints]
    assert kinds == [
        (443, ("tls", "http"), "portal.example.gov.vn", True),
        (22, ("ssh",), None, False),
        (9999, (), None, False),
    ]
    assert scope.notes == ("127.0.0.2:9999: no probe kind (declare kinds: [tls, http, ssh])",)
    assert scope.hosts[0].allowed_ports == (22, 443, 8080, 9999)


RESTRICT_CASES = [
    (["127.0.0.2"], 1, 2, None),
    (["127.0.0.2:22"], 0, 1, None),
    (["[::1]:22"], 0, 0, "target [::1]:22 is outside the declared scope of s"),
    (["127.0.0.3"], 0, 0, "target 127.0.0.3 is outside the declared scope of s"),
    (["127.0.0.2:80"], 0, 0, "target 127.0.0.2:80 is outside the declared scope"),
    (["-iL/etc/passwd"], 0, 0, "is not a host"),
]


@pytest.mark.parametrize(
    ("wanted", "hosts", "endpoints", "error"), RESTRICT_CASES, ids=[c[0][0] for c in RESTRICT_CASES]
)
def test_target_restriction(
    monkeypatch: pytest.MonkeyPatch, wanted: list[str], hosts: int, endpoints: int, error: str | None
) -> None:
    monkeypatch.setenv(LOOPBACK_ENV, "1")
    system = System.model_validate(
        {
            "id": "s",
            "name": "S",
            "hosts": [{"address": "127.0.0.2"}],
            "endpoints": [{"host": "127.0.0.2", "port": 22}, {"host": "127.0.0.2", "port": 443}],
        }
    )
    scopes = [build_scope(system)]
    if error:
        with pytest.raises(ScopeError) as info:
            restrict(scopes, wanted, {"s": system})
        assert error in str(info.value)
    else:
        (scope,) = restrict(scopes, wanted, {"s": system})
        assert (len(scope.hosts), len(scope.endpoints)) == (hosts, endpoints)


def test_probe_settings_file_errors_point_at_the_key(tmp_path: Path) -> None:
    (tmp_path / "probes.yaml").write_text(
        "service_ports:\n  telnet: [2323]\n  gopher: [70]\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        load_settings(tmp_path)
    assert "probes.yaml:3" in str(info.value)
    (tmp_path / "probes.yaml").write_text("service_ports:\n  telnet: [70000]\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_settings(tmp_path)
    assert "port 70000 is outside 1–65535" in str(info.value) and "probes.yaml:2" in str(info.value)
    (tmp_path / "probes.yaml").write_text("service_ports:\n  telnet: [2323]\n", encoding="utf-8")
    assert load_settings(tmp_path).category_ports()["telnet"] == (2323,)


def test_plan_without_inventory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        plan_probes(tmp_path, ["x"])
    assert "no inventory.yaml" in str(info.value)


# ------------------------------------------------------------------------- judging results

T = Target(system="s", address="127.0.0.2", port=443, name="portal.example.gov.vn", tls=True)
H = Target(system="s", address="127.0.0.2", scan_ports=(21, 23, 443, 3306), allowed_ports=(443,))


def _result(obs: list[Any], check: str) -> str:
    return next(o.result for o in obs if o.check == check)


def test_ports_judgement() -> None:
    categories = ProbeSettings().category_ports()
    res = PortsResult(
        target=H,
        observed_at=NOW,
        method="nmap",
        scanned=H.scan_ports,
        states={21: "closed", 23: "closed", 443: "open", 3306: "open"},
        categories=categories,
        allowed=H.allowed_ports,
    )
    obs = res.observations()
    assert _result(obs, "ports.telnet_closed") == "pass"
    assert _result(obs, "ports.ftp_closed") == "pass"
    assert _result(obs, "ports.database_closed") == "fail"
    assert _result(obs, "ports.remote_desktop_closed") == "not_testable"
    assert _result(obs, "ports.only_allowed_open") == "fail"
    no_allowed = PortsResult(
        target=H, observed_at=NOW, method="nmap", scanned=(23,), states={}, categories=categories, allowed=()
    )
    assert _result(no_allowed.observations(), "ports.only_allowed_open") == "not_testable"


def _http(scheme: str, status: int, headers: dict[str, list[str]]) -> HttpResult:
    return HttpResult(
        target=T,
        observed_at=NOW,
        url="/",
        scheme=scheme,
        status=status,
        headers=headers,
        hsts_min_max_age=15_552_000,
    )


HTTP_CASES = [
    ("hsts-short", _http("https", 200, {"strict-transport-security": ["max-age=300"]}), "http.hsts", "fail"),
    (
        "hsts-year",
        _http("https", 200, {"strict-transport-security": ["max-age=31536000"]}),
        "http.hsts",
        "pass",
    ),
    (
        "frame-ancestors",
        _http("https", 200, {"content-security-policy": ["frame-ancestors 'self'"]}),
        "http.frame_options",
        "pass",
    ),
    ("xfo-allow", _http("https", 200, {"x-frame-options": ["ALLOW-FROM x"]}), "http.frame_options", "fail"),
    ("server-bare", _http("https", 200, {"server": ["nginx"]}), "http.no_version_disclosure", "pass"),
    ("server-ver", _http("https", 200, {"server": ["nginx/1.22.1"]}), "http.no_version_disclosure", "fail"),
    (
        "aspnet",
        _http("https", 200, {"x-aspnet-version": ["4.0.30319"]}),
        "http.no_version_disclosure",
        "fail",
    ),
    (
        "cookie-nosamesite",
        _http("https", 200, {"set-cookie": ["a=1; Secure; HttpOnly"]}),
        "http.cookie_flags",
        "fail",
    ),
    ("no-cookie", _http("https", 200, {}), "http.cookie_flags", "pass"),
    ("redirect-http", _http("http", 302, {"location": ["http://x/"]}), "http.redirects_to_https", "fail"),
    ("redirect-https", _http("http", 308, {"location": ["https://x/"]}), "http.redirects_to_https", "pass"),
]


@pytest.mark.parametrize(("case", "result", "check", "expected"), HTTP_CASES, ids=[c[0] for c in HTTP_CASES])
def test_http_judgement(case: str, result: HttpResult, check: str, expected: str) -> None:
    assert _result(result.observations(), check) == expected


def test_http_redirect_skips_header_checks_and_hsts_only_on_https() -> None:
    checks = {o.check for o in _http("http", 301, {"location": ["https://x/"]}).observations()}
    assert checks == {"http.redirects_to_https", "http.no_version_disclosure"}
    checks = {o.check for o in _http("http", 200, {}).observations()}
    assert "http.hsts" not in checks and "http.csp" in checks


NAME_CASES = [
    ("portal.example.gov.vn", ["portal.example.gov.vn"], [], True),
    ("PORTAL.example.gov.vn.", ["portal.example.gov.vn"], [], True),
    ("a.example.gov.vn", ["*.example.gov.vn"], [], True),
    ("a.b.example.gov.vn", ["*.example.gov.vn"], [], False),
    ("example.gov.vn", ["*.example.gov.vn"], [], False),
    ("127.0.0.4", ["127.0.0.4"], [], False),
    ("127.0.0.4", [], ["127.0.0.4"], True),
]


@pytest.mark.parametrize(
    ("name", "dns", "ips", "expected"), NAME_CASES, ids=[f"{c[0]}-{c[3]}" for c in NAME_CASES]
)
def test_certificate_name_match(name: str, dns: list[str], ips: list[str], expected: bool) -> None:
    cert = {"san_dns": dns, "san_ip": ips, "has_san": True, "common_names": []}
    assert name_matches(name, cert) is expected


def test_ssh_parsers() -> None:
    from lab.server import kexinit

    packet = kexinit(
        {
            "kex": ["curve25519-sha256"],
            "host_keys": ["ssh-ed25519"],
            "ciphers": ["aes128-ctr"],
            "macs": ["hmac-sha2-256"],
        }
    )
    length, padding = int.from_bytes(packet[:4], "big"), packet[4]
    lists = parse_kexinit(packet[5 : 4 + length - padding])
    assert lists["kex"] == ["curve25519-sha256"] and lists["macs_s2c"] == ["hmac-sha2-256"]
    with pytest.raises(ProbeError, match="not KEXINIT"):
        parse_kexinit(b"\x15" + b"\x00" * 40)
    assert parse_software("OpenSSH_7.2p2") == ("OpenSSH", "7.2")
    assert parse_software("dropbear_2019.78") == ("dropbear", "2019.78")
    assert parse_software("Cisco-1.25") == ("Cisco", "1.25")
    assert parse_software("???") is None


# --------------------------------------------------------------------------- scheduler


class Recorder(Probe):
    name = "rec"
    checks = ("rec.one", "rec.two")
    politeness = Politeness(connections_per_target=1)

    def __init__(self, fail_on: str | None = None) -> None:
        self.fail_on = fail_on
        self.lock = threading.Lock()
        self.active: dict[str, int] = {}
        self.max_active: dict[str, int] = {}

    def run(self, target: Target, ctx: ProbeContext) -> ProbeResult:
        with self.lock:
            self.active[target.address] = self.active.get(target.address, 0) + 1
            self.max_active[target.address] = max(
                self.max_active.get(target.address, 0), self.active[target.address]
            )
        try:
            time.sleep(0.01)
            if target.label == self.fail_on:
                raise RuntimeError("boom")
            return Done(target=target, observed_at=NOW)
        finally:
            with self.lock:
                self.active[target.address] -= 1


class Exclusive(Recorder):
    politeness = Politeness(connections_per_target=10, exclusive_per_host=True)


class Done(ProbeResult):
    def observations(self) -> list[Any]:
        from attt_audit.probes.interface import observation

        return [observation("rec.one", "pass", self.target, "rec", {"ok": True}, "ok", self.observed_at)]


def _ctx(seconds: float = 60) -> ProbeContext:
    return ProbeContext(settings=ProbeSettings(), budget=Budget(seconds))


def test_scheduler_keeps_per_host_limit_and_order() -> None:
    probe = Recorder()
    tasks = [
        Task(probe, Target(system="s", address=f"127.0.0.{i % 3 + 2}", port=1000 + i)) for i in range(24)
    ]
    outcomes = run_tasks(tasks, _ctx(), concurrency=8, per_host=2)
    assert [o.task for o in outcomes] == tasks
    assert max(probe.max_active.values()) <= 2


def test_scheduler_never_runs_two_exclusive_probes_on_one_host() -> None:
    probe = Exclusive()
    tasks = [Task(probe, Target(system="s", address="127.0.0.2", port=1000 + i)) for i in range(6)]
    run_tasks(tasks, _ctx(), concurrency=6, per_host=6)
    assert probe.max_active == {"127.0.0.2": 1}


def test_exception_in_probe_becomes_error_results() -> None:
    probe = Recorder(fail_on="127.0.0.2:1001")
    tasks = [Task(probe, Target(system="s", address="127.0.0.2", port=p)) for p in (1000, 1001, 1002)]
    outcomes = run_tasks(tasks, _ctx())
    assert [o.error for o in outcomes] == [None, "RuntimeError: boom", None]
    assert [(o.check, o.result, o.detail) for o in outcomes[1].observations] == [
        ("rec.one", "error", "RuntimeError: boom"),
        ("rec.two", "error", "RuntimeError: boom"),
    ]


def test_spent_budget_runs_nothing() -> None:
    probe = Recorder()
    tasks = [Task(probe, Target(system="s", address="127.0.0.2", port=p)) for p in (1, 2)]
    outcomes = run_tasks(tasks, _ctx(seconds=-1))
    assert probe.max_active == {}
    assert {o.error for o in outcomes} == {"not run: overall time budget exhausted"}


def test_rate_limiter_spaces_connections() -> None:
    budget = Budget(60, rate=1000)
    for _ in range(5):
        budget.take_connection()
    assert budget._next_slot > time.monotonic() - 1  # slots were handed out one after another
    with pytest.raises(ProbeError, match="budget exhausted"):
        Budget(-1).take_connection()


# ---------------------------------------------------------------------------- evidence


def _run(started: dt.datetime) -> ProbeRun:
    return ProbeRun(system="s", started_at=started, finished_at=started, tool_version="0")


def test_evidence_written_atomically_and_latest_is_newest(tmp_path: Path) -> None:
    first = write_run(tmp_path, _run(NOW), {"127.0.0.2.nmap.xml": b"<?xml version='1.0'?><nmaprun/>"})
    second = write_run(tmp_path, _run(NOW + dt.timedelta(hours=1)), {})
    again = write_run(tmp_path, _run(NOW), {})  # same start time: a new file, never overwritten
    assert len({first, second, again}) == 3
    saved = json.loads(first.read_text(encoding="utf-8"))
    xml = tmp_path / "s" / "20261123T000000000Z.127.0.0.2.nmap.xml"
    assert saved["artifacts"] == {xml.name: hashlib.sha256(xml.read_bytes()).hexdigest()}
    newest = latest(tmp_path, "s")
    assert newest is not None and newest.started_at == NOW + dt.timedelta(hours=1)
    assert not list((tmp_path / "s").glob("*.tmp*"))


def test_corrupt_evidence_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "x.json").write_text('{"system": "s"}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        latest(tmp_path, "s")
    assert "not a probe run" in str(info.value) and "x.json" in str(info.value)


def test_endpoint_declared_twice_is_probed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LOOPBACK_ENV, "1")
    system = System.model_validate(
        {
            "id": "s",
            "name": "S",
            "endpoints": [{"host": "127.0.0.2", "port": 443}, {"host": "::ffff:127.0.0.2", "port": 443}],
        }
    )
    scope = build_scope(system)
    assert len(scope.endpoints) == 1
    assert scope.notes == ("s.endpoints[1] ::ffff:127.0.0.2:443: declared twice (probed once)",)


@pytest.mark.parametrize(("rate", "expected"), [(None, 200), (50.0, 50), (0.5, 1), (1000.0, 200)], ids=str)
def test_rate_limit_caps_nmap_rate(rate: float | None, expected: int) -> None:
    from attt_audit.probes import PLAN_DEFAULTS, _nmap_rate

    assert _nmap_rate({**PLAN_DEFAULTS, "rate": rate}) == expected
