"""``attt-audit init``: the annotated workspace template, never overwriting without --force."""

from __future__ import annotations

import re
import unicodedata
from importlib.resources import files
from pathlib import Path

import pytest
from pydantic import BaseModel

from attt_audit.cli import main
from attt_audit.models import Approval, Endpoint, Host, Inspection, Inventory, Organisation, System
from attt_audit.yamlio import load_model

TEMPLATE = files("attt_audit") / "workspace_template" / "inventory.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_creates_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    code, out, err = run(capsys, "init", str(ws))
    assert code == 0, err
    assert (ws / "inventory.yaml").read_bytes() == TEMPLATE.read_bytes()
    assert (ws / "answers").is_dir() and list((ws / "answers").iterdir()) == []
    assert (ws / "evidence").is_dir()
    assert "attt-audit classify --workspace" in out


def test_template_is_a_valid_inventory(tmp_path: Path) -> None:
    path = tmp_path / "inventory.yaml"
    path.write_bytes(TEMPLATE.read_bytes())
    inventory = load_model(Inventory, path)
    assert [s.id for s in inventory.systems] == ["he-thong-mau"]


def test_template_is_nfc_utf8_with_vietnamese_comments() -> None:
    text = TEMPLATE.read_bytes().decode("utf-8")
    assert unicodedata.normalize("NFC", text) == text
    assert "Điều" in text and "cấp độ" in text


MODELS: list[tuple[str, type[BaseModel]]] = [
    ("organisation", Organisation),
    ("system", System),
    ("approval", Approval),
    ("last_inspection", Inspection),
    ("host", Host),
    ("endpoint", Endpoint),
]


@pytest.mark.parametrize(("where", "model"), MODELS, ids=[w for w, _ in MODELS])
def test_template_names_every_field(where: str, model: type[BaseModel]) -> None:
    """Every inventory field appears in the template as a key (so every field is explained there)."""
    text = TEMPLATE.read_text(encoding="utf-8")
    keys = set(re.findall(r"^\s*(?:- )?([a-z_0-9]+):", text, flags=re.MULTILINE))
    missing = sorted(set(model.model_fields) - keys)
    assert missing == [], f"add these {where} fields to workspace_template/inventory.yaml: {missing}"


def test_template_every_field_has_a_comment() -> None:
    """Each key line of a system's facts is preceded by a comment or carries one."""
    lines = TEMPLATE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("id: he-thong-mau"))
    uncommented = []
    for i in range(start, len(lines)):
        line = lines[i]
        match = re.match(r"^    ([a-z_0-9]+):", line)
        if not match:
            continue
        previous = lines[i - 1].strip()
        if not (previous.startswith("#") or "#" in line or previous.startswith("- #")):
            uncommented.append(match.group(1))
    assert uncommented == []


def test_init_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    mine = "organisation:\n  name: Của tôi\n"
    (ws / "inventory.yaml").write_text(mine, encoding="utf-8")
    code, _, err = run(capsys, "--lang", "en", "init", str(ws))
    assert code == 2
    assert "inventory.yaml already exists and was left unchanged; expected another folder, or --force" in err
    assert (ws / "inventory.yaml").read_text(encoding="utf-8") == mine
    assert not (ws / "answers").exists()


def test_init_force_keeps_a_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    mine = "organisation:\n  name: Của tôi\n"
    (ws / "inventory.yaml").write_text(mine, encoding="utf-8")
    code, out, _ = run(capsys, "init", str(ws), "--force")
    assert code == 0
    assert (ws / "inventory.yaml").read_bytes() == TEMPLATE.read_bytes()
    backups = list(ws.glob("inventory.yaml.bak-*"))
    assert len(backups) == 1
    assert backups[0].read_text(encoding="utf-8") == mine
    assert "Tệp cũ được giữ tại" in out


def test_init_on_a_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "--lang", "en", "init", str(target))
    assert code == 2
    assert f"{target}: is not a folder" in err


def test_classify_works_on_the_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    assert run(capsys, "init", str(ws))[0] == 0
    code, out, err = run(capsys, "classify", "--workspace", str(ws), "--format", "md", "--date", "2026-11-23")
    assert code == 0, err
    assert "| `he-thong-mau` |" in out
    assert "ND331 12.1" in out
    assert "30/06/2027" in out  # next inspection: last one + 24 months
    code, out, _ = run(capsys, "classify", "--workspace", str(ws), "--date", "2026-11-23")
    assert code == 0
    assert "he-thong-mau" in out
