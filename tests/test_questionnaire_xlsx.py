"""The Excel form: round trips, edits a user makes, LibreOffice saves, conflicts, the CLI."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from test_questionnaire import KEYS3, filled_answers, tiny_questionnaire, use_tiny_catalog

from attt_audit.cli import main
from attt_audit.models import Answer, AnswerSet, Status
from attt_audit.questionnaire import QuestionnaireError, merge
from attt_audit.questionnaire.merge import same_content
from attt_audit.questionnaire.xlsx import META_SHEET, OTHER_SHEET, read_meta, read_workbook, write_workbook
from attt_audit.workspace import Workspace
from attt_audit.yamlio import atomic_write_text, dump_yaml, load_model

STATUSES = "Đạt, Một phần, Không đạt, Không áp dụng, Chưa đánh giá"


def _workbook(tmp_path: Path, answers: AnswerSet | None = None) -> tuple[Any, AnswerSet, Path]:
    q = tiny_questionnaire(tmp_path)
    base = answers if answers is not None else merge(q, None)
    path = tmp_path / "q.xlsx"
    write_workbook(q, base, path)
    return q, base, path


def test_workbook_layout(tmp_path: Path) -> None:
    q, _base, path = _workbook(tmp_path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Hướng dẫn", "Mạng", "Quản lý", META_SHEET]
    assert wb[META_SHEET].sheet_state == "hidden"
    net = wb["Mạng"]
    assert [c.value for c in net[1]] == [
        "Mã câu hỏi",
        "Điều khoản / căn cứ",
        "Yêu cầu và câu hỏi",
        "Trạng thái",
        "Giá trị (số)",
        "Tham chiếu bằng chứng",
        "Ghi chú",
        "Lý do không áp dụng",
        "Người trả lời",
        "Bằng chứng gợi ý",
    ]
    assert [net.cell(row=r, column=1).value for r in (2, 3, 4)] == KEYS3[:3]
    assert net.freeze_panes == "A2"
    assert net.protection.sheet
    # Question and clause columns locked, answer columns open; value open only on value questions.
    assert net["B2"].protection.locked and net["C2"].protection.locked
    assert not net["D2"].protection.locked and not net["F2"].protection.locked
    assert net["E2"].protection.locked and not net["E3"].protection.locked
    assert net["C2"].alignment.wrap_text
    assert net.column_dimensions["C"].width >= 50
    (validation,) = net.data_validations.dataValidation
    assert validation.formula1 == '"Đạt,Một phần,Không đạt,Không áp dụng,Chưa đánh giá"'
    assert str(validation.sqref) == "D2:D4"
    assert "ngưỡng: ≥ 30 days" in net["C3"].value
    assert net["J2"].value == "• Sơ đồ mạng"
    meta = read_meta(path)
    assert (meta.system, meta.profile, meta.level) == ("web", "tiny3", 3)
    assert q.system == "web"


def test_round_trip_keeps_every_answer(tmp_path: Path) -> None:
    q = tiny_questionnaire(tmp_path)
    answers = filled_answers(q)
    answers.answers["gone.control/3/q1"] = Answer(status=Status.FAIL, note="cũ")
    _q, _base, path = _workbook(tmp_path, answers)
    assert OTHER_SHEET in load_workbook(path).sheetnames
    back, changed = read_workbook(q, answers, path)
    assert changed == []
    assert back == answers
    # Importing over an empty answers file reproduces the same content.
    fresh, changed = read_workbook(q, AnswerSet(system="web"), path)
    assert sorted(changed) == sorted(k for k in KEYS3 if k != "mgmt.policy/3/q1")
    for key in KEYS3:
        assert same_content(fresh.answers.get(key) or Answer(), answers.answers[key]), key


def _set(sheet: str, cell: str, value: Any) -> Callable[[Any], None]:
    def edit(wb: Any) -> None:
        wb[sheet][cell] = value

    return edit


def _many(*edits: Callable[[Any], None]) -> Callable[[Any], None]:
    def edit(wb: Any) -> None:
        for e in edits:
            e(wb)

    return edit


def _delete_column(header: str) -> Callable[[Any], None]:
    def edit(wb: Any) -> None:
        ws = wb["Mạng"]
        col = next(c.column for c in ws[1] if c.value == header)
        ws.delete_cols(col)

    return edit


NFD_NOTE = unicodedata.normalize("NFD", "Đã kiểm tra tường lửa ở phòng máy chủ")

EDIT_CASES: list[tuple[str, Callable[[Any], None], list[str] | dict[str, dict[str, Any]]]] = [
    (
        "typed-status-without-diacritics",
        _set("Mạng", "D2", "Dat"),
        [f'Mạng!D2: "Dat" is not a status; expected one of {STATUSES}'],
    ),
    (
        "typed-status-lowercase-and-spaces",
        _set("Mạng", "D2", "  không   ĐẠT "),
        {"net.firewall/3/q1": {"status": Status.FAIL}},
    ),
    (
        "typed-english-status",
        _set("Quản lý", "D2", "Partial"),
        {"mgmt.policy/3/q1": {"status": Status.PARTIAL}},
    ),
    (
        "pasted-nfd-text-multi-line-evidence",
        _many(
            _set("Mạng", "G2", NFD_NOTE),
            _set("Mạng", "F2", "QĐ 88/QĐ-SGTVT\r\nsơ-đồ.pdf ; ảnh chụp.png"),
        ),
        {
            "net.firewall/3/q1": {
                "note": unicodedata.normalize("NFC", NFD_NOTE),
                "evidence": ["QĐ 88/QĐ-SGTVT", "sơ-đồ.pdf", "ảnh chụp.png"],
            }
        },
    ),
    (
        "extra-blank-row",
        _many(lambda wb: wb["Mạng"].insert_rows(3), _set("Mạng", "D4", "Đạt"), _set("Mạng", "E4", "45")),
        {"net.firewall/3/q2": {"status": Status.PASS, "value": 45}},
    ),
    (
        "deleted-note-column-keeps-notes",
        _many(_delete_column("Ghi chú"), _set("Mạng", "D2", "Một phần")),
        {"net.firewall/3/q1": {"status": Status.PARTIAL, "note": "ghi chú có sẵn"}},
    ),
    (
        "deleted-status-column",
        _delete_column("Trạng thái"),
        ["Mạng!1: the column 'Trạng thái' is missing"],
    ),
    (
        "value-not-a-number",
        _set("Mạng", "E3", "ba mươi"),
        ['Mạng!E3: "ba mươi" is not a number; expected a number of days'],
    ),
    ("value-with-decimal-comma", _set("Mạng", "E3", "30,5"), {"net.firewall/3/q2": {"value": 30.5}}),
    (
        "answer-in-row-without-key",
        _set("Mạng", "D9", "Đạt"),
        ["Mạng!D9: an answer in a row without a question key (column 'Mã câu hỏi' is empty)"],
    ),
    (
        "typo-in-key",
        _set("Mạng", "A2", "net.firewal/3/q1"),
        [
            "Mạng!A2: 'net.firewal/3/q1' is not a question of this questionnaire; did you mean 'net.firewall/3/q1'?"
        ],
    ),
    (
        "duplicate-row",
        _many(_set("Mạng", "A6", "net.vpn/3/q1"), _set("Mạng", "D6", "Đạt")),
        ["Mạng!A6: 'net.vpn/3/q1' appears again (first at Mạng!A4)"],
    ),
    (
        "several-errors-at-once",
        _many(_set("Mạng", "D2", "OK"), _set("Quản lý", "D2", "x")),
        [
            f'Mạng!D2: "OK" is not a status; expected one of {STATUSES}',
            f'Quản lý!D2: "x" is not a status; expected one of {STATUSES}',
        ],
    ),
    ("user-added-sheet-ignored", lambda wb: wb.create_sheet("Ghi chép").cell(row=1, column=1, value="x"), {}),
]


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in EDIT_CASES], ids=[c[0] for c in EDIT_CASES])
def test_user_edits(
    tmp_path: Path, edit: Callable[[Any], None], expected: list[str] | dict[str, dict[str, Any]]
) -> None:
    q = tiny_questionnaire(tmp_path)
    base = merge(q, None)
    base.answers["net.firewall/3/q1"] = Answer(note="ghi chú có sẵn")
    _q, _b, path = _workbook(tmp_path, base)
    wb = load_workbook(path)
    edit(wb)
    wb.save(path)
    if isinstance(expected, list):
        with pytest.raises(QuestionnaireError) as info:
            read_workbook(q, base, path)
        assert list(info.value.problems) == expected
        assert "nothing was written" in info.value.message
        return
    result, changed = read_workbook(q, base, path, answered_by="Lan")
    assert sorted(changed) == sorted(expected)
    for key, fields in expected.items():
        answer = result.answers[key]
        for name, value in fields.items():
            assert getattr(answer, name) == value, name
        assert answer.answered_by == "Lan"
        assert answer.source is not None and answer.source.startswith("xlsx:web@")
    for key in set(base.answers) - set(expected):
        assert result.answers[key] == base.answers[key]


def _aged_workbook(tmp_path: Path, q: Any) -> tuple[AnswerSet, Path]:
    """A workbook generated an hour ago, and an answers file edited since."""
    base = merge(q, None)
    path = tmp_path / "q.xlsx"
    write_workbook(q, base, path)
    wb = load_workbook(path)
    meta = wb[META_SHEET]
    hour_ago = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)
    for row in meta.iter_rows(min_row=1):
        if row[0].value == "generated_at":
            row[1].value = hour_ago.isoformat()
    wb["Quản lý"]["D2"] = "Không đạt"
    wb.save(path)
    edited = base.model_copy(deep=True)
    edited.answers["mgmt.policy/3/q1"] = Answer(
        status=Status.PASS, evidence=["qd.pdf"], answered_at=dt.datetime.now(dt.UTC)
    )
    return edited, path


def test_conflict_with_newer_answer_is_reported_not_overwritten(tmp_path: Path) -> None:
    q = tiny_questionnaire(tmp_path)
    edited, path = _aged_workbook(tmp_path, q)
    with pytest.raises(QuestionnaireError) as info:
        read_workbook(q, edited, path)
    (problem,) = info.value.problems
    assert problem.startswith("Quản lý!A2: mgmt.policy/3/q1 was answered in the answers file at ")
    assert problem.endswith("re-run with --overwrite to take the workbook's answer)")
    taken, changed = read_workbook(q, edited, path, overwrite=True)
    assert changed == ["mgmt.policy/3/q1"]
    assert taken.answers["mgmt.policy/3/q1"].status is Status.FAIL


def test_reimport_of_the_same_workbook_after_more_edits_is_no_conflict(tmp_path: Path) -> None:
    q = tiny_questionnaire(tmp_path)
    _edited, path = _aged_workbook(tmp_path, q)
    first, _ = read_workbook(q, merge(q, None), path)
    wb = load_workbook(path)
    wb["Quản lý"]["D2"] = "Một phần"
    wb.save(path)
    second, changed = read_workbook(q, first, path)
    assert changed == ["mgmt.policy/3/q1"]
    assert second.answers["mgmt.policy/3/q1"].status is Status.PARTIAL


def test_workbook_for_another_system_or_without_meta(tmp_path: Path) -> None:
    q, base, path = _workbook(tmp_path)
    other = tiny_questionnaire(tmp_path / "x", level=3)
    wb = load_workbook(path)
    wb[META_SHEET]["B2"] = "intranet"
    wb.save(path)
    with pytest.raises(QuestionnaireError, match="the workbook is for system 'intranet', not 'web'"):
        read_workbook(other, base, path)
    del wb[META_SHEET]
    wb.save(path)
    with pytest.raises(QuestionnaireError, match="the hidden sheet '_meta' is missing"):
        read_workbook(q, base, path)
    path.write_bytes(b"not a zip")
    with pytest.raises(QuestionnaireError, match="cannot open the workbook"):
        read_workbook(q, base, path)


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not on PATH; CI installs libreoffice-calc-nogui")
    return exe


@pytest.mark.slow
def test_workbook_saved_by_libreoffice_still_imports(tmp_path: Path) -> None:
    exe = _soffice()
    q = tiny_questionnaire(tmp_path)
    answers = filled_answers(q)
    answers.answers["gone.control/3/q1"] = Answer(status=Status.FAIL)
    _q, _b, path = _workbook(tmp_path, answers)
    wb = load_workbook(path)
    wb["Quản lý"]["D2"] = "Một phần"
    wb["Quản lý"]["F2"] = "Quyết định 12/QĐ-SGTVT ngày 05/01/2025"
    wb.save(path)
    out = tmp_path / "lo"
    out.mkdir()
    profile = tmp_path / "lo-profile"
    proc = subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    converted = out / "q.xlsx"
    assert proc.returncode == 0 and converted.is_file(), proc.stderr
    assert converted.read_bytes() != path.read_bytes()
    assert load_workbook(converted)[META_SHEET].sheet_state == "hidden"
    result, changed = read_workbook(q, answers, converted)
    assert changed == ["mgmt.policy/3/q1"]
    policy = result.answers["mgmt.policy/3/q1"]
    assert (policy.status, policy.evidence) == (Status.PARTIAL, ["Quyết định 12/QĐ-SGTVT ngày 05/01/2025"])
    for key, answer in answers.answers.items():
        if key != "mgmt.policy/3/q1":
            assert result.answers[key] == answer, key
    # An error in a LibreOffice-saved file still names its cell.
    wb = load_workbook(converted)
    wb["Mạng"]["D4"] = "Dat"
    wb.save(converted)
    with pytest.raises(QuestionnaireError) as info:
        read_workbook(q, answers, converted)
    assert info.value.problems == (f'Mạng!D4: "Dat" is not a status; expected one of {STATUSES}',)


# ------------------------------------------------------------------------------------ CLI


def test_cli_new_import_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = use_tiny_catalog(tmp_path, monkeypatch)
    answers_path = Workspace(ws).answers_path("web")
    old = AnswerSet(
        system="web", answers={"removed.control/3/q1": Answer(status=Status.PASS, evidence=["a"])}
    )
    atomic_write_text(answers_path, dump_yaml(old.model_dump(mode="json")))
    assert main(["questionnaire", "new", "-s", "web", "-p", "tiny3", "-f", "xlsx", "-w", str(ws)]) == 0
    xlsx = ws / "questionnaires" / "web.xlsx"
    assert xlsx.is_file()
    assert f"Đã ghi {xlsx}: 4 câu hỏi" in capsys.readouterr().out
    wb = load_workbook(xlsx)
    wb["Mạng"]["D2"] = "Dat"
    wb.save(xlsx)
    before = answers_path.read_bytes()
    assert main(["questionnaire", "import", str(xlsx), "-w", str(ws)]) == 2
    err = capsys.readouterr().err
    assert f'Mạng!D2: "Dat" is not a status; expected one of {STATUSES}' in err
    assert "1 problem in the workbook; nothing was written" in err
    assert answers_path.read_bytes() == before
    for cell, value in {"D2": "Đạt", "F2": "so-do.pdf", "D3": "Đạt", "E3": 60, "F3": "siem.png"}.items():
        wb["Mạng"][cell] = value
    wb["Mạng"]["D4"] = "Không áp dụng"
    wb["Mạng"]["H4"] = "Không có truy cập từ xa"
    wb["Quản lý"]["D2"] = "Không đạt"
    wb.save(xlsx)
    assert main(["questionnaire", "import", str(xlsx), "-w", str(ws), "--by", "Trần Thị Lan"]) == 0
    assert "4 câu trả lời thay đổi; đã trả lời 4/4; 0 lỗi, 1 cảnh báo" in capsys.readouterr().out
    answers = load_model(AnswerSet, answers_path)
    assert answers.answers["net.firewall/3/q2"].value == 60
    assert answers.answers["net.firewall/3/q1"].answered_by == "Trần Thị Lan"
    assert answers.answers["removed.control/3/q1"] == old.answers["removed.control/3/q1"]
    assert main(["questionnaire", "check", "-s", "web", "-w", str(ws)]) == 0
    assert main(["questionnaire", "import", str(xlsx), "-s", "intranet", "-w", str(ws)]) == 2
    assert "web.xlsx is for system 'web', not 'intranet'" in capsys.readouterr().err


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    q = tiny_questionnaire(tmp_path)
    answers = merge(q, None)
    answers.answers["net.firewall/3/q1"] = Answer(
        status=Status.PASS, note="=1+1 là ghi chú", evidence=["=link"]
    )
    _q, _b, path = _workbook(tmp_path, answers)
    assert load_workbook(path)["Mạng"]["G2"].data_type == "s"
    back, changed = read_workbook(q, answers, path)
    assert changed == [] and back == answers
