"""The engine's rules (docs/engine.md) as truth tables, on a small catalog written here."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from engine_support import ORG, TODAY, FakeClassification, by_id, demo_catalog, demo_profile, run, system

from attt_audit.catalog import Catalog, ResolvedProfile
from attt_audit.engine import Verdict, answer_verdict, assess, combine, describe_condition
from attt_audit.models import Answer, LocalText, Status


@pytest.fixture
def catalog() -> Catalog:
    return demo_catalog()


@pytest.fixture
def resolved() -> ResolvedProfile:
    return demo_profile()


# ---------------------------------------------------------------- combining the methods

P, F, H, NA, NS = Status.PASS, Status.FAIL, Status.PARTIAL, Status.NA, Status.NOT_ASSESSED
R = LocalText(vi="lý do", en="reason")


def v(method: str, status: Status | None) -> Verdict:
    return Verdict(method, status, R if status is not None else None)  # type: ignore[arg-type]


# answer, probe, inventory → status, deciding methods, conflict flagged
COMBINE = [
    ("nothing", None, None, None, NS, [], False),
    ("answer-pass", P, None, None, P, ["answer"], False),
    ("answer-fail", F, None, None, F, ["answer"], False),
    ("answer-partial", H, None, None, H, ["answer"], False),
    ("answer-na", NA, None, None, NA, ["answer"], False),
    ("pass+probe-fail=conflict", P, F, None, F, ["answer", "probe"], True),
    ("pass+probe-pass", P, P, None, P, ["answer", "probe"], False),
    ("fail+probe-pass", F, P, None, F, ["answer", "probe"], False),
    ("partial+probe-fail", H, F, None, F, ["answer", "probe"], False),
    ("partial+probe-pass", H, P, None, H, ["answer", "probe"], False),
    ("na+probe-fail=conflict", NA, F, None, F, ["answer", "probe"], True),
    ("na+probe-pass=conflict", NA, P, None, P, ["answer", "probe"], True),
    ("probe-only-fail", None, F, None, F, ["probe"], False),
    ("probe-only-pass", None, P, None, P, ["probe"], False),
    ("inventory-only-pass", None, None, P, P, ["inventory"], False),
    ("inventory-only-fail", None, None, F, F, ["inventory"], False),
    ("inventory-missing-fact", None, None, NS, NS, [], False),
    ("pass+inventory-fail=conflict", P, None, F, F, ["answer", "inventory"], True),
    ("pass+inventory-partial=conflict", P, None, H, H, ["answer", "inventory"], True),
    ("pass+inventory-missing", P, None, NS, P, ["answer"], False),
    ("all-three-agree", P, P, P, P, ["answer", "probe", "inventory"], False),
    ("partial+probe-pass+inv-pass", H, P, P, H, ["answer", "probe", "inventory"], False),
    ("probe-fail+inventory-pass", None, F, P, F, ["probe", "inventory"], False),
    ("na+inventory-na", NA, None, NA, NA, ["answer", "inventory"], False),
]


@pytest.mark.parametrize(
    ("answer", "probe", "inventory", "status", "methods", "conflict"),
    [row[1:] for row in COMBINE],
    ids=[row[0] for row in COMBINE],
)
def test_combine_truth_table(
    answer: Status | None,
    probe: Status | None,
    inventory: Status | None,
    status: Status,
    methods: list[str],
    conflict: bool,
) -> None:
    got, got_methods, reason, conflicts = combine(
        v("answer", answer), v("probe", probe), v("inventory", inventory)
    )
    assert got is status
    assert got_methods == methods
    assert bool(conflicts) is conflict
    if status is NS:
        assert reason is not None  # a not-assessed result always says why
    if conflict:
        assert "Conflict: answered" in conflicts[0].en and "Mâu thuẫn" in conflicts[0].vi


def test_unanswered_unprobed_requirement_says_why() -> None:
    got, methods, reason, _ = combine(
        Verdict("answer", None, LocalText(vi="Chưa có câu trả lời (q1)", en="No answer given (q1)")),
        Verdict("probe", None, LocalText(vi="Không có kết quả", en="No probe evidence for tls.x")),
        Verdict("inventory", None),
    )
    assert got is NS and methods == []
    assert reason is not None and reason.en == "No answer given (q1); No probe evidence for tls.x"


# ---------------------------------------------------------------- answers of one control

POLICY = "demo.policy/3/"
# q1, q2: status questions; q3: days compared with min 30 (binding, P1)
ANSWERS = [
    ("all-met", {"q1": "Đạt", "q2": "pass", "q3": (None, 30)}, P, False),
    ("one-fails", {"q1": "Đạt", "q2": "Không đạt", "q3": (None, 45)}, H, False),
    ("all-fail", {"q1": "Không đạt", "q2": "fail", "q3": (None, 10)}, F, False),
    ("partial-answer", {"q1": "Một phần", "q2": "Đạt", "q3": (None, 60)}, H, False),
    ("value-below-min", {"q1": "Đạt", "q2": "Đạt", "q3": (None, 10)}, H, False),
    ("value-below-min-answered-pass", {"q1": "Đạt", "q2": "Đạt", "q3": ("Đạt", 7)}, H, True),
    ("one-unanswered", {"q1": "Đạt", "q2": "Đạt"}, H, False),
    ("nothing", {}, None, False),
    ("not-assessed-counts-as-unanswered", {"q1": "Chưa đánh giá"}, None, False),
    ("na-one-question", {"q1": "Đạt", "q2": ("Không áp dụng", None), "q3": (None, 30)}, P, False),
    (
        "na-value-not-compared",
        {"q1": "Không áp dụng", "q2": "Không áp dụng", "q3": ("Không áp dụng", 5)},
        NA,
        False,
    ),
]


def _answers(spec: dict[str, Any]) -> dict[str, Answer]:
    out = {}
    for qid, given in spec.items():
        status, value = given if isinstance(given, tuple) else (given, None)
        data: dict[str, Any] = {"status": status, "value": value}
        if status == "Không áp dụng":
            data["justification"] = "Không có bộ phận này"
        out[POLICY + qid] = Answer.model_validate({k: x for k, x in data.items() if x is not None})
    return out


@pytest.mark.parametrize(
    ("spec", "status", "conflict"), [r[1:] for r in ANSWERS], ids=[r[0] for r in ANSWERS]
)
def test_answer_truth_table(
    resolved: ResolvedProfile, spec: dict[str, Any], status: Status | None, conflict: bool
) -> None:
    req = next(r for r in resolved.requirements if r.control.id == "demo.policy")
    verdict, shown, _ = answer_verdict(req, _answers(spec))
    assert verdict.status is status
    assert bool(verdict.conflicts) is conflict
    assert set(shown) == set(spec)
    if conflict:
        assert (
            verdict.conflicts[0].en == "Answered Pass but q3 gives 7 days; required at least 30 days (TT31 5)"
        )


def test_value_that_is_not_a_number_decides_nothing(resolved: ResolvedProfile) -> None:
    req = next(r for r in resolved.requirements if r.control.id == "demo.policy")
    verdict, _, _ = answer_verdict(req, {POLICY + "q3": Answer(value="ba mươi")})
    assert verdict.status is None
    assert verdict.reason is not None and "q3: value 'ba mươi' is not a number" in verdict.reason.en


@pytest.mark.parametrize(
    ("justification", "status"),
    [("Hệ thống không có phân hệ này", NA), (None, NS)],
    ids=["na-justified", "na-without-justification"],
)
def test_not_applicable_needs_a_justification(
    catalog: Catalog, resolved: ResolvedProfile, justification: str | None, status: Status
) -> None:
    answer: dict[str, Any] = {"status": "Không áp dụng"}
    if justification:
        answer["justification"] = justification
    result = run(catalog, resolved, {f"{POLICY}{q}": answer for q in ("q1", "q2", "q3")})
    got = by_id(result, "demo.policy")
    assert got.status is status
    if status is NS:
        assert got.reason is not None and got.reason.en == "Answered Not applicable without a justification"


def test_advisory_parameter_warns_but_never_fails(catalog: Catalog, resolved: ResolvedProfile) -> None:
    result = run(catalog, resolved, {"demo.logs/3/q1": {"value": 3}})
    got = by_id(result, "demo.logs")
    assert got.status is P
    assert len(got.advisories) == 1 and "advisory threshold of at least 6 months" in got.advisories[0].en


# ------------------------------------------------------------------- whole assessments


def test_probe_failure_contradicts_a_pass_answer(catalog: Catalog, resolved: ResolvedProfile) -> None:
    result = run(
        catalog,
        resolved,
        {"demo.tls/3/q1": {"status": "Đạt", "evidence": ["Cấu hình TLS.pdf"]}},
        observations=[
            ("tls.legacy_protocols_disabled", "fail"),
            ("http.hsts", "pass"),
            ("ssh.protocol_v2", "fail"),
        ],
    )
    got = by_id(result, "demo.tls")
    assert got.status is F
    assert got.methods == ["answer", "probe"]
    assert [o.check for o in got.observations] == ["tls.legacy_protocols_disabled", "http.hsts"]
    assert got.evidence == ["Cấu hình TLS.pdf", "evidence/probes/portal/run-1.json"]
    assert "tls.legacy_protocols_disabled @ portal.example:443" in got.conflicts[0].en


def test_probe_errors_decide_nothing(catalog: Catalog, resolved: ResolvedProfile) -> None:
    result = run(catalog, resolved, observations=[("tls.legacy_protocols_disabled", "error")])
    got = by_id(result, "demo.tls")
    assert got.status is NS
    assert (
        got.reason is not None
        and "Probe checks could not be tested (tls.legacy_protocols_disabled)" in got.reason.en
    )


@pytest.mark.parametrize(
    ("facts", "classification", "control", "status", "reason"),
    [
        (
            {"system_type": "internal"},
            None,
            "demo.web",
            NA,
            "Not applicable: its condition does not hold — system_type = 'citizen_business'",
        ),
        ({}, None, "demo.web", NS, "Cannot tell whether it applies: missing fact system_type"),
        (
            {},
            FakeClassification(set()),
            "demo.waf",
            NA,
            "Not applicable: its condition does not hold — criterion nd85.9.2",
        ),
        ({}, FakeClassification({"nd85.9.2"}), "demo.waf", NS, "No answer given (q1)"),
        (
            {},
            FakeClassification(unknown={"nd85.9.2": frozenset({"users"})}),
            "demo.waf",
            NS,
            "Cannot tell whether it applies: missing fact users",
        ),
    ],
    ids=["fact-false", "fact-missing", "criterion-false", "criterion-true", "criterion-unknown"],
)
def test_applicability(
    catalog: Catalog,
    resolved: ResolvedProfile,
    facts: dict[str, Any],
    classification: FakeClassification | None,
    control: str,
    status: Status,
    reason: str,
) -> None:
    result = run(catalog, resolved, sys=system(**facts), classification=classification)
    got = by_id(result, control)
    assert got.status is status
    assert got.reason is not None and got.reason.en == reason
    if status is NA:
        assert got.methods == ["condition"]


def test_without_classification_criteria_are_unknown_not_false(
    catalog: Catalog, resolved: ResolvedProfile
) -> None:
    result = assess(system(), ORG, resolved, catalog, today=TODAY)
    got = by_id(result, "demo.waf")
    assert got.status is NS
    assert (
        got.reason is not None
        and got.reason.en == "Cannot tell whether it applies: missing fact classification"
    )


@pytest.mark.parametrize(
    ("inspection", "status"),
    [(dt.date(2025, 6, 1), P), (dt.date(2024, 6, 1), F), (None, NS)],
    ids=["inspected-in-time", "inspection-overdue", "no-inspection-fact"],
)
def test_inventory_evaluator_decides_duties(
    catalog: Catalog, resolved: ResolvedProfile, inspection: dt.date | None, status: Status
) -> None:
    facts: dict[str, Any] = {}
    if inspection:
        facts["last_inspection"] = {"date": inspection, "by": "Tổ CNTT"}
    got = by_id(run(catalog, resolved, sys=system(**facts)), "demo.inspect")
    assert got.status is status
    assert got.methods == ([] if status is NS else ["inventory"])
    assert got.reason is not None
    if status is NS:
        assert "missing fact last_inspection.date" in got.reason.en


def test_low_confidence_requirement_never_fails_on_its_own(
    catalog: Catalog, resolved: ResolvedProfile
) -> None:
    result = run(catalog, resolved, {"demo.provider/3/q1": {"status": "Không đạt"}})
    got = by_id(result, "demo.provider")
    assert got.status is NS
    assert got.confidence == "S1"
    assert "Low-confidence requirement (S1)" in got.advisories[0].en
    item = next(i for i in result.remediation if i.control == "demo.provider")
    assert item.priority == 4


def test_result_carries_catalog_facts(catalog: Catalog, resolved: ResolvedProfile) -> None:
    result = run(
        catalog, resolved, {"demo.heading/3/q1": {"status": "Đạt"}, "demo.nope/3/q1": {"status": "Đạt"}}
    )
    got = by_id(result, "demo.heading")
    assert got.text_verified is False and got.clause == "7.2.2" and got.confidence == "B"
    assert by_id(result, "demo.tls").severity == "high"
    assert by_id(result, "demo.logs").weight == 2
    assert result.catalog == {"demo": "7"}
    assert result.groups["mgmt"].en == "Management"
    assert [n.en for n in result.notes] == ["1 answer matches no question at level 3: demo.nope/3/q1"]


def test_describe_condition_both_languages(resolved: ResolvedProfile) -> None:
    req = next(r for r in resolved.requirements if r.control.id == "demo.web")
    assert req.variant.applies_when is not None
    assert describe_condition(req.variant.applies_when, "vi") == "system_type = 'citizen_business'"


def test_answers_for_another_level_are_noted(catalog: Catalog, resolved: ResolvedProfile) -> None:
    from attt_audit.models import AnswerSet

    answers = AnswerSet(system="portal", level=2, answers={"demo.policy/2/q1": Answer(status=P)})
    result = assess(system(), ORG, resolved, catalog, today=TODAY, answers=answers)
    assert by_id(result, "demo.policy").status is NS
    assert result.notes[-1].en == (
        "The answers file is for level 2 but the system is assessed at level 3: only answers for level 3 are used"
    )


@pytest.mark.parametrize(
    ("probe", "inventory", "status", "methods"),
    [
        (Status.PASS, None, Status.NOT_ASSESSED, ["probe"]),
        (Status.PASS, Status.PASS, Status.NOT_ASSESSED, ["probe", "inventory"]),
        (Status.FAIL, None, Status.FAIL, ["probe"]),
        (Status.PASS, Status.FAIL, Status.FAIL, ["probe", "inventory"]),
    ],
    ids=["probe-pass", "probe+inventory-pass", "probe-fail-stands", "inventory-fail-stands"],
)
def test_checks_alone_never_pass_a_requirement_with_unanswered_questions(
    probe: Status, inventory: Status | None, status: Status, methods: list[str]
) -> None:
    got, got_methods, reason, _ = combine(
        Verdict("answer", None, LocalText(vi="Chưa có câu trả lời (q1)", en="No answer given (q1)")),
        v("probe", probe),
        v("inventory", inventory),
        questions_open=True,
    )
    assert got is status
    assert got_methods == methods
    if status is Status.NOT_ASSESSED:
        assert reason is not None
        assert "the questionnaire must be answered to conclude" in reason.en
        assert reason.en.endswith("No answer given (q1)")
