"""``index.html`` at the top of a run folder: every system of the run, its level and score, with
links to its reports (issue 13 §7).

One self-contained page (inline style, no script, relative links only) that works offline and
from a shared drive. Written by the run use case after all systems
(:func:`write_run_index`); it states nothing that is not in ``run.json``.
"""

from __future__ import annotations

import html
from pathlib import Path

from attt_audit.models import RunSummary
from attt_audit.render.labels import label
from attt_audit.text import format_date, format_percent

INDEX_FILE = "index.html"

WORDS: dict[str, tuple[str, str]] = {
    "title": (
        "Kết quả đánh giá an toàn hệ thống thông tin theo cấp độ",
        "Graded-security assessment results",
    ),
    "run": ("Lần đánh giá", "Run"),
    "assessed_on": ("Ngày đánh giá", "Assessment date"),
    "system": ("Hệ thống", "System"),
    "level": ("Cấp độ", "Level"),
    "score": ("Tỷ lệ đáp ứng", "Compliance"),
    "reports": ("Báo cáo", "Reports"),
    "none": ("Chưa có hệ thống nào trong lần đánh giá này.", "This run holds no system."),
    "html": ("Xem trên màn hình", "Read on screen"),
    "docx": ("Word", "Word"),
    "md": ("Markdown", "Markdown"),
    "json": ("Dữ liệu (JSON)", "Data (JSON)"),
    "xlsx": ("Kế hoạch khắc phục (Excel)", "Remediation plan (Excel)"),
}
ORDER = {".html": 0, ".docx": 1, ".xlsx": 2, ".md": 3, ".json": 4}


def _w(key: str, lang: str) -> str:
    vi, en = WORDS[key]
    return vi if lang == "vi" else en


def _link_label(path: str, lang: str) -> str:
    suffix = Path(path).suffix.lstrip(".")
    return _w(suffix, lang) if suffix in WORDS else Path(path).name


def _tone(percent: float | None) -> str:
    if percent is None:
        return "none"
    return "good" if percent >= 80 else "mid" if percent >= 50 else "low"


def render_run_index(summary: RunSummary, lang: str | None = None) -> str:
    """The page as text (``lang`` defaults to the run's)."""
    lang = lang or summary.lang
    e = html.escape
    date = format_date(summary.assessed_on, lang)
    rows = []
    for s in summary.systems:
        links = " · ".join(
            f'<a href="{e(f, quote=True)}">{e(_link_label(f, lang))}</a>'
            for f in sorted(s.files, key=lambda f: (ORDER.get(Path(f).suffix, 9), f))
        )
        pct = s.overall_percent
        width = 0 if pct is None else max(0.0, min(100.0, pct))
        rows.append(
            "<tr>"
            f"<td>{e(s.name)}</td>"
            f'<td class="num">{s.level}</td>'
            f'<td class="num"><span class="bar"><span class="{_tone(pct)}" style="width:{width:.0f}%"></span></span> '
            f"{e(format_percent(pct, lang))}</td>"
            f"<td>{links}</td>"
            "</tr>"
        )
    body = (
        "<table><thead><tr>"
        f'<th>{_w("system", lang)}</th><th class="num">{_w("level", lang)}</th>'
        f'<th class="num">{_w("score", lang)}</th><th>{_w("reports", lang)}</th>'
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        if rows
        else f"<p>{_w('none', lang)}</p>"
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_w("title", lang)} — {e(summary.run_id)}</title>
<style>
  body {{ font-family: "Times New Roman", Times, serif; font-size: 13pt; max-width: 1000px; margin: 0 auto; padding: 24px; color: #1a1a1a; }}
  h1 {{ font-size: 16pt; text-align: center; }}
  p.meta {{ text-align: center; color: #555; }}
  table {{ border-collapse: collapse; width: 100%; }}
  th, td {{ border: 1px solid #c8c8c8; padding: 5px 8px; text-align: left; vertical-align: top; }}
  th {{ background: #eef1f5; }}
  .num {{ text-align: right; white-space: nowrap; }}
  .bar {{ display: inline-block; width: 80px; height: 10px; background: #eee; vertical-align: middle; }}
  .bar span {{ display: block; height: 10px; }}
  .good {{ background: #2e7d32; }} .mid {{ background: #b26a00; }} .low {{ background: #c62828; }} .none {{ background: #999; }}
  footer {{ margin-top: 18px; color: #555; font-size: 10pt; }}
</style>
</head>
<body>
<h1>{_w("title", lang)}</h1>
<p class="meta">{_w("run", lang)}: {e(summary.run_id)} · {_w("assessed_on", lang)}: {date}</p>
{body}
<footer>{e(label("footer_generated", lang, version=summary.tool_version))}</footer>
</body>
</html>
"""


def write_run_index(out_dir: Path, summary: RunSummary, lang: str | None = None) -> Path:
    """Write ``<out_dir>/index.html`` (atomically) and return its path."""
    from attt_audit.yamlio import atomic_write_text

    path = out_dir / INDEX_FILE
    atomic_write_text(path, render_run_index(summary, lang))
    return path
