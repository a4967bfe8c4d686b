"""Classification gaps of the fidelity review (issue 12 §5): "not a public service", the two
conditional-business lists, contradictory facts, the personal-data rows, the ND331 14.1 floor,
the live-system warnings (ND330 23.1.c, ND331 39.1) and the corrected pinpoints."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from attt_audit.classify import classify
from attt_audit.cli import main
from attt_audit.errors import InputError
from attt_audit.models import Classification, System
from attt_audit.regime import regime
from attt_audit.workspace import Workspace
from attt_audit.yamlio import atomic_write_text, dump_yaml

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 23)

BASE: dict[str, Any] = {
    "system_type": "other",
    "info_types": ["public"],
    "handles_admin_procedures": False,
    "public_service_level": 1,
    "conditional_business_service": False,
    "conditional_investment_business": False,
    "users": 0,
    "subjects_basic": 0,
    "subjects_sensitive": 0,
    "needs_24x7": False,
    "national_egov_system": False,
    "state_secret": False,
    "defense_security_system": False,
    "ns_damage": "none",
    "strategic": False,
    "central_store_special_national_data": False,
}
CITIZEN = {"system_type": "citizen_business"}
SECRET = {"info_types": ["public", "state_secret"], "state_secret": True}
LEVEL3 = {**CITIZEN, "handles_admin_procedures": True, "public_service_level": 4}


def make(**facts: Any) -> System:
    return System(id="sys", name="Hệ thống thử", **{**BASE, **facts})


def ids(c: Classification) -> set[str]:
    return {m.id for m in c.matched}


def undecided(c: Classification) -> set[str]:
    return {u.id for u in c.unknown_rows}


# --------------------------------------------------------------- "not a public service" (ND85)


@pytest.mark.parametrize(
    ("value", "outcome", "level"),
    [("none", "ok", 2), (None, "needs_input", 2), (2, "ok", 2), (3, "ok", 3)],
    ids=["none-decided", "unknown-needs-input", "level-2-scale", "level-3-scale"],
)
def test_public_service_level_none_decides_a_citizen_system(value: Any, outcome: str, level: int) -> None:
    c = classify(make(**CITIZEN, public_service_level=value), "nd85", TODAY)
    assert (c.outcome, c.proposed_level) == (outcome, level)
    if value == "none":
        assert {"B2b", "B3b"}.isdisjoint(ids(c) | undecided(c))
        assert ids(c) == {"B2c"}


def test_public_service_level_rejects_other_words() -> None:
    with pytest.raises(ValueError, match="public_service_level"):
        make(public_service_level="khong")


# -------------------------------------------------------- two conditional-business facts


@pytest.mark.parametrize(
    ("service", "line", "nd85", "nd331"),
    [(True, False, 3, 2), (False, True, 2, 3), (True, True, 3, 3), (False, False, 2, 2)],
    ids=["nd85-list-only", "nd331-list-only", "both", "neither"],
)
def test_each_regime_reads_its_own_conditional_list(service: bool, line: bool, nd85: int, nd331: int) -> None:
    system = make(**CITIZEN, conditional_business_service=service, conditional_investment_business=line)
    assert classify(system, "nd85", TODAY).proposed_level == nd85
    assert classify(system, "nd331", TODAY).proposed_level == nd331


def test_unknown_nd331_line_does_not_block_nd85() -> None:
    system = make(**CITIZEN, conditional_business_service=False, conditional_investment_business=None)
    assert classify(system, "nd85", TODAY).outcome == "ok"
    c = classify(system, "nd331", TODAY)
    assert (c.outcome, c.missing) == ("needs_input", ["conditional_investment_business"])


def write_inventory(root: Path, systems: list[dict[str, Any]]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    data = {"organisation": {"name": "Sở Thử nghiệm"}, "systems": systems}
    atomic_write_text(root / "inventory.yaml", dump_yaml(data))
    return root


def line_of(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.strip().startswith(f"{key}:"))


def test_old_conditional_business_key_is_one_clear_error(tmp_path: Path) -> None:
    facts = {k: v for k, v in BASE.items() if not k.startswith("conditional")}
    ws = write_inventory(tmp_path, [{"id": "a", "name": "A", **facts, "conditional_business": False}])
    with pytest.raises(InputError) as info:
        Workspace(ws).inventory()
    text = str(info.value)
    assert "conditional_business_service" in text and "conditional_investment_business" in text
    assert "inventory.yaml:" in text and "systems[0]" in text


def test_old_key_through_the_cli_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = write_inventory(tmp_path, [{"id": "a", "name": "A", "conditional_business": True}])
    code = main(["--lang", "en", "classify", "-w", str(ws), "--date", "2026-11-23"])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "conditional_business was replaced" in err and "Traceback" not in err


# ------------------------------------------------------------------------ contradictory facts

CONTRADICTIONS: list[tuple[dict[str, Any], str, list[str]]] = [
    ({"info_types": ["public"], "state_secret": True}, "state_secret", ["info_types", "state_secret"]),
    (
        {"info_types": ["private", "state_secret"], "state_secret": False},
        "state_secret",
        ["info_types", "state_secret"],
    ),
    (
        {"system_type": "internal", "infra_scope": "nationwide"},
        "infra_scope",
        ["infra_scope", "system_type", "internal"],
    ),
    (
        {"system_type": "citizen_business", "ics_grade": "I"},
        "ics_grade",
        ["ics_grade", "system_type", "citizen_business"],
    ),
    ({"info_types": ["public", "public"]}, "info_types", ["info_types", "public", "more than once"]),
    ({"info_types": []}, "info_types", ["info_types", "is empty"]),
]


@pytest.mark.parametrize(
    ("facts", "key", "needles"),
    CONTRADICTIONS,
    ids=[
        "public-but-secret",
        "secret-listed-but-false",
        "scope-on-internal",
        "grade-on-citizen",
        "dup",
        "empty",
    ],
)
def test_contradictory_facts_are_an_input_error_at_their_line(
    tmp_path: Path, facts: dict[str, Any], key: str, needles: list[str]
) -> None:
    ws = write_inventory(tmp_path, [{"id": "a", "name": "A", **{**BASE, **facts}}])
    with pytest.raises(InputError) as info:
        Workspace(ws).inventory()
    text = str(info.value)
    for needle in needles:
        assert needle in text, text
    at = line_of(ws / "inventory.yaml", key)  # a block list's error points at its first item
    assert any(f"inventory.yaml:{n}:" in text for n in (at, at + 1)), text


@pytest.mark.parametrize(
    "facts",
    [
        {"system_type": "infrastructure", "infra_scope": "nationwide"},
        {"system_type": None, "infra_scope": "single_org"},
        {"system_type": "internal", "ics_grade": "none"},
        {"info_types": ["public", "state_secret"], "state_secret": True},
        {"info_types": None, "state_secret": True},
    ],
    ids=["scope-on-infra", "scope-type-unknown", "grade-none", "secret-agrees", "types-unknown"],
)
def test_consistent_facts_load(facts: dict[str, Any]) -> None:
    make(**facts)


# ------------------------------------------------------------------- ND331 personal-data rows


@pytest.mark.parametrize(
    ("info_types", "basic", "sensitive", "a2c", "a3d"),
    [
        (["public", "private"], 200_000, 0, True, False),  # no personal data: 13.2.c does not apply
        (["public", "personal"], 200_000, 0, True, True),  # 12.2.b reads "or": one count below is enough
        (["public", "personal"], 200_000, 20_000, False, True),
        (["public", "personal"], 50_000, 5_000, True, False),
        (["public"], 500_000, 0, False, False),
    ],
    ids=["private-only", "or-basic-above", "both-above", "both-below", "public-only"],
)
def test_personal_data_rows(info_types: list[str], basic: int, sensitive: int, a2c: bool, a3d: bool) -> None:
    c = classify(
        make(**CITIZEN, info_types=info_types, subjects_basic=basic, subjects_sensitive=sensitive),
        "nd331",
        TODAY,
    )
    assert ("A2c" in ids(c)) is a2c
    assert ("A3d" in ids(c)) is a3d


# ------------------------------------------------------------------ ND331 14.1 floor of level 4


def test_secret_especially_serious_not_strategic_is_at_least_level_4() -> None:
    c = classify(make(**SECRET, strategic=False, ns_damage="especially_serious"), "nd331", TODAY)
    assert (c.outcome, c.proposed_level) == ("ok", 4)
    assert ids(c) == {"A4a-floor"}
    assert [m.article for m in c.matched] == ["ND331 14.1"]
    rules = regime("nd331")
    assert c.authority == rules.approval[4].text and "23.3.b" in c.authority_ref
    assert c.inspection_interval_months == rules.inspection[4].months
    assert any("15.5" in n.vi for n in c.notes)


def test_strategic_unknown_keeps_the_floor_and_asks() -> None:
    c = classify(make(**SECRET, strategic=None, ns_damage="especially_serious"), "nd331", TODAY)
    assert (c.outcome, c.proposed_level, c.missing) == ("needs_input", 4, ["strategic"])


# ----------------------------------------------------------------- live-system warnings

PENALTIES = regime("nd331").date("penalties-in-force")
SWITCH = regime("nd331").starts.date
APPROVAL_ND85 = {
    "decision": "1/QĐ",
    "date": "2023-05-01",
    "approver": "Giám đốc",
    "level": 3,
    "regime": "nd85",
}


def alerts(c: Classification, needle: str) -> bool:
    return any(needle in a.vi for a in c.alerts) and any(needle in n.vi for n in c.notes)


@pytest.mark.parametrize(
    ("regime_id", "on", "facts", "present"),
    [
        ("nd331", TODAY, {**LEVEL3, "go_live_date": "2025-01-01"}, True),
        ("nd331", PENALTIES, {**LEVEL3, "go_live_date": "2025-01-01"}, True),
        ("nd85", PENALTIES - dt.timedelta(days=1), {**LEVEL3, "go_live_date": "2025-01-01"}, False),
        ("nd85", TODAY, {**LEVEL3, "go_live_date": "2025-01-01"}, True),  # older table, same duty
        ("nd331", TODAY, {**LEVEL3, "go_live_date": "2027-02-01"}, False),  # not live yet
        ("nd331", TODAY, {**LEVEL3, "go_live_date": None}, False),
        ("nd331", TODAY, {**LEVEL3, "go_live_date": "2025-01-01", "approval": APPROVAL_ND85}, False),
        ("nd331", TODAY, {**CITIZEN, "public_service_level": 1, "go_live_date": "2025-01-01"}, False),
        ("nd331", TODAY, {**CITIZEN, "go_live_date": "2025-01-01", "declared_level": 3}, True),
    ],
    ids=[
        "live-unapproved",
        "first-day",
        "before-nd330",
        "nd85-table-after",
        "future-go-live",
        "go-live-unknown",
        "approved",
        "level-2",
        "declared-3",
    ],
)
def test_nd330_live_level_3_5_without_approval(
    regime_id: str, on: dt.date, facts: dict[str, Any], present: bool
) -> None:
    c = classify(make(**facts), regime_id, on)
    assert alerts(c, "ND330 23.1.c") is present, [n.vi for n in c.notes]


@pytest.mark.parametrize(
    ("facts", "present"),
    [
        ({"go_live_date": SWITCH.isoformat(), "approval": APPROVAL_ND85}, True),
        ({"go_live_date": (SWITCH - dt.timedelta(days=1)).isoformat(), "approval": APPROVAL_ND85}, False),
        ({"go_live_date": "2026-10-01", "approval": {**APPROVAL_ND85, "regime": "nd331"}}, False),
        ({"go_live_date": "2026-10-01", "approval": {**APPROVAL_ND85, "regime": None}}, True),
        ({"go_live_date": "2026-10-01", "dossier": {"regime": "nd85"}}, True),
        ({"go_live_date": "2026-10-01", "dossier": {"regime": "nd331"}}, False),
    ],
    ids=[
        "on-switch-day",
        "day-before",
        "nd331-approval",
        "dated-before-law",
        "nd85-dossier",
        "nd331-dossier",
    ],
)
def test_nd331_39_1_live_after_switch_on_nd85_papers(facts: dict[str, Any], present: bool) -> None:
    for regime_id in ("nd331", "nd85"):
        c = classify(make(**LEVEL3, **facts), regime_id, TODAY)
        assert alerts(c, "ND331 39.1") is present, (regime_id, [n.vi for n in c.notes])


def test_cli_prints_the_live_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = write_inventory(
        tmp_path, [{"id": "dvc", "name": "DVC", **{**BASE, **LEVEL3}, "go_live_date": "2025-01-01"}]
    )
    code = main(["classify", "-w", str(ws), "--date", "2026-11-23", "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0
    assert "cảnh báo: dvc: Hệ thống cấp độ 3–5 đang vận hành" in captured.err
    assert "ND330 23.1.c" in captured.out  # also a note in the JSON


# -------------------------------------------------------------------------------- pinpoints


def test_appraisal_pinpoints() -> None:
    nd85, nd331 = regime("nd85"), regime("nd331")
    for level in (4, 5):
        assert "ND85 16.2.b" in nd85.approval[level].ref
        assert "ND331 23.3.b" in nd331.approval[level].ref
    assert nd85.deadline("appraisal", 4) is not None and nd85.deadline("appraisal", 4).ref == "ND85 16.2.b"  # type: ignore[union-attr]
    monitoring = next(d for d in nd85.deadlines if d.id == "monitoring-tt31")
    assert "TT31 5.3.h" in monitoring.ref and "TT31 5.3.k" in monitoring.ref


def test_no_wrong_tt31_pinpoint_left() -> None:
    wrong = re.compile(r"TT\s?31[^\n]{0,12}\b14\.[45]\b")
    found = []
    for folder, pattern in (
        ("checklists", "**/*.yaml"),
        ("attt_audit", "**/*.py"),
        ("attt_audit", "**/*.yaml"),
    ):
        for path in (ROOT / folder).glob(pattern):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if wrong.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{n}")
    assert found == []
