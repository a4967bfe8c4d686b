"""Working days in Vietnam: Monday to Friday, minus public holidays (Tết, Hùng Kings' day …).

The holiday calendar is the ``holidays`` package's Vietnam calendar, not a table of ours: it
knows the lunar dates and the days off the government moves each year.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

Unit = Literal["working", "calendar"]


def _calendar(years: int | list[int], language: str | None = None) -> Any:
    """The ``holidays`` package's Vietnam calendar for ``years``.

    Its Vietnam class directly (about 0.19 s of imports and computing), not
    ``holidays.country_holidays("VN")``, whose registry loads every country's module (0.27 s).
    """
    try:
        from holidays.countries.vietnam import Vietnam
    except ImportError:  # a holidays release that moved the class: the registry still finds it
        import holidays

        return holidays.country_holidays("VN", years=years, language=language)
    return Vietnam(years=years, language=language)


def _package_files() -> list[Path]:
    """The files of the ``holidays`` package that decide Vietnam's dates (found without importing it)."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return []
    root = Path(spec.origin).parent
    return [root / "__init__.py", root / "countries" / "vietnam.py", Path(__file__)]


def _compute(year: int) -> frozenset[dt.date]:
    return frozenset(_calendar(year).keys())


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[dt.date]:
    """Vietnam's public holidays in ``year``.

    Kept in the user's cache folder (:mod:`attt_audit.catalog_cache`), keyed by the tool's and
    the ``holidays`` package's files, so a command that counts working days does not import the
    package each time (about 0.2 s); a new ``holidays`` release or a changed file computes them
    again. ``ATTT_AUDIT_NO_CACHE=1`` always computes them.
    """
    from attt_audit.catalog_cache import cached

    files = _package_files()
    if not files:
        return _compute(year)
    return cached(f"holidays-vn-{year}", files, lambda: _compute(year))


def holiday_name(day: dt.date, lang: str = "vi") -> str | None:
    """Name of the public holiday on ``day`` (Vietnamese by default), or None."""
    calendar = _calendar(day.year, "vi" if lang == "vi" else "en_US")
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
