"""The Markdown report, rendered from ``<templates>/gap/report.md.j2``.

Text from the result is escaped with the ``md`` filter (running text) or ``cell`` filter
(table cells: ``|`` escaped, line breaks as ``<br>``), so answers cannot break a table or
inject links and HTML.
"""

from __future__ import annotations

from attt_audit.render.jinja import TemplateRenderer


class MarkdownRenderer(TemplateRenderer):
    name = "md"
    suffix = ".md"
    template = "report.md.j2"
    kind = "md"
