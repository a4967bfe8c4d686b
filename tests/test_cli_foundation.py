"""The foundation commands through the real entry point: exit codes and one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from attt_audit.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from attt_audit import __version__

    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"attt-audit {__version__}"


def test_catalog_lint_passes_on_bundled_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "catalog", "lint")
    assert code == 0, err
    assert out.startswith("catalog ok:")


def test_profile_show_level3_lists_four_layer_items(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", "en", "profile", "show", "level3")
    assert code == 0
    for cid in (
        "layer1.specialised-unit",
        "layer2.central-monitoring",
        "layer3.independent-assessment",
        "layer4.national-monitoring-link",
    ):
        assert cid in out


def test_catalog_show_missing_id_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--lang", "en", "catalog", "show", "no.such.control")
    assert code == 2
    assert out == ""
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines == [
        "error: no control 'no.such.control' in the catalog; expected an id listed by 'attt-audit catalog list'"
    ]


def test_catalog_show_known_control(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "show", "layer2.watch-and-reports")
    assert code == 0
    assert "TT31 5" in out
    assert "monitoring_retention_days = 30" in out


def test_unknown_profile(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--lang", "en", "profile", "show", "level9")
    assert code == 2
    assert "error: no profile 'level9'; expected one of " in err


def test_bad_lang_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--lang", "fr", "catalog", "list")
    assert code == 2
    assert "--lang 'fr' is not a language; expected vi or en" in err


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "catalog", "list", "--level", "9")
    assert code == 2
    assert "Invalid value for '--level'" in err


def test_broken_workspace_overlay_is_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "overlay").mkdir()
    (tmp_path / "overlay" / "ours.yaml").write_text(
        "overlay: {vi: 'Bổ sung', en: 'Additions'}\ncontrols:\n  - id: not.there\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "--lang", "en", "catalog", "list", "--workspace", str(tmp_path))
    assert code == 2
    assert f"{tmp_path / 'overlay' / 'ours.yaml'}:3:9: overlay names control 'not.there'" in err
    assert "Traceback" not in err


def test_schema_export_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from attt_audit.schemas import SCHEMAS

    code, _, _ = run(capsys, "schema", "--out", str(tmp_path))
    assert code == 0
    written = sorted(p.name for p in tmp_path.glob("*.schema.json"))
    assert written == sorted(f"{name}.schema.json" for name in SCHEMAS)
    for name, model in SCHEMAS.items():
        schema = json.loads((tmp_path / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert schema["$schema"].endswith("2020-12/schema")
        # the file is the model's own schema, unchanged by the trip to disk
        expected = model.model_json_schema(by_alias=True)
        assert {k: v for k, v in schema.items() if k not in ("$schema", "$id")} == expected


def test_schema_validates_bundled_checklists(tmp_path: Path) -> None:
    """The exported checklist schema accepts every bundled checklist (what an editor will check)."""
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema not installed (optional check)")
    import json

    from attt_audit.resources import data_dir
    from attt_audit.schemas import schema_of
    from attt_audit.yamlio import read_yaml

    schema = json.loads(json.dumps(schema_of("checklist")))
    for path in sorted(data_dir("checklists").glob("*.yaml")):
        data = json.loads(json.dumps(read_yaml(path).data, default=str))
        jsonschema.validate(data, schema)


def test_no_traceback_from_console_script(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "attt_audit", "profile", "show", "nope"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("lỗi: no profile 'nope'")


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from attt_audit.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('jinja2', 'docx', 'docxtpl', 'openpyxl', 'nmap', 'cryptography', 'pydantic') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "HEAVY:", proc.stdout


def test_every_command_runs_with_only_its_group_registered() -> None:
    """main() builds only the named command's group (start-up); GROUP_OF must name every command."""
    import typer

    from attt_audit.cli.main import GROUP_OF, GROUPS, _command_name, app_for

    seen: dict[str, object] = {}
    for group in GROUPS:
        probe_app = typer.Typer()
        group.register(probe_app)
        command = typer.main.get_command(probe_app)
        names = list(command.commands) if hasattr(command, "commands") else [command.name]
        for name in names:
            seen[name] = group
    assert seen == GROUP_OF
    assert _command_name(["--lang", "en", "--debug", "status", "-w", "x"]) == "status"
    assert _command_name(["--lang=vi", "report", "annual"]) == "report"
    assert _command_name(["--help"]) is None
    full = typer.main.get_command(app_for(["--help"]))
    slim = typer.main.get_command(app_for(["--lang", "en", "catalog", "stats"]))
    assert set(slim.commands) == {"catalog"} and len(full.commands) == len(set(GROUP_OF))  # type: ignore[attr-defined]
