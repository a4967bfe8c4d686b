"""One answer to "at which level is this system assessed?": the questionnaire and the engine agree."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from attt_audit.cli import main
from attt_audit.levels import LevelChoice, assessed_level, profile_for_level
from attt_audit.models import Approval, Profile, System
from attt_audit.questionnaire import default_profile

APPROVAL_2 = Approval(decision="12/QĐ-SGTVT", date=dt.date(2025, 3, 1), approver="Giám đốc Sở", level=2)


class _Classified:
    def __init__(self, level: int | None) -> None:
        self.proposed_level = level


@pytest.mark.parametrize(
    ("system", "classification", "on", "expected"),
    [
        (
            System(id="a", name="A", declared_level=3, approval=APPROVAL_2),
            None,
            None,
            LevelChoice(2, "approved"),
        ),
        (System(id="a", name="A", declared_level=3), None, None, LevelChoice(3, "declared")),
        (System(id="a", name="A", approval=APPROVAL_2), None, None, LevelChoice(2, "approved")),
        (System(id="a", name="A", declared_level=3), _Classified(4), None, LevelChoice(3, "declared")),
        (System(id="a", name="A"), _Classified(4), None, LevelChoice(4, "classified")),
        (System(id="a", name="A"), _Classified(None), None, LevelChoice(None, None)),
        (System(id="a", name="A"), None, None, LevelChoice(None, None)),
        (
            System(id="a", name="A", declared_level=3, approval=APPROVAL_2),
            None,
            dt.date(2025, 2, 28),
            LevelChoice(3, "declared"),
        ),
        (
            System(id="a", name="A", declared_level=3, approval=APPROVAL_2),
            None,
            dt.date(2025, 3, 1),
            LevelChoice(2, "approved"),
        ),
    ],
    ids=[
        "approved-over-declared",
        "declared",
        "approved-only",
        "declared-over-classification",
        "classification-last",
        "classification-undecided",
        "nothing",
        "approval-not-yet-signed",
        "approval-on-the-day",
    ],
)
def test_assessed_level(
    system: System, classification: _Classified | None, on: dt.date | None, expected: LevelChoice
) -> None:
    assert assessed_level(system, classification, on=on) == expected


@pytest.mark.skipif("dossier" not in System.model_fields, reason="the inventory has no dossier yet")
def test_proposed_level_of_the_dossier_comes_before_the_declared_one() -> None:
    system = System.model_validate({"id": "a", "name": "A", "declared_level": 3, "dossier": {"level": 4}})
    assert assessed_level(system) == LevelChoice(4, "proposed")
    approved = system.model_copy(update={"approval": APPROVAL_2})
    assert assessed_level(approved) == LevelChoice(2, "approved")


def _profile(pid: str, level: int | None, regime: str = "nd85", extends: str | None = None) -> Profile:
    return Profile.model_validate(
        {
            "id": pid,
            "title": {"vi": pid, "en": pid},
            "regime": regime,
            "level": level,
            "extends": extends,
            "frameworks": [] if extends else ["four-layer-model"],
        }
    )


def test_profile_for_level_reads_the_profile_data_not_its_name() -> None:
    profiles = {
        p.id: p
        for p in (
            _profile("tailored-3", 3, extends="base-3"),
            _profile("base-3", 3),
            _profile("other-3", 3),
            _profile("new-3", 3, regime="nd331"),
            _profile("level2", 3),  # a name that says 2 and data that says 3
        )
    }
    assert profile_for_level(profiles, 3, "nd85") == profiles["base-3"]  # base first, then load order
    assert profile_for_level(profiles, 3, "nd331") == profiles["new-3"]
    assert profile_for_level(profiles, 2, "nd85") is None


def test_default_profile_without_a_profile_for_the_level() -> None:
    from attt_audit.errors import InputError

    with pytest.raises(InputError, match="no profile for level 3 under nd85"):
        default_profile(System(id="a", name="A", declared_level=3), {})


INVENTORY = """\
schema_version: 1
organisation:
  name: Sở Giao thông vận tải tỉnh Thử
systems:
  - id: portal
    name: Cổng thông tin điện tử
    declared_level: 3
    approval:
      decision: 12/QĐ-SGTVT
      date: 2025-03-01
      approver: Giám đốc Sở
      level: 2
"""


def test_declared_3_approved_2_questionnaire_and_engine_both_use_level_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "inventory.yaml").write_text(INVENTORY, encoding="utf-8")

    code = main(["--lang", "en", "questionnaire", "new", "--system", "portal", "--workspace", str(ws)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "(level2, level 2)" in out
    answers = (ws / "answers" / "portal.yaml").read_text(encoding="utf-8")
    assert "profile: level2" in answers

    code = main(
        [
            "run",
            "--profile",
            "level3",
            "--workspace",
            str(ws),
            "--format",
            "json",
            "--out",
            str(tmp_path / "o"),
        ]
    )
    _, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads((tmp_path / "o" / "portal" / "result.json").read_text(encoding="utf-8"))
    assert (result["level"], result["profile"]) == (2, "level2")
