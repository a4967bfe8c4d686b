"""classify remembers each decision-table row's outcome per the values of the facts it reads
(classify._row_outcome): the outcome is always what evaluating the row's condition gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from attt_audit import classify as classify_mod
from attt_audit.classify import REGIMES, classify, load_ruleset
from attt_audit.conditions import evaluate, fact_names
from attt_audit.workspace import Workspace

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "so-gtvt"
POOL: list[Any] = [
    None,
    True,
    False,
    1,
    0,
    1.0,
    0.0,
    3,
    1000,
    2.5,
    "1",
    "yes",
    "",
    [],
    ["a"],
    [1],
    [True],
    dt.date(2026, 1, 1),
]


@pytest.mark.parametrize("regime", REGIMES)
def test_row_outcome_is_the_evaluation(regime: str) -> None:
    rules = load_ruleset(regime)
    systems = Workspace(EXAMPLE).inventory().systems
    classify_mod._OUTCOMES.clear()
    checked = 0
    for system in systems:
        base = system.facts()
        for row in rules.rows:
            for name in sorted(fact_names(row.when)):
                for value in POOL:
                    facts = {**base, name: value}
                    for _ in range(2):  # the second time from what the first kept
                        assert classify_mod._row_outcome(row, facts) == evaluate(row.when, facts), (
                            row.id,
                            name,
                            value,
                        )
                    checked += 1
    assert checked > 500
    assert classify_mod._OUTCOMES  # something was kept


def test_classification_is_the_same_with_and_without_kept_outcomes() -> None:
    day = dt.date(2026, 11, 23)
    for system in Workspace(EXAMPLE).inventory().systems:
        for regime in REGIMES:
            classify_mod._OUTCOMES.clear()
            fresh = classify(system, regime, day).model_dump_json()
            again = classify(system, regime, day).model_dump_json()
            assert fresh == again
