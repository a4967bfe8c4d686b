"""``attt-audit schema``: JSON Schemas for every file the tool reads or writes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attt_audit.cli.common import state


def register(app: typer.Typer) -> None:
    app.command("schema")(schema_cmd)


def schema_cmd(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the JSON Schemas into.")] = Path(
        "schemas"
    ),
) -> None:
    """Write JSON Schemas for every file the tool reads or writes, for editor validation."""
    from attt_audit.schemas import write_schemas

    for path in write_schemas(out):
        state.console.print(str(path))
