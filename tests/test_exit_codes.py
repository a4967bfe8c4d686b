"""``run`` exit codes as the README's "Exit codes" section states them.

0: every system assessed meets --fail-under, or no threshold was given (failing requirements
alone are not an error: the report is the product); 1: a system is below --fail-under;
2: a usage or input error (one line); 3: an internal error (one line, --debug for the traceback).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from attt_audit.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "so-gtvt"
RUN = ["run", "-p", "level3", "-f", "json", "--date", "2026-11-23", "-s", "cong-ttdt"]


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exit") / "ws"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("runs", "reports"))
    return folder


def test_run_exits_0_with_failing_requirements_when_no_threshold_is_given(ws: Path) -> None:
    assert main([*RUN, "-w", str(ws)]) == 0
    result = json.loads(next((ws / "runs").glob("*/cong-ttdt/result.json")).read_text("utf-8"))
    assert any(r["status"] == "fail" for r in result["results"])  # gaps exist, yet exit 0


def test_run_exits_1_below_fail_under_and_0_at_or_above(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main([*RUN, "-w", str(ws), "--fail-under", "100"]) == 1
    assert "Dưới ngưỡng 100%: cong-ttdt" in capsys.readouterr().err
    assert main([*RUN, "-w", str(ws), "--fail-under", "0"]) == 0


@pytest.mark.parametrize(
    "extra",
    [
        ["--fail-under", "101"],
        ["--format", ""],
        ["--date", "2026-02-30"],
        ["-s", "nope"],
        ["--evidence-max-age", "-1"],
    ],
    ids=["threshold-out-of-range", "no-format", "impossible-date", "unknown-system", "negative-age"],
)
def test_run_exits_2_on_input_errors_with_one_line(
    ws: Path, extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main([*RUN, "-w", str(ws), *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err


def test_run_exits_3_on_an_internal_error(
    ws: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("attt_audit.engine.Engine.assess_system", broken)
    capsys.readouterr()
    assert main([*RUN, "-w", str(ws), "--jobs", "1"]) == 3
    err = capsys.readouterr().err.strip()
    assert err.startswith("internal error: RuntimeError: a bug") and len(err.splitlines()) == 1
