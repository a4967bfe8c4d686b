"""Inventory evaluators: table-driven over dates; a missing fact is always "not assessed"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from attt_audit.catalog import load_catalog
from attt_audit.errors import NotFoundError
from attt_audit.evaluators import EVALUATORS, EvalContext, add_months, run_evaluator
from attt_audit.models import Organisation, Status, System

D = dt.date
TODAY = D(2026, 11, 23)


def ctx(
    level: int = 3,
    params: dict[str, object] | None = None,
    org: dict[str, Any] | None = None,
    today: dt.date = TODAY,
    regime: str = "nd85",
    **facts: Any,
) -> EvalContext:
    system = System.model_validate({"id": "portal", "name": "Cổng thông tin", **facts})
    organisation = Organisation.model_validate({"name": "Sở Giao thông vận tải", **(org or {})})
    return EvalContext(system, organisation, level, regime, params or {}, today)


def approval(**over: Any) -> dict[str, Any]:
    base = {
        "decision": "123/QĐ-SGTVT",
        "date": D(2024, 3, 1),
        "approver": "Sở Giao thông vận tải",
        "level": 3,
        "appraised_by": "Trung tâm Công nghệ thông tin",
    }
    return base | over


CASES: list[tuple[str, str, EvalContext, Status, tuple[str, ...], str]] = [
    # --- ND85 Art 12: approved by the authority the level requires
    (
        "approval-missing",
        "inventory.level_approved_by_authority",
        ctx(),
        Status.NOT_ASSESSED,
        ("approval",),
        "missing fact approval",
    ),
    (
        "approval-l3-ok",
        "inventory.level_approved_by_authority",
        ctx(owner="Sở Giao thông vận tải tỉnh X", approval=approval()),
        Status.PASS,
        (),
        "Level 3 approved",
    ),
    (
        "approval-lower-level",
        "inventory.level_approved_by_authority",
        ctx(owner="Sở Giao thông vận tải", approval=approval(level=2)),
        Status.FAIL,
        (),
        "below the assessed level 3",
    ),
    (
        "approval-no-level",
        "inventory.level_approved_by_authority",
        ctx(owner="Sở Giao thông vận tải", approval=approval(level=None)),
        Status.NOT_ASSESSED,
        ("approval.level",),
        "missing fact approval.level",
    ),
    (
        "approval-no-appraiser",
        "inventory.level_approved_by_authority",
        ctx(owner="Sở Giao thông vận tải", approval=approval(appraised_by=None)),
        Status.NOT_ASSESSED,
        ("approval.appraised_by",),
        "missing fact approval.appraised_by",
    ),
    (
        "approval-no-owner",
        "inventory.level_approved_by_authority",
        ctx(approval=approval()),
        Status.NOT_ASSESSED,
        ("owner",),
        "missing fact owner",
    ),
    (
        "approval-signed-by-the-head",
        "inventory.level_approved_by_authority",
        ctx(
            owner="Sở Giao thông vận tải tỉnh Bình An",
            approval=approval(approver="Giám đốc Sở Giao thông vận tải"),
        ),
        Status.PASS,
        (),
        "Level 3 approved",
    ),
    (
        "approval-other-approver",
        "inventory.level_approved_by_authority",
        ctx(owner="UBND tỉnh X", approval=approval()),
        Status.NOT_ASSESSED,
        ("approval.approver",),
        "not “UBND tỉnh X”",
    ),
    (
        "approval-l2-security-unit",
        "inventory.level_approved_by_authority",
        ctx(
            level=2,
            org={"security_unit": "Văn phòng Sở"},
            approval=approval(level=2, approver="Văn phòng Sở"),
        ),
        Status.PASS,
        (),
        "specialised security unit appraises and approves",
    ),
    (
        "approval-l2-no-unit",
        "inventory.level_approved_by_authority",
        ctx(level=2, approval=approval(level=2)),
        Status.NOT_ASSESSED,
        ("organisation.security_unit",),
        "missing fact organisation.security_unit",
    ),
    (
        "approval-l4-local-appraiser",
        "inventory.level_approved_by_authority",
        ctx(level=4, owner="Sở Giao thông vận tải", approval=approval(level=4)),
        Status.NOT_ASSESSED,
        ("approval.appraised_by",),
        "not recognisably the body level 4 requires",
    ),
    (
        "approval-l4-mic",
        "inventory.level_approved_by_authority",
        ctx(
            level=4,
            owner="Sở Giao thông vận tải",
            approval=approval(level=4, appraised_by="Bộ Thông tin và Truyền thông"),
        ),
        Status.PASS,
        (),
        "MIC appraises",
    ),
    (
        "approval-l4-nd331-mps",
        "inventory.level_approved_by_authority",
        ctx(
            level=4,
            owner="Sở Giao thông vận tải",
            approval=approval(level=4, regime="nd331", appraised_by="Bộ Công an"),
        ),
        Status.PASS,
        (),
        "MPS appraises",
    ),
    (
        "approval-future-date",
        "inventory.level_approved_by_authority",
        ctx(owner="Sở Giao thông vận tải", approval=approval(date=D(2027, 1, 1))),
        Status.FAIL,
        (),
        "after the assessment date",
    ),
    # --- approved before go-live
    (
        "golive-approved-first",
        "inventory.approved_before_go_live",
        ctx(approval=approval(), go_live_date=D(2024, 6, 1)),
        Status.PASS,
        (),
        "before go-live",
    ),
    (
        "golive-same-day",
        "inventory.approved_before_go_live",
        ctx(approval=approval(), go_live_date=D(2024, 3, 1)),
        Status.PASS,
        (),
        "before go-live",
    ),
    (
        "golive-live-first",  # live after CT 09 was issued (23/02/2024), approved after go-live
        "inventory.approved_before_go_live",
        ctx(approval=approval(), go_live_date=D(2024, 2, 26)),
        Status.FAIL,
        (),
        "went live on 26/02/2024",
    ),
    (
        "golive-no-date",
        "inventory.approved_before_go_live",
        ctx(approval=approval()),
        Status.NOT_ASSESSED,
        ("go_live_date",),
        "missing fact go_live_date",
    ),
    (
        "golive-nothing",  # approval: null means "not approved"; only the go-live date is missing
        "inventory.approved_before_go_live",
        ctx(),
        Status.NOT_ASSESSED,
        ("go_live_date",),
        "missing fact go_live_date",
    ),
    # --- TT12 9.7: Quy chế before approval
    (
        "quyche-before",
        "inventory.quy_che_before_approval",
        ctx(quy_che_date=D(2024, 1, 15), approval=approval()),
        Status.PASS,
        (),
        "before the level approval",
    ),
    (
        "quyche-same-day",
        "inventory.quy_che_before_approval",
        ctx(quy_che_date=D(2024, 3, 1), approval=approval()),
        Status.PASS,
        (),
        "before the level approval",
    ),
    (
        "quyche-after",
        "inventory.quy_che_before_approval",
        ctx(quy_che_date=D(2024, 3, 2), approval=approval()),
        Status.FAIL,
        (),
        "after the level approval",
    ),
    (
        "quyche-missing",
        "inventory.quy_che_before_approval",
        ctx(approval=approval()),
        Status.NOT_ASSESSED,
        ("quy_che_date",),
        "missing fact quy_che_date",
    ),
    (
        "quyche-no-approval",
        "inventory.quy_che_before_approval",
        ctx(quy_che_date=D(2024, 1, 15)),
        Status.NOT_ASSESSED,
        ("approval",),
        "missing fact approval",
    ),
    # --- TT12 9.6: plan implemented before go-live
    (
        "plan-before",
        "inventory.plan_implemented_before_go_live",
        ctx(plan_implemented_date=D(2024, 5, 1), go_live_date=D(2024, 6, 1)),
        Status.PASS,
        (),
        "before go-live",
    ),
    (
        "plan-after",
        "inventory.plan_implemented_before_go_live",
        ctx(plan_implemented_date=D(2024, 7, 1), go_live_date=D(2024, 6, 1)),
        Status.FAIL,
        (),
        "before the plan was fully implemented",
    ),
    (
        "plan-missing",
        "inventory.plan_implemented_before_go_live",
        ctx(go_live_date=D(2024, 6, 1)),
        Status.NOT_ASSESSED,
        ("plan_implemented_date",),
        "missing fact plan_implemented_date",
    ),
    (
        "plan-future",
        "inventory.plan_implemented_before_go_live",
        ctx(plan_implemented_date=D(2027, 1, 1), go_live_date=D(2024, 6, 1)),
        Status.NOT_ASSESSED,
        ("plan_implemented_date",),
        "not valid",
    ),
    # --- ND85 20.2.c: periodic inspection
    (
        "insp-l3-within",
        "inventory.last_inspection_within_interval",
        ctx(params={"interval_months": 12}, last_inspection={"date": D(2025, 12, 1), "by": "X"}),
        Status.PASS,
        (),
        "next due by 01/12/2026",
    ),
    (
        "insp-l3-due-today",
        "inventory.last_inspection_within_interval",
        ctx(params={"interval_months": 12}, last_inspection={"date": D(2025, 11, 23), "by": "X"}),
        Status.PASS,
        (),
        "next due by 23/11/2026",
    ),
    (
        "insp-l3-overdue",
        "inventory.last_inspection_within_interval",
        ctx(params={"interval_months": 12}, last_inspection={"date": D(2025, 11, 22), "by": "X"}),
        Status.FAIL,
        (),
        "overdue by 1 days",
    ),
    (
        "insp-l1-two-years",
        "inventory.last_inspection_within_interval",
        ctx(level=1, params={"interval_months": 24}, last_inspection={"date": D(2025, 1, 10), "by": "X"}),
        Status.PASS,
        (),
        "every 24 months",
    ),
    (
        "insp-l5-six-months-overdue",
        "inventory.last_inspection_within_interval",
        ctx(level=5, params={"interval_months": 6}, last_inspection={"date": D(2026, 4, 30), "by": "X"}),
        Status.FAIL,
        (),
        "overdue by 24 days",
    ),
    (
        "insp-missing-old-approval",
        "inventory.last_inspection_within_interval",
        ctx(params={"interval_months": 12}, approval=approval()),
        Status.NOT_ASSESSED,
        ("last_inspection.date",),
        "missing fact last_inspection.date",
    ),
    (
        "insp-missing-new-approval",
        "inventory.last_inspection_within_interval",
        ctx(params={"interval_months": 12}, approval=approval(date=D(2026, 6, 1))),
        Status.PASS,
        (),
        "First inspection not yet due",
    ),
    (
        "insp-no-param",
        "inventory.last_inspection_within_interval",
        ctx(last_inspection={"date": D(2025, 12, 1), "by": "X"}),
        Status.NOT_ASSESSED,
        (),
        "no parameter interval_months",
    ),
    # --- TT12 13–14: annual report before 25/12
    (
        "report-last-year-on-time",
        "inventory.annual_report_on_time",
        ctx(org={"annual_report_date": D(2025, 12, 20)}),
        Status.PASS,
        (),
        "2025 annual report was sent on 20/12/2025",
    ),
    (
        "report-last-year-late",
        "inventory.annual_report_on_time",
        ctx(org={"annual_report_date": D(2026, 1, 5)}),
        Status.PARTIAL,
        (),
        "sent late",
    ),
    (
        "report-last-year-missing",
        "inventory.annual_report_on_time",
        ctx(org={"annual_report_date": D(2024, 12, 20)}),
        Status.FAIL,
        (),
        "No 2025 annual report",
    ),
    (
        "report-this-year-early",
        "inventory.annual_report_on_time",
        ctx(org={"annual_report_date": D(2026, 11, 20)}),
        Status.PASS,
        (),
        "2026 annual report",
    ),
    (
        "report-after-deadline-none",
        "inventory.annual_report_on_time",
        ctx(today=D(2026, 12, 28), org={"annual_report_date": D(2025, 12, 20)}),
        Status.FAIL,
        (),
        "No 2026 annual report",
    ),
    (
        "report-on-deadline-day",
        "inventory.annual_report_on_time",
        ctx(today=D(2026, 12, 28), org={"annual_report_date": D(2026, 12, 25)}),
        Status.PARTIAL,
        (),
        "due before 25/12/2026",
    ),
    (
        "report-missing",
        "inventory.annual_report_on_time",
        ctx(),
        Status.NOT_ASSESSED,
        ("organisation.annual_report_date",),
        "missing fact organisation.annual_report_date",
    ),
    # --- TT12 I.1.6 / I.1.7 plans
    (
        "risk-plan-ok",
        "inventory.risk_plan_issued",
        ctx(risk_plan_date=D(2024, 2, 1)),
        Status.PASS,
        (),
        "issued on 01/02/2024",
    ),
    (
        "risk-plan-missing",
        "inventory.risk_plan_issued",
        ctx(),
        Status.NOT_ASSESSED,
        ("risk_plan_date",),
        "missing fact risk_plan_date",
    ),
    (
        "risk-plan-future",
        "inventory.risk_plan_issued",
        ctx(risk_plan_date=D(2027, 2, 1)),
        Status.FAIL,
        (),
        "not yet issued",
    ),
    (
        "decom-plan-ok",
        "inventory.decommission_plan_issued",
        ctx(decommission_plan_date=D(2024, 2, 1)),
        Status.PASS,
        (),
        "decommissioning and disposal plan issued",
    ),
    (
        "decom-plan-missing",
        "inventory.decommission_plan_issued",
        ctx(),
        Status.NOT_ASSESSED,
        ("decommission_plan_date",),
        "missing fact decommission_plan_date",
    ),
]

MON = {"retention_days": 30, "report_interval_months": 6}
CASES += [
    # --- TT 31/2017 monitoring duties (level 3+)
    (
        "mon-ok",
        "inventory.monitoring_tt31",
        ctx(
            params=MON,
            monitoring={
                "central_system": True,
                "retention_days": 90,
                "last_report_to_authority": D(2026, 7, 1),
            },
        ),
        Status.PASS,
        (),
        "monitoring data kept 90 days",
    ),
    (
        "mon-short-retention",
        "inventory.monitoring_tt31",
        ctx(
            params=MON,
            monitoring={
                "central_system": True,
                "retention_days": 7,
                "last_report_to_authority": D(2026, 7, 1),
            },
        ),
        Status.PARTIAL,
        (),
        "kept only 7 days (< 30)",
    ),
    (
        "mon-all-fail",
        "inventory.monitoring_tt31",
        ctx(
            params=MON,
            monitoring={
                "central_system": False,
                "retention_days": 7,
                "last_report_to_authority": "2025-01-01",
            },
        ),
        Status.FAIL,
        (),
        "monitoring report overdue",
    ),
    (
        "mon-missing-some",
        "inventory.monitoring_tt31",
        ctx(params=MON, monitoring={"central_system": True}),
        Status.NOT_ASSESSED,
        ("monitoring.retention_days", "monitoring.last_report_to_authority"),
        "missing fact monitoring.retention_days, monitoring.last_report_to_authority",
    ),
    (
        "mon-missing-all",
        "inventory.monitoring_tt31",
        ctx(params=MON),
        Status.NOT_ASSESSED,
        ("monitoring.central_system", "monitoring.retention_days", "monitoring.last_report_to_authority"),
        "missing fact monitoring.central_system",
    ),
    (
        "mon-fail-and-missing",
        "inventory.monitoring_tt31",
        ctx(params=MON, monitoring={"central_system": False}),
        Status.FAIL,
        ("monitoring.retention_days", "monitoring.last_report_to_authority"),
        "no central monitoring system; missing fact",
    ),
    (
        "mon-bad-date",
        "inventory.monitoring_tt31",
        ctx(
            params=MON,
            monitoring={
                "central_system": True,
                "retention_days": 90,
                "last_report_to_authority": "last spring",
            },
        ),
        Status.NOT_ASSESSED,
        ("monitoring.last_report_to_authority",),
        "expected a date YYYY-MM-DD",
    ),
]


@pytest.mark.parametrize(
    ("name", "context", "status", "missing", "text"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_evaluator(
    name: str, context: EvalContext, status: Status, missing: tuple[str, ...], text: str
) -> None:
    outcome = run_evaluator(name, context)
    assert outcome.status == status, outcome.reason.en
    assert outcome.missing == missing
    assert text in outcome.reason.en
    assert outcome.reason.vi and outcome.reason.vi != outcome.reason.en


def test_every_evaluator_has_a_case() -> None:
    # The Decree 331 duty set's evaluators (nd331.*, nd333.*, law116.*, law91.*) are cased in
    # tests/test_nd331_duties.py.
    assert {c[1] for c in CASES} == {name for name in EVALUATORS if name.startswith("inventory.")}


def test_unknown_evaluator_is_named() -> None:
    with pytest.raises(
        NotFoundError, match="no inventory evaluator 'inventory.nope'; expected one of inventory"
    ):
        run_evaluator("inventory.nope", ctx())


def test_catalog_names_only_known_evaluators() -> None:
    catalog = load_catalog()
    named = {v.evaluate for c in catalog.controls.values() for v in c.levels.values() if v.evaluate}
    assert named, "the duties catalog names evaluators"
    assert named <= set(EVALUATORS), named - set(EVALUATORS)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2025, 11, 23), 12, D(2026, 11, 23)),
        (D(2026, 8, 15), 6, D(2027, 2, 15)),
        (D(2026, 12, 1), 24, D(2028, 12, 1)),
    ],
    ids=["end-of-month", "leap-year", "one-year", "six-months-over-new-year", "two-years"],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected
