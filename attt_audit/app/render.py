"""Use case of ``render``: reports written again from saved results (``result.json``).

Reports go beside each result unless ``out`` is given (then ``<out>/<system-id>/`` for each).
``json`` is not a format here: the result is the input.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

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
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Path]:
    """Render every result named (or found in the run folders named); returns the files written.

    ``progress(done, total, system_id)`` is called after each result is rendered."""
    from attt_audit.render import check_formats, render_reports

    names = check_formats([f for f in formats.split(",") if f.strip()])
    if "json" in names:
        names.remove("json")
    found = results_in(paths)
    targets: list[tuple[Path, Path]] = []
    for path in found:  # every target checked before anything is written
        target = path.parent if out is None else out
        refuse_signed(target)
        targets.append((path, target))
    written: list[Path] = []
    for done, (path, target) in enumerate(targets, 1):
        result = load_result(path)
        system_id = result.system.id or path.parent.name
        if out is not None:
            target = out / system_id
        written.extend(render_reports(result, names, lang, target, templates))
        if progress is not None:
            progress(done, len(targets), system_id)
    return written


def signed_folder(folder: Path) -> Path | None:
    """The signed bundle ``folder`` lies in (itself or a parent holding ``manifest.sig``, or a
    ``manifest.json`` written by ``attt-audit sign``), or None."""
    from attt_audit.signing import FORMAT, MANIFEST_NAME, SIGNATURE_NAME

    for candidate in [folder, *folder.absolute().parents]:
        if (candidate / SIGNATURE_NAME).is_file():
            return candidate
        manifest = candidate / MANIFEST_NAME
        if manifest.is_file():
            try:
                head = manifest.read_bytes()[:4096]
            except OSError:
                continue
            if FORMAT.encode() in head:
                return candidate
    return None


def refuse_signed(folder: Path) -> None:
    """A signed folder is read-only to the tool: writing into it would break its signature."""
    from attt_audit.errors import InputError

    signed = signed_folder(folder)
    if signed is not None:
        raise InputError(
            "the folder is signed (manifest.sig): writing into it would break its signature; nothing was written",
            location=str(signed),
            expected="--out with a folder elsewhere",
        )


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
