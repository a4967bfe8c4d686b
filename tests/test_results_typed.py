"""Typed, frozen results: the organisation, system, classification, waiver and answers a result
carries are models, the JSON is written as before, and results written by older versions load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from attt_audit.models import AssessmentResult, Classification, Organisation, System
from attt_audit.models.results import AnsweredQuestion, WaiverRecord
from attt_audit.render import render_reports

OLD = Path(__file__).resolve().parent / "data" / "old-results" / "cong-ttdt-42efab6.json"
"""The golden result of commit 42efab6 (before results were typed; ``generated_at`` and
``tool_version`` put back): its system still has the retired ``conditional_business`` key."""


@pytest.fixture(scope="module")
def old() -> AssessmentResult:
    return AssessmentResult.model_validate_json(OLD.read_bytes())


def test_an_old_result_loads_as_typed_models(old: AssessmentResult) -> None:
    assert isinstance(old.organisation, Organisation) and old.organisation.name
    assert isinstance(old.system, System) and old.system.id == "cong-ttdt"
    assert old.system.approval is not None and old.system.approval.level == 2
    assert isinstance(old.classification, Classification) and old.classification.proposed_level == 2
    waived = [r for r in old.results if r.waiver is not None]
    assert waived and all(isinstance(r.waiver, WaiverRecord) for r in waived)
    assert {r.waiver.state for r in waived if r.waiver is not None} <= {"active", "expired", "pending"}
    answered = [a for r in old.results for a in r.answers.values()]
    assert answered and all(isinstance(a, AnsweredQuestion) and a.question.vi for a in answered)


def test_an_old_result_keeps_every_fact_this_version_still_knows(old: AssessmentResult) -> None:
    raw = json.loads(OLD.read_text(encoding="utf-8"))
    written = json.loads(old.model_dump_json())
    retired = {"conditional_business"}
    assert set(written["system"]) == set(raw["system"]) - retired
    assert written["organisation"] == raw["organisation"]
    assert written["results"][0]["answers"] == raw["results"][0]["answers"]


def test_an_old_result_renders(old: AssessmentResult, tmp_path: Path) -> None:
    written = render_reports(old, ["md", "html"], "vi", tmp_path)
    text = (tmp_path / Path(written[0]).name).read_text(encoding="utf-8")
    assert old.system.name in text


def test_a_result_is_frozen(old: AssessmentResult) -> None:
    with pytest.raises(ValidationError):
        old.level = 5  # type: ignore[misc]
    with pytest.raises(ValidationError):
        old.results[0].status = old.results[0].status  # type: ignore[misc]
    again = old.model_copy(update={"level": 3})
    assert again.level == 3 and old.level == 2


def test_no_classification_is_written_as_an_empty_object_and_read_back(old: AssessmentResult) -> None:
    bare = old.model_copy(update={"classification": None})
    data = json.loads(bare.model_dump_json())
    assert data["classification"] == {}
    assert AssessmentResult.model_validate(data).classification is None


def test_system_is_written_without_empty_or_default_facts(old: AssessmentResult) -> None:
    data = json.loads(old.model_dump_json())
    assert "hosts" in data["system"]  # the example lists hosts: kept
    assert "extra" not in data["system"] and "dossier" not in data["system"]
    assert all(value is not None for value in data["system"].values())


def test_an_invalid_value_in_an_old_result_is_still_an_error() -> None:
    raw = json.loads(OLD.read_text(encoding="utf-8"))
    raw["system"]["declared_level"] = "ba"
    with pytest.raises(ValidationError, match="declared_level"):
        AssessmentResult.model_validate(raw)


def test_the_published_schema_accepts_an_old_result_and_an_unclassified_one(old: AssessmentResult) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from attt_audit.resources import data_dir

    schema = json.loads((data_dir("reports") / "gap" / "result.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(old.model_dump_json()), schema)
    jsonschema.validate(json.loads(old.model_copy(update={"classification": None}).model_dump_json()), schema)
