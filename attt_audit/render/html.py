"""The HTML report: one self-contained file (inline CSS and SVG, no script, no external asset).

Rendered from ``<templates>/gap/report.html.j2`` with Jinja2 autoescaping, so every text from
the result (answers, reasons, names) is escaped. ``@media print`` rules make it print cleanly.
"""

from __future__ import annotations

from attt_audit.render.jinja import TemplateRenderer


class HtmlRenderer(TemplateRenderer):
    name = "html"
    suffix = ".html"
    template = "report.html.j2"
    kind = "html"
