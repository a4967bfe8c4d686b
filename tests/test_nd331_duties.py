"""The Law 116 / Decree 331 / Decree 333 duty set and the personal-data duties (issue 12 §3).

Each evaluator: pass, fail, not assessed (missing fact, in words) and, where the cadence or the
source is uncertain, advisory (a warning through the engine, never Không đạt). Incident clocks at
their 24 h / 72 h boundaries; the cybersecurity-conditions assessment only on the ANQG list; the
profiles that carry the set; incidents.yaml errors name file and line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from attt_audit.catalog import Catalog, load_catalog, load_profiles, resolve_profile
from attt_audit.cli import main
from attt_audit.engine import Engine
from attt_audit.errors import InputError
from attt_audit.evaluators import EvalContext, EvalOutcome, run_evaluator
from attt_audit.models import IncidentsFile, Organisation, Status, System
from attt_audit.models.annual import AnnualFile
from attt_audit.workspace import Workspace

D = dt.date
TZ = dt.timezone(dt.timedelta(hours=7))
AFTER = D(2026, 12, 1)
"""An assessment date after Decree 331 took effect (19/08/2026)."""
START = D(2026, 8, 19)
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "so-gtvt"
FRAMEWORK = "nd331-duties"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def system(**facts: Any) -> System:
    base: dict[str, Any] = {"id": "s1", "name": "Hệ thống thử", "owner": "Sở Thử nghiệm"}
    return System.model_validate(base | facts)


def org(**facts: Any) -> Organisation:
    return Organisation.model_validate({"name": "Sở Thử nghiệm", "security_unit": "Phòng Công nghệ"} | facts)


def params(catalog: Catalog, control: str, level: int = 3) -> dict[str, object]:
    variant = catalog.controls[control].variant(level)
    assert variant is not None
    return {k: (p.min if p.min is not None else p.value) for k, p in variant.params.items()}


def run(
    name: str,
    sys: System,
    *,
    today: dt.date = AFTER,
    level: int = 3,
    organisation: Organisation | None = None,
    p: dict[str, object] | None = None,
    annual: AnnualFile | None = None,
    incidents: IncidentsFile | None = None,
) -> EvalOutcome:
    ctx = EvalContext(
        system=sys,
        organisation=organisation or org(),
        level=level,
        regime="nd331",
        params=p or {},
        today=today,
        annual=annual,
        incidents=incidents,
    )
    return run_evaluator(name, ctx)


def at(day: str, hm: str = "08:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hm}:00").replace(tzinfo=TZ)


def log(**incident: Any) -> IncidentsFile:
    base = {"system": "s1", "severity": "serious", "detected_at": at("2026-10-12")}
    return IncidentsFile.model_validate({"incidents": [base | incident]})


def assess_one(
    catalog: Catalog, sys: System, profile: str, *, today: dt.date = AFTER, **kw: Any
) -> dict[str, Any]:
    engine = Engine(catalog, load_profiles(), profile, today=today, force_profile=True)
    result = engine.assess_system(sys, org(state_body=True), **kw)
    return {r.control: r for r in result.results} | {"_not_binding": {n.control for n in result.not_binding}}


# ------------------------------------------------------------------------ level, dossier, go-live


def test_level_approval(catalog: Catalog) -> None:
    approved = {"decision": "9/QĐ", "date": "2026-09-30", "approver": "Giám đốc Sở Thử nghiệm", "level": 3}
    approved |= {"regime": "nd331", "appraised_by": "Phòng Công nghệ"}
    assert (
        run("nd331.level_approved", system(go_live_date="2026-10-05", approval=approved)).status
        is Status.PASS
    )
    live = run("nd331.level_approved", system(go_live_date="2026-10-05"))
    assert live.status is Status.FAIL and "chưa có quyết định" in live.reason.vi
    assert not live.past_fact  # approve now: a forward duty, with a deadline
    planned = run("nd331.level_approved", system(go_live_date="2027-02-01"))
    assert planned.status is Status.NA
    missing = run("nd331.level_approved", system())
    assert missing.status is Status.NOT_ASSESSED and "thiếu dữ liệu go_live_date" in missing.reason.vi


def test_quy_che_and_plan_bind_only_from_decree_331(catalog: Catalog) -> None:
    old = {"decision": "1/QĐ", "date": "2023-05-18", "approver": "Giám đốc Sở Thử nghiệm", "level": 3}
    new = old | {"date": "2026-09-30", "regime": "nd331"}
    assert (
        run("nd331.quy_che_before_approval", system(approval=old, quy_che_date="2024-01-01")).status
        is Status.NA
    )
    assert (
        run("nd331.quy_che_before_approval", system(approval=new, quy_che_date="2026-09-01")).status
        is Status.PASS
    )
    assert (
        run("nd331.quy_che_before_approval", system(approval=new, quy_che_date="2026-10-01")).status
        is Status.FAIL
    )
    assert run("nd331.quy_che_before_approval", system(approval=new)).status is Status.NOT_ASSESSED
    # 30.6: a system live before 19/08/2026 and not upgraded since answers to the transition
    legacy = run("nd331.plan_before_go_live", system(go_live_date="2020-01-01"))
    assert legacy.status is Status.NA and "01/07/2027" in legacy.reason.vi
    upgraded = system(
        go_live_date="2020-01-01", upgrade_live_date="2026-10-01", plan_implemented_date="2026-09-20"
    )
    assert run("nd331.plan_before_go_live", upgraded).status is Status.PASS
    late = run(
        "nd331.plan_before_go_live", system(go_live_date="2026-09-01", plan_implemented_date="2026-10-01")
    )
    assert late.status is Status.FAIL and late.past_fact
    missing = run("nd331.plan_before_go_live", system(go_live_date="2026-09-01"))
    assert missing.status is Status.NOT_ASSESSED and "plan_implemented_date" in missing.missing


def test_redetermination_and_risk_assessment_on_change() -> None:
    approval = {"decision": "1/QĐ", "date": "2023-05-18", "approver": "Giám đốc Sở Thử nghiệm", "level": 3}
    changed = {"approval": approval, "last_change_date": "2026-09-15"}
    assert (
        run("nd331.level_redetermined_on_change", system(**changed, level_reviewed_date="2026-09-30")).status
        is Status.PASS
    )
    assert run("nd331.level_redetermined_on_change", system(**changed)).status is Status.FAIL
    assert (
        run(
            "nd331.level_redetermined_on_change", system(approval=approval, last_change_date="2025-01-01")
        ).status
        is Status.NA
    )
    assert run("nd331.level_redetermined_on_change", system()).missing == ("last_change_date",)
    assert (
        run("nd331.risk_assessed", system(**changed, risk_assessment_date="2026-09-15")).status is Status.PASS
    )
    stale = run("nd331.risk_assessed", system(**changed, risk_assessment_date="2024-01-01"))
    assert stale.status is Status.FAIL and "15/09/2026" in stale.reason.vi
    assert run("nd331.risk_assessed", system(**changed)).missing == ("risk_assessment_date",)
    # a serious incident after the start is a trigger too (ND331 10.2)
    quiet = system(approval=approval, last_change_date="2025-01-01", risk_assessment_date="2026-01-01")
    assert run("nd331.risk_assessed", quiet).status is Status.NA
    assert run("nd331.risk_assessed", quiet, incidents=log()).status is Status.FAIL
    # first determination under Decree 331 needs an assessment
    first = system(
        approval=approval | {"date": "2026-10-01", "regime": "nd331"}, last_change_date="2026-10-01"
    )
    assert run("nd331.risk_assessed", first).missing == ("risk_assessment_date",)


def test_anqg_screening() -> None:
    assert run("nd331.anqg_screened", system(anqg_screening_date="2026-10-15")).status is Status.PASS
    assert run("nd331.anqg_screened", system(anqg=True)).status is Status.PASS
    old = run("nd331.anqg_screened", system(anqg_screening_date="2025-10-15"))
    assert old.status is Status.NOT_ASSESSED and "rà soát lại" in old.reason.vi
    assert run("nd331.anqg_screened", system()).missing == ("anqg_screening_date",)


def test_cyber_conditions_only_on_the_anqg_list(catalog: Catalog) -> None:
    base = {"go_live_date": "2026-10-01", "approval": None}
    listed = assess_one(
        catalog, system(**base, anqg=True, cyber_conditions_date="2026-09-20"), "nd331-level3"
    )
    assert listed["nd331.cyber-conditions"].status is Status.PASS
    late = assess_one(catalog, system(**base, anqg=True, cyber_conditions_date="2026-10-20"), "nd331-level3")
    assert late["nd331.cyber-conditions"].status is Status.FAIL
    optional = assess_one(catalog, system(**base, anqg=False), "nd331-level3")
    assert optional["nd331.cyber-conditions"].status is Status.NA  # optional for levels 1–4 off the list
    unknown = assess_one(catalog, system(**base), "nd331-level3")
    assert unknown["nd331.cyber-conditions"].status is Status.NOT_ASSESSED
    assert "anqg" in unknown["nd331.cyber-conditions"].reason.en
    # level 5: every system is on the list (ND331 16.4): no condition
    level5 = assess_one(catalog, system(**base, anqg=False), "nd331-level5")
    assert level5["nd331.cyber-conditions"].status is Status.NOT_ASSESSED  # mandatory, date missing
    # legacy system: the transition deadline (Law 116 Art 45) has not passed
    legacy = run("nd331.cyber_conditions_assessed", system(go_live_date="2020-01-01"))
    assert legacy.status is Status.NA and "01/07/2027" in legacy.reason.vi


# ------------------------------------------------------------------------ inspection, incidents, training


def test_periodic_inspection_overdue_is_a_warning_not_a_failure(catalog: Catalog) -> None:
    inspected = {"date": "2025-06-10", "by": "Đơn vị kiểm tra"}
    outcome = run("nd331.periodic_inspection", system(last_inspection=inspected))
    assert (
        outcome.status is Status.FAIL and "mốc tham chiếu" in outcome.reason.vi
    )  # the evaluator's finding …
    result = assess_one(catalog, system(last_inspection=inspected), "nd331-level3")[
        "nd331.periodic-inspection"
    ]
    assert result.status is Status.NOT_ASSESSED and result.advisories  # … reaches the report as a warning
    assert (
        run("nd331.periodic_inspection", system(last_inspection=inspected | {"date": "2026-04-01"})).status
        is Status.PASS
    )
    assert run("nd331.periodic_inspection", system()).missing == ("last_inspection.date",)


@pytest.mark.parametrize(
    ("notified", "reported", "expected", "past"),
    [
        ("2026-10-13T08:00", "2026-10-15T08:00", Status.PASS, False),  # exactly 24 h and 72 h
        ("2026-10-13T08:01", "2026-10-15T08:00", Status.FAIL, True),  # notice one minute late
        ("2026-10-13T07:59", "2026-10-15T08:01", Status.FAIL, True),  # report one minute late
        (None, None, Status.FAIL, False),  # never sent, both overdue: fix now
    ],
)
def test_incident_clocks(
    catalog: Catalog, notified: str | None, reported: str | None, expected: Status, past: bool
) -> None:
    p = params(catalog, "nd331.incident-reporting")
    assert p == {"notice_hours": 24, "report_hours": 72}
    times = {
        "notified_at": dt.datetime.fromisoformat(notified).replace(tzinfo=TZ) if notified else None,
        "cause_report_at": dt.datetime.fromisoformat(reported).replace(tzinfo=TZ) if reported else None,
    }
    outcome = run("nd331.incident_reports", system(), p=p, incidents=log(**times))
    assert outcome.status is expected
    assert outcome.past_fact is past


def test_incident_clocks_not_yet_due_and_not_recorded(catalog: Catalog) -> None:
    p = params(catalog, "nd331.incident-reporting")
    fresh = log(detected_at=at("2026-12-01", "20:00"))  # assessed the same day: neither clock has run out
    assert run("nd331.incident_reports", system(), p=p, incidents=fresh).status is Status.PASS
    minor = log(severity="normal")
    assert run("nd331.incident_reports", system(), p=p, incidents=minor).status is Status.NA
    before = log(detected_at=at("2026-08-18"))  # before Decree 331: not this duty's
    assert run("nd331.incident_reports", system(), p=p, incidents=before).status is Status.NA
    none = run("nd331.incident_reports", system(), p=p)
    assert none.status is Status.NOT_ASSESSED and none.missing == ("incidents.yaml",)
    assert "thiếu dữ liệu incidents.yaml" in none.reason.vi


def test_training_and_drills(catalog: Catalog) -> None:
    p = params(catalog, "nd331.training-and-drills")
    recent = AnnualFile.model_validate(
        {"trainings": [{"date": "2026-06-18"}], "drills": [{"date": "2026-03-01"}]}
    )
    assert run("nd331.training_and_drills", system(), p=p, annual=recent).status is Status.PASS
    stale = AnnualFile.model_validate(
        {"trainings": [{"date": "2026-06-18"}], "drills": [{"date": "2025-11-05"}]}
    )
    outcome = run("nd331.training_and_drills", system(), p=p, annual=stale)
    assert outcome.status is Status.FAIL and "diễn tập" in outcome.reason.vi
    none = AnnualFile.model_validate({"trainings": [], "drills": []})
    assert run("nd331.training_and_drills", system(), p=p, annual=none).status is Status.FAIL
    missing = run("nd331.training_and_drills", system(), p=p, annual=AnnualFile())
    assert missing.missing == ("annual.yaml trainings", "annual.yaml drills")
    # the frequency is the tool's reference: through the engine, a stale drill only warns
    result = assess_one(catalog, system(), "nd331-level3", annual=stale)["nd331.training-and-drills"]
    assert result.status is Status.NOT_ASSESSED and result.advisories


def test_annual_report_on_the_decree_331_calendar() -> None:
    sent = run(
        "nd331.annual_report_on_time",
        system(),
        organisation=org(annual_report_date="2026-12-20"),
        today=D(2026, 12, 28),
    )
    assert sent.status is Status.PASS
    late = run(
        "nd331.annual_report_on_time",
        system(),
        organisation=org(annual_report_date="2025-12-20"),
        today=D(2026, 12, 28),
    )
    assert late.status is Status.FAIL
    assert run("nd331.annual_report_on_time", system()).missing == ("organisation.annual_report_date",)


# ------------------------------------------------------------------------ people, budget, monitoring, hosting


def test_certified_admins() -> None:
    state = org(state_body=True)
    assert (
        run("law116.admins_certified", system(admins_total=3, admins_certified=3), organisation=state).status
        is Status.PASS
    )
    assert (
        run("law116.admins_certified", system(admins_total=3, admins_certified=1), organisation=state).status
        is Status.PARTIAL
    )
    assert (
        run("law116.admins_certified", system(admins_total=3, admins_certified=0), organisation=state).status
        is Status.FAIL
    )
    assert (
        run("law116.admins_certified", system(admins_total=3), organisation=org(state_body=False)).status
        is Status.NA
    )
    assert run("law116.admins_certified", system(admins_total=3)).missing == ("organisation.state_body",)
    assert run("law116.admins_certified", system(), organisation=state).missing == (
        "admins_total",
        "admins_certified",
    )


def test_budget_share(catalog: Catalog) -> None:
    p = params(catalog, "law116.cyber-budget-share")
    assert p == {"min_share_percent": 15}

    def budget(dx: float, cyber: float) -> AnnualFile:
        return AnnualFile.model_validate({"budget": {"digital_transformation": dx, "cybersecurity": cyber}})

    assert run("law116.cyber_budget_share", system(), p=p, annual=budget(1000, 150)).status is Status.PASS
    low = run("law116.cyber_budget_share", system(), p=p, annual=budget(1000, 149))
    assert low.status is Status.FAIL and "14,9%" in low.reason.vi and "14.9%" in low.reason.en
    assert run("law116.cyber_budget_share", system(), p=p, annual=budget(0, 0)).status is Status.NA
    assert run("law116.cyber_budget_share", system(), p=p).missing == ("annual.yaml budget",)


def test_monitoring_link_and_incident_response() -> None:
    full = {"central_system": True, "central_antimalware": True, "linked_to_centre": True}
    assert run("nd333.monitoring_linked", system(monitoring=full)).status is Status.PASS
    unlinked = run("nd333.monitoring_linked", system(monitoring=full | {"linked_to_centre": False}))
    assert unlinked.status is Status.PARTIAL and "kết nối" in unlinked.reason.vi
    none = full | {"central_system": False, "central_antimalware": False, "linked_to_centre": False}
    assert run("nd333.monitoring_linked", system(monitoring=none)).status is Status.FAIL
    assert run("nd333.monitoring_linked", system()).missing == (
        "monitoring.central_system",
        "monitoring.central_antimalware",
        "monitoring.linked_to_centre",
    )
    ready = AnnualFile.model_validate(
        {"incident_response": {"plan": "PA 1", "team": "QĐ 2", "contact": "Tổ CNTT"}}
    )
    assert run("nd333.incident_response_ready", system(), annual=ready).status is Status.PASS
    part = AnnualFile.model_validate({"incident_response": {"plan": "PA 1"}})
    assert run("nd333.incident_response_ready", system(), annual=part).status is Status.PARTIAL
    assert run("nd333.incident_response_ready", system()).missing == ("annual.yaml incident_response",)


def test_hosting_separation_and_data_location(catalog: Catalog) -> None:
    logical = params(catalog, "nd331.hosting-separation", 3)
    physical = params(catalog, "nd331.hosting-separation", 5)
    dc = {"hosting": "data_centre"}
    assert (
        run("nd331.hosting_separation", system(**dc, hosting_separation="logical"), p=logical).status
        is Status.PASS
    )
    assert (
        run("nd331.hosting_separation", system(**dc, hosting_separation="none"), p=logical).status
        is Status.FAIL
    )
    assert (
        run("nd331.hosting_separation", system(**dc, hosting_separation="logical"), p=physical).status
        is Status.FAIL
    )
    anqg = system(**dc, hosting_separation="logical", anqg=True)  # ANQG raises levels 3–4 to physical
    assert run("nd331.hosting_separation", anqg, p=logical).status is Status.FAIL
    assert run("nd331.hosting_separation", system(hosting="own_premises"), p=logical).status is Status.NA
    assert run("nd331.hosting_separation", system(**dc), p=logical).missing == ("hosting_separation",)
    assert run("nd333.data_location", system(data_location="vietnam")).status is Status.PASS
    assert run("nd333.data_location", system(data_location="abroad")).status is Status.FAIL
    assert run("nd333.data_location", system()).missing == ("data_location",)
    # the articles' content was not read: through the engine a finding only warns
    result = assess_one(catalog, system(data_location="abroad"), "nd331-level3")["nd333.data-location"]
    assert result.status is Status.NOT_ASSESSED and result.advisories


# ------------------------------------------------------------------------ personal data (advisory)


def test_personal_data_duties_are_advisory(catalog: Catalog) -> None:
    personal = {"info_types": ["public", "personal"]}
    assert run("law91.impact_assessment", system(personal_data_dpia_date="2026-03-01")).status is Status.PASS
    assert run("law91.impact_assessment", system()).missing == ("personal_data_dpia_date",)
    assert (
        run("law91.protection_staff", system(), organisation=org(data_protection_officer="Tổ CNTT")).status
        is Status.PASS
    )
    assert run("law91.protection_staff", system()).missing == ("organisation.data_protection_officer",)
    p = params(catalog, "law91.breach-notice")
    assert p == {"notify_hours": 72}
    on_time = log(personal_data_breach=True, personal_data_notified_at=at("2026-10-15"))  # exactly 72 h
    assert run("law91.breach_notice", system(), p=p, incidents=on_time).status is Status.PASS
    late_log = log(personal_data_breach=True, personal_data_notified_at=at("2026-10-15", "08:01"))
    assert run("law91.breach_notice", system(), p=p, incidents=late_log).status is Status.FAIL
    assert (
        run("law91.breach_notice", system(), p=p, incidents=log()).status is Status.NOT_ASSESSED
    )  # breach unknown
    assert (
        run("law91.breach_notice", system(), p=p, incidents=log(personal_data_breach=False)).status
        is Status.NA
    )
    # B-confidence law known from secondary sources: a late notice warns, never Không đạt
    result = assess_one(catalog, system(**personal), "nd331-level3", incidents=late_log)
    assert (
        result["law91.breach-notice"].status is Status.NOT_ASSESSED
        and result["law91.breach-notice"].advisories
    )
    # no personal data: not applicable
    assert (
        assess_one(catalog, system(info_types=["public"]), "nd331-level3")["law91.impact-assessment"].status
        is Status.NA
    )


# ------------------------------------------------------------------------ engine, binding, profiles


def test_a_fact_decides_and_a_question_stands_in_when_it_is_missing(catalog: Catalog) -> None:
    decided = assess_one(catalog, system(anqg_screening_date="2026-10-15"), "nd331-level3")
    assert decided["nd331.anqg-screening"].status is Status.PASS
    assert decided["nd331.anqg-screening"].methods == ["inventory"]
    open_ = assess_one(catalog, system(), "nd331-level3")["nd331.anqg-screening"]
    assert open_.status is Status.NOT_ASSESSED and "q1" in open_.reason.vi


def test_duties_bind_from_their_dates_in_the_legacy_profiles(catalog: Catalog) -> None:
    before = assess_one(catalog, system(info_types=["personal"]), "level3", today=D(2026, 6, 1))
    assert "nd331.level-approval" in before["_not_binding"]
    assert "law116.certified-admins" in before["_not_binding"]  # Law 116: from 01/07/2026
    assert "law91.impact-assessment" in before  # Law 91 binds from 01/01/2026
    between = assess_one(catalog, system(), "level3", today=D(2026, 7, 15))
    assert "law116.certified-admins" in between and "nd331.level-approval" in between["_not_binding"]
    after = assess_one(catalog, system(), "level3", today=AFTER)
    assert not {c for c in after["_not_binding"] if c.startswith(("nd331.", "nd333.", "law116."))}


def test_profiles_carry_the_duty_set(catalog: Catalog, capsys: pytest.CaptureFixture[str]) -> None:
    profiles = load_profiles()
    ids = {c.id for c in catalog.controls.values() if catalog.framework_of[c.id] == FRAMEWORK}
    for level in range(1, 6):
        for pid in (f"nd331-level{level}", f"level{level}"):
            chosen = {r.control.id for r in resolve_profile(pid, catalog, profiles).requirements}
            assert chosen & ids, pid
            assert ("law116.certified-admins" in chosen) == (level >= 3), pid
    for pid in ("nd331-level3", "level3"):
        assert main(["--lang", "en", "profile", "show", pid]) == 0
        out = capsys.readouterr().out
        for text in (
            "nd331.incident-reporting",
            "ND331 31.2.d",
            "law116.certified-admins",
            "law91.breach-notice",
        ):
            assert text in out, (pid, text)
    nd331_only = {r.control.id for r in resolve_profile("nd331-level3", catalog, profiles).requirements}
    assert "duty.monitoring-tt31" not in nd331_only


def test_catalog_lint_passes_with_the_duty_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "lint"]) == 0
    assert capsys.readouterr().out.startswith("catalog ok:")


def test_every_duty_states_its_binding_and_evaluator(catalog: Catalog) -> None:
    controls = [c for c in catalog.controls.values() if catalog.framework_of[c.id] == FRAMEWORK]
    assert len(controls) >= 20
    fw = catalog.frameworks[FRAMEWORK]
    assert fw.binds is not None and fw.binds.role == "duty" and fw.binds.from_ == START
    for control in controls:
        for level, variant in control.levels.items():
            assert variant.evaluate, (control.id, level)
            assert variant.refs and variant.source and variant.questions, (control.id, level)
    law91 = [v for c in controls if c.id.startswith("law91.") for v in c.levels.values()]
    assert law91 and all(v.advisory for v in law91)


# ------------------------------------------------------------------------ incidents.yaml


def test_incidents_file_errors_name_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "inventory.yaml").write_text(
        (EXAMPLE / "inventory.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    ws = Workspace(tmp_path)
    assert ws.incidents() is None
    path = tmp_path / "incidents.yaml"
    path.write_text(
        "schema_version: 1\nincidents:\n  - system: khong-co\n    severity: serious\n"
        "    detected_at: 2026-10-12 09:40:00+07:00\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        ws.incidents()
    assert "incidents.yaml:3" in err.value.render() and "khong-co" in err.value.render()
    path.write_text(
        "incidents:\n  - system: cong-ttdt\n    severity: serious\n    detected_at: 2026-10-12 09:40:00\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        ws.incidents()
    assert "incidents.yaml:4" in err.value.render()  # a time without its offset
    path.write_text(
        "incidents:\n  - system: cong-ttdt\n    severity: serious\n    detected_at: 2026-10-12 09:40:00+07:00\n"
        "    notified_at: 2026-10-11 09:40:00+07:00\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        ws.incidents()
    assert "before detected_at" in err.value.render()


def test_the_example_incident_log_loads_and_feeds_the_run() -> None:
    ws = Workspace(EXAMPLE)
    log_ = ws.incidents()
    assert log_ is not None and {i.system for i in log_.incidents} <= {s.id for s in ws.inventory().systems}
    assert any(i.severity == "serious" for i in log_.incidents)


def test_every_duty_evaluator_has_a_case_here() -> None:
    from attt_audit.evaluators import EVALUATORS

    source = Path(__file__).read_text(encoding="utf-8")
    mine = {name for name in EVALUATORS if not name.startswith("inventory.")}
    assert len(mine) == 20
    assert [name for name in sorted(mine) if f'"{name}"' not in source] == []
