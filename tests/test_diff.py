"""attt-audit diff: categories, catalog-driven additions and removals, loading, outputs, CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from attt_audit.cli import main
from attt_audit.diff import (
    ResultFiles,
    RunResults,
    categorise,
    diff_runs,
    load_run,
    to_json,
    to_markdown,
    write_json,
)
from attt_audit.errors import InputError
from attt_audit.models import AssessmentResult, RequirementResult, RunSummary, RunSystemEntry, Score, Status
from attt_audit.yamlio import atomic_write_text

P, PA, F, NA, NS = Status.PASS, Status.PARTIAL, Status.FAIL, Status.NA, Status.NOT_ASSESSED


def req(
    control: str, status: Status, level: int = 3, framework: str = "four-layer-model"
) -> RequirementResult:
    return RequirementResult(
        control=control,
        level=level,
        framework=framework,
        group="g",
        kind="layer",
        refs=["ND85 20.1.b"],
        title={"vi": f"Yêu cầu {control}", "en": f"Requirement {control}"},
        status=status,
    )


def result(
    system: str,
    reqs: list[RequirementResult],
    *,
    on: dt.date = dt.date(2026, 11, 20),
    level: int = 3,
    catalog: dict[str, str] | None = None,
    percent: float | None = 50.0,
) -> AssessmentResult:
    return AssessmentResult(
        tool_version="0",
        generated_at=dt.datetime(on.year, on.month, on.day, 9, tzinfo=dt.UTC),
        assessed_on=on,
        regime="nd85",
        profile=f"level{level}",
        level=level,
        organisation={"name": "Sở Giao thông vận tải"},
        system={"id": system, "name": f"Hệ thống {system}"},
        catalog=catalog if catalog is not None else {"four-layer-model": "1"},
        results=reqs,
        scores=[Score(scope="overall", percent=percent)],
    )


def write_run(folder: Path, results: list[AssessmentResult], run_id: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for r in results:
        sid = r.system.id
        atomic_write_text(folder / sid / "result.json", r.model_dump_json(indent=2))
        entries.append(
            RunSystemEntry(system=sid, name=r.system.name, level=r.level, result=f"{sid}/result.json")
        )
    first = results[0]
    summary = RunSummary(
        run_id=run_id or folder.name,
        generated_at=first.generated_at,
        assessed_on=first.assessed_on,
        profile=first.profile,
        level=first.level,
        regime=first.regime,
        lang="vi",
        tool_version="0",
        systems=entries,
    )
    atomic_write_text(folder / "run.json", summary.model_dump_json(indent=2))
    return folder


TRANSITIONS = [
    (P, P, "unchanged"),
    (F, F, "unchanged"),
    (NA, NA, "unchanged"),
    (P, F, "newly_failing"),
    (PA, F, "newly_failing"),
    (NS, F, "newly_failing"),
    (NA, F, "newly_failing"),
    (P, PA, "regressed"),
    (F, P, "fixed"),
    (PA, P, "fixed"),
    (F, PA, "improved"),
    (P, NS, "changed"),
    (NS, P, "changed"),
    (F, NA, "changed"),
    (NA, PA, "changed"),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), TRANSITIONS, ids=[f"{o}->{n}" for o, n, _ in TRANSITIONS]
)
def test_categorise_every_transition(old: Status, new: Status, expected: str) -> None:
    assert categorise(old, new) == expected


def test_every_status_pair_has_exactly_one_category() -> None:
    for old in Status:
        for new in Status:
            assert categorise(old, new) in {
                "newly_failing",
                "regressed",
                "fixed",
                "improved",
                "unchanged",
                "changed",
            }


@pytest.fixture
def two_runs(tmp_path: Path) -> tuple[Path, Path]:
    old = write_run(
        tmp_path / "runs" / "2025-11-20-level3",
        [
            result(
                "portal",
                [req("a", P), req("b", F), req("c", P), req("d", PA), req("gone", F)],
                on=dt.date(2025, 11, 20),
                percent=40.0,
            ),
            result("legacy", [req("a", P)], on=dt.date(2025, 11, 20)),
        ],
    )
    new = write_run(
        tmp_path / "runs" / "2026-11-20-level3",
        [
            result(
                "portal",
                [req("a", F), req("b", P), req("c", P), req("d", PA), req("new-ctl", NS)],
                catalog={"four-layer-model": "2"},
                percent=55.5,
            ),
            result("dms", [req("a", P)]),
        ],
    )
    return old, new


def test_diff_runs_categories_and_causes(two_runs: tuple[Path, Path]) -> None:
    diff = diff_runs(load_run(two_runs[0]), load_run(two_runs[1]))
    cats = {(c.system, c.control): c.category for c in diff.changes}
    assert cats == {
        ("portal", "a"): "newly_failing",
        ("portal", "b"): "fixed",
        ("portal", "c"): "unchanged",
        ("portal", "d"): "unchanged",
        ("portal", "new-ctl"): "added",
        ("portal", "gone"): "removed",
    }
    added = diff.by_category("added")[0]
    assert added.cause == "catalog" and added.new_status == "not_assessed"
    assert diff.systems_added == ["dms"] and diff.systems_removed == ["legacy"]
    portal = diff.for_system("portal")
    assert portal is not None
    assert portal.delta == 15.5
    assert portal.catalog_changes == {"four-layer-model": ["1", "2"]}
    assert diff.worse


def test_added_requirement_caused_by_level_change(tmp_path: Path) -> None:
    old = write_run(tmp_path / "o", [result("s", [req("a", P, level=2)], level=2)])
    new = write_run(tmp_path / "n", [result("s", [req("a", P), req("l3-only", F)], level=3)])
    diff = diff_runs(load_run(old), load_run(new))
    added = diff.by_category("added")
    assert [(c.control, c.cause) for c in added] == [("l3-only", "level")]
    assert not diff.worse


def test_regressed_and_improved(tmp_path: Path) -> None:
    old = write_run(tmp_path / "o", [result("s", [req("a", P), req("b", F)])])
    new = write_run(tmp_path / "n", [result("s", [req("a", PA), req("b", PA)])])
    diff = diff_runs(load_run(old), load_run(new))
    assert {c.control: c.category for c in diff.changes} == {"a": "regressed", "b": "improved"}


def test_load_single_result_and_run_name(two_runs: tuple[Path, Path], tmp_path: Path) -> None:
    single = load_run(two_runs[1] / "portal" / "result.json")
    assert list(single.results) == ["portal"]
    by_name = load_run(Path("2026-11-20-level3"), workspace=tmp_path)
    assert by_name.run_id == "2026-11-20-level3"


def test_markdown_and_json_outputs(two_runs: tuple[Path, Path]) -> None:
    diff = diff_runs(load_run(two_runs[0]), load_run(two_runs[1]))
    md = to_markdown(diff, "vi")
    assert "| portal | Mới không đạt | a |" in md
    assert "Yêu cầu mới (bộ yêu cầu thay đổi)" in md
    assert "Hệ thống mới: dms" in md
    data = json.loads(to_json(diff))
    assert data["counts"]["newly_failing"] == 1 and data["counts"]["fixed"] == 1
    assert data["systems"][0]["delta"] == 15.5


@pytest.mark.parametrize(
    ("fmt", "needle"),
    [("table", "Newly failing"), ("md", "| portal | Newly failing | a |"), ("json", '"newly_failing": 1')],
    ids=["table", "markdown", "json"],
)
def test_cli_diff_formats(
    two_runs: tuple[Path, Path], capsys: pytest.CaptureFixture[str], fmt: str, needle: str
) -> None:
    code = main(["--lang", "en", "diff", str(two_runs[0]), str(two_runs[1]), "--format", fmt])
    out = capsys.readouterr().out
    assert code == 0
    assert needle in out


def test_cli_diff_fail_on_regression_exit_code(two_runs: tuple[Path, Path]) -> None:
    assert main(["diff", str(two_runs[0]), str(two_runs[1]), "--fail-on-regression"]) == 1
    assert main(["diff", str(two_runs[0]), str(two_runs[0]), "--fail-on-regression"]) == 0


def test_cli_diff_writes_output_file(two_runs: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "diff.md"
    assert main(["diff", str(two_runs[0]), str(two_runs[1]), "--format", "md", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# So sánh kết quả đánh giá")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "no such run"),
        ("empty", "no run.json or result.json in this folder"),
        ("badjson", "not readable JSON"),
        ("badmodel", "not a valid AssessmentResult"),
    ],
    ids=["missing", "empty-folder", "bad-json", "bad-model"],
)
def test_diff_input_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: str, message: str
) -> None:
    target = tmp_path / "x"
    if setup == "empty":
        target.mkdir()
    elif setup == "badjson":
        target.mkdir()
        (target / "result.json").write_text("{nope", encoding="utf-8")
    elif setup == "badmodel":
        target.mkdir()
        (target / "result.json").write_text('{"level": "x"}', encoding="utf-8")
    code = main(["diff", str(target), str(target)])
    assert code == 2
    assert message in capsys.readouterr().err


# ---------------------------------------------------------------------- bounded memory, streaming


def test_json_streamed_equals_one_document(two_runs: tuple[Path, Path], tmp_path: Path) -> None:
    diff = diff_runs(load_run(two_runs[0]), load_run(two_runs[1]))
    whole = json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"
    assert to_json(diff) == whole
    out = tmp_path / "out" / "diff.json"
    write_json(diff, out)
    assert out.read_text(encoding="utf-8") == whole
    assert [p.name for p in out.parent.iterdir()] == ["diff.json"]  # no temp file left behind


def test_json_streamed_without_changes(tmp_path: Path) -> None:
    old = write_run(tmp_path / "o", [result("s", [])])
    diff = diff_runs(load_run(old), load_run(old))
    assert diff.changes == []
    assert to_json(diff) == json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"


def test_load_run_reads_results_only_when_used(two_runs: tuple[Path, Path]) -> None:
    run = load_run(two_runs[1])
    assert isinstance(run.results, ResultFiles)
    assert list(run.results) == ["portal", "dms"] and "dms" in run.results and len(run.results) == 2
    broken = two_runs[1] / "portal" / "result.json"
    original = AssessmentResult.model_validate_json(broken.read_bytes())
    assert run.results["portal"] == original  # the full result, validated
    data = json.loads(broken.read_text(encoding="utf-8"))
    data["results"][0]["status"] = "bogus"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as err:
        diff_runs(load_run(two_runs[0]), run)
    assert err.value.location == str(broken)
    assert "not a valid AssessmentResult" in str(err.value) and "status" in str(err.value)


def test_diff_of_plain_result_objects_matches_files(two_runs: tuple[Path, Path]) -> None:
    old, new = load_run(two_runs[0]), load_run(two_runs[1])
    eager = [
        RunResults(r.source, r.run_id, r.assessed_on, {sid: r.results[sid] for sid in r.results}, r.summary)
        for r in (old, new)
    ]
    assert to_json(diff_runs(*eager)) == to_json(diff_runs(old, new))


def test_bad_json_in_a_listed_result_names_the_file(two_runs: tuple[Path, Path]) -> None:
    target = two_runs[0] / "legacy" / "result.json"
    target.write_text("{nope", encoding="utf-8")
    run = load_run(two_runs[0])  # run.json is fine; the result is read when used
    with pytest.raises(InputError) as err:
        run.results["legacy"]
    assert err.value.location == str(target) and "not readable JSON" in str(err.value)
