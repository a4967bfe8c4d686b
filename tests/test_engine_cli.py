"""``attt-audit run`` through the real entry point: outputs, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attt_audit.cli import main

INVENTORY = """\
schema_version: 1
organisation:
  name: Sở Giao thông vận tải tỉnh Thử
assessor: Trần Thị Lan
systems:
  - id: portal
    name: Cổng thông tin điện tử
    declared_level: 3
  - id: docs
    name: Quản lý văn bản
    declared_level: 3
"""

PROFILE = """\
id: ws3
title: {vi: "Thử cấp độ 3", en: "Test level 3"}
regime: nd85
level: 3
frameworks: [four-layer-model]
"""

# portal: 2 requirements met, 1 failed → 66.7 %; docs: nothing answered → no percentage.
ANSWERS = """\
system: portal
answers:
  layer1.specialised-unit/3/q1: {status: Đạt, evidence: ["QĐ 88-QĐ-SGTVT.pdf"]}
  layer1.specialised-unit/3/q2: {status: Đạt}
  layer1.head-accountable/3/q1: {status: Đạt}
  layer1.head-accountable/3/q2: {status: Đạt}
  layer4.national-monitoring-link/3/q1: {status: Không đạt}
  layer4.national-monitoring-link/3/q2: {status: Không đạt}
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    (ws / "answers").mkdir(parents=True)
    (ws / "profiles").mkdir()
    (ws / "inventory.yaml").write_text(INVENTORY, encoding="utf-8")
    (ws / "profiles" / "ws3.yaml").write_text(PROFILE, encoding="utf-8")
    (ws / "answers" / "portal.yaml").write_text(ANSWERS, encoding="utf-8")
    return ws


def run(capsys: pytest.CaptureFixture[str], ws: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", "run", "--profile", "ws3", "-w", str(ws), "--date", "2026-11-23", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_run_writes_results_and_run_summary(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, err = run(capsys, workspace, "--system", "portal", "--format", "json")
    assert code == 0, err
    folder = workspace / "runs" / "2026-11-23-ws3"
    summary = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert summary["run_id"] == "2026-11-23-ws3" and summary["level"] == 3 and summary["lang"] == "en"
    assert [(s["system"], s["overall_percent"], s["result"]) for s in summary["systems"]] == [
        ("portal", 66.7, "portal/result.json")
    ]
    result = json.loads((folder / "portal" / "result.json").read_text(encoding="utf-8"))
    assert result["assessed_on"] == "2026-11-23" and result["assessor"] == "Trần Thị Lan"
    unit = next(r for r in result["results"] if r["control"] == "layer1.specialised-unit")
    assert unit["status"] == "pass" and unit["evidence"] == ["QĐ 88-QĐ-SGTVT.pdf"]
    assert "66.7%" in out


def test_json_is_always_written(capsys: pytest.CaptureFixture[str], workspace: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, workspace, "--format", "md", "--out", str(tmp_path / "out"))
    assert code == 0, err
    summary = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert [s["files"] for s in summary["systems"]] == [
        ["portal/gap-report.md", "portal/result.json"],
        ["docs/gap-report.md", "docs/result.json"],
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--system", "portal", "--fail-under", "60"], 0, ""),
        (["--system", "portal", "--fail-under", "66.7"], 0, ""),
        (["--system", "portal", "--fail-under", "70"], 1, "Below the 70% threshold: portal"),
        (["--fail-under", "10"], 1, "Below the 10% threshold: docs"),  # nothing assessed is below any bar
        (
            ["--fail-under", "150"],
            2,
            "error: --fail-under 150 is out of range; expected a percentage from 0 to 100",
        ),
        (["--system", "ghost"], 2, "error: no system 'ghost' in"),
        (["--system", "portal", "--all"], 2, "error: --system and --all exclude each other"),
        (["--date", "23/11/2026"], 2, "error: --date '23/11/2026' is not a date; expected YYYY-MM-DD"),
        (["--format", "pdf"], 2, "error: unknown report format 'pdf'"),
    ],
    ids=[
        "above",
        "equal",
        "below",
        "unassessed-below",
        "bad-threshold",
        "unknown-system",
        "system-and-all",
        "bad-date",
        "bad-format",
    ],
)
def test_exit_codes(
    capsys: pytest.CaptureFixture[str],
    workspace: Path,
    tmp_path: Path,
    args: list[str],
    code: int,
    message: str,
) -> None:
    got, _, err = run(capsys, workspace, "--format", "json", "--out", str(tmp_path / "o"), *args)
    assert got == code
    assert message in " ".join(err.split())


def test_unknown_profile_is_an_input_error(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code = main(["--lang", "en", "run", "--profile", "nope", "-w", str(workspace)])
    _, err = capsys.readouterr()
    assert code == 2 and "error: no profile 'nope'" in err


def test_answers_for_another_system_are_refused(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    (workspace / "answers" / "docs.yaml").write_text("system: portal\nanswers: {}\n", encoding="utf-8")
    code, _, err = run(capsys, workspace, "--format", "json")
    assert code == 2
    assert "docs.yaml:1:9: the answers file is for system 'portal'; expected system: docs" in " ".join(
        err.split()
    )


@pytest.mark.parametrize(
    ("extra", "level", "profile", "note"),
    [
        ([], 2, "level2", "assessed against profile level2 instead of ws3"),
        (["--force-profile"], 3, "ws3", None),
    ],
    ids=["own-level-profile", "force-profile"],
)
def test_system_at_another_level(
    capsys: pytest.CaptureFixture[str],
    workspace: Path,
    tmp_path: Path,
    extra: list[str],
    level: int,
    profile: str,
    note: str | None,
) -> None:
    inventory = (workspace / "inventory.yaml").read_text(encoding="utf-8")
    (workspace / "inventory.yaml").write_text(
        inventory.replace("declared_level: 3\n  - id: docs", "declared_level: 2\n  - id: docs"),
        encoding="utf-8",
    )
    code, _, err = run(
        capsys, workspace, "--system", "portal", "--format", "json", "--out", str(tmp_path / "o"), *extra
    )
    assert code == 0, err
    result = json.loads((tmp_path / "o" / "portal" / "result.json").read_text(encoding="utf-8"))
    assert (result["level"], result["profile"]) == (level, profile)
    notes = [n["en"] for n in result["notes"]]
    assert any(note in n for n in notes) if note else not any("instead of" in n for n in notes)


def test_probe_flag_probes_first_and_the_engine_uses_the_new_evidence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--probe against a loopback HTTP server the test starts: its Server header names a version."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            body = b"<html><body>Cong thong tin</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        ws = tmp_path / "ws"
        (ws / "answers").mkdir(parents=True)
        (ws / "profiles").mkdir()
        (ws / "inventory.yaml").write_text(
            "organisation: {name: Sở Thử}\nsystems:\n  - id: portal\n    name: Cổng\n    declared_level: 3\n"
            # approved under ND85: the TCVN 11930 baseline binds it on any date (issue 12)
            "    approval: {decision: 1/QĐ, date: 2024-01-10, approver: Sở Thử, level: 3, regime: nd85}\n"
            f"    endpoints:\n      - {{host: 127.0.0.1, port: {port}, kinds: [http]}}\n",
            encoding="utf-8",
        )
        (ws / "profiles" / "web3.yaml").write_text(
            'id: web3\ntitle: {vi: "Web", en: "Web"}\nregime: nd85\nlevel: 3\ninclude: [app.code-security]\n',
            encoding="utf-8",
        )
        (ws / "answers" / "portal.yaml").write_text(
            "system: portal\nanswers:\n"
            + "".join(f"  app.code-security/3/q{i}: {{status: Đạt}}\n" for i in range(1, 9)),
            encoding="utf-8",
        )
        code = main(
            ["--lang", "en", "run", "--profile", "web3", "-w", str(ws), "--probe", "--format", "json"]
        )
        _, err = capsys.readouterr()
    finally:
        server.shutdown()
        server.server_close()
    assert code == 0, err
    saved = sorted((ws / "evidence" / "probes" / "portal").glob("*.json"))
    assert len(saved) == 1
    run_dir = next((ws / "runs").iterdir())
    result = json.loads((run_dir / "portal" / "result.json").read_text(encoding="utf-8"))
    (req,) = result["results"]
    assert req["control"] == "app.code-security" and "probe" in req["methods"]
    assert {o["target"] for o in req["observations"]} == {f"127.0.0.1:{port}"}
    assert f"evidence/probes/portal/{saved[0].name}" in req["evidence"]
    disclosed = [o for o in req["observations"] if o["check"] == "http.no_version_disclosure"]
    assert disclosed and disclosed[0]["result"] == "fail"
    assert req["status"] == "fail" and req["conflicts"]
