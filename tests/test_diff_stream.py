"""attt-audit diff, streamed: the JSON and Markdown written system by system are the whole-list text.

``write_diff`` / ``prepare_diff`` keep no change in memory (each system's changes are spooled as
soon as it is compared); their output must be byte for byte what ``json.dumps(indent=2)`` of the
whole diff and ``to_markdown`` give, for any number of systems, and a failure part-way must leave
no file behind.
"""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_diff import result  # the same two-year results as the whole-list tests

from attt_audit.cli import main
from attt_audit.diff import (
    CATEGORIES,
    RequirementChange,
    _change_json,
    change_rows,
    diff_runs,
    load_run,
    prepare_diff,
    summary_rows,
    to_json,
    to_markdown,
    write_diff,
)
from attt_audit.errors import InputError
from attt_audit.models import AssessmentResult, RequirementResult, RunSummary, RunSystemEntry, Status
from attt_audit.yamlio import atomic_write_text

STATUSES = list(Status)


def req(
    control: str, status: Status, *, level: int = 3, framework: str = "four-layer-model"
) -> RequirementResult:
    return RequirementResult(
        control=control,
        level=level,
        framework=framework,
        group="g",
        kind="layer",
        clause=f"Điều {len(control)}",
        refs=["ND85 20.1.b", 'TCVN "11930"'],
        title={"vi": f"Yêu cầu {control} | bảo đảm \\ an toàn", "en": f"Requirement {control}"},
        status=status,
        severity=["low", "medium", "high"][len(control) % 3],
        waived=control.endswith("1"),
    )


def write_run(folder: Path, results: list[AssessmentResult], on: dt.date) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for r in results:
        sid = r.system.id
        atomic_write_text(folder / sid / "result.json", r.model_dump_json(indent=2))
        entries.append(
            RunSystemEntry(system=sid, name=r.system.name, level=r.level, result=f"{sid}/result.json")
        )
    summary = RunSummary(
        run_id=folder.name,
        generated_at=dt.datetime(on.year, on.month, on.day, 9, tzinfo=dt.UTC),
        assessed_on=on,
        profile="level3",
        level=3,
        regime="nd85",
        lang="vi",
        tool_version="0",
        systems=entries,
    )
    atomic_write_text(folder / "run.json", summary.model_dump_json(indent=2))
    return folder


OLD_DAY, NEW_DAY = dt.date(2025, 11, 20), dt.date(2026, 11, 20)
# run order deliberately not sorted: Markdown sorts changes by system id, its table keeps run order
SYSTEM_IDS = ["zeta", "alpha", "mu", "cong-dich-vu", "beta", "b", "omega"]


def make_runs(root: Path, n: int, *, controls: int = 12) -> tuple[Path, Path]:
    """Two runs of ``n`` systems with every kind of change (and one system only in each run)."""
    olds, news = [], []
    for i in range(n):
        sid = SYSTEM_IDS[i] if i < len(SYSTEM_IDS) else f"sys-{i:04d}"
        old_reqs = [req(f"c{j}", STATUSES[(i + j) % len(STATUSES)]) for j in range(controls)]
        new_reqs = [req(f"c{j}", STATUSES[(i * 3 + j * 2) % len(STATUSES)]) for j in range(1, controls + 1)]
        level = 3 if i % 3 else 2
        catalog = {"four-layer-model": "2" if i % 2 else "1"}
        olds.append(result(sid, old_reqs, on=OLD_DAY, percent=40.0 + i))
        news.append(
            result(sid, new_reqs, on=NEW_DAY, level=level, catalog=catalog, percent=None if i == 2 else 55.5)
        )
    olds.append(result("old-only", [req("c1", Status.PASS)], on=OLD_DAY))
    news.append(result("new-only", [req("c1", Status.FAIL)], on=NEW_DAY))
    return (
        write_run(root / "runs" / "2025-11-20-level3", olds, OLD_DAY),
        write_run(root / "runs" / "2026-11-20-level3", news, NEW_DAY),
    )


def whole_json(old: Path, new: Path) -> str:
    """Today's text: the whole diff in memory, one json.dumps."""
    diff = diff_runs(load_run(old), load_run(new))
    return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("n", [0, 1, 2, 7], ids=["0-systems", "1-system", "2-systems", "7-systems"])
def test_streamed_json_is_the_whole_list_text(tmp_path: Path, n: int) -> None:
    old, new = make_runs(tmp_path, n)
    expected = whole_json(old, new)
    if n:
        assert json.loads(expected)["changes"]  # the case is not trivially empty
    out = tmp_path / "out" / "diff.json"
    summary = write_diff(load_run(old), load_run(new), "json", out)
    assert out.read_bytes() == expected.encode("utf-8")
    assert [p.name for p in out.parent.iterdir()] == ["diff.json"]  # no spool nor temp file left
    assert summary.counts() == json.loads(expected)["counts"]
    assert to_json(diff_runs(load_run(old), load_run(new))) == expected


def test_streamed_json_of_a_run_with_no_system(tmp_path: Path) -> None:
    empty = write_run(tmp_path / "empty", [], NEW_DAY)
    expected = whole_json(empty, empty)
    assert json.loads(expected)["changes"] == [] and json.loads(expected)["systems"] == []
    out = tmp_path / "diff.json"
    write_diff(load_run(empty), load_run(empty), "json", out)
    assert out.read_text(encoding="utf-8") == expected


def test_streamed_json_when_nothing_changed_has_only_unchanged(tmp_path: Path) -> None:
    old, _ = make_runs(tmp_path, 3)
    out = tmp_path / "diff.json"
    summary = write_diff(load_run(old), load_run(old), "json", out)
    assert out.read_text(encoding="utf-8") == whole_json(old, old)
    assert not summary.worse and summary.counts()["unchanged"] == sum(summary.counts().values())


@pytest.mark.parametrize("n", [0, 1, 2, 7])
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("include_unchanged", [False, True], ids=["changes", "all"])
def test_streamed_markdown_is_the_whole_list_text(
    tmp_path: Path, n: int, lang: str, include_unchanged: bool
) -> None:
    old, new = make_runs(tmp_path, n)
    expected = to_markdown(diff_runs(load_run(old), load_run(new)), lang, include_unchanged=include_unchanged)
    out = tmp_path / "diff.md"
    summary = write_diff(load_run(old), load_run(new), "md", out, lang, include_unchanged=include_unchanged)
    assert out.read_text(encoding="utf-8") == expected
    assert [s.system for s in summary.systems] == SYSTEM_IDS[:n]  # the run's order, not sorted
    if n == 7:
        by_system, changes = expected.rsplit("\n## ", 1)
        assert by_system.index("| zeta |") < by_system.index("| alpha |")  # run order
        assert changes.index("| alpha |") < changes.index("| zeta |")  # by id within a category


def test_streamed_markdown_without_any_change(tmp_path: Path) -> None:
    old, _ = make_runs(tmp_path, 2)
    out = tmp_path / "diff.md"
    write_diff(load_run(old), load_run(old), "md", out, "en")
    text = out.read_text(encoding="utf-8")
    assert text == to_markdown(diff_runs(load_run(old), load_run(old)), "en")
    assert text.endswith("## Changes\n\nNo changes.\n")


def test_summary_totals_match_the_whole_diff(tmp_path: Path) -> None:
    old, new = make_runs(tmp_path, 7)
    whole = diff_runs(load_run(old), load_run(new))
    with prepare_diff(load_run(old), load_run(new), "json") as prepared:
        summary = prepared.summary
    assert summary.counts() == whole.counts() and sum(whole.counts().values()) == len(whole.changes)
    assert summary.worse == whole.worse is True
    assert summary.systems == whole.systems
    assert (summary.systems_added, summary.systems_removed) == (["new-only"], ["old-only"])


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_stdout_gets_the_same_text(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    old, new = make_runs(tmp_path, 7)
    assert main(["diff", str(old), str(new), "--format", fmt]) == 0
    whole = diff_runs(load_run(old), load_run(new))
    expected = to_json(whole) if fmt == "json" else to_markdown(whole, "vi")
    assert capsys.readouterr().out == expected


def test_cli_streamed_file_and_fail_on_regression(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = make_runs(tmp_path, 7)
    out = tmp_path / "report" / "diff.json"
    code = main(["diff", str(old), str(new), "--format", "json", "--out", str(out), "--fail-on-regression"])
    assert code == 1  # something newly fails
    assert out.read_text(encoding="utf-8") == whole_json(old, new)
    assert str(out) in capsys.readouterr().out
    assert (
        main(
            [
                "diff",
                str(old),
                str(old),
                "--format",
                "md",
                "--out",
                str(out.with_suffix(".md")),
                "--fail-on-regression",
            ]
        )
        == 0
    )


# ----------------------------------------------------------------------------- failure part-way


def break_result(run: Path, system: str) -> Path:
    target = run / system / "result.json"
    data = json.loads(target.read_text(encoding="utf-8"))
    data["results"][0]["status"] = "bogus"
    target.write_text(json.dumps(data), encoding="utf-8")
    return target


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_failure_part_way_leaves_no_file(tmp_path: Path, fmt: str) -> None:
    old, new = make_runs(tmp_path, 7)
    broken = break_result(new, "beta")  # the 5th system in run order, 3rd by id
    out_dir = tmp_path / "out"
    out = out_dir / f"diff.{fmt}"
    with pytest.raises(InputError) as err:
        write_diff(load_run(old), load_run(new), fmt, out)
    assert err.value.location == str(broken)
    assert list(out_dir.iterdir()) == []  # no partial output, no temp file, no spool


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_failure_part_way_keeps_the_previous_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    old, new = make_runs(tmp_path, 7)
    out = tmp_path / f"diff.{fmt}"
    out.write_text("the previous diff\n", encoding="utf-8")
    broken = break_result(old, "mu")
    assert main(["diff", str(old), str(new), "--format", fmt, "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert str(broken) in captured.err and "Traceback" not in captured.err
    assert out.read_text(encoding="utf-8") == "the previous diff\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"diff.{fmt}", "runs"]


def test_failure_part_way_prints_nothing_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = make_runs(tmp_path, 7)
    break_result(new, "omega")  # the last system: everything before it was already compared
    assert main(["diff", str(old), str(new), "--format", "json"]) == 2
    assert capsys.readouterr().out == ""


def test_failure_while_writing_removes_the_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = make_runs(tmp_path, 3)
    out = tmp_path / "out" / "diff.json"
    with prepare_diff(load_run(old), load_run(new), "json", spool_dir=out.parent) as prepared:

        def full_disk(*args: object, **kwargs: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("attt_audit.diff.shutil.copyfileobj", full_disk)
        with pytest.raises(InputError) as err:
            prepared.write(out)
    assert err.value.location == str(out)  # the user's file, not the temp file
    assert list(out.parent.iterdir()) == []


# --------------------------------------------------------------------------- bounded memory


def peak_bytes(old: Path, new: Path, out: Path) -> int:
    runs = load_run(old), load_run(new)
    tracemalloc.start()
    try:
        write_diff(*runs, "json", out)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_does_not_grow_with_the_number_of_systems(tmp_path: Path) -> None:
    small = make_runs(tmp_path / "small", 6, controls=150)
    large = make_runs(tmp_path / "large", 48, controls=150)
    write_diff(load_run(small[0]), load_run(small[1]), "json", tmp_path / "warm-up.json")
    peak_small = peak_bytes(*small, tmp_path / "small.json")
    peak_large = peak_bytes(*large, tmp_path / "large.json")
    size_large = (tmp_path / "large.json").stat().st_size
    # holding the changes of 8× the systems would need several MB more than the small diff
    assert size_large > 2_000_000
    assert peak_large < 1.5 * peak_small, (peak_small, peak_large)


# -------------------------------------------------------------------- one change's JSON text

titles = st.dictionaries(st.text(max_size=5), st.text(), max_size=3)
optional_text = st.none() | st.text()
optional_int = st.none() | st.integers(min_value=-(2**70), max_value=2**70)


@settings(max_examples=300, deadline=None)
@given(
    system=st.text(),
    control=st.text(),
    category=st.sampled_from(CATEGORIES),
    title=titles,
    old_status=optional_text,
    new_status=optional_text,
    old_level=optional_int,
    new_level=optional_int,
    reference=st.text(),
    cause=optional_text,
    severity=st.text(),
    waived=st.booleans(),
)
def test_change_json_is_json_dumps_indent_2(**fields: object) -> None:
    change = RequirementChange(**fields)  # type: ignore[arg-type]
    expected = json.dumps(asdict(change), ensure_ascii=False, indent=2).replace("\n", "\n    ")
    assert _change_json(change) == "    " + expected


def test_change_json_other_value_types_fall_back_to_json_dumps() -> None:
    change = RequirementChange("s", "c", "added", {"vi": "x", "n": {"deep": [1, 2.5, None]}})  # type: ignore[dict-item]
    change.old_level = 2.0  # type: ignore[assignment]
    expected = json.dumps(asdict(change), ensure_ascii=False, indent=2).replace("\n", "\n    ")
    assert _change_json(change) == "    " + expected


# ----------------------------------------------------------------------- terminal table


@pytest.mark.parametrize("include_unchanged", [False, True], ids=["changes", "all"])
@pytest.mark.parametrize("rows_per_table", [1, 5, 1000])
def test_terminal_rows_are_change_rows_in_blocks(
    tmp_path: Path, include_unchanged: bool, rows_per_table: int
) -> None:
    from attt_audit.app.bundle import diff_change_tables
    from attt_audit.app.bundle import prepare_diff as prepare_use_case

    old, new = make_runs(tmp_path, 7)
    cats = CATEGORIES if include_unchanged else tuple(c for c in CATEGORIES if c != "unchanged")
    head, expected = change_rows(diff_runs(load_run(old), load_run(new)), "en", cats)
    with prepare_use_case(old, new, "table", "en", include_unchanged=include_unchanged) as prepared:
        blocks = list(diff_change_tables(prepared, "en", rows_per_table))
    assert all(h == head and 0 < len(rows) <= rows_per_table for h, rows in blocks)
    assert [row for _, rows in blocks for row in rows] == expected
    assert len(blocks) == -(-len(expected) // rows_per_table)


def test_terminal_table_output_is_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Under 1,000 changes the terminal shows what the whole-list version showed."""
    from attt_audit.cli.common import print_table, set_lang, state

    old, new = make_runs(tmp_path, 7)
    assert main(["--lang", "en", "diff", str(old), str(new)]) == 0
    streamed = capsys.readouterr().out
    set_lang("en")
    whole = diff_runs(load_run(old), load_run(new))
    state.console.print(
        f"Before: {whole.old} ({whole.old_date})   After: {whole.new} ({whole.new_date})", markup=False
    )
    state.console.print("Systems added: " + ", ".join(whole.systems_added))
    state.console.print("Systems removed: " + ", ".join(whole.systems_removed))
    print_table(*summary_rows(whole, "en"))
    print_table(*change_rows(whole, "en"))
    assert streamed == capsys.readouterr().out
    assert "Regressed" in streamed


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_terminal_shows_the_most_serious_changes_up_to_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """--limit N: the first N rows of the full table (most serious first), then how many are left
    out and how to see them all; --limit 0 shows every row, as the default does for a short diff."""
    old, new = make_runs(tmp_path, 7)
    head, expected = change_rows(diff_runs(load_run(old), load_run(new)), lang)
    assert len(expected) > 5
    assert main(["--lang", lang, "diff", str(old), str(new), "--limit", "5"]) == 0
    limited = capsys.readouterr().out
    assert main(["--lang", lang, "diff", str(old), str(new), "--limit", "0"]) == 0
    everything = capsys.readouterr().out
    assert main(["--lang", lang, "diff", str(old), str(new)]) == 0
    assert capsys.readouterr().out == everything  # a short diff is shown whole by default
    hidden = len(expected) - 5
    note = (
        f"… và {hidden} thay đổi khác không hiển thị"
        if lang == "vi"
        else f"… and {hidden} more changes not shown"
    )
    assert note in limited and "--limit 0" in limited
    assert note not in everything
    # exactly the first five rows of the full order, laid out as one table
    from attt_audit.cli.common import print_table, set_lang

    set_lang(lang)
    print_table(head, expected[:5])
    table = capsys.readouterr().out
    assert table in limited
    assert limited.index(table) + len(table) == limited.index("…")


def test_limit_must_not_be_negative(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = make_runs(tmp_path, 2)
    assert main(["diff", str(old), str(new), "--limit", "-1"]) == 2
    assert "--limit" in capsys.readouterr().err


def test_terminal_table_without_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, _ = make_runs(tmp_path, 2)
    assert main(["--lang", "en", "diff", str(old), str(old), "--fail-on-regression"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("No changes.")


# ------------------------------------------------------------------------- output path


@pytest.mark.parametrize("fmt", ["json", "md", "table"])
def test_output_that_is_a_folder_fails_before_comparing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    from attt_audit.app.bundle import prepare_diff as prepare_use_case

    old, new = make_runs(tmp_path, 3)
    folder = tmp_path / "taken"
    folder.mkdir()
    compared: list[str] = []
    with pytest.raises(InputError) as err:
        prepare_use_case(
            old, new, fmt, "vi", out=folder, progress=lambda done, total, sid: compared.append(sid)
        )
    assert err.value.location == str(folder) and "is a folder, not a file" in str(err.value)
    assert compared == []  # refused before any system was read
    assert main(["diff", str(old), str(new), "--format", fmt, "--out", str(folder)]) == 2
    assert f"{folder}: is a folder, not a file" in capsys.readouterr().err
    assert list(folder.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["runs", "taken"]


def test_output_under_a_file_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = make_runs(tmp_path, 2)
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    assert (
        main(["diff", str(old), str(new), "--format", "json", "--out", str(tmp_path / "plain" / "d.json")])
        == 2
    )
    err = capsys.readouterr().err
    assert "a file is in the way" in err and str(tmp_path / "plain") in err and "Traceback" not in err
