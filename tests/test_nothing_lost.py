"""Nothing a user made is overwritten or silently dropped (README "Nothing is lost").

Each test here proves one promise of that section: the workbook with answers not yet
imported, run folders, signed folders, probe evidence across runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_questionnaire import use_tiny_catalog

from attt_audit.cli import main


def _new_xlsx(ws: Path, *extra: str) -> int:
    return main(["questionnaire", "new", "-s", "web", "-p", "tiny3", "-f", "xlsx", "-w", str(ws), *extra])


def test_questionnaire_new_keeps_a_workbook_with_answers_not_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = use_tiny_catalog(tmp_path, monkeypatch)
    assert _new_xlsx(ws) == 0
    xlsx = ws / "questionnaires" / "web.xlsx"
    # Regenerating an untouched workbook is fine: it holds nothing the answers file lacks.
    assert _new_xlsx(ws) == 0
    assert sorted(p.name for p in xlsx.parent.iterdir()) == ["web.xlsx"]
    wb = load_workbook(xlsx)
    wb["Mạng"]["D3"] = "Đạt"
    wb["Mạng"]["F3"] = "siem.png"
    wb.save(xlsx)
    edited = xlsx.read_bytes()
    capsys.readouterr()
    assert _new_xlsx(ws) == 2
    err = capsys.readouterr().err
    assert "holds answers not yet imported (Mạng!A3: net.firewall/3/q2)" in " ".join(err.split())
    assert "questionnaire import" in err and "--force" in err
    assert xlsx.read_bytes() == edited
    # --force copies it beside itself first, then writes the new one.
    assert _new_xlsx(ws, "--force") == 0
    assert "đã sao lưu vào" in capsys.readouterr().err
    backups = sorted(xlsx.parent.glob("web.*.bak.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == edited
    assert backups[0].name.count(".") == 3 and len(backups[0].name.split(".")[1]) == len("20261201-103000")
    assert load_workbook(xlsx)["Mạng"]["D3"].value is None
    # After importing, the same edits are in the answers file: regenerating is allowed again.
    wb = load_workbook(backups[0])
    wb.save(xlsx)
    assert main(["questionnaire", "import", str(xlsx), "-w", str(ws)]) == 0
    assert _new_xlsx(ws) == 0
    assert load_workbook(xlsx)["Mạng"]["D3"].value == "Đạt"


def test_questionnaire_new_keeps_a_foreign_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    ws = use_tiny_catalog(tmp_path, monkeypatch)
    xlsx = ws / "questionnaires" / "web.xlsx"
    xlsx.parent.mkdir()
    wb = Workbook()
    wb.active["A1"] = "my own notes"  # type: ignore[index]
    wb.save(xlsx)
    before = xlsx.read_bytes()
    assert _new_xlsx(ws) == 2
    assert "not yet imported" in capsys.readouterr().err
    assert xlsx.read_bytes() == before


# ------------------------------------------------------------------------------ run folders

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "so-gtvt"
RUN = ["run", "-p", "level3", "-f", "json", "--date", "2026-11-23", "-s", "cong-ttdt"]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def example_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    ws = tmp_path_factory.mktemp("nothing-lost") / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("runs", "reports", "*.pyc"))
    assert main([*RUN, "-w", str(ws)]) == 0
    return ws


def test_second_run_the_same_day_gets_its_own_folder(example_ws: Path) -> None:
    import json

    first = example_ws / "runs" / "2026-11-23-level3"
    before = _tree(first)
    assert main([*RUN, "-w", str(example_ws)]) == 0
    second = example_ws / "runs" / "2026-11-23-level3-2"
    assert (second / "cong-ttdt" / "result.json").is_file()
    assert json.loads((second / "run.json").read_text(encoding="utf-8"))["run_id"] == second.name
    assert _tree(first) == before


def test_run_out_into_a_folder_holding_files_needs_force(
    example_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("notes", encoding="utf-8")
    capsys.readouterr()
    assert main([*RUN, "-w", str(example_ws), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "the output folder is not empty; nothing was written" in err and "--force" in err
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
    assert main([*RUN, "-w", str(example_ws), "-o", str(out), "--force"]) == 0
    assert (out / "mine.txt").read_text(encoding="utf-8") == "notes"
    assert (out / "cong-ttdt" / "result.json").is_file()


def test_failed_run_leaves_no_half_written_folder(example_ws: Path, tmp_path: Path) -> None:
    import shutil

    ws = tmp_path / "ws"
    shutil.copytree(example_ws, ws, ignore=shutil.ignore_patterns("runs"))
    (ws / "answers" / "cong-ttdt.yaml").write_text("system: other\nanswers: {}\n", encoding="utf-8")
    assert main([*RUN, "-w", str(ws)]) == 2
    assert not (ws / "runs").exists() or list((ws / "runs").iterdir()) == []


def test_annual_report_finds_the_last_run_of_the_day(tmp_path: Path) -> None:
    import datetime as dt
    import json

    from attt_audit.annual import find_run
    from attt_audit.workspace import Workspace

    ws = Workspace(tmp_path)
    for name, generated in [
        ("2026-11-23-level3", "2026-11-23T01:00:00Z"),
        ("2026-11-23-level3-9", "2026-11-23T02:00:00Z"),
        ("2026-11-23-level3-10", "2026-11-23T03:00:00Z"),
        ("2026-11-20-level3", "2026-11-24T03:00:00Z"),
    ]:
        (tmp_path / "runs" / name).mkdir(parents=True)
        (tmp_path / "runs" / name / "run.json").write_text(
            json.dumps({"assessed_on": name[:10], "generated_at": generated}), encoding="utf-8"
        )
    found = find_run(ws, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert found is not None and found.name == "2026-11-23-level3-10"


# ------------------------------------------------------------------------------ signed folders


def test_a_signed_folder_is_read_only_to_the_tool(
    example_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    pf = tmp_path / "pass.txt"
    pf.write_bytes(b"correct horse battery staple")
    key = tmp_path / "k"
    assert main(["keys", "generate", str(key), "--passphrase-file", str(pf)]) == 0
    bundle = tmp_path / "bundle"
    shutil.copytree(example_ws / "runs" / "2026-11-23-level3", bundle)
    sign = [
        "sign",
        str(bundle),
        "--key",
        f"{key}.key.pem",
        "--passphrase-file",
        str(pf),
        "-w",
        str(example_ws),
    ]
    assert main(sign) == 0
    before = _tree(bundle)
    capsys.readouterr()
    for args in (
        ["render", str(bundle), "-f", "md"],
        ["render", str(bundle / "cong-ttdt" / "result.json"), "-f", "md"],
        [*RUN, "-w", str(example_ws), "-o", str(bundle), "--force"],
        [
            "report",
            "annual",
            "--year",
            "2026",
            "-w",
            str(example_ws),
            "--out",
            str(bundle),
            "--format",
            "json",
        ],
    ):
        assert main(args) == 2, args
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1, err
        assert str(bundle) in err and "is signed" in err and "--out" in err, err
        assert _tree(bundle) == before
    assert main(["verify", str(bundle)]) == 0
    # Elsewhere is fine.
    assert main(["render", str(bundle), "-f", "md", "-o", str(tmp_path / "again")]) == 0
    assert list((tmp_path / "again" / "cong-ttdt").glob("*.md"))


# ------------------------------------------------------------------------------ probe evidence


def _narrow_http_run(ws: Path, system: str, when: str) -> Path:
    """A later probe run of the http kind only (``probe -k http``): HSTS now passes."""
    import json

    src = sorted((ws / "evidence" / "probes" / system).glob("*.json"))[0]
    run = json.loads(src.read_text(encoding="utf-8"))
    obs = [dict(o, observed_at=when) for o in run["observations"] if o["probe"] == "http"]
    for o in obs:
        if o["check"] == "http.hsts":
            o["result"] = "pass"
    run.update(started_at=when, finished_at=when, observations=obs, artifacts={})
    stem = when.replace("-", "").replace(":", "")[:15] + "000Z"
    path = src.with_name(f"{stem}.json")
    path.write_text(json.dumps(run), encoding="utf-8")
    return path


def test_a_narrower_probe_does_not_hide_earlier_evidence(tmp_path: Path) -> None:
    import datetime as dt
    import shutil

    from attt_audit.probes.evidence import accumulated

    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE / "evidence", ws / "evidence")
    first = sorted((ws / "evidence" / "probes" / "cong-ttdt").glob("*.json"))[0]
    later = _narrow_http_run(ws, "cong-ttdt", "2026-11-20T03:00:00Z")
    run = accumulated(ws, "cong-ttdt", today=dt.date(2026, 11, 23))
    assert run is not None
    kinds = {o.probe for o in run.observations}
    assert kinds == {"ports", "tls", "http"}
    by = {(o.check, o.target): o for o in run.observations}
    assert len(by) == len(run.observations)  # one observation per check and target
    hsts = next(o for o in run.observations if o.check == "http.hsts")
    assert hsts.result == "pass" and hsts.run == later.relative_to(ws).as_posix()
    telnet = next(o for o in run.observations if o.check == "ports.telnet_closed")
    assert telnet.run == first.relative_to(ws).as_posix() and not telnet.stale
    # 90 days later the ports seen on 18/11 are stale; the http seen on 20/11 is not yet.
    run = accumulated(ws, "cong-ttdt", today=dt.date(2027, 2, 17))
    assert run is not None
    stale = {o.probe for o in run.observations if o.stale}
    assert stale == {"ports", "tls"}
    assert not any(o.stale for o in run.observations if o.probe == "http")


def test_run_uses_every_probe_run_and_names_each_and_flags_stale_evidence(
    example_ws: Path, tmp_path: Path
) -> None:
    import json
    import shutil

    ws = tmp_path / "ws"
    shutil.copytree(example_ws, ws, ignore=shutil.ignore_patterns("runs"))
    later = _narrow_http_run(ws, "cong-ttdt", "2026-11-20T03:00:00Z")
    assert main([*RUN, "-w", str(ws)]) == 0
    result = json.loads((ws / "runs" / "2026-11-23-level3" / "cong-ttdt" / "result.json").read_text("utf-8"))
    observed = [o for r in result["results"] for o in r["observations"]]
    assert {o["probe"] for o in observed} == {"ports", "tls", "http"}
    assert {o["run"] for o in observed if o["probe"] == "http"} == {later.relative_to(ws).as_posix()}
    cited = {e for r in result["results"] for e in r["evidence"]}
    assert later.relative_to(ws).as_posix() in cited
    assert not any(o.get("stale") for o in observed)
    # With a 3-day limit the 18/11 ports and TLS evidence is stale on 23/11: never a pass, and said so.
    assert main([*RUN, "-w", str(ws), "--evidence-max-age", "3"]) == 0
    result = json.loads(
        (ws / "runs" / "2026-11-23-level3-2" / "cong-ttdt" / "result.json").read_text("utf-8")
    )
    stale_rows = [r for r in result["results"] if any(o.get("stale") for o in r["observations"])]
    assert stale_rows
    for row in stale_rows:
        assert any("cũ" in a["vi"] for a in row["advisories"])
        if all(o.get("stale") for o in row["observations"]):
            assert row["status"] != "pass" or "answer" in row["methods"]
    assert main([*RUN, "-w", str(ws), "--evidence-max-age", "-1"]) == 2
    # The reports say which probe run each observation came from, and which are stale.
    for run_dir, wanted in (
        ("2026-11-23-level3", "lượt kiểm tra ngày 20/11/2026"),
        ("2026-11-23-level3-2", "đã cũ, không tính là đạt"),
    ):
        out = tmp_path / f"md-{run_dir}"
        assert main(["render", str(ws / "runs" / run_dir), "-f", "md,html", "-o", str(out)]) == 0
        for report in (*out.glob("cong-ttdt/*.md"), *out.glob("cong-ttdt/*.html")):
            assert wanted in report.read_text(encoding="utf-8"), (report, wanted)


# ------------------------------------------------------------------------------ the example


def test_the_example_passes_its_own_questionnaire_check(capsys: pytest.CaptureFixture[str]) -> None:
    """Đạt at level 3+ needs evidence on its requirement (any of its questions): the example's
    officers cite a document once per requirement, as reports list evidence per requirement."""
    capsys.readouterr()
    assert main(["questionnaire", "check", "-w", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.count("; 0 lỗi,") == out.count("đã trả lời") >= 5


def test_pass_evidence_rule_is_per_requirement(tmp_path: Path) -> None:
    from test_questionnaire import tiny_questionnaire

    from attt_audit.models import Answer, AnswerSet, Status
    from attt_audit.questionnaire import check, merge

    q = tiny_questionnaire(tmp_path)
    both = {"net.firewall/3/q1": Answer(status=Status.PASS, evidence=["a.pdf"])}
    both["net.firewall/3/q2"] = Answer(status=Status.PASS, value=60)
    report = check(q, merge(q, AnswerSet(system="web", answers=both)))
    assert not [p for p in report.errors if p.key.startswith("net.firewall/")]
    alone = {"net.firewall/3/q2": Answer(status=Status.PASS, value=60)}
    report = check(q, merge(q, AnswerSet(system="web", answers=alone)))
    assert [p.key for p in report.errors] == ["net.firewall/3/q2"]


# ------------------------------------------------------------------------ workbook import


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({("Mạng", "E2"): "Đạt"}, "Mạng!E2: \"Đạt\" is a status typed in the column 'Giá trị (số)'"),
        (
            {("Mạng", "J2"): "Không đạt"},
            "Mạng!J2: \"Không đạt\" looks like an answer but is in the column 'Bằng chứng gợi ý'",
        ),
        ({("Mạng", "L3"): "Đạt"}, 'Mạng!L3: "Đạt" looks like an answer but is in a column without a header'),
        (
            {("Hướng dẫn", "B3"): "Đạt"},
            'Hướng dẫn!B3: "Đạt" looks like an answer on a sheet with no questions',
        ),
        (
            {("Của tôi", "C5"): "Một phần"},
            'Của tôi!C5: "Một phần" looks like an answer on a sheet with no questions',
        ),
        ({("Mạng", "D4"): "Không áp dụng"}, "Mạng!H4: Không áp dụng (N/A) needs a justification"),
    ],
    ids=[
        "status-in-value-column",
        "status-in-hints",
        "status-past-the-table",
        "instructions-sheet",
        "own-sheet",
        "na-without-reason",
    ],
)
def test_import_reports_answers_it_would_not_read_by_cell(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    edit: dict[tuple[str, str], str],
    message: str,
) -> None:
    from attt_audit.workspace import Workspace

    ws = use_tiny_catalog(tmp_path, monkeypatch)
    assert _new_xlsx(ws) == 0
    xlsx = ws / "questionnaires" / "web.xlsx"
    wb = load_workbook(xlsx)
    for (sheet, cell), value in edit.items():
        if sheet not in wb.sheetnames:
            wb.create_sheet(sheet)
        wb[sheet].protection.sheet = False
        wb[sheet][cell] = value
    wb.save(xlsx)
    answers = Workspace(ws).answers_path("web")
    before = answers.read_bytes() if answers.exists() else None
    capsys.readouterr()
    assert main(["questionnaire", "import", str(xlsx), "-w", str(ws)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert message in err, err
    assert "nothing was written" in err
    assert (answers.read_bytes() if answers.exists() else None) == before


def test_check_points_at_the_workbook_cell_an_answer_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = use_tiny_catalog(tmp_path, monkeypatch)
    assert _new_xlsx(ws) == 0
    xlsx = ws / "questionnaires" / "web.xlsx"
    wb = load_workbook(xlsx)
    wb["Quản lý"]["D2"] = "Đạt"  # level 3, no evidence
    wb.save(xlsx)
    assert main(["questionnaire", "import", str(xlsx), "-w", str(ws)]) == 0
    capsys.readouterr()
    assert main(["questionnaire", "check", "-s", "web", "-w", str(ws)]) == 2
    err = capsys.readouterr().err
    assert "(workbook Quản lý!D2): error: mgmt.policy/3/q1: Đạt (pass) at level 3 needs" in err, err
