"""``attt-audit dossier new|status``: draft a system's level dossier (hồ sơ đề xuất cấp độ) and
track each file to approval with its legal deadlines."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attt_audit.cli.common import LangOpt, WorkspaceOpt, print_table, set_lang, state

dossier_app = typer.Typer(
    help="Level dossiers: draft every document, track each file to approval.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(dossier_app, name="dossier")


def _date(text: str | None):  # type: ignore[no-untyped-def]
    from attt_audit.options import parse_day

    return parse_day(text)


@dossier_app.command("new")
def dossier_new(
    system: Annotated[str | None, typer.Argument(help="System id (or --all).")] = None,
    all_systems: Annotated[bool, typer.Option("--all", help="Every system of the inventory.")] = False,
    regime: Annotated[
        str | None,
        typer.Option(
            "--regime", help="nd85 or nd331 (default: the file's, else the regime in force on --date)."
        ),
    ] = None,
    formats: Annotated[
        str, typer.Option("--format", help="Comma-separated: docx, md, html.")
    ] = "docx,md,html",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Output folder (default <workspace>/dossiers/<system>/; with --all, the parent)."
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit with code 1 while any fact is still to be supplied.")
    ] = False,
    on: Annotated[
        str | None, typer.Option("--date", help="Drafting date YYYY-MM-DD (default: today).")
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="A copy of the reports/ folder with restyled templates."),
    ] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Draft every document of the level dossier from what the workspace knows; gaps are marked."""
    set_lang(lang)
    from attt_audit.app.dossier import new_dossiers

    result = new_dossiers(
        workspace,
        system=system,
        all_systems=all_systems,
        regime=regime,
        formats=formats,
        out=out,
        lang=state.lang,
        today=_date(on),
        templates=templates,
    )
    t = state.t
    for o in result.outcomes:
        state.console.print(
            t(
                f"{o.system_id}: hồ sơ cấp độ {o.level or '?'} ({o.regime}), {len(o.files)} tệp → {o.folder}",
                f"{o.system_id}: level {o.level or '?'} dossier ({o.regime}), {len(o.files)} files → {o.folder}",
            ),
            markup=False,
        )
        for edited, new in o.kept:
            state.err.print(
                t(
                    f"  {edited.name} đã được sửa tay: giữ nguyên, bản mới ghi thành {new.name}",
                    f"  {edited.name} was edited by hand: kept, the new draft is {new.name}",
                ),
                markup=False,
            )
        for p in o.problems:
            state.err.print(f"  {p.location}: {p.text.get(state.lang)}", markup=False)
        if o.gaps:
            state.console.print(
                t(f"  Cần bổ sung ({len(o.gaps)}):", f"  To be supplied ({len(o.gaps)}):"), markup=False
            )
            by_field: dict[str, list[str]] = {}
            where: dict[str, str] = {}
            for g in o.gaps:
                by_field.setdefault(g.field, []).append(g.label.get(state.lang))
                where[g.field] = g.location
            for fld, labels in by_field.items():
                place = fld if where[fld] == fld else f"{fld} ({where[fld]})"
                if len(labels) > 3:
                    more = t(f" và {len(labels) - 2} mục khác", f" and {len(labels) - 2} more")
                    state.console.print(f"  - {'; '.join(labels[:2])}{more} — {place}", markup=False)
                else:
                    for label in labels:
                        state.console.print(f"  - {label} — {place}", markup=False)
        else:
            state.console.print(
                t("  Đủ dữ liệu: không còn mục cần bổ sung.", "  Complete: nothing to supply."), markup=False
            )
    if strict and result.gap_count:
        state.err.print(
            t(
                f"--strict: còn {result.gap_count} mục cần bổ sung",
                f"--strict: {result.gap_count} facts still to be supplied",
            ),
            markup=False,
        )
        raise typer.Exit(1)


@dossier_app.command("status")
def dossier_status_cmd(
    fmt: Annotated[str, typer.Option("--format", help="table, md or json.")] = "table",
    on: Annotated[
        str | None, typer.Option("--date", help="Today's date YYYY-MM-DD (default: today).")
    ] = None,
    regime: Annotated[str | None, typer.Option("--regime", help="Regime of files that record none.")] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """The step each system's file is at, its next legal deadline, and changes since approval."""
    set_lang(lang)
    from attt_audit.app.dossier import (
        STATUS_FORMATS,
        dossier_status,
        status_json,
        status_markdown,
        status_rows,
    )
    from attt_audit.errors import InputError

    if fmt not in STATUS_FORMATS:
        raise InputError(f"--format {fmt!r} is not a format", expected=", ".join(STATUS_FORMATS))
    states = dossier_status(workspace, today=_date(on), regime=regime)
    if fmt == "json":
        typer.echo(status_json(states))
    elif fmt == "md":
        typer.echo(status_markdown(states, state.lang))
    else:
        columns, rows = status_rows(states, state.lang)
        print_table(columns, rows, title=state.t("Hồ sơ đề xuất cấp độ", "Level dossiers"))
