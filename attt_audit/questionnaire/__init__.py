"""Questionnaires officers fill: YAML, Excel and interactive answer sources, check and merge."""

from __future__ import annotations

from attt_audit.questionnaire.build import build_questionnaire, default_profile
from attt_audit.questionnaire.check import CheckReport, Problem, check, check_file
from attt_audit.questionnaire.interactive import InteractiveForm
from attt_audit.questionnaire.interface import AnswerSource, QuestionItem, Questionnaire, QuestionnaireError
from attt_audit.questionnaire.merge import merge
from attt_audit.questionnaire.xlsx import XlsxForm
from attt_audit.questionnaire.yaml_form import YamlForm

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
