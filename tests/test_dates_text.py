"""One home for calendar and number formatting: attt_audit.dates and attt_audit.text."""

from __future__ import annotations

import datetime as dt

import pytest

from attt_audit.dates import add_months, parse_date, today_vn
from attt_audit.errors import InputError
from attt_audit.text import format_delta, format_percent


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2024-08-31", 6, "2025-02-28"),
        ("2023-08-31", 6, "2024-02-29"),
        ("2025-12-15", 1, "2026-01-15"),
        ("2025-01-31", 24, "2027-01-31"),
        ("2026-03-31", -1, "2026-02-28"),
        ("2026-01-15", -13, "2024-12-15"),
    ],
    ids=["clamp-feb", "leap-feb", "year-roll", "two-years", "back-clamp", "back-year"],
)
def test_add_months(day: str, months: int, expected: str) -> None:
    assert add_months(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(expected)


def test_the_old_homes_reuse_the_one_helper() -> None:
    from attt_audit import classify, evaluators
    from attt_audit.annual import build
    from attt_audit.waivers import today_in_vietnam

    assert classify.add_months is evaluators.add_months is build.add_months is add_months
    assert today_in_vietnam is today_vn


@pytest.mark.parametrize(
    ("utc", "day"),
    [("2026-11-30T16:59:59+00:00", "2026-11-30"), ("2026-11-30T17:00:00+00:00", "2026-12-01")],
)
def test_today_vn_is_utc_plus_7(utc: str, day: str) -> None:
    assert today_vn(dt.datetime.fromisoformat(utc)) == dt.date.fromisoformat(day)
    assert today_vn(dt.datetime.fromisoformat(utc).replace(tzinfo=None)) == dt.date.fromisoformat(day)


def test_parse_date_accepts_iso() -> None:
    assert parse_date(" 2026-11-23 ", "--date") == dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "--date: '2026-02-30' is not a day of the calendar; expected a real date, YYYY-MM-DD"),
        ("2026-13-01", "--date: '2026-13-01' is not a day of the calendar"),
        ("23/11/2026", "--date: '23/11/2026' is not a date; expected YYYY-MM-DD, e.g. 2026-11-23"),
        ("", "--date: '' is not a date"),
    ],
    ids=["feb-30", "month-13", "vn-format", "empty"],
)
def test_parse_date_errors_name_the_place(text: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_date(text, "--date")
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [(70.58, "70,6%", "70.6%"), (100.0, "100,0%", "100.0%"), (0.0, "0,0%", "0.0%"), (None, "—", "—")],
)
def test_format_percent(value: float | None, vi: str, en: str) -> None:
    assert (format_percent(value, "vi"), format_percent(value, "en")) == (vi, en)


def test_format_delta_is_signed() -> None:
    assert (format_delta(3.21, "vi"), format_delta(-0.5, "en"), format_delta(None, "vi")) == (
        "+3,2",
        "-0.5",
        "—",
    )


def test_reports_use_the_same_percent() -> None:
    from attt_audit.annual.labels import pct
    from attt_audit.render.context import fmt_percent

    for lang in ("vi", "en"):
        assert pct(70.58, lang) == fmt_percent(70.58, lang) == format_percent(70.58, lang)
