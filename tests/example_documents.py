"""Every official document of the bundled example (examples/so-gtvt), rendered into a folder.

Not a test module: the language test (test_document_language.py) and the page-by-page tests
(test_document_pages.py) share it. The example is assessed in-process on a pinned date (as the
golden test does), written as a run folder inside a copy of the workspace, then the annual
report of 2026 is built from that run.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from attt_audit.annual.build import load_annual_file
from attt_audit.catalog import load_catalog, load_profiles
from attt_audit.engine import Engine
from attt_audit.models import AssessmentResult, RunSummary, RunSystemEntry
from attt_audit.probes import latest_run
from attt_audit.waivers import load_waivers
from attt_audit.workspace import Workspace
from attt_audit.yamlio import atomic_write_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "so-gtvt"
DATE = dt.date(2026, 11, 23)
GENERATED = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
RUN_ID = "2026-11-23-level3"


@dataclass
class ExampleDocuments:
    workspace: Path
    run_dir: Path
    results: dict[str, AssessmentResult]
    gap: dict[tuple[str, str], list[Path]] = field(default_factory=dict)
    """(system id, lang) → the gap report files (html, md, docx)."""
    annual: dict[str, list[Path]] = field(default_factory=dict)
    """lang → the annual report files (docx, html, xlsx)."""

    def all_files(self) -> list[tuple[str, Path]]:
        out = [(lang, p) for (_, lang), paths in self.gap.items() for p in paths]
        out += [(lang, p) for lang, paths in self.annual.items() for p in paths]
        return out


def assess_as_run(
    engine: Engine, workspace: Path = EXAMPLE, *, order: int = 1
) -> dict[str, AssessmentResult]:
    """Every system of ``workspace`` assessed by ``engine`` with what ``attt-audit run`` reads
    besides the answers (waivers, the year's annual file, the incidents), in inventory order
    (``order=-1``: reversed)."""
    ws = Workspace(workspace)
    inventory = ws.inventory()
    waivers = load_waivers(ws.waivers_path, {s.id for s in inventory.systems}, set(engine.catalog.controls))
    annual, incidents = load_annual_file(ws, DATE.year), ws.incidents()
    return {
        system.id: engine.assess_system(
            system,
            inventory.organisation,
            answers=ws.answers(system.id),
            probe_run=latest_run(ws, system.id),
            waivers=waivers,
            assessor=inventory.assessor,
            generated_at=GENERATED,
            annual=annual,
            incidents=incidents,
        )
        for system in inventory.systems[::order]
    }


def assess_example(workspace: Path = EXAMPLE) -> dict[str, AssessmentResult]:
    ws = Workspace(workspace)
    inventory = ws.inventory()
    catalog = load_catalog()
    engine = Engine(catalog, load_profiles(workspace), "level3", today=DATE)
    waivers = load_waivers(ws.waivers_path, {s.id for s in inventory.systems}, set(catalog.controls))
    return {
        system.id: engine.assess_system(
            system,
            inventory.organisation,
            answers=ws.answers(system.id),
            probe_run=latest_run(ws, system.id),
            waivers=waivers,
            assessor=inventory.assessor,
            generated_at=GENERATED,
        )
        for system in inventory.systems
    }


def write_run(folder: Path, results: dict[str, AssessmentResult]) -> Path:
    entries = []
    for sid, r in results.items():
        atomic_write_text(folder / sid / "result.json", r.model_dump_json())
        overall = next((s.percent for s in r.scores if s.scope == "overall"), None)
        entries.append(
            RunSystemEntry(
                system=sid,
                name=r.system.name or sid,
                level=r.level,
                result=f"{sid}/result.json",
                overall_percent=overall,
            )
        )
    first = next(iter(results.values()))
    summary = RunSummary(
        run_id=folder.name,
        generated_at=first.generated_at,
        assessed_on=first.assessed_on,
        profile="level3",
        level=3,
        regime=first.regime,
        lang="vi",
        tool_version=first.tool_version,
        systems=entries,
    )
    atomic_write_text(folder / "run.json", summary.model_dump_json())
    return folder


def render_example(out: Path, *, gap_formats: tuple[str, ...] = ("html", "md", "docx")) -> ExampleDocuments:
    """Assess the example, write its run and render every document in vi and en under ``out``."""
    from attt_audit.annual import build_annual_report, write_annual_report
    from attt_audit.render import render_reports

    workspace = out / "ws"
    shutil.copytree(EXAMPLE, workspace)
    results = assess_example(workspace)
    run_dir = write_run(workspace / "runs" / RUN_ID, results)
    docs = ExampleDocuments(workspace, run_dir, results)
    for sid, result in results.items():
        for lang in ("vi", "en"):
            docs.gap[(sid, lang)] = render_reports(result, list(gap_formats), lang, out / "gap" / sid / lang)
    report = build_annual_report(Workspace(workspace), 2026, now=GENERATED)
    for lang in ("vi", "en"):
        docs.annual[lang] = write_annual_report(report, ["docx", "html", "xlsx"], lang, out / "annual" / lang)
    return docs
