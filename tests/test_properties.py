"""Properties checked over generated inputs (hypothesis): the YAML reader, the classification
tables of both regimes, month arithmetic, today in Vietnam, working days, percentages, safe
workbook cells and Markdown escaping.

Each property was checked to fail against a deliberately broken copy of the code it tests (a
comparison flipped, a normalisation dropped); the whole file runs in well under 20 seconds.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import io
import json
import re
import types
import typing
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import holidays
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from pydantic import ValidationError
from pydantic.fields import FieldInfo

from attt_audit import xlsx_safe
from attt_audit.classify import classify
from attt_audit.dates import add_months, today_vn
from attt_audit.dossier.workdays import add_working_days, is_working_day, working_days_between
from attt_audit.errors import InputError
from attt_audit.models import System
from attt_audit.render.markdown import escape_md, escape_md_cell
from attt_audit.text import format_percent
from attt_audit.yamlio import parse_text, read_yaml

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 23)

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MEDIUM = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(max_examples=150, deadline=None)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ============================================================================ YAML reader

# Vietnamese letters with their diacritics, in both normal forms, and plain ASCII.
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VI_LETTERS = VIETNAMESE + VIETNAMESE.upper()


def _mixed_forms(text: str, forms: list[bool]) -> str:
    """``text`` with each character in NFC or NFD as ``forms`` says (cycled)."""
    return "".join(
        unicodedata.normalize("NFD" if forms[i % len(forms)] else "NFC", ch) for i, ch in enumerate(text)
    )


@st.composite
def vi_text(draw: st.DrawFn, *, min_size: int = 0, max_size: int = 20) -> str:
    """Text mixing Vietnamese letters (each in NFC or NFD), ASCII and any other printable character."""
    base = draw(
        st.text(
            st.one_of(
                st.sampled_from(VI_LETTERS),
                st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")),
                st.sampled_from(" :-#'\"&*!|>[]{}\n\t"),
            ),
            min_size=min_size,
            max_size=max_size,
        )
    )
    forms = draw(st.lists(st.booleans(), min_size=1, max_size=4))
    return _mixed_forms(base, forms)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    vi_text(),
)


def _normalised(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {nfc(k): _normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    return value


def _unique_nfc_keys(mapping: dict[str, Any]) -> bool:
    return len({nfc(k) for k in mapping}) == len(mapping)


@MEDIUM
@given(
    data=st.dictionaries(vi_text(min_size=1), SCALARS, max_size=8).filter(_unique_nfc_keys),
    allow_unicode=st.booleans(),
)
def test_yaml_round_trip_equals_nfc_of_what_was_dumped(data: dict[str, Any], allow_unicode: bool) -> None:
    text = yaml.safe_dump({"root": data}, allow_unicode=allow_unicode)
    read = parse_text(text, "generated.yaml").data
    assert read == {"root": _normalised(data)}


NESTED = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(vi_text(min_size=1, max_size=8), inner, max_size=4).filter(_unique_nfc_keys),
    ),
    max_leaves=15,
)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [*_strings(k), *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@MEDIUM
@given(data=NESTED, allow_unicode=st.booleans(), style=st.sampled_from([None, '"', "'"]))
def test_every_string_read_is_nfc(data: Any, allow_unicode: bool, style: str | None) -> None:
    # A double-quoted style writes non-ASCII as \u escapes: the text is NFC but the value is not.
    text = yaml.safe_dump({"k": data}, allow_unicode=allow_unicode, default_style=style)
    read = parse_text(text, "generated.yaml").data
    assert all(is_nfc(s) for s in _strings(read))
    assert read == {"k": _normalised(data)}


@st.composite
def duplicate_key_document(draw: st.DrawFn) -> tuple[str, int]:
    """A mapping whose keys include two that are equal once NFC (written in different forms),
    at any position; returns the text and the line of the later one."""
    key = draw(st.text(st.sampled_from(VI_LETTERS + "abc0123 "), min_size=1, max_size=6).map(str.strip))
    assume(key)
    first = _mixed_forms(key, draw(st.lists(st.booleans(), min_size=1, max_size=3)))
    second = _mixed_forms(key, draw(st.lists(st.booleans(), min_size=1, max_size=3)))
    others = draw(st.lists(st.from_regex(r"[a-z]{1,6}", fullmatch=True), max_size=6, unique=True))
    others = [o for o in others if nfc(o) != nfc(key)]
    i = draw(st.integers(0, len(others)))
    j = draw(st.integers(i, len(others)))
    keys = [*others[:i], first, *others[i:j], second, *others[j:]]
    quoted = draw(st.booleans())
    lines = [
        f"{json.dumps(k, ensure_ascii=draw(st.booleans())) if quoted else k}: {n}" for n, k in enumerate(keys)
    ]
    return "\n".join(lines) + "\n", j + 2  # the later key is keys[j + 1], on line j + 2


@MEDIUM
@given(case=duplicate_key_document(), nested=st.booleans())
def test_keys_equal_after_nfc_are_a_duplicate_key_error_with_its_line(
    case: tuple[str, int], nested: bool
) -> None:
    text, line = case
    if nested:
        text = "outer:\n" + "".join("  " + row + "\n" for row in text.splitlines())
        line += 1
    with pytest.raises(InputError) as caught:
        parse_text(text, "dup.yaml")
    assert "duplicate key" in caught.value.message
    assert caught.value.location is not None
    assert re.fullmatch(rf"dup\.yaml:{line}:\d+", caught.value.location), (caught.value.location, text)


def test_duplicate_key_through_a_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("a: 1\n" + nfc("Hồ sơ") + ": 1\n" + unicodedata.normalize("NFD", "Hồ sơ") + ": 2\n")
    with pytest.raises(InputError) as caught:
        read_yaml(path, display="dup.yaml")
    assert caught.value.location is not None and caught.value.location.startswith("dup.yaml:3:")


# ============================================================================ classification

RULE_FILES = {
    regime: ROOT / "checklists" / "classification" / f"{regime}.yaml" for regime in ("nd85", "nd331")
}
RAW_ROWS = {
    regime: yaml.safe_load(path.read_text(encoding="utf-8"))["rows"] for regime, path in RULE_FILES.items()
}

Tri = bool | None


def _eval_row(cond: dict[str, Any], facts: dict[str, Any]) -> tuple[Tri, set[str]]:
    """Kleene evaluation of a raw YAML condition, written apart from attt_audit.conditions:
    (True / False / None for unknown, facts whose absence left it unknown)."""
    if "all" in cond:
        parts = [_eval_row(c, facts) for c in cond["all"]]
        if any(v is False for v, _ in parts):
            return False, set()
        unknown = [m for v, m in parts if v is None]
        return (None, set().union(*unknown)) if unknown else (True, set())
    if "any" in cond:
        parts = [_eval_row(c, facts) for c in cond["any"]]
        if any(v is True for v, _ in parts):
            return True, set()
        unknown = [m for v, m in parts if v is None]
        return (None, set().union(*unknown)) if unknown else (False, set())
    if "not" in cond:
        value, missing = _eval_row(cond["not"], facts)
        return (None, missing) if value is None else (not value, set())
    name = cond["fact"]
    value = facts.get(name)
    if "present" in cond:
        return (value is not None) == cond["present"], set()
    if value is None:
        return None, {name}
    if "eq" in cond:
        return value == cond["eq"], set()
    if "ne" in cond:
        return value != cond["ne"], set()
    if "in" in cond:
        return value in cond["in"], set()
    if "contains" in cond:
        return isinstance(value, list) and cond["contains"] in value, set()
    compare: dict[str, Callable[[Any, Any], bool]] = {
        "lt": lambda a, b: a < b,
        "lte": lambda a, b: a <= b,
        "gt": lambda a, b: a > b,
        "gte": lambda a, b: a >= b,
    }
    op = next(op for op in compare if op in cond)
    return compare[op](value, cond[op]), set()


def _walk_facts(cond: dict[str, Any], out: dict[str, set[str]]) -> None:
    for key in ("all", "any"):
        for child in cond.get(key, []):
            _walk_facts(child, out)
    if "not" in cond:
        _walk_facts(cond["not"], out)
    if "fact" in cond:
        ops = out.setdefault(cond["fact"], set())
        ops.update(k for k in cond if k != "fact")
        for op in ("lt", "lte", "gt", "gte"):
            if op in cond:
                ops.add(f"bound:{cond[op]}")


def _table_facts(regime: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for row in RAW_ROWS[regime]:
        _walk_facts(row["when"], out)
    return out


TABLE_FACTS = {regime: _table_facts(regime) for regime in RAW_ROWS}
PRESENT_FACTS = {
    regime: {f for f, ops in facts.items() if "present" in ops} for regime, facts in TABLE_FACTS.items()
}
"""Facts the table tests with ``present``: left out, they say "no such decision", not "unknown"."""


def _bounds(metadata: list[Any]) -> tuple[int | None, int | None]:
    lo = hi = None
    for item in metadata:
        if isinstance(item, FieldInfo):
            inner = _bounds(list(item.metadata))
            lo, hi = inner[0] if inner[0] is not None else lo, inner[1] if inner[1] is not None else hi
        elif hasattr(item, "ge"):  # annotated_types.Ge, as pydantic's Field(ge=…) records it
            lo = int(item.ge)
        elif hasattr(item, "le"):
            hi = int(item.le)
    return lo, hi


def _from_annotation(annotation: Any, thresholds: list[int]) -> st.SearchStrategy[Any]:
    """Values of a System field, read from its type (pydantic annotation), None excluded."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return st.one_of([_from_annotation(a, thresholds) for a in args if a is not type(None)])
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin is typing.Annotated:
        base, *metadata = args
        if base is int:
            lo, hi = _bounds(metadata)
            near = sorted({b + d for b in thresholds for d in (-1, 0, 1)})
            near = [n for n in near if (lo is None or n >= lo) and (hi is None or n <= hi)]
            ints = st.integers(min_value=lo, max_value=hi if hi is not None else 10**7)
            return st.one_of(ints, st.sampled_from(near)) if near else ints
        return _from_annotation(base, thresholds)
    if origin is list:
        return st.lists(_from_annotation(args[0], thresholds), min_size=1, unique=True)
    if annotation is bool:
        return st.booleans()
    raise AssertionError(f"no strategy for {annotation!r}")


def _domain(regime: str, name: str) -> st.SearchStrategy[Any]:
    thresholds = [int(op.split(":")[1]) for op in TABLE_FACTS[regime][name] if op.startswith("bound:")]
    return _from_annotation(System.model_fields[name].annotation, thresholds)


def test_every_fact_of_the_tables_is_a_system_field() -> None:
    for regime, facts in TABLE_FACTS.items():
        assert set(facts) <= set(System.model_fields), regime


@st.composite
def complete_facts(draw: st.DrawFn, regime: str) -> dict[str, Any]:
    """Every fact the table reads given a value (facts tested with ``present`` may be left out),
    consistent as the inventory requires (infra_scope only for infrastructure, ics_grade only for
    ics, state_secret as info_types says)."""
    facts: dict[str, Any] = {}
    for name in sorted(TABLE_FACTS[regime]):
        if name in PRESENT_FACTS[regime] and draw(st.booleans()):
            facts[name] = None
        else:
            facts[name] = draw(_domain(regime, name))
    kind = facts.get("system_type")
    if "infra_scope" in facts and kind != "infrastructure":
        facts["infra_scope"] = None if kind is not None else facts["infra_scope"]
    if "ics_grade" in facts and kind != "ics" and facts["ics_grade"] != "none":
        facts["ics_grade"] = draw(st.sampled_from([None, "none"]))
    if "state_secret" in facts and facts.get("info_types") is not None:
        facts["state_secret"] = "state_secret" in facts["info_types"]
    return facts


def _system(facts: dict[str, Any]) -> System:
    try:
        return System.model_validate({"id": "he-thong", "name": "Hệ thống thử", **facts})
    except ValidationError as exc:  # a combination the inventory refuses is not a case
        assume(False)
        raise AssertionError from exc


@st.composite
def partial_facts(draw: st.DrawFn, regime: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(complete facts, the same with some left out): the complete set is a completion."""
    full = draw(complete_facts(regime))
    maskable = sorted(n for n in full if n not in PRESENT_FACTS[regime])
    hidden = {name for name in maskable if draw(st.booleans())}
    return full, {n: (None if n in hidden else v) for n, v in full.items()}


def _expected(regime: str, facts: dict[str, Any]) -> dict[str, Any]:
    """What classify must say, computed from the YAML rows alone."""
    matched, unknown = [], []
    for row in RAW_ROWS[regime]:
        value, missing = _eval_row(row["when"], facts)
        if value is True:
            matched.append(row)
        elif value is None:
            unknown.append((row, missing))
    level = max((r["level"] for r in matched), default=None)
    blocking = [(r, m) for r, m in unknown if r["level"] > (level or 0)]
    outcome = "needs_input" if blocking else ("ok" if matched else "manual_review")
    return {
        "level": level,
        "matched": sorted(r["id"] for r in matched),
        "unknown": sorted(r["id"] for r, _ in unknown),
        "outcome": outcome,
        "missing": sorted(set().union(*(m for _, m in blocking))),
    }


def _level(regime: str, facts: dict[str, Any]) -> int:
    return classify(_system(facts), regime, TODAY).proposed_level or 0


REGIMES = st.sampled_from(sorted(RAW_ROWS))


@MEDIUM
@given(data=st.data(), regime=REGIMES)
def test_classification_is_the_highest_level_of_the_rows_that_match(data: st.DataObject, regime: str) -> None:
    _, facts = data.draw(partial_facts(regime))
    result = classify(_system(facts), regime, TODAY)
    expected = _expected(regime, facts)
    assert result.proposed_level == expected["level"]
    assert sorted(m.id for m in result.matched) == expected["matched"]
    assert sorted(m.id for m in result.unknown_rows) == expected["unknown"]
    assert result.outcome == expected["outcome"]
    assert result.missing == expected["missing"]


@MEDIUM
@given(data=st.data(), regime=REGIMES)
def test_adding_facts_never_lowers_the_level(data: st.DataObject, regime: str) -> None:
    full, facts = data.draw(partial_facts(regime))
    order = data.draw(st.permutations(sorted(n for n in facts if facts[n] != full[n])))
    levels = [_level(regime, facts)]
    for name in order:
        facts = {**facts, name: full[name]}
        levels.append(_level(regime, facts))
    assert levels == sorted(levels), list(zip(["(start)", *order], levels, strict=True))


@MEDIUM
@given(data=st.data(), regime=REGIMES)
def test_a_definite_level_is_never_raised_by_what_was_missing(data: st.DataObject, regime: str) -> None:
    """What classify promises while facts are missing: an ``ok`` or ``manual_review`` outcome
    holds for every completion of the facts; ``needs_input`` gives a floor, and only the facts it
    names as missing can raise the level above it."""
    full, facts = data.draw(partial_facts(regime))
    partial = classify(_system(facts), regime, TODAY)
    complete = classify(_system(full), regime, TODAY)
    assert complete.outcome in ("ok", "manual_review")  # every fact given: nothing left unknown
    level, completed_level = partial.proposed_level or 0, complete.proposed_level or 0
    assert completed_level >= level
    if partial.outcome == "ok":
        assert completed_level == level
    elif partial.outcome == "manual_review":
        assert complete.outcome == "manual_review"
    else:
        assert partial.missing
        # Every row that could still raise the level is listed, with what it waits for.
        for row in partial.unknown_rows:
            if row.level > level:
                assert set(row.missing) <= set(partial.missing)
        only_unnamed = {n: (full[n] if n not in partial.missing else v) for n, v in facts.items()}
        assert _level(regime, only_unnamed) == level


# ============================================================================ dates

DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
MONTHS = st.integers(min_value=-1200, max_value=1200)


@MANY
@given(day=DATES, months=MONTHS)
def test_add_months_moves_whole_months_and_clamps_to_the_month_end(day: dt.date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day
    if moved.day < day.day:
        assert moved.day == calendar.monthrange(moved.year, moved.month)[1]
    back = add_months(moved, -months)
    assert (back.year, back.month) == (day.year, day.month)
    assert back == day or back.day == moved.day < day.day


@MANY
@given(
    now=st.datetimes(min_value=dt.datetime(1976, 1, 1), max_value=dt.datetime(2200, 1, 1)),
    aware=st.booleans(),
)
def test_today_in_vietnam_differs_from_utc_only_from_17_00_utc(now: dt.datetime, aware: bool) -> None:
    # Vietnam has kept UTC+7 without daylight saving since 1975; a naive instant is UTC.
    given_now = now.replace(tzinfo=dt.UTC) if aware else now
    day = today_vn(given_now)
    assert day == (now + dt.timedelta(hours=7)).date()
    assert (day != now.date()) == (now.time() >= dt.time(17, 0))


@MANY
@given(
    now=st.datetimes(min_value=dt.datetime(1976, 1, 2), max_value=dt.datetime(2200, 1, 1)),
    offset_minutes=st.integers(min_value=-14 * 60, max_value=14 * 60),
)
def test_today_in_vietnam_ignores_the_time_zone_the_instant_is_written_in(
    now: dt.datetime, offset_minutes: int
) -> None:
    instant = now.replace(tzinfo=dt.UTC)
    elsewhere = instant.astimezone(dt.timezone(dt.timedelta(minutes=offset_minutes)))
    assert today_vn(elsewhere) == today_vn(instant)


# ============================================================================ working days

START = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 12, 31))


@functools.cache
def _vn_holidays(year: int) -> Any:
    return holidays.country_holidays("VN", years=year)


def _vn_holiday(day: dt.date) -> bool:
    return day in _vn_holidays(day.year)


@FAST
@given(start=START, n=st.integers(min_value=0, max_value=60), k=st.integers(min_value=1, max_value=30))
def test_working_days_increase_and_never_land_on_a_day_off(start: dt.date, n: int, k: int) -> None:
    day, later = add_working_days(start, n), add_working_days(start, n + k)
    assert start <= day < later
    if n == 0:
        assert day == start
    for end in (later, *([day] if n else [])):
        assert end.weekday() < 5 and not _vn_holiday(end), end
    assert working_days_between(start, day) == n
    assert working_days_between(start, later) == n + k
    assert working_days_between(later, start) == -(n + k)
    # Nothing skipped: every working day between start and the result is counted.
    between = [start + dt.timedelta(days=i) for i in range(1, (later - start).days + 1)]
    assert sum(d.weekday() < 5 and not _vn_holiday(d) for d in between) == n + k
    assert all(is_working_day(d) == (d.weekday() < 5 and not _vn_holiday(d)) for d in between)


def test_tet_is_not_a_working_day() -> None:
    # Lunar new year 2027 falls on 6 February (a Saturday); the weekdays around it are off.
    assert not is_working_day(dt.date(2027, 2, 8))
    assert add_working_days(dt.date(2027, 2, 5), 1) > dt.date(2027, 2, 8)


# ============================================================================ percentages


@MANY
@given(value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), lang=st.sampled_from(["vi", "en"]))
def test_format_percent_separator_suffix_and_round_trip(value: float, lang: str) -> None:
    text = format_percent(value, lang)
    assert text.endswith("%") and text.count("%") == 1
    number = text[:-1]
    if lang == "vi":
        assert "." not in number and number.count(",") == 1
        number = number.replace(",", ".")
    else:
        assert "," not in number and number.count(".") == 1
    assert re.fullmatch(r"-?\d+\.\d", number), text
    assert abs(float(number) - value) <= 0.05 + 1e-9 * max(1.0, abs(value))


def test_format_percent_of_nothing_is_a_dash() -> None:
    assert format_percent(None, "vi") == format_percent(None, "en") == "—"


# ============================================================================ workbook cells

CELL_TEXT = st.tuples(
    st.sampled_from(["", "", "=", "+", "-", "@", "\t", "\r", "'", " ="]),  # often a formula's first character
    st.text(
        st.one_of(
            st.sampled_from("=+-@\t\r\n'\" |!A1()"),
            st.characters(codec="utf-8"),
            st.sampled_from(VI_LETTERS),
        ),
        max_size=25,
    ),
).map("".join)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@FAST
@given(texts=st.lists(CELL_TEXT, min_size=1, max_size=8), how=st.sampled_from(["put", "append", "guard"]))
def test_workbook_text_is_never_a_formula_and_reads_back_as_written(texts: list[str], how: str) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    if how == "put":
        for row, text in enumerate(texts, 1):
            xlsx_safe.put(ws, row, 1, text)
    elif how == "append":
        xlsx_safe.append(ws, ["tiêu đề"])
        for text in texts:
            xlsx_safe.append(ws, [text])
    else:
        for row, text in enumerate(texts, 1):
            ws.cell(row=row, column=1, value=xlsx_safe.safe_cell_value(text))
        xlsx_safe.guard_workbook(wb)
    first = 2 if how == "append" else 1
    for row, text in enumerate(texts, first):
        cell = ws.cell(row=row, column=1)
        assert cell.data_type != "f", text
    buffer = io.BytesIO()
    wb.save(buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet is not None
    for row, text in enumerate(texts, first):
        cell = sheet.cell(row=row, column=1)
        shown = _ILLEGAL.sub("", text)
        assert cell.data_type != "f", text
        assert (cell.value or "") == shown, (text, cell.value)
        assert bool(cell.quotePrefix) == xlsx_safe.is_risky(shown), text


# ============================================================================ Markdown escaping

MD_TEXT = st.lists(
    st.one_of(
        st.sampled_from(list("<>[]()|`*_#!{}\\&:\n\r -")),
        st.sampled_from(
            ["<script>", "<SCRIPT", "](javascript:", "javascript:", "<br>", "&lt;", "\\|", "\r\n"]
        ),
        st.characters(codec="utf-8"),
        st.sampled_from(VI_LETTERS),
    ),
    max_size=20,
).map("".join)
_SPECIAL = set("[]|`*_#!{}<>")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _unescaped(text: str) -> list[tuple[int, str]]:
    """Markdown-ish scan: the special characters a backslash does not escape, with their index."""
    found, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            i += 2
            continue
        if ch in _SPECIAL:
            found.append((i, ch))
        i += 1
    return found


def _table_cells(row: str) -> list[str]:
    """Cells of a Markdown table row, split on the pipes a backslash does not escape."""
    cuts = [i for i, ch in _unescaped(row) if ch == "|"]
    return [row[a + 1 : b] for a, b in zip(cuts, cuts[1:], strict=False)]


@MANY
@given(text=MD_TEXT)
def test_escaped_running_text_stays_text(text: str) -> None:
    out = escape_md(text)
    assert "<script" not in out.lower()
    assert "](" not in out.replace("\\]", "")  # no link target after an unescaped bracket
    assert _unescaped(out) == [], (text, out)
    assert not _LINE_BREAK.search(out), (text, out)  # one line: no new block can start
    # What a reader sees once the escapes are undone is the input, line breaks read as spaces.
    shown = re.sub(r"\\(.)", r"\1", out).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert shown == _LINE_BREAK.sub(" ", text)


@MANY
@given(cells=st.lists(MD_TEXT, min_size=1, max_size=4))
def test_escaped_table_cells_stay_in_their_cell(cells: list[str]) -> None:
    row = "| " + " | ".join(escape_md_cell(c) for c in cells) + " |"
    assert not _LINE_BREAK.search(row), (cells, row)
    assert len(_table_cells(row)) == len(cells), (cells, row)
    assert "<script" not in row.lower()
    assert [ch for _, ch in _unescaped(row) if ch not in "|<>"] == []
    # The only raw tag is the line break the cell writes for a line break in the text.
    assert re.sub(r"<br>", "", row).count("<") == 0
