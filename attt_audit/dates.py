"""Calendar helpers, one home each: adding months, today in Vietnam, reading a date.

Dates the law sets are not here: they are data (``checklists/regimes/``, :mod:`attt_audit.regime`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from attt_audit.errors import InputError

__all__ = ["VIETNAM", "add_months", "parse_date", "today_vn"]

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
"""The time zone every calendar day of the tool is read in (assessment dates, waiver validity)."""


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months, the day clamped to the end of a shorter month
    (31/01 + 1 → 28 or 29/02). ``months`` may be negative."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def today_vn(now: dt.datetime | None = None) -> dt.date:
    """The calendar date in Asia/Ho_Chi_Minh at ``now`` (default: the current instant).

    A naive ``now`` is taken as UTC.
    """
    if now is None:
        now = dt.datetime.now(dt.UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    return now.astimezone(VIETNAM).date()


DATE_EXPECTED = "YYYY-MM-DD, e.g. 2026-11-23"
"""What a date typed by the user should look like (error messages; the example is no legal date)."""


def parse_date(text: str, where: str) -> dt.date:
    """An ISO date (``2026-11-23``) typed by the user; anything else, including an impossible
    date such as ``2026-02-30``, is an :class:`InputError` naming ``where`` (an option, a file:line
    or a cell)."""
    value = text.strip() if isinstance(text, str) else text
    if not isinstance(value, str) or not value:
        raise InputError(f"{text!r} is not a date", location=where, expected=DATE_EXPECTED)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        parts = value.split("-")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            raise InputError(
                f"{value!r} is not a day of the calendar", location=where, expected="a real date, YYYY-MM-DD"
            ) from None
        raise InputError(f"{value!r} is not a date", location=where, expected=DATE_EXPECTED) from None
