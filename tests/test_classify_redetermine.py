"""A system changed since its level was approved (issue 14): ``classify`` and ``status`` say the
level must be re-determined, name what changed and the article (ND331 25, from the dossier data)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from attt_audit.cli import main
from attt_audit.dossier.changes import scope_now
from attt_audit.dossier.rules import load_rules
from attt_audit.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "so-gtvt"
DATE = "2026-12-01"  # ND331 in force
SYSTEM = "cong-ttdt"  # approved (512/QĐ-SGTVT), no snapshot in the example
NEW_HOST = "192.0.2.99"


def _edit(ws: Path, system_id: str, change: Any) -> None:
    path = ws / "inventory.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(next(s for s in data["systems"] if s["id"] == system_id))
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """The example, with the approved scope of cong-ttdt recorded as it is now (no change yet)."""
    folder = tmp_path / "ws"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("runs", "reports", "*.pyc"))
    scope = {**scope_now(Workspace(folder).system(SYSTEM)), "recorded_on": "2023-05-18"}
    _edit(folder, SYSTEM, lambda s: s.setdefault("dossier", {}).update(scope_snapshot=scope))
    return folder


def _add_host(ws: Path) -> None:
    _edit(ws, SYSTEM, lambda s: s["hosts"].append({"address": NEW_HOST, "name": "api-congtt"}))


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _classify_json(ws: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, _err = _run(capsys, "classify", "-w", str(ws), "--date", DATE, "--format", "json")
    assert code == 0
    return {s["system_id"]: s for s in json.loads(out)["systems"]}


def _status_problems(ws: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    code, out, _err = _run(capsys, "status", "-w", str(ws), "--date", DATE, "-f", "json", "-s", SYSTEM)
    assert code == 0
    return json.loads(out)["systems"][0]["problems"]  # type: ignore[no-any-return]


def test_unchanged_system_raises_nothing(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    systems = _classify_json(ws, capsys)
    assert all(s["redetermination"] is None for s in systems.values())
    code, out, err = _run(capsys, "--lang", "vi", "classify", "-w", str(ws), "--date", DATE)
    assert code == 0 and "xác định lại cấp độ" not in out + err
    assert not any("xác định lại cấp độ" in p["vi"] for p in _status_problems(ws, capsys))


def test_new_host_raises_redetermination_in_every_format(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_host(ws)
    rule = load_rules().redetermination
    ref = rule.ref["nd331"]
    assert ref == "ND331 25"

    red = _classify_json(ws, capsys)[SYSTEM]["redetermination"]
    assert red["ref"] == ref and red["text"] == {"vi": rule.text.vi, "en": rule.text.en}
    assert red["snapshot_source"] == "inventory"
    assert [c["en"] for c in red["changes"]] == [f"new hosts or services: {NEW_HOST}"]
    others = _classify_json(ws, capsys)
    assert all(s["redetermination"] is None for sid, s in others.items() if sid != SYSTEM)

    code, out, err = _run(capsys, "--lang", "vi", "classify", "-w", str(ws), "--date", DATE)
    assert code == 0
    assert f"{rule.text.vi} ({ref})" in out and NEW_HOST in out
    assert f"cảnh báo: {SYSTEM}: {rule.text.vi} ({ref}): máy chủ, dịch vụ mới: {NEW_HOST}" in err

    code, out, err = _run(capsys, "--lang", "en", "classify", "-w", str(ws), "--date", DATE, "--format", "md")
    assert code == 0
    section = out.split(f"## {SYSTEM} ")[1].split("\n## ")[0]
    assert f"**{rule.text.en} ({ref})**" in section and f"- new hosts or services: {NEW_HOST}" in section
    assert f"warning: {SYSTEM}: {rule.text.en} ({ref}): new hosts or services: {NEW_HOST}" in err

    problems = _status_problems(ws, capsys)
    line = next(p for p in problems if ref in p["vi"])
    assert line["vi"] == f"{rule.text.vi} ({ref}): máy chủ, dịch vụ mới: {NEW_HOST}"
    assert line["en"] == f"{rule.text.en} ({ref}): new hosts or services: {NEW_HOST}"
    code, out, _err = _run(capsys, "--lang", "vi", "status", "-w", str(ws), "--date", DATE, "-f", "md")
    assert code == 0 and f"{rule.text.vi} ({ref})" in out


def test_new_subjects_and_functions_are_named(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def grow(system: dict[str, Any]) -> None:
        system["subjects_basic"] = 1200
        system["service_roles"] = ["integration"]

    _edit(ws, SYSTEM, grow)
    changes = [c["en"] for c in _classify_json(ws, capsys)[SYSTEM]["redetermination"]["changes"]]
    assert "basic data subjects grew from 0 to 1200" in changes
    assert "new functions: integration" in changes


def test_under_nd85_the_article_is_nd85s(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _add_host(ws)
    code, out, _err = _run(
        capsys, "classify", "-w", str(ws), "--date", DATE, "--regime", "nd85", "--format", "json"
    )
    assert code == 0
    red = next(s for s in json.loads(out)["systems"] if s["system_id"] == SYSTEM)["redetermination"]
    assert red["ref"] == load_rules().redetermination.ref["nd85"]
