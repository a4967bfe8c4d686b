"""Use case of ``run``: workspace → catalog → engine → renderers → ``run.json``.

Writes ``<out>/<system-id>/`` (``result.json`` always, plus the requested formats) for each
system and ``<out>/run.json`` (a :class:`~attt_audit.models.RunSummary`). The default out
folder is ``<workspace>/runs/<YYYY-MM-DD>-<profile>/``; a second run that day gets
``…-2``, ``…-3`` (:func:`new_run_dir`): an existing run folder is never written into, and
``--out`` into a folder that holds files needs ``force``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt

    from attt_audit.engine import Engine
    from attt_audit.models import AssessmentResult, Inventory, ProbeRun, RunSummary, System, Waiver
    from attt_audit.models.common import Lang
    from attt_audit.workspace import Workspace

DEFAULT_FORMATS = "html,md,json,docx"

Progress = Callable[[int, int, str], None]
"""``progress(done, total, system_id)``: called after each system is assessed and rendered."""


@dataclass(frozen=True)
class SystemOutcome:
    """One system's figures for the run's summary table."""

    system: str
    level: int | None
    percent: float | None
    """Overall score with waivers; None when nothing was assessed."""
    percent_without_waivers: float | None
    passed: int
    partial: int
    failed: int
    not_applicable: int
    not_assessed: int
    waived: int
    conflicts: int
    """Requirements whose sources disagree."""


@dataclass
class RunOutcome:
    """What a run produced: the summary written to ``run.json``, where, and who is below the bar."""

    summary: RunSummary
    out_dir: Path
    systems: list[SystemOutcome] = field(default_factory=list)
    below: list[str] = field(default_factory=list)
    """Systems whose overall score is below ``fail_under``."""


def generated_at() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (reproducible outputs)."""
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _formats(text: str) -> list[str]:
    from attt_audit.options import parse_formats
    from attt_audit.render import RENDERERS

    names = parse_formats(text, RENDERERS)
    if "json" not in names:  # result.json is the run's record: diff and the annual report read it
        names.append("json")
    return names


def _probe_evidence(
    ws: Workspace, system_id: str, today: dt.date, max_age_days: int | None
) -> ProbeRun | None:
    """Every probe run of the system folded into one: the newest observation of each check and
    target, each naming its run file, stale past ``max_age_days`` (see :func:`probes.evidence.accumulated`)."""
    from attt_audit.probes.evidence import accumulated

    return accumulated(ws.root, system_id, today=today, max_age_days=max_age_days)


def new_run_dir(runs_dir: Path, base: str) -> Path:
    """Create and return ``runs_dir/base``, or ``base-2``, ``base-3`` … when taken.

    The folder is made here (``mkdir`` without ``exist_ok``), so two runs started together
    never share one.
    """
    from attt_audit.yamlio import ensure_folder

    ensure_folder(runs_dir)
    n = 1
    while True:
        folder = runs_dir / (base if n == 1 else f"{base}-{n}")
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            n += 1
        except OSError as exc:
            from attt_audit.yamlio import file_error

            problem = file_error(exc)
            if problem is None:
                raise
            raise problem from None


def claim_out_dir(out: Path, *, force: bool) -> None:
    """``--out``: a new or empty folder; one holding files only with ``force``."""
    from attt_audit.errors import InputError

    if out.exists() and not out.is_dir():
        raise InputError("a file is in the way", location=str(out), expected="a folder for the reports")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise InputError(
            "the output folder is not empty; nothing was written",
            location=str(out),
            expected="a new or empty folder, or --force to write into this one",
        )


def run_assessment(
    *,
    workspace: Path,
    profile: str,
    lang: Lang,
    systems: list[str] | None = None,
    all_systems: bool = False,
    probe: bool = False,
    formats: str = DEFAULT_FORMATS,
    out: Path | None = None,
    fail_under: float | None = None,
    date: str | None = None,
    force_profile: bool = False,
    templates: Path | None = None,
    progress: Progress | None = None,
    force: bool = False,
    evidence_max_age: int | None = None,
    jobs: int | None = None,
) -> RunOutcome:
    """Assess the systems, write their reports and ``run.json``; note the systems below ``fail_under``.

    Probe evidence accumulates over every probe run of a system; an observation older than
    ``evidence_max_age`` days (default :data:`~attt_audit.probes.evidence.DEFAULT_MAX_AGE_DAYS`)
    is reported as stale and does not count as a pass."""
    from attt_audit import __version__
    from attt_audit.app.catalog import workspace_catalog
    from attt_audit.catalog import load_profiles
    from attt_audit.engine import Engine
    from attt_audit.errors import InputError, NotFoundError
    from attt_audit.models import RunSummary
    from attt_audit.waivers import load_waivers
    from attt_audit.workspace import Workspace

    systems = systems or []
    if systems and all_systems:
        raise InputError(
            "--system and --all exclude each other", expected="one of them, or neither (all systems)"
        )
    if fail_under is not None and not 0 <= fail_under <= 100:
        raise InputError(
            f"--fail-under {fail_under:g} is out of range", expected="a percentage from 0 to 100"
        )
    from attt_audit.options import parse_day

    today = parse_day(date)
    names = _formats(formats)
    if evidence_max_age is None:
        from attt_audit.probes.evidence import DEFAULT_MAX_AGE_DAYS

        evidence_max_age = DEFAULT_MAX_AGE_DAYS
    if evidence_max_age < 0:
        raise InputError(
            f"--evidence-max-age {evidence_max_age} is negative", expected="a number of days, 0 or more"
        )
    if templates is not None and not templates.is_dir():
        raise InputError("templates folder not found", location=str(templates), expected="a copy of reports/")
    if out is not None:
        claim_out_dir(out, force=force)
        from attt_audit.app.render import refuse_signed

        refuse_signed(out)
    ws = Workspace(workspace)
    inventory = ws.inventory()
    known = [s.id for s in inventory.systems]
    for sid in systems:
        if sid not in known:
            raise NotFoundError(
                f"no system {sid!r} in {ws.inventory_path}", expected=f"one of {', '.join(known) or '(none)'}"
            )
    chosen = [s for s in inventory.systems if not systems or s.id in systems]
    if not chosen:
        raise InputError(
            f"{ws.inventory_path} lists no system", expected="at least one system under 'systems:'"
        )
    catalog = workspace_catalog(workspace)
    engine = Engine(catalog, load_profiles(workspace), profile, today=today, force_profile=force_profile)
    waivers = load_waivers(ws.waivers_path, set(known), set(catalog.controls))
    incidents = ws.incidents()
    from attt_audit.annual.build import load_annual_file

    annual = load_annual_file(ws, today.year)
    if probe:
        from attt_audit.probes import run_probes

        run_probes(ws, [s.id for s in chosen])
    stamp = generated_at()
    base_id = f"{today.isoformat()}-{profile}"
    out_dir = out if out is not None else new_run_dir(ws.runs_dir, base_id)
    try:
        return _assess_and_write(
            ws,
            inventory,
            chosen,
            engine,
            waivers,
            names,
            lang,
            out_dir,
            templates,
            fail_under,
            progress,
            RunSummary(
                run_id=out_dir.name if out is None else base_id,
                generated_at=stamp,
                assessed_on=today,
                profile=profile,
                level=engine.requested.level,
                regime=engine.regime,
                lang=lang,
                tool_version=__version__,
            ),
            {"annual": annual, "incidents": incidents},
            evidence_max_age,
            jobs=jobs,
        )
    except BaseException:
        if out is None:  # the folder this run made, half written: no partial run is left behind
            import shutil

            shutil.rmtree(out_dir, ignore_errors=True)
        raise


def _assess_and_write(
    ws: Workspace,
    inventory: Inventory,
    chosen: list[System],
    engine: Engine,
    waivers: list[Waiver],
    names: list[str],
    lang: Lang,
    out_dir: Path,
    templates: Path | None,
    fail_under: float | None,
    progress: Progress | None,
    summary: RunSummary,
    context: dict[str, Any],
    evidence_max_age: int,
    jobs: int | None = None,
) -> RunOutcome:
    """Assess each system, render its reports into ``out_dir`` and write ``run.json``.

    ``context``: the organisation-wide facts :meth:`Engine.assess_system` takes as keywords.
    ``jobs``: worker processes (default: the cores; 1 = in this process); see
    :func:`attt_audit.app.parallel.map_ordered` (same files, same order, whatever ``jobs``)."""
    from attt_audit.app.parallel import map_ordered
    from attt_audit.errors import InputError
    from attt_audit.models import RunSystemEntry
    from attt_audit.render import render_reports
    from attt_audit.render.remediation_xlsx import carry_progress
    from attt_audit.render.run_index import write_run_index
    from attt_audit.scoring import overall_percent
    from attt_audit.yamlio import atomic_write_text

    stamp = summary.generated_at
    outcome = RunOutcome(summary, out_dir)

    def one(sys: System) -> tuple[RunSystemEntry, SystemOutcome]:
        answers = ws.answers(sys.id)
        if answers is not None and answers.system != sys.id:
            raise InputError(
                f"the answers file is for system {answers.system!r}",
                location=str(ws.answers_path(sys.id)),
                expected=f"system: {sys.id}",
            )
        probe_run = _probe_evidence(ws, sys.id, summary.assessed_on, evidence_max_age)
        probe_ref = None  # each observation names its own run file
        result = engine.assess_system(
            sys,
            inventory.organisation,
            answers=answers,
            probe_run=probe_run,
            probe_ref=probe_ref,
            waivers=waivers,
            assessor=inventory.assessor,
            generated_at=stamp,
            **context,
        )
        # The officer's edits of the previous remediation.xlsx carry over (render/remediation_xlsx.py).
        result, plan = carry_progress(result, lang, ws.runs_dir, out_dir / sys.id, names)
        files = [*render_reports(result, names, lang, out_dir / sys.id, templates), *plan]
        percent = overall_percent(result.scores)
        entry = RunSystemEntry(
            system=sys.id,
            name=sys.name,
            level=result.level,
            result=f"{sys.id}/result.json",
            overall_percent=percent,
            files=[p.relative_to(out_dir).as_posix() for p in files],
        )
        return entry, _system_outcome(sys.id, result, percent)

    def done(n: int, total: int, sys: System) -> None:
        if progress is not None:
            progress(n, total, sys.id)

    for entry, system_outcome in map_ordered(one, chosen, jobs=jobs, on_done=done):
        summary.systems.append(entry)
        outcome.systems.append(system_outcome)
        percent = system_outcome.percent
        if fail_under is not None and (percent is None or percent < fail_under):
            outcome.below.append(entry.system)
    atomic_write_text(out_dir / "run.json", summary.model_dump_json(indent=2) + "\n")
    write_run_index(out_dir, summary)  # index.html linking every system's reports (issue 13 §7)
    return outcome


def _system_outcome(system_id: str, result: AssessmentResult, percent: float | None) -> SystemOutcome:
    without = next((s.percent for s in result.scores_without_waivers if s.scope == "overall"), None)
    c = next(s for s in result.scores if s.scope == "overall")
    return SystemOutcome(
        system=system_id,
        level=result.level,
        percent=percent,
        percent_without_waivers=without,
        passed=c.passed,
        partial=c.partial,
        failed=c.failed,
        not_applicable=c.not_applicable,
        not_assessed=c.not_assessed,
        waived=c.waived,
        conflicts=sum(1 for r in result.results if r.conflicts),
    )
