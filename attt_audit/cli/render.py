"""``attt-audit render``: write reports again from saved results, in another language, format or style."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attt_audit.cli.common import LangOpt, set_lang, state

DEFAULT_FORMATS = "html,md,docx"


def register(app: typer.Typer) -> None:
    app.command("render")(render)


def render(
    paths: Annotated[
        list[Path],
        typer.Argument(help="result.json files, or run folders (every <system>/result.json in them)."),
    ],
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Report formats, comma-separated: html,md,docx.")
    ] = DEFAULT_FORMATS,
    lang: LangOpt = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output folder (default: beside each result.json)."),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates", help="A restyled copy of the reports/ folder (default: the bundled one)."
        ),
    ] = None,
) -> None:
    """Render reports from saved results (result.json), e.g. in English or with your own templates."""
    set_lang(lang)
    from attt_audit.app.render import render_results
    from attt_audit.cli.progress import progress_bar

    with progress_bar("Đang xuất báo cáo", "Rendering") as progress:
        written_files = render_results(
            paths, formats=formats, lang=state.lang, out=out, templates=templates, progress=progress
        )
    for written in written_files:
        state.console.print(str(written), markup=False)
