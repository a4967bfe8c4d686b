"""Shared vocabulary: localised text, statuses, confidence, regimes."""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

Lang = Literal["vi", "en"]
Regime = Literal["nd85", "nd331"]
"""nd85: Decree 85/2016 + TT 12/2022 + TCVN 11930:2017. nd331: Law 116/2025 + Decree 331/2026 + TCVN 14423:2026."""

Level = Annotated[int, Field(ge=1, le=5, description="Security level (cấp độ) 1–5")]

Identifier = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9_.-]*$",
        max_length=120,
        description="Stable identifier: lower-case ASCII letters, digits, '.', '-', '_'",
    ),
]


def _nonblank(value: str) -> str:
    if not value.strip():
        raise ValueError("text must not be empty")
    return value


Text = Annotated[str, AfterValidator(_nonblank)]


class Strict(BaseModel):
    """Base of every model read from a user's file: unknown fields are errors."""

    # defer_build: a model's validator is built on its first use, not at import, so a command
    # pays only for the models it reads (the package has ~80; building all took ~100 ms).
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


class LocalText(Strict):
    """Text in Vietnamese and English. Both are required; Vietnamese is the default language."""

    vi: Text
    en: Text

    def get(self, lang: Lang) -> str:
        return self.vi if lang == "vi" else self.en

    def __getitem__(self, lang: str) -> str:
        """``text[lang]``, as templates and tables of labels read it (``vi`` unless ``en``)."""
        return self.en if lang == "en" else self.vi


class Confidence(StrEnum):
    """How sure the catalog is of a fact (see shared/domain briefs).

    A/B/C/X are the TCVN briefs' codes; P2/P1/S2/S1/INF are the legal brief's codes.
    """

    A = "A"
    B = "B"
    C = "C"
    P2 = "P2"
    P1 = "P1"
    S2 = "S2"
    S1 = "S1"
    INF = "INF"
    LOW = "low"

    @property
    def advisory(self) -> bool:
        """Facts this weak never fail a system on their own."""
        return self in {Confidence.C, Confidence.S1, Confidence.INF, Confidence.LOW}


class Status(StrEnum):
    """The five result values an officer or the engine may give a requirement."""

    PASS = "pass"
    PARTIAL = "partial"
    FAIL = "fail"
    NA = "na"
    NOT_ASSESSED = "not_assessed"

    def label(self, lang: Lang = "vi") -> str:
        return STATUS_LABELS[self][lang]

    @classmethod
    def parse(cls, value: Any) -> Status:
        """Accept the code, the Vietnamese label or the English label (case and spacing ignored)."""
        if isinstance(value, Status):
            return value
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a status; expected one of {status_choices()}")
        key = " ".join(unicodedata.normalize("NFC", value).strip().lower().split())
        found = _STATUS_LOOKUP.get(key)
        if found is None:
            raise ValueError(f"{value!r} is not a status; expected one of {status_choices()}")
        return found


STATUS_LABELS: dict[Status, dict[str, str]] = {
    Status.PASS: {"vi": "Đạt", "en": "Pass"},
    Status.PARTIAL: {"vi": "Một phần", "en": "Partial"},
    Status.FAIL: {"vi": "Không đạt", "en": "Fail"},
    Status.NA: {"vi": "Không áp dụng", "en": "Not applicable"},
    Status.NOT_ASSESSED: {"vi": "Chưa đánh giá", "en": "Not assessed"},
}

_STATUS_LOOKUP: dict[str, Status] = {}
for _status, _labels in STATUS_LABELS.items():
    for _text in (_status.value, _labels["vi"], _labels["en"]):
        _STATUS_LOOKUP[_text.lower()] = _status
_STATUS_LOOKUP.update({"n/a": Status.NA, "na": Status.NA, "not assessed": Status.NOT_ASSESSED})


def status_choices(lang: Lang = "vi") -> str:
    return ", ".join(s.label(lang) for s in Status)


StatusField = Annotated[Status, BeforeValidator(Status.parse)]
"""A status read from a user's file: code, Vietnamese or English label."""
