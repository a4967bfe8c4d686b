"""``attt-audit catalog list|show|lint|stats``: browse and check the requirement catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attt_audit.cli.common import LangOpt, WorkspaceOpt, print_table, set_lang, state

catalog_app = typer.Typer(help="Browse and check the requirement catalog.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(catalog_app, name="catalog")


@catalog_app.command("list")
def catalog_list(
    level: Annotated[
        int | None, typer.Option("--level", min=1, max=5, help="Only controls with a variant at this level.")
    ] = None,
    framework: Annotated[str | None, typer.Option("--framework", help="Only this framework.")] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """List the controls of the catalog."""
    set_lang(lang)
    from attt_audit.app.catalog import list_controls

    found = list_controls(workspace, level=level, framework=framework)
    rows = []
    for control in found.controls:
        clauses = ", ".join(f"L{lv}:{v.clause}" for lv, v in sorted(control.levels.items()) if v.clause)
        rows.append(
            [
                control.id,
                found.catalog.framework_of[control.id],
                control.kind,
                control.title.get(state.lang),
                clauses or "—",
            ]
        )
    print_table(
        [
            state.t("Mã", "ID"),
            "Framework",
            state.t("Loại", "Kind"),
            state.t("Tên", "Title"),
            state.t("Điều khoản", "Clauses"),
        ],
        rows,
    )
    state.console.print(state.t(f"{len(rows)} yêu cầu", f"{len(rows)} controls"))


@catalog_app.command("show")
def catalog_show(
    control_id: Annotated[str, typer.Argument(help="Control id, e.g. layer.in-house-force.decision")],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Show everything about one control: levels, clauses, questions, evidence, parameters, checks."""
    set_lang(lang)
    from rich.markup import escape

    from attt_audit.app.catalog import show_control

    catalog, control = show_control(workspace, control_id)
    lg = state.lang
    out = state.console

    def say(text: str) -> None:
        out.print(text, markup=False)

    out.print(f"[bold]{escape(control.id)}[/bold] — {escape(control.title.get(lg))}")
    say(
        f"framework: {catalog.framework_of[control.id]}   group: {control.group}   kind: {control.kind}"
        + (f"   layer: {control.layer}" if control.layer else "")
    )
    if control.summary:
        say(control.summary.get(lg))
    for regime, wording in control.regimes.items():
        out.print(
            f"[bold]{regime}[/bold] {escape('(' + '; '.join(wording.refs) + '): ' + wording.summary.get(lg))}"
        )
    if control.checks:
        say(state.t("Kiểm tra tự động: ", "Probe checks: ") + ", ".join(control.checks))
    for level, v in sorted(control.levels.items()):
        head = f"\n[bold]{state.t('Cấp độ', 'Level')} {level}[/bold]"
        if v.clause:
            head += f"  {state.t('điều khoản', 'clause')} {escape(v.clause)}"
        if v.refs:
            head += escape(f"  ({'; '.join(v.refs)})")
        out.print(head, markup=True)
        say(
            f"  {state.t('nguồn', 'source')}: {v.source}  ·  {state.t('độ tin cậy', 'confidence')}: {v.confidence.value}"
            + (
                ""
                if v.text_verified
                else state.t(
                    "  ·  nội dung chưa đối chiếu với tiêu chuẩn",
                    "  ·  text not verified against the standard",
                )
            )
        )
        if v.summary:
            say(f"  {v.summary.get(lg)}")
        if v.applies_when:
            say(
                f"  {state.t('áp dụng khi', 'applies when')}: {v.applies_when.model_dump(exclude_none=True, by_alias=True)}"
            )
        for q in v.questions:
            say(f"  [{q.id}] {q.vi if lg == 'vi' else q.en}")
        for ev in v.evidence:
            say(f"  • {ev.get(lg)}")
        for name, p in v.params.items():
            bound = p.min if p.min is not None else (p.max if p.max is not None else p.value)
            if isinstance(bound, float) and bound.is_integer():
                bound = int(bound)
            flags = " advisory" if p.advisory else ""
            flags += " owner-defined" if p.owner_defined else ""
            shown = (
                state.t("do chủ quản quy định", "set by the owner")
                if bound is None and p.owner_defined
                else bound
            )
            say(f"  {name} = {shown} {p.unit or ''} ({p.source}; {p.confidence.value}{flags})")
        if v.evaluate:
            say(f"  {state.t('đánh giá từ dữ liệu kiểm kê', 'evaluated from inventory')}: {v.evaluate}")


@catalog_app.command("lint")
def catalog_lint(workspace: WorkspaceOpt = Path(".")) -> None:
    """Check the catalog and profiles: ids, references, texts, clause numbers, profiles resolve."""
    from attt_audit.app.catalog import lint_catalog

    result = lint_catalog(workspace)
    for problem in result.problems:
        state.err.print(problem, markup=False)
    if result.problems:
        state.err.print(f"{len(result.problems)} problem(s)")
        raise typer.Exit(2)
    state.console.print(
        f"catalog ok: {result.frameworks} frameworks, {result.controls} controls, {result.profiles} profiles"
    )


@catalog_app.command("stats")
def catalog_stats(
    regime: Annotated[
        str | None,
        typer.Option("--regime", help="Only frameworks of this regime: nd85 or nd331 (default: all)."),
    ] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Per level: clauses of the standards, design requirements, duties and 4-layer items."""
    set_lang(lang)
    from attt_audit.app import catalog as uc

    stats = uc.catalog_stats(workspace, regime)
    counts = stats.counts
    columns = list(counts[1])

    def header(column: str) -> str:
        labels = stats.heading(column)
        return state.t(*labels) if labels else column

    headers = [state.t("Cấp độ", "Level"), *(header(c) for c in columns)]
    if regime is None:
        # The two regimes' standards never apply together: a total across them would mislead.
        rows = [[level, *row.values()] for level, row in counts.items()]
    else:
        headers.append(state.t("Tổng", "Total"))
        rows = [[level, *row.values(), sum(row.values())] for level, row in counts.items()]
    print_table(headers, rows)
    for note in stats.notes():
        state.console.print(state.t(*note))
