"""Requirements bind by regime and date (issue 12 §1, §2, §4).

The technical baseline follows the regime the system's level was approved under; duties follow
the law in force on the assessment date; what does not bind is listed, never scored. Legacy
systems are judged by the rule for their go-live date (CT 09/CT-TTg); a late approval is a past
fact without a remediation deadline. TCVN 14423 figures from the single summary only warn.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from attt_audit.binding import baseline_regime, effective_binding
from attt_audit.catalog import Catalog, lint, load_catalog, load_profiles, resolve_profile
from attt_audit.engine import Engine
from attt_audit.evaluators import EvalContext, run_evaluator
from attt_audit.models import AnswerSet, AssessmentResult, Organisation, Status, System
from attt_audit.remediation import plan, recorded
from attt_audit.render import render_reports
from attt_audit.render.context import build_view, clause_text
from attt_audit.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "so-gtvt"
D = dt.date
SUCCESSOR = ("ND331", "ND333", "Law116", "Luật 116", "NĐ 331", "NĐ 333")
TT31_ONLY = {"layer2.sensor-coverage", "layer2.watch-and-reports", "duty.monitoring-tt31"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def assess_example(catalog: Catalog, day: dt.date, profile: str = "level3") -> dict[str, AssessmentResult]:
    ws = Workspace(EXAMPLE)
    inventory = ws.inventory()
    engine = Engine(catalog, load_profiles(EXAMPLE), profile, today=day)
    return {
        s.id: engine.assess_system(s, inventory.organisation, answers=ws.answers(s.id))
        for s in inventory.systems
    }


def cites_only_successor(refs: list[str]) -> bool:
    return bool(refs) and all(r.startswith(SUCCESSOR) for r in refs)


# ------------------------------------------------------------------------ §1 by date / regime


def test_before_the_switch_no_successor_only_requirement_applies(catalog: Catalog) -> None:
    results = assess_example(catalog, D(2026, 6, 1))
    for sid, res in results.items():
        applied = [r.control for r in res.results if cites_only_successor(r.refs)]
        assert applied == [], (sid, applied)
        skipped = {n.control for n in res.not_binding}
        assert {
            "layer1.qualified-staff",
            "layer3.remediation-follow-up",
            "layer4.anti-malware-link",
        } <= skipped
        assert "layer2.monitoring-provider" in skipped  # Law 116: from 01/07/2026
        assert res.baseline_regime == "nd85"
        # the ND85 duties still bind on 01/06/2026
        assert any(r.framework == "nd85-duties" for r in res.results)
        item = next(n for n in res.not_binding if n.control == "layer1.qualified-staff")
        assert item.binds_from == D(2026, 8, 19) and "Điều 32.3" in item.ref
        assert "19/08/2026" in item.reason.vi


def test_after_the_switch_nd85_systems_keep_tcvn11930_and_get_the_successor_duties(catalog: Catalog) -> None:
    results = assess_example(catalog, D(2026, 12, 1))
    approved85 = {
        sid: res
        for sid, res in results.items()
        if res.system.approval is not None and res.system.approval.regime == "nd85"
    }
    assert len(approved85) >= 4
    for sid, res in approved85.items():
        assert res.baseline_regime == "nd85", sid
        frameworks = {r.framework for r in res.results}
        assert "tcvn11930-2017" in frameworks and "tt12-design" in frameworks
        assert "nd85-duties" not in frameworks  # ND85 duties ended 18/08/2026
        ended = {n.control for n in res.not_binding if n.binds_until == D(2026, 8, 18)}
        assert "duty.approved-before-go-live" in ended
        assert "layer1.qualified-staff" in {r.control for r in res.results}  # ND331 32.3 binds now
        # not-binding requirements are not scored
        overall = next(s for s in res.scores if s.scope == "overall")
        counted = (
            overall.passed + overall.partial + overall.failed + overall.not_applicable + overall.not_assessed
        )
        assert counted == len(res.results)
        if "nd331-duties" in catalog.frameworks:  # written by the ND331 duty-set work (issue 12 §3)
            assert "nd331-duties" in frameworks, sid


@pytest.mark.parametrize(
    "pid", ["nd331-level1", "nd331-level2", "nd331-level3", "nd331-level4", "nd331-level5"]
)
def test_tt31_items_never_appear_in_nd331_profiles(catalog: Catalog, pid: str) -> None:
    profiles = load_profiles()
    resolved = resolve_profile(pid, catalog, profiles)
    ids = {r.control.id for r in resolved.requirements}
    assert not ids & TT31_ONLY
    for r in resolved.requirements:
        eff = effective_binding(catalog.frameworks[r.framework], r.control, r.variant)
        assert eff is not None and eff.binding.basis != "tt31", r.control.id
    # ... while the legacy profile of the same level keeps them (levels 3–5)
    level = resolved.level
    if level >= 3:
        legacy = {r.control.id for r in resolve_profile(f"level{level}", catalog, profiles).requirements}
        assert legacy >= TT31_ONLY


def test_every_requirement_has_an_effective_binding(catalog: Catalog) -> None:
    for cid, control in catalog.controls.items():
        fw = catalog.frameworks[catalog.framework_of[cid]]
        for level, variant in control.levels.items():
            eff = effective_binding(fw, control, variant)
            assert eff is not None, (cid, level)
            assert eff.binding.ref.strip() and eff.binding.basis
            if eff.role == "duty":
                assert eff.binding.from_ is not None or eff.binding.until is not None, cid
    assert lint(catalog, load_profiles()) == []


def test_lint_fails_on_a_requirement_without_binding(catalog: Catalog) -> None:
    broken = Catalog(
        frameworks=dict(catalog.frameworks),
        controls=dict(catalog.controls),
        framework_of=dict(catalog.framework_of),
        where=dict(catalog.where),
    )
    fw = broken.frameworks["nd85-duties"]
    broken.frameworks["nd85-duties"] = fw.model_copy(update={"binds": None})
    problems = lint(broken, load_profiles())
    assert any("duty.level-approval level 1 has no binding" in p for p in problems), problems[:3]
    # a duty without dates is refused too
    undated = fw.binds.model_copy(update={"until": None}) if fw.binds else None
    broken.frameworks["nd85-duties"] = fw.model_copy(update={"binds": undated})
    problems = lint(broken, load_profiles())
    assert any("must state its in-force dates" in p for p in problems)


def system(**facts: Any) -> System:
    return System.model_validate({"id": "s1", "name": "Hệ thống thử", **facts})


def approval(day: dt.date, level: int = 3, regime: str | None = "nd85") -> dict[str, Any]:
    return {
        "decision": "1/QĐ",
        "date": day,
        "approver": "Sở Giao thông vận tải",
        "level": level,
        "regime": regime,
        "appraised_by": "Văn phòng Sở",
    }


def test_baseline_regime_follows_the_approval_then_the_date() -> None:
    assert baseline_regime(system(approval=approval(D(2023, 5, 1))), D(2026, 12, 1)).regime == "nd85"
    assert (
        baseline_regime(system(approval=approval(D(2023, 5, 1), regime=None)), D(2026, 12, 1)).regime
        == "nd85"
    )
    assert (
        baseline_regime(system(approval=approval(D(2026, 9, 1), regime=None)), D(2026, 12, 1)).regime
        == "nd331"
    )
    assert baseline_regime(system(), D(2026, 6, 1)).regime == "nd85"
    assert baseline_regime(system(), D(2026, 12, 1)).regime == "nd331"
    # ND331 Art 39.1: a file made under ND85 for a system built before 01/07/2026, until 31/12/2026
    transition = system(dossier={"regime": "nd85"})
    assert baseline_regime(transition, D(2026, 12, 1)).regime == "nd85"
    assert baseline_regime(transition, D(2027, 1, 15)).regime == "nd331"


def test_an_nd331_approved_system_gets_no_tcvn11930_baseline(catalog: Catalog) -> None:
    org = Organisation.model_validate({"name": "Sở thử"})
    s = system(approval=approval(D(2026, 10, 1), regime="nd331"), declared_level=3)
    engine = Engine(catalog, load_profiles(), "level3", today=D(2026, 12, 1), force_profile=True)
    res = engine.assess_system(s, org)
    assert res.baseline_regime == "nd331"
    assert not {r.framework for r in res.results} & {"tcvn11930-2017", "tt12-design"}
    reasons = [n.reason.vi for n in res.not_binding if n.framework == "tcvn11930-2017"]
    assert reasons and "yêu cầu cơ bản" in reasons[0]
    assert any("không thuộc chế độ của hệ thống" in n.vi for n in res.notes)


# ------------------------------------------------------------------- §2 legacy go-live


def ctx(today: dt.date = D(2026, 6, 1), **facts: Any) -> EvalContext:
    org = Organisation.model_validate({"name": "Sở thử"})
    return EvalContext(system(**facts), org, 3, "nd85", {}, today)


@pytest.mark.parametrize(
    ("facts", "status", "past", "text"),
    [
        ({"go_live_date": D(2020, 5, 1), "approval": approval(D(2024, 8, 20))}, Status.PASS, False, "within"),
        (
            {"go_live_date": D(2020, 5, 1), "approval": approval(D(2025, 1, 10))},
            Status.FAIL,
            True,
            "after the deadline",
        ),
        ({"go_live_date": D(2020, 5, 1)}, Status.FAIL, False, "still not approved"),
        ({"go_live_date": D(2025, 3, 1)}, Status.FAIL, False, "without an approved level"),
        (
            {"go_live_date": D(2025, 3, 1), "approval": approval(D(2025, 2, 1))},
            Status.PASS,
            False,
            "before go-live",
        ),
        (
            {"go_live_date": D(2025, 3, 1), "approval": approval(D(2025, 6, 1))},
            Status.FAIL,
            True,
            "approved only on",
        ),
        ({"go_live_date": D(2027, 1, 1)}, Status.NA, False, "not live yet"),
    ],
    ids=[
        "live2020-approved-2024-08",
        "live2020-approved-2025-01",
        "live2020-never",
        "new2025-unapproved",
        "new2025-approved-first",
        "new2025-approved-late",
        "not-live",
    ],
)
def test_approval_is_judged_by_the_rule_for_the_go_live_date(
    facts: dict[str, Any], status: Status, past: bool, text: str
) -> None:
    out = run_evaluator("inventory.approved_before_go_live", ctx(**facts))
    assert out.status is status, out.reason.en
    assert out.past_fact is past
    assert text in out.reason.en


def test_running_systems_before_ct09_were_due_by_its_deadline() -> None:
    out = run_evaluator(
        "inventory.approved_before_go_live", ctx(today=D(2024, 6, 1), go_live_date=D(2020, 5, 1))
    )
    assert out.status is Status.NA and "has not passed" in out.reason.en


@pytest.mark.parametrize(
    ("facts", "status", "past"),
    [
        ({"go_live_date": D(2020, 5, 1), "plan_implemented_date": D(2024, 12, 15)}, Status.PASS, False),
        ({"go_live_date": D(2020, 5, 1), "plan_implemented_date": D(2025, 2, 1)}, Status.FAIL, True),
        ({"go_live_date": D(2025, 3, 1), "plan_implemented_date": D(2025, 2, 1)}, Status.PASS, False),
        ({"go_live_date": D(2025, 3, 1), "plan_implemented_date": D(2025, 4, 1)}, Status.FAIL, True),
        ({"go_live_date": D(2025, 3, 1)}, Status.NOT_ASSESSED, False),
    ],
    ids=["legacy-by-12-2024", "legacy-late", "new-before", "new-late", "new-missing"],
)
def test_plan_is_judged_by_the_rule_for_the_go_live_date(
    facts: dict[str, Any], status: Status, past: bool
) -> None:
    out = run_evaluator("inventory.plan_implemented_before_go_live", ctx(**facts))
    assert out.status is status, out.reason.en
    assert out.past_fact is past


def test_a_late_approval_is_recorded_without_deadline_and_a_missing_one_gets_one(catalog: Catalog) -> None:
    org = Organisation.model_validate({"name": "Sở thử", "security_unit": "Văn phòng Sở"})
    engine = Engine(catalog, load_profiles(), "level3", today=D(2026, 6, 1), force_profile=True)
    late = engine.assess_system(
        system(go_live_date=D(2020, 5, 1), approval=approval(D(2025, 1, 10)), declared_level=3), org
    )
    row = next(r for r in late.results if r.control == "duty.approved-before-go-live")
    assert row.status is Status.FAIL and row.past_fact
    assert "duty.approved-before-go-live" not in {m.control for m in late.remediation}
    assert [r.control for r in recorded(late.results)] == ["duty.approved-before-go-live"]
    view = build_view(late, "vi")
    assert view["recorded"] and "10/01/2025" in view["recorded"][0]["reason"]
    missing = engine.assess_system(system(go_live_date=D(2025, 3, 1), declared_level=3), org)
    row = next(r for r in missing.results if r.control == "duty.approved-before-go-live")
    assert row.status is Status.FAIL and not row.past_fact
    item = next(m for m in missing.remediation if m.control == "duty.approved-before-go-live")
    assert item.due > D(2026, 6, 1)
    assert plan([row.model_copy(update={"past_fact": True})], D(2026, 6, 1)) == []


def test_the_example_systems_fail_no_go_live_duty(catalog: Catalog) -> None:
    for day in (D(2026, 6, 1), D(2026, 8, 18)):
        for sid, res in assess_example(catalog, day).items():
            for r in res.results:
                if r.control in ("duty.approved-before-go-live", "duty.plan-before-go-live"):
                    assert r.status is not Status.FAIL, (sid, r.control, r.reason)
                    if res.system.approval is not None:  # the four live, ND85-approved systems
                        assert r.status is Status.PASS, (sid, r.control, r.reason)


# ------------------------------------------------------------------- §4 uncertain figures


def test_every_tcvn14423_figure_is_advisory(catalog: Catalog) -> None:
    for cid, fw in catalog.framework_of.items():
        if not fw.startswith("tcvn14423"):
            continue
        for level, variant in catalog.controls[cid].levels.items():
            for name, param in variant.params.items():
                if param.min is not None or param.max is not None:
                    assert param.advisory, (cid, level, name)


def test_an_advisory_tcvn14423_figure_never_fails(catalog: Catalog) -> None:
    control = catalog.controls["tcvn14423.accounts"]
    variant = control.levels[3]
    q = next(q for q in variant.questions if q.param == "inactive_account_disable_days")
    org = Organisation.model_validate({"name": "Sở thử"})
    s = system(approval=approval(D(2026, 10, 1), regime="nd331"), declared_level=3)
    answers = AnswerSet.model_validate(
        {"system": "s1", "answers": {f"tcvn14423.accounts/3/{q.id}": {"value": 120}}}
    )
    engine = Engine(catalog, load_profiles(), "nd331-level3", today=D(2026, 12, 1), force_profile=True)
    res = engine.assess_system(s, org, answers=answers)
    row = next(r for r in res.results if r.control == "tcvn14423.accounts")
    assert row.status is not Status.FAIL
    assert any("120" in a.en and "advisory" in a.en for a in row.advisories)


def test_clauses_name_their_standard() -> None:
    assert clause_text("tcvn11930-2017", "7.1.1.1", "vi") == "TCVN 11930:2017 mục 7.1.1.1"
    assert clause_text("tcvn14423-2026", "5.5", "vi") == "TCVN 14423:2026 mục 5.5"
    assert clause_text("tcvn14423-2026", "5.5", "en") == "TCVN 14423:2026 clause 5.5"
    assert clause_text("nd85-duties", None, "vi") == ""


def test_reports_show_the_appendix_the_source_note_and_the_standard(catalog: Catalog, tmp_path: Path) -> None:
    res = assess_example(catalog, D(2026, 12, 1))["dvc-truc-tuyen"]
    files = render_reports(res, ["md", "html", "json"], "vi", tmp_path / "vi")
    md = next(f for f in files if f.suffix == ".md").read_text(encoding="utf-8")
    html = next(f for f in files if f.suffix == ".html").read_text(encoding="utf-8")
    data = json.loads(next(f for f in files if f.suffix == ".json").read_text(encoding="utf-8"))
    for text in (md, html):
        assert "Không áp dụng do thời điểm / chế độ".upper() in text.upper()
        assert "đến hết 18/08/2026" in text
        assert "TCVN 11930:2017 mục 7.1.1.1" in text
        assert "Câu hỏi do chúng tôi soạn từ tiêu đề điều khoản" in text
        assert "ldphuong-vn/vn-cyber-compliance" not in text  # no TCVN 14423 requirement here
    assert {n["control"] for n in data["not_binding"]} >= {"duty.level-approval", "duty.monitoring-tt31"}
    en = render_reports(res, ["md"], "en", tmp_path / "en")[0].read_text(encoding="utf-8")
    assert "Not applicable by date / regime" in en

    org = Organisation.model_validate({"name": "Sở thử"})
    s = system(approval=approval(D(2026, 10, 1), regime="nd331"), declared_level=3)
    engine = Engine(catalog, load_profiles(), "nd331-level3", today=D(2026, 12, 1), force_profile=True)
    new = engine.assess_system(s, org)
    md = render_reports(new, ["md"], "vi", tmp_path / "new")[0].read_text(encoding="utf-8")
    assert "ldphuong-vn/vn-cyber-compliance" in md  # the single source, named in a visible note
    assert "TCVN 14423:2026 mục 5." in md
    assert "bản tóm tắt thứ cấp" in md
    assert "Câu hỏi do chúng tôi soạn từ tiêu đề điều khoản" not in md  # not what happened for 14423


def test_word_report_has_the_appendix_and_the_recorded_findings(catalog: Catalog, tmp_path: Path) -> None:
    from docx import Document

    org = Organisation.model_validate({"name": "Sở thử", "security_unit": "Văn phòng Sở"})
    engine = Engine(catalog, load_profiles(), "level3", today=D(2026, 6, 1), force_profile=True)
    late = engine.assess_system(
        system(go_live_date=D(2020, 5, 1), approval=approval(D(2025, 1, 10)), declared_level=3), org
    )
    (path,) = render_reports(late, ["docx"], "vi", tmp_path)
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "KHÔNG ÁP DỤNG DO THỜI ĐIỂM / CHẾ ĐỘ" in text.upper()
    assert "từ 19/08/2026" in cells  # ND331 32.3 staff item, not yet binding on 01/06/2026
    assert "Ghi nhận (sự việc đã xảy ra" in text
    assert "10/01/2025" in cells


def _overlay(tmp_path: Path, param: str) -> Path:
    folder = tmp_path / "overlay"
    folder.mkdir()
    (folder / "verified.yaml").write_text(
        "overlay: {vi: Đối chiếu với bản TCVN có bản quyền, en: Checked against the licensed TCVN}\n"
        "controls:\n"
        "  - id: tcvn14423.accounts\n"
        "    levels:\n"
        "      3:\n"
        "        verified_params:\n"
        f"          {param}:\n"
        "            verified_by: Nguyễn Văn A, Phòng CNTT\n"
        "            verified_on: 2026-11-20\n"
        "            reference: TCVN 14423:2026 mục 5.1\n"
        "            max: 60\n",
        encoding="utf-8",
    )
    return folder


def test_a_figure_verified_through_the_overlay_binds(tmp_path: Path) -> None:
    """Issue 12 §4: advisory until a licensed holder verifies it through the overlay."""
    verified = load_catalog(overlay=_overlay(tmp_path, "inactive_account_disable_days"))
    param = verified.controls["tcvn14423.accounts"].levels[3].params["inactive_account_disable_days"]
    assert not param.advisory and param.max == 60 and "Nguyễn Văn A" in param.source
    control = verified.controls["tcvn14423.accounts"]
    q = next(q for q in control.levels[3].questions if q.param == "inactive_account_disable_days")
    org = Organisation.model_validate({"name": "Sở thử"})
    s = system(approval=approval(D(2026, 10, 1), regime="nd331"), declared_level=3)
    answers = AnswerSet.model_validate(
        {"system": "s1", "answers": {f"tcvn14423.accounts/3/{q.id}": {"value": 120}}}
    )
    engine = Engine(verified, load_profiles(), "nd331-level3", today=D(2026, 12, 1), force_profile=True)
    row = next(r for r in engine.assess_system(s, org, answers=answers).results if r.control == control.id)
    assert row.status is Status.FAIL


def test_verifying_an_unknown_parameter_names_the_overlay_line(tmp_path: Path) -> None:
    from attt_audit.errors import InputError

    with pytest.raises(InputError) as err:
        load_catalog(overlay=_overlay(tmp_path, "no_such_figure"))
    assert "verified.yaml:8" in str(err.value.render()) and "no_such_figure" in str(err.value.render())
