"""Province intake, roll-up, plan and conclusion on the example province (examples/tinh-binh-an)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from attt_audit.app import province as app
from attt_audit.errors import AuditError
from attt_audit.province.intake import collect
from attt_audit.province.workspace import ProvinceWorkspace

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "tinh-binh-an"
NOW = dt.datetime(2026, 12, 20, 3, 0, tzinfo=dt.UTC)


def _copy_example(dest: Path) -> Path:
    shutil.copytree(
        EXAMPLE, dest, ignore=shutil.ignore_patterns("accepted", "rejected", "runs", "__pycache__")
    )
    return dest


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    root = _copy_example(tmp_path_factory.mktemp("prov") / "tinh")
    results = app.collect(root, [], now=NOW)
    return root, {r.source.name: r for r in results}


def _key(unit: str):  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(
        hashlib.sha256(f"tinh-binh-an example key {unit}".encode()).digest()
    )


def _sign_with(bundle: Path, key, tmp: Path) -> None:  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives import serialization

    from attt_audit.signing import sign_bundle

    for name in ("manifest.json", "manifest.sig"):
        (bundle / name).unlink(missing_ok=True)
    pem = tmp / "k.pem"
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"x"),
        )
    )
    sign_bundle(bundle, pem, b"x", now=dt.datetime(2026, 12, 17, 2, 0, tzinfo=dt.UTC))


# ------------------------------------------------------------------------------ the example


def test_example_collects_and_rejects_the_three_bad_bundles(
    collected: tuple[Path, dict[str, object]],
) -> None:
    root, results = collected
    outcome = {name: r.outcome for name, r in results.items()}  # type: ignore[attr-defined]
    assert outcome == {
        "so-gtvt-2026": "accepted",
        "so-yte-2026": "accepted",
        "so-khcn-2026": "accepted",
        "so-gddt-2026": "accepted",
        "xa-an-phu-mau-08-2026.xlsx": "accepted",
        "van-phong-ubnd-2026": "rejected",
        "xa-hoa-binh-2026": "rejected",
        "so-tc-2026": "rejected",
    }
    rules = {name: {f.rule for f in r.reasons} for name, r in results.items()}  # type: ignore[attr-defined]
    assert rules["van-phong-ubnd-2026"] == {"bundle.integrity"}
    assert rules["xa-hoa-binh-2026"] == {"identity.on_time"}
    assert rules["so-tc-2026"] == {"bundle.key"}
    tampered = results["van-phong-ubnd-2026"]
    assert [f.file for f in tampered.reasons] == ["van-phong-ubnd-2026/báo-cáo-năm-2026.json"]  # type: ignore[attr-defined]
    page = (root / "rejected" / "van-phong-ubnd" / "van-phong-ubnd-2026.md").read_text(encoding="utf-8")
    assert "van-phong-ubnd" in page and "báo-cáo-năm-2026.json" in page and "bản kê" in page
    reason = json.loads((root / "rejected" / "so-tc" / "so-tc-2026.json").read_text(encoding="utf-8"))
    assert reason["unit"] == "so-tc" and reason["reasons"][0]["rule"] == "bundle.key"
    assert "xa-hoa-binh" in reason["reasons"][0]["message"]  # whose key it really was


def test_unsigned_excel_is_imported_marked_unsigned(collected: tuple[Path, dict[str, object]]) -> None:
    root, results = collected
    r = results["xa-an-phu-mau-08-2026.xlsx"]
    assert r.signed is False  # type: ignore[attr-defined]
    receipt = json.loads(
        (root / "accepted" / "xa-an-phu" / "2026" / "intake.json").read_text(encoding="utf-8")
    )
    assert receipt["signed"] is False and receipt["source"] == "excel"
    assert [s["dossier_status"] for s in receipt["systems"]] == ["approved", "drafting"]


def _snapshot(root: Path) -> dict[Path, tuple[int, int]]:
    return {
        p: (p.stat().st_mtime_ns, p.stat().st_mode)
        for folder in ("accepted", "rejected")
        for p in (root / folder).rglob("*")
    }


def test_recollect_is_a_noop_that_says_so(collected: tuple[Path, dict[str, object]]) -> None:
    root, results = collected
    before = _snapshot(root)
    assert sorted(p.name for p in (root / "inbox").iterdir()) == ["received.yaml"]
    assert app.collect(root, [], now=NOW) == []  # the inbox holds nothing new
    # ``collect inbox/*`` typed again: the names the first collect moved out
    named = [root / "inbox" / name for name in results] + [root / "inbox" / "received.yaml"]
    again = {r.source.name: r for r in app.collect(root, named, now=NOW)}
    assert set(again) == set(results)
    assert {r.outcome for r in again.values()} == {"unchanged"}
    assert all("không thay đổi" in r.note for r in again.values())
    assert "accepted/so-yte/2026/bundle" in again["so-yte-2026"].note
    assert "rejected/so-tc/so-tc-2026" in again["so-tc-2026"].note
    assert app.collect(root, [root / "inbox" / "*"], now=NOW) == []  # an unexpanded glob: empty inbox
    assert _snapshot(root) == before


def test_inbox_bundles_are_moved_not_copied(tmp_path: Path) -> None:
    root = _copy_example(tmp_path / "tinh")
    inbox = root / "inbox"
    inode = {n: (inbox / n / "báo-cáo-năm-2026.json").stat().st_ino for n in ("so-yte-2026", "so-tc-2026")}
    xlsx_inode = (inbox / "xa-an-phu-mau-08-2026.xlsx").stat().st_ino
    app.collect(root, [], now=NOW)
    assert sorted(p.name for p in inbox.iterdir()) == ["received.yaml"]
    accepted = root / "accepted" / "so-yte" / "2026" / "bundle" / "báo-cáo-năm-2026.json"
    assert accepted.stat().st_ino == inode["so-yte-2026"]
    assert (
        root / "accepted" / "xa-an-phu" / "2026" / "bundle" / "xa-an-phu-mau-08-2026.xlsx"
    ).stat().st_ino == xlsx_inode
    kept = root / "rejected" / "so-tc" / "so-tc-2026" / "báo-cáo-năm-2026.json"
    assert kept.stat().st_ino == inode["so-tc-2026"]
    page = (root / "rejected" / "so-tc" / "so-tc-2026.md").read_text(encoding="utf-8")
    assert "rejected/so-tc/so-tc-2026" in page
    assert not (root / ".intake-staging").exists()


def test_a_rejected_name_seen_before_is_kept_beside_the_first(tmp_path: Path) -> None:
    root = _copy_example(tmp_path / "tinh")
    [first] = app.collect(root, [root / "inbox" / "so-tc-2026"], now=NOW)
    shutil.copytree(EXAMPLE / "inbox" / "so-tc-2026", root / "inbox" / "so-tc-2026")
    [second] = app.collect(root, [root / "inbox" / "so-tc-2026"], now=NOW)
    assert first.outcome == second.outcome == "rejected"
    folder = root / "rejected" / "so-tc"
    assert sorted(p.name for p in folder.iterdir()) == [
        "so-tc-2026",
        "so-tc-2026-2",
        "so-tc-2026-2.json",
        "so-tc-2026-2.md",
        "so-tc-2026.json",
        "so-tc-2026.md",
    ]


def test_a_source_outside_the_inbox_is_copied_and_left_in_place(tmp_path: Path) -> None:
    root = _copy_example(tmp_path / "tinh")
    bundle = tmp_path / "elsewhere" / "so-yte-2026"
    shutil.copytree(EXAMPLE / "inbox" / "so-yte-2026", bundle)
    [r] = app.collect(root, [bundle], now=NOW)
    assert r.outcome == "accepted" and bundle.is_dir()
    copy = root / "accepted" / "so-yte" / "2026" / "bundle" / "báo-cáo-năm-2026.json"
    assert copy.stat().st_ino != (bundle / "báo-cáo-năm-2026.json").stat().st_ino
    assert copy.read_bytes() == (bundle / "báo-cáo-năm-2026.json").read_bytes()
    [again] = app.collect(root, [bundle], now=NOW)
    assert again.outcome == "unchanged" and "không thay đổi" in again.note


def test_inbox_on_another_filesystem_or_hard_linked_is_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from attt_audit.province import intake

    root = _copy_example(tmp_path / "tinh")
    outside = tmp_path / "link.json"
    os.link(root / "inbox" / "so-yte-2026" / "báo-cáo-năm-2026.json", outside)
    [linked] = app.collect(root, [root / "inbox" / "so-yte-2026"], now=NOW)
    assert linked.outcome == "accepted"
    accepted = root / "accepted" / "so-yte" / "2026" / "bundle" / "báo-cáo-năm-2026.json"
    assert accepted.stat().st_ino != outside.stat().st_ino  # no other name reaches the accepted bytes
    assert (root / "inbox" / "so-yte-2026").is_dir()
    monkeypatch.setattr(intake, "_can_move", lambda ws, source: False)
    [other_fs] = app.collect(root, [root / "inbox" / "so-khcn-2026"], now=NOW)
    assert other_fs.outcome == "accepted" and (root / "inbox" / "so-khcn-2026").is_dir()


def test_a_failure_after_the_move_puts_the_bundle_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from attt_audit.province import intake

    root = _copy_example(tmp_path / "tinh")
    original = sorted(p.name for p in (root / "inbox" / "so-yte-2026").iterdir())

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(intake, "_accept", broken)
    with pytest.raises(OSError):
        app.collect(root, [root / "inbox" / "so-yte-2026"], now=NOW)
    back = root / "inbox" / "so-yte-2026"
    assert sorted(p.name for p in back.iterdir()) == original
    assert os.access(back, os.W_OK) and stat.S_IMODE(back.stat().st_mode) & stat.S_IWUSR
    assert not (root / "accepted" / "so-yte").exists()
    assert not any((root / ".intake-staging").iterdir()) if (root / ".intake-staging").exists() else True


def test_accepted_is_read_only(collected: tuple[Path, dict[str, object]]) -> None:
    root, _ = collected
    year_dir = root / "accepted" / "so-gtvt" / "2026"
    entries = [year_dir, *year_dir.rglob("*")]
    assert len(entries) > 4
    write_bits = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    assert all(stat.S_IMODE(p.stat().st_mode) & write_bits == 0 for p in entries)
    target = year_dir / "bundle" / "báo-cáo-năm-2026.json"
    if os.geteuid() != 0:
        with pytest.raises(PermissionError):
            target.open("ab")
        with pytest.raises(PermissionError):
            (year_dir / "new.txt").write_text("x")
    else:  # root ignores mode bits: check as an unprivileged user that owns the files
        code = (
            "import os,sys\nos.setgid(65534); os.setuid(65534)\n"
            "try:\n open(sys.argv[1],'ab')\nexcept PermissionError:\n sys.exit(0)\nsys.exit(1)"
        )
        copy = root / "ro-check"
        shutil.copytree(year_dir, copy)
        for p in [copy, *copy.rglob("*")]:
            os.chown(p, 65534, 65534)
        rc = subprocess.run(
            [sys.executable, "-c", code, str(copy / "bundle" / "báo-cáo-năm-2026.json")]
        ).returncode
        assert rc == 0


def test_a_second_bundle_for_an_accepted_unit_never_replaces_it(
    collected: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    root, _ = collected
    bundle = tmp_path / "so-yte-2026-v2"
    shutil.copytree(EXAMPLE / "inbox" / "so-yte-2026", bundle)
    (bundle / "ghi-chú.txt").write_text("bản bổ sung", encoding="utf-8")
    _sign_with(bundle, _key("so-yte"), tmp_path)
    before = (root / "accepted" / "so-yte" / "2026" / "intake.json").read_bytes()
    [r] = app.collect(root, [bundle], now=dt.datetime(2026, 12, 18, 3, 0, tzinfo=dt.UTC))
    assert r.outcome == "rejected" and {f.rule for f in r.reasons} == {"identity.duplicate"}
    assert (root / "accepted" / "so-yte" / "2026" / "intake.json").read_bytes() == before


# ------------------------------------------------------------------------------ tampering


def _flip(b: Path) -> str:
    p = b / "báo-cáo-năm-2026.json"
    data = bytearray(p.read_bytes())
    data[len(data) // 2] ^= 0x01
    p.write_bytes(bytes(data))
    return "so-gtvt-2026/báo-cáo-năm-2026.json"


def _add(b: Path) -> str:
    (b / "thêm.txt").write_text("x", encoding="utf-8")
    return "so-gtvt-2026/thêm.txt"


def _remove(b: Path) -> str:
    (b / "báo-cáo-năm-2026.xlsx").unlink()
    return "so-gtvt-2026/báo-cáo-năm-2026.xlsx"


def _manifest_edit(b: Path) -> str:
    m = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
    m["files"][0]["sha256"] = "0" * 64
    (b / "manifest.json").write_text(json.dumps(m, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return "so-gtvt-2026/manifest.json"


def _swapped_key(b: Path) -> str:
    """Content changed, then re-signed with the attacker's own key (embedded in the manifest)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    _flip(b)
    _sign_with(b, Ed25519PrivateKey.generate(), b.parent)
    return "so-gtvt-2026/manifest.sig"


def _unsigned(b: Path) -> str:
    (b / "manifest.sig").unlink()
    (b / "manifest.json").unlink()
    return "so-gtvt-2026/manifest.json"


def _signature_removed(b: Path) -> str:
    (b / "manifest.sig").unlink()
    return "so-gtvt-2026/manifest.sig"


def _wrong_key(b: Path) -> str:
    _sign_with(b, _key("so-yte"), b.parent)
    return "so-gtvt-2026/manifest.sig"


TAMPER = {
    "byte-flip": (_flip, "bundle.integrity"),
    "added-file": (_add, "bundle.integrity"),
    "removed-file": (_remove, "bundle.integrity"),
    "manifest-edit": (_manifest_edit, "bundle.integrity"),
    "swapped-key": (_swapped_key, "bundle.key"),
    "unsigned": (_unsigned, "bundle.signed"),
    "signature-removed": (_signature_removed, "bundle.signed"),
    "wrong-key": (_wrong_key, "bundle.key"),
}


@pytest.mark.parametrize("case", list(TAMPER), ids=list(TAMPER))
def test_tampered_bundle_is_rejected_naming_unit_file_and_rule(case: str, tmp_path: Path) -> None:
    root = tmp_path / "tinh"
    root.mkdir()
    shutil.copy(EXAMPLE / "province.yaml", root / "province.yaml")
    shutil.copytree(EXAMPLE / "keys", root / "keys")
    bundle = tmp_path / "in" / "so-gtvt-2026"
    shutil.copytree(EXAMPLE / "inbox" / "so-gtvt-2026", bundle)
    tamper, rule = TAMPER[case]
    file = tamper(bundle)
    [r] = app.collect(root, [bundle], now=dt.datetime(2026, 12, 18, 3, 0, tzinfo=dt.UTC))
    assert r.outcome == "rejected"
    assert r.unit == "so-gtvt"
    assert (rule, file) in {(f.rule, f.file) for f in r.reasons}
    assert not (root / "accepted" / "so-gtvt").exists() or not any((root / "accepted" / "so-gtvt").iterdir())
    page = (root / "rejected" / "so-gtvt" / "so-gtvt-2026.md").read_text(encoding="utf-8")
    assert file in page


def test_late_by_arrival_alone_is_rejected(tmp_path: Path) -> None:
    root = _copy_example(tmp_path / "tinh")
    (root / "inbox" / "received.yaml").write_text("so-yte-2026: {date: 2026-12-21}\n", encoding="utf-8")
    [r] = app.collect(root, [root / "inbox" / "so-yte-2026"], now=NOW)
    assert r.outcome == "rejected"
    assert [(f.rule, f.message) for f in r.reasons] == [
        ("identity.on_time", "đến ngày 21/12/2026, sau hạn nội bộ 19/12/2026")
    ]


def test_excel_with_edited_header_and_bad_value_is_rejected_naming_cells(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    root = _copy_example(tmp_path / "tinh")
    path = root / "inbox" / "xa-an-phu-mau-08-2026.xlsx"
    wb = load_workbook(path)
    ws = wb["Hệ thống"]
    ws["F1"] = "(6) Tình trạng"
    ws["J3"] = "Xong"
    wb.save(path)
    [r] = app.collect(root, [path], now=NOW)
    assert r.outcome == "rejected"
    where = {f.file for f in r.reasons}
    assert "xa-an-phu-mau-08-2026.xlsx:Hệ thống!F1" in where
    assert "xa-an-phu-mau-08-2026.xlsx:Hệ thống!J3" in where


def test_unknown_source_is_one_clear_error(tmp_path: Path) -> None:
    root = _copy_example(tmp_path / "tinh")
    with pytest.raises(AuditError, match="no such bundle"):
        collect(ProvinceWorkspace(root), [tmp_path / "nothing"])


# ------------------------------------------------------------------------------ roll-up


@pytest.fixture(scope="module")
def reported(collected: tuple[Path, dict[str, object]]) -> app.ReportOutcome:
    root, _ = collected
    return app.report(root, 2026, formats=["json", "xlsx", "html"], now=NOW)


def _ind(outcome: app.ReportOutcome, ind: str) -> tuple[float | None, float | None]:
    i = next(i for i in outcome.rollup.indicators if i.id == ind)
    return (None, None) if i.province.no_data else (i.province.numerator, i.province.denominator)


def test_indicators_equal_hand_computed_figures(reported: app.ReportOutcome) -> None:
    # By hand from the accepted reports (so-gtvt, so-yte, so-khcn, so-gddt, xa-an-phu) and province.yaml:
    assert _ind(reported, "P1") == (4 + 3 + 5 + 2 + 2, None)
    assert _ind(reported, "P3") == (4 + 2 + 4 + 2 + 1, 16)  # approved with a decision
    assert _ind(reported, "P4") == (3 + 1 + 3 + 1 + 1, 16)  # plan fully implemented
    assert _ind(reported, "P5") == (13, 13)  # approved rows with a Quy chế
    assert _ind(reported, "P6") == (2 + 2 + 3 + 2 + 1, 13)  # approved and periodically inspected
    assert _ind(reported, "P7") == (None, None)  # Mẫu 08 has no go-live date: no data
    assert _ind(reported, "P10") == (3, 4)
    assert _ind(reported, "P11") == (301 + 352 + 180, 320 + 410 + 180)
    assert _ind(reported, "P12") == (3, 5)
    assert _ind(reported, "P18") == (5, 8)  # accepted on time / units of the province
    assert _ind(reported, "P20") == (190 + 160 + 120 + 80 + 10, 320 + 450 + 150 + 200 + 25)
    assert _ind(reported, "P21") == (round((71.5 + 58.0 + 82.0) / 3, 1), None)
    p3 = next(i for i in reported.rollup.indicators if i.id == "P3")
    assert p3.target == 100 and p3.meets_target is False
    assert p3.previous is not None and (p3.previous.numerator, p3.previous.denominator) == (
        11,
        17,
    )  # history 2025
    assert p3.delta == round(round(100 * 13 / 16, 1) - round(100 * 11 / 17, 1), 1)
    assert p3.units["so-yte"].numerator == 2 and p3.units["so-yte"].denominator == 3
    assert reported.rollup.trend["P3"] == {2024: 50.0, 2025: 64.7, 2026: 81.2}


def test_consolidated_mau08_and_overdue(reported: app.ReportOutcome) -> None:
    r = reported.rollup
    assert [c.row.stt for c in r.rows] == list(range(1, 17))
    t = r.totals
    assert (t.total, t.approved, t.approved_inspected) == (16, 13, 10)
    kinds = {(o.kind, o.unit) for o in r.overdue}
    assert ("annual_report", "van-phong-ubnd") in kinds and ("annual_report", "so-tc") in kinds
    assert ("dossier", "so-yte") in kinds  # expected approval 30/11/2026 passed
    assert ("inspection", "so-gtvt") in kinds  # camera-gt overdue
    assert ("dossier", "so-khcn") not in kinds  # expected 30/04/2027, not yet due
    rejected = {u.unit: u.reason for u in r.units if u.state == "rejected"}
    assert "sau hạn nội bộ" in rejected["xa-hoa-binh"]


def test_dashboard_is_self_contained(reported: app.ReportOutcome) -> None:
    html = next(p for p in reported.written if p.suffix == ".html").read_text(encoding="utf-8")
    assert "<svg" in html and html.count("<svg") == 4
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert "@import" not in html and "<script" not in html.lower()
    assert "không có số liệu" in html


def test_xlsx_has_one_row_per_system_filters_and_no_formulas(
    reported: app.ReportOutcome, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from attt_audit.province.rollup import write_xlsx

    wb = load_workbook(next(p for p in reported.written if p.suffix == ".xlsx"))
    ws = wb["Hệ thống"]
    assert ws.max_row == 17 and ws.auto_filter.ref
    assert ws["A1"].value == "(1) STT" and ws["L1"].value == "(12) Đã kiểm tra, đánh giá ANM"
    rollup = reported.rollup.model_copy(deep=True)
    rollup.rows[0].row.name = '=HYPERLINK("http://x")'
    rollup.rows[1].row.operator = "@SUM(A1)"
    path = write_xlsx(rollup, tmp_path / "x.xlsx")
    ws = load_workbook(path)["Hệ thống"]
    assert ws["B2"].value == '=HYPERLINK("http://x")' and ws["B2"].data_type == "s"
    assert ws["D3"].value == "@SUM(A1)" and ws["D3"].data_type == "s"


# ------------------------------------------------------------------------------ plan, conclusion


def test_plan_selects_by_rules_and_schedules_on_working_days(
    collected: tuple[Path, dict[str, object]],
) -> None:
    root, _ = collected
    plan, written = app.plan(root, 2027, formats=["json"], now=NOW)
    visits = {v.unit: v for v in plan.visits}  # type: ignore[attr-defined]
    assert set(visits) == {
        "so-yte",
        "so-gtvt",
        "so-gddt",
        "so-khcn",
        "so-tc",
        "van-phong-ubnd",
        "xa-an-phu",
        "xa-hoa-binh",
    }
    assert "incident" in visits["so-yte"].reasons and "low_score" in visits["so-yte"].reasons
    assert "no_report" in visits["so-tc"].reasons
    assert "not_inspected" not in visits["so-khcn"].reasons  # inspected 20/05/2026
    starts = [v.start for v in plan.visits]  # type: ignore[attr-defined]
    assert all(d is not None and d.weekday() < 5 and d.month in (3, 4, 5, 6, 9, 10) for d in starts)
    assert len(starts) == len(set(starts))
    assert json.loads(written[0].read_text(encoding="utf-8"))["year"] == 2027


def test_conclusion_has_findings_with_clause_owner_and_due_date(
    collected: tuple[Path, dict[str, object]],
) -> None:
    root, _ = collected
    c, written = app.conclude(root, "so-yte", issued=dt.date(2027, 4, 20), formats=["json"])
    findings = c.findings  # type: ignore[attr-defined]
    assert findings and all(f.basis and f.owner and f.due >= dt.date(2027, 4, 20) for f in findings)
    unapproved = [
        f
        for f in findings
        if f.system == "Nền tảng dữ liệu y tế dùng chung"
        and f.finding.startswith("Hệ thống chưa được phê duyệt")
    ]
    assert unapproved and "Điều 18" in unapproved[0].basis
    assert c.remediation_report_due == dt.date(2027, 5, 20)  # type: ignore[attr-defined]
    with pytest.raises(AuditError, match="no accepted report"):
        app.conclude(root, "so-tc", issued=dt.date(2027, 4, 20), formats=["json"])


def test_init_writes_template_and_never_overwrites(tmp_path: Path) -> None:
    made = app.init(tmp_path / "p")
    assert made.province_yaml.is_file() and all(f.is_dir() for f in made.folders)
    ProvinceWorkspace(tmp_path / "p").load()  # the template itself is valid
    with pytest.raises(AuditError, match="already exists"):
        app.init(tmp_path / "p")


def test_bad_public_key_file_is_one_line_error(tmp_path: Path) -> None:
    root = _copy_example(tmp_path / "tinh")
    (root / "keys" / "so-gtvt.pub.pem").write_text("not a key", encoding="utf-8")
    with pytest.raises(AuditError, match="not a PEM public key"):
        app.collect(root, [root / "inbox" / "so-gtvt-2026"], now=NOW)


def test_cli_collect_exit_codes(tmp_path: Path) -> None:
    root = _copy_example(tmp_path / "tinh")
    from attt_audit.cli.main import main

    assert main(["province", "collect", "-w", str(root), str(root / "inbox" / "so-yte-2026")]) in (0,)
    assert main(["province", "collect", "-w", str(root), str(root / "inbox" / "so-tc-2026")]) == 1
    assert main(["province", "collect", "-w", str(root), str(tmp_path / "missing")]) == 2


def test_cli_collect_says_when_the_inbox_has_nothing_new(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _copy_example(tmp_path / "tinh")
    from attt_audit.cli.main import main

    assert main(["province", "collect", "-w", str(root)]) == 1  # three bad bundles
    capsys.readouterr()
    assert main(["province", "collect", "-w", str(root)]) == 0
    assert "Không có gói mới" in capsys.readouterr().out
    assert main(["--lang", "en", "province", "collect", "-w", str(root)]) == 0
    assert "Nothing new in the inbox" in capsys.readouterr().out
    assert main(["province", "collect", "-w", str(root), str(root / "inbox" / "so-yte-2026")]) == 0
    assert main(["province", "collect", "-w", str(root), str(root / "inbox" / "notes.txt")]) == 2
