"""The level dossier: working days over Tết, form choice by level, tracking, the writer's rules
(never half-way, never over an edited file), and the content of every outline section."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from attt_audit.app.dossier import dossier_status, new_dossiers, status_json, status_rows
from attt_audit.dossier.documents import build_documents
from attt_audit.dossier.facts import collect
from attt_audit.dossier.rules import load_rules
from attt_audit.dossier.tracking import next_deadline
from attt_audit.dossier.workdays import add_working_days, is_working_day, working_days_between
from attt_audit.models import DossierStep
from attt_audit.render.legal_refs import cite_in_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "so-gtvt"
DAY = dt.date(2026, 11, 23)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A copy of the example workspace (without recorded runs or earlier dossiers)."""
    dest = tmp_path / "ws"
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns("runs", "dossiers"))
    return dest


def edit_system(ws: Path, system_id: str, **changes: Any) -> None:
    path = ws / "inventory.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    system = next(s for s in data["systems"] if s["id"] == system_id)
    system.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# ----------------------------------------------------------------------- working days


def test_five_working_days_across_tet_2027() -> None:
    """Sent on Wednesday 03/02/2027; Tết 2027 runs 04–10/02 (Thursday to Wednesday)."""
    sent = dt.date(2027, 2, 3)
    assert not any(is_working_day(sent + dt.timedelta(days=n)) for n in range(1, 8))
    assert add_working_days(sent, 5) == dt.date(2027, 2, 17)
    assert working_days_between(sent, dt.date(2027, 2, 17)) == 5


def test_hung_kings_day_is_not_a_working_day() -> None:
    assert not is_working_day(dt.date(2027, 4, 16))  # Giỗ Tổ Hùng Vương, a Friday
    assert add_working_days(dt.date(2027, 4, 15), 1) == dt.date(2027, 4, 19)


def test_completeness_deadline_spans_tet() -> None:
    steps = [DossierStep(kind="sent_for_appraisal", date=dt.date(2027, 2, 3), number="15/SGTVT-VP")]
    nxt, waiting = next_deadline(steps, "nd331", 3, dt.date(2027, 2, 12))
    assert waiting is None and nxt is not None
    assert (nxt.step, nxt.due, nxt.unit, nxt.days, nxt.rule.ref) == (
        "completeness_check",
        dt.date(2027, 2, 17),
        "working",
        5,
        "ND331 23.2",
    )
    assert nxt.left == 3 and not nxt.overdue  # 15, 16, 17 February


@pytest.mark.parametrize(
    ("regime", "level", "due", "unit"),
    [
        ("nd331", 3, dt.date(2027, 3, 4), "working"),  # 15 working days from 11/02/2027
        ("nd331", 4, dt.date(2027, 3, 18), "working"),  # 25 working days
        ("nd85", 3, dt.date(2027, 2, 26), "calendar"),  # 15 days: "ngày" without "làm việc"
        ("nd85", 5, dt.date(2027, 3, 13), "calendar"),  # 30 days
    ],
    ids=["nd331-l3", "nd331-l4", "nd85-l3", "nd85-l5"],
)
def test_appraisal_deadline_from_a_complete_file(regime: str, level: int, due: dt.date, unit: str) -> None:
    steps = [
        DossierStep(kind="sent_for_appraisal", date=dt.date(2027, 2, 3)),
        DossierStep(kind="completeness_check", date=dt.date(2027, 2, 11), outcome="complete"),
    ]
    nxt, _ = next_deadline(steps, regime, level, dt.date(2027, 2, 12))
    assert nxt is not None and (nxt.step, nxt.due, nxt.unit) == ("appraisal_opinion", due, unit)


def test_approval_deadline_and_waiting_states() -> None:
    opinion = DossierStep(kind="appraisal_opinion", date=dt.date(2026, 11, 20), outcome="fit")
    steps = [DossierStep(kind="sent_for_appraisal", date=dt.date(2026, 11, 2)), opinion]
    nxt, _ = next_deadline(steps, "nd331", 3, dt.date(2026, 11, 23))
    # 7 working days from Friday 20/11/2026; 24/11 is Vietnam Culture Day, a public holiday from 2026.
    assert nxt is not None and (nxt.step, nxt.due, nxt.rule.ref) == (
        "approval",
        dt.date(2026, 12, 2),
        "ND331 24.2",
    )
    returned = [
        steps[0],
        DossierStep(kind="completeness_check", date=dt.date(2026, 11, 5), outcome="incomplete"),
    ]
    nxt, waiting = next_deadline(returned, "nd331", 3, dt.date(2026, 11, 23))
    assert nxt is None and waiting is not None and "trả lại" in waiting.vi
    done = [*steps, DossierStep(kind="approval", date=dt.date(2026, 11, 25), number="1/QĐ-X")]
    assert next_deadline(done, "nd331", 3, dt.date(2026, 11, 26)) == (None, None)


# ------------------------------------------------------------------------------ forms


def _forms(ws: Path, system_id: str, regime: str = "nd331") -> dict[str, str | None]:
    facts = collect(ws, system_id, regime=regime, today=DAY)
    return {d.id: (d.form.form if d.form else None) for d in build_documents(facts)}


def test_level_split_between_mau_01_and_mau_02(ws: Path) -> None:
    level2 = _forms(ws, "cong-ttdt")
    level3 = _forms(ws, "dvc-truc-tuyen")
    assert level2["request-letter"] == "Mẫu 01"
    assert level3["request-letter"] == "Mẫu 02"
    # Levels 1–2: no tờ trình, no appraisal form; the specialised unit approves (draft adapted from Mẫu 06).
    assert "submission" not in level2 and "appraisal-opinion" not in level2
    assert level3["submission"] == "Mẫu 05" and level3["appraisal-opinion"] == "Mẫu 04"
    assert level3["decision"] == "Mẫu 06"


def test_level_5_and_anqg_take_mau_07(ws: Path) -> None:
    edit_system(ws, "camera-gt", central_store_special_national_data=True, declared_level=5)
    facts = collect(ws, "camera-gt", regime="nd331", today=DAY)
    assert facts.level == 5
    docs = {d.id: d for d in build_documents(facts)}
    assert docs["decision"].form is not None and docs["decision"].form.form == "Mẫu 07"
    assert docs["decision"].form.approves == "plan"
    assert docs["request-letter"].form is not None and docs["request-letter"].form.form == "Mẫu 02"
    # Level 3 on the national-security list: also Mẫu 07; off the list: Mẫu 06.
    edit_system(ws, "dvc-truc-tuyen", anqg=True)
    assert _forms(ws, "dvc-truc-tuyen")["decision"] == "Mẫu 07"
    # Levels 4–5 attach the detailed risk-assessment report; it is looked for in evidence/.
    ids = [
        att.id
        for att, _ in __import__("attt_audit.dossier.documents", fromlist=["x"]).attachment_status(facts)
    ]
    assert "risk-report" in ids and "specialist-opinion" in ids


# ------------------------------------------------------------------------- the writer


def _md(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}


def test_regenerating_never_overwrites_an_edited_file(ws: Path) -> None:
    first = new_dossiers(ws, system="cong-ttdt", formats="md", today=DAY).outcomes[0]
    folder = first.folder
    letter = folder / "01-văn-bản-đề-nghị.md"
    letter.write_text(letter.read_text(encoding="utf-8") + "\nSửa tay của cán bộ.\n", encoding="utf-8")
    second = new_dossiers(ws, system="cong-ttdt", formats="md", today=DAY).outcomes[0]
    assert "Sửa tay của cán bộ." in letter.read_text(encoding="utf-8")
    v2 = folder / "01-văn-bản-đề-nghị-v2.md"
    assert v2.is_file() and second.kept == [(letter, v2)]
    assert len(second.kept) == 1  # files nobody edited were replaced in place
    # A third run replaces the unedited v2 instead of adding v3.
    third = new_dossiers(ws, system="cong-ttdt", formats="md", today=DAY).outcomes[0]
    assert third.kept == [(letter, v2)] and not (folder / "01-văn-bản-đề-nghị-v3.md").exists()


def test_a_failure_mid_write_leaves_nothing(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    real = Path.write_bytes

    def failing(self: Path, data: bytes) -> int:  # type: ignore[override]
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    from attt_audit.errors import RenderError

    with pytest.raises(RenderError, match="cannot write the dossier"):
        new_dossiers(ws, system="dvc-truc-tuyen", formats="md", today=DAY)
    assert calls["n"] == 3
    dossiers = ws / "dossiers"
    assert not (dossiers / "dvc-truc-tuyen").exists()
    assert list(dossiers.iterdir()) == []  # no temporary folder left behind either


# ------------------------------------------------------------------- content and gaps


def test_every_outline_section_is_present_with_its_facts(ws: Path) -> None:
    out = new_dossiers(ws, system="dvc-truc-tuyen", regime="nd331", formats="md", today=DAY).outcomes[0]
    md = _md(out.folder)
    proposal = md["02-thuyết-minh-đề-xuất-cấp-độ.md"]
    rules = load_rules()
    for section in rules.outline["overview-and-proposal"]:
        if section.applies("nd331", 3):
            assert section.heading.vi in proposal, section.id
        else:
            assert section.heading.vi not in proposal, section.id
    # Owner and operator, scope and counts, hosts and services from the inventory.
    for fact in (
        "Sở Giao thông vận tải tỉnh Bình An",
        "Nguyễn Văn Minh",
        "46.500",
        "192.0.2.21",
        "db-dvc",
        "443",
    ):
        assert fact in proposal, fact
    # The matched criterion with its article and the facts that meet it; rejected ones listed too.
    assert "Điều 13.2.b NĐ 331/2026" in proposal and "giải quyết thủ tục hành chính: có" in proposal
    assert "Điều 12.1 NĐ 331/2026" in proposal  # internal system: considered, not met
    assert "rủi ro sơ bộ" in proposal  # ND331 22.4.c
    plan = md["03-thuyết-minh-phương-án.md"]
    for section in rules.outline["security-plan"]:
        assert section.heading.vi.replace(".", "\\.", 0) in plan or section.heading.vi in plan, section.id
    facts = collect(ws, "dvc-truc-tuyen", regime="nd331", today=DAY)
    assert len(facts.plan) > 10
    assert all(cite_in_text(row.reference, "vi") in plan for row in facts.plan)  # references in words
    # Gaps are marked where they sit and listed once with the field and its line.
    assert "[cần bổ sung: số điện thoại của đơn vị vận hành" in md["01-văn-bản-đề-nghị.md"].replace("\\", "")
    phone = next(g for g in out.gaps if g.field.endswith("operator_contact.phone"))
    assert phone.field == "systems[2].dossier.operator_contact.phone"
    assert phone.location.startswith(str(ws / "inventory.yaml") + ":") or phone.location.startswith(
        "inventory.yaml:"
    )


def test_nd85_plan_uses_tt12_design_and_tcvn_11930(ws: Path) -> None:
    facts = collect(ws, "dvc-truc-tuyen", regime="nd85", today=DAY)
    frameworks = {row.requirement.framework for row in facts.plan}
    assert frameworks == {"tcvn11930-2017", "tt12-design"}
    assert any(row.status == "in_place" for row in facts.plan)  # answers say what is in place
    assert any(row.status in ("planned", "partly") for row in facts.plan)
    risks = [s for s in load_rules().outline["overview-and-proposal"] if s.id == "risks"][0]
    proposal = new_dossiers(ws, system="dvc-truc-tuyen", regime="nd85", formats="md", today=DAY).outcomes[0]
    assert risks.heading.vi not in _md(proposal.folder)["02-thuyết-minh-đề-xuất-cấp-độ.md"]


def test_facts_given_in_the_inventory_fill_the_gaps(ws: Path) -> None:
    contact = {
        "representative": "Lê Văn An",
        "title": "Chánh Văn phòng",
        "phone": "0200 3812 345",
        "mandate": "Quyết định số 12/QĐ-SGTVT",
        "address": "Số 12 đường Lê Lợi",
    }
    edit_system(ws, "cong-ttdt", dossier={"operator_contact": contact, "default_due": "2027-06-30"})
    out = new_dossiers(ws, system="cong-ttdt", formats="md", today=DAY).outcomes[0]
    assert not any("operator_contact" in g.field or "default_due" in g.field for g in out.gaps)
    letter = _md(out.folder)["01-văn-bản-đề-nghị.md"]
    assert "0200 3812 345" in letter and "Lê Văn An" in letter


def test_english_drafts_carry_no_vietnamese_labels(ws: Path) -> None:
    out = new_dossiers(ws, system="dvc-truc-tuyen", formats="md", lang="en", today=DAY).outcomes[0]
    md = _md(out.folder)
    assert set(md) >= {"01-request-letter.md", "02-level-proposal.md", "03-security-plan.md"}
    text = "\n".join(md.values())
    for word in ("cần bổ sung", "Kính gửi", "Căn cứ", "Nơi nhận", "Thuyết minh", "cấp độ 3", "Hiện trạng"):
        assert word not in text, word
    assert "to be supplied" in text and "To:" in text
    letter = md["01-request-letter.md"].replace("\\", "")
    assert "Mẫu 02 [Văn bản đề nghị thẩm định hồ sơ đề xuất cấp độ]" in letter


def test_all_systems_both_regimes(ws: Path) -> None:
    for regime in ("nd85", "nd331"):
        result = new_dossiers(
            ws, all_systems=True, regime=regime, formats="md,html", out=ws / regime, today=DAY
        )
        assert [o.system_id for o in result.outcomes] == [s["id"] for s in _systems(ws)]
        for o in result.outcomes:
            assert o.level is not None and o.folder == ws / regime / o.system_id
            text = "\n".join(p.read_text(encoding="utf-8") for p in o.folder.glob("*.md")).replace("\\", "")
            for gap in o.gaps:
                assert f"[cần bổ sung: {gap.label.vi}" in text, gap
            html = "\n".join(p.read_text(encoding="utf-8") for p in o.folder.glob("*.html"))
            assert ('<mark class="gap">' in html) == bool(o.gaps)
        gplx = next(o for o in result.outcomes if o.system_id == "gplx-sat-hach")
        if regime == "nd331":  # the example's file under appraisal: few facts missing
            assert gplx.gaps and len(gplx.gaps) < 10
        else:  # the file is recorded under ND 331: drafting it under ND 85 says so
            assert any("nd331" in p.text.vi and "inventory.yaml:" in p.location for p in gplx.problems)


def _systems(ws: Path) -> list[dict[str, Any]]:
    data: dict[str, Any] = yaml.safe_load((ws / "inventory.yaml").read_text(encoding="utf-8"))
    return list(data["systems"])


# ----------------------------------------------------------------------------- CLI


def test_cli_strict_exits_1_while_gaps_remain(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from attt_audit.cli import main

    args = ["dossier", "new", "cong-ttdt", "--workspace", str(ws), "--format", "md", "--date", "2026-11-23"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Cần bổ sung" in out and "systems[0].dossier.operator_contact.phone" in out
    assert main([*args, "--strict"]) == 1
    assert "--strict" in capsys.readouterr().err


def test_cli_errors_name_the_place(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from attt_audit.cli import main

    assert main(["dossier", "new", "no-such", "--workspace", str(ws)]) == 2
    assert "no-such" in capsys.readouterr().err
    edit_system(ws, "qlvb-dh", dossier={"steps": [{"kind": "posted", "date": "2026-11-02"}]})
    assert main(["dossier", "status", "--workspace", str(ws)]) == 2
    err = capsys.readouterr().err
    assert "inventory.yaml:" in err and "kind" in err


def test_status_steps_deadlines_changes_and_order(ws: Path) -> None:
    edit_system(
        ws,
        "dvc-truc-tuyen",
        dossier={
            "regime": "nd331",
            "level": 3,
            "steps": [
                {"kind": "drafted", "date": "2026-11-10"},
                {"kind": "sent_for_appraisal", "date": "2026-11-16", "number": "215/SGTVT-VP"},
                {"kind": "completeness_check", "date": "2026-11-20", "outcome": "complete"},
            ],
        },
    )
    snapshot = {
        "recorded_on": "2023-09-25",
        "hosts": ["192.0.2.20"],
        "info_types": ["public"],
        "subjects_basic": 40000,
    }
    edit_system(ws, "camera-gt", dossier={"scope_snapshot": snapshot})
    edit_system(
        ws,
        "qlvb-dh",
        dossier={
            "steps": [
                {"kind": "sent_for_appraisal", "date": "2026-11-10"},
                {"kind": "drafted", "date": "2026-11-01"},
            ]
        },
    )
    states = {s.system_id: s for s in dossier_status(ws, today=DAY)}
    dvc = states["dvc-truc-tuyen"]
    assert dvc.step is not None and dvc.step.kind == "completeness_check"
    # 15 working days from 20/11/2026, skipping 24/11 (Vietnam Culture Day).
    assert dvc.next is not None and dvc.next.due == dt.date(2026, 12, 14) and dvc.next.left == 14
    camera = states["camera-gt"]
    assert camera.redetermine and any("192.0.2.41" in c.text.vi for c in camera.changes)
    assert any("cá nhân" in c.text.vi or "personal" in c.text.en for c in camera.changes)
    qlvb = states["qlvb-dh"]
    assert qlvb.problems and "inventory.yaml:" in qlvb.problems[0].location
    columns, rows = status_rows(list(states.values()), "vi")
    row = next(r for r in rows if r[0] == "dvc-truc-tuyen")
    assert row[5] == "" and "14/12/2026" in row[6] and "ND331 23.3" in row[7]
    assert "xác định lại cấp độ" in next(r for r in rows if r[0] == "camera-gt")[8]
    assert '"redetermine": true' in status_json(list(states.values()))


# ------------------------------------------------------------------------ Word → PDF


def _pdf_pages(docs: list[Path], tmp_path: Path) -> dict[str, list[str]]:
    """Each .docx converted by LibreOffice in one call, then read page by page with pdftotext."""
    import subprocess

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    if exe is None or pdftotext is None:
        pytest.skip("LibreOffice (soffice) or pdftotext (poppler-utils) is not installed")
    out = tmp_path / "pdf"
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
        ]
        + [str(d) for d in docs],
        capture_output=True,
        check=True,
        timeout=240,
    )
    pages: dict[str, list[str]] = {}
    for d in docs:
        pdf = out / f"{d.stem}.pdf"
        text = subprocess.run(
            [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        )
        pages[d.stem] = text.stdout.split("\f")[:-1]
    return pages


@pytest.mark.slow
def test_word_drafts_convert_to_pdf_with_every_section(ws: Path, tmp_path: Path) -> None:
    out = new_dossiers(ws, system="dvc-truc-tuyen", regime="nd331", formats="docx", today=DAY).outcomes[0]
    wanted = ["02-thuyết-minh-đề-xuất-cấp-độ.docx", "04-tờ-trình.docx"]
    pages = _pdf_pages([out.folder / name for name in wanted], tmp_path)
    proposal = pages["02-thuyết-minh-đề-xuất-cấp-độ"]
    assert len(proposal) >= 2
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in proposal[0] and "THUYẾT MINH" in proposal[0]
    joined = " ".join(" ".join(page.split()) for page in proposal)
    for section in load_rules().outline["overview-and-proposal"]:
        if section.applies("nd331", 3):
            assert " ".join(section.heading.vi.split()) in joined, section.id
    for fact in (
        "Điều 13.2.b NĐ 331/2026",
        "46.500",
        "db-dvc",
        "[cần bổ sung: số điện thoại của chủ quản hệ thống]",
    ):
        assert fact in joined, fact
    submission = " ".join(" ".join(page.split()) for page in pages["04-tờ-trình"])
    assert "TỜ TRÌNH" in submission and "Mẫu 05" in submission
    assert "Kính gửi: Sở Giao thông vận tải tỉnh Bình An" in submission


def test_example_status_shows_the_file_under_appraisal(capsys: pytest.CaptureFixture[str]) -> None:
    from attt_audit.cli import main

    assert (
        main(["dossier", "status", "--workspace", str(EXAMPLE), "--date", "2026-11-23", "--format", "md"])
        == 0
    )
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("| gplx-sat-hach"))
    assert "Kiểm tra tính đầy đủ của hồ sơ" in row and "14/12/2026" in row and "ND331 23.3" in row
    approved = next(line for line in out.splitlines() if line.startswith("| cong-ttdt"))
    assert "Đã phê duyệt" in approved and "512/QĐ-SGTVT" in approved
