"""Reading command-line option values the same way in every command: ``--format`` lists and
``--date`` days. Use cases call these; a bad value is one :class:`~attt_audit.errors.InputError`
naming the option."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from attt_audit.errors import InputError

FIRST_YEAR = 2000
LAST_YEAR = 2100
"""Days outside these years are not assessment, report or notice dates (a typo such as
``9999-12-31`` would otherwise overflow date arithmetic far from where it was typed)."""


def parse_formats(text: str, allowed: Iterable[str], *, option: str = "--format") -> list[str]:
    """``"html, MD,md"`` → ``["html", "md"]``: lower-cased, de-duplicated, in order.

    An empty list (``--format ''``) or a name not in ``allowed`` is an InputError."""
    choices = list(allowed)
    wanted: list[str] = []
    for part in text.split(","):
        name = part.strip().lower()
        if name and name not in wanted:
            wanted.append(name)
    bad = [name for name in wanted if name not in choices]
    if bad:
        raise InputError(f"unknown report format {bad[0]!r}", expected="one of " + ", ".join(choices))
    if not wanted:
        raise InputError(
            f"{option} {text!r} names no format", expected="one or more of " + ", ".join(choices)
        )
    return wanted


def parse_day(text: str | None, *, option: str = "--date", default: dt.date | None = None) -> dt.date:
    """An ISO day given on the command line (``None``: ``default``, else today in Vietnam).

    A malformed or impossible day (``2026-02-30``), or one outside :data:`FIRST_YEAR` –
    :data:`LAST_YEAR`, is an InputError naming the option."""
    from attt_audit.dates import DATE_EXPECTED
    from attt_audit.waivers import today_in_vietnam

    if text is None:
        return default if default is not None else today_in_vietnam()
    value = text.strip()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        parts = value.split("-")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            raise InputError(
                f"{option} {text!r} is not a day of the calendar", expected="a real date, YYYY-MM-DD"
            ) from None
        raise InputError(f"{option} {text!r} is not a date", expected=DATE_EXPECTED) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InputError(
            f"{option} {text.strip()!r} lies outside the years {FIRST_YEAR}–{LAST_YEAR}",
            expected=f"a day between {FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31",
        )
    return day
