"""Help in Vietnamese under --lang vi, the command list in workflow order, shell completion."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer

from attt_audit.cli import main
from attt_audit.cli.help_vi import translate
from attt_audit.cli.main import WORKFLOW, app


def test_every_help_text_has_its_vietnamese_line() -> None:
    missing = translate(typer.main.get_command(app))
    assert missing == [], "add these to attt_audit/cli/help_vi.py HELP_VI:\n" + "\n".join(missing)


def _listed(out: str) -> list[str]:
    lines = out.split("Commands:", 1)[1].splitlines()
    return [line.split()[0] for line in lines if line.startswith("  ") and not line.startswith("   ")]


def test_help_in_vietnamese_lists_commands_in_workflow_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "vi", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Đánh giá hệ thống thông tin theo chế độ bảo đảm an toàn" in out
    assert "Hiện hướng dẫn này rồi thoát." in out
    assert _listed(out) == list(WORKFLOW)
    assert main(["--lang=vi", "questionnaire", "new", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Ghi bảng câu hỏi của một hệ thống" in out and "Mã hệ thống trong inventory.yaml." in out
    assert main(["--help"]) == 0  # English unless asked
    out = capsys.readouterr().out
    assert "Audit information systems" in out and _listed(out) == list(WORKFLOW)


def test_vietnamese_help_and_version_stay_light() -> None:
    code = (
        "import sys\n"
        "from attt_audit.cli import main\n"
        "main(['--lang', 'vi', '--help'])\n"
        "heavy = [m for m in ('jinja2', 'docx', 'openpyxl', 'nmap', 'cryptography', 'pydantic') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "HEAVY:", proc.stdout


def test_shell_completion_is_offered(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "--install-completion" in capsys.readouterr().out
    proc = subprocess.run(
        [sys.executable, "-m", "attt_audit", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        env={"SHELL": "/bin/bash", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "_attt_audit_completion" in proc.stdout or "complete" in proc.stdout
