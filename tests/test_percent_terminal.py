"""Percentages read the same in the terminal as in the reports: ``81,2%`` in Vietnamese, ``81.2%``
in English (attt_audit.text.format_percent), in run's summary, status and diff."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from attt_audit.cli import main
from attt_audit.diff import diff_runs, load_run, summary_rows
from attt_audit.workspace import Workspace

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "so-gtvt"
SYSTEM = Workspace(EXAMPLE).inventory().systems[0].id
DECIMAL = {"vi": re.compile(r"\d+,\d%"), "en": re.compile(r"\d+\.\d%")}
WRONG = {"vi": re.compile(r"\d+\.\d%"), "en": re.compile(r"\d+,\d%")}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("runs")
    for name, day in (("old", "2026-01-15"), ("new", "2026-11-23")):
        code = main(["run", "-p", "level3", "-w", str(EXAMPLE), "--system", SYSTEM, "--format", "json", "--date", day,
                     "--out", str(out / name), "--fail-under", "0"])  # fmt: skip
        assert code == 0
    return out / "old", out / "new"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_run_summary_prints_percent_in_the_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code = main(["--lang", lang, "run", "-p", "level3", "-w", str(EXAMPLE), "--system", SYSTEM, "--format", "json",
                 "--date", "2026-11-23", "--out", str(tmp_path / "run"), "--fail-under", "0"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert DECIMAL[lang].search(out), out
    assert not WRONG[lang].search(out), out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_diff_rows_print_percent_and_delta_in_the_language(lang: str, runs: tuple[Path, Path]) -> None:
    head, rows = summary_rows(diff_runs(load_run(runs[0]), load_run(runs[1])), lang)
    text = " ".join(" ".join(r) for r in rows)
    assert DECIMAL[lang].search(text), text
    assert not WRONG[lang].search(text), text
