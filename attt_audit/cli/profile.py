"""``attt-audit profile list|show``: the profiles (the requirements that apply at a level)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attt_audit.cli.common import LangOpt, WorkspaceOpt, print_table, set_lang, state

profile_app = typer.Typer(
    help="List and show profiles (the requirements that apply at a level).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(profile_app, name="profile")


@profile_app.command("list")
def profile_list(workspace: WorkspaceOpt = Path("."), lang: LangOpt = None) -> None:
    """List the available profiles."""
    set_lang(lang)
    from attt_audit.app.catalog import list_profiles

    rows = [
        [p.id, p.regime, p.level if p.level is not None else "—", p.extends or "", p.title.get(state.lang)]
        for p in list_profiles(workspace)
    ]
    print_table(["Profile", "Regime", state.t("Cấp độ", "Level"), "Extends", state.t("Tên", "Title")], rows)


@profile_app.command("show")
def profile_show(
    name: Annotated[str, typer.Argument(help="Profile id, e.g. level3")],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Show the resolved requirement list of a profile, each with its clause or article."""
    set_lang(lang)
    from attt_audit.app.catalog import show_profile

    resolved = show_profile(workspace, name)
    rows = [
        [i, r.control.id, r.control.kind, r.reference(), r.title(state.lang)]
        for i, r in enumerate(resolved.requirements, 1)
    ]
    print_table(
        [
            "#",
            state.t("Mã", "ID"),
            state.t("Loại", "Kind"),
            state.t("Điều khoản / căn cứ", "Clause / basis"),
            state.t("Yêu cầu", "Requirement"),
        ],
        rows,
        title=f"{resolved.profile.id} — {resolved.profile.title.get(state.lang)} ({' → '.join(resolved.chain)})",
    )
    state.console.print(state.t(f"{len(rows)} yêu cầu", f"{len(rows)} requirements"))
