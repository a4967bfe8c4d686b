"""The annual Word report writes its requirement appendix system by system (issue 17 §3): the
file's ``word/document.xml`` is byte for byte the one the whole python-docx tree gives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from attt_audit.annual import build_annual_report
from attt_audit.annual.docx import AnnualDocxRenderer, build_document
from attt_audit.models.common import Lang
from attt_audit.render.document import reference_path
from attt_audit.resources import data_dir
from attt_audit.workspace import Workspace
from tests.test_annual import ws  # noqa: F401  (fixture)


@pytest.mark.parametrize("year", [2026, 2025])  # công văn (ND 331) and báo cáo (old regime)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_streamed_docx_is_the_whole_tree(ws: Workspace, tmp_path: Path, lang: Lang, year: int) -> None:  # noqa: F811
    report = build_annual_report(ws, year)
    assert len(report.systems) >= 3
    assert any(s.requirements for s in report.systems[:-1])  # something is streamed
    whole = zipfile.ZipFile(
        io.BytesIO(build_document(report, lang, reference_path(data_dir("reports"))).to_bytes())
    )
    path = AnnualDocxRenderer().render(report, lang, tmp_path / "report.docx", data_dir("reports"))
    streamed = zipfile.ZipFile(path)
    assert streamed.namelist() == whole.namelist()
    for name in whole.namelist():
        if name != "docProps/core.xml":  # creation time
            assert streamed.read(name) == whole.read(name), name
    assert b"attt-audit" not in streamed.read("word/document.xml")  # no marker left
