"""Level classification under ND 85 and ND 331: every row, maximum wins, missing facts, no match,
regime by date, mismatch warning, inspection dates, the example workspace and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from attt_audit.classify import (
    add_months,
    choose_regime,
    classify,
    criteria_names,
    load_ruleset,
    ruleset_path,
)
from attt_audit.cli import main
from attt_audit.conditions import evaluate, fact_names
from attt_audit.errors import InputError
from attt_audit.models import Classification, Condition, RuleSet, System
from attt_audit.yamlio import atomic_write_text, dump_yaml, load_model

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "so-gtvt"
TODAY = dt.date(2026, 11, 23)

# Every classification fact given and "neutral": with system_type "other" no row matches.
BASE: dict[str, Any] = {
    "system_type": "other",
    "info_types": ["public"],
    "handles_admin_procedures": False,
    "public_service_level": 1,
    "conditional_business_service": False,
    "conditional_investment_business": False,
    "users": 0,
    "subjects_basic": 0,
    "subjects_sensitive": 0,
    "needs_24x7": False,
    "national_egov_system": False,
    "state_secret": False,
    "defense_security_system": False,
    "ns_damage": "none",
    "strategic": False,
    "central_store_special_national_data": False,
}

CITIZEN = {"system_type": "citizen_business"}
PERSONAL = {"info_types": ["public", "personal"]}
SECRET = {"info_types": ["public", "state_secret"], "state_secret": True}


def make(**facts: Any) -> System:
    data = {**BASE, **facts}
    return System(id="sys", name="Hệ thống thử", **data)


def ids(c: Classification) -> list[str]:
    return [m.id for m in c.matched]


# (regime, row id, facts, expected proposed level)
ROW_CASES: list[tuple[str, str, dict[str, Any], int]] = [
    # ---- ND 331
    ("nd331", "A1a", {"system_type": "internal"}, 1),
    ("nd331", "A1b", {"risk_framework_level": 1}, 1),
    ("nd331", "A2a", {"system_type": "internal", "info_types": ["private"]}, 2),
    ("nd331", "A2b", CITIZEN, 2),
    ("nd331", "A2c", {**CITIZEN, **PERSONAL, "subjects_basic": 99_999, "subjects_sensitive": 9_999}, 2),
    ("nd331", "A2d", {"system_type": "infrastructure", "infra_scope": "single_org"}, 2),
    ("nd331", "A2e", {"pm_decided_level": 2}, 2),
    ("nd331", "A3a", {**SECRET, "system_type": "internal", "ns_damage": "harm"}, 3),
    ("nd331", "A3b", {**CITIZEN, "conditional_investment_business": True}, 3),
    ("nd331", "A3c", {**CITIZEN, "handles_admin_procedures": True}, 3),
    ("nd331", "A3d", {**CITIZEN, **PERSONAL, "subjects_basic": 100_000}, 3),
    ("nd331", "A3d", {**CITIZEN, **PERSONAL, "subjects_sensitive": 10_000}, 3),
    ("nd331", "A3e", {"system_type": "infrastructure", "infra_scope": "ministry_sector_or_provinces"}, 3),
    ("nd331", "A3f", {"system_type": "ics", "ics_grade": "II"}, 3),
    ("nd331", "A3g", {"risk_framework_level": 3}, 3),
    ("nd331", "A4a", {"defense_security_system": True, "ns_damage": "serious"}, 4),
    ("nd331", "A4a-floor", {**SECRET, "strategic": False, "ns_damage": "especially_serious"}, 4),
    ("nd331", "A4b", {"national_egov_system": True, "needs_24x7": True}, 4),
    ("nd331", "A4b", {"system_type": "infrastructure", "infra_scope": "nationwide", "needs_24x7": True}, 4),
    ("nd331", "A4c", {"system_type": "ics", "ics_grade": "I"}, 4),
    ("nd331", "A4d", {"pm_decided_level": 4}, 4),
    ("nd331", "A5a", {**SECRET, "strategic": True, "ns_damage": "especially_serious"}, 5),
    ("nd331", "A5b", {"central_store_special_national_data": True}, 5),
    ("nd331", "A5c", {"system_type": "infrastructure", "infra_scope": "international_link"}, 5),
    ("nd331", "A5d", {"system_type": "ics", "ics_grade": "ns_important_work"}, 5),
    ("nd331", "A5e", {"risk_framework_level": 5}, 5),
    # ---- ND 85
    ("nd85", "B1a", {"system_type": "internal"}, 1),
    ("nd85", "B2a", {"system_type": "internal", "info_types": ["public", "personal"]}, 2),
    ("nd85", "B2b", {**CITIZEN, "public_service_level": 2}, 2),
    ("nd85", "B2c", CITIZEN, 2),
    ("nd85", "B2d", {**CITIZEN, **PERSONAL, "users": 9_999}, 2),
    ("nd85", "B2e", {"system_type": "infrastructure", "infra_scope": "single_org"}, 2),
    ("nd85", "B3a", {**SECRET, "ns_damage": "harm"}, 3),
    ("nd85", "B3b", {**CITIZEN, "public_service_level": 3}, 3),
    ("nd85", "B3c", {**CITIZEN, "conditional_business_service": True}, 3),
    ("nd85", "B3d", {**CITIZEN, **PERSONAL, "users": 10_000}, 3),
    ("nd85", "B3e", {"system_type": "infrastructure", "infra_scope": "ministry_sector_or_provinces"}, 3),
    ("nd85", "B3f", {"system_type": "ics", "ics_grade": "IV"}, 3),
    ("nd85", "B4a", {**SECRET, "ns_damage": "serious"}, 4),
    ("nd85", "B4b", {"national_egov_system": True, "needs_24x7": True}, 4),
    ("nd85", "B4c", {"system_type": "infrastructure", "infra_scope": "nationwide", "needs_24x7": True}, 4),
    ("nd85", "B4d", {"system_type": "ics", "ics_grade": "I"}, 4),
    ("nd85", "B5a", {"defense_security_system": True, "ns_damage": "especially_serious"}, 5),
    ("nd85", "B5b", {"central_store_special_national_data": True}, 5),
    ("nd85", "B5c", {"system_type": "infrastructure", "infra_scope": "international_link"}, 5),
    ("nd85", "B5d", {"system_type": "ics", "ics_grade": "special"}, 5),
    ("nd85", "B5e", {"pm_decided_level": 5}, 5),
]


@pytest.mark.parametrize(
    ("regime", "row_id", "facts", "level"),
    ROW_CASES,
    ids=[f"{r}-{i}-{n}" for n, (r, i, _, _) in enumerate(ROW_CASES)],
)
def test_each_row_matches(regime: str, row_id: str, facts: dict[str, Any], level: int) -> None:
    c = classify(make(**facts), regime, TODAY)
    assert row_id in ids(c)
    assert c.outcome == "ok", (c.missing, c.unknown_rows)
    assert c.proposed_level == level
    row = next(m for m in c.matched if m.id == row_id)
    assert row.article == f"{regime.upper()} {row.ref}"
    assert set(criteria_names(regime, row.ref)) <= c.criteria


@pytest.mark.parametrize("regime", ["nd85", "nd331"])
def test_every_row_has_a_case(regime: str) -> None:
    covered = {row_id for r, row_id, _, _ in ROW_CASES if r == regime}
    assert {row.id for row in load_ruleset(regime).rows} == covered


# Facts that must NOT match a row (threshold edges, other types).
NEGATIVE_CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("nd331", "A2c", {**CITIZEN, **PERSONAL, "subjects_basic": 100_000, "subjects_sensitive": 10_000}),
    ("nd331", "A2c", {**CITIZEN, "subjects_basic": 10}),  # no private/personal information
    ("nd331", "A3d", {**CITIZEN, **PERSONAL, "subjects_basic": 99_999}),
    (
        "nd331",
        "A3d",
        {"system_type": "internal", **PERSONAL, "subjects_basic": 500_000},
    ),  # internal: 12.1 only
    (
        "nd331",
        "A2a",
        {"system_type": "internal", "info_types": ["private", "state_secret"], "state_secret": True},
    ),
    ("nd331", "A5a", {**SECRET, "strategic": False, "ns_damage": "especially_serious"}),
    ("nd331", "A4b", {"national_egov_system": True, "needs_24x7": False}),
    ("nd85", "B2d", {**CITIZEN, **PERSONAL, "users": 10_000}),
    ("nd85", "B3d", {**CITIZEN, **PERSONAL, "users": 9_999}),
    ("nd85", "B3d", {**CITIZEN, "users": 50_000}),  # public information only
    ("nd85", "B4c", {"system_type": "infrastructure", "infra_scope": "nationwide", "needs_24x7": False}),
    ("nd85", "B5e", {"pm_decided_level": 4}),
]


@pytest.mark.parametrize(
    ("regime", "row_id", "facts"),
    NEGATIVE_CASES,
    ids=[f"{r}-not-{i}-{n}" for n, (r, i, _) in enumerate(NEGATIVE_CASES)],
)
def test_row_does_not_match(regime: str, row_id: str, facts: dict[str, Any]) -> None:
    c = classify(make(**facts), regime, TODAY)
    assert row_id not in ids(c)
    assert row_id not in [u.id for u in c.unknown_rows]


def test_internal_personal_system_is_level_2_whatever_its_size() -> None:
    c = classify(
        make(system_type="internal", info_types=["personal"], subjects_basic=2_000_000), "nd331", TODAY
    )
    assert (c.proposed_level, ids(c)) == (2, ["A2a"])


# ------------------------------------------------------------------- several rows: maximum wins

MULTI_CASES: list[tuple[str, dict[str, Any], int, list[str]]] = [
    (
        "nd331",
        {**CITIZEN, **PERSONAL, "handles_admin_procedures": True, "subjects_basic": 40_000},
        3,
        ["A3c", "A2b", "A2c"],
    ),
    (
        "nd331",
        {**CITIZEN, **SECRET, "handles_admin_procedures": True, "ns_damage": "serious"},
        4,
        ["A4a", "A3c", "A2b"],
    ),
    ("nd331", {"system_type": "ics", "ics_grade": "III", "pm_decided_level": 5}, 5, ["A5e", "A3f"]),
    (
        "nd85",
        {**CITIZEN, **PERSONAL, "public_service_level": 4, "users": 46_500},
        3,
        ["B3b", "B3d", "B2c"],
    ),
    (
        "nd85",
        {
            "system_type": "infrastructure",
            "infra_scope": "nationwide",
            "needs_24x7": True,
            "national_egov_system": True,
        },
        4,
        ["B4b", "B4c"],
    ),
]


@pytest.mark.parametrize(
    ("regime", "facts", "level", "expected"),
    MULTI_CASES,
    ids=[f"{r}-max-{lv}-{'+'.join(e)}" for r, _, lv, e in MULTI_CASES],
)
def test_highest_matching_level_wins(
    regime: str, facts: dict[str, Any], level: int, expected: list[str]
) -> None:
    c = classify(make(**facts), regime, TODAY)
    assert c.outcome == "ok"
    assert c.proposed_level == level
    assert ids(c) == expected  # every matching row listed, highest level first
    assert [m.level for m in c.matched] == sorted((m.level for m in c.matched), reverse=True)


# ------------------------------------------------------------------------------ missing facts

MISSING_CASES: list[tuple[str, dict[str, Any], int | None, list[str]]] = [
    ("nd331", {**CITIZEN, "handles_admin_procedures": None}, 2, ["handles_admin_procedures"]),
    ("nd331", {"system_type": None}, None, ["ics_grade", "infra_scope", "system_type"]),
    ("nd331", {**CITIZEN, **PERSONAL, "subjects_basic": None}, 2, ["subjects_basic"]),
    (
        "nd331",
        {"state_secret": None, "defense_security_system": True, "ns_damage": None},
        None,
        ["ns_damage"],
    ),
    ("nd85", {**CITIZEN, "public_service_level": None}, 2, ["public_service_level"]),
    ("nd85", {**CITIZEN, **PERSONAL, "users": None}, 2, ["users"]),
    ("nd85", {"national_egov_system": None, "needs_24x7": True}, None, ["national_egov_system"]),
    ("nd331", {"system_type": "ics", "ics_grade": None}, None, ["ics_grade"]),
]


@pytest.mark.parametrize(
    ("regime", "facts", "floor", "missing"),
    MISSING_CASES,
    ids=[f"{r}-needs-{'+'.join(m)}" for r, _, _, m in MISSING_CASES],
)
def test_missing_fact_needs_input(
    regime: str, facts: dict[str, Any], floor: int | None, missing: list[str]
) -> None:
    c = classify(make(**facts), regime, TODAY)
    assert c.outcome == "needs_input"
    assert c.missing == missing
    assert c.proposed_level == floor  # a lower bound, never a guess


def test_empty_system_needs_input_and_no_default_level() -> None:
    c = classify(System(id="trong", name="Trống"), "nd331", TODAY)
    assert c.outcome == "needs_input"
    assert c.proposed_level is None
    assert "system_type" in c.missing
    assert not c.matched


def test_unknown_rows_below_the_result_do_not_block() -> None:
    # A TTHC system is level 3 whatever its subject counts; the undecided L2/L3 rows stay listed.
    c = classify(
        make(
            **CITIZEN, **PERSONAL, handles_admin_procedures=True, subjects_basic=None, subjects_sensitive=None
        ),
        "nd331",
        TODAY,
    )
    assert (c.outcome, c.proposed_level, c.missing) == ("ok", 3, [])
    assert {u.id for u in c.unknown_rows} == {"A2c", "A3d"}
    assert c.unknown_criteria["nd331.12.2.b"] == frozenset({"subjects_basic", "subjects_sensitive"})
    assert "nd331.13.2" not in c.unknown_criteria  # decided by 13.2.b


def test_unknown_criteria_feed_conditions() -> None:
    c = classify(make(**CITIZEN, handles_admin_procedures=None), "nd331", TODAY)
    assert c.unknown_criteria["nd331.13.2.b"] == frozenset({"handles_admin_procedures"})
    cond = Condition.model_validate({"criterion": "nd331.13.2.b"})
    out = evaluate(cond, {}, c.criteria, c.unknown_criteria)
    assert (out.value, out.missing) == (None, frozenset({"handles_admin_procedures"}))


# ---------------------------------------------------------------------------------- no match


@pytest.mark.parametrize("regime", ["nd85", "nd331"])
@pytest.mark.parametrize(
    "facts",
    [
        {},
        {"system_type": "internal", "info_types": ["state_secret"], "state_secret": True},
        {"system_type": "ics", "ics_grade": "none"},
    ],
    ids=["other-type", "internal-secret-no-damage", "ics-without-grade"],
)
def test_no_matching_row_is_manual_review(regime: str, facts: dict[str, Any]) -> None:
    c = classify(make(**facts), regime, TODAY)
    assert c.outcome == "manual_review"
    assert c.proposed_level is None
    assert c.matched == []
    assert c.criteria == set()
    assert "cannot be named" in c.authority.en
    assert c.inspection_interval_months is None and c.next_inspection_due is None


# ------------------------------------------------------------------------------------ criteria


@pytest.mark.parametrize(
    ("regime", "ref", "names"),
    [
        ("nd85", "9.2.c", ["nd85.9.2.c", "nd85.9.2", "nd85.9"]),
        ("nd331", "13.2.b", ["nd331.13.2.b", "nd331.13.2", "nd331.13"]),
        ("nd85", "7", ["nd85.7"]),
    ],
    ids=["nd85-point", "nd331-point", "article-only"],
)
def test_criteria_names(regime: str, ref: str, names: list[str]) -> None:
    assert criteria_names(regime, ref) == names


def test_criteria_drive_applies_when() -> None:
    c = classify(make(**CITIZEN, **PERSONAL, users=20_000), "nd85", TODAY)
    facts = make().facts()
    for name, expected in (("nd85.9.2", True), ("nd85.9.2.c", True), ("nd85.9.3", False), ("nd85.9", True)):
        cond = Condition.model_validate({"criterion": name})
        assert evaluate(cond, facts, c.criteria, c.unknown_criteria).value is expected, name
    any_cond = Condition.model_validate({"criteria_any": ["nd85.9.3", "nd85.9.2.c"]})
    assert evaluate(any_cond, facts, c.criteria).value is True


# -------------------------------------------------------------------------------------- regime


@pytest.mark.parametrize(
    ("flag", "on", "expected"),
    [
        (None, dt.date(2026, 8, 18), "nd85"),
        (None, dt.date(2026, 8, 19), "nd331"),
        (None, dt.date(2026, 7, 1), "nd85"),
        (None, dt.date(2027, 1, 1), "nd331"),
        ("nd85", dt.date(2027, 1, 1), "nd85"),
        ("nd331", dt.date(2025, 1, 1), "nd331"),
    ],
    ids=["day-before-nd331", "nd331-first-day", "law116-first-day", "2027", "forced-nd85", "forced-nd331"],
)
def test_choose_regime(flag: str | None, on: dt.date, expected: str) -> None:
    assert choose_regime(flag, on) == expected


def test_unknown_regime_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"--regime 'nd99' is not a regime; expected nd85 or nd331"):
        choose_regime("nd99", TODAY)


# ----------------------------------------------------------------------------- transition notes

NOTE_CASES: list[tuple[str, dt.date, dict[str, Any], str, bool]] = [
    (
        "nd331",
        TODAY,
        {"approval": {"decision": "1/QĐ", "date": "2023-05-01", "approver": "Giám đốc", "regime": "nd85"}},
        "01/07/2027",
        True,
    ),
    (
        "nd331",
        TODAY,
        {"approval": {"decision": "1/QĐ", "date": "2026-10-01", "approver": "Giám đốc", "regime": "nd331"}},
        "01/07/2027",
        False,
    ),
    ("nd331", TODAY, {"go_live_date": None}, "39.1", True),
    ("nd331", TODAY, {"go_live_date": "2019-01-01"}, "39.1", False),
    ("nd85", TODAY, {}, "19/08/2026", True),
    ("nd85", dt.date(2026, 3, 1), {}, "19/08/2026", False),
    ("nd85", dt.date(2026, 7, 15), {}, "tạm dừng", True),
    ("nd85", dt.date(2026, 6, 30), {}, "tạm dừng", False),
]


@pytest.mark.parametrize(
    ("regime", "on", "facts", "needle", "present"),
    NOTE_CASES,
    ids=[
        "nd85-approval-kept",
        "nd331-approval-no-note",
        "in-build-39.1",
        "running-before-2026-no-39.1",
        "nd85-forced-after-switch",
        "nd85-before-switch",
        "gap-period",
        "before-law116",
    ],
)
def test_transition_notes(
    regime: str, on: dt.date, facts: dict[str, Any], needle: str, present: bool
) -> None:
    c = classify(make(system_type="internal", **facts), regime, on)
    assert any(needle in n.vi for n in c.notes) is present, [n.vi for n in c.notes]


# ------------------------------------------------------------------------------------ mismatch


def test_declared_level_mismatch_is_flagged() -> None:
    c = classify(make(**CITIZEN, handles_admin_procedures=True, declared_level=2), "nd331", TODAY)
    assert c.mismatch is True
    assert (c.declared_level, c.proposed_level) == (2, 3)
    assert any("khác cấp độ đề xuất (3)" in n.vi for n in c.notes)
    assert c.duty_level == 3  # duties follow the stricter level
    assert c.inspection_interval_months == 12


def test_matching_declared_level_is_not_a_mismatch() -> None:
    c = classify(make(**CITIZEN, handles_admin_procedures=True, declared_level=3), "nd331", TODAY)
    assert c.mismatch is False


@pytest.mark.parametrize(
    ("declared", "mismatch"),
    [(3, False), (2, False), (1, True)],
    ids=["above-floor", "at-floor", "below-floor"],
)
def test_mismatch_against_a_lower_bound(declared: int, mismatch: bool) -> None:
    # TTHC unknown: the level is at least 2 and may be 3.
    c = classify(make(**CITIZEN, handles_admin_procedures=None, declared_level=declared), "nd331", TODAY)
    assert (c.outcome, c.proposed_level) == ("needs_input", 2)
    assert c.mismatch is mismatch


def test_approved_level_used_when_nothing_declared() -> None:
    approval = {"decision": "9/QĐ", "date": "2024-01-02", "approver": "Giám đốc", "level": 1}
    c = classify(make(system_type="internal", info_types=["personal"], approval=approval), "nd85", TODAY)
    assert (c.approved_level, c.mismatch) == (1, True)


# ---------------------------------------------------------------------------- inspection dates


@pytest.mark.parametrize(
    ("regime", "facts", "last", "months", "due", "overdue"),
    [
        (
            "nd85",
            {"system_type": "internal", "info_types": ["personal"]},
            "2025-03-20",
            24,
            "2027-03-20",
            False,
        ),
        (
            "nd85",
            {**CITIZEN, "handles_admin_procedures": True, "public_service_level": 4},
            "2025-06-10",
            12,
            "2026-06-10",
            True,
        ),
        ("nd85", {"central_store_special_national_data": True}, "2026-06-30", 6, "2026-12-30", False),
        (
            "nd331",
            {"system_type": "internal", "info_types": ["personal"]},
            "2024-11-22",
            24,
            "2026-11-22",
            True,
        ),
        ("nd331", {**CITIZEN, "handles_admin_procedures": True}, "2026-04-15", 12, "2027-04-15", False),
    ],
    ids=["nd85-L2", "nd85-L3-overdue", "nd85-L5", "nd331-L2-overdue", "nd331-L3"],
)
def test_next_inspection_due(
    regime: str, facts: dict[str, Any], last: str, months: int, due: str, overdue: bool
) -> None:
    system = make(**facts, last_inspection={"date": last, "by": "Đơn vị kiểm tra"})
    c = classify(system, regime, TODAY)
    assert c.inspection_interval_months == months
    assert c.next_inspection_due == dt.date.fromisoformat(due)
    assert c.inspection_overdue is overdue
    assert any("quá hạn" in n.vi for n in c.notes) is overdue


def test_nd331_interval_is_marked_as_inference() -> None:
    c = classify(make(system_type="internal", info_types=["personal"]), "nd331", TODAY)
    assert c.inspection_basis is not None and "[INF]" in c.inspection_basis.vi


def test_no_inspection_recorded_is_due_now() -> None:
    c = classify(make(system_type="internal", info_types=["personal"]), "nd85", TODAY)
    assert c.next_inspection_due is None
    assert c.inspection_overdue is True
    assert any("Chưa ghi nhận lần kiểm tra" in n.vi for n in c.notes)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2024-08-31", 6, "2025-02-28"),
        ("2023-08-31", 6, "2024-02-29"),
        ("2025-12-15", 1, "2026-01-15"),
        ("2025-01-31", 24, "2027-01-31"),
    ],
    ids=["clamp-feb", "leap-feb", "year-roll", "two-years"],
)
def test_add_months(day: str, months: int, expected: str) -> None:
    assert add_months(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(expected)


# ------------------------------------------------------------------ authority and deadlines


@pytest.mark.parametrize(
    ("regime", "facts", "needle_vi", "ref"),
    [
        ("nd331", {"system_type": "internal", "info_types": ["personal"]}, "Đơn vị chuyên trách", "ND331 18"),
        (
            "nd331",
            {"defense_security_system": True, "ns_damage": "serious"},
            "Bộ Công an thẩm định",
            "ND331 18",
        ),
        (
            "nd85",
            {"defense_security_system": True, "ns_damage": "serious"},
            "Bộ Thông tin và Truyền thông",
            "ND85 12",
        ),
        ("nd85", {**CITIZEN, "conditional_business_service": True}, "15 ngày", "ND85 16.2"),
    ],
    ids=["nd331-L2", "nd331-L4", "nd85-L4", "nd85-L3"],
)
def test_authority_by_level(regime: str, facts: dict[str, Any], needle_vi: str, ref: str) -> None:
    c = classify(make(**facts), regime, TODAY)
    assert needle_vi in c.authority.vi
    assert ref in c.authority_ref


def test_deadlines_follow_level() -> None:
    l3 = classify(make(**CITIZEN, handles_admin_procedures=True), "nd331", TODAY)
    l2 = classify(make(system_type="internal", info_types=["personal"]), "nd331", TODAY)
    assert "appraisal-15-working-days" in [d.id for d in l3.deadlines]
    assert "appraisal-15-working-days" not in [d.id for d in l2.deadlines]
    assert "incident-24h-72h" in [d.id for d in l2.deadlines]


# ----------------------------------------------------------------------------- rule-set data


@pytest.mark.parametrize("regime", ["nd85", "nd331"])
def test_rule_conditions_use_only_inventory_facts(regime: str) -> None:
    known = set(System(id="x", name="x").facts())
    for row in load_ruleset(regime).rows:
        assert fact_names(row.when) <= known, row.id


def test_ruleset_rejects_wrong_article_label(tmp_path: Path) -> None:
    from attt_audit.yamlio import read_yaml

    data = read_yaml(ruleset_path("nd331")).data
    data["rows"][0]["article"] = "ND331 99.9"
    path = tmp_path / "nd331.yaml"
    atomic_write_text(path, dump_yaml(data))
    with pytest.raises(InputError, match=r"row A1a: article 'ND331 99.9' should be 'ND331 11.1'"):
        load_model(RuleSet, path)


def test_ruleset_rejects_duplicate_row_id(tmp_path: Path) -> None:
    from attt_audit.yamlio import read_yaml

    data = read_yaml(ruleset_path("nd85")).data
    data["rows"][1]["id"] = data["rows"][0]["id"]
    path = tmp_path / "nd85.yaml"
    atomic_write_text(path, dump_yaml(data))
    with pytest.raises(InputError, match=r"row id 'B1a' appears twice"):
        load_model(RuleSet, path)


# ------------------------------------------------------------------------------- JSON output


def test_json_dump_is_stable_and_round_trips() -> None:
    system = make(**CITIZEN, **PERSONAL, handles_admin_procedures=True, subjects_basic=None)
    first = classify(system, "nd331", TODAY).model_dump(mode="json")
    second = classify(system, "nd331", TODAY).model_dump(mode="json")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert first["criteria"] == sorted(first["criteria"])
    assert list(first["unknown_criteria"]) == sorted(first["unknown_criteria"])
    back = Classification.model_validate(first)
    assert back.criteria == classify(system, "nd331", TODAY).criteria


# ---------------------------------------------------------------------------- example workspace

EXAMPLE_EXPECTED = {
    # id: (level, nd331 articles at that level, nd85 articles at that level)
    "cong-ttdt": (2, ["ND331 12.2.a"], ["ND85 8.2.a", "ND85 8.2.b"]),
    "qlvb-dh": (2, ["ND331 12.1"], ["ND85 8.1"]),
    "dvc-truc-tuyen": (3, ["ND331 13.2.b"], ["ND85 9.2.a", "ND85 9.2.c"]),
    "camera-gt": (3, ["ND331 13.3"], ["ND85 9.3"]),
    "gplx-sat-hach": (3, ["ND331 13.2.b"], ["ND85 9.2.a", "ND85 9.2.c"]),
}


@pytest.mark.parametrize("regime", ["nd85", "nd331"])
def test_example_workspace_every_system_classified(regime: str) -> None:
    from attt_audit.workspace import Workspace

    inventory = Workspace(EXAMPLE).inventory()
    assert sorted(s.id for s in inventory.systems) == sorted(EXAMPLE_EXPECTED)
    overdue = []
    for system in inventory.systems:
        c = classify(system, regime, TODAY)
        level, nd331, nd85 = EXAMPLE_EXPECTED[system.id]
        assert (c.outcome, c.proposed_level, c.mismatch) == ("ok", level, False), system.id
        top = sorted(m.article for m in c.matched if m.level == level)
        assert top == (nd331 if regime == "nd331" else nd85)
        assert c.next_inspection_due is not None
        if c.inspection_overdue:
            overdue.append(system.id)
    assert overdue == ["camera-gt"]


def test_example_hosts_are_documentation_addresses() -> None:
    import ipaddress

    from attt_audit.workspace import Workspace

    doc_net = ipaddress.ip_network("192.0.2.0/24")
    for system in Workspace(EXAMPLE).inventory().systems:
        for host in system.hosts:
            assert ipaddress.ip_address(host.address) in doc_net
        for ep in system.endpoints:
            try:
                assert ipaddress.ip_address(ep.host) in doc_net
            except ValueError:
                assert ep.host.endswith(".example"), ep.host


# ------------------------------------------------------------------------------------------ CLI


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write_inventory(root: Path, systems: list[dict[str, Any]]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    data = {"organisation": {"name": "Sở Thử nghiệm"}, "systems": systems}
    atomic_write_text(root / "inventory.yaml", dump_yaml(data))
    return root


def test_cli_json_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "classify", "-w", str(EXAMPLE), "--format", "json", "--date", "2026-11-23")
    assert code == 0, err
    payload = json.loads(out)
    assert payload["regime"] == "nd331"
    levels = {s["system_id"]: s["proposed_level"] for s in payload["systems"]}
    assert levels == {k: v[0] for k, v in EXAMPLE_EXPECTED.items()}
    camera = next(s for s in payload["systems"] if s["system_id"] == "camera-gt")
    assert (camera["next_inspection_due"], camera["inspection_overdue"]) == ("2026-06-10", True)
    # stable: the same run gives byte-identical output
    code, again, _ = run(capsys, "classify", "-w", str(EXAMPLE), "--format", "json", "--date", "2026-11-23")
    assert again == out


@pytest.mark.parametrize(
    ("date", "regime"), [("2026-08-18", "nd85"), ("2026-08-19", "nd331")], ids=["before", "from"]
)
def test_cli_regime_default_by_date(capsys: pytest.CaptureFixture[str], date: str, regime: str) -> None:
    code, out, _ = run(capsys, "classify", "-w", str(EXAMPLE), "--format", "json", "--date", date)
    assert code == 0
    assert json.loads(out)["regime"] == regime


def test_cli_markdown_single_system(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "classify", "-w", str(EXAMPLE), "--system", "dvc-truc-tuyen", "--format", "md",
        "--regime", "nd85", "--date", "2026-11-23",
    )  # fmt: skip
    assert code == 0
    assert "| `dvc-truc-tuyen` |" in out
    assert "ND85 9.2.a" in out and "ND85 9.2.c" in out
    assert "15/04/2027" in out
    assert "19/08/2026" in out  # ND85 forced after the switch: the transition note is printed


def test_cli_mismatch_warns_and_strict_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = write_inventory(
        tmp_path / "ws",
        [
            {
                **BASE,
                **CITIZEN,
                "id": "dvc",
                "name": "DVC",
                "handles_admin_procedures": True,
                "declared_level": 2,
            }
        ],
    )
    code, out, err = run(capsys, "classify", "-w", str(ws), "--format", "md", "--date", "2026-11-23")
    assert code == 0
    assert "cảnh báo: dvc: cấp độ khai báo 2 khác cấp độ đề xuất 3" in err
    assert "2 ⚠" in out
    code, _, err = run(
        capsys, "classify", "-w", str(ws), "--strict", "--format", "json", "--date", "2026-11-23"
    )
    assert code == 1
    code, _, _ = run(
        capsys, "classify", "-w", str(EXAMPLE), "--strict", "--format", "json", "--date", "2026-11-23"
    )
    assert code == 0


def test_cli_needs_input_and_manual_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = write_inventory(
        tmp_path / "ws",
        [
            {**BASE, **CITIZEN, "id": "a", "name": "A", "handles_admin_procedures": None},
            {**BASE, "id": "b", "name": "B"},
        ],
    )
    code, out, _ = run(
        capsys, "--lang", "en", "classify", "-w", str(ws), "--format", "md", "--date", "2026-11-23"
    )
    assert code == 0
    assert "Needs input: handles_admin_procedures" in out
    assert "| ≥ 2 |" in out
    assert "Manual review (no rule matched)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "error: --format 'xml' is not a format; expected table, json, md"),
        (["--regime", "nd99"], "error: --regime 'nd99' is not a regime; expected nd85 or nd331"),
        (["--date", "23/11/2026"], "error: --date '23/11/2026' is not a date; expected YYYY-MM-DD"),
        (["--system", "khong-co"], "error: no system 'khong-co' in"),
    ],
    ids=["format", "regime", "date", "system"],
)
def test_cli_input_errors(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, _, err = run(capsys, "--lang", "en", "classify", "-w", str(EXAMPLE), *args)
    assert code == 2
    assert err.strip().startswith(message)


def test_cli_missing_inventory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "classify", "-w", str(tmp_path))
    assert code == 2
    assert f"no inventory.yaml in {tmp_path}" in err


@pytest.mark.parametrize(("anqg", "expected"), [(True, True), (False, False)], ids=["anqg", "not-anqg"])
def test_anqg_system_gets_level5_procedure_and_duties(anqg: bool, expected: bool) -> None:
    c = classify(make(**CITIZEN, handles_admin_procedures=True, anqg=anqg), "nd331", TODAY)
    assert c.proposed_level == 3
    ids_ = [d.id for d in c.deadlines]
    assert ("anqg-self-check" in ids_) is expected
    assert ("external-assessment" in ids_) is expected
    assert any("20.4" in n.vi for n in c.notes) is expected


def _criteria_in(cond: Condition | None) -> set[str]:
    if cond is None:
        return set()
    names = set(cond.criteria_any or []) | ({cond.criterion} if cond.criterion else set())
    for child in (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ else []):
        names |= _criteria_in(child)
    return names


def test_catalog_criteria_are_names_the_tables_produce() -> None:
    from attt_audit.catalog import load_catalog

    producible = {
        name for regime in ("nd85", "nd331") for row in load_ruleset(regime).rows
        for name in criteria_names(regime, row.ref)
    }  # fmt: skip
    used = {
        name
        for control in load_catalog().controls.values()
        for variant in control.levels.values()
        for name in _criteria_in(variant.applies_when)
    }
    assert used - producible == set()
