"""Use case of ``report annual``: the organisation's annual graded-security report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from attt_audit.annual.model import AnnualReport
    from attt_audit.models.common import Lang

FORMATS = ("docx", "html", "xlsx", "json")
DEFAULT_FORMATS = "docx,html,xlsx,json"
REGIMES = ("nd85", "nd331")


@dataclass(frozen=True)
class AnnualOutcome:
    report: AnnualReport
    written: list[Path]
    """The files written, in the order of the formats asked for."""


def annual_report(
    workspace: Path,
    year: int,
    *,
    lang: Lang,
    formats: str = DEFAULT_FORMATS,
    out: Path | None = None,
    run: Path | None = None,
    previous: Path | None = None,
    regime: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> AnnualOutcome:
    """Build the report of ``year`` from the workspace and its runs and write it in each format.

    ``out`` defaults to ``<workspace>/reports/annual-<year>/``; ``run``/``previous`` default to
    the latest run in each year's data period; ``regime`` to the one in force at the period's end.
    """
    from attt_audit.annual import build_annual_report, write_annual_report
    from attt_audit.errors import InputError
    from attt_audit.workspace import Workspace

    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise InputError(f"--format {formats!r} is not a list of formats", expected=", ".join(FORMATS))
    if regime is not None and regime not in REGIMES:
        raise InputError(f"--regime {regime!r} is not a regime", expected="nd85 or nd331")
    from attt_audit.app.render import refuse_signed

    ws = Workspace(workspace)
    out_dir = out if out is not None else ws.root / "reports" / f"annual-{year}"
    refuse_signed(out_dir)  # a signed report folder is read-only: checked before any work
    report = build_annual_report(ws, year, run=run, previous=previous, regime=regime, progress=progress)
    return AnnualOutcome(report, write_annual_report(report, wanted, lang, out_dir))
