"""Nothing a user made is overwritten or silently dropped (README "Nothing is lost").

Each test here proves one promise of that section: the workbook with answers not yet
imported, run folders, signed folders, probe evidence across runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_questionnaire import use_tiny_catalog

from attt_audit.cli import main


def _new_xlsx(ws: Path, *extra: str) -> int:
    return main(["questionnaire", "new", "-s", "web", "-p", "tiny3", "-f", "xlsx", "-w", str(ws), *extra])


def test_questionnaire_new_keeps_a_workbook_with_answers_not_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = use_tiny_catalog(tmp_path, monkeypatch)
    assert _new_xlsx(ws) == 0
    xlsx = ws / "questionnaires" / "web.xlsx"
    # Regenerating an untouched workbook is fine: it holds nothing the answers file lacks.
    assert _new_xlsx(ws) == 0
    assert sorted(p.name for p in xlsx.parent.iterdir()) == ["web.xlsx"]
    wb = load_workbook(xlsx)
    wb["Mạng"]["D3"] = "Đạt"
    wb["Mạng"]["F3"] = "siem.png"
    wb.save(xlsx)
    edited = xlsx.read_bytes()
    capsys.readouterr()
    assert _new_xlsx(ws) == 2
    err = capsys.readouterr().err
    assert "holds answers not yet imported (Mạng!A3: net.firewall/3/q2)" in " ".join(err.split())
    assert "questionnaire import" in err and "--force" in err
    assert xlsx.read_bytes() == edited
    # --force copies it beside itself first, then writes the new one.
    assert _new_xlsx(ws, "--force") == 0
    assert "đã sao lưu vào" in capsys.readouterr().err
    backups = sorted(xlsx.parent.glob("web.*.bak.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == edited
    assert backups[0].name.count(".") == 3 and len(backups[0].name.split(".")[1]) == len("20261201-103000")
    assert load_workbook(xlsx)["Mạng"]["D3"].value is None
    # After importing, the same edits are in the answers file: regenerating is allowed again.
    wb = load_workbook(backups[0])
    wb.save(xlsx)
    assert main(["questionnaire", "import", str(xlsx), "-w", str(ws)]) == 0
    assert _new_xlsx(ws) == 0
    assert load_workbook(xlsx)["Mạng"]["D3"].value == "Đạt"


def test_questionnaire_new_keeps_a_foreign_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    ws = use_tiny_catalog(tmp_path, monkeypatch)
    xlsx = ws / "questionnaires" / "web.xlsx"
    xlsx.parent.mkdir()
    wb = Workbook()
    wb.active["A1"] = "my own notes"  # type: ignore[index]
    wb.save(xlsx)
    before = xlsx.read_bytes()
    assert _new_xlsx(ws) == 2
    assert "not yet imported" in capsys.readouterr().err
    assert xlsx.read_bytes() == before
