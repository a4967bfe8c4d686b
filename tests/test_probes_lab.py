"""Probes against the loopback lab (tests/lab): each defect found, each good configuration passing.

Every address is 127.0.0.x; ports are picked by the kernel at run time; the lab process is
stopped and waited for at teardown. ``ATTT_AUDIT_LOOPBACK_ONLY=1`` is set for every test here,
so the scope guard refuses anything else even if an inventory asked for it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lab import GOOD, SHA1, SOON, SSH_GOOD, SSH_OLD, WEAK, RunningLab, standard_lab, write_workspace

from attt_audit.cli import main
from attt_audit.errors import ScopeError
from attt_audit.models.observations import Observation, ProbeRun
from attt_audit.probes import latest_run, run_probes
from attt_audit.probes.capabilities import local_capabilities
from attt_audit.probes.scope import LOOPBACK_ENV
from attt_audit.workspace import Workspace

Lab = tuple[RunningLab, Path, dict[str, ProbeRun]]


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LOOPBACK_ENV, "1")


@pytest.fixture(scope="module")
def lab_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    if shutil.which("nmap") is None and os.environ.get("ATTT_REQUIRE_NMAP") == "1":
        pytest.fail("nmap is required here (ATTT_REQUIRE_NMAP=1) but not installed")
    folder = tmp_path_factory.mktemp("probe-lab")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(LOOPBACK_ENV, "1")
        with standard_lab(folder) as lab:
            ws = write_workspace(lab, folder / "ws")
            runs = run_probes(ws, ["lab-weak", "lab-good"])
            yield lab, ws, runs


def find(runs: dict[str, ProbeRun], system: str, target: str, check: str) -> Observation:
    hits = [o for o in runs[system].observations if o.target == target and o.check == check]
    assert len(hits) == 1, f"{check} on {target}: {len(hits)} observations"
    return hits[0]


# (system, lab service or "host:<address>", check, expected result)
CASES: list[tuple[str, str, str, str]] = [
    ("lab-weak", f"host:{WEAK}", "ports.telnet_closed", "fail"),
    ("lab-weak", f"host:{WEAK}", "ports.only_allowed_open", "fail"),
    ("lab-good", f"host:{GOOD}", "ports.telnet_closed", "pass"),
    ("lab-good", f"host:{GOOD}", "ports.only_allowed_open", "pass"),
    ("lab-weak", "weak_tls", "tls.certificate_valid", "fail"),
    ("lab-weak", "weak_tls", "tls.certificate_not_expiring", "fail"),
    ("lab-weak", "weak_tls", "tls.certificate_hostname_match", "fail"),
    ("lab-weak", "weak_tls", "tls.certificate_key_strength", "fail"),
    ("lab-weak", "weak_tls", "tls.certificate_trusted", "fail"),
    ("lab-weak", "weak_tls", "tls.modern_protocol_supported", "pass"),
    ("lab-weak", "soon_tls", "tls.certificate_not_expiring", "fail"),
    ("lab-weak", "soon_tls", "tls.certificate_valid", "pass"),
    ("lab-weak", "soon_tls", "tls.certificate_trusted", "pass"),
    ("lab-weak", "sha1_tls", "tls.certificate_signature_strong", "fail"),
    ("lab-weak", "sha1_tls", "tls.certificate_key_strength", "pass"),
    ("lab-good", "good_tls", "tls.legacy_protocols_disabled", "pass"),
    ("lab-good", "good_tls", "tls.modern_protocol_supported", "pass"),
    ("lab-good", "good_tls", "tls.weak_ciphers_disabled", "pass"),
    ("lab-good", "good_tls", "tls.certificate_valid", "pass"),
    ("lab-good", "good_tls", "tls.certificate_not_expiring", "pass"),
    ("lab-good", "good_tls", "tls.certificate_hostname_match", "pass"),
    ("lab-good", "good_tls", "tls.certificate_key_strength", "pass"),
    ("lab-good", "good_tls", "tls.certificate_signature_strong", "pass"),
    ("lab-good", "good_tls", "tls.certificate_trusted", "pass"),
    ("lab-weak", "weak_tls", "http.hsts", "fail"),
    ("lab-weak", "weak_tls", "http.csp", "fail"),
    ("lab-weak", "weak_tls", "http.frame_options", "fail"),
    ("lab-weak", "weak_tls", "http.content_type_options", "fail"),
    ("lab-weak", "weak_tls", "http.cookie_flags", "fail"),
    ("lab-weak", "weak_tls", "http.no_version_disclosure", "fail"),
    ("lab-weak", "weak_http", "http.redirects_to_https", "fail"),
    ("lab-weak", "weak_http", "http.csp", "fail"),
    ("lab-good", "good_tls", "http.hsts", "pass"),
    ("lab-good", "good_tls", "http.csp", "pass"),
    ("lab-good", "good_tls", "http.frame_options", "pass"),
    ("lab-good", "good_tls", "http.content_type_options", "pass"),
    ("lab-good", "good_tls", "http.cookie_flags", "pass"),
    ("lab-good", "good_tls", "http.no_version_disclosure", "pass"),
    ("lab-good", "good_http", "http.redirects_to_https", "pass"),
    ("lab-weak", "ssh_old", "ssh.protocol_v2", "pass"),
    ("lab-weak", "ssh_old", "ssh.weak_kex_disabled", "fail"),
    ("lab-weak", "ssh_old", "ssh.weak_ciphers_disabled", "fail"),
    ("lab-weak", "ssh_old", "ssh.weak_macs_disabled", "fail"),
    ("lab-weak", "ssh_old", "ssh.software_current", "fail"),
    ("lab-good", "ssh_good", "ssh.protocol_v2", "pass"),
    ("lab-good", "ssh_good", "ssh.weak_kex_disabled", "pass"),
    ("lab-good", "ssh_good", "ssh.weak_ciphers_disabled", "pass"),
    ("lab-good", "ssh_good", "ssh.weak_macs_disabled", "pass"),
    ("lab-good", "ssh_good", "ssh.software_current", "pass"),
]


@pytest.mark.parametrize(
    ("system", "where", "check", "expected"), CASES, ids=[f"{c[1]}-{c[2]}" for c in CASES]
)
def test_lab_observation(lab_env: Lab, system: str, where: str, check: str, expected: str) -> None:
    lab, _, runs = lab_env
    target = where.removeprefix("host:") if where.startswith("host:") else lab.label(where)
    obs = find(runs, system, target, check)
    assert obs.result == expected, f"{check} on {target}: {obs.result} ({obs.detail}) {obs.evidence}"
    assert obs.evidence, "every observation carries the evidence that decided it"


def test_every_lab_address_is_loopback(lab_env: Lab) -> None:
    lab, _, runs = lab_env
    assert {s["host"] for s in lab.services.values()} == {WEAK, SSH_OLD, GOOD, SOON, SHA1, SSH_GOOD}
    for run in runs.values():
        for target in run.targets:
            assert target.startswith("127."), target


def test_legacy_protocol_detected(lab_env: Lab) -> None:
    caps = local_capabilities()["versions"]
    if not (caps["TLSv1.0"] or caps["TLSv1.1"]):
        pytest.skip(f"local OpenSSL ({local_capabilities()['openssl']}) cannot offer TLS 1.0 or 1.1")
    lab, _, runs = lab_env
    obs = find(runs, "lab-weak", lab.label("weak_tls"), "tls.legacy_protocols_disabled")
    assert obs.result == "fail"
    offered = [v for v, state in obs.evidence["versions"].items() if state == "offered"]
    assert offered and set(offered) <= {"TLSv1.0", "TLSv1.1"}
    assert obs.detail.startswith("accepts TLSv1.")


def test_weak_cipher_class_detected(lab_env: Lab) -> None:
    testable = [c for c, ok in local_capabilities()["weak_cipher_classes"].items() if ok]
    if not testable:
        pytest.skip("local OpenSSL can offer no weak cipher class")
    lab, _, runs = lab_env
    obs = find(runs, "lab-weak", lab.label("weak_tls"), "tls.weak_ciphers_disabled")
    assert obs.result == "fail"
    assert any(str(v).startswith("offered") for v in obs.evidence["classes"].values())


def test_untestable_is_never_reported_as_not_offered(lab_env: Lab) -> None:
    lab, _, runs = lab_env
    caps = local_capabilities()
    for run in runs.values():
        for obs in run.observations:
            if obs.check == "tls.legacy_protocols_disabled":
                for version, state in obs.evidence["versions"].items():
                    if not caps["versions"][version]:
                        assert state == "not testable here", (version, state)
            if obs.check == "tls.weak_ciphers_disabled":
                for name, state in obs.evidence["classes"].items():
                    if not caps["weak_cipher_classes"][name]:
                        assert state == "not testable here", (name, state)


def test_ports_use_nmap_connect_scan(lab_env: Lab) -> None:
    if shutil.which("nmap") is None:
        pytest.skip("nmap is not installed (CI sets ATTT_REQUIRE_NMAP=1 and installs it)")
    lab, _, runs = lab_env
    details = [d for d in runs["lab-weak"].details if d["probe"] == "ports"]
    assert len(details) == 1
    result = details[0]["result"]
    assert result["method"] == "nmap"
    assert result["command"].startswith("nmap -sT -Pn -n ")
    assert "--script" not in result["command"] and "-sV" not in result["command"]
    assert str(lab.ports["telnet"]) in {str(p) for p, s in result["states"].items() if s == "open"}


def test_evidence_saved_with_raw_xml_and_hash(lab_env: Lab) -> None:
    _, ws, runs = lab_env
    folder = ws / "evidence" / "probes" / "lab-weak"
    saved_runs = [ProbeRun.model_validate_json(p.read_bytes()) for p in sorted(folder.glob("*.json"))]
    mine = [r for r in saved_runs if r.started_at == runs["lab-weak"].started_at]
    assert len(mine) == 1  # other tests may add later runs to this folder
    saved = mine[0]
    assert saved.observations == runs["lab-weak"].observations
    assert saved.tools["openssl"] and saved.tools["python"] and "nmap" in saved.tools
    assert saved.capabilities["versions"]["TLSv1.2"] is True
    assert saved.started_at <= saved.finished_at
    if shutil.which("nmap"):
        assert saved.artifacts, "raw nmap XML is listed with its SHA-256"
    for name, digest in saved.artifacts.items():
        raw = (folder / name).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == digest
        assert raw.lstrip().startswith(b"<?xml")
    latest = latest_run(ws, "lab-weak")
    assert latest is not None and latest.started_at == max(r.started_at for r in saved_runs)
    assert latest_run(ws, "no-such-system") is None


def test_out_of_scope_target_refused(lab_env: Lab) -> None:
    _, ws, _ = lab_env
    with pytest.raises(ScopeError) as info:
        run_probes(ws, ["lab-good"], targets=[f"{WEAK}:22"], save=False)
    assert "outside the declared scope of lab-good" in str(info.value)


def test_cli_refuses_undeclared_target_before_contacting_anything(
    lab_env: Lab, capsys: pytest.CaptureFixture[str]
) -> None:
    _, ws, _ = lab_env
    code = main(["--lang", "en", "probe", "-w", str(ws), "--all", "--target", "10.1.2.3"])
    _, err = capsys.readouterr()
    assert code == 2
    assert "target 10.1.2.3 is outside the declared scope of lab-good, lab-weak; refusing to probe it" in err


def test_cli_dry_run_lists_exactly_the_plan(lab_env: Lab, capsys: pytest.CaptureFixture[str]) -> None:
    lab, ws, _ = lab_env
    code = main(["--lang", "en", "probe", "-w", str(ws), "--all", "--dry-run"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "nothing is contacted" in out
    for name in (
        "weak_tls",
        "weak_http",
        "soon_tls",
        "sha1_tls",
        "ssh_old",
        "good_tls",
        "good_http",
        "ssh_good",
    ):
        assert lab.label(name) in out
    assert f"-p {lab.ports['telnet']},{lab.ports['weak_tls']}" in out or f"{lab.ports['telnet']}" in out
    lines = [line for line in out.splitlines() if line.startswith("  ")]
    assert len(lines) == 12  # 2 hosts + 4 TLS + 4 HTTP + 2 SSH endpoints
    assert all("127.0.0." in line for line in lines)


def test_cli_target_restricts_to_one_declared_endpoint(
    lab_env: Lab, capsys: pytest.CaptureFixture[str]
) -> None:
    lab, ws, _ = lab_env
    code = main(["probe", "-w", str(ws), "--all", "--dry-run", "--target", lab.label("ssh_old")])
    out, _ = capsys.readouterr()
    assert code == 0
    lines = [line.strip() for line in out.splitlines() if line.startswith("  ")]
    assert lines == [f"ssh {lab.label('ssh_old')} (about 1 connection(s))"]


def test_cli_probe_all_prints_saves_and_exits_1_on_findings(
    lab_env: Lab, capsys: pytest.CaptureFixture[str]
) -> None:
    _, ws, _ = lab_env
    code = main(["--lang", "en", "probe", "-w", str(ws), "--all", "--kinds", "tls,ssh"])
    out, _ = capsys.readouterr()
    assert code == 1
    assert "tls.certificate_valid" in out and "ssh.weak_kex_disabled" in out
    assert out.count("Evidence: ") == 2  # one file per system
    assert "lab-weak" in out and "lab-good" in out
    assert "ports." not in out  # only the kinds asked for


def test_cli_needs_system_or_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--lang", "en", "probe", "-w", str(tmp_path)])
    _, err = capsys.readouterr()
    assert code == 2
    assert "say which systems to probe" in err and "--system ID" in err


def _odd_workspace(lab: RunningLab, root: Path) -> Path:
    """Declared kinds that do not match the service: each becomes an error result, not a crash."""
    p = lab.ports
    root.mkdir()
    inventory: dict[str, Any] = {
        "organisation": {"name": "Lab"},
        "systems": [
            {
                "id": "lab-odd",
                "name": "Khai báo sai dịch vụ",
                "endpoints": [
                    {"host": WEAK, "port": p["weak_http"], "kinds": ["tls"]},
                    {"host": WEAK, "port": p["telnet"], "kinds": ["ssh"]},
                    {"host": GOOD, "port": p["good_tls"], "kinds": ["ssh"]},
                ],
            }
        ],
    }
    (root / "inventory.yaml").write_text(json.dumps(inventory), encoding="utf-8")
    return root


def test_probe_failures_become_error_results(lab_env: Lab, tmp_path: Path) -> None:
    lab, _, _ = lab_env
    ws = _odd_workspace(lab, tmp_path / "odd")
    run = run_probes(ws, ["lab-odd"], connect_timeout=1, target_timeout=10)["lab-odd"]
    by_target: dict[str, set[str]] = {}
    for obs in run.observations:
        by_target.setdefault(obs.target, set()).add(obs.result)
    assert by_target == {
        lab.label("weak_http"): {"error"},
        lab.label("telnet"): {"error"},
        lab.label("good_tls"): {"error"},
    }
    tls_error = next(o for o in run.observations if o.target == lab.label("weak_http"))
    assert "no answer to the TLS handshake in time (not a TLS service?)" in tls_error.detail
    assert len([o for o in run.observations if o.probe == "tls"]) == 9


def test_nmap_missing_falls_back_to_tcp_connect(lab_env: Lab, monkeypatch: pytest.MonkeyPatch) -> None:
    from attt_audit.probes import ports

    monkeypatch.setattr(ports, "nmap_path", lambda: None)
    lab, ws, _ = lab_env
    run = run_probes(ws, ["lab-weak"], kinds=["ports"], save=False)["lab-weak"]
    telnet = find({"lab-weak": run}, "lab-weak", WEAK, "ports.telnet_closed")
    assert telnet.result == "fail"
    assert telnet.evidence["method"] == "tcp_connect_fallback"
    assert "plain TCP connect check: nmap not found" in telnet.detail
    assert not run.artifacts


def test_local_openssl_limit_reported_as_not_testable(lab_env: Lab, tmp_path: Path) -> None:
    """Pretend the local OpenSSL cannot offer TLS 1.0: the weak server's TLS 1.0 must be 'not testable'."""
    from attt_audit.probes import execute, plan_probes

    lab, ws, _ = lab_env
    plan = plan_probes(ws, ["lab-weak"], ["tls"], targets=[lab.label("weak_tls")])
    assert plan.context is not None
    caps = json.loads(json.dumps(plan.context.capabilities))
    caps["versions"]["TLSv1.0"] = False
    plan.context.capabilities = caps
    run, path = execute(plan, Workspace(ws), save=False)["lab-weak"]
    assert path is None
    obs = find({"lab-weak": run}, "lab-weak", lab.label("weak_tls"), "tls.legacy_protocols_disabled")
    assert obs.evidence["versions"]["TLSv1.0"] == "not testable here"


def test_deep_tls_fills_in_what_local_openssl_cannot_test(lab_env: Lab) -> None:
    if shutil.which("nmap") is None:
        pytest.skip("nmap is not installed (CI sets ATTT_REQUIRE_NMAP=1 and installs it)")
    lab, ws, _ = lab_env
    runs = run_probes(ws, ["lab-weak"], ["tls"], targets=[lab.label("weak_tls")], deep_tls=True)
    obs = find(runs, "lab-weak", lab.label("weak_tls"), "tls.weak_ciphers_disabled")
    assert obs.result == "fail"
    assert "not testable here" not in obs.evidence["classes"].values()
    assert obs.evidence["deep_tls"]["source"] == "nmap ssl-enum-ciphers"
    legacy = find(runs, "lab-weak", lab.label("weak_tls"), "tls.legacy_protocols_disabled")
    assert "not testable here" not in legacy.evidence["versions"].values()
    assert legacy.evidence["versions"]["SSLv3"] == "not offered"  # the lab's OpenSSL 3 cannot speak it either
    xml_files = [name for name in runs["lab-weak"].artifacts if name.endswith("ssl-enum-ciphers.xml")]
    assert len(xml_files) == 1 and f"{WEAK}-{lab.ports['weak_tls']}." in xml_files[0]


def _ipv6_available() -> bool:
    import socket

    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
    except OSError:
        return False
    return True


def test_ipv6_loopback_ports_and_ssh(tmp_path: Path) -> None:
    if not _ipv6_available():
        pytest.skip("no IPv6 loopback (::1) here")
    from lab import MODERN_SSH, running_lab

    services = [
        {
            "name": "ssh6",
            "kind": "ssh",
            "host": "::1",
            "banner": "SSH-2.0-OpenSSH_9.6",
            "algorithms": MODERN_SSH,
        },
        {"name": "db6", "kind": "tcp", "host": "::1"},
    ]
    with running_lab(services, tmp_path, {}) as lab:
        ws = tmp_path / "ws"
        ws.mkdir()
        inventory = {
            "organisation": {"name": "Lab"},
            "systems": [
                {
                    "id": "v6",
                    "name": "IPv6",
                    "hosts": [{"address": "::1", "scan_ports": [lab.ports["db6"], lab.ports["ssh6"]]}],
                    "endpoints": [{"host": "::1", "port": lab.ports["ssh6"], "kinds": ["ssh"]}],
                }
            ],
        }
        (ws / "inventory.yaml").write_text(json.dumps(inventory), encoding="utf-8")
        (ws / "probes.yaml").write_text(json.dumps({"service_ports": {"database": [lab.ports["db6"]]}}))
        run = run_probes(ws, ["v6"], save=False)["v6"]
    runs = {"v6": run}
    assert find(runs, "v6", "::1", "ports.database_closed").result == "fail"
    assert find(runs, "v6", lab.label("ssh6"), "ssh.weak_kex_disabled").result == "pass"
    assert lab.label("ssh6").startswith("[::1]:")
