"""``attt-audit run``: assess systems against a profile and write their reports.

Writes ``<out>/<system-id>/`` (``result.json`` always, plus the requested formats) for each
system and ``<out>/run.json`` (a :class:`~attt_audit.models.RunSummary`). The default out
folder is ``<workspace>/runs/<YYYY-MM-DD>-<profile>/``. Exit 0 when every system's overall
score (with waivers) is at or above ``--fail-under``, 1 below it, 2 on input errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from attt_audit.cli import LangOpt, WorkspaceOpt, print_table, set_lang, state

if TYPE_CHECKING:
    import datetime as dt

    from attt_audit.models import ProbeRun, RunSummary
    from attt_audit.workspace import Workspace

DEFAULT_FORMATS = "html,md,json,docx"


def register(app: typer.Typer) -> None:
    app.command("run")(run)


def run(
    profile: Annotated[str, typer.Option("--profile", "-p", help="Profile to assess against, e.g. level3.")],
    workspace: WorkspaceOpt = Path("."),
    system: Annotated[
        list[str] | None,
        typer.Option("--system", "-s", help="Assess only this system (repeatable). Default: all systems."),
    ] = None,
    all_systems: Annotated[bool, typer.Option("--all", help="Assess every system of the inventory.")] = False,
    probe: Annotated[
        bool,
        typer.Option(
            "--probe/--no-probe",
            help="Run the network probes first (only against declared targets); default: use recorded evidence.",
        ),
    ] = False,
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Report formats, comma-separated: html,md,json,docx.")
    ] = DEFAULT_FORMATS,
    lang: LangOpt = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output folder (default <workspace>/runs/<date>-<profile>/)."),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under", help="Exit 1 when a system's overall score (with waivers) is below N %."
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="Assessment date YYYY-MM-DD (default: today in Asia/Ho_Chi_Minh)."),
    ] = None,
    force_profile: Annotated[
        bool,
        typer.Option(
            "--force-profile",
            help="Assess every system against this profile, even one approved at another level.",
        ),
    ] = False,
    templates: Annotated[
        Path | None, typer.Option("--templates", help="A restyled copy of the reports/ folder.")
    ] = None,
    sign: Annotated[
        Path | None,
        typer.Option(
            "--sign",
            help="Sign the run folder with this private key (NAME.key.pem): SHA-256 manifest of every report "
            "and evidence file plus an Ed25519 signature; check it with 'attt-audit verify'.",
        ),
    ] = None,
    passphrase_file: Annotated[
        Path | None,
        typer.Option(
            "--passphrase-file",
            help="With --sign: file holding the key's passphrase (else $ATTT_AUDIT_PASSPHRASE, else a prompt).",
        ),
    ] = None,
) -> None:
    """Assess systems against a profile and write their reports (gap assessment)."""
    set_lang(lang)
    passphrase = None
    if sign is not None:  # check the key and passphrase before the run, not after
        from attt_audit.signing import load_private_key, read_passphrase

        passphrase = read_passphrase(passphrase_file)
        load_private_key(sign, passphrase)
    outcome = execute(
        workspace=workspace,
        profile=profile,
        systems=system or [],
        all_systems=all_systems,
        probe=probe,
        formats=formats,
        out=out,
        fail_under=fail_under,
        date=date,
        force_profile=force_profile,
        templates=templates,
    )
    _print_summary(outcome)
    if sign is not None and passphrase is not None:
        from attt_audit.signing import sign_bundle

        manifest = sign_bundle(outcome.out_dir, sign, passphrase, workspace=workspace)
        state.console.print(state.t("Đã ký: ", "Signed: ") + str(manifest), markup=False)
    if outcome.below:
        state.err.print(
            state.t(
                f"Dưới ngưỡng {fail_under:g}%: {', '.join(outcome.below)}",
                f"Below the {fail_under:g}% threshold: {', '.join(outcome.below)}",
            ),
            markup=False,
        )
        raise typer.Exit(1)


def parse_date(text: str | None) -> dt.date:
    import datetime as dt

    from attt_audit.errors import InputError
    from attt_audit.waivers import today_in_vietnam

    if text is None:
        return today_in_vietnam()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--date {text!r} is not a date", expected="YYYY-MM-DD, e.g. 2026-11-23") from None


def _generated_at() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (reproducible outputs)."""
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _formats(text: str) -> list[str]:
    from attt_audit.render import check_formats

    names = check_formats([f for f in text.split(",") if f.strip()] or ["json"])
    if "json" not in names:  # result.json is the run's record: diff and the annual report read it
        names.append("json")
    return names


def _latest_probe_run(ws: Workspace, system_id: str) -> tuple[ProbeRun | None, str | None]:
    """The newest recorded probe run of a system and its file, relative to the workspace."""
    from attt_audit.probes import latest_run

    run = latest_run(ws, system_id)
    if run is None:
        return None, None
    folder = ws.probes_dir / system_id
    files = sorted(folder.glob("*.json"))
    # Run files are named by their UTC start time, so the newest sorts last.
    return run, files[-1].relative_to(ws.root).as_posix() if files else None


class RunOutcome:
    """What a run produced: the summary written to ``run.json``, where, and who is below the bar."""

    def __init__(self, summary: RunSummary, out_dir: Path) -> None:
        self.summary = summary
        self.out_dir = out_dir
        self.below: list[str] = []
        """Systems whose overall score is below ``--fail-under``."""
        self.rows: list[list[Any]] = []
        """One console-table row per system."""


def execute(
    *,
    workspace: Path,
    profile: str,
    systems: list[str],
    all_systems: bool = False,
    probe: bool = False,
    formats: str = DEFAULT_FORMATS,
    out: Path | None = None,
    fail_under: float | None = None,
    date: str | None = None,
    force_profile: bool = False,
    templates: Path | None = None,
    lang: str | None = None,
) -> RunOutcome:
    """Run the assessment: reports per system, ``run.json``, and the systems below ``fail_under``."""
    from attt_audit import __version__
    from attt_audit.catalog import load_profiles
    from attt_audit.cli import workspace_catalog
    from attt_audit.engine import Engine
    from attt_audit.errors import InputError, NotFoundError
    from attt_audit.models import RunSummary, RunSystemEntry
    from attt_audit.render import render_reports
    from attt_audit.scoring import overall_percent
    from attt_audit.waivers import load_waivers
    from attt_audit.workspace import Workspace
    from attt_audit.yamlio import atomic_write_text

    lang = lang or state.lang
    if systems and all_systems:
        raise InputError(
            "--system and --all exclude each other", expected="one of them, or neither (all systems)"
        )
    if fail_under is not None and not 0 <= fail_under <= 100:
        raise InputError(
            f"--fail-under {fail_under:g} is out of range", expected="a percentage from 0 to 100"
        )
    today = parse_date(date)
    names = _formats(formats)
    if templates is not None and not templates.is_dir():
        raise InputError("templates folder not found", location=str(templates), expected="a copy of reports/")
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
    if probe:
        from attt_audit.probes import run_probes

        run_probes(ws, [s.id for s in chosen])
    generated_at = _generated_at()
    summary = RunSummary(
        run_id=f"{today.isoformat()}-{profile}",
        generated_at=generated_at,
        assessed_on=today,
        profile=profile,
        level=engine.requested.level,
        regime=engine.regime,
        lang=lang,
        tool_version=__version__,
    )
    out_dir = out if out is not None else ws.runs_dir / summary.run_id
    outcome = RunOutcome(summary, out_dir)
    for sys in chosen:
        answers = ws.answers(sys.id)
        if answers is not None and answers.system != sys.id:
            raise InputError(
                f"the answers file is for system {answers.system!r}",
                location=str(ws.answers_path(sys.id)),
                expected=f"system: {sys.id}",
            )
        probe_run, probe_ref = _latest_probe_run(ws, sys.id)
        result = engine.assess_system(
            sys,
            inventory.organisation,
            answers=answers,
            probe_run=probe_run,
            probe_ref=probe_ref,
            waivers=waivers,
            assessor=inventory.assessor,
            generated_at=generated_at,
        )
        files = render_reports(result, names, lang, out_dir / sys.id, templates)
        percent = overall_percent(result.scores)
        summary.systems.append(
            RunSystemEntry(
                system=sys.id,
                name=sys.name,
                level=result.level,
                result=f"{sys.id}/result.json",
                overall_percent=percent,
                files=[p.relative_to(out_dir).as_posix() for p in files],
            )
        )
        outcome.rows.append(_row(result, percent))
        if fail_under is not None and (percent is None or percent < fail_under):
            outcome.below.append(sys.id)
    atomic_write_text(out_dir / "run.json", summary.model_dump_json(indent=2) + "\n")
    return outcome


def _row(result: Any, percent: float | None) -> list[Any]:
    without = next((s.percent for s in result.scores_without_waivers if s.scope == "overall"), None)
    c = next(s for s in result.scores if s.scope == "overall")
    return [
        result.system["id"],
        result.level,
        _pct(percent),
        _pct(without),
        f"{c.passed}/{c.partial}/{c.failed}/{c.not_applicable}/{c.not_assessed}",
        c.waived,
        sum(1 for r in result.results if r.conflicts),
    ]


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _print_summary(outcome: RunOutcome) -> None:
    summary = outcome.summary
    print_table(
        [
            state.t("Hệ thống", "System"),
            state.t("Cấp độ", "Level"),
            state.t("Tuân thủ", "Score"),
            state.t("Không tính miễn trừ", "Without waivers"),
            state.t("Đạt/Một phần/Không đạt/KAD/Chưa ĐG", "Pass/Partial/Fail/N/A/Not assessed"),
            state.t("Miễn trừ", "Waived"),
            state.t("Mâu thuẫn", "Conflicts"),
        ],
        outcome.rows,
        title=f"{summary.profile} — {summary.assessed_on.isoformat()}",
    )
    state.console.print(state.t(f"Báo cáo: {outcome.out_dir}", f"Reports: {outcome.out_dir}"), markup=False)
