"""The dossier's data: documents, forms, outlines, attachments, steps (``checklists/dossier/``),
and the regime's deadlines for the steps (``checklists/regimes/<regime>.yaml``).

Python names no form number, article or deadline: all of them are read from these files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from attt_audit.errors import InputError
from attt_audit.models.common import Confidence, Level, LocalText, Regime, Strict, Text
from attt_audit.models.dossier import StepKind
from attt_audit.resources import data_dir
from attt_audit.yamlio import load_model, read_yaml

Role = Literal["operator", "owner", "appraiser", "specialised_unit"]


class RegimeInfo(Strict):
    name: LocalText
    standard: LocalText
    profile_prefix: Text
    """Profiles of this regime are ``<prefix><level>`` (``level3``, ``nd331-level3``)."""
    frameworks: list[str]
    """Frameworks whose requirements make up the security plan (the standard, the design list)."""
    security_term: LocalText


class FormRule(Strict):
    """Which form a document takes under one regime at some levels."""

    regime: Regime
    levels: list[Level]
    anqg: bool = False
    """Applies only to a system on the national-security (ANQG) list."""
    form: str | None = None
    """Form number (``Mẫu 02``), or None when the law gives no form or its number was not verified."""
    adapted_from: str | None = None
    name: LocalText | None = None
    recipient: Role | None = None
    signer: Role | None = None
    approves: Literal["level", "plan"] | None = None
    ref: Text
    confidence: Confidence
    note: LocalText | None = None
    note_confidence: Confidence | None = None


class DocumentRule(Strict):
    id: Text
    file: LocalText
    """File name stem (without extension) in each language."""
    title: LocalText
    signer: Role | None = None
    forms: list[FormRule]

    def form_for(self, regime: str, level: int, anqg: bool) -> FormRule | None:
        """The form rule for this regime and level; an ANQG-only rule wins for an ANQG system."""
        rules = [f for f in self.forms if f.regime == regime and level in f.levels]
        special = [f for f in rules if f.anqg]
        if anqg and special:
            return special[0]
        plain = [f for f in rules if not f.anqg]
        return plain[0] if plain else None


class Section(Strict):
    id: Text
    heading: LocalText
    ref: dict[Regime, str]
    confidence: Confidence
    regimes: list[Regime] = Field(default_factory=lambda: ["nd85", "nd331"])  # type: ignore[arg-type]
    levels: list[Level] = Field(default_factory=lambda: [1, 2, 3, 4, 5])

    def applies(self, regime: str, level: int) -> bool:
        return regime in self.regimes and level in self.levels


class LifecyclePart(Strict):
    id: Text
    name: LocalText
    kinds: list[str]


class Attachment(Strict):
    id: Text
    name: LocalText
    ref: dict[Regime, str]
    keywords: list[str]
    levels: list[Level] = Field(default_factory=lambda: [1, 2, 3, 4, 5])
    regimes: list[Regime] = Field(default_factory=lambda: ["nd85", "nd331"])  # type: ignore[arg-type]
    confidence: Confidence

    def applies(self, regime: str, level: int) -> bool:
        return regime in self.regimes and level in self.levels


class StepRule(Strict):
    kind: StepKind
    name: LocalText


class Clock(Strict):
    """A deadline of the file: which regime deadline, which step ends it, which steps start it."""

    regime_step: Text
    due: StepKind
    from_: list[StepKind] = Field(alias="from")


class Redetermination(Strict):
    ref: dict[Regime, str]
    confidence: Confidence
    text: LocalText


class ConflictRule(Strict):
    ref: dict[Regime, str]
    confidence: Confidence
    text: LocalText


class DecisionWords(Strict):
    article: LocalText
    """``Điều {n}. `` — how the decision numbers its articles."""
    copies_to: LocalText


class DossierRules(Strict):
    """``checklists/dossier/dossier.yaml``."""

    schema_version: Literal[1] = 1
    title: LocalText
    source: Text
    regimes: dict[Regime, RegimeInfo]
    documents: list[DocumentRule]
    outline: dict[str, list[Section]]
    lifecycle: list[LifecyclePart]
    attachments: list[Attachment]
    steps: list[StepRule]
    clocks: list[Clock]
    redetermination: Redetermination
    conflict_of_interest: ConflictRule
    decision: DecisionWords

    def article(self, n: int) -> LocalText:
        words = self.decision.article
        return LocalText(vi=words.vi.format(n=n), en=words.en.format(n=n))

    def document(self, doc_id: str) -> DocumentRule:
        return next(d for d in self.documents if d.id == doc_id)

    def section(self, outline: str, section_id: str) -> Section:
        return next(s for s in self.outline[outline] if s.id == section_id)

    def step_name(self, kind: str) -> LocalText:
        return next(s.name for s in self.steps if s.kind == kind)


def rules_path(folder: Path | None = None) -> Path:
    return (folder or data_dir("checklists") / "dossier") / "dossier.yaml"


@cache
def _load(path: Path) -> DossierRules:
    from attt_audit.catalog_cache import cached_data_file

    code = ("attt_audit.dossier.rules", "attt_audit.models.dossier", "attt_audit.models.common")
    return cached_data_file("dossier-rules", path, lambda: load_model(DossierRules, path), code=code)


def load_rules(folder: Path | None = None) -> DossierRules:
    """The dossier data (bundled, or from ``folder``)."""
    return _load(rules_path(folder).resolve())


# ------------------------------------------------------------------ the regime's deadlines


class Period(BaseModel):
    model_config = ConfigDict(extra="ignore", defer_build=True)
    count: int = Field(ge=0)
    unit: str


class RegimeDeadline(BaseModel):
    """A deadline of the regime's rules (``checklists/regimes/<regime>.yaml``, ``deadlines``)."""

    model_config = ConfigDict(extra="ignore", defer_build=True)
    id: str
    step: str | None = None
    period: Period | None = None
    levels: list[int] = Field(default_factory=list)
    ref: str
    text: LocalText
    confidence: str = ""

    @property
    def unit(self) -> Literal["working", "calendar"] | None:
        if self.period is None:
            return None
        if self.period.unit == "working_days":
            return "working"
        if self.period.unit == "days":
            return "calendar"
        return None

    def applies_to(self, level: int | None) -> bool:
        return not self.levels or (level is not None and level in self.levels)


class _RegimeDeadlines(BaseModel):
    model_config = ConfigDict(extra="ignore", defer_build=True)
    deadlines: list[RegimeDeadline] = Field(default_factory=list)


def regime_rules_path(regime: str, folder: Path | None = None) -> Path:
    return (folder or data_dir("checklists") / "regimes") / f"{regime}.yaml"


@cache
def _deadlines(path: Path) -> list[RegimeDeadline]:
    if not path.is_file():
        return []
    from attt_audit.catalog_cache import cached_data_file

    code = ("attt_audit.dossier.rules", "attt_audit.models.common")
    return cached_data_file(f"deadlines-{path.stem}", path, lambda: _read_deadlines(path), code=code)


def _read_deadlines(path: Path) -> list[RegimeDeadline]:
    located = read_yaml(path)
    data = located.data if isinstance(located.data, dict) else {}
    try:
        return _RegimeDeadlines.model_validate({"deadlines": data.get("deadlines") or []}).deadlines
    except Exception as exc:  # pydantic ValidationError: name the file, not a traceback
        raise InputError(f"deadlines do not parse: {exc}", location=str(path)) from None


def regime_deadlines(regime: str, folder: Path | None = None) -> list[RegimeDeadline]:
    """The regime's deadlines that belong to a procedure step (``step`` and ``period`` set)."""
    return [d for d in _deadlines(regime_rules_path(regime, folder).resolve()) if d.step and d.period]
