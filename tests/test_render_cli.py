"""``attt-audit render``: reports again from saved result.json files."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_render import make_result

from attt_audit.cli import main
from attt_audit.render import render_reports


def _run_folder(tmp_path: Path) -> Path:
    run = tmp_path / "run"
    for system in ("portal", "dvc"):
        base = make_result()
        result = base.model_copy(update={"system": base.system.model_copy(update={"id": system})})
        render_reports(result, ["json"], "vi", run / system)
    return run


def test_renders_beside_each_result_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = _run_folder(tmp_path)
    assert main(["render", str(run), "--lang", "en", "-f", "html,md"]) == 0
    for system in ("portal", "dvc"):
        assert sorted(p.name for p in (run / system).iterdir()) == [
            "gap-report.html",
            "gap-report.md",
            "result.json",
        ]
    assert "gap-report.html" in capsys.readouterr().out


def test_out_folder_and_templates(tmp_path: Path) -> None:
    import shutil

    from attt_audit.resources import data_dir

    run = _run_folder(tmp_path)
    templates = tmp_path / "tpl"
    shutil.copytree(data_dir("reports"), templates)
    page = templates / "gap" / "report.md.j2"
    page.write_text("# RIÊNG {{ system.id }}\n", encoding="utf-8")
    code = main(
        [
            "render",
            str(run / "dvc" / "result.json"),
            "-f",
            "md",
            "-o",
            str(tmp_path / "out"),
            "--templates",
            str(templates),
        ]
    )
    assert code == 0
    assert (tmp_path / "out" / "dvc" / "báo-cáo-đánh-giá.md").read_text(encoding="utf-8") == "# RIÊNG dvc\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "pdf"], "unknown report format 'pdf'; expected one of json, html, md, docx"),
        (["--lang", "fr"], "--lang 'fr' is not a language"),
    ],
    ids=["format", "lang"],
)
def test_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    run = _run_folder(tmp_path)
    assert main(["render", str(run), *args]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"x": 1}', "not an assessment result: tool_version: Field required"),
        ("not json", "not an assessment result"),
    ],
    ids=["wrong-shape", "not-json"],
)
def test_bad_result_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    bad = tmp_path / "result.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["render", str(bad)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert str(bad) in err
    assert message in err


def test_folder_without_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["render", str(tmp_path / "empty")]) == 2
    assert "no result.json in this folder" in capsys.readouterr().err
