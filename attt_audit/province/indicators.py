"""The indicators of the provincial status report (province.md §2; definitions in
``checklists/province/province.yaml``), per unit and for the province, against targets, with last year's value.

Each indicator is a numerator over a denominator. Where no accepted report or ``province.yaml``
fact supports it, it is ``no_data`` (shown as "không có số liệu"), never zero.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

from attt_audit.annual.model import SystemRow
from attt_audit.models.province import IndicatorDef, ProvinceFile, UnitFacts
from attt_audit.province.model import UnitReport
from attt_audit.province.workspace import province_data
from attt_audit.text import format_percent

NO_DATA = "không có số liệu"


class Ratio(BaseModel):
    numerator: float | None = None
    denominator: float | None = None
    no_data: bool = False

    @property
    def pct(self) -> float | None:
        if self.no_data or self.numerator is None or not self.denominator:
            return None
        return round(100.0 * self.numerator / self.denominator, 1)

    def text(self) -> str:
        if self.no_data or self.numerator is None:
            return NO_DATA
        num = _num(self.numerator)
        if self.denominator is None:
            return num
        pct = self.pct
        return f"{num}/{_num(self.denominator)}" + ("" if pct is None else f" ({_pct(pct)})")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def _pct(value: float) -> str:
    return format_percent(value, "vi")  # the province's documents are in Vietnamese


class Indicator(BaseModel):
    id: str
    name: str
    numerator_text: str
    denominator_text: str | None
    basis: str
    confidence: str
    source: str
    province: Ratio
    units: dict[str, Ratio] = Field(default_factory=dict)
    parts: dict[str, float] = Field(default_factory=dict)
    """Breakdowns (by level, by step) shown beside the main figure."""
    target: float | None = None
    meets_target: bool | None = None
    previous: Ratio | None = None
    delta: float | None = None
    """Change in percentage points (or in the value itself when there is no denominator)."""

    def value(self) -> float | None:
        r = self.province
        if r.no_data:
            return None
        return r.pct if r.denominator is not None else r.numerator


# ------------------------------------------------------------------------------ per unit


def _mau08(rows: list[SystemRow], ind: str) -> Ratio:
    total = len(rows)
    approved = [r for r in rows if r.dossier_status == "approved" and r.approval_decision]
    if ind == "P1":
        return Ratio(numerator=total)
    if ind == "P2":
        return Ratio(
            numerator=sum(1 for r in rows if r.dossier_status in ("appraised", "approved")), denominator=total
        )
    if ind == "P3":
        return Ratio(numerator=len(approved), denominator=total)
    if ind == "P4":
        return Ratio(numerator=sum(1 for r in rows if r.plan_status == "full"), denominator=total)
    if ind == "P5":
        return Ratio(
            numerator=sum(1 for r in approved if r.quy_che_number or r.quy_che_date),
            denominator=len(approved),
        )
    if ind == "P6":
        return Ratio(
            numerator=sum(1 for r in approved if "periodic" in r.inspection_kinds), denominator=len(approved)
        )
    if ind == "P8":
        return Ratio(numerator=sum(1 for r in rows if r.anqg_grounds))
    raise KeyError(ind)


def _facts_ratio(ind: str, facts: UnitFacts | None, rows: list[SystemRow]) -> Ratio:
    f = facts
    if f is None:
        return Ratio(no_data=True)

    def pair(num: float | None, den: float | None) -> Ratio:
        if num is None or den is None:
            return Ratio(no_data=True)
        return Ratio(numerator=num, denominator=den)

    def flag(value: bool | None) -> Ratio:
        return Ratio(no_data=True) if value is None else Ratio(numerator=1 if value else 0, denominator=1)

    table: dict[str, Callable[[], Ratio]] = {
        "P10": lambda: flag(f.monitoring_connected),
        "P11": lambda: pair(f.endpoints_reporting, f.endpoints),
        "P12": lambda: (
            Ratio(no_data=True)
            if f.drills is None
            else Ratio(numerator=1 if f.drills >= 1 else 0, denominator=1)
        ),
        "P13": lambda: pair(f.incidents_reported_24h, f.incidents),
        "P14": lambda: pair(
            f.l3_restore_tested,
            sum(1 for r in rows if (r.level or 0) >= 3) if f.l3_restore_tested is not None else None,
        ),
        "P15": lambda: pair(f.admins_l3_certified, f.admins_l3),
        "P16": lambda: pair(f.dx_projects_15pct, f.dx_projects),
        "P19": lambda: flag(f.platform_registered),
        "P20": lambda: pair(f.officials_trained, f.officials),
        "P21": lambda: Ratio(no_data=True) if f.dti_score is None else Ratio(numerator=f.dti_score),
    }
    return table[ind]()


def _sum(ratios: list[Ratio], *, mean: bool = False) -> Ratio:
    given = [r for r in ratios if not r.no_data and r.numerator is not None]
    if not given:
        return Ratio(no_data=True)
    num = sum(r.numerator or 0 for r in given)
    if mean:
        return Ratio(numerator=round(num / len(given), 1))
    if all(r.denominator is None for r in given):
        return Ratio(numerator=num)
    return Ratio(numerator=num, denominator=sum(r.denominator or 0 for r in given))


# ------------------------------------------------------------------------------ province


def compute_indicators(
    province: ProvinceFile,
    reports: list[UnitReport],
    year: int,
    *,
    previous_reports: list[UnitReport] | None = None,
    planned_units: list[str] | None = None,
) -> list[Indicator]:
    """All indicators of ``checklists/province/province.yaml`` for ``year``."""
    current = _compute(province, reports, year, planned_units)
    prev_values = _compute(province, previous_reports or [], year - 1, None) if previous_reports else None
    history = province.history.get(year - 1, {})
    out = []
    for ind in current:
        prev: Ratio | None = None
        if prev_values is not None:
            match = next(p for p in prev_values if p.id == ind.id)
            prev = None if match.province.no_data else match.province
        if prev is None and ind.id in history:
            h = history[ind.id]
            prev = Ratio(numerator=h.numerator, denominator=h.denominator)
        ind.previous = prev
        if prev is not None and not ind.province.no_data:
            now_v = ind.province.pct if ind.province.denominator is not None else ind.province.numerator
            then_v = prev.pct if prev.denominator is not None else prev.numerator
            if now_v is not None and then_v is not None:
                ind.delta = round(now_v - then_v, 1)
        out.append(ind)
    return out


def _target(province: ProvinceFile, definition: IndicatorDef) -> float | None:
    if not definition.target_key:
        return None
    value = getattr(province.targets, definition.target_key, None)
    return None if value is None else float(value)


def _compute(
    province: ProvinceFile, reports: list[UnitReport], year: int, planned_units: list[str] | None
) -> list[Indicator]:
    data = province_data()
    by_unit = {r.unit: r for r in reports}
    out: list[Indicator] = []
    for d in data.indicators:
        units: dict[str, Ratio] = {}
        parts: dict[str, float] = {}
        prov: Ratio
        if d.source == "mau08":
            if d.id != "P9":
                for r in reports:
                    units[r.unit] = _mau08(r.systems, d.id)
            else:
                units = {}
                for r in reports:
                    owners = [b for b in r.unit_blocks if b.role == "owner"]
                    if not owners:
                        units[r.unit] = Ratio(no_data=True)
                        continue
                    named = [b for b in r.unit_blocks if b.role == "specialised_unit" and b.mandate]
                    units[r.unit] = Ratio(numerator=min(len(named), len(owners)), denominator=len(owners))
            prov = _sum(list(units.values())) if reports else Ratio(no_data=True)
            rows = [s for r in reports for s in r.systems]
            if d.id == "P1":
                for level in range(1, 6):
                    parts[f"Cấp độ {level}"] = sum(1 for s in rows if s.level == level)
                unknown = sum(1 for s in rows if s.level is None)
                if unknown:
                    parts["Chưa xác định cấp độ"] = unknown
            if d.id == "P2":
                parts["Đã xác định cấp độ"] = sum(1 for s in rows if s.level is not None)
                parts["Đã xây dựng hồ sơ"] = sum(
                    1 for s in rows if s.dossier_status in ("submitted", "appraised", "approved")
                )
                parts["Đã thẩm định"] = sum(1 for s in rows if s.dossier_status in ("appraised", "approved"))
        elif d.source == "facts":
            if d.id == "P17":
                for u in province.units:
                    f = u.facts.get(year)
                    if planned_units is not None and u.id in planned_units:
                        done = (
                            f is not None and f.last_inspected is not None and f.last_inspected.year == year
                        )
                        units[u.id] = Ratio(numerator=1 if done else 0, denominator=1)
                prov = _sum(list(units.values())) if planned_units else Ratio(no_data=True)
            else:
                for u in province.units:
                    rows_u = by_unit[u.id].systems if u.id in by_unit else []
                    units[u.id] = _facts_ratio(d.id, u.facts.get(year), rows_u)
                prov = _sum(list(units.values()), mean=d.id == "P21")
                if d.id == "P12":
                    drills = [
                        u.facts[year].drills
                        for u in province.units
                        if year in u.facts and u.facts[year].drills is not None
                    ]
                    if drills:
                        parts["Số cuộc diễn tập"] = float(sum(d_ or 0 for d_ in drills))
        elif d.source == "intake":
            for u in province.units:
                rep = by_unit.get(u.id)
                units[u.id] = Ratio(numerator=1 if (rep is not None and rep.on_time) else 0, denominator=1)
            prov = _sum(list(units.values())) if province.units else Ratio(no_data=True)
        else:
            prov = Ratio(no_data=True)
        target = _target(province, d)
        meets: bool | None = None
        if target is not None and not prov.no_data:
            if d.id == "P12":
                count = parts.get("Số cuộc diễn tập")
                owner_count = prov.denominator or 0
                meets = (
                    bool(owner_count)
                    and count is not None
                    and count / owner_count >= target
                    and prov.numerator == owner_count
                )
            elif prov.pct is not None:
                meets = prov.pct >= target
        out.append(
            Indicator(
                id=d.id,
                name=d.name,
                numerator_text=d.numerator,
                denominator_text=d.denominator,
                basis=d.basis,
                confidence=d.confidence,
                source=d.source,
                province=prov,
                units=units,
                parts=parts,
                target=target,
                meets_target=meets,
            )
        )
    return out
