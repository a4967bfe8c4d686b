"""The example's Word documents, page by page (issue 13, "Checked by machine").

Each document is converted to PDF with LibreOffice and read per page with pdftotext: page 1
holds the level, the score and the conclusion box; no page is nearly empty (under 200
characters) except the last one of a section; the signature block's first and last lines are
on one page; two renders give the same page count.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from example_documents import ExampleDocuments, render_example
from test_document_kit import _pdf_pages

from attt_audit.models import Status
from attt_audit.text import format_percent

pytestmark = pytest.mark.slow

SYSTEM = "qlvb-dh"


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> ExampleDocuments:
    return render_example(tmp_path_factory.mktemp("pages"), gap_formats=("docx",))


def _pages(path: Path, tmp: Path) -> list[str]:
    tmp.mkdir(parents=True, exist_ok=True)
    copy = tmp / path.name
    copy.write_bytes(path.read_bytes())
    return _pdf_pages(copy, tmp)


def _short_pages(pages: list[str], allowed: set[int]) -> list[tuple[int, int]]:
    return [
        (n, len(p.strip()))
        for n, p in enumerate(pages, 1)
        if len(p.strip()) < 200 and n != len(pages) and n not in allowed
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_gap_report_pages(docs: ExampleDocuments, tmp_path: Path, lang: str) -> None:
    (path,) = docs.gap[(SYSTEM, lang)]
    result = docs.results[SYSTEM]
    pages = _pages(path, tmp_path / "a")
    first = re.sub(r"\s+", " ", pages[0])
    overall = next(s for s in result.scores if s.scope == "overall")
    box = "KẾT LUẬN CHUNG" if lang == "vi" else "CONCLUSION"
    level = "Cấp độ dùng để đánh giá" if lang == "vi" else "Level assessed against"
    assert box in first
    assert f"{level}: {result.level}" in first
    assert format_percent(overall.percent, lang) in first
    # the counts by status and the top gaps are on page 1 too (the box is one unsplittable row)
    fails = sum(1 for r in result.results if r.status is Status.FAIL)
    assert f"{Status.FAIL.label(lang)} {fails}" in first  # type: ignore[arg-type]
    top = result.remediation[0].title.get(lang)  # type: ignore[arg-type]
    assert top[:25] in first
    # the page before the landscape remediation plan may end short; nothing else may
    plan_head = "KẾ HOẠCH KHẮC PHỤC" if lang == "vi" else "REMEDIATION PLAN"
    plan_page = next(n for n, p in enumerate(pages, 1) if plan_head in p and n > 1)
    after_plan = next(n for n, p in enumerate(pages, 1) if n > plan_page and ("VI." in p or "NOTES" in p))
    assert _short_pages(pages, {plan_page - 1, after_plan - 1}) == []
    # the signer of the inventory's organisation.signer: a deputy signs for the director (KT.)
    head = next(i for i, p in enumerate(pages) if "KT. GIÁM ĐỐC" in p)
    assert "PHÓ GIÁM ĐỐC" in pages[head] and "Lê Thị Hoa" in pages[head]
    assert "Lưu: VT, SGTVT." in pages[head] if lang == "vi" else "SGTVT" in pages[head]
    assert ("Nơi nhận:" if lang == "vi" else "Distribution:") in pages[head]
    # stable: a second render of the same file lays out the same pages
    assert len(_pages(path, tmp_path / "b")) == len(pages)


def test_annual_report_pages(docs: ExampleDocuments, tmp_path: Path) -> None:
    path = next(p for p in docs.annual["vi"] if p.suffix == ".docx")
    pages = _pages(path, tmp_path / "a")
    assert "KT. GIÁM ĐỐC" in "".join(pages)
    holding = next(i for i, p in enumerate(pages) if "KT. GIÁM ĐỐC" in p)
    assert "Lê Thị Hoa" in pages[holding] and "Nơi nhận:" in pages[holding]
    # each appendix restarts on its own page; only a section's last page may be short
    starts = {n for n, p in enumerate(pages, 1) if re.search(r"^\s*Phụ lục [IVX]+\s*$", p, re.M)}
    landscape_end = {n - 1 for n in starts} | {
        n for n, p in enumerate(pages, 1) if "(12)" in p
    }  # the Mẫu 08 table's landscape section
    assert _short_pages(pages, landscape_end) == []
    assert len(_pages(path, tmp_path / "b")) == len(pages)
