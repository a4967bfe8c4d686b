"""The annual report's JSON is written system by system (issue 17 §3), with the same text as
``model_dump_json(indent=2)``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attt_audit.annual import json_chunks, write_annual_report
from attt_audit.workspace import Workspace
from tests.test_annual import ws  # noqa: F401  (fixture)


@pytest.mark.parametrize("keep", [None, 0, 1, 2])
def test_streamed_json_is_the_whole_dump(ws: Workspace, keep: int | None, tmp_path: Path) -> None:  # noqa: F811
    from attt_audit.annual import build_annual_report

    report = build_annual_report(ws, 2026)
    assert len(report.systems) >= 3 and report.systems[0].requirements
    if keep is not None:
        report = report.model_copy(update={"systems": report.systems[:keep]})
    expected = report.model_dump_json(indent=2) + "\n"
    chunks = list(json_chunks(report))
    assert len(chunks) == len(report.systems) + 2  # head, one per system, tail
    assert "".join(chunks) == expected
    path = write_annual_report(report, ["json"], "vi", tmp_path)[0]
    assert path.read_text(encoding="utf-8") == expected
    assert len(json.loads(expected)["systems"]) == len(report.systems)


def test_requirement_titles_are_shared_across_systems(ws: Workspace) -> None:  # noqa: F811
    from attt_audit.annual import build_annual_report

    report = build_annual_report(ws, 2026)
    by_control: dict[str, list[object]] = {}
    for row in report.systems:
        for line in row.requirements:
            by_control.setdefault(line.control, []).append(line.title)
    shared = [titles for titles in by_control.values() if len(titles) > 1]
    assert shared, "the fixture has requirements common to several systems"
    assert all(all(t is titles[0] for t in titles) for titles in shared)
