"""HTML rendering of the annual report (``reports/annual/annual.html.j2``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from attt_audit.annual import labels as L
from attt_audit.annual.model import NOT_GIVEN, AnnualReport
from attt_audit.errors import RenderError
from attt_audit.models.common import Lang
from attt_audit.yamlio import atomic_write_text

TEMPLATE = "annual.html.j2"


def date_line(report: AnnualReport) -> str:
    """``Hà Tĩnh, ngày 18 tháng 12 năm 2026`` (ND 30/2020 ô 4: days < 10 and months 1–2 padded)."""
    place = report.place or "......"
    day = report.report_date
    if day is None:
        return f"{place}, ngày ... tháng ... năm {report.year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line_en(report: AnnualReport) -> str:
    place = report.place or "......"
    day = report.report_date
    return f"{place}, {day:%d %B %Y}" if day is not None else f"{place}, ...... {report.year}"


def titles(report: AnnualReport, lang: Lang) -> tuple[str, str]:
    vi = lang == "vi"
    if report.regime == "nd331":
        return (
            "Báo cáo kết quả công tác bảo đảm an ninh mạng hệ thống thông tin"
            if vi
            else "Report on ensuring the cybersecurity of information systems",
            f"Năm {report.year}" if vi else f"Year {report.year}",
        )
    return (
        "Báo cáo" if vi else "Report",
        f"Kết quả bảo đảm an toàn hệ thống thông tin theo cấp độ năm {report.year}"
        if vi
        else f"Graded information-system security in {report.year}",
    )


def render_html(report: AnnualReport, lang: Lang, path: Path, templates: Path) -> Path:
    import jinja2

    from attt_audit.render.jinja import environment

    folder = templates / "annual"
    if not (folder / TEMPLATE).is_file():
        raise RenderError(
            f"report template {TEMPLATE} not found",
            location=str(folder / TEMPLATE),
            expected="a copy of the bundled reports/ folder",
        )
    env = environment(str(folder), "html")
    title, subtitle = titles(report, lang)

    def total_value(key: str) -> Any:
        value = getattr(report.totals, key)
        if key == "expected_all_approved":
            if report.totals.all_approved:
                return "Đã phê duyệt toàn bộ" if lang == "vi" else "All approved"
            return L.date_vi(value) or L.lt(NOT_GIVEN, lang)
        return value

    view = {
        "r": report,
        "lang": lang,
        "t": lambda vi, en: vi if lang == "vi" else en,
        "d": L.date_vi,
        "lt": lambda text: L.lt(text, lang),
        "ref": lambda text: L.ref(text, lang),
        "pct": lambda v: L.pct(v, lang),
        "delta": lambda v: L.delta(v, lang),
        "status": lambda v: L.status_label(v, lang),
        "total_value": total_value,
        "date_line": date_line(report) if lang == "vi" else date_line_en(report),
        "title": title,
        "subtitle": subtitle,
        "columns": L.mau08_columns(lang),
        "mau08_row": lambda row: L.mau08_row(row, lang),
        "total_labels": L.TOTAL_LABELS,
        "kpi_labels": L.KPI_LABELS,
        "unit_role": L.unit_roles(report),
        "requirements_source": L.REQUIREMENTS_SOURCE,
        "unit_fields": L.UNIT_FIELDS,
        "layer_state": L.LAYER_STATE,
        "inspection_state": L.INSPECTION_STATE,
        "level_source": L.LEVEL_SOURCE,
        "missing": L.lt(NOT_GIVEN, lang),
    }
    try:
        text = env.get_template(TEMPLATE).render(**view)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(
            f"report template does not parse: {exc.message}", location=f"{exc.filename}:{exc.lineno}"
        ) from None
    except jinja2.UndefinedError as exc:
        raise RenderError(
            f"report template uses an unknown name: {exc.message}", location=str(folder / TEMPLATE)
        ) from None
    atomic_write_text(path, text)
    return path
