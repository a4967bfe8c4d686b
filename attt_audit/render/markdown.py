"""The Markdown report, rendered from ``<templates>/gap/report.md.j2``.

Text from the result is escaped with the ``md`` filter (running text) or ``cell`` filter
(table cells: ``|`` escaped, line breaks as ``<br>``), so answers cannot break a table or
inject links and HTML.
"""

from __future__ import annotations

from pathlib import Path

from attt_audit.models import AssessmentResult
from attt_audit.render.context import build_view
from attt_audit.render.interface import Renderer, RenderError
from attt_audit.render.jinja import render_template
from attt_audit.yamlio import atomic_write_text

TEMPLATE = "report.md.j2"


class MarkdownRenderer(Renderer):
    name = "md"
    suffix = ".md"

    def render(self, result: AssessmentResult, lang: str, out_dir: Path, templates: Path) -> Path:
        text = render_template(templates, TEMPLATE, "md", build_view(result, lang))
        path = self.output_path(out_dir, lang)
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            raise RenderError(f"cannot write the report: {exc.strerror}", location=str(path)) from exc
        return path
