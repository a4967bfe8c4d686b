"""Use cases called directly, without the CLI: plain arguments in, result objects out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attt_audit.app.run import run_assessment
from attt_audit.errors import InputError
from attt_audit.workspace import Workspace

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "so-gtvt"
SYSTEMS = [s.id for s in Workspace(EXAMPLE).inventory().systems]
"""The example's systems in inventory order (read, not counted by hand: the example grows)."""


def test_run_takes_lang_as_an_argument_and_reports_progress(tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    outcome = run_assessment(
        workspace=EXAMPLE,
        profile="level3",
        lang="en",
        formats="json,md",
        out=tmp_path / "out",
        date="2026-11-23",
        fail_under=100,
        progress=lambda done, total, system: seen.append((done, total, system)),
    )
    assert len(SYSTEMS) >= 2
    assert seen == [(i, len(SYSTEMS), sid) for i, sid in enumerate(SYSTEMS, 1)]
    assert [s.system for s in outcome.systems] == SYSTEMS
    assert outcome.below == SYSTEMS  # nobody scores 100 %
    summary = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert summary["lang"] == "en"
    assert (tmp_path / "out" / "cong-ttdt" / "gap-report.md").is_file()


def test_run_rejects_a_bad_date_with_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--date '23/11/2026' is not a date"):
        run_assessment(workspace=EXAMPLE, profile="level3", lang="vi", out=tmp_path, date="23/11/2026")
