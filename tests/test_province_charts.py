"""Dashboard charts: labels wrap between words and are never cut silently; values have room."""

from __future__ import annotations

import re

from attt_audit.province.charts import _hbars, _label_lines

LONG = "P10 Chủ quản đã kết nối giám sát và phòng chống mã độc tập trung với trung tâm quốc gia hoặc của tỉnh"


def test_label_wraps_between_words_and_keeps_every_word_when_it_fits() -> None:
    lines = _label_lines(LONG, 420)
    assert len(lines) == 2
    assert " ".join(lines) == LONG  # nothing dropped, no word split
    assert all(len(line) <= int(410 / 6.2) + 1 for line in lines)


def test_label_too_long_for_two_lines_ends_with_an_ellipsis_and_keeps_the_full_text_as_tooltip() -> None:
    label = LONG + " " + LONG
    lines = _label_lines(label, 200)
    assert len(lines) == 2 and lines[-1].endswith("…")
    words = set(label.split())
    assert all(w in words for w in lines[0].split())  # whole words only
    svg = _hbars([(label, 50.0, 100.0, "1145/1145 (100,0%)")], "t", label_w=200)
    assert f"<title>{label}</title>" in svg


def test_value_text_starts_inside_the_drawing() -> None:
    svg = _hbars([("x", 50.0, None, "1145/1145 (100,0%)")], "t", label_w=300)
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))  # type: ignore[union-attr]
    x = float(re.findall(r'<text x="([\d.]+)" y="[\d.]+">1145/1145', svg)[0])
    assert width - x >= 18 * 6.2  # room for the 18 characters at 12 px
