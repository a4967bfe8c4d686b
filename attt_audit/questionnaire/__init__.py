"""Questionnaires officers fill: YAML, Excel and interactive answer sources, check and merge."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# ``check`` and ``merge`` are also the names of submodules: bound here, so that importing a
# submodule never leaves the module where the function is expected.
from attt_audit.questionnaire.check import CheckReport, Problem, check, check_file
from attt_audit.questionnaire.merge import merge

if TYPE_CHECKING:
    from attt_audit.questionnaire.build import build_questionnaire, default_profile
    from attt_audit.questionnaire.interactive import InteractiveForm
    from attt_audit.questionnaire.interface import (
        AnswerSource,
        QuestionItem,
        Questionnaire,
        QuestionnaireError,
    )
    from attt_audit.questionnaire.xlsx import XlsxForm
    from attt_audit.questionnaire.yaml_form import YamlForm

# Loaded on first use (PEP 562): ``status`` needs only .build, not the Excel and interactive forms.
_WHERE = {
    "build_questionnaire": "build",
    "default_profile": "build",
    "InteractiveForm": "interactive",
    "AnswerSource": "interface",
    "QuestionItem": "interface",
    "Questionnaire": "interface",
    "QuestionnaireError": "interface",
    "XlsxForm": "xlsx",
    "YamlForm": "yaml_form",
}

__all__ = [
    "AnswerSource",
    "CheckReport",
    "InteractiveForm",
    "Problem",
    "QuestionItem",
    "Questionnaire",
    "QuestionnaireError",
    "XlsxForm",
    "YamlForm",
    "build_questionnaire",
    "check",
    "check_file",
    "default_profile",
    "merge",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
