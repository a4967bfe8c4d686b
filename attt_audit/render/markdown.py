"""The Markdown report, rendered from ``<templates>/gap/report.md.j2``.

Text from the result is escaped with the ``md`` filter (running text) or ``cell`` filter
(table cells: ``|`` escaped, line breaks as ``<br>``), so answers cannot break a table or
inject links and HTML.
"""

from __future__ import annotations

from typing import Any

from attt_audit.render.jinja import TemplateRenderer, md_cell, md_text


def escape_md(value: Any) -> str:
    """A user's text as Markdown running text that stays text: ``<script>`` is shown, not run;
    ``[x](javascript:…)`` is shown, not a link; ``*``, ``_``, ``#``, ``|`` and backticks are literal.

    Every Markdown the tool writes (reports, ``classify --format md``) escapes user text with
    this or :func:`escape_md_cell`."""
    return md_text(value)


def escape_md_cell(value: Any) -> str:
    """As :func:`escape_md`, for a table cell: line breaks become ``<br>``, never a new row."""
    return md_cell(value)


class MarkdownRenderer(TemplateRenderer):
    name = "md"
    suffix = ".md"
    template = "report.md.j2"
    kind = "md"
