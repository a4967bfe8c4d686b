"""``attt-audit run``: assess systems against a profile and write their reports.

Exit 0 when every system's overall score (with waivers) is at or above ``--fail-under``, 1
below it, 2 on input errors. The work itself is :func:`attt_audit.app.run.run_assessment`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from attt_audit.cli.common import LangOpt, WorkspaceOpt, print_table, set_lang, state

if TYPE_CHECKING:
    from attt_audit.app.run import RunOutcome

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
        typer.Option(
            "--out",
            "-o",
            help="Output folder (default <workspace>/runs/<date>-<profile>/, then -2, -3 … the same day).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With --out: write into a folder that already holds files.")
    ] = False,
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
    evidence_max_age: Annotated[
        int | None,
        typer.Option(
            "--evidence-max-age",
            metavar="DAYS",
            help="Probe evidence older than DAYS on the assessment date is stale and never counts as a pass (default 90).",
        ),
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
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Systems assessed in parallel (default: the number of cores; 1: one by one).",
        ),
    ] = None,
) -> None:
    """Assess systems against a profile and write their reports (gap assessment)."""
    set_lang(lang)
    from attt_audit.app.bundle import sign_bundle, unlock_key
    from attt_audit.app.run import run_assessment

    # check the key and passphrase before the run, not after
    passphrase = unlock_key(sign, passphrase_file) if sign is not None else None
    from attt_audit.cli.progress import progress_bar

    with progress_bar("Đang đánh giá", "Assessing") as progress:
        outcome = run_assessment(
            workspace=workspace,
            profile=profile,
            lang=state.lang,
            systems=system or [],
            all_systems=all_systems,
            probe=probe,
            formats=formats,
            out=out,
            fail_under=fail_under,
            date=date,
            force_profile=force_profile,
            templates=templates,
            force=force,
            evidence_max_age=evidence_max_age,
            progress=progress,
            jobs=jobs,
        )
    _print_summary(outcome)
    if sign is not None and passphrase is not None:
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


def _pct(value: float | None) -> str:
    from attt_audit.text import format_percent

    return format_percent(value, state.lang)


def _print_summary(outcome: RunOutcome) -> None:
    summary = outcome.summary
    rows = [
        [
            s.system,
            s.level,
            _pct(s.percent),
            _pct(s.percent_without_waivers),
            f"{s.passed}/{s.partial}/{s.failed}/{s.not_applicable}/{s.not_assessed}",
            s.waived,
            s.conflicts,
        ]
        for s in outcome.systems
    ]
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
        rows,
        title=f"{summary.profile} — {summary.assessed_on.isoformat()}",
    )
    state.console.print(state.t(f"Báo cáo: {outcome.out_dir}", f"Reports: {outcome.out_dir}"), markup=False)
