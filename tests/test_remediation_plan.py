"""A remediation plan someone can act on (issue 13 §3): words, actions, owners, a workbook that
carries the officer's edits from one run to the next."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from example_documents import assess_example

from attt_audit.catalog import lint, load_catalog, load_profiles
from attt_audit.errors import InputError
from attt_audit.models import AssessmentResult
from attt_audit.render.context import build_view
from attt_audit.render.remediation_xlsx import (
    FILE_NAME,
    carry_progress,
    read_progress,
    write_remediation_xlsx,
)


@pytest.fixture(scope="module")
def result() -> AssessmentResult:
    return assess_example()["qlvb-dh"]


def test_every_control_has_a_corrective_action() -> None:
    catalog = load_catalog()
    problems = [p for p in lint(catalog, load_profiles(None)) if "remediation" in p]
    assert problems == []
    for control in catalog.controls.values():
        for variant in control.levels.values():
            action = variant.remediation or control.remediation
            assert action is not None and action.vi.strip() and action.en.strip(), control.id


def test_lint_reports_a_control_without_remediation() -> None:
    catalog = load_catalog()
    cid = next(iter(catalog.controls))
    control = catalog.controls[cid]
    catalog.controls[cid] = control.model_copy(
        update={
            "remediation": None,
            "levels": {k: v.model_copy(update={"remediation": None}) for k, v in control.levels.items()},
        }
    )
    problems = [p for p in lint(catalog, load_profiles(None)) if "remediation" in p]
    assert problems and all(cid in p for p in problems)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_plan_rows_speak_words(result: AssessmentResult, lang: str) -> None:
    view = build_view(result, lang)
    plan = view["remediation"]
    assert plan and len(plan) == len(result.remediation)
    operator = result.system.operator
    for m in plan:
        assert m["action"] and not m["action"].startswith(("Thực hiện đầy đủ", "Carry out")), m["control"]
        assert m["owner"] == operator
        assert m["priority_label"] and m["due"]
        for line in m["missing"]:
            assert not re.match(r"q\d+\b", line) and " q1" not in line
    # the unmet questions are listed by their text
    with_missing = [m for m in plan if m["missing"]]
    assert with_missing and all(len(x) > 15 for m in with_missing for x in m["missing"])
    # a past fact is recorded, never given a deadline
    past = {r.control for r in result.results if r.past_fact}
    assert not past & {m["control"] for m in plan}


def test_workbook_round_trip_carries_the_officers_edits(tmp_path: Path, result: AssessmentResult) -> None:
    runs = tmp_path / "runs"
    first = runs / "2026-11-23-level3" / "qlvb-dh"
    _, files = carry_progress(result, "vi", runs, first, ["docx"])
    assert files == [first / FILE_NAME]
    wb = openpyxl.load_workbook(files[0])
    ws = wb.worksheets[0]
    assert ws.auto_filter.ref and ws.freeze_panes == "C2"
    assert [c.value for c in ws[1]][7:10] == ["Hạn hoàn thành", "Người phụ trách", "Trạng thái"]
    edited = ws.cell(2, 2).value
    untouched = ws.cell(3, 2).value
    ws.cell(2, 9).value = "Nguyễn Văn Bình"
    ws.cell(2, 10).value = "Đang thực hiện"
    ws.cell(2, 8).value = dt.datetime(2027, 1, 15)
    ws.cell(2, 11).value = "Đã gửi tờ trình mua sắm"
    wb.save(files[0])

    progress = read_progress(files[0])
    assert progress[edited].owner == "Nguyễn Văn Bình" and progress[edited].due == dt.date(2027, 1, 15)

    second = runs / "2026-12-10-level3" / "qlvb-dh"
    carried, files2 = carry_progress(result, "vi", runs, second, ["html"])
    item = next(i for i in carried.remediation if i.control == edited)
    assert item.owner == "Nguyễn Văn Bình"
    assert item.state == "Đang thực hiện — Đã gửi tờ trình mua sắm"
    assert item.due == dt.date(2027, 1, 15)
    other = next(i for i in carried.remediation if i.control == untouched)
    original = next(i for i in result.remediation if i.control == untouched)
    assert other == original  # defaults are not carried as edits
    # the new workbook shows the carried values, and the report does too
    ws2 = openpyxl.load_workbook(files2[0]).worksheets[0]
    row = next(r for r in ws2.iter_rows(min_row=2, values_only=True) if r[1] == edited)
    assert row[8] == "Nguyễn Văn Bình" and row[7].date() == dt.date(2027, 1, 15)
    # a later run does not push a deadline back by counting from its own date
    later = result.model_copy(
        update={
            "remediation": [
                i.model_copy(update={"due": i.due + dt.timedelta(days=8)}) for i in result.remediation
            ]
        }
    )
    kept, _ = carry_progress(later, "vi", runs, runs / "2026-12-18-level3" / "qlvb-dh", ["html"])
    assert next(i for i in kept.remediation if i.control == untouched).due == original.due
    view = build_view(carried, "vi")
    shown = next(m for m in view["remediation"] if m["control"] == edited)
    assert shown["owner"] == "Nguyễn Văn Bình" and shown["due"] == "15/01/2027"


def test_a_bad_deadline_names_the_cell(tmp_path: Path, result: AssessmentResult) -> None:
    path = write_remediation_xlsx(result, "en", tmp_path / FILE_NAME)
    wb = openpyxl.load_workbook(path)
    wb.worksheets[0].cell(3, 8).value = "next spring"
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_progress(path)
    assert "Remediation plan!H3" in str(info.value) and "next spring" in str(info.value)


def test_formula_text_stays_text(tmp_path: Path, result: AssessmentResult) -> None:
    hostile = result.model_copy(
        update={"system": result.system.model_copy(update={"operator": '=HYPERLINK("x")'})}
    )
    path = write_remediation_xlsx(hostile, "vi", tmp_path / FILE_NAME)
    ws = openpyxl.load_workbook(path).worksheets[0]
    cell = ws.cell(2, 9)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_machine_only_runs_write_no_workbook(tmp_path: Path, result: AssessmentResult) -> None:
    carried, files = carry_progress(
        result, "vi", tmp_path / "runs", tmp_path / "runs" / "r" / "s", ["json", "md"]
    )
    assert files == [] and carried == result


def test_every_cell_has_a_named_font(tmp_path: Path, result: AssessmentResult) -> None:
    """A bold header without a font name prints in a serif stand-in in LibreOffice: headers use
    the workbook's body font (xlsx_print.font)."""
    import openpyxl

    path = write_remediation_xlsx(result, "vi", tmp_path / FILE_NAME)
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert all(c.font.name == "Calibri" and c.font.b for c in ws[1])
    assert all(c.font.name for row in ws.iter_rows(min_row=2) for c in row)
