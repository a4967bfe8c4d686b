"""A typer command that does nothing, with the options of ``catalog stats`` and the global
options of attt-audit: what any typer command with options costs before it does any work
(typer 0.29 imports pydantic and builds a TypeAdapter per option). bench/startup.py times it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


@app.callback()
def _global(
    lang: Annotated[str, typer.Option("--lang")] = "vi",
    debug: Annotated[bool, typer.Option("--debug")] = False,
    quiet: Annotated[bool, typer.Option("--quiet")] = False,
) -> None:
    pass


@app.command()
def stats(
    regime: Annotated[str | None, typer.Option("--regime")] = None,
    workspace: Annotated[Path, typer.Option("--workspace", "-w")] = Path("."),
    lang: Annotated[str | None, typer.Option("--lang")] = None,
) -> None:
    pass


@app.command()
def other() -> None:
    pass


if __name__ == "__main__":
    app(sys.argv[1:], standalone_mode=False)
