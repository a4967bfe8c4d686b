"""``attt-audit report annual``: the organisation's annual graded-security report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attt_audit.cli.common import LangOpt, WorkspaceOpt, set_lang, state

report_app = typer.Typer(help="Organisation-level reports.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")


@report_app.command("annual")
def report_annual(
    year: Annotated[
        int,
        typer.Option(
            "--year",
            min=2016,
            max=2100,
            help="Report year (data period 15/12 of the year before → 14/12).",
        ),
    ],
    workspace: WorkspaceOpt = Path("."),
    formats: Annotated[
        str, typer.Option("--format", help="Comma-separated: docx, html, xlsx, json.")
    ] = "docx,html,xlsx,json",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output folder (default <workspace>/reports/annual-<year>/)."),
    ] = None,
    run: Annotated[
        Path | None,
        typer.Option("--run", help="Run folder for this year (default: the latest run in the data period)."),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="Run folder for the previous year (default: the latest run in its data period).",
        ),
    ] = None,
    regime: Annotated[
        str | None,
        typer.Option("--regime", help="nd85 or nd331 (default: the regime in force at the period's end)."),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """The organisation's annual graded-security report over all its systems (the regime's form, Mẫu 08)."""
    set_lang(lang)
    from attt_audit.annual.labels import pct
    from attt_audit.app.annual import annual_report
    from attt_audit.cli.progress import progress_bar

    with progress_bar("Đang tổng hợp", "Building the report") as progress:
        outcome = annual_report(
            workspace,
            year,
            lang=state.lang,
            formats=formats,
            out=out,
            run=run,
            previous=previous,
            regime=regime,
            progress=progress,
        )
    report = outcome.report
    k, lg = report.kpis, state.lang
    figures = [
        f"{pct(v, lg)} ({n}/{k.total})"
        for v, n in (
            (k.approved_pct, k.approved),
            (k.plan_full_pct, k.plan_full),
            (k.inspected_pct, k.inspected_on_time),
        )
    ]
    state.console.print(
        state.t(
            f"Báo cáo năm {year} ({report.regime}): {k.total} hệ thống; phê duyệt {figures[0]}; "
            f"triển khai đầy đủ phương án {figures[1]}; kiểm tra đúng hạn {figures[2]}",
            f"Annual report {year} ({report.regime}): {k.total} systems; approved {figures[0]}; "
            f"plan fully implemented {figures[1]}; inspected on time {figures[2]}",
        ),
        markup=False,
    )
    for check in report.checks:
        if not check.ok:
            state.err.print(f"! {check.message.get(state.lang)}", markup=False)
    for path in outcome.written:
        state.console.print(str(path), markup=False)
