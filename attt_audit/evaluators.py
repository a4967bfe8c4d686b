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

import calendar
import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from attt_audit.errors import NotFoundError
from attt_audit.models import LocalText, Organisation, Status, System


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

    def fact(self, name: str) -> Any:
        """A system fact by its flat name (``approval.date``), or None when not given."""
        return self.system.facts().get(name)


@dataclass(frozen=True)
class EvalOutcome:
    status: Status
    reason: LocalText
    missing: tuple[str, ...] = ()
    """Facts whose absence made the outcome ``NOT_ASSESSED``."""


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


def _vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, the day clamped to the end of a shorter month (31/01 + 1 → 28/02)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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


# ----------------------------------------------------------------- level approval (ND85 12)

# Who approves and who appraises, per level (ND85 Art 12 / ND331 Art 18).
_AUTHORITY: dict[str, dict[int, LocalText]] = {
    "nd85": {
        1: _text(
            "đơn vị chuyên trách an toàn thông tin của chủ quản thẩm định và phê duyệt",
            "the owner's specialised security unit appraises and approves",
        ),
        3: _text(
            "đơn vị chuyên trách an toàn thông tin thẩm định; chủ quản hệ thống phê duyệt",
            "the specialised security unit appraises; the system owner approves",
        ),
        4: _text(
            "Bộ TT&TT chủ trì thẩm định (với Bộ Quốc phòng, Bộ Công an); chủ quản phê duyệt",
            "MIC appraises (with MoD and MPS); the owner approves",
        ),
        5: _text(
            "Bộ TT&TT chủ trì thẩm định; chủ quản phê duyệt phương án; Thủ tướng phê duyệt danh mục",
            "MIC appraises; the owner approves the plan; the Prime Minister approves the list",
        ),
    },
    "nd331": {
        1: _text(
            "đơn vị chuyên trách an ninh mạng của chủ quản thẩm định và phê duyệt",
            "the owner's specialised cybersecurity unit appraises and approves",
        ),
        3: _text(
            "đơn vị chuyên trách an ninh mạng thẩm định; chủ quản phê duyệt",
            "the specialised cybersecurity unit appraises; the owner approves",
        ),
        4: _text(
            "Bộ Công an thẩm định (Bộ Quốc phòng, Ban Cơ yếu với hệ thống của mình); chủ quản phê duyệt",
            "MPS appraises (MoD, the Cipher Board for their own systems); the owner approves",
        ),
        5: _text(
            "Bộ Công an thẩm định; chủ quản phê duyệt phương án; Thủ tướng phê duyệt danh mục",
            "MPS appraises; the owner approves the plan; the Prime Minister approves the list",
        ),
    },
}

# Bodies that may appraise a level-4/5 dossier, as they are usually written (normalised, lower case).
_CENTRAL_APPRAISERS = (
    "bộ thông tin và truyền thông",
    "bộ tt&tt",
    "btttt",
    "cục an toàn thông tin",
    "bộ khoa học và công nghệ",
    "bộ công an",
    "bộ quốc phòng",
    "ban cơ yếu",
    "a05",
    "ministry of information and communications",
    "ministry of public security",
    "ministry of national defence",
)


def authority(regime: str, level: int) -> LocalText:
    table = _AUTHORITY["nd331" if regime == "nd331" else "nd85"]
    return table[{1: 1, 2: 1, 3: 3, 4: 4, 5: 5}[level]]


@evaluator("inventory.level_approved_by_authority")
def level_approved(ctx: EvalContext) -> EvalOutcome:
    """ND85 Art 12 / ND331 Art 18: the level dossier is approved by the authority the level requires."""
    approval = ctx.system.approval
    if approval is None:
        return _missing("approval")
    regime = approval.regime or ctx.regime
    who = authority(regime, ctx.level)
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
    expected_approver = ctx.organisation.security_unit if ctx.level <= 2 else ctx.system.owner
    if expected_approver is None:
        missing.append("organisation.security_unit" if ctx.level <= 2 else "owner")
    if ctx.level >= 3 and not approval.appraised_by:
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
    if ctx.level >= 4:
        appraiser = _norm(approval.appraised_by or "")
        if not any(body in appraiser for body in _CENTRAL_APPRAISERS):
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


@evaluator("inventory.approved_before_go_live")
def approved_before_go_live(ctx: EvalContext) -> EvalOutcome:
    """A system is approved before it goes live (ND330 23.1 for levels 3–5; CT 09/CT-TTg for all)."""
    approval, live = ctx.system.approval, ctx.system.go_live_date
    missing = [name for name, value in (("approval", approval), ("go_live_date", live)) if value is None]
    if missing:
        return _missing(*missing)
    assert approval is not None and live is not None
    approved = approval.date
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
            f"Hệ thống vận hành từ {_vn(live)} nhưng đến {_vn(approved)} mới được phê duyệt cấp độ",
            f"The system went live on {_vn(live)} but its level was approved only on {_vn(approved)}",
        ),
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
    """TT12 9.6 (ND331 30.6): the approved security plan is fully implemented before go-live."""
    missing = [n for n in ("plan_implemented_date", "go_live_date") if ctx.fact(n) is None]
    if missing:
        return _missing(*missing)
    done, live = ctx.system.plan_implemented_date, ctx.system.go_live_date
    assert done is not None and live is not None
    if done > ctx.today:
        return _bad_fact("plan_implemented_date", done.isoformat(), "a date not after the assessment date")
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
            f"Hệ thống vận hành từ {_vn(live)} trước khi triển khai xong phương án ({_vn(done)})",
            f"The system went live on {_vn(live)} before the plan was fully implemented ({_vn(done)})",
        ),
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


def _report_deadline(year: int) -> dt.date:
    return dt.date(year, 12, 25)


REPORT_WINDOW_OPENS = (11, 1)
"""A report sent from 1 November of year Y on counts as the year-Y report (the period closes 14/12)."""


@evaluator("inventory.annual_report_on_time")
def annual_report_on_time(ctx: EvalContext) -> EvalOutcome:
    """TT12 13–14 (ND331 35–36): the owner's annual report (period 15/12–14/12) is sent before 25/12.

    The report checked is the latest one whose deadline has passed, or this year's if it was
    already sent. Sent late → partial; not sent → fail.
    """
    sent = ctx.organisation.annual_report_date
    if sent is None:
        return _missing("organisation.annual_report_date")
    if sent > ctx.today:
        return _bad_fact(
            "organisation.annual_report_date", sent.isoformat(), "a date not after the assessment date"
        )
    this_year = ctx.today.year
    if ctx.today >= _report_deadline(this_year) or sent >= dt.date(this_year, *REPORT_WINDOW_OPENS):
        year = this_year
    else:
        year = this_year - 1
    deadline = _report_deadline(year)
    if sent < dt.date(year, *REPORT_WINDOW_OPENS):
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
    """TT 31/2017 Art 5, 14.4 (levels 3+): central monitoring, data kept ≥ ``retention_days``, and a
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
