"""Working days in Vietnam: Monday to Friday, minus public holidays (Tết, Hùng Kings' day …).

The holiday calendar is the ``holidays`` package's Vietnam calendar, not a table of ours: it
knows the lunar dates and the days off the government moves each year.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Literal

Unit = Literal["working", "calendar"]


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[dt.date]:
    import holidays

    return frozenset(holidays.country_holidays("VN", years=year).keys())


def holiday_name(day: dt.date, lang: str = "vi") -> str | None:
    """Name of the public holiday on ``day`` (Vietnamese by default), or None."""
    import holidays

    calendar = holidays.country_holidays("VN", years=day.year, language="vi" if lang == "vi" else "en_US")
    name = calendar.get(day)
    return str(name) if name else None


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (the day of receipt does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day, left = start, days
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count


def add_days(start: dt.date, days: int, unit: Unit) -> dt.date:
    """``start`` plus ``days`` working or calendar days."""
    if unit == "working":
        return add_working_days(start, days)
    return start + dt.timedelta(days=days)
