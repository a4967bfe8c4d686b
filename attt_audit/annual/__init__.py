"""The organisation's annual graded-security report over all its systems.

:func:`build_annual_report` computes it from the workspace (inventory, ``annual.yaml``, run
folders); :func:`write_annual_report` renders it as docx (Decree 30/2020 layout), html, xlsx
(one row per system) and json.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from attt_audit.annual.build import build_annual_report, data_period, find_run, regime_for
from attt_audit.annual.model import AnnualReport

__all__ = [
    "AnnualReport",
    "build_annual_report",
    "data_period",
    "find_run",
    "regime_for",
    "write_annual_report",
]

FORMATS = ("docx", "html", "xlsx", "json")


def report_stem(year: int, lang: str) -> str:
    return unicodedata.normalize("NFC", f"báo-cáo-năm-{year}" if lang == "vi" else f"annual-report-{year}")


def write_annual_report(
    report: AnnualReport, formats: list[str], lang: str, out_dir: Path, templates: Path | None = None
) -> list[Path]:
    """Write the report in each format into ``out_dir``; return the files written."""
    from attt_audit.errors import InputError
    from attt_audit.resources import data_dir
    from attt_audit.yamlio import atomic_write_text

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = report_stem(report.year, lang)
    written: list[Path] = []
    for fmt in formats:
        path = out_dir / f"{stem}.{fmt}"
        if fmt == "json":
            atomic_write_text(path, report.model_dump_json(indent=2) + "\n")
        elif fmt == "html":
            from attt_audit.annual.html import render_html

            render_html(report, lang, path, templates or data_dir("reports"))
        elif fmt == "xlsx":
            from attt_audit.annual.xlsx import render_xlsx

            render_xlsx(report, lang, path)
        elif fmt == "docx":
            from attt_audit.annual.docx import render_docx

            render_docx(report, lang, path)
        else:
            raise InputError(f"unknown annual report format {fmt!r}", expected=", ".join(FORMATS))
        written.append(path)
    return written
