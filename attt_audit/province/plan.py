"""Next year's inspection plan (``province plan --year 2027``).

Units are selected by the rules of ``province.yaml`` (``inspection.selection``) from the latest
accepted reports (the year before the plan) and the province's facts: every system at level 3 or
above, unapproved systems, incident-hit units, units not inspected for N years, the units with the
lowest compliance scores, systems overdue for inspection, and units with no accepted report. The
visits are spread over the allowed months (so many a month, so many days each, on working days)
with the team of ``province.yaml``; what does not fit is listed as carried over, never dropped.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel, Field

from attt_audit.models.province import ProvinceFile, TeamMember
from attt_audit.province.intake import accepted_reports
from attt_audit.province.workspace import ProvinceWorkspace, province_data


class SelectedSystem(BaseModel):
    name: str
    level: int | None
    reasons: list[str]


class Visit(BaseModel):
    unit: str
    unit_name: str
    kind: str
    reasons: list[str]
    """Keys of ``plan_outline.selection_labels``."""
    systems: list[SelectedSystem] = Field(default_factory=list)
    start: dt.date | None = None
    end: dt.date | None = None
    score: float | None = None


class InspectionPlan(BaseModel):
    schema_version: int = 1
    year: int
    based_on_year: int
    generated_at: dt.datetime
    province: str
    team_decision: str | None
    team: list[TeamMember]
    visits: list[Visit]
    carried_over: list[Visit] = Field(default_factory=list)
    not_selected: list[str] = Field(default_factory=list)


def _working_days(start: dt.date, count: int) -> tuple[dt.date, dt.date]:
    day = start
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    first, done = day, 1
    while done < count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            done += 1
    return first, day


def _holidays(year: int) -> set[dt.date]:
    try:
        import holidays

        return set(holidays.country_holidays("VN", years=year).keys())
    except (ImportError, NotImplementedError, KeyError):
        return set()


def build_plan(
    ws: ProvinceWorkspace, province: ProvinceFile, year: int, *, now: dt.datetime | None = None
) -> InspectionPlan:
    rules = province.inspection.selection
    base = year - 1
    reports = {r.unit: r for r in accepted_reports(ws, base)}
    candidates: list[Visit] = []
    scores: dict[str, float] = {}
    for u in province.units:
        r = reports.get(u.id)
        reasons: list[str] = []
        systems: list[SelectedSystem] = []
        if r is None:
            reasons.append("no_report")
        else:
            for s in r.systems:
                why: list[str] = []
                if rules.level3_and_above and (s.level or 0) >= 3:
                    why.append("level3")
                if rules.unapproved and s.dossier_status != "approved":
                    why.append("unapproved")
                if s.inspection_state in ("overdue", "never"):
                    why.append("overdue")
                if why:
                    systems.append(SelectedSystem(name=s.name, level=s.level, reasons=why))
            for key in ("level3", "unapproved", "overdue"):
                if any(key in s.reasons for s in systems):
                    reasons.append(key)
            graded = [s.score for s in r.systems if s.score is not None]
            if graded:
                scores[u.id] = round(sum(graded) / len(graded), 1)
        facts = u.facts.get(base)
        if rules.incident_hit and facts is not None and (facts.incidents or 0) > 0:
            reasons.append("incident")
        if rules.not_inspected_years:
            last = max((f.last_inspected for f in u.facts.values() if f.last_inspected), default=None)
            limit = dt.date(year - rules.not_inspected_years, 1, 1)
            if last is None or last < limit:
                reasons.append("not_inspected")
        candidates.append(
            Visit(
                unit=u.id,
                unit_name=u.name,
                kind=u.kind,
                reasons=reasons,
                systems=systems,
                score=scores.get(u.id),
            )
        )
    if rules.lowest_scores:
        lowest = sorted(scores, key=lambda k: (scores[k], k))[: rules.lowest_scores]
        for v in candidates:
            if v.unit in lowest:
                v.reasons.append("low_score")
    selected = [v for v in candidates if v.reasons]
    not_selected = [v.unit for v in candidates if not v.reasons]
    # priority: most reasons first, then the lowest score, then the id (stable, explainable)
    selected.sort(key=lambda v: (-len(v.reasons), v.score if v.score is not None else -1, v.unit))
    if rules.max_units is not None:
        selected, extra = selected[: rules.max_units], selected[rules.max_units :]
    else:
        extra = []
    holidays = _holidays(year)
    slots: list[tuple[dt.date, dt.date]] = []
    for month in rules.months:
        day = dt.date(year, month, 1)
        for _ in range(rules.visits_per_month):
            while day.weekday() >= 5 or day in holidays:
                day += dt.timedelta(days=1)
            start, end = _working_days(day, rules.visit_days)
            if end.month != month:
                break
            slots.append((start, end))
            day = end + dt.timedelta(days=7)
            day -= dt.timedelta(days=day.weekday())  # next week's Monday
    visits: list[Visit] = []
    for visit, slot in zip(selected, slots, strict=False):
        visit.start, visit.end = slot
        visits.append(visit)
    carried = selected[len(visits) :] + extra
    return InspectionPlan(
        year=year,
        based_on_year=base,
        generated_at=now or dt.datetime.now(dt.UTC),
        province=province.province.name,
        team_decision=province.inspection.team_decision,
        team=province.inspection.team,
        visits=sorted(visits, key=lambda v: (v.start or dt.date.max, v.unit)),
        carried_over=carried,
        not_selected=not_selected,
    )


def reason_labels(keys: list[str]) -> list[str]:
    labels = province_data().plan_outline.selection_labels
    return [labels.get(k, k) for k in keys]


def write_plan(plan: InspectionPlan, province: ProvinceFile, formats: list[str], out_dir: Path) -> list[Path]:
    from attt_audit.errors import InputError
    from attt_audit.yamlio import atomic_write_text

    bad = [f for f in formats if f not in ("json", "docx")]
    if bad:
        raise InputError(f"unknown plan format {', '.join(bad)}", expected="json, docx")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if "json" in formats:
        path = out_dir / "plan.json"
        atomic_write_text(path, json.dumps(plan.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
        written.append(path)
    if "docx" in formats:
        from attt_audit.province.documents import write_plan_docx

        written.append(write_plan_docx(plan, province, out_dir / f"kế-hoạch-kiểm-tra-{plan.year}.docx"))
    return written
