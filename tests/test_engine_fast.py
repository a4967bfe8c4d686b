"""The engine's per-profile work (:class:`attt_audit.engine.Prepared`) and its trusted construction
of results and scores (:func:`attt_audit.models.trusted.trusted`) give what the plain path gives:
same results, same types, nothing shared between systems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from example_documents import assess_as_run
from pydantic import BaseModel

from attt_audit.catalog import load_catalog, load_profiles
from attt_audit.engine import Engine, Prepared, split_binding
from attt_audit.models import AssessmentResult, LocalText, RemediationItem, RequirementResult, Score
from attt_audit.models.results import AnsweredQuestion
from attt_audit.workspace import Workspace

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "so-gtvt"
DATE = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_catalog(), load_profiles(EXAMPLE), "level3", today=DATE)


@pytest.fixture(scope="module")
def results(engine: Engine) -> dict[str, AssessmentResult]:
    return assess_as_run(engine)


def _same_typed(made: Any, validated: Any, where: str) -> None:
    """Equal, and of the same type all the way down (validation may coerce; trusted values must not need it)."""
    assert type(made) is type(validated), f"{where}: {type(made)} != {type(validated)}"
    if isinstance(made, BaseModel):
        assert list(made.__dict__) == list(validated.__dict__), where
        assert made.model_fields_set == validated.model_fields_set, where
        assert made.__pydantic_extra__ == validated.__pydantic_extra__, where
        for name, value in made.__dict__.items():
            _same_typed(value, validated.__dict__[name], f"{where}.{name}")
    elif isinstance(made, (list, tuple)):
        assert len(made) == len(validated), where
        for i, (a, b) in enumerate(zip(made, validated, strict=True)):
            _same_typed(a, b, f"{where}[{i}]")
    elif isinstance(made, dict):
        assert list(made) == list(validated), where
        for key, value in made.items():
            _same_typed(value, validated[key], f"{where}[{key}]")
    else:
        assert made == validated, where


def test_trusted_results_are_what_validation_makes(results: dict[str, AssessmentResult]) -> None:
    rows = answered = 0
    for system, result in results.items():
        for row in result.results:
            given = {name: getattr(row, name) for name in row.model_fields_set}
            validated = RequirementResult(**given)
            _same_typed(row, validated, f"{system}/{row.control}")
            assert row.model_dump_json() == validated.model_dump_json()
            rows += 1
            for qid, answer in row.answers.items():
                _same_typed(answer, AnsweredQuestion(**answer.__dict__), f"{system}/{row.control}/{qid}")
                answered += 1
            for text in [row.reason, *row.conflicts, *row.advisories]:
                if text is not None:  # the engine's own sentences are built trusted too
                    _same_typed(text, LocalText(**text.__dict__), f"{system}/{row.control}: {text.vi}")
                    assert text.vi.strip() and text.en.strip()
        for item in result.remediation:  # attt_audit.remediation.plan builds its items trusted too
            given = {name: getattr(item, name) for name in item.model_fields_set}
            _same_typed(item, RemediationItem(**given), f"{system}/remediation/{item.control}")
        for score in [*result.scores, *result.scores_without_waivers]:
            _same_typed(score, Score(**score.__dict__), f"{system}/{score.scope}")
    assert rows > 100 and answered > 50  # the example has answers, probes, evaluators and waivers
    assert any(r.waiver is not None for result in results.values() for r in result.results)
    assert any(i.waived for result in results.values() for i in result.remediation)


def test_prepared_profile_gives_the_plain_path(engine: Engine, results: dict[str, AssessmentResult]) -> None:
    """Systems assessed with the engine's shared per-profile work (in another order) and each with its
    own (``assess`` without ``prepared``) give the same results."""
    again = assess_as_run(engine, order=-1)
    plain_engine = Engine(engine.catalog, engine.profiles, "level3", today=DATE)
    plain_engine.prepared = lambda resolved: None  # type: ignore[assignment,method-assign,return-value]
    plain = assess_as_run(plain_engine)
    assert set(results) == set(again) == set(plain)
    for system, result in results.items():
        assert result.model_dump_json() == again[system].model_dump_json() == plain[system].model_dump_json()
    # the systems differ, so a value kept for one and given to another would show above
    assert len({r.model_dump_json(exclude={"system", "generated_at"}) for r in results.values()}) == len(
        results
    )


def test_results_share_no_mutable_value(results: dict[str, AssessmentResult]) -> None:
    first, second = list(results.values())[:2]
    by_control = {r.control: r for r in second.results}
    shared = 0
    for row in first.results:
        other = by_control.get(row.control)
        if other is None:
            continue
        shared += 1
        for name in ("refs", "methods", "conflicts", "advisories", "evidence", "observations", "answers"):
            assert getattr(row, name) is not getattr(other, name), (row.control, name)
    assert shared > 50
    assert first.not_binding and first.not_binding[0] is not second.not_binding[0]
    assert first.catalog is not second.catalog


@pytest.mark.parametrize("baseline", ["nd85", "nd331"])
def test_prepared_split_binding(engine: Engine, baseline: str) -> None:
    resolved = engine.requested
    prepared = Prepared(resolved, engine.catalog, DATE)
    want_binding, want_others = split_binding(
        resolved.requirements, engine.catalog, baseline=baseline, today=DATE
    )
    for _ in range(2):  # the second call reads what the first worked out
        binding, others = prepared.split_binding(baseline)
        assert binding == want_binding
        assert [o.model_dump() for o in others] == [o.model_dump() for o in want_others]
    assert prepared.split_binding(baseline)[0] is not prepared.split_binding(baseline)[0]


def test_two_baselines_differ(engine: Engine) -> None:
    prepared = Prepared(engine.requested, engine.catalog, DATE)
    old, new = prepared.split_binding("nd85"), prepared.split_binding("nd331")
    assert [r.control.id for r in old[0]] != [r.control.id for r in new[0]]


def test_rows_apply_as_applicability_says(engine: Engine, results: dict[str, AssessmentResult]) -> None:
    """The engine decides whether a requirement applies inline; attt_audit.applicability says the same."""
    from attt_audit.applicability import applicability

    systems = {s.id: s for s in Workspace(EXAMPLE).inventory().systems}
    seen = {True: 0, False: 0, None: 0}
    for system_id, result in results.items():
        system = systems[system_id]
        classification = engine.classify(system)
        assert classification is not None
        rows = {(r.control, r.level): r for r in result.results}
        reqs = [req for req in engine.requested.requirements if (req.control.id, req.level) in rows]
        for item in applicability(reqs, system, classification.criteria, classification.unknown_criteria):
            row = rows[(item.requirement.control.id, item.requirement.level)]
            value = item.outcome.value
            seen[value] += 1
            if value is True:
                assert row.methods != ["condition"], row.control
            else:
                assert row.methods == ["condition"] and row.reason is not None, row.control
                assert row.status.value == ("na" if value is False else "not_assessed")
                if value is None:
                    assert ", ".join(item.missing) in row.reason.en
    assert seen[True] and seen[False]
