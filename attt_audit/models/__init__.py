"""The vocabulary of attt-audit: every model the tool reads or writes.

Everything else imports these; these import nothing from the rest of the package.
"""

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
from attt_audit.models.inventory import Approval, Endpoint, Host, Inspection, Inventory, Organisation, System
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
