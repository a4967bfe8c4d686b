"""Inventory evaluators: duties decided from inventory facts and dates, not from answers.

A catalog variant names one with ``evaluate: <name>`` (see ``checklists/nd85-duties.yaml``).
Each evaluator reads only the system's facts (``System.facts()`` names, e.g. ``approval.date``),
the organisation, the level, the regime, the variant's parameters and today's date.

A fact the inventory does not give is never guessed: the outcome is ``NOT_ASSESSED`` with
the reason "missing fact X" and ``missing`` naming the facts, so the officer knows what to add.

Facts read, besides the ``System`` fields:

* ``organisation.annual_report_date``: date the last annual report was sent (TT12 13–14);
* ``monitoring.central_system`` (bool), ``monitoring.retention_days`` (int) and
  ``monitoring.last_report_to_authority`` (date) for the TT 31/2017 monitoring duties.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from attt_audit.dates import add_months
from attt_audit.errors import NotFoundError
from attt_audit.models import IncidentsFile, LocalText, Organisation, Status, System
from attt_audit.models.annual import AnnualFile
from attt_audit.regime import load_regimes, regime

__all__ = ["EVALUATORS", "EvalContext", "EvalOutcome", "add_months", "authority", "run_evaluator"]


@dataclass(frozen=True)
class EvalContext:
    system: System
    organisation: Organisation
    level: int
    regime: str
    """``nd85`` or ``nd331``."""
    params: dict[str, object] = field(default_factory=dict)
    """The variant's parameters after profile overrides (e.g. ``interval_months``)."""
    today: dt.date = field(default_factory=dt.date.today)
    annual: AnnualFile | None = None
    """``annual.yaml`` of the workspace (trainings, drills, budget, incident response); None: none."""
    incidents: IncidentsFile | None = None
    """``incidents.yaml`` of the workspace; None: no incident log (not recorded, not "no incident")."""
    facts: Mapping[str, Any] | None = None
    """``system.facts()`` when the caller has worked them out already (the engine, once per system)."""

    def fact(self, name: str) -> Any:
        """A system fact by its flat name (``approval.date``), or None when not given."""
        facts = self.facts if self.facts is not None else self.system.facts()
        return facts.get(name)


@dataclass(frozen=True)
class EvalOutcome:
    status: Status
    reason: LocalText
    missing: tuple[str, ...] = ()
    """Facts whose absence made the outcome ``NOT_ASSESSED``."""
    past_fact: bool = False
    """A failure that cannot be undone (done late): recorded with its date, given no remediation deadline."""


Evaluator = Callable[[EvalContext], EvalOutcome]
EVALUATORS: dict[str, Evaluator] = {}


def evaluator(name: str) -> Callable[[Evaluator], Evaluator]:
    def register(fn: Evaluator) -> Evaluator:
        EVALUATORS[name] = fn
        return fn

    return register


def run_evaluator(name: str, ctx: EvalContext) -> EvalOutcome:
    """Run the evaluator a catalog variant names; an unknown name is a catalog error."""
    fn = EVALUATORS.get(name)
    if fn is None:
        raise NotFoundError(
            f"no inventory evaluator {name!r}",
            expected=f"one of {', '.join(sorted(EVALUATORS))}",
        )
    return fn(ctx)


# ------------------------------------------------------------------------------- helpers


def _text(vi: str, en: str) -> LocalText:
    return LocalText(vi=vi, en=en)


def _missing(*names: str) -> EvalOutcome:
    joined = ", ".join(names)
    return EvalOutcome(
        Status.NOT_ASSESSED,
        _text(f"Chưa đánh giá: thiếu dữ liệu {joined}", f"Not assessed: missing fact {joined}"),
        tuple(names),
    )


@lru_cache(maxsize=4096)
def _vn(day: dt.date) -> str:
    """``dd/mm/yyyy``; remembered per date (``strftime`` is slow, and the same dates come back for
    every requirement and system)."""
    return day.strftime("%d/%m/%Y")


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _bad_fact(name: str, value: Any, expected: str) -> EvalOutcome:
    return EvalOutcome(
        Status.NOT_ASSESSED,
        _text(
            f"Chưa đánh giá: dữ liệu {name} = {value!r} không hợp lệ (cần {expected})",
            f"Not assessed: fact {name} = {value!r} is not valid (expected {expected})",
        ),
        (name,),
    )


def _int_param(ctx: EvalContext, name: str) -> int | None:
    value = ctx.params.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value)


def _no_param(name: str) -> EvalOutcome:
    return EvalOutcome(
        Status.NOT_ASSESSED,
        _text(
            f"Chưa đánh giá: danh mục không có tham số {name} cho cấp độ này",
            f"Not assessed: the catalog gives no parameter {name} at this level",
        ),
    )


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


# A decision is signed by the head of a body ("Giám đốc Sở …"): the body is what must match.
_SIGNATORY_TITLES = (
    "phó giám đốc",
    "giám đốc",
    "phó chủ tịch",
    "chủ tịch",
    "phó thủ trưởng",
    "thủ trưởng",
    "thứ trưởng",
    "bộ trưởng",
    "người đứng đầu",
    "trưởng",
    "director of",
    "director",
    "head of",
)


def _body(text: str) -> str:
    """The body named in an approver's text, without the signatory's title."""
    name = _norm(text)
    for title in _SIGNATORY_TITLES:
        if name.startswith(title + " "):
            return name[len(title) + 1 :]
    return name


# ----------------------------------------------------------------- level approval

# Who approves and who appraises at each level, and how central appraisers are written, are
# regime data (``checklists/regimes/<regime>.yaml``, ``approval`` and ``central_appraisers``).


def authority(regime_id: str, level: int) -> LocalText:
    """Who appraises and who approves at ``level``, said briefly (for a reason)."""
    return regime(regime_id).approval[level].in_reason


def _central_appraisers() -> tuple[str, ...]:
    """Bodies that may appraise a level-4/5 dossier under any regime (a dossier approved under
    the old regime may name the body that took the role over)."""
    return tuple(dict.fromkeys(name for r in load_regimes().values() for name in r.central_appraisers))


@evaluator("inventory.level_approved_by_authority")
def level_approved(ctx: EvalContext) -> EvalOutcome:
    """ND85 Art 12 / ND331 Art 18: the level dossier is approved by the authority the level requires."""
    approval = ctx.system.approval
    if approval is None:
        return _missing("approval")
    rules = regime(approval.regime or ctx.regime)
    rule = rules.approval[ctx.level]
    who = rule.in_reason
    if approval.date > ctx.today:
        return EvalOutcome(
            Status.FAIL,
            _text(
                f"Quyết định {approval.decision} ghi ngày {_vn(approval.date)}, sau ngày đánh giá",
                f"Decision {approval.decision} is dated {_vn(approval.date)}, after the assessment date",
            ),
        )
    if approval.level is None:
        return _missing("approval.level")
    if approval.level < ctx.level:
        return EvalOutcome(
            Status.FAIL,
            _text(
                f"Quyết định {approval.decision} phê duyệt cấp độ {approval.level}, thấp hơn cấp độ {ctx.level} đang đánh giá",
                f"Decision {approval.decision} approves level {approval.level}, below the assessed level {ctx.level}",
            ),
        )
    missing: list[str] = []
    by_unit = rule.approver == "security_unit"
    expected_approver = ctx.organisation.security_unit if by_unit else ctx.system.owner
    if expected_approver is None:
        missing.append("organisation.security_unit" if by_unit else "owner")
    if not by_unit and not approval.appraised_by:  # a separate appraisal comes before the approval
        missing.append("approval.appraised_by")
    if missing:
        return _missing(*missing)
    assert expected_approver is not None
    a, b = _body(approval.approver), _body(expected_approver)
    if a not in b and b not in a:
        return EvalOutcome(
            Status.NOT_ASSESSED,
            _text(
                f"Chưa đánh giá: người phê duyệt ghi là “{approval.approver}”, khác “{expected_approver}” trong dữ liệu kiểm kê; "
                f"cần xác nhận ({who.vi})",
                f"Not assessed: the approver is recorded as “{approval.approver}”, not “{expected_approver}” as in the "
                f"inventory; confirm ({who.en})",
            ),
            ("approval.approver",),
        )
    if rule.appraiser == "central":
        appraiser = _norm(approval.appraised_by or "")
        if not any(body in appraiser for body in _central_appraisers()):
            return EvalOutcome(
                Status.NOT_ASSESSED,
                _text(
                    f"Chưa đánh giá: không nhận ra cơ quan thẩm định “{approval.appraised_by}” là cơ quan cấp độ {ctx.level} "
                    f"yêu cầu ({who.vi}); cần xác nhận",
                    f"Not assessed: the appraiser “{approval.appraised_by}” is not recognisably the body level "
                    f"{ctx.level} requires ({who.en}); confirm",
                ),
                ("approval.appraised_by",),
            )
    return EvalOutcome(
        Status.PASS,
        _text(
            f"Đã phê duyệt cấp độ {approval.level} theo quyết định {approval.decision} ngày {_vn(approval.date)} ({who.vi})",
            f"Level {approval.level} approved by decision {approval.decision} of {_vn(approval.date)} ({who.en})",
        ),
    )


# Directive 09/CT-TTg (23/02/2024): systems running when it was issued answer to its deadlines
# (approval by 09/2024, plan implemented by 12/2024); systems that go live later are approved and
# implement the plan before go-live (TT12 9.6). Dates: checklists/regimes/nd85.yaml.
CT09_REGIME = "nd85"
CT09_ISSUED, CT09_APPROVED_BY, CT09_IMPLEMENTED_BY = (
    "ct09-issued",
    "running-systems-approved-by",
    "running-systems-implemented-by",
)


def _when(name: str) -> tuple[dt.date, str, str]:
    """(date, how Vietnamese reports print it, how English ones do) of a CT 09 date."""
    d = regime(CT09_REGIME).dates[name]
    if d.precision == "month":
        return d.date, f"tháng {d.date:%m/%Y}", d.date.strftime("%m/%Y")
    return d.date, _vn(d.date), d.date.isoformat()


def _not_live(live: dt.date) -> EvalOutcome:
    return EvalOutcome(
        Status.NA,
        _text(
            f"Hệ thống chưa đưa vào vận hành (dự kiến {_vn(live)}): nghĩa vụ chưa phát sinh",
            f"The system is not live yet (planned {_vn(live)}): the duty has not arisen",
        ),
    )


@evaluator("inventory.approved_before_go_live")
def approved_before_go_live(ctx: EvalContext) -> EvalOutcome:
    """The level is approved by the deadline that applied to the system (CT 09/CT-TTg).

    Running when CT 09 was issued: approved by its deadline for running systems; live later:
    approved before go-live. ``approval: null`` in the inventory means "not approved". Approved late
    is a past fact (recorded, no deadline); live and still unapproved is a failure to fix now.
    """
    approval, live = ctx.system.approval, ctx.system.go_live_date
    if live is None:
        return _missing("go_live_date")
    if live > ctx.today:
        return _not_live(live)
    approved = approval.date if approval is not None and approval.date <= ctx.today else None
    issued, issued_vi, issued_en = _when(CT09_ISSUED)
    if live < issued:
        due, due_vi, due_en = _when(CT09_APPROVED_BY)
        legacy_vi = f"Hệ thống vận hành từ {_vn(live)}, trước Chỉ thị 09/CT-TTg ({issued_vi})"
        legacy_en = f"The system went live on {_vn(live)}, before Directive 09/CT-TTg ({issued_en})"
        if approved is None:
            if ctx.today <= due:
                return EvalOutcome(
                    Status.NA,
                    _text(
                        f"{legacy_vi}; hạn phê duyệt cấp độ {due_vi} chưa đến",
                        f"{legacy_en}; the approval deadline {due_en} has not passed",
                    ),
                )
            return EvalOutcome(
                Status.FAIL,
                _text(
                    f"{legacy_vi}; đến nay chưa được phê duyệt cấp độ (hạn {due_vi})",
                    f"{legacy_en}; its level is still not approved (due {due_en})",
                ),
            )
        if approved <= due:
            return EvalOutcome(
                Status.PASS,
                _text(
                    f"{legacy_vi}; phê duyệt cấp độ ngày {_vn(approved)}, trong hạn {due_vi}",
                    f"{legacy_en}; level approved on {_vn(approved)}, within the deadline {due_en}",
                ),
            )
        return EvalOutcome(
            Status.FAIL,
            _text(
                f"{legacy_vi}; phê duyệt cấp độ ngày {_vn(approved)}, sau hạn {due_vi} (ghi nhận)",
                f"{legacy_en}; level approved on {_vn(approved)}, after the deadline {due_en} (recorded)",
            ),
            past_fact=True,
        )
    if approved is None:
        return EvalOutcome(
            Status.FAIL,
            _text(
                f"Hệ thống vận hành từ {_vn(live)} nhưng chưa được phê duyệt cấp độ",
                f"The system has been live since {_vn(live)} without an approved level",
            ),
        )
    if approved <= live:
        return EvalOutcome(
            Status.PASS,
            _text(
                f"Phê duyệt cấp độ ngày {_vn(approved)}, trước khi đưa vào vận hành ngày {_vn(live)}",
                f"Level approved on {_vn(approved)}, before go-live on {_vn(live)}",
            ),
        )
    return EvalOutcome(
        Status.FAIL,
        _text(
            f"Hệ thống vận hành từ {_vn(live)} nhưng đến {_vn(approved)} mới được phê duyệt cấp độ (ghi nhận)",
            f"The system went live on {_vn(live)} but its level was approved only on {_vn(approved)} (recorded)",
        ),
        past_fact=True,
    )


@evaluator("inventory.quy_che_before_approval")
def quy_che_before_approval(ctx: EvalContext) -> EvalOutcome:
    """TT12 9.7 (ND331 30.7): the system's Quy chế is issued before the level dossier is approved."""
    if ctx.system.approval is None and ctx.system.quy_che_date is None:
        return _missing("quy_che_date", "approval")
    if ctx.system.quy_che_date is None:
        return _missing("quy_che_date")
    if ctx.system.approval is None:
        return _missing("approval")
    issued, approved = ctx.system.quy_che_date, ctx.system.approval.date
    if issued <= approved:
        return EvalOutcome(
            Status.PASS,
            _text(
                f"Quy chế ban hành ngày {_vn(issued)}, trước ngày phê duyệt cấp độ {_vn(approved)}",
                f"Quy chế issued on {_vn(issued)}, before the level approval of {_vn(approved)}",
            ),
        )
    return EvalOutcome(
        Status.FAIL,
        _text(
            f"Quy chế ban hành ngày {_vn(issued)}, sau ngày phê duyệt cấp độ {_vn(approved)}",
            f"Quy chế issued on {_vn(issued)}, after the level approval of {_vn(approved)}",
        ),
    )


@evaluator("inventory.plan_implemented_before_go_live")
def plan_before_go_live(ctx: EvalContext) -> EvalOutcome:
    """The approved plan is fully implemented by the deadline that applied to the system.

    New systems (live on or after CT 09/CT-TTg was issued): before go-live (TT12 9.6; ND331 30.6).
    Systems running when CT 09 was issued: by its deadline for running systems. Done late is a
    past fact (recorded, no deadline).
    """
    live = ctx.system.go_live_date
    if live is None:
        return _missing("go_live_date")
    if live > ctx.today:
        return _not_live(live)
    issued, issued_vi, issued_en = _when(CT09_ISSUED)
    done = ctx.system.plan_implemented_date
    legacy = live < issued
    due, due_vi, due_en = _when(CT09_IMPLEMENTED_BY) if legacy else (live, _vn(live), _vn(live))
    if done is None:
        if legacy and ctx.today <= due:
            return EvalOutcome(
                Status.NA,
                _text(
                    f"Hệ thống vận hành từ {_vn(live)}, trước Chỉ thị 09/CT-TTg; hạn triển khai {due_vi} chưa đến",
                    f"The system went live on {_vn(live)}, before Directive 09/CT-TTg; the deadline {due_en} has not passed",
                ),
            )
        return _missing("plan_implemented_date")
    if done > ctx.today:
        return _bad_fact("plan_implemented_date", done.isoformat(), "a date not after the assessment date")
    if legacy:
        head_vi = f"Hệ thống vận hành từ {_vn(live)}, trước Chỉ thị 09/CT-TTg ({issued_vi})"
        head_en = f"The system went live on {_vn(live)}, before Directive 09/CT-TTg ({issued_en})"
        if done <= due:
            return EvalOutcome(
                Status.PASS,
                _text(
                    f"{head_vi}; phương án triển khai đầy đủ ngày {_vn(done)}, trong hạn {due_vi}",
                    f"{head_en}; plan fully implemented on {_vn(done)}, within the deadline {due_en}",
                ),
            )
        return EvalOutcome(
            Status.FAIL,
            _text(
                f"{head_vi}; phương án triển khai đầy đủ ngày {_vn(done)}, sau hạn {due_vi} (ghi nhận)",
                f"{head_en}; plan fully implemented on {_vn(done)}, after the deadline {due_en} (recorded)",
            ),
            past_fact=True,
        )
    if done <= live:
        return EvalOutcome(
            Status.PASS,
            _text(
                f"Phương án đã triển khai đầy đủ ngày {_vn(done)}, trước khi vận hành ngày {_vn(live)}",
                f"Plan fully implemented on {_vn(done)}, before go-live on {_vn(live)}",
            ),
        )
    return EvalOutcome(
        Status.FAIL,
        _text(
            f"Hệ thống vận hành từ {_vn(live)} trước khi triển khai xong phương án ({_vn(done)}) (ghi nhận)",
            f"The system went live on {_vn(live)} before the plan was fully implemented ({_vn(done)}) (recorded)",
        ),
        past_fact=True,
    )


@evaluator("inventory.last_inspection_within_interval")
def inspection_within_interval(ctx: EvalContext) -> EvalOutcome:
    """ND85 20.2.c: periodic inspection within ``interval_months`` (24 / 12 / 6 by level)."""
    interval = _int_param(ctx, "interval_months")
    if interval is None:
        return _no_param("interval_months")
    inspection = ctx.system.last_inspection
    if inspection is None:
        # Not recorded: if the level was approved recently enough, no inspection is due yet.
        if ctx.system.approval is not None:
            first_due = add_months(ctx.system.approval.date, interval)
            if ctx.today <= first_due:
                return EvalOutcome(
                    Status.PASS,
                    _text(
                        f"Chưa đến hạn kiểm tra lần đầu: phê duyệt ngày {_vn(ctx.system.approval.date)}, "
                        f"hạn kiểm tra {_vn(first_due)} (chu kỳ {interval} tháng)",
                        f"First inspection not yet due: approved on {_vn(ctx.system.approval.date)}, "
                        f"due by {_vn(first_due)} (every {interval} months)",
                    ),
                )
        return _missing("last_inspection.date")
    last = inspection.date
    if last > ctx.today:
        return _bad_fact("last_inspection.date", last.isoformat(), "a date not after the assessment date")
    due = add_months(last, interval)
    if ctx.today <= due:
        return EvalOutcome(
            Status.PASS,
            _text(
                f"Kiểm tra gần nhất ngày {_vn(last)}; lần kế tiếp đến hạn {_vn(due)} (chu kỳ {interval} tháng)",
                f"Last inspection on {_vn(last)}; next due by {_vn(due)} (every {interval} months)",
            ),
        )
    late = (ctx.today - due).days
    return EvalOutcome(
        Status.FAIL,
        _text(
            f"Quá hạn kiểm tra định kỳ {late} ngày: lần gần nhất {_vn(last)}, hạn {_vn(due)} (chu kỳ {interval} tháng)",
            f"Periodic inspection overdue by {late} days: last on {_vn(last)}, due by {_vn(due)} (every {interval} months)",
        ),
    )


@evaluator("inventory.annual_report_on_time")
def annual_report_on_time(ctx: EvalContext) -> EvalOutcome:
    """TT12 13–14 (ND331 35–36): the owner's annual report (period 15/12–14/12) is sent before 25/12.

    The report checked is the latest one whose deadline has passed, or this year's if it was
    already sent. Sent late → partial; not sent → fail.
    """
    calendar = regime(ctx.regime).reporting_calendar
    sent = ctx.organisation.annual_report_date
    if sent is None:
        return _missing("organisation.annual_report_date")
    if sent > ctx.today:
        return _bad_fact(
            "organisation.annual_report_date", sent.isoformat(), "a date not after the assessment date"
        )
    this_year = ctx.today.year
    if ctx.today >= calendar.external_deadline.on(this_year) or sent >= calendar.counts_from.on(this_year):
        year = this_year
    else:
        year = this_year - 1
    deadline = calendar.external_deadline.on(year)
    if sent < calendar.counts_from.on(year):
        return EvalOutcome(
            Status.FAIL,
            _text(
                f"Chưa ghi nhận báo cáo năm {year} (hạn trước {_vn(deadline)}); báo cáo gần nhất gửi ngày {_vn(sent)}",
                f"No {year} annual report (due before {_vn(deadline)}) is recorded; the latest was sent on {_vn(sent)}",
            ),
        )
    if sent < deadline:
        return EvalOutcome(
            Status.PASS,
            _text(
                f"Báo cáo năm {year} gửi ngày {_vn(sent)}, trước hạn {_vn(deadline)}",
                f"The {year} annual report was sent on {_vn(sent)}, before the {_vn(deadline)} deadline",
            ),
        )
    return EvalOutcome(
        Status.PARTIAL,
        _text(
            f"Báo cáo năm {year} gửi muộn ngày {_vn(sent)} (hạn trước {_vn(deadline)})",
            f"The {year} annual report was sent late, on {_vn(sent)} (due before {_vn(deadline)})",
        ),
    )


def _plan_issued(ctx: EvalContext, fact: str, what: LocalText) -> EvalOutcome:
    issued = ctx.fact(fact)
    if issued is None:
        return _missing(fact)
    day = _as_date(issued)
    if day is None:
        return _bad_fact(fact, issued, "a date YYYY-MM-DD")
    if day > ctx.today:
        return EvalOutcome(
            Status.FAIL,
            _text(
                f"{what.vi} ghi ngày {_vn(day)}, chưa ban hành",
                f"{what.en} is dated {_vn(day)}: not yet issued",
            ),
        )
    return EvalOutcome(
        Status.PASS,
        _text(f"{what.vi} đã ban hành ngày {_vn(day)}", f"{what.en} issued on {_vn(day)}"),
    )


@evaluator("inventory.risk_plan_issued")
def risk_plan_issued(ctx: EvalContext) -> EvalOutcome:
    """TT 12 Annexes I–V, I.1.6: a risk-management plan exists at every level."""
    return _plan_issued(
        ctx, "risk_plan_date", _text("Phương án quản lý rủi ro an toàn thông tin", "The risk-management plan")
    )


@evaluator("inventory.decommission_plan_issued")
def decommission_plan_issued(ctx: EvalContext) -> EvalOutcome:
    """TT 12 Annexes I–V, I.1.7: an end-of-operation, disposal and destruction plan exists at every level."""
    return _plan_issued(
        ctx,
        "decommission_plan_date",
        _text(
            "Phương án kết thúc vận hành, khai thác, thanh lý, hủy bỏ",
            "The decommissioning and disposal plan",
        ),
    )


@evaluator("inventory.monitoring_tt31")
def monitoring_tt31(ctx: EvalContext) -> EvalOutcome:
    """TT 31/2017 Art 5 (5.3.h, 5.3.k; levels 3+): central monitoring, data kept ≥ ``retention_days``, and a
    monitoring report to the authority every ``report_interval_months``."""
    retention_min = _int_param(ctx, "retention_days")
    interval = _int_param(ctx, "report_interval_months")
    if retention_min is None:
        return _no_param("retention_days")
    if interval is None:
        return _no_param("report_interval_months")
    names = ("monitoring.central_system", "monitoring.retention_days", "monitoring.last_report_to_authority")
    values = {n: ctx.fact(n) for n in names}
    fails_vi: list[str] = []
    fails_en: list[str] = []
    oks_vi: list[str] = []
    oks_en: list[str] = []
    missing = [n for n, v in values.items() if v is None]

    central = values["monitoring.central_system"]
    if central is not None:
        if not isinstance(central, bool):
            return _bad_fact("monitoring.central_system", central, "true or false")
        if central:
            oks_vi.append("có hệ thống giám sát tập trung")
            oks_en.append("central monitoring in place")
        else:
            fails_vi.append("không có hệ thống giám sát tập trung")
            fails_en.append("no central monitoring system")
    kept = values["monitoring.retention_days"]
    if kept is not None:
        if isinstance(kept, bool) or not isinstance(kept, (int, float)):
            return _bad_fact("monitoring.retention_days", kept, "a number of days")
        if kept >= retention_min:
            oks_vi.append(f"dữ liệu giám sát lưu {kept:g} ngày (≥ {retention_min})")
            oks_en.append(f"monitoring data kept {kept:g} days (≥ {retention_min})")
        else:
            fails_vi.append(f"dữ liệu giám sát chỉ lưu {kept:g} ngày (< {retention_min})")
            fails_en.append(f"monitoring data kept only {kept:g} days (< {retention_min})")
    reported = values["monitoring.last_report_to_authority"]
    if reported is not None:
        day = _as_date(reported)
        if day is None:
            return _bad_fact("monitoring.last_report_to_authority", reported, "a date YYYY-MM-DD")
        due = add_months(day, interval)
        if ctx.today <= due:
            oks_vi.append(f"báo cáo giám sát gần nhất {_vn(day)}")
            oks_en.append(f"last monitoring report {_vn(day)}")
        else:
            fails_vi.append(f"báo cáo giám sát quá hạn (gần nhất {_vn(day)}, hạn {_vn(due)})")
            fails_en.append(f"monitoring report overdue (last {_vn(day)}, due {_vn(due)})")
    if fails_vi:
        status = Status.PARTIAL if oks_vi else Status.FAIL
        extra_vi = f"; thiếu dữ liệu {', '.join(missing)}" if missing else ""
        extra_en = f"; missing fact {', '.join(missing)}" if missing else ""
        return EvalOutcome(
            status,
            _text("; ".join(fails_vi + oks_vi) + extra_vi, "; ".join(fails_en + oks_en) + extra_en),
            tuple(missing),
        )
    if missing:
        return _missing(*missing)
    return EvalOutcome(Status.PASS, _text("; ".join(oks_vi), "; ".join(oks_en)))


# The Law 116 / Decree 331 / Decree 333 duty set registers its evaluators here (issue 12 §3).
import attt_audit.evaluators_nd331  # noqa: E402, F401
