"""Questionnaires: which questions apply, the YAML form, merge on regeneration, check, CLI.

Exact expectations use a tiny catalog built in ``tmp_path``; one test runs on the bundled
catalog without naming any of its control ids.
"""

from __future__ import annotations

import shutil
import textwrap
import unicodedata
from pathlib import Path

import pytest

from attt_audit.catalog import load_catalog
from attt_audit.cli import main
from attt_audit.errors import InputError
from attt_audit.models import Answer, AnswerSet, Approval, Status, System
from attt_audit.questionnaire import build_questionnaire, check, check_file, default_profile, merge
from attt_audit.questionnaire.merge import sort_keys
from attt_audit.questionnaire.yaml_form import render
from attt_audit.workspace import Workspace
from attt_audit.yamlio import load_model

REPO = Path(__file__).resolve().parent.parent

TINY_CATALOG = """\
framework:
  id: tiny
  title: {vi: "Danh mục thử", en: "Tiny catalog"}
  regimes: [nd85]
  source: "test"
  groups:
    - id: mang
      title: {vi: "Mạng", en: "Network"}
    - id: quan-ly
      title: {vi: "Quản lý", en: "Management"}
controls:
  - id: net.firewall
    group: mang
    kind: technical
    title: {vi: "Có tường lửa", en: "A firewall is in place"}
    levels:
      2:
        clause: "6.2.1"
        source: "test"
        confidence: A
        questions:
          - {id: q1, vi: "Có tường lửa giữa các vùng mạng không?", en: "Is there a firewall between zones?"}
          - {id: q2, vi: "Nhật ký được lưu bao nhiêu ngày?", en: "How many days are logs kept?", answer_type: days, param: retention}
        params:
          retention: {min: 30, unit: days, source: "test", confidence: A}
        evidence:
          - {vi: "Sơ đồ mạng", en: "Network diagram"}
      3:
        clause: "7.2.1"
        source: "test"
        confidence: A
        questions:
          - {id: q1, vi: "Có tường lửa giữa các vùng mạng không?", en: "Is there a firewall between zones?"}
          - {id: q2, vi: "Nhật ký được lưu bao nhiêu ngày?", en: "How many days are logs kept?", answer_type: days, param: retention}
        params:
          retention: {min: 30, unit: days, source: "test", confidence: A}
        evidence:
          - {vi: "Sơ đồ mạng", en: "Network diagram"}
  - id: net.vpn
    group: mang
    kind: technical
    title: {vi: "Truy cập từ xa qua VPN", en: "Remote access over a VPN"}
    levels:
      3:
        clause: "7.2.2"
        source: "test"
        confidence: B
        applies_when: {fact: extra.remote_access, eq: true}
        questions:
          - {id: q1, vi: "Truy cập từ xa có đi qua VPN không?", en: "Does remote access go through a VPN?"}
  - id: mgmt.policy
    group: quan-ly
    kind: management
    title: {vi: "Có chính sách an toàn thông tin", en: "A security policy exists"}
    levels:
      3:
        clause: "7.1.1"
        source: "test"
        confidence: C
        questions:
          - {id: q1, vi: "Chính sách đã được ban hành chưa?", en: "Has the policy been issued?"}
        evidence:
          - {vi: "Quyết định ban hành chính sách", en: "Decision issuing the policy"}
  - id: mgmt.auto
    group: quan-ly
    kind: duty
    title: {vi: "Đánh giá từ dữ liệu kiểm kê", en: "Decided from inventory"}
    levels:
      3:
        source: "test"
        confidence: A
        evaluate: quy_che_issued
"""

PROFILE = """\
id: tiny{level}
title: {{vi: "Thử cấp độ {level}", en: "Tiny level {level}"}}
regime: nd85
level: {level}
frameworks: [tiny]
"""

INVENTORY = """\
schema_version: 1
organisation:
  name: Sở Thử nghiệm
systems:
  - id: web
    name: Cổng thông tin điện tử
    declared_level: 3
    extra: {remote_access: true}
  - id: intranet
    name: Mạng nội bộ
    declared_level: 2
"""

KEYS3 = [
    "net.firewall/3/q1",
    "net.firewall/3/q2",
    "net.vpn/3/q1",
    "mgmt.policy/3/q1",
]


def tiny_catalog(tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "checklists"
    folder.mkdir(exist_ok=True)
    (folder / "tiny.yaml").write_text(TINY_CATALOG, encoding="utf-8")
    return load_catalog([folder])


def use_tiny_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace whose CLI commands see the tiny catalog instead of the bundled one."""
    catalog = tiny_catalog(tmp_path)
    monkeypatch.setattr("attt_audit.app.catalog.workspace_catalog", lambda workspace: catalog)
    return make_workspace(tmp_path)


@pytest.fixture
def tiny_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return use_tiny_catalog(tmp_path, monkeypatch)


def make_workspace(tmp_path: Path) -> Path:
    """A workspace with two systems and profiles tiny2/tiny3 (tiny framework only)."""
    ws = tmp_path / "ws"
    (ws / "profiles").mkdir(parents=True)
    (ws / "inventory.yaml").write_text(INVENTORY, encoding="utf-8")
    for level in (2, 3):
        (ws / "profiles" / f"tiny{level}.yaml").write_text(PROFILE.format(level=level), encoding="utf-8")
    return ws


def tiny_questionnaire(tmp_path: Path, system: System | None = None, level: int = 3):  # type: ignore[no-untyped-def]
    ws = make_workspace(tmp_path) if not (tmp_path / "ws").exists() else tmp_path / "ws"
    system = system or Workspace(ws).system("web")
    return build_questionnaire(system, profile=f"tiny{level}", catalog=tiny_catalog(tmp_path), workspace=ws)


# ------------------------------------------------------------------------------- building


@pytest.mark.parametrize(
    ("remote", "keys", "missing"),
    [
        (True, KEYS3, ()),
        (False, [k for k in KEYS3 if not k.startswith("net.vpn")], ()),
        (None, KEYS3, ("extra.remote_access",)),
    ],
    ids=["condition-true", "condition-false-left-out", "condition-unknown-kept"],
)
def test_build_selects_applicable_questions(
    tmp_path: Path, remote: bool | None, keys: list[str], missing: tuple[str, ...]
) -> None:
    extra = {} if remote is None else {"remote_access": remote}
    system = System(id="web", name="Cổng", declared_level=3, extra=extra)
    q = tiny_questionnaire(tmp_path, system)
    assert q.asked_keys() == keys
    assert q.profile == "tiny3" and q.level == 3
    vpn = q.item("net.vpn/3/q1")
    if vpn is not None:
        assert vpn.missing_facts == missing
    first = q.item("net.firewall/3/q1")
    assert first is not None
    assert first.reference == "7.2.1"
    assert first.group_title.vi == "Mạng"
    assert [h.vi for h in first.evidence_hints] == ["Sơ đồ mạng"]
    value = q.item("net.firewall/3/q2")
    assert value is not None and value.is_value and value.threshold == "≥ 30 days"
    policy = q.item("mgmt.policy/3/q1")
    assert policy is not None and policy.advisory  # confidence C
    assert "mgmt.auto/3/q1" not in q.asked_keys()  # no questions: decided by an evaluator
    assert "net.firewall/2/q1" in q.catalog_keys


def test_build_level2_uses_level2_keys(tmp_path: Path) -> None:
    q = tiny_questionnaire(tmp_path, level=2)
    assert q.asked_keys() == ["net.firewall/2/q1", "net.firewall/2/q2"]
    assert q.item("net.firewall/2/q1").reference == "6.2.1"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        (System(id="a", name="A", declared_level=3), "level3"),
        (
            System(
                id="a",
                name="A",
                approval=Approval(decision="1/QĐ", date="2024-01-01", approver="Giám đốc", level=2),  # type: ignore[arg-type]
            ),
            "level2",
        ),
    ],
    ids=["declared", "approved"],
)
def test_default_profile(system: System, expected: str) -> None:
    assert default_profile(system) == expected


def test_default_profile_needs_a_level() -> None:
    with pytest.raises(InputError, match="system 'a' has no declared_level and no approved level"):
        default_profile(System(id="a", name="A"))


# ------------------------------------------------------------------------------ YAML form


def filled_answers(q) -> AnswerSet:  # type: ignore[no-untyped-def]
    answers = merge(q, None)
    answers.answers["net.firewall/3/q1"] = Answer(
        status=Status.PASS,
        evidence=["so-do-mang.pdf", "CV 45/SGTVT ngày 02/03/2025"],
        note="Tường lửa: hai lớp\nđã cấu hình # không phải chú thích: 'ngoặc'",
        answered_by="Trần Thị Lan",
    )
    answers.answers["net.firewall/3/q2"] = Answer(status=Status.PASS, value=90, evidence=["siem.png"])
    answers.answers["net.vpn/3/q1"] = Answer(status=Status.NA, justification="Không có truy cập từ xa")
    return answers


def test_yaml_round_trip_keeps_every_field(tmp_path: Path) -> None:
    q = tiny_questionnaire(tmp_path)
    answers = filled_answers(q)
    answers.answers["gone.control/3/q1"] = Answer(status=Status.FAIL, note="câu trả lời cũ")
    text = render(q, answers)
    path = tmp_path / "form.yaml"
    path.write_text(text, encoding="utf-8")
    back = load_model(AnswerSet, path)
    assert back == answers
    assert list(back.answers) == KEYS3 + ["gone.control/3/q1"]
    # The form guides the officer in Vietnamese and lists the five statuses.
    assert "# Câu hỏi: Có tường lửa giữa các vùng mạng không?" in text
    assert "Đạt | Một phần | Không đạt | Không áp dụng | Chưa đánh giá" in text
    assert "Bằng chứng gợi ý: Sơ đồ mạng" in text
    assert "so với ngưỡng retention: ≥ 30 days" in text
    assert "status: Đạt" in text and "status: Không áp dụng" in text
    assert "Câu trả lời cũ: yêu cầu hoặc câu hỏi không còn trong danh mục" in text


def test_statuses_typed_in_english_or_codes_load(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "system: web\nanswers:\n  a/3/q1: {status: pass}\n  a/3/q2: {status: Not applicable}\n"
        "  a/3/q3: {status: ' một  PHẦN '}\n",
        encoding="utf-8",
    )
    answers = load_model(AnswerSet, path)
    assert [a.status for a in answers.answers.values()] == [Status.PASS, Status.NA, Status.PARTIAL]


# --------------------------------------------------------------------------------- merging


def test_merge_keeps_stale_and_other_level_answers_in_order(tmp_path: Path) -> None:
    q = tiny_questionnaire(tmp_path)
    old = AnswerSet(
        system="web",
        level=2,
        profile="tiny2",
        answers={
            "removed.control/2/q1": Answer(status=Status.PASS, evidence=["x.pdf"]),
            "net.firewall/2/q1": Answer(status=Status.PARTIAL),
            "mgmt.policy/3/q1": Answer(status=Status.FAIL, note="chưa ban hành"),
        },
    )
    merged = merge(q, old)
    assert list(merged.answers) == KEYS3 + ["removed.control/2/q1", "net.firewall/2/q1"]
    assert merged.answers["mgmt.policy/3/q1"].note == "chưa ban hành"
    assert merged.answers["removed.control/2/q1"] == old.answers["removed.control/2/q1"]
    assert (merged.level, merged.profile) == (3, "tiny3")
    sort = sort_keys(q, list(merged.answers))
    assert sort.stale == ("removed.control/2/q1",)
    assert sort.elsewhere == ("net.firewall/2/q1",)


def test_regenerating_yaml_merges_existing_answers(
    tiny_cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tiny_cli
    assert main(["questionnaire", "new", "-s", "web", "-p", "tiny3", "-w", str(ws)]) == 0
    path = Workspace(ws).answers_path("web")
    # The officer edits the file by hand: answers one question, and an old answer is added.
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "  mgmt.policy/3/q1:\n    status:", "  mgmt.policy/3/q1:\n    status: Một phần  # sửa tay\n", 1
    )
    text += "  old.removed/3/q9:\n    status: Đạt\n    evidence: [cũ.pdf]\n"
    path.write_text(text, encoding="utf-8")
    assert main(["questionnaire", "new", "-s", "web", "-p", "tiny3", "-w", str(ws)]) == 0
    out = capsys.readouterr().out
    assert "giữ 2 câu trả lời đã có, trong đó 1 câu trả lời cũ không còn trong danh mục" in out
    again = load_model(AnswerSet, path)
    assert again.answers["mgmt.policy/3/q1"].status is Status.PARTIAL
    assert again.answers["old.removed/3/q9"].evidence == ["cũ.pdf"]
    assert list(again.answers)[:4] == KEYS3


# ---------------------------------------------------------------------------------- check


CHECK_CASES = [
    ("na-without-justification", "net.vpn/3/q1", Answer(status=Status.NA), 3, "error", "Không áp dụng (N/A) needs a justification"),
    ("na-with-justification", "net.vpn/3/q1", Answer(status=Status.NA, justification="Không có"), 3, None, None),
    ("pass-without-evidence-l3", "mgmt.policy/3/q1", Answer(status=Status.PASS), 3, "error", "Đạt (pass) at level 3 needs at least one evidence reference"),
    ("pass-without-evidence-rule-off", "mgmt.policy/3/q1", Answer(status=Status.PASS), None, None, None),
    ("pass-without-evidence-rule-from-4", "mgmt.policy/3/q1", Answer(status=Status.PASS), 4, None, None),
    ("pass-with-evidence", "mgmt.policy/3/q1", Answer(status=Status.PASS, evidence=["qd.pdf"]), 3, None, None),
    ("blank-evidence-is-none", "mgmt.policy/3/q1", Answer(status=Status.PASS, evidence=["  "]), 3, "error", "needs at least one evidence reference"),
    ("value-not-number", "net.firewall/3/q2", Answer(status=Status.FAIL, value="ba mươi"), 3, "error", "'ba mươi' is not a number (days)"),
    ("value-missing", "net.firewall/3/q2", Answer(status=Status.FAIL), 3, "warning", "no value given (days, compared with retention)"),
    ("typo-key", "net.firewal/3/q1", Answer(status=Status.FAIL), 3, "error", "unknown answer key; did you mean 'net.firewall/3/q1'?"),
    ("malformed-key", "net.firewall-q1", Answer(status=Status.FAIL), 3, "error", "unknown answer key"),
    ("stale-key", "removed.control/3/q1", Answer(status=Status.FAIL), 3, "warning", "stale: this requirement or question is no longer in the catalog; answer kept"),
    ("other-level", "net.firewall/2/q1", Answer(status=Status.FAIL), 3, "warning", "not asked of this system under profile tiny3; answer kept"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("key", "answer", "evidence_level", "severity", "message"),
    [c[1:] for c in CHECK_CASES],
    ids=[c[0] for c in CHECK_CASES],
)
def test_check_rules(
    tmp_path: Path,
    key: str,
    answer: Answer,
    evidence_level: int | None,
    severity: str | None,
    message: str | None,
) -> None:
    q = tiny_questionnaire(tmp_path)
    answers = merge(q, AnswerSet(system="web", answers={key: answer}))
    report = check(q, answers, evidence_from_level=evidence_level)
    found = [(p.severity, p.message) for p in report.problems if p.key == key]
    if severity is None:
        assert found == []
    else:
        assert len(found) == 1
        assert found[0][0] == severity
        assert message is not None and message in found[0][1]


def test_check_file_cites_line_and_column(tmp_path: Path) -> None:
    q = tiny_questionnaire(tmp_path)
    path = tmp_path / "answers.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            system: web
            answers:
              net.vpn/3/q1:
                status: Không áp dụng
              mgmt.policy/3/q1:
                status: Đạt
                evidence: []
            """
        ),
        encoding="utf-8",
    )
    _answers, report = check_file(q, path)
    assert [p.render() for p in report.errors] == [
        f"{path}:4:13: error: net.vpn/3/q1: Không áp dụng (N/A) needs a justification",
        f"{path}:7:15: error: mgmt.policy/3/q1: Đạt (pass) at level 3 needs at least one evidence reference"
        " (on this question or another question of the same requirement)",
    ]
    assert (report.asked, report.answered) == (4, 2)


def test_check_command(tiny_cli: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tiny_cli
    answers_dir = ws / "answers"
    answers_dir.mkdir()
    (answers_dir / "web.yaml").write_text(
        "system: web\nprofile: tiny3\nanswers:\n"
        "  mgmt.policy/3/q1: {status: Đạt}\n"
        "  removed.control/3/q1: {status: Đạt, evidence: [a.pdf]}\n",
        encoding="utf-8",
    )
    assert main(["questionnaire", "check", "-w", str(ws)]) == 2
    captured = capsys.readouterr()
    assert "mgmt.policy/3/q1: Đạt (pass) at level 3 needs at least one evidence reference" in captured.err
    assert "removed.control/3/q1: stale" in captured.out
    assert "web: đã trả lời 1/4; 1 lỗi, 1 cảnh báo, 1 câu trả lời cũ được giữ" in captured.out
    # Configurable: the evidence rule from level 4 on only.
    assert main(["questionnaire", "check", "-w", str(ws), "--evidence-from-level", "4", "--lang", "en"]) == 0
    assert "web: 1/4 answered; 0 errors, 1 warnings, 1 stale answers kept" in capsys.readouterr().out
    # Check never rewrites the file: the stale answer is still there.
    assert "removed.control/3/q1" in (answers_dir / "web.yaml").read_text(encoding="utf-8")


def test_check_without_answers_file(tiny_cli: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tiny_cli
    assert main(["questionnaire", "check", "-s", "web", "-w", str(ws)]) == 2
    assert "no answers file for 'web'" in capsys.readouterr().err


def test_new_rejects_unknown_format_and_system(tiny_cli: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tiny_cli
    assert main(["questionnaire", "new", "-s", "web", "-f", "pdf", "-w", str(ws)]) == 2
    assert "--format 'pdf' is not a questionnaire format; expected yaml or xlsx" in capsys.readouterr().err
    assert main(["questionnaire", "new", "-s", "nope", "-w", str(ws)]) == 2
    assert "no system 'nope'" in capsys.readouterr().err


# ------------------------------------------------------------------------ bundled catalog


def test_bundled_catalog_level3_questionnaire(tmp_path: Path) -> None:
    """Once against the bundled catalog and profile: keys unique and well formed, round trip."""
    example = REPO / "examples" / "so-gtvt" / "inventory.yaml"
    ws = tmp_path / "ws"
    ws.mkdir()
    if example.is_file():
        shutil.copy(example, ws / "inventory.yaml")
        inventory = Workspace(ws).inventory()
        system = next((s for s in inventory.systems if s.declared_level == 3), None)
    else:
        system = None
    system = system or System(id="sys3", name="Hệ thống cấp độ 3", declared_level=3)
    q = build_questionnaire(system, workspace=ws)
    assert q.level == 3 and q.items
    keys = q.asked_keys()
    assert len(keys) == len(set(keys))
    for item in q.items:
        assert item.key == f"{item.control}/{item.level}/{item.question_id}"
        assert item.reference.strip()
        assert item.question.vi.strip() and unicodedata.is_normalized("NFC", item.question.vi)
    answers = merge(q, None)
    answers.answers[keys[0]] = Answer(status=Status.PASS, evidence=["bằng-chứng.pdf"])
    path = tmp_path / "a.yaml"
    path.write_text(render(q, answers), encoding="utf-8")
    assert load_model(AnswerSet, path) == answers


def test_import_yaml_form_from_elsewhere(tiny_cli: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tiny_cli
    answers_path = Workspace(ws).answers_path("web")
    answers_path.parent.mkdir()
    answers_path.write_text(
        "system: web\nprofile: tiny3\nanswers:\n  removed.control/3/q1: {status: Đạt, evidence: [a.pdf]}\n",
        encoding="utf-8",
    )
    form = ws / "form.yaml"
    assert main(["questionnaire", "new", "-s", "web", "-p", "tiny3", "-o", str(form), "-w", str(ws)]) == 0
    text = form.read_text(encoding="utf-8").replace(
        "  net.vpn/3/q1:\n    status:", "  net.vpn/3/q1:\n    status: Không đạt\n    #", 1
    )
    form.write_text(text, encoding="utf-8")
    assert main(["questionnaire", "import", str(form), "-w", str(ws)]) == 0
    assert "1 câu trả lời thay đổi" in capsys.readouterr().out
    answers = load_model(AnswerSet, answers_path)
    assert answers.answers["net.vpn/3/q1"].status is Status.FAIL
    assert answers.answers["removed.control/3/q1"].evidence == ["a.pdf"]


def test_misspelt_field_is_an_error_with_its_line(tiny_cli: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tiny_cli
    path = Workspace(ws).answers_path("web")
    path.parent.mkdir()
    path.write_text("system: web\nanswers:\n  net.vpn/3/q1:\n    stauts: Đạt\n", encoding="utf-8")
    assert main(["questionnaire", "check", "-s", "web", "-w", str(ws)]) == 2
    assert f"{path}:4:5: at answers.net.vpn/3/q1.stauts: unknown field" in capsys.readouterr().err
    assert main(["questionnaire", "new", "-s", "web", "-w", str(ws)]) == 2  # never overwrites a broken file
    assert "stauts" in path.read_text(encoding="utf-8")
