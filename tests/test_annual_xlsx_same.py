"""The annual workbook shows and prints what it showed before it was written row by row
(issue 17 §3): every cell's value and the styles that matter, widths, heights, panes, filter,
print titles, page setup, header and footer and validations, compared with the description
(``tests/xlsx_describe.py``) of the workbook the whole-sheet writer produced for the example
workspace. Regenerate after an intended change with ``ATTT_UPDATE_GOLDEN=1 pytest tests/test_annual_xlsx_same.py``."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from xlsx_describe import describe

from attt_audit.annual import build_annual_report, write_annual_report
from attt_audit.cli import main
from attt_audit.workspace import Workspace

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "so-gtvt"
GOLDEN = Path(__file__).resolve().parent / "golden" / "annual-xlsx"
CASES = [(2026, "vi"), (2026, "en"), (2025, "vi")]
NOW = __import__("datetime").datetime(2026, 12, 1, 8, 0, tzinfo=__import__("datetime").UTC)


def _dumps(description: dict[str, Any]) -> str:
    """One line per cell (and per other setting): small diffs when something changes."""
    lines = ["{", f' "sheets": {json.dumps(description["sheets"], ensure_ascii=False)},']
    names = description["sheets"]
    for n, name in enumerate(names):
        lines.append(f" {json.dumps(name, ensure_ascii=False)}: {{")
        items = list(description[name].items())
        for i, (key, value) in enumerate(items):
            end = "," if i < len(items) - 1 else ""
            if key == "cells":
                cells = ",\n   ".join(json.dumps(c, ensure_ascii=False) for c in value)
                lines.append(f'  "cells": [\n   {cells}\n  ]{end}')
            else:
                lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{end}")
        lines.append(" }" + ("," if n < len(names) - 1 else ""))
    return "\n".join([*lines, "}"]) + "\n"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("annual-xlsx") / "so-gtvt"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("runs", "reports"))
    for day in ("2025-11-20", "2026-11-20"):
        assert main(["run", "--profile", "level3", "--date", day, "--format", "json", "-w", str(root)]) in (
            0,
            1,
        )
    return Workspace(root)


@pytest.mark.parametrize(("year", "lang"), CASES, ids=[f"{y}-{lang}" for y, lang in CASES])
def test_annual_workbook_as_before(example: Workspace, year: int, lang: str, tmp_path: Path) -> None:
    report = build_annual_report(example, year, now=NOW)
    path = write_annual_report(report, ["xlsx"], lang, tmp_path)[0]  # type: ignore[arg-type]
    got: dict[str, Any] = json.loads(json.dumps(describe(path), ensure_ascii=False))
    golden = GOLDEN / f"{year}-{lang}.json"
    if os.environ.get("ATTT_UPDATE_GOLDEN"):
        golden.write_text(_dumps(got), encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert got["sheets"] == expected["sheets"]
    for name in expected["sheets"]:
        for key, value in expected[name].items():
            assert got[name][key] == value, f"{name}: {key} differs"
    assert got == expected
