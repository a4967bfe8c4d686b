"""``run --jobs``: the same files whatever the number of workers; the progress bar: on a terminal
only, on standard error only, never with ``--quiet`` (issue 17)."""

from __future__ import annotations

import io
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from attt_audit.app.parallel import map_ordered
from attt_audit.errors import InputError, NotFoundError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "so-gtvt"

# python-docx and openpyxl stamp the document's creation time; the only bytes allowed to differ
_DOCX_TIMES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def _tree(folder: Path) -> dict[str, bytes | dict[str, bytes]]:
    files: dict[str, bytes | dict[str, bytes]] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(folder).as_posix()
        if path.suffix in (".docx", ".xlsx"):  # zip members compared, without the creation times
            with zipfile.ZipFile(path) as z:
                files[rel] = {n: _DOCX_TIMES.sub(b"", z.read(n)) for n in z.namelist()}
        else:
            files[rel] = path.read_bytes()
    return files


def test_jobs_2_writes_the_same_files_as_jobs_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from attt_audit.app.run import run_assessment

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("runs"))
    outcomes = {}
    for jobs in (1, 2):
        seen: list[tuple[int, int, str]] = []
        outcomes[jobs] = run_assessment(
            workspace=ws,
            profile="level3",
            lang="vi",
            date="2026-11-30",
            out=tmp_path / f"jobs{jobs}",
            jobs=jobs,
            progress=lambda done, total, sid, seen=seen: seen.append((done, total, sid)),
        )
        total = len(outcomes[jobs].systems)
        assert total > 1
        assert [d for d, _, _ in seen] == list(range(1, total + 1))
        assert [s for _, _, s in seen] == [s.system for s in outcomes[jobs].systems]  # inventory order
    one, two = _tree(tmp_path / "jobs1"), _tree(tmp_path / "jobs2")
    assert list(one) == list(two)
    for name in one:
        assert one[name] == two[name], name
    assert [s.system for s in outcomes[1].systems] == [s.system for s in outcomes[2].systems]
    assert outcomes[1].systems == outcomes[2].systems


def _square(n: int) -> int:
    if n == 7:
        raise NotFoundError("no seven", location="item 7", expected="anything else")
    return n * n


def test_map_ordered_keeps_the_order_and_reports_each_item() -> None:
    seen: list[int] = []
    items = [5, 3, 9, 1, 4, 2, 8, 6]
    result = map_ordered(_square, items, jobs=3, on_done=lambda done, total, item: seen.append(done))
    assert result == [n * n for n in items]
    assert seen == list(range(1, len(items) + 1))
    assert map_ordered(_square, items, jobs=1) == result


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_user_error_in_a_worker_keeps_its_class_and_text(jobs: int) -> None:
    with pytest.raises(NotFoundError) as caught:
        map_ordered(_square, [1, 2, 7, 3], jobs=jobs)
    assert caught.value.render() == "item 7: no seven; expected anything else"
    assert isinstance(caught.value, InputError) is False


# ---------------------------------------------------------------------------- progress bar


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def cli_state(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from attt_audit.cli.common import state

    monkeypatch.setattr(state, "quiet", False)
    monkeypatch.setattr(state, "_err", None)
    return state


def test_no_bar_when_standard_error_is_not_a_terminal(cli_state, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from attt_audit.cli.progress import ProgressBar

    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    bar = ProgressBar("Assessing", delay=0)
    for done in range(1, 4):
        bar(done, 5, "x")
    bar.close()
    assert not bar.enabled and not bar.shown
    assert err.getvalue() == ""


def test_no_bar_with_quiet(cli_state, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from attt_audit.cli.progress import ProgressBar

    err = _Tty()
    monkeypatch.setattr(sys, "stderr", err)
    cli_state.quiet = True
    bar = ProgressBar("Assessing", delay=0)
    bar(1, 5, "x")
    bar.close()
    assert not bar.shown and err.getvalue() == ""


def test_no_bar_for_short_work(cli_state, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from attt_audit.cli.progress import ProgressBar

    monkeypatch.setattr(sys, "stderr", _Tty())
    bar = ProgressBar("Assessing")  # the default delay: nothing has taken 2 s yet
    bar(1, 5, "x")
    bar.close()
    assert bar.enabled and not bar.shown


def test_bar_on_a_terminal_goes_to_standard_error(cli_state, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console

    from attt_audit.cli.progress import ProgressBar

    err = _Tty()
    out = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(cli_state, "_err", Console(file=err, force_terminal=True, width=100))
    bar = ProgressBar("Assessing", delay=0)
    bar(1, 4, "portal")
    bar(2, 4, "docs")
    bar.close()
    assert bar.shown
    assert "2/4" in err.getvalue() and "Assessing" in err.getvalue()
    assert out.getvalue() == ""


def test_quiet_is_a_global_option_and_stdout_stays_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from attt_audit.cli import main
    from attt_audit.cli.common import state

    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("runs"))
    try:
        code = main(
            [
                "--quiet",
                "run",
                "-p",
                "level3",
                "-w",
                str(ws),
                "-f",
                "json",
                "--jobs",
                "2",
                "-o",
                str(tmp_path / "o"),
            ]
        )
        assert state.quiet is True
    finally:
        state.quiet = False
    captured = capsys.readouterr()
    assert code in (0, 1)
    assert "Đang đánh giá" not in captured.out + captured.err  # no bar drawn
    assert (tmp_path / "o" / "run.json").is_file()


def test_every_long_use_case_reports_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """render, diff, sign, verify and the annual report call ``progress(done, total, what)``."""
    from attt_audit.app.annual import annual_report
    from attt_audit.app.bundle import diff, sign_bundle, verify
    from attt_audit.app.render import render_results
    from attt_audit.app.run import run_assessment
    from attt_audit.signing import generate_keypair

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("runs"))
    runs = []
    for date in ("2025-11-20", "2026-11-20"):
        runs.append(
            run_assessment(
                workspace=ws, profile="level3", lang="vi", formats="json", date=date, jobs=1
            ).out_dir
        )
    systems = sorted(p.parent.name for p in runs[1].glob("*/result.json"))

    def recorder() -> tuple[list[tuple[int, int, str]], object]:
        seen: list[tuple[int, int, str]] = []
        return seen, lambda done, total, what: seen.append((done, total, what))

    def check(seen: list[tuple[int, int, str]], total: int) -> None:
        assert [d for d, _, _ in seen] == list(range(1, total + 1))
        assert {t for _, t, _ in seen} == {total}

    seen, progress = recorder()
    render_results([runs[1]], formats="md", out=tmp_path / "md", progress=progress)  # type: ignore[arg-type]
    check(seen, len(systems))
    assert sorted(w for _, _, w in seen) == systems

    seen, progress = recorder()
    diff(runs[0], runs[1], progress=progress)  # type: ignore[arg-type]
    check(seen, len(systems))

    generate_keypair(tmp_path / "k.key.pem", tmp_path / "k.pub.pem", b"secret passphrase")
    seen, progress = recorder()
    sign_bundle(runs[1], tmp_path / "k.key.pem", b"secret passphrase", progress=progress)  # type: ignore[arg-type]
    files = len(seen)
    check(seen, files)
    assert files >= len(systems) + 1  # every result.json and run.json
    seen, progress = recorder()
    assert verify(runs[1], tmp_path / "k.pub.pem", progress=progress).ok  # type: ignore[arg-type]
    check(seen, files)

    seen, progress = recorder()
    annual_report(ws, 2026, lang="vi", formats="json", out=tmp_path / "annual", progress=progress)  # type: ignore[arg-type]
    check(seen, len(systems))
