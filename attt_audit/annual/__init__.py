"""The organisation's annual graded-security report over all its systems.

:func:`build_annual_report` computes it from the workspace (inventory, ``annual.yaml``, run
folders); :func:`write_annual_report` renders it as docx (Decree 30/2020 layout), html, xlsx
(one row per system) and json.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attt_audit.annual.model import AnnualReport
from attt_audit.models.common import Lang
from attt_audit.render.interface import DocumentRenderer

if TYPE_CHECKING:
    from attt_audit.annual.build import build_annual_report, data_period, find_run, regime_for


def __getattr__(name: str) -> Any:
    """The builders load on first use: ``annual.build`` imports much of the engine, which readers
    of the report model alone (province intake) do not need."""
    if name in ("build_annual_report", "data_period", "find_run", "regime_for"):
        from attt_audit.annual import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ANNUAL_RENDERERS",
    "AnnualReport",
    "build_annual_report",
    "data_period",
    "find_run",
    "regime_for",
    "write_annual_report",
]

FORMATS = ("docx", "html", "xlsx", "json")


class _Json(DocumentRenderer[AnnualReport]):
    name, suffix = "json", ".json"

    def render(self, subject: AnnualReport, lang: Lang, path: Path, templates: Path) -> Path:
        from attt_audit.diff import write_text_chunks

        write_text_chunks(json_chunks(subject), path)
        return path


_SYSTEMS_KEY = '\n  "systems": []'


def json_chunks(report: AnnualReport) -> Iterator[str]:
    """The text of ``report.model_dump_json(indent=2) + "\\n"`` in pieces, one system at a time,
    so the whole report (~40 KB a system) is never one string in memory."""
    head = report.model_copy(update={"systems": []}).model_dump_json(indent=2)
    at = head.index(_SYSTEMS_KEY) + len(_SYSTEMS_KEY) - 1  # at the "]" of the empty list
    yield head[:at]
    for n, row in enumerate(report.systems):
        text = row.model_dump_json(indent=2).replace("\n", "\n    ")  # nested two levels deeper
        yield ("," if n else "") + "\n    " + text
    yield ("\n  " if report.systems else "") + head[at:] + "\n"


class _Html(DocumentRenderer[AnnualReport]):
    name, suffix = "html", ".html"

    def render(self, subject: AnnualReport, lang: Lang, path: Path, templates: Path) -> Path:
        from attt_audit.annual.html import render_html

        return render_html(subject, lang, path, templates)


class _Xlsx(DocumentRenderer[AnnualReport]):
    name, suffix = "xlsx", ".xlsx"

    def render(self, subject: AnnualReport, lang: Lang, path: Path, templates: Path) -> Path:
        from attt_audit.annual.xlsx import render_xlsx

        render_xlsx(subject, lang, path)
        return path


class _Docx(DocumentRenderer[AnnualReport]):
    name, suffix = "docx", ".docx"

    def render(self, subject: AnnualReport, lang: Lang, path: Path, templates: Path) -> Path:
        from attt_audit.annual.docx import AnnualDocxRenderer  # python-docx only when asked for

        return AnnualDocxRenderer().render(subject, lang, path, templates)


ANNUAL_RENDERERS: dict[str, DocumentRenderer[AnnualReport]] = {
    r.name: r for r in (_Docx(), _Html(), _Xlsx(), _Json())
}
"""The annual report's formats, by name (the same interface idea as the gap report's renderers)."""


def report_stem(year: int, lang: Lang) -> str:
    return unicodedata.normalize("NFC", f"báo-cáo-năm-{year}" if lang == "vi" else f"annual-report-{year}")


def write_annual_report(
    report: AnnualReport, formats: list[str], lang: Lang, out_dir: Path, templates: Path | None = None
) -> list[Path]:
    """Write the report in each format into ``out_dir``; return the files written."""
    from attt_audit.errors import InputError
    from attt_audit.resources import data_dir

    unknown = [fmt for fmt in formats if fmt not in ANNUAL_RENDERERS]
    if unknown:
        raise InputError(f"unknown annual report format {unknown[0]!r}", expected=", ".join(FORMATS))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = templates or data_dir("reports")
    stem = report_stem(report.year, lang)
    return [
        ANNUAL_RENDERERS[fmt].render(report, lang, out_dir / f"{stem}{ANNUAL_RENDERERS[fmt].suffix}", folder)
        for fmt in formats
    ]
