"""Use cases of ``province``: init, collect, report, plan, conclude (plain arguments, no CLI)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from attt_audit.province.intake import IntakeResult
    from attt_audit.province.rollup import Rollup
    from attt_audit.province.workspace import InitResult


def init(directory: Path, *, force: bool = False) -> InitResult:
    from attt_audit.province.workspace import init_province

    return init_province(Path(directory), force=force)


def collect(
    workspace: Path,
    sources: list[Path],
    *,
    unit: str | None = None,
    year: int | None = None,
    now: dt.datetime | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[IntakeResult]:
    """Verify and accept or reject each bundle (folder) or Excel Mẫu 08; with no source, the inbox."""
    from attt_audit.province.intake import collect as run_collect
    from attt_audit.province.workspace import ProvinceWorkspace

    ws = ProvinceWorkspace(Path(workspace))
    return run_collect(ws, list(sources) or [ws.inbox], now=now, unit_id=unit, year=year, progress=progress)


@dataclass
class ReportOutcome:
    rollup: Rollup
    written: list[Path] = field(default_factory=list)


def parse_formats(text: str, allowed: tuple[str, ...]) -> list[str]:
    from attt_audit.errors import InputError

    wanted = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in wanted if f not in allowed]
    if bad or not wanted:
        raise InputError(f"--format {text!r} is not a list of formats", expected=", ".join(allowed))
    return wanted


def report(
    workspace: Path,
    year: int,
    *,
    formats: list[str] | None = None,
    out: Path | None = None,
    as_of: dt.date | None = None,
    now: dt.datetime | None = None,
    templates: Path | None = None,
) -> ReportOutcome:
    """The roll-up for ``year`` in each format, under ``runs/tổng-hợp-<year>/`` by default."""
    from attt_audit.province.rollup import FORMATS, build_rollup, write_outputs
    from attt_audit.province.workspace import ProvinceWorkspace

    ws = ProvinceWorkspace(Path(workspace))
    province = ws.load()
    rollup = build_rollup(ws, year, as_of=as_of, now=now)
    out_dir = out if out is not None else ws.runs / f"tổng-hợp-{year}"
    written = write_outputs(ws, rollup, list(formats or FORMATS), out_dir, province, templates)
    return ReportOutcome(rollup, written)


def plan(
    workspace: Path,
    year: int,
    *,
    formats: list[str] | None = None,
    out: Path | None = None,
    now: dt.datetime | None = None,
) -> tuple[object, list[Path]]:
    """Next year's inspection plan from the latest accepted reports (``year - 1``)."""
    from attt_audit.province.plan import build_plan, write_plan
    from attt_audit.province.workspace import ProvinceWorkspace

    ws = ProvinceWorkspace(Path(workspace))
    province = ws.load()
    built = build_plan(ws, province, year, now=now)
    out_dir = out if out is not None else ws.runs / f"kế-hoạch-kiểm-tra-{year}"
    return built, write_plan(built, province, list(formats or ["json", "docx"]), out_dir)


def conclude(
    workspace: Path,
    unit: str,
    *,
    year: int | None = None,
    issued: dt.date | None = None,
    formats: list[str] | None = None,
    out: Path | None = None,
) -> tuple[object, list[Path]]:
    """The Thông báo kết luận kiểm tra of ``unit`` from its accepted report."""
    from attt_audit.province.conclude import build_conclusion, write_conclusion
    from attt_audit.province.workspace import ProvinceWorkspace

    ws = ProvinceWorkspace(Path(workspace))
    province = ws.load()
    built = build_conclusion(ws, province, unit, year=year, issued=issued)
    out_dir = out if out is not None else ws.runs / f"kết-luận-{built.unit}-{built.year}"
    return built, write_conclusion(built, province, list(formats or ["json", "docx"]), out_dir)
