"""Inline SVG charts for the offline dashboard: plain markup, no script, no external resource.

Every label is escaped here; the template inserts the SVG with ``|safe``.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from attt_audit.province.indicators import Indicator
    from attt_audit.province.rollup import Rollup

BAR = "#2f6db3"
TARGET = "#c0392b"
MISS = "#d98c1f"
GRID = "#d0d7e1"


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" font-family="sans-serif" font-size="12">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _label_lines(label: str, label_w: int, max_lines: int = 2) -> list[str]:
    """``label`` broken between words into lines that fit ``label_w`` pixels at 12 px sans-serif
    (about 6.2 px a character); the last line ends with … only when the words do not all fit."""
    per_line = max(int(label_w / 6.2), 10)
    lines: list[str] = []
    current = ""
    words = label.split()
    for n, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if len(candidate) <= per_line or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines - 1 and len(" ".join(words[n:])) > per_line:
            rest = " ".join(words[n:])
            cut = (
                rest[: per_line - 1].rsplit(" ", 1)[0]
                if " " in rest[: per_line - 1]
                else rest[: per_line - 1]
            )
            lines.append(cut + "…")
            return lines
    lines.append(current)
    return lines


def _hbars(items: list[tuple[str, float | None, float | None, str]], title: str, label_w: int = 300) -> str:
    """Horizontal percent bars: (label, value %, target %, value text). Labels wrap onto two lines
    (the whole label stays in a tooltip); the value text has room for "1145/1145 (100,0%)"."""
    row_h, bar_w, text_w = 34, 300, 130
    width = label_w + bar_w + 10 + text_w
    height = 20 + row_h * max(len(items), 1)
    scale = bar_w / 100
    body = [
        f'<line x1="{label_w + x * scale}" y1="10" x2="{label_w + x * scale}" y2="{height - 6}" stroke="{GRID}"/>'
        for x in (0, 25, 50, 75, 100)
    ]
    for i, (label, value, target, text) in enumerate(items):
        y = 14 + i * row_h
        lines = _label_lines(label, label_w - 10)
        first = y + (17 if len(lines) == 1 else 11)
        spans = "".join(
            f'<tspan x="{label_w - 6}" y="{first + k * 14}">{escape(line)}</tspan>'
            for k, line in enumerate(lines)
        )
        body.append(f'<text text-anchor="end"><title>{escape(label)}</title>{spans}</text>')
        if value is None:
            body.append(f'<text x="{label_w + 4}" y="{y + 17}" fill="#777">{escape(text)}</text>')
            continue
        met = target is None or value >= target
        body.append(
            f'<rect x="{label_w}" y="{y + 6}" width="{max(value, 0.5) * scale:.1f}" height="{row_h - 14}" fill="{BAR if met else MISS}"/>'
        )
        if target is not None:
            tx = label_w + min(target, 100) * scale
            body.append(
                f'<line x1="{tx:.1f}" y1="{y + 3}" x2="{tx:.1f}" y2="{y + row_h - 5}" stroke="{TARGET}" stroke-width="2"/>'
            )
        body.append(f'<text x="{label_w + bar_w + 10}" y="{y + 17}">{escape(text)}</text>')
    return _svg(width, height, body, title)


def indicators_vs_targets(indicators: list[Indicator]) -> str:
    items = []
    for ind in indicators:
        if ind.province.denominator is None and not ind.province.no_data:
            continue
        pct = ind.province.pct
        items.append((f"{ind.id} {ind.name}", pct, ind.target, ind.province.text()))
    return _hbars(items, "Chỉ tiêu so với mục tiêu của tỉnh", label_w=420)


def unit_bars(rollup: Rollup) -> str:
    p3 = next((i for i in rollup.indicators if i.id == "P3"), None)
    items: list[tuple[str, float | None, float | None, str]] = []
    for u in rollup.units:
        r = p3.units.get(u.unit) if p3 else None
        if r is None:
            items.append((u.name, None, None, "chưa có báo cáo được tiếp nhận"))
        else:
            items.append((u.name, r.pct, p3.target if p3 else None, r.text()))
    return _hbars(items, "Tỷ lệ hệ thống được phê duyệt cấp độ theo đơn vị")


def level_bars(rollup: Rollup) -> str:
    counts = [sum(1 for c in rollup.rows if c.row.level == level) for level in range(1, 6)]
    top = max(counts + [1])
    width, height, base = 360, 200, 170
    body = [f'<line x1="30" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{GRID}"/>']
    for i, n in enumerate(counts):
        x = 45 + i * 62
        h = 140 * n / top
        body.append(f'<rect x="{x}" y="{base - h:.1f}" width="40" height="{h:.1f}" fill="{BAR}"/>')
        body.append(f'<text x="{x + 20}" y="{base - h - 4:.1f}" text-anchor="middle">{n}</text>')
        body.append(f'<text x="{x + 20}" y="{base + 16}" text-anchor="middle">Cấp độ {i + 1}</text>')
    return _svg(width, height, body, "Số hệ thống theo cấp độ")


def trend_lines(trend: dict[str, dict[int, float]]) -> str:
    years = sorted({y for series in trend.values() for y in series})
    width, height, left, base, legend = 560, 220, 40, 180, 170
    body = [
        f'<line x1="{left}" y1="{base - y * 1.5}" x2="{width - legend}" y2="{base - y * 1.5}" stroke="{GRID}"/>'
        for y in (0, 50, 100)
    ]
    body += [
        f'<text x="{left - 4}" y="{base - y * 1.5 + 4}" text-anchor="end">{y}%</text>' for y in (0, 50, 100)
    ]
    if not years:
        body.append(f'<text x="{left + 10}" y="100" fill="#777">không có số liệu các năm</text>')
        return _svg(width, height, body, "Xu hướng qua các năm")
    step = (width - legend - left - 20) / max(len(years) - 1, 1)
    xs = {y: left + 10 + i * step for i, y in enumerate(years)}
    for y in years:
        body.append(f'<text x="{xs[y]:.1f}" y="{base + 18}" text-anchor="middle">{y}</text>')
    colours = ["#2f6db3", "#27865a", "#8e44ad"]
    labels = {"P3": "P3 Đã phê duyệt", "P4": "P4 Triển khai đầy đủ", "P18": "P18 Báo cáo đúng hạn"}
    for k, (ind, series) in enumerate(sorted(trend.items())):
        colour = colours[k % len(colours)]
        pts = " ".join(f"{xs[y]:.1f},{base - v * 1.5:.1f}" for y, v in sorted(series.items()))
        if pts:
            body.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
            for y, v in series.items():
                body.append(f'<circle cx="{xs[y]:.1f}" cy="{base - v * 1.5:.1f}" r="3" fill="{colour}"/>')
        body.append(
            f'<rect x="{width - legend + 8}" y="{20 + k * 20}" width="10" height="10" fill="{colour}"/>'
        )
        body.append(
            f'<text x="{width - legend + 22}" y="{29 + k * 20}">{escape(labels.get(ind, ind))}</text>'
        )
    return _svg(width, height, body, "Xu hướng qua các năm")
