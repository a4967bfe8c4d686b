"""The run-level index.html (issue 13 §7): every system with its score, links to its reports,
self-contained."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from attt_audit.models import RunSummary, RunSystemEntry
from attt_audit.render.run_index import write_run_index


def _summary(lang: str) -> RunSummary:
    return RunSummary(
        run_id="2026-11-23-level3",
        generated_at=dt.datetime(2026, 11, 23, 2, tzinfo=dt.UTC),
        assessed_on=dt.date(2026, 11, 23),
        profile="level3",
        level=3,
        regime="nd85",
        lang=lang,
        tool_version="9.9",
        systems=[
            RunSystemEntry(
                system="cong-ttdt",
                name="Cổng <thông tin> & dịch vụ",
                level=2,
                result="cong-ttdt/result.json",
                overall_percent=81.7,
                files=[
                    "cong-ttdt/result.json",
                    "cong-ttdt/báo-cáo-đánh-giá.docx",
                    "cong-ttdt/báo-cáo-đánh-giá.html",
                ],
            ),
            RunSystemEntry(
                system="camera",
                name="Camera",
                level=3,
                result="camera/result.json",
                overall_percent=None,
                files=[],
            ),
        ],
    )


def test_index_links_every_system_with_its_score(tmp_path: Path) -> None:
    path = write_run_index(tmp_path, _summary("vi"))
    text = path.read_text(encoding="utf-8")
    assert path.name == "index.html"
    assert "Cổng &lt;thông tin&gt; &amp; dịch vụ" in text  # escaped
    assert "81,7%" in text and "23/11/2026" in text
    links = re.findall(r'href="([^"]+)"', text)
    assert links == [
        "cong-ttdt/báo-cáo-đánh-giá.html",
        "cong-ttdt/báo-cáo-đánh-giá.docx",
        "cong-ttdt/result.json",
    ]
    assert "<script" not in text and "<link" not in text and "http" not in text.replace("http-equiv", "")


def test_index_in_english(tmp_path: Path) -> None:
    text = write_run_index(tmp_path, _summary("en")).read_text(encoding="utf-8")
    assert "Compliance" in text and "81.7%" in text and "2026-11-23" in text and "Read on screen" in text
