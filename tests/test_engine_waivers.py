"""Waivers (Asia/Ho_Chi_Minh calendar days), scores with and without them, remediation priorities."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from engine_support import TODAY, by_id, demo_catalog, demo_profile, run

from attt_audit.errors import InputError
from attt_audit.models import LocalText, RequirementResult, Status, Waiver
from attt_audit.remediation import plan, priority
from attt_audit.scoring import compute_scores
from attt_audit.waivers import WaiverState, load_waivers, pick_waiver, today_in_vietnam, waiver_state


@pytest.fixture
def catalog() -> Any:
    return demo_catalog()


@pytest.fixture
def resolved() -> Any:
    return demo_profile()


P, F, H, NA, NS = Status.PASS, Status.FAIL, Status.PARTIAL, Status.NA, Status.NOT_ASSESSED


def waiver(
    control: str = "demo.tls", approved: str = "2026-06-01", expires: str = "2026-11-30", **kw: Any
) -> Waiver:
    data = {
        "id": kw.pop("id", "w-01"),
        "system": "portal",
        "control": control,
        "justification": "Máy chủ cũ chờ thay thế trong quý I/2027",
        "approver": "Nguyễn Văn Minh – Giám đốc Sở",
        "approved_on": approved,
        "expires_on": expires,
        "compensating_control": "Chặn TLS 1.0 tại WAF phía trước",
    }
    data.update(kw)
    return Waiver.model_validate(data)


# ---------------------------------------------------------------------- dates in Vietnam


@pytest.mark.parametrize(
    ("utc", "day"),
    [
        ("2026-11-30T16:59:59+00:00", dt.date(2026, 11, 30)),
        ("2026-11-30T17:00:00+00:00", dt.date(2026, 12, 1)),  # midnight in Hà Nội (UTC+7)
        ("2026-11-30T23:30:00+07:00", dt.date(2026, 11, 30)),
        ("2026-11-30T20:00:00", dt.date(2026, 12, 1)),  # naive: taken as UTC
    ],
    ids=["before-vn-midnight", "at-vn-midnight", "local-offset", "naive-utc"],
)
def test_today_in_vietnam(utc: str, day: dt.date) -> None:
    assert today_in_vietnam(dt.datetime.fromisoformat(utc)) == day


@pytest.mark.parametrize(
    ("on", "state"),
    [
        ("2026-05-31", WaiverState.PENDING),
        ("2026-06-01", WaiverState.ACTIVE),
        ("2026-11-30", WaiverState.ACTIVE),  # the expiry day itself still holds
        ("2026-12-01", WaiverState.EXPIRED),
    ],
    ids=["before-approval", "approval-day", "expiry-day", "day-after-expiry"],
)
def test_waiver_state(on: str, state: WaiverState) -> None:
    assert waiver_state(waiver(), dt.date.fromisoformat(on)) is state


def test_waiver_expires_at_vietnamese_midnight_not_utc() -> None:
    w = waiver()
    # 18:00 UTC on the expiry day is already the next day in Hà Nội: the waiver has lapsed.
    assert (
        waiver_state(w, today_in_vietnam(dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)))
        is WaiverState.EXPIRED
    )
    assert (
        waiver_state(w, today_in_vietnam(dt.datetime(2026, 11, 30, 16, 0, tzinfo=dt.UTC)))
        is WaiverState.ACTIVE
    )


def test_pick_prefers_an_active_waiver() -> None:
    old = waiver(id="w-old", approved="2025-01-01", expires="2025-12-31")
    new = waiver(id="w-new")
    chosen, state = pick_waiver([old, new], TODAY)
    assert chosen.id == "w-new" and state is WaiverState.ACTIVE


# ------------------------------------------------------------------- waivers in results

FAILING_TLS = {"demo.tls/3/q1": {"status": "Không đạt"}}


def test_active_waiver_keeps_the_gap_visible_and_scores_both_ways(catalog: Any, resolved: Any) -> None:
    result = run(
        catalog,
        resolved,
        {
            **FAILING_TLS,
            "demo.policy/3/q1": {"status": "Đạt"},
            "demo.policy/3/q2": {"status": "Đạt"},
            "demo.policy/3/q3": {"value": 30},
        },
        waivers=[waiver()],
    )
    got = by_id(result, "demo.tls")
    assert got.status is F  # the real status stays
    assert got.waived is True and got.methods == ["answer", "waiver"]
    assert got.waiver is not None and got.waiver.state == "active" and got.waiver.compensating_control
    with_w = next(s for s in result.scores if s.scope == "overall")
    without = next(s for s in result.scores_without_waivers if s.scope == "overall")
    assert (with_w.failed, with_w.waived, with_w.percent) == (0, 1, 100.0)
    assert (without.failed, without.waived, without.percent) == (1, 0, 50.0)
    item = next(i for i in result.remediation if i.control == "demo.tls")
    assert item.waived and item.due == dt.date(2026, 11, 30)


def test_expired_waiver_reverts_and_is_flagged(catalog: Any, resolved: Any) -> None:
    result = run(catalog, resolved, FAILING_TLS, waivers=[waiver(expires="2026-11-22")])
    got = by_id(result, "demo.tls")
    assert got.status is F and got.waived is False
    assert got.waiver is not None and got.waiver.state == "expired"
    assert not got.advisories
    assert result.notes[-1].en == (
        "Waiver w-01 (demo.tls) expired on 2026-11-22: the requirement counts by its real result again"
    )
    assert next(s for s in result.scores if s.scope == "overall").failed == 1


def test_waiver_on_a_passing_requirement_waives_nothing(catalog: Any, resolved: Any) -> None:
    result = run(catalog, resolved, {"demo.tls/3/q1": {"status": "Đạt"}}, waivers=[waiver()])
    got = by_id(result, "demo.tls")
    assert got.status is P and got.waived is False and got.waiver is not None


def test_waiver_for_a_control_outside_the_profile_is_noted(catalog: Any, resolved: Any) -> None:
    result = run(catalog, resolved, waivers=[waiver(control="demo.absent")])
    assert result.notes[-1].en == "Waiver w-01 names demo.absent, which is not in profile demo3 at level 3"


WAIVER_FILE = """\
waivers:
  - id: w-01
    system: portal
    control: demo.tls
    justification: "Chờ thay thế máy chủ"
    approver: "Giám đốc Sở"
    approved_on: 2026-06-01
    expires_on: {expires}
  - id: {second_id}
    system: {system}
    control: {control}
    justification: "Tạm thời"
    approver: "Giám đốc Sở"
    approved_on: 2026-06-01
    expires_on: 2026-12-31
"""


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"expires": "2026-05-01"},
            "waivers.yaml:8:17: waiver 'w-01' expires on 2026-05-01 before it was approved on 2026-06-01; expected an expiry date on or after the approval date",
        ),
        (
            {"second_id": "w-01"},
            "waivers.yaml:9:9: waiver id 'w-01' is used twice (also waivers[0]); expected a unique id per waiver",
        ),
        (
            {"system": "ghost"},
            "waivers.yaml:10:13: waiver 'w-02' names system 'ghost', which is not in the inventory; expected one of portal",
        ),
        (
            {"control": "demo.ghost"},
            "waivers.yaml:11:14: waiver 'w-02' names control 'demo.ghost', which is not in the catalog; expected an id listed by 'attt-audit catalog list'",
        ),
    ],
    ids=["expiry-before-approval", "duplicate-id", "unknown-system", "unknown-control"],
)
def test_waiver_file_errors(tmp_path: Path, fields: dict[str, str], message: str) -> None:
    values = {
        "expires": "2026-11-30",
        "second_id": "w-02",
        "system": "portal",
        "control": "demo.policy",
    } | fields
    path = tmp_path / "waivers.yaml"
    path.write_text(WAIVER_FILE.format(**values), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_waivers(path, {"portal"}, {"demo.tls", "demo.policy"})
    assert err.value.render() == str(path) + message.removeprefix("waivers.yaml")


def test_missing_waiver_file_means_no_waivers(tmp_path: Path) -> None:
    assert load_waivers(tmp_path / "waivers.yaml") == []


# --------------------------------------------------------------------------- scores


def rr(
    control: str,
    status: Status,
    *,
    group: str = "g1",
    kind: str = "technical",
    layer: int | None = None,
    weight: float = 1.0,
    waived: bool = False,
) -> RequirementResult:
    return RequirementResult(
        control=control,
        level=3,
        framework="demo",
        group=group,
        kind=kind,
        layer=layer,
        title=LocalText(vi=control, en=control),
        status=status,
        weight=weight,
        waived=waived,
        confidence="A",
    )


def test_score_formula_counts_half_for_partial_and_skips_na_and_not_assessed() -> None:
    results = [rr("a", P), rr("b", P), rr("c", H), rr("d", F), rr("e", NA), rr("f", NS)]
    overall = compute_scores(results, use_waivers=True)[0]
    assert overall.scope == "overall"
    assert (
        overall.passed,
        overall.partial,
        overall.failed,
        overall.not_applicable,
        overall.not_assessed,
    ) == (2, 1, 1, 1, 1)
    assert overall.percent == 62.5  # (2 + ½) / 4
    assert overall.weighted is False


def test_scores_per_kind_group_and_layer() -> None:
    results = [
        rr("a", P, group="policy", kind="management"),
        rr("b", F, group="net", kind="technical"),
        rr("c", H, group="layer-1", kind="layer", layer=1),
        rr("d", NS, group="layer-1", kind="layer", layer=1),
    ]
    scores = {s.scope: s for s in compute_scores(results, use_waivers=True)}
    assert list(scores) == [
        "overall",
        "kind:management",
        "kind:technical",
        "kind:layer",
        "group:policy",
        "group:net",
        "group:layer-1",
        "layer:1",
    ]
    assert scores["kind:management"].percent == 100.0
    assert scores["kind:technical"].percent == 0.0
    assert scores["layer:1"].percent == 50.0 and scores["layer:1"].not_assessed == 1
    assert scores["overall"].percent == 50.0


def test_nothing_assessed_gives_no_percentage() -> None:
    scores = compute_scores([rr("a", NS), rr("b", NA)], use_waivers=True)
    assert scores[0].percent is None and scores[0].not_assessed == 1


def test_weights_are_used_and_reported() -> None:
    scores = compute_scores([rr("a", P, weight=3), rr("b", F)], use_waivers=True)
    assert scores[0].percent == 75.0 and scores[0].weighted is True


def test_waived_gap_leaves_only_the_score_with_waivers() -> None:
    results = [rr("a", P), rr("b", F, waived=True)]
    assert compute_scores(results, use_waivers=True)[0].percent == 100.0
    assert compute_scores(results, use_waivers=False)[0].percent == 50.0


# ----------------------------------------------------------------------- remediation


@pytest.mark.parametrize(
    ("severity", "status", "level", "confidence", "prio"),
    [
        ("high", F, 3, "A", 1),  # 2 + 1 + 1 + 1 = 5
        ("critical", H, 3, "P2", 1),  # 3 + 0 + 1 + 1 = 5
        ("medium", F, 3, "P1", 2),  # 1 + 1 + 1 + 1 = 4
        ("medium", H, 3, "B", 3),  # 1 + 0 + 1 + 0 = 2
        ("low", H, 2, "A", 4),  # 0 + 0 + 0 + 1 = 1
        ("critical", F, 3, "S1", 4),  # weak source: always 4
    ],
    ids=["high-fail", "critical-partial", "medium-fail", "medium-partial-B", "low-partial-L2", "weak-source"],
)
def test_priority(severity: str, status: Status, level: int, confidence: str, prio: int) -> None:
    result = rr("x", status).model_copy(
        update={"severity": severity, "level": level, "confidence": confidence}
    )
    assert priority(result)[0] == prio


def test_plan_lists_every_gap_with_due_dates_and_empty_owner() -> None:
    results = [
        rr("a", P),
        rr("b", F).model_copy(update={"severity": "high"}),
        rr("c", H).model_copy(update={"confidence": "B"}),
        rr("d", NA),
        rr("e", NS),
    ]
    items = plan(results, TODAY)
    assert [(i.control, i.priority, i.due) for i in items] == [
        ("b", 1, dt.date(2026, 12, 23)),
        ("c", 3, dt.date(2027, 5, 22)),
    ]
    assert all(i.owner == "" and i.state == "" for i in items)
    assert items[0].basis == "severity high +2, status fail +1, level 3 +1, confidence A +1 = 5"
