"""The vocabulary of attt-audit: every model the tool reads or writes.

Everything else imports these; these import nothing from the rest of the package.

The package is lazy (PEP 562): ``from attt_audit.models import Inventory`` imports only
``attt_audit.models.inventory`` (and what it needs), not all ~80 models, so a command
builds just the validators it uses. Type checkers see the plain imports below.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from attt_audit.models.answers import Answer, AnswerSet, Waiver, WaiverFile, answer_key
    from attt_audit.models.catalog import (
        ChecklistFile,
        Condition,
        Control,
        Framework,
        LevelVariant,
        OverlayFile,
        Param,
        Profile,
        Question,
    )
    from attt_audit.models.classification import Classification, ClassificationRow, RuleMatch, RuleSet
    from attt_audit.models.common import Confidence, Lang, LocalText, Regime, Status
    from attt_audit.models.dossier import DossierStep, DossierTrack, ScopeSnapshot
    from attt_audit.models.incidents import Incident, IncidentsFile
    from attt_audit.models.inventory import (
        Approval,
        Endpoint,
        Host,
        Inspection,
        Inventory,
        Organisation,
        System,
    )
    from attt_audit.models.observations import Observation, ProbeRun
    from attt_audit.models.province import ProvinceData, ProvinceFile
    from attt_audit.models.regime import Deadline, RegimeRules
    from attt_audit.models.results import (
        AssessmentResult,
        RemediationItem,
        RequirementResult,
        RunSummary,
        RunSystemEntry,
        Score,
    )

_WHERE: dict[str, str] = {
    # name -> submodule of attt_audit.models that defines it
    "Answer": "answers",
    "AnswerSet": "answers",
    "Waiver": "answers",
    "WaiverFile": "answers",
    "answer_key": "answers",
    "ChecklistFile": "catalog",
    "Condition": "catalog",
    "Control": "catalog",
    "Framework": "catalog",
    "LevelVariant": "catalog",
    "OverlayFile": "catalog",
    "Param": "catalog",
    "Profile": "catalog",
    "Question": "catalog",
    "Classification": "classification",
    "ClassificationRow": "classification",
    "RuleMatch": "classification",
    "RuleSet": "classification",
    "Confidence": "common",
    "Lang": "common",
    "LocalText": "common",
    "Regime": "common",
    "Status": "common",
    "DossierStep": "dossier",
    "DossierTrack": "dossier",
    "ScopeSnapshot": "dossier",
    "Incident": "incidents",
    "IncidentsFile": "incidents",
    "Approval": "inventory",
    "Endpoint": "inventory",
    "Host": "inventory",
    "Inspection": "inventory",
    "Inventory": "inventory",
    "Organisation": "inventory",
    "System": "inventory",
    "Observation": "observations",
    "ProbeRun": "observations",
    "ProvinceData": "province",
    "ProvinceFile": "province",
    "Deadline": "regime",
    "RegimeRules": "regime",
    "AssessmentResult": "results",
    "RemediationItem": "results",
    "RequirementResult": "results",
    "RunSummary": "results",
    "RunSystemEntry": "results",
    "Score": "results",
}

__all__ = [
    "Answer",
    "AnswerSet",
    "Approval",
    "AssessmentResult",
    "ChecklistFile",
    "Classification",
    "ClassificationRow",
    "Condition",
    "Confidence",
    "Control",
    "Deadline",
    "DossierStep",
    "DossierTrack",
    "Endpoint",
    "Framework",
    "Host",
    "Incident",
    "IncidentsFile",
    "Inspection",
    "Inventory",
    "Lang",
    "LevelVariant",
    "LocalText",
    "Observation",
    "Organisation",
    "OverlayFile",
    "Param",
    "ProbeRun",
    "Profile",
    "ProvinceData",
    "ProvinceFile",
    "Question",
    "Regime",
    "RegimeRules",
    "RemediationItem",
    "RequirementResult",
    "RuleMatch",
    "RuleSet",
    "RunSummary",
    "RunSystemEntry",
    "Score",
    "ScopeSnapshot",
    "Status",
    "System",
    "Waiver",
    "WaiverFile",
    "answer_key",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # next time a plain module attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
