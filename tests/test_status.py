"""``attt-audit status``: where each system of the example stands, in three formats, quickly."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from attt_audit.cli import main
from attt_audit.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "so-gtvt"
DATE = "2026-12-01"


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("status") / "ws"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("runs", "reports", "*.pyc"))
    return folder


def _json(ws: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    capsys.readouterr()
    assert main(["status", "-w", str(ws), "--date", DATE, "-f", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_every_system_with_level_answers_probes_and_deadlines(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from attt_audit.app.questionnaire import check_answers

    data = _json(ws, capsys)
    inventory_ids = [s.id for s in Workspace(ws).inventory().systems]
    by = {s["id"]: s for s in data["systems"]}
    assert list(by) == inventory_ids
    portal = by["cong-ttdt"]
    assert (portal["level"], portal["level_basis"], portal["approved_level"]) == (2, "approved", 2)
    # answered x of y agrees with 'questionnaire check'
    checked = {c.system: c.report for c in check_answers(ws)}
    for sid, system in by.items():
        if sid in checked:
            assert (system["answered"], system["asked"]) == (checked[sid].answered, checked[sid].asked), sid
            assert len(system["unanswered"]) == system["asked"] - system["answered"]
    assert {p["kind"] for p in portal["probes"]} == {"ports", "tls", "http"}
    assert all(p["age_days"] == 13 and not p["stale"] for p in portal["probes"])  # probed 18/11
    assert portal["last_run"] is None
    # camera-gt: inspected 10/06/2025, every 12 months: overdue on 01/12/2026, and a problem.
    camera = by["camera-gt"]
    inspection = next(d for d in camera["deadlines"] if d["what"] == "inspection")
    assert inspection["due"] == "2026-06-10" and inspection["overdue"]
    assert any("quá hạn kiểm tra định kỳ" in p["vi"] for p in camera["problems"])
    assert data["annual"]["what"] == "annual_report" and data["annual"]["due"] == "2026-12-25"


def test_last_run_and_stale_evidence(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["run", "-p", "level3", "-f", "json", "--date", "2026-11-23", "-s", "qlvb-dh", "-w", str(ws)])
        == 0
    )
    data = _json(ws, capsys, "-s", "qlvb-dh", "--evidence-max-age", "10")
    (system,) = data["systems"]
    assert system["last_run"] == "2026-11-23-level3" and isinstance(system["score"], float)
    assert all(p["stale"] for p in system["probes"])
    assert any("bằng chứng kiểm tra tự động đã cũ (quá 10 ngày)" in p["vi"] for p in system["problems"])


def test_table_markdown_and_unanswered(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["status", "-w", str(ws), "--date", DATE, "-s", "cong-ttdt", "--unanswered"]) == 0
    out = capsys.readouterr().out
    assert "cong-ttdt" in out and "được phê duyệt" in out and "câu chưa trả lời" in out
    assert main(["--lang", "en", "status", "-w", str(ws), "--date", DATE, "-f", "md", "--unanswered"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# Status on 2026-12-01") and "| System | Level |" in md and "unanswered" in md
    assert main(["status", "-w", str(ws), "-f", "xml"]) == 2
    assert main(["status", "-w", str(ws), "-s", "nope"]) == 2
    assert "nope" in capsys.readouterr().err


def test_status_of_the_example_is_fast() -> None:
    """Under 1 s of CPU for the example is the goal (docs/performance.md); the test allows for a
    loaded machine and checks the command does not load report, probe or spreadsheet libraries."""
    code = (
        "import sys, time; t = time.process_time(); from attt_audit.cli.main import main;"
        f" rc = main(['status', '-w', {str(EXAMPLE)!r}, '--date', {DATE!r}, '-f', 'json']);"
        " cpu = time.process_time() - t;"
        " heavy = [m for m in ('jinja2', 'docx', 'openpyxl', 'nmap', 'cryptography') if m in sys.modules];"
        " sys.stderr.write(f'{cpu:.3f} {heavy}')"
    )
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    cpu, heavy = done.stderr.split(" ", 1)
    assert heavy.strip() == "[]"
    assert float(cpu) < 3.0, (cpu, wall)
