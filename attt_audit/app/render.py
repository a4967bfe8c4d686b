"""Use case of ``render``: reports written again from saved results (``result.json``).

Reports go beside each result unless ``out`` is given (then ``<out>/<system-id>/`` for each).
``json`` is not a format here: the result is the input.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from attt_audit.models import AssessmentResult
    from attt_audit.models.common import Lang

DEFAULT_FORMATS = "html,md,docx"


def render_results(
    paths: list[Path],
    *,
    formats: str = DEFAULT_FORMATS,
    lang: Lang = "vi",
    out: Path | None = None,
    templates: Path | None = None,
) -> list[Path]:
    """Render every result named (or found in the run folders named); returns the files written."""
    from attt_audit.render import check_formats, render_reports

    names = check_formats([f for f in formats.split(",") if f.strip()])
    if "json" in names:
        names.remove("json")
    written: list[Path] = []
    for path in results_in(paths):
        result = load_result(path)
        target = path.parent if out is None else out / str(result.system.get("id") or path.parent.name)
        written.extend(render_reports(result, names, lang, target, templates))
    return written


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
