"""Evaluators of the Law 116 / Decree 331 / Decree 333 duty set and the personal-data duties
(``checklists/nd331-duties.yaml``), registered with :func:`attt_audit.evaluators.evaluator`.

Each reads the system's facts (``inventory.yaml``), the organisation, ``annual.yaml``
(``ctx.annual``: trainings, drills, budget, incident response) or ``incidents.yaml``
(``ctx.incidents``), the variant's parameters and the assessment date. Dates of the regime (when
Decree 331 starts, the transition deadline for new measures, the inspection cycle, the reporting
calendar) come from ``checklists/regimes/nd331.yaml``; hours, months and percentages from the
variant's ``params``. A missing fact gives "Chưa đánh giá: thiếu dữ liệu X" (the questionnaire then
asks the variant's questions), never a guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from attt_audit.dates import VIETNAM, add_months
from attt_audit.evaluators import (
    EvalContext,
    EvalOutcome,
    _bad_fact,
    _int_param,
    _missing,
    _no_param,
    _text,
    _vn,
    annual_report_on_time,
    evaluator,
    level_approved,
    quy_che_before_approval,
)
from attt_audit.models import Incident, Status
from attt_audit.regime import regime
from attt_audit.text import format_number, format_percent

SUCCESSOR = "nd331"
"""The regime whose dates these duties read (``checklists/regimes/nd331.yaml``)."""
NEW_MEASURES_BY = "new-measures-by"
"""Date by which systems running under the old law meet the new measures (Law 116 Art 45)."""


def _start() -> dt.date:
    """The day Decree 331 takes effect: duties about events (approvals, go-lives, changes,
    incidents) reach only events from that day."""
    return regime(SUCCESSOR).starts.date


def _new_measures_by() -> dt.date:
    return regime(SUCCESSOR).dates[NEW_MEASURES_BY].date


def _ok(vi: str, en: str) -> EvalOutcome:
    return EvalOutcome(Status.PASS, _text(vi, en))


def _fail(vi: str, en: str, *, past_fact: bool = False) -> EvalOutcome:
    return EvalOutcome(Status.FAIL, _text(vi, en), past_fact=past_fact)


def _na(vi: str, en: str) -> EvalOutcome:
    return EvalOutcome(Status.NA, _text(vi, en))


def _open(vi: str, en: str, *missing: str) -> EvalOutcome:
    return EvalOutcome(Status.NOT_ASSESSED, _text(vi, en), tuple(missing))


def _hours(delta: dt.timedelta, lang: str) -> str:
    """Elapsed hours with one decimal in the language's notation (``97,8`` / ``97.8``)."""
    return format_number(delta.total_seconds() / 3600, lang)


def _when(at: dt.datetime) -> str:
    return at.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y")


def _end_of(day: dt.date) -> dt.datetime:
    """The end of the assessment day in Vietnam: a deadline later than this has not passed."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=VIETNAM)


# ----------------------------------------------------------------- level, dossier, go-live


@evaluator("nd331.level_approved")
def nd331_level_approved(ctx: EvalContext) -> EvalOutcome:
    """ND331 18–24: a live system has an approved level, by the authority its level requires (an
    ND85 approval stays valid, Law 116 Art 45). Not live yet: approval is due before go-live."""
    live = ctx.system.go_live_date
    if ctx.system.approval is None or ctx.system.approval.date > ctx.today:
        if live is None:
            return _missing("go_live_date", "approval")
        if live > ctx.today:
            return _na(
                f"Hệ thống chưa vận hành (dự kiến {_vn(live)}): cấp độ cần được phê duyệt trước ngày đó",
                f"The system is not live yet (planned {_vn(live)}): its level must be approved before then",
            )
        return _fail(
            f"Hệ thống vận hành từ {_vn(live)} nhưng chưa có quyết định phê duyệt cấp độ",
            f"The system has been live since {_vn(live)} without a level-approval decision",
        )
    return level_approved(ctx)


def _approved_since_start(ctx: EvalContext) -> EvalOutcome | None:
    """NA when the approval predates Decree 331 (judged by the rules of its time); None otherwise."""
    approval = ctx.system.approval
    start = _start()
    if approval is not None and approval.date < start:
        return _na(
            f"Cấp độ được phê duyệt ngày {_vn(approval.date)}, trước ngày {_vn(start)}: nghĩa vụ này áp dụng cho "
            "lần phê duyệt từ ngày đó (lần phê duyệt cũ được xét theo quy định khi ấy)",
            f"The level was approved on {_vn(approval.date)}, before {_vn(start)}: this duty covers approvals from "
            "that day (the earlier approval answers to the rules of its time)",
        )
    return None


@evaluator("nd331.quy_che_before_approval")
def nd331_quy_che_before_approval(ctx: EvalContext) -> EvalOutcome:
    """ND331 30.7: the Quy chế is issued before an approval made from the day Decree 331 applies."""
    earlier = _approved_since_start(ctx)
    if earlier is not None:
        return earlier
    if ctx.system.approval is None:
        return _na(
            "Chưa có quyết định phê duyệt cấp độ: Quy chế cần ban hành trước khi phê duyệt",
            "No level approval yet: the Quy chế must be issued before it",
        )
    return quy_che_before_approval(ctx)


@evaluator("nd331.plan_before_go_live")
def nd331_plan_before_go_live(ctx: EvalContext) -> EvalOutcome:
    """ND331 30.6: a system (or an upgraded version) put live from the day Decree 331 applies has
    its approved plan fully in place first. Earlier go-lives follow the transition (Law 116 Art 45)."""
    live, upgraded = ctx.system.go_live_date, ctx.system.upgrade_live_date
    if live is None:
        return _missing("go_live_date")
    start, due = _start(), _new_measures_by()
    events = [d for d in (live, upgraded) if d is not None and start <= d <= ctx.today]
    if not events:
        if live > ctx.today:
            return _na(
                f"Hệ thống chưa vận hành (dự kiến {_vn(live)}): phương án cần triển khai đầy đủ trước ngày đó",
                f"The system is not live yet (planned {_vn(live)}): the plan must be fully in place before then",
            )
        return _na(
            f"Hệ thống vận hành từ {_vn(live)}, trước ngày {_vn(start)}, và không ghi nhận nâng cấp đưa vào vận hành "
            f"từ đó: áp dụng lộ trình chuyển tiếp (đáp ứng biện pháp mới trước {_vn(due)})",
            f"The system went live on {_vn(live)}, before {_vn(start)}, with no upgrade put live since: the "
            f"transition applies (new measures due by {_vn(due)})",
        )
    event = max(events)
    what_vi = "phiên bản nâng cấp" if event == upgraded else "hệ thống"
    what_en = "the upgraded version" if event == upgraded else "the system"
    done = ctx.system.plan_implemented_date
    if done is None:
        return _missing("plan_implemented_date")
    if done > ctx.today:
        return _bad_fact("plan_implemented_date", done.isoformat(), "a date not after the assessment date")
    if done <= event:
        return _ok(
            f"Phương án triển khai đầy đủ ngày {_vn(done)}, trước khi {what_vi} vận hành ngày {_vn(event)}",
            f"Plan fully in place on {_vn(done)}, before {what_en} went live on {_vn(event)}",
        )
    return _fail(
        f"{what_vi.capitalize()} vận hành ngày {_vn(event)} trước khi phương án triển khai đầy đủ ({_vn(done)}) (ghi nhận)",
        f"{what_en.capitalize()} went live on {_vn(event)} before the plan was fully in place ({_vn(done)}) (recorded)",
        past_fact=True,
    )


@evaluator("nd331.level_redetermined_on_change")
def level_redetermined_on_change(ctx: EvalContext) -> EvalOutcome:
    """ND331 25 (with 10.2): a change from the day Decree 331 applies is followed by a recorded
    re-examination of the level (re-determined, or confirmed unchanged)."""
    changed = ctx.system.last_change_date
    if changed is None:
        return _missing("last_change_date")
    start = _start()
    if changed < start:
        return _na(
            f"Lần thay đổi gần nhất ngày {_vn(changed)}, trước ngày {_vn(start)}",
            f"The latest change was on {_vn(changed)}, before {_vn(start)}",
        )
    if changed > ctx.today:
        return _bad_fact("last_change_date", changed.isoformat(), "a date not after the assessment date")
    approved = ctx.system.approval.date if ctx.system.approval is not None else None
    looked = [d for d in (ctx.system.level_reviewed_date, approved) if d is not None and d <= ctx.today]
    if not looked:
        return _missing("level_reviewed_date")
    latest = max(looked)
    if latest >= changed:
        return _ok(
            f"Hệ thống thay đổi ngày {_vn(changed)}; cấp độ được xem xét lại ngày {_vn(latest)}",
            f"The system changed on {_vn(changed)}; its level was re-examined on {_vn(latest)}",
        )
    return _fail(
        f"Hệ thống thay đổi ngày {_vn(changed)} nhưng chưa ghi nhận việc xem xét lại cấp độ sau đó",
        f"The system changed on {_vn(changed)} but no re-examination of its level since is recorded",
    )


@evaluator("nd331.anqg_screened")
def anqg_screened(ctx: EvalContext) -> EvalOutcome:
    """ND331 16–17: the system was screened against the ANQG criteria in force (or is on the list)."""
    if ctx.system.anqg is True:
        return _ok(
            "Hệ thống thuộc danh mục hệ thống quan trọng về an ninh quốc gia",
            "The system is on the list of systems important to national security",
        )
    screened = ctx.system.anqg_screening_date
    if screened is None:
        return _missing("anqg_screening_date")
    if screened > ctx.today:
        return _bad_fact("anqg_screening_date", screened.isoformat(), "a date not after the assessment date")
    start = _start()
    if screened < start:
        return _open(
            f"Chưa đánh giá: lần rà soát ngày {_vn(screened)} trước khi tiêu chí có hiệu lực ({_vn(start)}); "
            "cần rà soát lại theo tiêu chí hiện hành",
            f"Not assessed: the screening of {_vn(screened)} predates the criteria ({_vn(start)}); screen again",
            "anqg_screening_date",
        )
    return _ok(
        f"Đã rà soát theo tiêu chí hệ thống quan trọng về an ninh quốc gia ngày {_vn(screened)}",
        f"Screened against the ANQG criteria on {_vn(screened)}",
    )


def _serious(incidents: list[Incident], start: dt.date, today: dt.date) -> list[Incident]:
    return [
        i
        for i in incidents
        if i.severity == "serious" and start <= i.detected_at.astimezone(VIETNAM).date() <= today
    ]


@evaluator("nd331.risk_assessed")
def risk_assessed(ctx: EvalContext) -> EvalOutcome:
    """ND331 10.2, 10.6: a risk assessment at the first determination under Decree 331, and after
    each change or serious incident from the day it applies."""
    start = _start()
    triggers: list[tuple[dt.date, str, str]] = []
    approval = ctx.system.approval
    if approval is not None and approval.regime == SUCCESSOR and approval.date <= ctx.today:
        triggers.append((approval.date, "xác định cấp độ lần đầu", "the first level determination"))
    changed = ctx.system.last_change_date
    if changed is not None and start <= changed <= ctx.today:
        triggers.append((changed, "thay đổi hệ thống", "a change of the system"))
    if ctx.incidents is not None:
        for inc in _serious(ctx.incidents.for_system(ctx.system.id), start, ctx.today):
            triggers.append(
                (inc.detected_at.astimezone(VIETNAM).date(), "sự cố nghiêm trọng", "a serious incident")
            )
    assessed = ctx.system.risk_assessment_date
    if not triggers:
        unknown = [n for n, v in (("last_change_date", changed),) if v is None]
        if unknown:
            return _missing(*unknown)
        return _na(
            f"Không có sự kiện nào từ {_vn(start)} đòi hỏi đánh giá rủi ro (xác định cấp độ, thay đổi, sự cố nghiêm trọng)",
            f"No event since {_vn(start)} calls for a risk assessment (level determination, change, serious incident)",
        )
    if assessed is None:
        return _missing("risk_assessment_date")
    if assessed > ctx.today:
        return _bad_fact("risk_assessment_date", assessed.isoformat(), "a date not after the assessment date")
    day, vi, en = max(triggers)
    if vi == "xác định cấp độ lần đầu" or assessed >= day:
        return _ok(
            f"Đánh giá rủi ro gần nhất ngày {_vn(assessed)}; sự kiện gần nhất: {vi} ngày {_vn(day)}",
            f"Latest risk assessment on {_vn(assessed)}; latest event: {en} on {_vn(day)}",
        )
    return _fail(
        f"Chưa đánh giá rủi ro sau {vi} ngày {_vn(day)} (lần gần nhất {_vn(assessed)})",
        f"Risk not re-assessed after {en} on {_vn(day)} (latest assessment {_vn(assessed)})",
    )


@evaluator("nd331.cyber_conditions_assessed")
def cyber_conditions_assessed(ctx: EvalContext) -> EvalOutcome:
    """ND331 28.3 / ND333 6 (mandatory for ANQG systems, Law 116 10.3–10.4): conditions assessed
    before operation; a system live before Decree 331 has until the transition deadline."""
    live = ctx.system.go_live_date
    done = ctx.system.cyber_conditions_date
    if live is None:
        return _missing("go_live_date")
    start, due = _start(), _new_measures_by()
    if done is not None and done > ctx.today:
        return _bad_fact("cyber_conditions_date", done.isoformat(), "a date not after the assessment date")
    if live > ctx.today:
        if done is not None:
            return _ok(
                f"Điều kiện an ninh mạng được đánh giá ngày {_vn(done)}, trước khi vận hành",
                f"Cybersecurity conditions assessed on {_vn(done)}, before operation",
            )
        return _na(
            f"Hệ thống chưa vận hành (dự kiến {_vn(live)}): cần đánh giá điều kiện an ninh mạng trước ngày đó",
            f"The system is not live yet (planned {_vn(live)}): the conditions must be assessed before then",
        )
    if live < start:
        if done is not None:
            return _ok(
                f"Điều kiện an ninh mạng được đánh giá ngày {_vn(done)}",
                f"Cybersecurity conditions assessed on {_vn(done)}",
            )
        if ctx.today <= due:
            return _na(
                f"Hệ thống vận hành trước {_vn(start)}: hạn đáp ứng biện pháp mới {_vn(due)} chưa đến",
                f"The system was live before {_vn(start)}: the deadline for new measures, {_vn(due)}, has not passed",
            )
        return _missing("cyber_conditions_date")
    if done is None:
        return _missing("cyber_conditions_date")
    if done <= live:
        return _ok(
            f"Điều kiện an ninh mạng được đánh giá ngày {_vn(done)}, trước khi vận hành ngày {_vn(live)}",
            f"Cybersecurity conditions assessed on {_vn(done)}, before go-live on {_vn(live)}",
        )
    return _fail(
        f"Hệ thống vận hành ngày {_vn(live)} trước khi được đánh giá điều kiện an ninh mạng ({_vn(done)}) (ghi nhận)",
        f"The system went live on {_vn(live)} before its cybersecurity conditions were assessed ({_vn(done)}) (recorded)",
        past_fact=True,
    )


# ----------------------------------------------------------------- operation


@evaluator("nd331.periodic_inspection")
def periodic_inspection(ctx: EvalContext) -> EvalOutcome:
    """ND331 31.2.c: periodic inspection. The decree sets no cycle: the one in the regime data is a
    reference (``stated: false``), so the catalog marks this variant advisory (overdue only warns)."""
    rule = regime(SUCCESSOR).inspection[ctx.level]
    if rule.months is None:
        return _no_param("inspection.months")
    basis = rule.basis
    inspection = ctx.system.last_inspection
    if inspection is None:
        return _missing("last_inspection.date")
    last = inspection.date
    if last > ctx.today:
        return _bad_fact("last_inspection.date", last.isoformat(), "a date not after the assessment date")
    due = add_months(last, rule.months)
    if ctx.today <= due:
        return _ok(
            f"Kiểm tra gần nhất ngày {_vn(last)}; mốc tham chiếu lần kế tiếp {_vn(due)} ({basis.vi})",
            f"Last inspection on {_vn(last)}; reference date for the next one {_vn(due)} ({basis.en})",
        )
    late = (ctx.today - due).days
    return _fail(
        f"Quá mốc tham chiếu {late} ngày: kiểm tra gần nhất {_vn(last)}, mốc {_vn(due)} ({basis.vi})",
        f"Past the reference date by {late} days: last inspection {_vn(last)}, reference {_vn(due)} ({basis.en})",
    )


@evaluator("nd331.incident_reports")
def incident_reports(ctx: EvalContext) -> EvalOutcome:
    """ND331 31.2.d: each serious incident from the day Decree 331 applies is notified within
    ``notice_hours`` and its cause reported within ``report_hours`` of detection."""
    notice_h = _int_param(ctx, "notice_hours")
    report_h = _int_param(ctx, "report_hours")
    if notice_h is None:
        return _no_param("notice_hours")
    if report_h is None:
        return _no_param("report_hours")
    if ctx.incidents is None:
        return _missing("incidents.yaml")
    start = _start()
    serious = _serious(ctx.incidents.for_system(ctx.system.id), start, ctx.today)
    if not serious:
        return _na(
            f"Nhật ký sự cố không ghi nhận sự cố nghiêm trọng nào của hệ thống từ {_vn(start)}",
            f"The incident log records no serious incident of the system since {_vn(start)}",
        )
    now = _end_of(ctx.today)
    bad_vi: list[str] = []
    bad_en: list[str] = []
    good = 0
    past_only = True
    steps = (
        ("notified_at", notice_h, "thông báo ban đầu", "initial notice"),
        ("cause_report_at", report_h, "báo cáo nguyên nhân", "cause report"),
    )
    for inc in serious:
        name = inc.id or _when(inc.detected_at)
        for attr, hours, what_vi, what_en in steps:
            deadline = inc.detected_at + dt.timedelta(hours=hours)
            sent = getattr(inc, attr)
            if sent is None:
                if deadline < now:
                    past_only = False
                    bad_vi.append(f"{name}: chưa gửi {what_vi} (hạn {_when(deadline)}, {hours} giờ)")
                    bad_en.append(f"{name}: {what_en} not sent (due {_when(deadline)}, {hours} hours)")
            elif sent > deadline:
                bad_vi.append(
                    f"{name}: {what_vi} sau {_hours(sent - inc.detected_at, 'vi')} giờ (hạn {hours} giờ)"
                )
                bad_en.append(
                    f"{name}: {what_en} after {_hours(sent - inc.detected_at, 'en')} hours (limit {hours} hours)"
                )
            else:
                good += 1
    count = len(serious)
    if bad_vi:
        return EvalOutcome(
            Status.FAIL,
            _text(
                f"{count} sự cố nghiêm trọng từ {_vn(start)}; " + "; ".join(bad_vi),
                f"{count} serious incident{'s' if count > 1 else ''} since {_vn(start)}; "
                + "; ".join(bad_en),
            ),
            past_fact=past_only,
        )
    return _ok(
        f"{count} sự cố nghiêm trọng từ {_vn(start)}: thông báo trong {notice_h} giờ, báo cáo nguyên nhân trong "
        f"{report_h} giờ (hoặc chưa đến hạn)",
        f"{count} serious incident{'s' if count > 1 else ''} since {_vn(start)}: notified within {notice_h} hours, "
        f"cause reported within {report_h} hours (or not yet due)",
    )


@evaluator("nd331.training_and_drills")
def training_and_drills(ctx: EvalContext) -> EvalOutcome:
    """ND331 31.3: training and drills, each at least once per ``interval_months`` (a reference the
    catalog marks advisory: the decree states no frequency)."""
    interval = _int_param(ctx, "interval_months")
    if interval is None:
        return _no_param("interval_months")
    annual = ctx.annual
    lists = {
        "annual.yaml trainings": annual.trainings if annual is not None else None,
        "annual.yaml drills": annual.drills if annual is not None else None,
    }
    missing = [name for name, value in lists.items() if value is None]
    if missing:
        return _missing(*missing)
    since = add_months(ctx.today, -interval)
    parts_vi: list[str] = []
    parts_en: list[str] = []
    short = False
    for records, (vi, en) in zip(
        lists.values(), (("đào tạo", "training"), ("diễn tập", "drill")), strict=True
    ):
        held = sorted(r.date for r in records or [] if r.date <= ctx.today)
        if held and held[-1] >= since:
            parts_vi.append(f"{vi} gần nhất {_vn(held[-1])}")
            parts_en.append(f"latest {en} {_vn(held[-1])}")
        else:
            short = True
            parts_vi.append(
                f"không có {vi} trong {interval} tháng" + (f" (gần nhất {_vn(held[-1])})" if held else "")
            )
            parts_en.append(f"no {en} in {interval} months" + (f" (latest {_vn(held[-1])})" if held else ""))
    if short:
        return _fail("; ".join(parts_vi), "; ".join(parts_en))
    return _ok("; ".join(parts_vi), "; ".join(parts_en))


@evaluator("nd331.annual_report_on_time")
def nd331_annual_report_on_time(ctx: EvalContext) -> EvalOutcome:
    """ND331 35–36: the owner's annual report, on the Decree 331 calendar whatever the profile's regime."""
    return annual_report_on_time(replace(ctx, regime=SUCCESSOR))


# ----------------------------------------------------------------- people, budget, monitoring, hosting


@evaluator("law116.admins_certified")
def admins_certified(ctx: EvalContext) -> EvalOutcome:
    """Law 116 34.2: administrators of level 3–5 systems of state bodies hold the certificate."""
    state = ctx.organisation.state_body
    if state is None:
        return _missing("organisation.state_body")
    if not state:
        return _na("Đơn vị không phải cơ quan nhà nước", "The organisation is not a state body")
    total, certified = ctx.system.admins_total, ctx.system.admins_certified
    missing = [n for n, v in (("admins_total", total), ("admins_certified", certified)) if v is None]
    if missing:
        return _missing(*missing)
    assert total is not None and certified is not None
    if certified > total:
        return _bad_fact("admins_certified", certified, f"at most admins_total ({total})")
    if total == 0:
        return _open(
            "Chưa đánh giá: dữ liệu ghi hệ thống không có người quản trị; cần xác nhận",
            "Not assessed: the system is recorded with no administrator; confirm",
            "admins_total",
        )
    if certified == total:
        return _ok(
            f"{certified}/{total} người quản trị có chứng chỉ hoặc được miễn",
            f"{certified}/{total} administrators certified or exempt",
        )
    return EvalOutcome(
        Status.PARTIAL if certified else Status.FAIL,
        _text(
            f"Chỉ {certified}/{total} người quản trị có chứng chỉ hoặc được miễn",
            f"Only {certified}/{total} administrators certified or exempt",
        ),
    )


@evaluator("law116.cyber_budget_share")
def cyber_budget_share(ctx: EvalContext) -> EvalOutcome:
    """Law 116 38.1: at least ``min_share_percent`` of the digital-transformation budget for cybersecurity."""
    need = ctx.params.get("min_share_percent")
    if isinstance(need, bool) or not isinstance(need, (int, float)):
        return _no_param("min_share_percent")
    budget = ctx.annual.budget if ctx.annual is not None else None
    if budget is None:
        return _missing("annual.yaml budget")
    if budget.digital_transformation == 0:
        return _na("Không có kinh phí chuyển đổi số trong năm", "No digital-transformation budget this year")
    share = 100 * budget.cybersecurity / budget.digital_transformation
    if share >= need:
        return _ok(
            f"Kinh phí an ninh mạng bằng {format_percent(share, 'vi')} kinh phí chuyển đổi số (tối thiểu {need:g}%)",
            f"Cybersecurity gets {format_percent(share, 'en')} of the digital-transformation budget (at least {need:g}%)",
        )
    return _fail(
        f"Kinh phí an ninh mạng chỉ bằng {format_percent(share, 'vi')} kinh phí chuyển đổi số (tối thiểu {need:g}%)",
        f"Cybersecurity gets only {format_percent(share, 'en')} of the digital-transformation budget (at least {need:g}%)",
    )


_MONITORING = (
    ("monitoring.central_system", "hệ thống giám sát", "monitoring"),
    ("monitoring.central_antimalware", "phòng chống mã độc tập trung", "centralised anti-malware"),
    ("monitoring.linked_to_centre", "kết nối trung tâm an ninh mạng", "link to the cybersecurity centre"),
)


@evaluator("nd333.monitoring_linked")
def monitoring_linked(ctx: EvalContext) -> EvalOutcome:
    """Law 116 40.1.b, ND333 7.2: own monitoring and centralised anti-malware, linked to the
    national or provincial cybersecurity centre."""
    have_vi: list[str] = []
    have_en: list[str] = []
    lack_vi: list[str] = []
    lack_en: list[str] = []
    missing: list[str] = []
    for name, vi, en in _MONITORING:
        value = ctx.fact(name)
        if value is None:
            missing.append(name)
        elif not isinstance(value, bool):
            return _bad_fact(name, value, "true or false")
        elif value:
            have_vi.append(vi)
            have_en.append(en)
        else:
            lack_vi.append(vi)
            lack_en.append(en)
    if lack_vi:
        status = Status.PARTIAL if have_vi else Status.FAIL
        tail_vi = f"; thiếu dữ liệu {', '.join(missing)}" if missing else ""
        tail_en = f"; missing fact {', '.join(missing)}" if missing else ""
        return EvalOutcome(
            status,
            _text(
                "Chưa có: "
                + ", ".join(lack_vi)
                + (f"; đã có: {', '.join(have_vi)}" if have_vi else "")
                + tail_vi,
                "Missing: "
                + ", ".join(lack_en)
                + (f"; in place: {', '.join(have_en)}" if have_en else "")
                + tail_en,
            ),
            tuple(missing),
        )
    if missing:
        return _missing(*missing)
    return _ok("Đã có: " + ", ".join(have_vi), "In place: " + ", ".join(have_en))


@evaluator("nd333.incident_response_ready")
def incident_response_ready(ctx: EvalContext) -> EvalOutcome:
    """ND333 Art 9: an issued response plan, a designated team and a contact point."""
    facts = ctx.annual.incident_response if ctx.annual is not None else None
    if facts is None:
        return _missing("annual.yaml incident_response")
    parts = (
        ("plan", facts.plan, "phương án ứng cứu sự cố", "response plan"),
        ("team", facts.team, "đội ứng cứu sự cố", "response team"),
        ("contact", facts.contact, "đầu mối liên hệ", "contact point"),
    )
    have = [(vi, en) for _, v, vi, en in parts if v]
    lack = [(vi, en) for _, v, vi, en in parts if not v]
    if facts.plan_date is not None and facts.plan_date > ctx.today:
        return _bad_fact(
            "annual.yaml incident_response.plan_date",
            facts.plan_date.isoformat(),
            "a date not after the assessment date",
        )
    if not lack:
        return _ok(
            "Đã có: " + ", ".join(vi for vi, _ in have), "In place: " + ", ".join(en for _, en in have)
        )
    return EvalOutcome(
        Status.PARTIAL if have else Status.FAIL,
        _text(
            "Chưa có: " + ", ".join(vi for vi, _ in lack),
            "Missing: " + ", ".join(en for _, en in lack),
        ),
    )


_SEPARATION_RANK = {"none": 0, "logical": 1, "physical": 2}


@evaluator("nd331.hosting_separation")
def hosting_separation(ctx: EvalContext) -> EvalOutcome:
    """ND331 30.8–30.9: in a shared data centre or cloud, level 3–4 systems are separated at least
    logically, level 5 and ANQG systems physically (``separation`` param; ANQG raises it)."""
    need = ctx.params.get("separation")
    if need not in _SEPARATION_RANK:
        return _no_param("separation")
    assert isinstance(need, str)
    if ctx.system.anqg is True:
        need = "physical"
    hosting = ctx.system.hosting
    if hosting is None:
        return _missing("hosting")
    if hosting == "own_premises":
        return _na(
            "Hệ thống đặt tại cơ sở của đơn vị, không dùng chung trung tâm dữ liệu hay đám mây",
            "The system runs on the organisation's own premises, not in a shared data centre or cloud",
        )
    got = ctx.system.hosting_separation
    if got is None:
        return _missing("hosting_separation")
    words = {
        "none": ("không tách biệt", "not separated"),
        "logical": ("tách biệt logic", "logically separated"),
        "physical": ("tách biệt vật lý", "physically separated"),
    }
    if _SEPARATION_RANK[got] >= _SEPARATION_RANK[need]:
        return _ok(
            f"Hệ thống {words[got][0]} (yêu cầu: {words[need][0]})",
            f"The system is {words[got][1]} (required: {words[need][1]})",
        )
    return _fail(
        f"Hệ thống {words[got][0]}; yêu cầu: {words[need][0]}",
        f"The system is {words[got][1]}; required: {words[need][1]}",
    )


@evaluator("nd333.data_location")
def data_location(ctx: EvalContext) -> EvalOutcome:
    """ND333 19–20 (read only by name: advisory in the catalog): the system's data stored in Vietnam."""
    where = ctx.system.data_location
    if where is None:
        return _missing("data_location")
    if where == "vietnam":
        return _ok("Dữ liệu lưu trữ tại Việt Nam", "Data stored in Vietnam")
    shown = {"abroad": ("ở nước ngoài", "abroad"), "mixed": ("một phần ở nước ngoài", "partly abroad")}[where]
    return _fail(f"Dữ liệu lưu trữ {shown[0]}", f"Data stored {shown[1]}")


# ----------------------------------------------------------------- personal data (advisory)


@evaluator("law91.impact_assessment")
def impact_assessment(ctx: EvalContext) -> EvalOutcome:
    """Law 91/2025, ND 356/2025: a processing impact assessment for a system holding personal data."""
    done = ctx.system.personal_data_dpia_date
    if done is None:
        return _missing("personal_data_dpia_date")
    if done > ctx.today:
        return _bad_fact("personal_data_dpia_date", done.isoformat(), "a date not after the assessment date")
    return _ok(
        f"Đã lập hồ sơ đánh giá tác động xử lý dữ liệu cá nhân ngày {_vn(done)}",
        f"Personal-data impact assessment made on {_vn(done)}",
    )


@evaluator("law91.breach_notice")
def breach_notice(ctx: EvalContext) -> EvalOutcome:
    """Law 91/2025, ND 356/2025: a personal-data breach notified within ``notify_hours``."""
    hours = _int_param(ctx, "notify_hours")
    if hours is None:
        return _no_param("notify_hours")
    if ctx.incidents is None:
        return _missing("incidents.yaml")
    mine = ctx.incidents.for_system(ctx.system.id)
    unknown = [i for i in mine if i.personal_data_breach is None and i.severity == "serious"]
    breaches = [
        i for i in mine if i.personal_data_breach and i.detected_at.astimezone(VIETNAM).date() <= ctx.today
    ]
    now = _end_of(ctx.today)
    late_vi: list[str] = []
    late_en: list[str] = []
    for inc in breaches:
        name = inc.id or _when(inc.detected_at)
        deadline = inc.detected_at + dt.timedelta(hours=hours)
        sent = inc.personal_data_notified_at
        if sent is None and deadline < now:
            late_vi.append(f"{name}: chưa thông báo (hạn {_when(deadline)})")
            late_en.append(f"{name}: not notified (due {_when(deadline)})")
        elif sent is not None and sent > deadline:
            late_vi.append(
                f"{name}: thông báo sau {_hours(sent - inc.detected_at, 'vi')} giờ (hạn {hours} giờ)"
            )
            late_en.append(
                f"{name}: notified after {_hours(sent - inc.detected_at, 'en')} hours (limit {hours} hours)"
            )
    if late_vi:
        return _fail("; ".join(late_vi), "; ".join(late_en))
    if unknown:
        names = ", ".join(i.id or _when(i.detected_at) for i in unknown)
        return _open(
            f"Chưa đánh giá: chưa rõ sự cố {names} có lộ, mất dữ liệu cá nhân không (personal_data_breach)",
            f"Not assessed: whether incident {names} exposed personal data is not recorded (personal_data_breach)",
            "personal_data_breach",
        )
    if not breaches:
        return _na(
            "Nhật ký sự cố không ghi nhận vi phạm dữ liệu cá nhân nào của hệ thống",
            "The incident log records no personal-data breach of the system",
        )
    return _ok(
        f"{len(breaches)} vi phạm dữ liệu cá nhân, thông báo trong {hours} giờ (hoặc chưa đến hạn)",
        f"{len(breaches)} personal-data breach(es), notified within {hours} hours (or not yet due)",
    )


@evaluator("law91.protection_staff")
def protection_staff(ctx: EvalContext) -> EvalOutcome:
    """Law 91/2025, ND 356/2025: a designated personal-data protection unit or person."""
    who = ctx.organisation.data_protection_officer
    if not who:
        return _missing("organisation.data_protection_officer")
    return _ok(
        f"Bộ phận, nhân sự bảo vệ dữ liệu cá nhân: {who}", f"Personal-data protection unit or person: {who}"
    )
