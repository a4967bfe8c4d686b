"""The HTML report: one self-contained file (inline CSS and SVG, no script, no external asset).

Rendered from ``<templates>/gap/report.html.j2`` with Jinja2 autoescaping, so every text from
the result (answers, reasons, names) is escaped. ``@media print`` rules make it print cleanly.
"""

from __future__ import annotations

from pathlib import Path

from attt_audit.models import AssessmentResult
from attt_audit.render.context import build_view
from attt_audit.render.interface import Renderer, RenderError
from attt_audit.render.jinja import render_template
from attt_audit.yamlio import atomic_write_text

TEMPLATE = "report.html.j2"


class HtmlRenderer(Renderer):
    name = "html"
    suffix = ".html"

    def render(self, result: AssessmentResult, lang: str, out_dir: Path, templates: Path) -> Path:
        text = render_template(templates, TEMPLATE, "html", build_view(result, lang))
        path = self.output_path(out_dir, lang)
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            raise RenderError(f"cannot write the report: {exc.strerror}", location=str(path)) from exc
        return path
