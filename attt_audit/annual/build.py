"""Computing the annual report from a workspace: inventory, ``annual.yaml`` and run folders.

* Data period, deadlines, recipient and legal basis: the reporting calendar of the regime
  (``checklists/regimes/<regime>.yaml``, :mod:`attt_audit.regime`).
* The regime in force is the one at the period's end.
* This year's run: the latest run assessed inside the data period; the previous year's run:
  the latest one inside the previous period (both can be given explicitly).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, Field

from attt_audit.annual.model import (
    AnnualReport,
    Check,
    FormTotals,
    Gap,
    Kpis,
    RequirementLine,
    SystemRow,
    UnitBlock,
    YearChange,
)
from attt_audit.dates import add_months
from attt_audit.diff import (
    RequirementView,
    ResultFiles,
    ResultView,
    RunResults,
    _read_json_model,
    diff_results,
    load_run,
    overall_percent,
)
from attt_audit.errors import InputError, NotFoundError
from attt_audit.levels import LevelBasis, assessed_level
from attt_audit.models import AssessmentResult, Classification, Inventory, Status, System
from attt_audit.models.annual import AnnualFile, SystemAnnualFacts
from attt_audit.models.common import LocalText
from attt_audit.regime import load_regimes, regime_for_date
from attt_audit.regime import regime as regime_rules
from attt_audit.workspace import Workspace
from attt_audit.yamlio import load_model

_SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


class _LineView(RequirementView):
    """The fields of one requirement result the report reads: the year-on-year diff's and the
    line's layer, validated with the types of ``RequirementResult``; the others are skipped."""

    layer: int | None = None


class _RemedyView(BaseModel):
    control: str
    priority: int
    due: dt.date
    owner: str = ""


class ResultLines(ResultView):
    """This year's result of a system as the report reads it: what ``diff_results`` reads (as
    :class:`~attt_audit.diff.ResultView`), each requirement's layer and clause, and the remediation
    plan's priorities, due dates and owners. Reading this view skips validating the evidence,
    answers and observations a whole ``AssessmentResult`` carries, which the report never shows."""

    results: list[_LineView] = Field(default_factory=list)  # type: ignore[assignment]
    remediation: list[_RemedyView] = Field(default_factory=list)

    percent: float | None = None


_Result = AssessmentResult | ResultLines

LEVEL_SOURCE: dict[LevelBasis, str] = {
    "approved": "approved",
    "proposed": "declared",  # the dossier's proposed level: the report's "đề xuất"
    "declared": "declared",
    "classified": "proposed",  # the classification rules' level: the report's "theo phân loại"
}
"""``attt_audit.levels`` basis → the report's ``SystemRow.level_source``."""


def data_period(year: int, regime: str | None = None) -> tuple[dt.date, dt.date]:
    """The data period of the year-``year`` report under ``regime`` (default: the regime in
    force at the end of ``year``)."""
    rules = regime_rules(regime) if regime else regime_for_date(dt.date(year, 12, 31))
    return rules.reporting_calendar.period(year)


def regime_for(on: dt.date) -> str:
    """The regime in force on ``on``."""
    return regime_for_date(on).id


# --------------------------------------------------------------------------------- runs


def _run_dates(ws: Workspace) -> list[tuple[dt.date, Path]]:
    found: list[tuple[dt.date, Path]] = []
    if not ws.runs_dir.is_dir():
        return found
    for run_json in sorted(ws.runs_dir.glob("*/run.json")):
        try:
            data = json.loads(run_json.read_text(encoding="utf-8"))
            found.append((dt.date.fromisoformat(str(data["assessed_on"])), run_json.parent))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not a run folder we can read; load_run reports it if chosen explicitly
    return found


def find_run(ws: Workspace, start: dt.date, end: dt.date) -> Path | None:
    """The latest run assessed inside [start, end] (ties: the one generated last, then the last
    folder by name; a second run the same day is ``<date>-<profile>-2``, ``-3`` … ``-10``)."""
    inside = [(d, p) for d, p in _run_dates(ws) if start <= d <= end]
    if not inside:
        return None
    return max(inside, key=lambda item: (item[0], _generated(item[1]), _name_key(item[1].name)))[1]


def _generated(run_dir: Path) -> str:
    try:
        return str(json.loads((run_dir / "run.json").read_text(encoding="utf-8")).get("generated_at") or "")
    except (OSError, ValueError, AttributeError):
        return ""


def _name_key(name: str) -> tuple[str, int]:
    """``2026-11-23-level3-10`` sorts after ``2026-11-23-level3-9``."""
    head, _, tail = name.rpartition("-")
    return (head, int(tail)) if tail.isdigit() and len(tail) < 4 else (name, 1)


# ------------------------------------------------------------------------------ helpers


def load_annual_file(ws: Workspace, year: int) -> AnnualFile:
    for name in (f"annual-{year}.yaml", "annual.yaml"):
        path = ws.root / name
        if path.is_file():
            return load_model(AnnualFile, path)
    return AnnualFile()


def _classification(system: System, regime: str, on: dt.date) -> Classification:
    """Classification under the report's regime on the period's last day.

    A problem with the decision table (an :class:`~attt_audit.errors.AuditError`) is not hidden
    behind the run's older classification: it stops the report as one clear line (exit 2), since
    the report's levels and legal basis would otherwise rest on rules nobody can see."""
    from attt_audit.classify import classify

    return classify(system, regime, on)


def _operators(inventory: Inventory, facts: AnnualFile) -> list[UnitBlock]:
    """One block per operating unit the inventory names (TT12 14.1, ND331 36.1): from annual.yaml's
    ``operators``, else from a dossier's ``operator_contact``, else its name alone (the report
    then shows each missing particular as not given)."""
    given = {u.name: u for u in facts.operators}
    owner = inventory.organisation.name
    blocks: dict[str, UnitBlock] = {}
    for system in inventory.systems:
        name = system.operator
        if not name or name == owner:
            continue
        if name in given:
            blocks.setdefault(name, UnitBlock(role="operator", **given[name].model_dump()))
            continue
        contact = system.dossier.operator_contact if system.dossier else None
        current = blocks.get(name)
        if contact is not None and (current is None or current.mandate is None):
            blocks[name] = UnitBlock(
                role="operator",
                name=name,
                mandate=contact.mandate,
                head_name=contact.representative,
                head_title=contact.title,
                address=contact.address,
                phone=contact.phone,
                email=contact.email,
            )
        else:
            blocks.setdefault(name, UnitBlock(role="operator", name=name))
    return list(blocks.values())


def _layer_status(result: _Result, layer: int) -> str:
    statuses = [r.status for r in result.results if r.layer == layer and r.status != Status.NA]
    graded = [s for s in statuses if s in (Status.PASS, Status.PARTIAL, Status.FAIL)]
    if not graded:
        return "not_assessed" if statuses else "none"
    if all(s == Status.PASS for s in graded):
        return "pass" if len(graded) == len(statuses) else "partial"
    if all(s == Status.FAIL for s in graded):
        return "fail"
    return "partial"


def _reference(req: Any) -> str:
    """The requirement's clause with its standard (``TCVN 11930:2017 mục 7.1.1.1``: bare numbers
    collide between the standards) and its legal references, as the catalog writes them (worked
    out once per requirement of a report: every system repeats the same ones)."""
    key = (req.framework, req.clause, *req.refs)
    found = _REFERENCES.get(key)
    if found is None:
        from attt_audit.render.context import clause_text

        parts = [clause_text(req.framework, req.clause, "vi")] if req.clause else []
        parts.extend(req.refs)
        found = _REFERENCES[key] = _shared_text("; ".join(p for p in parts if p))
    return found


def _gaps(result: _Result, limit: int = 5) -> list[Gap]:
    due = {item.control: item for item in result.remediation}
    open_reqs = [r for r in result.results if r.status in (Status.FAIL, Status.PARTIAL)]
    open_reqs.sort(
        key=lambda r: (
            r.waived,
            due[r.control].priority if r.control in due else 9,
            r.status != Status.FAIL,
            _SEVERITY_ORDER.get(r.severity, 2),
            r.control,
        )
    )
    out = []
    for r in open_reqs[:limit]:
        item = due.get(r.control)
        title = _shared_title(r.title)
        fields = (
            r.control,
            id(title),
            r.status.value,
            _reference(r),
            r.severity,
            r.waived,
            item.due if item else None,
            item.owner if item else "",
        )
        gap = _GAPS.get(fields)
        if gap is None:
            gap = _GAPS[fields] = Gap(
                control=_shared_text(r.control),
                title=title,
                status=fields[2],
                reference=fields[3],
                severity=r.severity,
                waived=r.waived,
                due=fields[6],
                owner=fields[7],
            )
        out.append(gap)
    return out


_TITLES: dict[tuple[str, str], LocalText] = {}
_TEXTS: dict[str, str] = {}
_REFERENCES: dict[tuple[str | None, ...], str] = {}
_LINES: dict[tuple[Any, ...], RequirementLine] = {}
_GAPS: dict[tuple[Any, ...], Gap] = {}
"""One object per distinct requirement line and top gap across the systems of a report: most
systems share most lines (the same requirement, status and roadmap), so a report of 1,000
systems holds a list of references a system, not 80 new objects. Nothing changes a line once
made (the writers only read them)."""


def _clear_shared() -> None:
    for table in (_TITLES, _TEXTS, _REFERENCES, _LINES, _GAPS):
        table.clear()


def _shared_title(title: LocalText) -> LocalText:
    """One title object per text across all the systems of a report (each result file read
    brings its own copy; ~80 requirement lines a system, so this is most of the report's size)."""
    return _TITLES.setdefault((title.vi, title.en), title)


def _shared_text(text: str) -> str:
    return _TEXTS.setdefault(text, text)


def _requirement_lines(result: _Result, plan: set[str] | None = None) -> list[RequirementLine]:
    """Item 9: every requirement of the run, or only those the approved plan lists (``plan``)."""
    due = {item.control: item for item in result.remediation}
    lines = []
    for r in result.results:
        if plan is not None and r.control not in plan:
            continue
        met = _MET.get(r.status)
        item = due.get(r.control) if met is False else None
        title = _shared_title(r.title)
        fields = (
            r.control,
            id(title),
            _reference(r),
            r.status.value,
            met,
            item.due if item else None,
            item.owner if item else "",
        )
        line = _LINES.get(fields)
        if line is None:
            line = _LINES[fields] = RequirementLine(
                control=_shared_text(r.control),
                title=title,
                reference=fields[2],
                status=fields[3],
                met=met,
                due=fields[5],
                owner=fields[6],
            )
        lines.append(line)
    return lines


_MET = {Status.PASS: True, Status.PARTIAL: False, Status.FAIL: False}


# -------------------------------------------------------------------------------- rows


def _current(run: RunResults, system_id: str) -> _Result | None:
    """This year's result of a system, as the view the report reads (:class:`ResultLines`)."""
    results = run.results
    if system_id not in results:
        return None
    if isinstance(results, ResultFiles):
        return _read_json_model(ResultLines, results.path(system_id), "AssessmentResult")
    return results[system_id]


def _previous(run: RunResults | None, system_id: str) -> AssessmentResult | ResultView | None:
    """Last year's result of a system, as the slim view a year-on-year change needs."""
    if run is None or system_id not in run.results:
        return None
    results = run.results
    return results.view(system_id) if isinstance(results, ResultFiles) else results[system_id]


def _row(
    stt: int,
    system: System,
    facts: SystemAnnualFacts,
    result: _Result | None,
    previous: AssessmentResult | ResultView | None,
    previous_run: RunResults | None,
    regime: str,
    start: dt.date,
    end: dt.date,
    run_id: str,
    organisation_name: str,
) -> SystemRow:
    missing: list[str] = []
    classification = _classification(system, regime, end)
    cls: dict[str, Any] = classification.model_dump(mode="json")
    approval = system.approval if system.approval and system.approval.date <= end else None

    # level and its basis: the one rule of attt_audit.levels, as the level stood on the period's end
    choice = assessed_level(system, classification, on=end)
    level: int | None
    if choice.level is not None and choice.basis is not None:
        level, source = choice.level, LEVEL_SOURCE[choice.basis]
    elif result is not None:
        level, source = result.level, "run"
    else:
        level, source = None, ""
        missing.append("declared_level")
    basis = [
        str(m.get("article") or m.get("ref") or "") for m in cls.get("matched", []) if isinstance(m, dict)
    ]
    basis = [b for b in basis if b]
    if not basis:
        missing.append("classification facts (legal basis)")

    # dossier status (Mẫu 08 col 6)
    status = facts.dossier_status
    if status is None and approval is not None:
        status = "approved"
    if status is None:
        missing.append(f"annual.yaml systems.{system.id}.dossier_status")

    # Quy chế (col 8)
    qc = facts.quy_che
    qc_number = qc.number if qc else None
    qc_date = (qc.date if qc and qc.date else None) or system.quy_che_date
    qc_issuer = qc.issuer if qc else None
    if qc_date is not None and qc_date > end:
        qc_number = qc_date = qc_issuer = None

    # plan (col 10)
    plan = facts.plan_status
    if plan is None and system.plan_implemented_date is not None and system.plan_implemented_date <= end:
        plan = "full"
    if plan is None:
        missing.append(f"annual.yaml systems.{system.id}.plan_status")

    # inspections
    records = [(r.date, r.kind, r.by) for r in facts.inspections if r.date <= end]
    if system.last_inspection and system.last_inspection.date <= end:
        li = system.last_inspection
        if all(d != li.date for d, _, _ in records):
            records.append((li.date, "periodic", li.by))
    in_period = sorted({k for d, k, _ in records if start <= d <= end})
    last = max(records, default=None, key=lambda r: r[0])
    interval = cls.get("inspection_interval_months")
    basis_text: LocalText | None = None
    raw_basis = cls.get("inspection_basis")
    if interval and isinstance(raw_basis, dict) and "vi" in raw_basis and "en" in raw_basis:
        basis_text = LocalText(vi=raw_basis["vi"], en=raw_basis["en"])
    if not interval and level is not None:
        rule = regime_rules(regime).inspection[level]
        interval, basis_text = rule.months, rule.basis
    next_due: dt.date | None = None
    if last is not None and interval:
        next_due = add_months(last[0], int(interval))
        state = "on_time" if next_due >= end else "overdue"
    elif last is None and interval and system.go_live_date and system.go_live_date <= end:
        next_due = add_months(system.go_live_date, int(interval))
        state = "not_due" if next_due >= end else "never"
    elif last is None and approval is not None:
        state = "never"  # an approved system with no inspection on record
    elif last is None:
        state = "unknown"  # not approved, go-live unknown: it may not be running yet
        missing.append("go_live_date")
    else:
        state = "unknown"

    row = SystemRow(
        stt=stt,
        id=system.id,
        name=system.name,
        owner=system.owner or organisation_name,
        operator=system.operator or "",
        level=level,
        level_source=source,
        legal_basis=basis,
        classification_outcome=str(cls.get("outcome", "")),
        dossier_status=status,
        approval_decision=approval.decision if approval else None,
        approval_date=approval.date if approval else None,
        approver=approval.approver if approval else None,
        approval_expected=facts.approval_expected if status != "approved" else None,
        quy_che_number=qc_number,
        quy_che_date=qc_date,
        quy_che_issuer=qc_issuer,
        quy_che_followed=facts.quy_che_followed,
        quy_che_checks=facts.quy_che_checks,
        plan_status=plan,
        plan_full_expected=facts.plan_full_expected if plan != "full" else None,
        inspection_kinds=in_period,
        last_inspection=last[0] if last else None,
        last_inspection_by=last[2] if last else None,
        interval_months=int(interval) if interval else None,
        interval_basis=basis_text,
        next_inspection_due=next_due,
        inspection_state=state,
        anqg_grounds=facts.anqg_grounds,
        run_id=run_id if result is not None else None,
        missing=missing,
    )
    if result is not None:
        row.layers = {n: _layer_status(result, n) for n in (1, 2, 3, 4)}
        row.score = overall_percent(cast(ResultView, result))
        row.top_gaps = _gaps(result)
        measures = (
            set(system.dossier.measures) if approval is not None and system.dossier is not None else set()
        )
        row.requirements = _requirement_lines(result, measures or None)
        row.requirements_source = "plan" if measures else "catalog"
        if previous is not None and previous_run is not None:
            summary, _ = diff_results(previous, cast(ResultView, result), system.id)
            row.change = YearChange(
                previous_run=previous_run.run_id,
                previous_date=previous_run.assessed_on,
                previous_percent=summary.old_percent,
                delta=summary.delta,
                counts=summary.counts,
                level_changed=summary.old_level != summary.new_level,
            )
    else:
        row.missing.append("assessment result in this year's run")
    return row


# ------------------------------------------------------------------------------ checks


def consistency_checks(rows: list[SystemRow], totals: FormTotals, regime: str | None = None) -> list[Check]:
    """VNCC's checks before sending Mẫu 08 [S1]; articles cited are those of ``regime`` (default:
    the newest regime)."""
    rules = regime_rules(regime) if regime else list(load_regimes().values())[-1]
    quy_che_ref = rules.duties["quy-che-before-approval"].ref
    checks = []

    def add(cid: str, bad: list[SystemRow], vi: str, en: str) -> None:
        ids = [r.id for r in bad]
        suffix_vi = f": {', '.join(ids)}" if ids else ""
        suffix_en = suffix_vi
        checks.append(
            Check(id=cid, ok=not bad, message=LocalText(vi=vi + suffix_vi, en=en + suffix_en), systems=ids)
        )

    def equal(cid: str, count: int, total: int, what: tuple[str, str], of: tuple[str, str]) -> None:
        """A count of table rows must equal a total of the form (``what`` rows, ``of`` total; vi, en)."""
        same = count == total
        checks.append(
            Check(
                id=cid,
                ok=same,
                message=LocalText(
                    vi=f"{what[0]} ({count}) {'bằng' if same else 'khác'} {of[0]} ({total})",
                    en=f"{what[1]} ({count}) {'equal' if same else 'differ from'} {of[1]} ({total})",
                ),
            )
        )

    equal(
        "rows_equal_total",
        len(rows),
        totals.total,
        ("Số dòng bảng", "Table rows"),
        ("tổng số hệ thống", "the system total"),
    )
    approved_rows = [r for r in rows if r.dossier_status == "approved"]
    equal(
        "approved_rows_equal_total",
        len(approved_rows),
        totals.approved,
        ("Số dòng 'Đã được phê duyệt'", "Rows 'approved'"),
        ("tổng đã phê duyệt", "the approved total"),
    )
    add(
        "approved_has_decision",
        [r for r in approved_rows if not r.approval_decision],
        "Dòng đã phê duyệt thiếu quyết định phê duyệt (cột 7)",
        "Approved rows without the approval decision (column 7)",
    )
    add(
        "approved_has_quy_che",
        [r for r in approved_rows if not r.col8()],
        f"Dòng đã phê duyệt thiếu Quy chế (cột 8; Quy chế ban hành trước khi phê duyệt, {quy_che_ref})",
        f"Approved rows without a Quy chế (column 8; it comes before approval, {quy_che_ref})",
    )
    add(
        "unapproved_without_decision",
        [r for r in rows if r.dossier_status != "approved" and r.approval_decision],
        "Dòng chưa phê duyệt nhưng inventory.yaml có quyết định phê duyệt (sửa dossier_status trong annual.yaml)",
        "Rows not approved although inventory.yaml has an approval decision (fix dossier_status in annual.yaml)",
    )
    add(
        "unapproved_has_expected_date",
        [r for r in rows if r.dossier_status != "approved" and r.approval_expected is None],
        "Dòng chưa phê duyệt thiếu dự kiến thời điểm phê duyệt (cột 9)",
        "Unapproved rows without an expected approval date (column 9)",
    )
    add(
        "partial_plan_has_expected_date",
        [r for r in rows if r.plan_status != "full" and r.plan_full_expected is None],
        "Dòng chưa triển khai đầy đủ phương án thiếu dự kiến thời điểm (cột 11)",
        "Rows with the plan not fully implemented and no expected date (column 11)",
    )
    add(
        "dossier_status_given",
        [r for r in rows if r.dossier_status is None],
        "Chưa có tình trạng phê duyệt cấp độ (cột 6)",
        "No level-approval status (column 6)",
    )
    add(
        "plan_status_given",
        [r for r in rows if r.plan_status is None],
        "Chưa có tình trạng triển khai phương án (cột 10)",
        "No plan-implementation status (column 10)",
    )
    periodic = [r for r in rows if "periodic" in r.inspection_kinds]
    equal(
        "periodic_rows_equal_total",
        len([r for r in periodic if r.dossier_status == "approved"]),
        totals.approved_inspected,
        ("Số dòng đã phê duyệt có 'Định kỳ'", "Approved rows marked 'periodic'"),
        ("tổng đã phê duyệt và kiểm tra định kỳ", "the approved-and-inspected total"),
    )
    add(
        "inspection_overdue",
        [r for r in rows if r.inspection_state in ("overdue", "never")],
        "Hệ thống quá hạn hoặc chưa từng kiểm tra, đánh giá",
        "Systems overdue for, or never given, an inspection",
    )
    return checks


# ------------------------------------------------------------------------------- build


def build_annual_report(
    ws: Workspace,
    year: int,
    *,
    run: Path | None = None,
    previous: Path | None = None,
    regime: str | None = None,
    now: dt.datetime | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> AnnualReport:
    """``progress(done, total, system_id)`` is called after each system's row is built."""
    _clear_shared()
    try:
        return _build_annual_report(
            ws, year, run=run, previous=previous, regime=regime, now=now, progress=progress
        )
    finally:
        _clear_shared()


def _build_annual_report(
    ws: Workspace,
    year: int,
    *,
    run: Path | None,
    previous: Path | None,
    regime: str | None,
    now: dt.datetime | None,
    progress: Callable[[int, int, str], None] | None,
) -> AnnualReport:
    from attt_audit import __version__

    start, end = data_period(year, regime)
    regime = regime or regime_for(end)
    rules = regime_rules(regime)
    calendar = rules.reporting_calendar
    inventory = ws.inventory()
    facts_file = load_annual_file(ws, year)
    unknown = sorted(set(facts_file.systems) - {s.id for s in inventory.systems})
    if unknown:
        from attt_audit.yamlio import read_yaml

        candidates = (ws.root / f"annual-{year}.yaml", ws.root / "annual.yaml")
        source = next((p for p in candidates if p.is_file()), None)
        raise InputError(
            f"{source.name if source else 'annual.yaml'} names systems that are not in the inventory: "
            f"{', '.join(unknown)}",
            location=read_yaml(source).where(("systems", unknown[0]), key=True) if source else None,
            expected=f"ids from inventory.yaml ({', '.join(s.id for s in inventory.systems)})",
        )

    run_path = run if run is not None else find_run(ws, start, end)
    if run_path is None:
        raise NotFoundError(
            f"no run assessed between {start:%d/%m/%Y} and {end:%d/%m/%Y} in {ws.runs_dir}",
            expected=f"a run for {year} ('attt-audit run --date {end.isoformat()}'), or --run FOLDER",
        )
    current = load_run(run_path, ws.root)
    prev_start, prev_end = data_period(year - 1)
    prev_path = previous if previous is not None else find_run(ws, prev_start, prev_end)
    prev_run = load_run(prev_path, ws.root) if prev_path is not None else None

    org = inventory.organisation
    rows = []
    for i, system in enumerate(inventory.systems, 1):
        rows.append(
            _row(
                i,
                system,
                facts_file.systems.get(system.id, SystemAnnualFacts()),
                _current(current, system.id),
                _previous(prev_run, system.id),
                prev_run,
                regime,
                start,
                end,
                current.run_id,
                org.name,
            )
        )
        if progress is not None:
            progress(i, len(inventory.systems), system.id)

    approved = [r for r in rows if r.dossier_status == "approved"]
    unapproved_dates = [
        r.approval_expected for r in rows if r.dossier_status != "approved" and r.approval_expected
    ]
    totals = FormTotals(
        total=len(rows),
        classified=sum(1 for r in rows if r.level is not None),
        dossier_built=sum(1 for r in rows if r.dossier_status in ("submitted", "appraised", "approved")),
        appraised=sum(1 for r in rows if r.dossier_status in ("appraised", "approved")),
        approved=len(approved),
        approved_inspected=sum(1 for r in approved if "periodic" in r.inspection_kinds),
        expected_all_approved=facts_file.expected_all_approved
        or (
            max(unapproved_dates)
            if unapproved_dates and len(unapproved_dates) == len(rows) - len(approved)
            else None
        ),
        all_approved=bool(rows) and len(approved) == len(rows),
    )
    kpis = Kpis(
        total=len(rows),
        approved=len(approved),
        plan_full=sum(1 for r in rows if r.plan_status == "full"),
        inspected_on_time=sum(1 for r in rows if r.inspection_state in ("on_time", "not_due")),
        inspection_unknown=sum(1 for r in rows if r.inspection_state == "unknown"),
    )
    meta = facts_file.report
    units = []
    owner = facts_file.owner
    units.append(
        UnitBlock(role="owner", **owner.model_dump())
        if owner
        else UnitBlock(role="owner", name=org.name, head_name=org.head, address=org.address)
    )
    unit = facts_file.specialised_unit
    if unit:
        units.append(UnitBlock(role="specialised_unit", **unit.model_dump()))
    elif org.security_unit:
        units.append(UnitBlock(role="specialised_unit", name=org.security_unit))
    units += _operators(inventory, facts_file)

    authority = rules.report_recipient(end)
    legal = calendar.legal_basis
    notes = list(calendar.form_notes)
    if calendar.start_note is not None and start < rules.starts.date <= end:
        notes.append(calendar.start_note)
    if prev_run is None:
        notes.append(
            LocalText(
                vi=f"Không có kết quả đánh giá của kỳ trước ({prev_start:%d/%m/%Y}–{prev_end:%d/%m/%Y}) để so sánh.",
                en=f"No run in the previous period ({prev_start:%d/%m/%Y}–{prev_end:%d/%m/%Y}) to compare with.",
            )
        )
    rows_checks = consistency_checks(rows, totals, regime)
    return AnnualReport(
        year=year,
        regime=regime,
        period_start=start,
        period_end=end,
        unit_deadline=calendar.internal_deadline.on(year),
        owner_deadline=calendar.external_deadline.on(year),
        authority=authority,
        legal_basis=legal,
        security_term=rules.wording["security"],
        generated_at=now or dt.datetime.now(dt.UTC),
        tool_version=__version__,
        organisation=org.model_dump(mode="json"),
        governing_body=org.governing_body,
        report_number=meta.number,
        place=meta.place or org.province,
        report_date=meta.date,
        recipients=meta.recipients or [authority.vi],
        copies=meta.copies,
        archive=meta.archive,
        basis=meta.basis,
        signer=meta.signer.model_dump() if meta.signer else None,
        units=units,
        run_id=current.run_id,
        run_date=dt.date.fromisoformat(current.assessed_on),
        previous_run_id=prev_run.run_id if prev_run else None,
        previous_run_date=dt.date.fromisoformat(prev_run.assessed_on) if prev_run else None,
        systems=rows,
        totals=totals,
        kpis=kpis,
        checks=rows_checks,
        requests=facts_file.requests,
        notes=notes,
    )
