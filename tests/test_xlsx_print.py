"""Workbooks that print (issue 13 §5) and the English questionnaire workbook (§6).

Every visible sheet of the questionnaire and annual workbooks has a page setup (A4, orientation,
fit to width with text ≥ 9 pt, header rows repeated, header and footer in the workbook's
language), long tables have an autofilter, dates are ``DD/MM/YYYY``, the instructions link to
every sheet, sheet names are cut between words, header columns hold their longest word,
LibreOffice loads the frozen panes, the English workbook has no Vietnamese interface text and
imports back to the same answers.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from test_questionnaire import filled_answers, tiny_questionnaire

from attt_audit.cli import main
from attt_audit.models import Status
from attt_audit.questionnaire import merge
from attt_audit.questionnaire.merge import same_content
from attt_audit.questionnaire.xlsx import META_SHEET, read_workbook, write_workbook
from attt_audit.xlsx_print import (
    LONG_TABLE_ROWS,
    MAX_SHEET_NAME,
    MIN_SCALE,
    PAGE_WORDS,
    cut_words,
    min_width,
    sheet_name,
    text_lines,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "so-gtvt"
SYSTEM = "cong-ttdt"
VIETNAMESE = re.compile(
    r"[ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]", re.IGNORECASE
)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}(?![-\w])")
"""A date written as ISO text (a run id such as ``2026-11-20-level3`` is a folder name, not a date)."""


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example's questionnaire (vi, en) and annual (vi, en) workbooks."""
    root = tmp_path_factory.mktemp("print")
    ws = root / "so-gtvt"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("runs", "reports"))
    w = ["-w", str(ws)]
    out: dict[str, Path] = {}
    for lang in ("vi", "en"):
        target = root / f"questionnaire-{lang}.xlsx"
        assert (
            main(["questionnaire", "new", "-s", SYSTEM, "-f", "xlsx", "-o", str(target), "--lang", lang, *w])
            == 0
        )
        out[f"questionnaire-{lang}"] = target
    for day in ("2025-11-20", "2026-11-20"):
        assert main(["run", "--profile", "level3", "--date", day, "--format", "json", *w]) in (0, 1)
    for lang in ("vi", "en"):
        folder = root / f"annual-{lang}"
        args = [
            "report",
            "annual",
            "--year",
            "2026",
            "--format",
            "xlsx",
            "--out",
            str(folder),
            "--lang",
            lang,
        ]
        assert main([*args, *w]) == 0
        (found,) = folder.glob("*.xlsx")
        out[f"annual-{lang}"] = found
    return out


def _visible(path: Path) -> list[Any]:
    return [s for s in load_workbook(path).worksheets if s.sheet_state == "visible"]


def _header_rows(ws: Any) -> int:
    titles = _plain(ws.print_title_rows)
    return int(titles.split(":")[1]) if titles else 0


def _plain(ref: str | None) -> str | None:
    """``$1:$1`` → ``1:1`` (openpyxl reads titles back absolute)."""
    return ref.replace("$", "") if ref else ref


# ------------------------------------------------------------------------------ page setup


@pytest.mark.parametrize("book", ["questionnaire-vi", "questionnaire-en", "annual-vi", "annual-en"])
def test_every_sheet_is_set_up_for_printing(books: dict[str, Path], book: str) -> None:
    lang = book.rsplit("-", 1)[1]
    sheets = _visible(books[book])
    assert len(sheets) >= 3
    for ws in sheets:
        setup = ws.page_setup
        assert int(setup.paperSize) == int(ws.PAPERSIZE_A4), ws.title
        assert setup.orientation in ("landscape", "portrait"), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert int(setup.fitToHeight) == 0 and int(setup.fitToWidth) >= 1, ws.title
        assert ws.oddFooter.center.text == PAGE_WORDS[lang], ws.title
        assert ws.oddHeader.right.text == "&A", ws.title  # the sheet's name
        who = SYSTEM if book.startswith("questionnaire") else "Sở Giao thông vận tải"
        assert who in ws.oddHeader.left.text, (ws.title, ws.oddHeader.left.text)
        assert ws.page_margins.left == 0.5, ws.title
    # Table sheets repeat their header row, are landscape, and their panes are frozen under it.
    tables = [ws for ws in sheets if _plain(ws.print_title_rows) == "1:1"]
    assert len(tables) >= 2
    for ws in tables:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.freeze_panes in ("A2", "C2"), ws.title
        pane = ws.sheet_view.pane
        assert pane.state == "frozen" and pane.topLeftCell == ws.freeze_panes
        assert [s.activeCell for s in ws.sheet_view.selection] == [ws.freeze_panes]


def test_wide_tables_run_over_pages_across_with_key_columns_repeated(books: dict[str, Path]) -> None:
    wb = load_workbook(books["questionnaire-vi"])
    group = wb.worksheets[1]
    assert int(group.page_setup.fitToWidth) == 2  # ten columns: two landscape pages at ≥ 9 pt
    assert _plain(group.print_title_cols) == "A:A"
    systems = load_workbook(books["annual-vi"])["Hệ thống"]
    assert int(systems.page_setup.fitToWidth) > 1 and _plain(systems.print_title_cols) == "A:B"


@pytest.mark.parametrize("book", ["questionnaire-vi", "annual-vi", "annual-en"])
def test_long_tables_have_an_autofilter(books: dict[str, Path], book: str) -> None:
    checked = 0
    for ws in _visible(books[book]):
        hr = _header_rows(ws)
        if hr and ws.max_row - hr >= LONG_TABLE_ROWS:
            assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{hr}:"), ws.title
            if ws.protection.sheet:
                assert not ws.protection.autoFilter  # the filter can be used on a protected sheet
            checked += 1
    assert checked >= 1


@pytest.mark.parametrize("book", ["questionnaire-vi", "questionnaire-en", "annual-vi", "annual-en"])
def test_dates_are_day_month_year(books: dict[str, Path], book: str) -> None:
    dates = 0
    for ws in _visible(books[book]):
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, dt.datetime | dt.date):
                    assert cell.number_format.startswith("DD/MM/YYYY"), (ws.title, cell.coordinate)
                    dates += 1
                elif isinstance(cell.value, str):
                    assert not ISO_DATE.search(cell.value), (ws.title, cell.coordinate, cell.value)
    if book.startswith("annual"):
        assert dates >= 5  # inspection dates, due dates


@pytest.mark.parametrize("book", ["questionnaire-vi", "questionnaire-en", "annual-vi", "annual-en"])
def test_headers_never_break_inside_a_word(books: dict[str, Path], book: str) -> None:
    for ws in _visible(books[book]):
        for row in ws.iter_rows(min_row=1, max_row=_header_rows(ws)):
            for cell in row:
                if isinstance(cell.value, str):
                    width = ws.column_dimensions[cell.column_letter].width
                    assert width >= min_width(cell.value, bold=True), (ws.title, cell.value, width)


def test_wrapped_rows_are_tall_enough(books: dict[str, Path]) -> None:
    wb = load_workbook(books["questionnaire-vi"])
    ws = wb.worksheets[1]
    width = ws.column_dimensions["C"].width
    for r in range(2, ws.max_row + 1):
        lines = text_lines(ws.cell(r, 3).value, width)
        assert lines > 1 and ws.row_dimensions[r].height >= 15 * lines, r


# ------------------------------------------------------------------------------ instructions and names


@pytest.mark.parametrize("book", ["questionnaire-vi", "questionnaire-en"])
def test_instructions_link_to_every_sheet(books: dict[str, Path], book: str) -> None:
    wb = load_workbook(books[book])
    guide = wb.worksheets[0]
    assert guide.title == ("Hướng dẫn" if book.endswith("vi") else "Instructions")
    assert guide.page_setup.orientation == "portrait" and not guide.print_title_rows
    targets = []
    for row in guide.iter_rows():
        for cell in row:
            if cell.hyperlink is not None:
                match = re.fullmatch(r"'(.+)'!A1", cell.hyperlink.location or "")
                assert match, cell.hyperlink.location
                assert match.group(1) in wb.sheetnames
                assert str(cell.value).startswith(match.group(1))
                targets.append(match.group(1))
    groups = [v for k, v in wb[META_SHEET].iter_rows(values_only=True) if k == "sheet"]
    assert targets == groups and len(groups) >= 10


def test_sheet_names_are_cut_between_words(books: dict[str, Path]) -> None:
    from attt_audit.app.questionnaire import questionnaire_for
    from attt_audit.workspace import Workspace

    ws = Workspace(EXAMPLE)
    q = questionnaire_for(ws, ws.system(SYSTEM), None)
    for book, lang in (("questionnaire-vi", "vi"), ("questionnaire-en", "en")):
        wb = load_workbook(books[book])
        names = [v for k, v in wb[META_SHEET].iter_rows(values_only=True) if k == "sheet"]
        titles = [title.get(lang) for _g, title, _i in q.groups()]
        assert len(names) == len(titles)
        for name, title in zip(names, titles, strict=True):
            assert len(name) <= MAX_SHEET_NAME
            base = re.sub(r" \(\d+\)$", "", name)
            assert title.startswith(base), (name, title)
            assert len(base) == len(title) or title[len(base)] in " ,;:—", (name, title)
        assert any(len(t) > MAX_SHEET_NAME for t in titles)  # the example does test the cut


def test_sheet_name_rules() -> None:
    taken: set[str] = set()
    long = "Hệ thống đặt tại trung tâm dữ liệu, điện toán đám mây; phần mềm nội bộ"
    first = sheet_name(long, taken)
    assert first == "Hệ thống đặt tại trung tâm dữ" and len(first) <= 31
    second = sheet_name(long, taken)
    assert second == "Hệ thống đặt tại trung tâm (2)" and len(second) <= 31
    assert sheet_name("Mạng [LAN]: a/b", taken) == "Mạng -LAN-- a-b"
    assert sheet_name("HỆ THỐNG ĐẶT TẠI TRUNG TÂM DỮ", taken).endswith("(3)")  # unique ignoring case
    assert cut_words("x" * 40, 31) == "x" * 31  # one word longer than the limit: a hard cut
    assert text_lines("một hai ba bốn", 8) == 2 and text_lines("a\nb", 50) == 2


# ------------------------------------------------------------------------------ English


ALLOWED_VI = ("Quy chế", "Mẫu 08", "Đạt", "Một phần", "Không đạt", "Không áp dụng", "Chưa đánh giá")
"""Vietnamese an English workbook keeps on purpose: the form's and the document's names, and the
Vietnamese statuses the reader also accepts (named once in the instructions)."""


def _ui_vietnamese(text: str, proper: tuple[str, ...]) -> bool:
    for allowed in (*proper, *ALLOWED_VI):
        text = text.replace(allowed, "")
    text = re.sub(r"(?<=\d\.)đ\b", "", text)  # clause point đ (ND85 20.2.đ) is the law's own label
    return bool(VIETNAMESE.search(text))


def test_english_questionnaire_has_no_vietnamese_interface_text(books: dict[str, Path]) -> None:
    wb = load_workbook(books["questionnaire-en"])
    proper = ("Cổng thông tin điện tử Sở Giao thông vận tải",)
    answer_columns = {"F", "G", "H", "I"}  # what the officer wrote: kept as written
    for ws in [s for s in wb.worksheets if s.sheet_state == "visible"]:
        assert not VIETNAMESE.search(ws.title), ws.title
        other = ws.title == "Other answers"  # answers outside the questionnaire: rows 3 on are the officer's
        for row in ws.iter_rows(max_row=2 if other else None):
            for cell in row:
                if not isinstance(cell.value, str) or cell.column_letter in answer_columns and cell.row > 1:
                    continue
                assert not _ui_vietnamese(cell.value, proper), (ws.title, cell.coordinate, cell.value)
        for dv in ws.data_validations.dataValidation:
            for text in (dv.formula1, dv.error, dv.prompt, dv.errorTitle, dv.promptTitle):
                assert not VIETNAMESE.search(text or ""), text
        assert ws.oddFooter.center.text == "Page &P of &N"


def test_english_annual_workbook_translates_headers_and_values(books: dict[str, Path]) -> None:
    wb = load_workbook(books["annual-en"])
    assert wb.sheetnames == ["Systems", "Summary", "Requirements"]
    systems = wb["Systems"]
    user_text = {"B", "C", "D", "G", "H"}  # names, owners, decisions from the inventory
    for row in systems.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and (cell.row == 1 or cell.column_letter not in user_text):
                assert not _ui_vietnamese(cell.value, ()), (cell.coordinate, cell.value)
    for dv in systems.data_validations.dataValidation:
        assert not VIETNAMESE.search(dv.formula1), dv.formula1
    summary = [c for c in wb["Summary"]["A"] if isinstance(c.value, str)]
    assert summary[0].value == "Annual report 2026 (Mẫu 08)"  # the form's Vietnamese name, once
    assert sum("Mẫu 08" in c.value for c in summary) == 1
    for cell in summary:
        assert not _ui_vietnamese(cell.value, ()), cell.value
    for row in wb["Requirements"].iter_rows(min_col=3, max_col=6):
        for cell in row:
            if isinstance(cell.value, str):
                assert not _ui_vietnamese(cell.value, ()), (cell.coordinate, cell.value)


def test_english_workbook_round_trip(tmp_path: Path) -> None:
    q = tiny_questionnaire(tmp_path)
    answers = filled_answers(q)
    path = tmp_path / "q-en.xlsx"
    write_workbook(q, answers, path, lang="en")
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Instructions"
    net = wb.worksheets[1]
    assert [c.value for c in net[1]][:4] == [
        "Question key",
        "Clause / basis",
        "Requirement and question",
        "Status",
    ]
    (validation,) = net.data_validations.dataValidation
    assert validation.formula1 == '"Pass,Partial,Fail,Not applicable,Not assessed"'
    assert net["D2"].value == "Pass"  # the answers file's status, in English

    back, changed = read_workbook(q, answers, path)
    assert changed == []
    for key, answer in answers.answers.items():
        assert same_content(back.answers[key], answer), key

    # Filled with English statuses (and one Vietnamese one): imports the same.
    keys = [net.cell(r, 1).value for r in range(2, net.max_row + 1)]
    net["D2"] = "Not applicable"
    net["H2"] = "No such equipment"
    net["D3"] = "Không đạt"
    net["D4"] = "Partial"
    wb.save(path)
    back, changed = read_workbook(q, merge(q, None), path)
    assert (
        back.answers[keys[0]].status is Status.NA
        and back.answers[keys[0]].justification == "No such equipment"
    )
    assert back.answers[keys[1]].status is Status.FAIL
    assert back.answers[keys[2]].status is Status.PARTIAL
    assert set(keys) <= set(changed)


def test_english_workbook_rejects_an_unknown_status_naming_the_cell(tmp_path: Path) -> None:
    from attt_audit.questionnaire import QuestionnaireError

    q = tiny_questionnaire(tmp_path)
    path = tmp_path / "q-en.xlsx"
    write_workbook(q, merge(q, None), path, lang="en")
    wb = load_workbook(path)
    wb.worksheets[1]["D2"] = "Passed"
    wb.save(path)
    with pytest.raises(QuestionnaireError) as caught:
        read_workbook(q, merge(q, None), path)
    assert f"{wb.worksheets[1].title}!D2" in caught.value.problems[0]


# ------------------------------------------------------------------------------ LibreOffice

MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Panes(src As String, log As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  Dim doc As Object
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), "_blank", 0, args())
  Dim ctl As Object
  ctl = doc.getCurrentController()
  Dim f As Integer
  f = FreeFile
  Open log For Output As #f
  Dim i As Integer
  For i = 0 To doc.Sheets.Count - 1
    If doc.Sheets.getByIndex(i).IsVisible Then
      ctl.setActiveSheet(doc.Sheets.getByIndex(i))
      Print #f, doc.Sheets.getByIndex(i).Name &amp; "|" &amp; ctl.hasFrozenPanes() &amp; "|" &amp; ctl.SplitColumn &amp; "|" &amp; ctl.SplitRow
    End If
  Next i
  Close #f
  doc.close(True)
End Sub
</script:module>
"""


def _libreoffice_panes(tmp_path: Path, book: Path) -> dict[str, tuple[bool, int, int]]:
    """Ask LibreOffice, after it loaded ``book``, which sheets are frozen and where."""
    soffice = shutil.which("soffice")
    assert soffice
    profile = tmp_path / "lo-profile"
    env = f"-env:UserInstallation={profile.as_uri()}"
    subprocess.run([soffice, env, "--headless", "--terminate_after_init"], capture_output=True, timeout=120)
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    if not module.is_file():
        pytest.skip("LibreOffice did not create its user profile")
    module.write_text(MACRO, encoding="utf-8")
    log = tmp_path / "panes.txt"
    call = f'macro:///Standard.Module1.Panes("{book}","{log}")'
    subprocess.run([soffice, env, "--headless", "--norestore", call], capture_output=True, timeout=180)
    found = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        name, frozen, col, row = line.rsplit("|", 3)
        found[name] = (frozen.strip().lower() == "true", int(col), int(row))
    return found


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_loads_the_frozen_panes(books: dict[str, Path], tmp_path: Path) -> None:
    """LibreOffice honours the panes we write. (``soffice --convert-to xlsx`` drops the panes of
    any workbook, its own included: headless export takes them from a view it does not have.)"""
    panes = _libreoffice_panes(tmp_path, books["questionnaire-vi"])
    wb = load_workbook(books["questionnaire-vi"])
    for ws in wb.worksheets[1:]:
        if ws.sheet_state == "visible":
            rows = _header_rows(ws)  # the sheet of answers outside the questionnaire has two
            assert panes[ws.title] == (True, 0, rows), ws.title
    assert panes["Hướng dẫn"][0] is False
    (tmp_path / "annual").mkdir()
    annual = _libreoffice_panes(tmp_path / "annual", books["annual-en"])
    assert annual["Systems"] == (True, 2, 1) and annual["Requirements"] == (True, 2, 1)
    assert annual["Summary"][0] is False


def test_text_never_prints_below_nine_points() -> None:
    assert MIN_SCALE * 11 / 100 >= 9
