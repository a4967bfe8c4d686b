"""Hostile text never becomes live: Markdown escaping, evidence links, a dry run that sends nothing."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest

from attt_audit.cli import main
from attt_audit.probes.evidence import run_files
from attt_audit.render.markdown import escape_md, escape_md_cell
from attt_audit.signing import collect_evidence

HOSTILE_NAME = "<script>alert(1)</script> [x](javascript:alert(1)) | *b* `c`"

INVENTORY = f"""\
organisation: {{name: "Sở <b>Thử</b> [y](javascript:alert(2))"}}
systems:
  - id: portal
    name: "{HOSTILE_NAME}"
    declared_level: 2
    endpoints:
      - {{host: portal.example.gov.vn, port: 443}}
    hosts:
      - {{address: mail.example.gov.vn, allowed_ports: [25]}}
"""


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "inventory.yaml").write_text(INVENTORY, encoding="utf-8")
    return root


def test_escape_md_neutralises_html_links_and_tables() -> None:
    text = escape_md(HOSTILE_NAME)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert not re.search(r"(?<!\\)\]\(", text) and "\\[x\\](javascript:" in text
    assert "\\|" in text and "\\*b\\*" in text and "\\`c\\`" in text
    assert escape_md_cell("a\nb|c") == "a<br>b\\|c"


def test_classify_markdown_escapes_names(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["classify", "-w", str(ws), "--format", "md"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "<script>" not in out and "<b>" not in out
    assert not re.search(r"(?<!\\)\]\(", out)  # every "](" is escaped: no live link
    assert "&lt;script&gt;" in out
    table = [line for line in out.splitlines() if line.startswith("| `portal`")]
    assert len(table) == 1 and table[0].count(" | ") == 6  # the name's "|" did not add a column


def test_dry_run_sends_nothing_not_even_dns(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_dns(*args: object, **kwargs: object) -> object:
        raise AssertionError(f"DNS query during a dry run: {args}")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    monkeypatch.setattr(socket, "gethostbyname", no_dns)
    code = main(["--lang", "en", "probe", "-w", str(ws), "--all", "--dry-run"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "portal.example.gov.vn" in out and "mail.example.gov.vn" in out


def test_dry_run_still_refuses_a_malformed_host(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ws / "inventory.yaml").read_text(encoding="utf-8").replace("mail.example.gov.vn", "-oX")
    (ws / "inventory.yaml").write_text(text, encoding="utf-8")
    code = main(["--lang", "en", "probe", "-w", str(ws), "--all", "--dry-run"])
    _, err = capsys.readouterr()
    assert code == 2 and "'-oX' is not an IP address, a network or a host name" in err


def _bundle_with_linked_probe_folder(tmp_path: Path, ws: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.json").write_text('{"secret": true}', encoding="utf-8")
    (outside / "secret.txt").write_text("not cited", encoding="utf-8")
    probes = ws / "evidence" / "probes"
    probes.mkdir(parents=True)
    (probes / "portal").symlink_to(outside, target_is_directory=True)
    bundle = tmp_path / "run"
    (bundle / "portal").mkdir(parents=True)
    (bundle / "portal" / "result.json").write_text(json.dumps({"results": []}), encoding="utf-8")
    return bundle


def test_evidence_collection_never_follows_a_linked_folder_out(ws: Path, tmp_path: Path) -> None:
    bundle = _bundle_with_linked_probe_folder(tmp_path, ws)
    copied = collect_evidence(bundle, ws)
    names = [p.name for p in copied]
    assert "secret.json" not in names and "secret.txt" not in names
    assert not (bundle / "evidence").exists()
    assert run_files(ws / "evidence" / "probes", "portal") == []


def test_cited_evidence_through_a_linked_folder_is_not_copied(ws: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "doc.pdf").write_bytes(b"%PDF-1.4 outside")
    (ws / "evidence").mkdir()
    (ws / "evidence" / "docs").symlink_to(outside, target_is_directory=True)
    (ws / "evidence" / "mine.pdf").write_bytes(b"%PDF-1.4 inside")
    bundle = tmp_path / "run"
    (bundle / "portal").mkdir(parents=True)
    result = {"results": [{"evidence": ["docs/doc.pdf", "mine.pdf"]}]}
    (bundle / "portal" / "result.json").write_text(json.dumps(result), encoding="utf-8")
    copied = collect_evidence(bundle, ws)
    assert [p.name for p in copied if p.suffix == ".pdf"] == ["mine.pdf"]
