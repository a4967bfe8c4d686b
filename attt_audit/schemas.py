"""JSON Schemas of every file the tool reads or writes, so editors validate YAML as it is typed."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from attt_audit.models import (
    AnswerSet,
    AssessmentResult,
    ChecklistFile,
    Inventory,
    OverlayFile,
    ProbeRun,
    Profile,
    WaiverFile,
)
from attt_audit.models.annual import AnnualFile
from attt_audit.models.classification import RuleSet
from attt_audit.probes.interface import ProbeSettings
from attt_audit.yamlio import atomic_write_text

SCHEMAS: dict[str, type[BaseModel]] = {
    "inventory": Inventory,
    "checklist": ChecklistFile,
    "overlay": OverlayFile,
    "profile": Profile,
    "answers": AnswerSet,
    "waivers": WaiverFile,
    "probe-run": ProbeRun,
    "assessment-result": AssessmentResult,
    "annual": AnnualFile,
    "probe-settings": ProbeSettings,
    "classification-rules": RuleSet,
}


def schema_of(name: str) -> dict[str, object]:
    model = SCHEMAS[name]
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://attt-audit.invalid/schemas/{name}.schema.json"
    return schema


def write_schemas(out: Path) -> list[Path]:
    written = []
    for name in SCHEMAS:
        path = out / f"{name}.schema.json"
        atomic_write_text(path, json.dumps(schema_of(name), ensure_ascii=False, indent=2) + "\n")
        written.append(path)
    return written
