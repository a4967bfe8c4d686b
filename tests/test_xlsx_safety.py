"""Workbooks: hostile text never becomes a formula; hostile workbooks are refused before parsing."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from test_annual import ANNUAL, INVENTORY, F, P, layer_reqs, result, write_run
from test_questionnaire import tiny_questionnaire

from attt_audit import xlsx_safe
from attt_audit.annual import build_annual_report, write_annual_report
from attt_audit.questionnaire import QuestionnaireError, merge
from attt_audit.questionnaire.xlsx import read_workbook, write_workbook
from attt_audit.workspace import Workspace

HOSTILE = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_safe_writer_keeps_every_risky_text_as_text() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row, text in enumerate(HOSTILE, 1):
        xlsx_safe.put(ws, row, 1, text)
    xlsx_safe.append(ws, ["=1+2", "plain", 3])
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.data_type == "s", cell.value
    assert ws.cell(1, 1).quotePrefix and ws.cell(len(HOSTILE) + 1, 1).quotePrefix
    assert not ws.cell(len(HOSTILE) + 1, 2).quotePrefix  # plain text untouched
    assert ws.cell(len(HOSTILE) + 1, 3).data_type == "n"
    assert xlsx_safe.safe_cell_value("a\x00b\x1fc") == "abc"


def test_annual_xlsx_keeps_hostile_inventory_text_as_text(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    inventory = (
        INVENTORY.replace("name: Cổng thông tin điện tử", 'name: \'=HYPERLINK("http://x","y")\'')
        .replace("owner: Sở Giao thông vận tải tỉnh Bình An", "owner: \"=cmd|' /C calc'!A0\"")
        .replace("operator: Văn phòng Sở", "operator: '+1+1'")
        .replace("decision: 512/QĐ-SGTVT", "decision: '@SUM(A1)'")
    )
    (root / "inventory.yaml").write_text(inventory, encoding="utf-8")
    (root / "annual.yaml").write_text(
        ANNUAL.replace("number: 45/QĐ-SGTVT", "number: '-1+1'"), encoding="utf-8"
    )
    write_run(
        root / "runs" / "2026-11-20-level3",
        [result("portal", [*layer_reqs(P, F, F, F)], __import__("datetime").date(2026, 11, 20), 25.0)],
    )
    report = build_annual_report(Workspace(root), 2026)
    path = write_annual_report(report, ["xlsx"], "vi", tmp_path / "out")[0]
    found: dict[str, Any] = {}
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and xlsx_safe.is_risky(cell.value):
                    found[cell.value] = cell
    for text in ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-1+1"]:
        cell = next((c for value, c in found.items() if value.startswith(text)), None)
        assert cell is not None, (text, sorted(found))
        assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(path) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml  # no formula anywhere


# ------------------------------------------------------------------------- hostile workbooks


def _rewrite(
    source: Path, target: Path, replace: dict[str, bytes], add: dict[str, Any] | None = None
) -> Path:
    """Copy the workbook ``source`` to ``target`` with some parts replaced or added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name, writer in (add or {}).items():
            with new.open(name, "w") as handle:
                writer(handle)
    return target


@pytest.fixture
def workbook(tmp_path: Path) -> tuple[Any, Path]:
    q = tiny_questionnaire(tmp_path)
    path = tmp_path / "q.xlsx"
    write_workbook(q, merge(q, None), path)
    return q, path


def _sheet_name(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return next(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))


def _refused(q: Any, path: Path, fragment: str) -> str:
    started = time.perf_counter()
    with pytest.raises(QuestionnaireError) as info:
        read_workbook(q, merge(q, None), path)
    message = info.value.render()
    assert message.startswith(f"{path}: "), message
    assert fragment in message and "\n" not in message
    assert time.perf_counter() - started < 5
    return message


def test_zip_bomb_is_refused_before_parsing(workbook: tuple[Any, Path], tmp_path: Path) -> None:
    q, good = workbook
    row = b'<row r="1">' + b'<c r="A1" t="inlineStr"><is><t>x</t></is></c>' * 200 + b"</row>"

    def bomb(handle: Any) -> None:
        handle.write(b'<?xml version="1.0"?><worksheet><sheetData>')
        chunk = row * 1000  # ~9 MB
        for _ in range(7):
            handle.write(chunk)
        handle.write(b"</sheetData></worksheet>")

    path = _rewrite(good, tmp_path / "bomb.xlsx", {}, {"xl/worksheets/sheet99.xml": bomb})
    assert path.stat().st_size < 2_000_000
    _refused(q, path, "the workbook's XML expands to")


def test_too_many_cells_is_refused(
    workbook: tuple[Any, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    q, good = workbook
    monkeypatch.setattr(xlsx_safe, "MAX_CELLS", 1000)
    cells = b"".join(b'<c r="A%d"/>' % i for i in range(1, 1500))
    sheet = (
        b'<?xml version="1.0"?><worksheet><sheetData><row r="1">' + cells + b"</row></sheetData></worksheet>"
    )
    path = _rewrite(good, tmp_path / "cells.xlsx", {_sheet_name(good): sheet})
    _refused(q, path, "more than 1,000 cells")


@pytest.mark.parametrize(
    "declaration",
    [
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>',
        b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        b'<!doctype x SYSTEM "http://127.0.0.1/evil.dtd">',
    ],
    ids=["entity-bomb", "external-entity", "external-dtd"],
)
def test_entities_are_refused(workbook: tuple[Any, Path], tmp_path: Path, declaration: bytes) -> None:
    q, good = workbook
    name = _sheet_name(good)
    with zipfile.ZipFile(good) as archive:
        xml = archive.read(name)
    head, _, rest = xml.partition(b"?>")
    path = _rewrite(good, tmp_path / "entity.xlsx", {name: head + b"?>" + declaration + rest})
    _refused(q, path, "declares a DOCTYPE or entities")


def test_not_a_zip_is_refused(workbook: tuple[Any, Path], tmp_path: Path) -> None:
    q, _ = workbook
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"<html>not a workbook</html>")
    _refused(q, path, "cannot open the workbook (not an .xlsx file")


def test_questionnaire_workbook_still_reads_after_the_checks(workbook: tuple[Any, Path]) -> None:
    q, path = workbook
    answers, changed = read_workbook(q, merge(q, None), path)
    assert changed == []
