"""The Word package writer of the Decree 30 kit (issue 17, goal 2): a document is the prepared
reference's files with its own ``word/document.xml`` and ``docProps/core.xml``, written as a
zip archive from files compressed once; the archive is the one :mod:`zipfile` would write
(``writestr`` with each file's compression level)."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attt_audit.render.document import DOCUMENT_LEVEL, Decree30Document, Run, _deflated, _zip, reference_path
from attt_audit.resources import data_dir

FIXED = time.struct_time((2026, 11, 20, 9, 41, 37, 4, 324, 0))


def _zipfile_bytes(files: list[tuple[str, bytes]], levels: list[int | None]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for (name, blob), level in zip(files, levels, strict=True):
            package.writestr(name, blob, compresslevel=level)
    return buffer.getvalue()


names = st.text(alphabet=st.sampled_from(list("abz/_.[]Đơ09")), min_size=1, max_size=20).filter(
    lambda n: not n.endswith("/") and not n.startswith("/")
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(names, st.binary(max_size=3000), st.sampled_from([None, DOCUMENT_LEVEL, 1, 9])),
        min_size=1,
        max_size=6,
        unique_by=lambda f: f[0],
    )
)
def test_archive_is_the_one_zipfile_writes(members: list[tuple[str, bytes, int | None]]) -> None:
    files = [(name, blob) for name, blob, _ in members]
    levels = [level for _, _, level in members]
    real = time.localtime
    try:
        time.localtime = lambda *_: FIXED  # type: ignore[assignment]
        ours = _zip([_deflated(name, blob, -1 if level is None else level) for name, blob, level in members])
        theirs = _zipfile_bytes(files, levels)
    finally:
        time.localtime = real  # type: ignore[assignment]
    assert ours == theirs
    with zipfile.ZipFile(io.BytesIO(ours)) as package:
        assert package.testzip() is None
        assert [(i.filename, package.read(i)) for i in package.infolist()] == files


def _document(lang: str = "vi") -> Decree30Document:
    d = Decree30Document(reference_path(data_dir("reports")), lang=lang)
    d.paragraph([Run("Đậm", bold=True), " và thường"])
    d.table(
        ["STT", "Nội dung"], [["1", "Dòng một"], ["2", [Run("a", italic=True), "b"]]], (2.0, 14.0), defer=True
    )
    return d


def test_documents_share_every_part_but_their_own(tmp_path: Path) -> None:
    first, second = _document(), _document()
    second.paragraph("Khác")
    first.properties(title="Một", author="Sở A")
    second.properties(title="Hai", author="Sở B")
    a = zipfile.ZipFile(io.BytesIO(first.to_bytes()))
    b = zipfile.ZipFile(io.BytesIO(second.to_bytes()))
    assert a.namelist() == b.namelist()
    assert a.namelist()[0] == "[Content_Types].xml"
    for name in a.namelist():
        same = a.read(name) == b.read(name)
        assert same == (name not in ("word/document.xml", "docProps/core.xml")), name
    assert "Khác".encode() in b.read("word/document.xml")
    assert "Khác".encode() not in a.read("word/document.xml")
    assert b"<dc:title>Hai</dc:title>" in b.read("docProps/core.xml")
    # a later document does not see an earlier one's body (each starts from a copy)
    assert "Khác".encode() not in zipfile.ZipFile(io.BytesIO(_document().to_bytes())).read(
        "word/document.xml"
    )


def test_package_opens_in_python_docx() -> None:
    import docx

    d = _document("en")
    d.properties(title="Report", author="Unit")
    opened = docx.Document(io.BytesIO(d.to_bytes()))
    assert opened.core_properties.title == "Report"
    assert [p.text for p in opened.paragraphs][0] == "Đậm và thường"
    assert opened.tables[0].cell(2, 1).text == "a\nb"  # a list: one paragraph each
    assert opened.sections[0].different_first_page_header_footer


@pytest.mark.parametrize("size", [0, 1])
def test_empty_and_tiny_files(size: int) -> None:
    ours = _zip([_deflated("a.xml", b"x" * size)])
    with zipfile.ZipFile(io.BytesIO(ours)) as package:
        assert package.read("a.xml") == b"x" * size
