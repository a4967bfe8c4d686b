"""Golden results for the bundled example workspace (examples/so-gtvt), assessed on a pinned date.

After an intended change (catalog, engine rules, example answers) regenerate with
``pytest tests/test_engine_golden.py --update-golden`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from example_documents import assess_as_run

from attt_audit.catalog import load_catalog, load_profiles
from attt_audit.engine import Engine
from attt_audit.models import AssessmentResult, Status

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "so-gtvt"
GOLDEN = Path(__file__).resolve().parent / "golden" / "so-gtvt"
DATE = dt.date(2026, 11, 23)
SYSTEMS = ["cong-ttdt", "qlvb-dh", "dvc-truc-tuyen", "camera-gt", "gplx-sat-hach"]
VOLATILE = ("generated_at", "tool_version")


@pytest.fixture(scope="module")
def results() -> dict[str, AssessmentResult]:
    return assess_as_run(Engine(load_catalog(), load_profiles(EXAMPLE), "level3", today=DATE))


def canonical(result: AssessmentResult) -> dict[str, Any]:
    data = json.loads(result.model_dump_json())
    for key in VOLATILE:
        data.pop(key, None)
    return data


@pytest.mark.parametrize("system", SYSTEMS)
def test_golden(results: dict[str, AssessmentResult], system: str, request: pytest.FixtureRequest) -> None:
    path = GOLDEN / f"{system}.json"
    got = canonical(results[system])
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(got, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    assert path.is_file(), f"no golden file {path}: run pytest {__file__} --update-golden"
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert got == expected


def test_example_shows_every_kind_of_result(results: dict[str, AssessmentResult]) -> None:
    """The example is meant to demonstrate the engine: every status, conflicts, waivers both ways."""
    every = [r for res in results.values() for r in res.results]
    assert {r.status for r in every} == set(Status)
    methods = {r.methods[0] for r in every if r.methods}
    assert methods >= {"answer", "probe", "condition"}
    # On DATE (after 19/08/2026) the ND85 duties no longer bind (issue 12): they are listed as not
    # binding; inventory-decided duties come back with the ND331 duty set when the catalog has it.
    ended = {n.control for res in results.values() for n in res.not_binding}
    assert "inventory" in methods or {"duty.level-approval", "duty.periodic-inspection"} <= ended
    assert any(r.status is Status.NA and r.methods == ["answer"] for r in every)  # N/A with justification
    conflicts = {(res.system.id, r.control) for res in results.values() for r in res.results if r.conflicts}
    assert ("dvc-truc-tuyen", "design.waf") in conflicts  # answered Đạt, the HTTP probe disagrees
    assert ("camera-gt", "net.external-access") in conflicts  # answered Đạt, database port found open
    states = {r.waiver.state for r in every if r.waiver}
    assert states == {"active", "expired"}
    assert [r.level for r in results.values()] == [2, 2, 3, 3, 3]
    for res in results.values():
        assert res.remediation and all(i.owner == "" for i in res.remediation)
        assert any(r.evidence for r in res.results)


@pytest.mark.parametrize(("lang", "stem"), [("vi", "báo-cáo-đánh-giá"), ("en", "gap-report")])
def test_readme_command_on_the_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, stem: str
) -> None:
    """README's first command, with the cheap formats, in both languages; run.json ties it together."""
    from attt_audit.cli import main

    out = tmp_path / "out"
    args = ["run", "--profile", "level3", "--workspace", str(EXAMPLE), "--format", "json,md", "--lang", lang]
    code = main([*args, "--out", str(out), "--date", DATE.isoformat()])
    _, err = capsys.readouterr()
    assert code == 0, err
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert [s["system"] for s in summary["systems"]] == SYSTEMS
    for entry in summary["systems"]:
        assert entry["files"] == [f"{entry['system']}/result.json", f"{entry['system']}/{stem}.md"]
        assert (out / entry["system"] / f"{stem}.md").is_file()
