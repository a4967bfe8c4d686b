"""``attt-audit init``: a new workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attt_audit.cli.common import LangOpt, set_lang, state


def register(app: typer.Typer) -> None:
    app.command("init")(init_cmd)


def init_cmd(
    directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")] = Path("."),
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace an existing inventory.yaml (the old one is kept as a backup)."),
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Create a workspace: an annotated inventory.yaml, an empty answers/ folder and an evidence/ folder."""
    set_lang(lang)
    from attt_audit.app.init import init_workspace

    made = init_workspace(directory, force=force)
    target = made.inventory
    out = state.console
    out.print(state.t(f"Đã tạo workspace {directory}:", f"Created workspace {directory}:"), markup=False)
    out.print(f"  {target}  " + state.t("(tệp kiểm kê có chú thích)", "(annotated inventory)"), markup=False)
    out.print(f"  {made.answers_dir}/", markup=False)
    out.print(f"  {made.evidence_dir}/", markup=False)
    if made.backup is not None:
        out.print(
            state.t(f"Tệp cũ được giữ tại {made.backup}", f"The old file is kept as {made.backup}"),
            markup=False,
        )
    out.print(
        state.t(
            f"Tiếp theo: sửa {target}, rồi chạy: attt-audit classify --workspace {directory}",
            f"Next: edit {target}, then run: attt-audit classify --workspace {directory}",
        ),
        markup=False,
    )
