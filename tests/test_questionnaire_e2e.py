"""Done when: a level-3 system's questionnaire goes YAML → Excel → filled → imported → checked,
on the bundled catalog and the example inventory, with no manual editing of files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from attt_audit.cli import main
from attt_audit.models import AnswerSet, Status, System
from attt_audit.questionnaire import build_questionnaire
from attt_audit.questionnaire.xlsx import INSTRUCTIONS_SHEET, META_SHEET
from attt_audit.workspace import Workspace
from attt_audit.yamlio import atomic_write_text, dump_yaml, load_model

REPO = Path(__file__).resolve().parent.parent


def _workspace(tmp_path: Path) -> tuple[Path, str]:
    ws = tmp_path / "ws"
    ws.mkdir()
    example = REPO / "examples" / "so-gtvt" / "inventory.yaml"
    if example.is_file():
        shutil.copy(example, ws / "inventory.yaml")
        level3 = [s for s in Workspace(ws).inventory().systems if s.declared_level == 3]
        if level3:
            return ws, level3[0].id
    system = System(id="he-thong-3", name="Hệ thống cấp độ 3", declared_level=3)
    inventory = {
        "schema_version": 1,
        "organisation": {"name": "Sở thử nghiệm"},
        "systems": [system.model_dump(mode="json", exclude_none=True)],
    }
    atomic_write_text(ws / "inventory.yaml", dump_yaml(inventory))
    return ws, system.id


def test_level3_yaml_excel_fill_import_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, sid = _workspace(tmp_path)
    w = ["-w", str(ws)]
    assert main(["questionnaire", "new", "-s", sid, "-f", "yaml", *w]) == 0
    answers_path = Workspace(ws).answers_path(sid)
    blank = load_model(AnswerSet, answers_path)
    assert blank.level == 3 and blank.profile == "level3"
    assert all(a.status is None for a in blank.answers.values())

    assert main(["questionnaire", "new", "-s", sid, "-f", "xlsx", *w]) == 0
    xlsx = ws / "questionnaires" / f"{sid}.xlsx"
    q = build_questionnaire(Workspace(ws).system(sid), workspace=ws)
    assert list(blank.answers) == q.asked_keys()

    # The officer fills every row the way Excel would store it.
    wb = load_workbook(xlsx)
    filled = 0
    for ws_sheet in wb.worksheets:
        if ws_sheet.title in (INSTRUCTIONS_SHEET, META_SHEET):
            continue
        for row in range(2, ws_sheet.max_row + 1):
            key = ws_sheet.cell(row=row, column=1).value
            if not key:
                continue
            item = q.item(key)
            assert item is not None
            ws_sheet.cell(row=row, column=4, value="Đạt" if filled % 3 else "Một phần")
            ws_sheet.cell(row=row, column=6, value=f"Biên bản kiểm tra số {row}/BB-SGTVT")
            if item.is_value:
                ws_sheet.cell(row=row, column=5, value=365)
            filled += 1
    wb.save(xlsx)
    assert filled == len(q.items)

    capsys.readouterr()
    assert main(["questionnaire", "import", str(xlsx), "--by", "Trần Thị Lan", *w]) == 0
    assert (
        f"{len(q.items)} câu trả lời thay đổi; đã trả lời {len(q.items)}/{len(q.items)}; 0 lỗi"
        in capsys.readouterr().out
    )
    answers = load_model(AnswerSet, answers_path)
    assert {a.status for a in answers.answers.values()} == {Status.PASS, Status.PARTIAL}
    assert all(a.evidence and a.answered_by == "Trần Thị Lan" for a in answers.answers.values())

    assert main(["questionnaire", "check", "-s", sid, *w]) == 0
    assert f"{sid}: đã trả lời {len(q.items)}/{len(q.items)}; 0 lỗi" in capsys.readouterr().out

    # Regenerating both forms keeps every answer.
    assert main(["questionnaire", "new", "-s", sid, *w]) == 0
    again = load_model(AnswerSet, answers_path).answers
    assert {k: again[k] for k in answers.answers} == answers.answers
    assert main(["questionnaire", "new", "-s", sid, "-f", "xlsx", *w]) == 0
    assert load_workbook(xlsx).worksheets[1]["D2"].value in ("Đạt", "Một phần")
