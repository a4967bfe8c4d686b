"""``attt-audit render``: write reports again from saved results, in another language, format or style.

A result is the canonical ``result.json`` that ``run`` writes for each system. Reports go beside
it unless ``--out`` is given (then ``<out>/<system-id>/`` for each). ``json`` is not a format here:
the result is the input.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from attt_audit.cli import LangOpt, set_lang, state

if TYPE_CHECKING:
    from attt_audit.models import AssessmentResult

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
    from attt_audit.render import check_formats, render_reports

    names = check_formats([f for f in formats.split(",") if f.strip()])
    if "json" in names:
        names.remove("json")
    for path in results_in(paths):
        result = load_result(path)
        target = path.parent if out is None else out / str(result.system.get("id") or path.parent.name)
        for written in render_reports(result, names, state.lang, target, templates):
            state.console.print(str(written), markup=False)


def results_in(paths: list[Path]) -> list[Path]:
    """The ``result.json`` files named, or found one level down in the folders named."""
    from attt_audit.errors import NotFoundError

    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            inner = sorted(path.glob("*/result.json")) or sorted(path.glob("result.json"))
            if not inner:
                raise NotFoundError(
                    "no result.json in this folder", location=str(path), expected="a run folder"
                )
            found.extend(inner)
        else:
            raise NotFoundError("no such file or folder", location=str(path))
    return found


def load_result(path: Path) -> AssessmentResult:
    """Read a ``result.json``; a file that is not one is an :class:`InputError` at its location."""
    import pydantic

    from attt_audit.errors import InputError
    from attt_audit.models import AssessmentResult

    try:
        return AssessmentResult.model_validate_json(path.read_bytes())
    except pydantic.ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top)"
        raise InputError(
            f"not an assessment result: {where}: {err['msg']}",
            location=str(path),
            expected="a result.json written by attt-audit run",
        ) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", location=str(path)) from exc
