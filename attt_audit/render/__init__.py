"""Report renderers for one system's :class:`~attt_audit.models.AssessmentResult`.

Formats (registered names): ``json`` (canonical, for machines), ``html`` (one self-contained
file), ``md`` (Markdown), ``docx`` (Word, laid out as a Vietnamese administrative report per
Decree 30/2020).

File names, all in ``out_dir``:

* ``result.json`` — the canonical result, whatever the language; schema
  ``reports/gap/result.schema.json`` (= ``attt-audit schema``'s ``assessment-result``);
* the human reports are named in the report language, NFC Vietnamese:
  ``báo-cáo-đánh-giá.html|md|docx`` in ``vi`` (default), ``gap-report.html|md|docx`` in ``en``.

Templates come from a ``reports/`` folder: the bundled one
(``attt_audit.resources.data_dir("reports")``) or a user's restyled copy (``--templates DIR``).
Its ``gap/`` subfolder holds ``report.html.j2`` and ``report.md.j2`` (Jinja2); ``reference.docx``
at its top holds the Word styles and page setup of every Decree 30 document (see
:mod:`attt_audit.render.document`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from attt_audit.errors import InputError
from attt_audit.models import AssessmentResult
from attt_audit.models.common import Lang
from attt_audit.render.interface import Renderer, RenderError, report_stem
from attt_audit.render.json_format import RESULT_FILE

__all__ = [
    "RENDERERS",
    "RESULT_FILE",
    "RenderError",
    "Renderer",
    "default_templates",
    "render_reports",
    "report_stem",
]

RENDERERS: dict[str, Renderer]
"""The gap report's formats by name, built on first use (``attt_audit.render.interface`` alone, as
the annual report and province intake need it, does not load the renderers)."""


def _renderers() -> dict[str, Renderer]:
    built = globals().get("RENDERERS")
    if built is None:
        from attt_audit.render.docx import DocxRenderer
        from attt_audit.render.html import HtmlRenderer
        from attt_audit.render.json_format import JsonRenderer
        from attt_audit.render.markdown import MarkdownRenderer

        built = {r.name: r for r in (JsonRenderer(), HtmlRenderer(), MarkdownRenderer(), DocxRenderer())}
        globals()["RENDERERS"] = built
    return built


def __getattr__(name: str) -> Any:
    if name == "RENDERERS":
        return _renderers()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


LANGS = ("vi", "en")


def default_templates() -> Path:
    from attt_audit.resources import data_dir

    return data_dir("reports")


def check_formats(formats: list[str]) -> list[str]:
    """The formats, de-duplicated in order; an unknown one is an :class:`InputError`."""
    seen: list[str] = []
    for fmt in formats:
        name = fmt.strip().lower()
        if name not in _renderers():
            raise InputError(f"unknown report format {fmt!r}", expected=f"one of {', '.join(_renderers())}")
        if name not in seen:
            seen.append(name)
    return seen


def render_reports(
    result: AssessmentResult,
    formats: list[str],
    lang: Lang,
    out_dir: Path,
    templates: Path | None = None,
) -> list[Path]:
    """Write one system's reports into ``out_dir``; return the files written, in ``formats`` order."""
    names = check_formats(formats)
    if lang not in LANGS:
        raise InputError(f"unknown report language {lang!r}", expected="vi or en")
    folder = default_templates() if templates is None else Path(templates)
    if not folder.is_dir():
        raise InputError("templates folder not found", location=str(folder), expected="a copy of reports/")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(f"cannot create the report folder: {exc.strerror}", location=str(out_dir)) from exc
    return [_renderers()[name].render(result, lang, out_dir, folder) for name in names]
