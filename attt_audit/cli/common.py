"""What every command module shares: the global state (language, debug, consoles), option
types and print helpers. Imports only typer at module level."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from attt_audit.models.common import Lang


class State:
    """Options every command sees: the output language, ``--debug``, ``--quiet`` and the two consoles."""

    lang: Lang = "vi"
    debug: bool = False
    quiet: bool = False
    """``--quiet``: no progress bars (see :mod:`attt_audit.cli.progress`)."""
    _console: Console | None = None
    _err: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(highlight=False, soft_wrap=False)
            if not self._console.is_terminal:
                # piped or captured output: wide enough that ids and clauses are not folded
                self._console.width = max(self._console.width, 160)
        return self._console

    @property
    def err(self) -> Console:
        if self._err is None:
            from rich.console import Console

            self._err = Console(stderr=True, highlight=False, soft_wrap=True)
        return self._err

    def t(self, vi: str, en: str) -> str:
        return vi if self.lang == "vi" else en


state = State()

WorkspaceOpt = Annotated[
    Path,
    typer.Option(
        "--workspace", "-w", help="Workspace folder (inventory.yaml, answers/, evidence/).", show_default="."
    ),
]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help="Output language: vi or en (overrides the global option).")
]
PassphraseFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--passphrase-file",
        help="File holding the key's passphrase (else $ATTT_AUDIT_PASSPHRASE, else a hidden prompt).",
    ),
]


def set_lang(lang: str | None) -> None:
    """Set the output language from a ``--lang`` option; anything but vi or en is an input error."""
    if lang is None:
        return
    if lang not in ("vi", "en"):
        from attt_audit.errors import InputError

        raise InputError(f"--lang {lang!r} is not a language", expected="vi or en")
    state.lang = "en" if lang == "en" else "vi"


def print_table(columns: list[str], rows: list[list[Any]], title: str | None = None) -> None:
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*[("" if v is None else str(v)) for v in row])
    state.console.print(table)
