"""Formatting numbers for people, one home each: percentages and signed changes, by language.

Vietnamese writes the decimal separator as a comma (``70,6%``), English as a point (``70.6%``);
the terminal and every report use these helpers so the same figure reads the same everywhere.
Text in two languages is held as :class:`~attt_audit.models.common.LocalText`.
"""

from __future__ import annotations

import datetime as dt

from attt_audit.models.common import Lang, LocalText

__all__ = [
    "NONE",
    "LocalText",
    "format_count",
    "format_date",
    "format_delta",
    "format_number",
    "format_percent",
]

NONE = "—"
"""Shown for a figure that cannot be computed (no requirement assessed, no previous run)."""


def format_number(value: float, lang: Lang | str, *, digits: int = 1, signed: bool = False) -> str:
    """``value`` with ``digits`` decimals and the decimal separator of ``lang``."""
    text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "vi" else text


def format_count(value: int, lang: Lang | str) -> str:
    """A whole number with thousands grouped: ``72.473`` in Vietnamese, ``72,473`` in English."""
    return f"{value:,}".replace(",", "." if lang == "vi" else ",")


def format_date(day: dt.date, lang: Lang | str) -> str:
    """``23/11/2026`` in Vietnamese, ISO ``2026-11-23`` in English: one way in terminal and documents."""
    return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()


def format_percent(value: float | None, lang: Lang | str) -> str:
    """``70,6%`` in Vietnamese, ``70.6%`` in English; ``—`` for None."""
    return NONE if value is None else format_number(value, lang) + "%"


def format_delta(value: float | None, lang: Lang | str) -> str:
    """A signed change in percentage points: ``+3,2`` / ``+3.2``; ``—`` for None."""
    return NONE if value is None else format_number(value, lang, signed=True)
