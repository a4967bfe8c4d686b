"""The province's roll-up for a year (``province report``): indicators, the consolidated Mẫu 08
(union of the owners' tables, §1 recomputed), the overdue lists, and its outputs (JSON, xlsx, HTML
dashboard; Word in :mod:`attt_audit.province.documents`).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from attt_audit.annual.model import MAU08_COLUMNS, FormTotals, SystemRow
from attt_audit.models.province import ProvinceFile
from attt_audit.province.indicators import Indicator, compute_indicators
from attt_audit.province.intake import accepted_reports, data_period
from attt_audit.province.model import UnitReport
from attt_audit.province.workspace import ProvinceWorkspace

FORMATS = ("json", "xlsx", "html", "docx")


class ConsolidatedRow(BaseModel):
    unit: str
    unit_name: str
    signed: bool
    row: SystemRow


class Overdue(BaseModel):
    kind: str
    """dossier / inspection / annual_report."""
    unit: str
    unit_name: str
    system: str = ""
    owner: str = ""
    detail: str


class UnitStatus(BaseModel):
    unit: str
    name: str
    kind: str
    state: str
    """accepted / accepted_unsigned / rejected / missing."""
    received: dt.date | None = None
    on_time: bool | None = None
    systems: int = 0
    score: float | None = None
    warnings: int = 0
    reason: str = ""


class Rollup(BaseModel):
    schema_version: int = 1
    year: int
    period_start: dt.date
    period_end: dt.date
    as_of: dt.date
    province: str
    specialised_unit: str
    generated_at: dt.datetime
    units: list[UnitStatus]
    indicators: list[Indicator]
    rows: list[ConsolidatedRow]
    totals: FormTotals
    overdue: list[Overdue]
    duplicates: list[str] = Field(default_factory=list)
    trend: dict[str, dict[int, float]] = Field(default_factory=dict)
    """Indicator id → year → percent (P3, P4, P18), from history and earlier roll-ups."""


def _totals(rows: list[SystemRow]) -> FormTotals:
    approved = [r for r in rows if r.dossier_status == "approved"]
    pending = [r.approval_expected for r in rows if r.dossier_status != "approved" and r.approval_expected]
    return FormTotals(
        total=len(rows),
        classified=sum(1 for r in rows if r.level is not None),
        dossier_built=sum(1 for r in rows if r.dossier_status in ("submitted", "appraised", "approved")),
        appraised=sum(1 for r in rows if r.dossier_status in ("appraised", "approved")),
        approved=len(approved),
        approved_inspected=sum(1 for r in approved if "periodic" in r.inspection_kinds),
        expected_all_approved=max(pending) if pending else None,
        all_approved=bool(rows) and len(approved) == len(rows),
    )


def _rejection_reason(ws: ProvinceWorkspace, unit: str, year: int) -> str:
    folder = ws.rejected / unit
    if not folder.is_dir():
        return ""
    reasons: list[str] = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if data.get("year") in (None, year):
            reasons += [f"{r['message']} ({r['file']})" for r in data.get("reasons", [])]
    return "; ".join(reasons)


def _score(report: UnitReport) -> float | None:
    scores = [s.score for s in report.systems if s.score is not None]
    return round(sum(scores) / len(scores), 1) if scores else None


def build_rollup(
    ws: ProvinceWorkspace, year: int, *, as_of: dt.date | None = None, now: dt.datetime | None = None
) -> Rollup:
    province = ws.load()
    reports = accepted_reports(ws, year)
    previous = accepted_reports(ws, year - 1)
    start, end = data_period(year)
    as_of = as_of or end
    planned = _planned_units(ws, year)
    indicators = compute_indicators(province, reports, year, previous_reports=previous, planned_units=planned)
    by_unit = {r.unit: r for r in reports}
    rows: list[ConsolidatedRow] = []
    stt = 0
    for r in reports:
        for s in sorted(r.systems, key=lambda s: s.stt):
            stt += 1
            rows.append(
                ConsolidatedRow(
                    unit=r.unit, unit_name=r.unit_name, signed=r.signed, row=s.model_copy(update={"stt": stt})
                )
            )
    seen: dict[str, str] = {}
    duplicates: list[str] = []
    for c in rows:
        key = " ".join(unicodedata.normalize("NFC", c.row.name).casefold().split())
        if key in seen and seen[key] != c.unit:
            duplicates.append(f"{c.row.name}: {seen[key]} và {c.unit}")
        seen.setdefault(key, c.unit)
    units: list[UnitStatus] = []
    overdue: list[Overdue] = []
    for u in province.units:
        rep = by_unit.get(u.id)
        if rep is None:
            reason = _rejection_reason(ws, u.id, year)
            state = "rejected" if reason else "missing"
            units.append(UnitStatus(unit=u.id, name=u.name, kind=u.kind, state=state, reason=reason))
            overdue.append(
                Overdue(
                    kind="annual_report",
                    unit=u.id,
                    unit_name=u.name,
                    owner=u.name,
                    detail=("bị từ chối: " + reason) if reason else "chưa nhận được báo cáo năm",
                )
            )
            continue
        units.append(
            UnitStatus(
                unit=u.id,
                name=u.name,
                kind=u.kind,
                state="accepted" if rep.signed else "accepted_unsigned",
                received=rep.received,
                on_time=rep.on_time,
                systems=len(rep.systems),
                score=_score(rep),
                warnings=len(rep.warnings),
            )
        )
        for s in rep.systems:
            if s.dossier_status != "approved":
                late = s.approval_expected is None or s.approval_expected < as_of
                if late:
                    detail = (
                        "chưa phê duyệt cấp độ, không có dự kiến thời điểm phê duyệt"
                        if s.approval_expected is None
                        else f"chưa phê duyệt cấp độ, dự kiến {s.approval_expected:%d/%m/%Y} đã qua"
                    )
                    overdue.append(
                        Overdue(
                            kind="dossier",
                            unit=u.id,
                            unit_name=u.name,
                            system=s.name,
                            owner=s.owner or u.name,
                            detail=detail,
                        )
                    )
            if s.inspection_state in ("overdue", "never"):
                detail = (
                    "chưa từng kiểm tra, đánh giá"
                    if s.inspection_state == "never"
                    else "quá hạn kiểm tra, đánh giá định kỳ"
                    + (f" (hạn {s.next_inspection_due:%d/%m/%Y})" if s.next_inspection_due else "")
                )
                overdue.append(
                    Overdue(
                        kind="inspection",
                        unit=u.id,
                        unit_name=u.name,
                        system=s.name,
                        owner=s.owner or u.name,
                        detail=detail,
                    )
                )
    trend: dict[str, dict[int, float]] = {}
    for ind in indicators:
        if ind.id not in ("P3", "P4", "P18"):
            continue
        series: dict[int, float] = {}
        for y, values in sorted(province.history.items()):
            if ind.id in values and values[ind.id].denominator:
                h = values[ind.id]
                series[y] = round(100.0 * h.numerator / (h.denominator or 1), 1)
        if ind.previous is not None and ind.previous.pct is not None:
            series[year - 1] = ind.previous.pct
        if ind.province.pct is not None:
            series[year] = ind.province.pct
        trend[ind.id] = dict(sorted(series.items()))
    return Rollup(
        year=year,
        period_start=start,
        period_end=end,
        as_of=as_of,
        province=province.province.name,
        specialised_unit=province.specialised_unit.name,
        generated_at=now or dt.datetime.now(dt.UTC),
        units=units,
        indicators=indicators,
        rows=rows,
        totals=_totals([c.row for c in rows]),
        overdue=overdue,
        duplicates=duplicates,
        trend=trend,
    )


def _planned_units(ws: ProvinceWorkspace, year: int) -> list[str] | None:
    path = ws.runs / f"kế-hoạch-kiểm-tra-{year}" / "plan.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return [v["unit"] for v in data.get("visits", [])]


# ------------------------------------------------------------------------------ outputs


FORMULA_LEADS = ("=", "+", "-", "@")


def safe_cell(value: object) -> object:
    """Cell values as given; text is made safe when appended (:func:`_append`)."""
    return value


def _append(sheet: Any, values: list[object]) -> None:
    """Append a row; text that starts like a formula (= + - @) is stored as plain text, never a formula."""
    sheet.append(values)
    row = sheet._current_row  # the row just written (max_row would scan the whole sheet)
    for column, value in enumerate(values, 1):
        if isinstance(value, str) and value.startswith(FORMULA_LEADS):
            sheet.cell(row=row, column=column).data_type = "s"


def write_xlsx(rollup: Rollup, path: Path) -> Path:
    """One row per system: the 12 Mẫu 08 columns, then the unit, the system's indicator flags."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from attt_audit.yamlio import atomic_write_bytes

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Hệ thống"
    header = [f"({i}) {n}" for i, n in enumerate(MAU08_COLUMNS, 1)] + [
        "Mã đơn vị",
        "Đơn vị báo cáo",
        "Báo cáo có ký số",
        "P3 Đã phê duyệt",
        "P4 Triển khai đầy đủ",
        "P5 Có Quy chế",
        "P6 Kiểm tra định kỳ",
        "Tình trạng kiểm tra",
        "Điểm tuân thủ (%)",
    ]
    ws.append(header)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE4EE")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    yes, no = "Có", "Không"
    for c in rollup.rows:
        s = c.row
        cells: list[object] = list(s.mau08_row())
        cells[0] = s.stt
        cells[4] = s.level
        approved = s.dossier_status == "approved" and bool(s.approval_decision)
        cells += [
            c.unit,
            c.unit_name,
            yes if c.signed else no,
            yes if approved else no,
            yes if s.plan_status == "full" else no,
            (yes if (s.quy_che_number or s.quy_che_date) else no) if approved else "",
            (yes if "periodic" in s.inspection_kinds else no) if approved else "",
            {
                "on_time": "Đúng hạn",
                "not_due": "Chưa đến hạn",
                "overdue": "Quá hạn",
                "never": "Chưa từng kiểm tra",
            }.get(s.inspection_state, "Chưa rõ"),
            s.score,
        ]
        _append(ws, [safe_cell(v) for v in cells])
    ws.auto_filter.ref = ws.dimensions
    ws.freeze_panes = "C2"
    for col, width in zip("ABCDEFGHIJKL", (6, 40, 30, 30, 8, 18, 34, 30, 14, 22, 14, 24), strict=True):
        ws.column_dimensions[col].width = width

    ind = wb.create_sheet("Chỉ tiêu")
    ind.append(
        [
            "Mã",
            "Chỉ tiêu",
            "Tử số",
            "Mẫu số",
            "Tỷ lệ (%)",
            "Chỉ tiêu của tỉnh",
            "Đạt",
            "Năm trước (%)",
            "Thay đổi",
            "Căn cứ",
        ]
    )
    for cell in ind[1]:
        cell.font = bold
        cell.fill = fill
    for i in rollup.indicators:
        p = i.province
        _append(
            ind,
            [
                safe_cell(v)
                for v in (
                    i.id,
                    i.name,
                    "không có số liệu" if p.no_data else p.numerator,
                    None if p.no_data else p.denominator,
                    p.pct,
                    i.target,
                    None if i.meets_target is None else (yes if i.meets_target else no),
                    None
                    if i.previous is None
                    else (i.previous.pct if i.previous.denominator else i.previous.numerator),
                    i.delta,
                    i.basis,
                )
            ],
        )
    ind.auto_filter.ref = ind.dimensions

    units = wb.create_sheet("Đơn vị")
    ids = [i.id for i in rollup.indicators]
    units.append(["Mã đơn vị", "Tên đơn vị", "Loại", "Tình trạng báo cáo", "Ngày nhận", "Số hệ thống", *ids])
    for cell in units[1]:
        cell.font = bold
        cell.fill = fill
    for u in rollup.units:
        values: list[object] = [u.unit, u.name, u.kind, _STATE_VI[u.state], u.received, u.systems]
        for i in rollup.indicators:
            r = i.units.get(u.unit)
            values.append(None if r is None else r.text())
        _append(units, [safe_cell(v) for v in values])
    units.auto_filter.ref = units.dimensions

    late = wb.create_sheet("Quá hạn")
    late.append(["Loại", "Mã đơn vị", "Đơn vị", "Hệ thống", "Chủ quản", "Nội dung"])
    for cell in late[1]:
        cell.font = bold
        cell.fill = fill
    for o in rollup.overdue:
        _append(
            late,
            [safe_cell(v) for v in (_OVERDUE_VI[o.kind], o.unit, o.unit_name, o.system, o.owner, o.detail)],
        )
    late.auto_filter.ref = late.dimensions

    from attt_audit.xlsx_print import SheetPrint, apply_print_setup

    apply_print_setup(  # print-ready sheets (issue 13 §5): A4, header row repeated, page numbers
        wb,
        lang="vi",
        title=f"{rollup.province} — năm {rollup.year}",
        sheets={"Hệ thống": SheetPrint(freeze="C2")},
    )

    import io

    buf = io.BytesIO()
    wb.save(buf)
    atomic_write_bytes(path, buf.getvalue())
    return path


_STATE_VI = {
    "accepted": "Đã tiếp nhận (có ký số)",
    "accepted_unsigned": "Đã tiếp nhận (không ký số)",
    "rejected": "Bị từ chối",
    "missing": "Chưa gửi",
}
_OVERDUE_VI = {"dossier": "Hồ sơ cấp độ", "inspection": "Kiểm tra, đánh giá", "annual_report": "Báo cáo năm"}


def write_html(rollup: Rollup, path: Path, templates: Path | None = None) -> Path:
    """The offline dashboard: one HTML file, inline CSS and SVG, no external resource."""
    from attt_audit.errors import RenderError
    from attt_audit.province import charts
    from attt_audit.render.jinja import environment
    from attt_audit.resources import data_dir
    from attt_audit.yamlio import atomic_write_text

    folder = (templates or data_dir("reports")) / "province"
    if not (folder / "dashboard.html.j2").is_file():
        raise RenderError(
            "dashboard template not found",
            location=str(folder / "dashboard.html.j2"),
            expected="a copy of the bundled reports/ folder",
        )
    env = environment(str(folder), "html")
    html = env.get_template("dashboard.html.j2").render(
        r=rollup,
        charts={
            "targets": charts.indicators_vs_targets(rollup.indicators),
            "units": charts.unit_bars(rollup),
            "levels": charts.level_bars(rollup),
            "trend": charts.trend_lines(rollup.trend),
        },
        state_vi=_STATE_VI,
        overdue_vi=_OVERDUE_VI,
    )
    atomic_write_text(path, html)
    return path


def write_outputs(
    ws: ProvinceWorkspace,
    rollup: Rollup,
    formats: list[str],
    out_dir: Path,
    province: ProvinceFile | None = None,
    templates: Path | None = None,
) -> list[Path]:
    from attt_audit.errors import InputError
    from attt_audit.yamlio import atomic_write_text

    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InputError(f"unknown report format {', '.join(bad) or '(none)'}", expected=", ".join(FORMATS))
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = unicodedata.normalize("NFC", f"tổng-hợp-{rollup.year}")
    written: list[Path] = []
    for fmt in formats:
        if fmt == "json":
            p = out_dir / f"{stem}.json"
            atomic_write_text(p, rollup.model_dump_json(indent=1) + "\n")
        elif fmt == "xlsx":
            p = write_xlsx(rollup, out_dir / f"{stem}.xlsx")
        elif fmt == "html":
            p = write_html(rollup, out_dir / f"{stem}.html", templates)
        else:
            from attt_audit.province.documents import write_status_report

            p = write_status_report(
                rollup, province or ws.load(), out_dir / f"báo-cáo-tình-hình-{rollup.year}.docx"
            )
        written.append(p)
    return written
