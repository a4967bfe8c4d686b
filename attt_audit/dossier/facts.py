"""What the workspace knows about one system, gathered once for every document of its dossier.

Sources: the inventory (``inventory.yaml``), the classification under the chosen regime (matched
and rejected criteria), the requirements of the proposed level (the regime's profile), the
answers (``answers/<system>.yaml``), the latest probe evidence and the latest run
(``runs/<id>/<system>/result.json``). A fact the documents need and the workspace lacks becomes a
:class:`Gap` naming the inventory field and its place in the file; nothing is filled in by guess.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from attt_audit.catalog import Requirement, load_catalog, load_profiles, resolve_profile
from attt_audit.dossier.rules import DossierRules, load_rules
from attt_audit.errors import InputError
from attt_audit.models import (
    AnswerSet,
    AssessmentResult,
    Classification,
    Inventory,
    LocalText,
    ProbeRun,
    RequirementResult,
    RuleSet,
    Status,
    System,
    answer_key,
)
from attt_audit.models.classification import ClassificationRow
from attt_audit.workspace import Workspace
from attt_audit.yamlio import Located, dotted, read_yaml

MeasureStatus = Literal["in_place", "partly", "planned", "na"]


@dataclass(frozen=True)
class Gap:
    """A fact the workspace lacks: what it is, the inventory (or answers) field, where to add it."""

    label: LocalText
    field: str
    """``systems[4].dossier.operator_contact.phone`` or ``answers/cong-ttdt.yaml``."""
    location: str
    """``inventory.yaml:123:5``: the field, or the nearest part of the file that exists."""

    def marker(self, lang: str) -> str:
        return f"[cần bổ sung: {self.label.vi}]" if lang == "vi" else f"[to be supplied: {self.label.en}]"


@dataclass(frozen=True)
class Problem:
    """Contradictory facts: one line naming the field and its place in the file."""

    text: LocalText
    location: str


Part = str | Gap | LocalText | dt.date
"""A piece of document text: the user's own words (kept as written), words in both languages,
a date (formatted per language), or a marked gap."""


def _vn_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass
class PlanRow:
    """One requirement of the proposed level, as the security plan (phương án) shows it."""

    requirement: Requirement
    reference: str
    title: LocalText
    kind: str
    state: list[Part]
    measure: list[Part]
    status: MeasureStatus | None
    owner: list[Part]
    due: list[Part]
    evidence: list[str]


@dataclass
class SystemFacts:
    """Everything one system's dossier is built from, and the gaps found on the way."""

    workspace: Workspace
    rules: DossierRules
    inventory: Inventory
    system: System
    index: int
    located: Located
    regime: str
    today: dt.date
    classification: Classification
    ruleset: RuleSet
    rejected: list[ClassificationRow]
    level: int | None
    level_basis: LocalText
    answers: AnswerSet | None
    probe_run: ProbeRun | None
    last_run: AssessmentResult | None
    last_run_path: Path | None
    evidence_files: list[str]
    plan: list[PlanRow] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    # -------------------------------------------------------------- locations and gaps

    def path(self, *parts: str | int) -> tuple[str | int, ...]:
        return ("systems", self.index, *parts)

    def where(self, *parts: str | int) -> str:
        return self.located.where(self.path(*parts))

    def gap(self, vi: str, en: str, *parts: str | int, where: str | None = None) -> Gap:
        """Record (once) and return the gap for the field ``systems[i].<parts>``."""
        fld = dotted(self.path(*parts)) if where is None else where
        loc = self.where(*parts) if where is None else where
        gap = Gap(LocalText(vi=vi, en=en), fld, loc)
        if gap not in self.gaps:
            self.gaps.append(gap)
        return gap

    def need(self, value: Any, vi: str, en: str, *parts: str | int) -> Part:
        """``value`` as text, or the gap for the field when it is missing or empty."""
        if value is None or (isinstance(value, str | list) and not value):
            return self.gap(vi, en, *parts)
        if isinstance(value, LocalText | dt.date):
            return value
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)

    def problem(self, vi: str, en: str, *parts: str | int) -> None:
        self.problems.append(Problem(LocalText(vi=vi, en=en), self.where(*parts)))

    # ------------------------------------------------------------------- shortcuts

    @property
    def dossier(self) -> Any:
        return self.system.dossier

    @property
    def anqg(self) -> bool:
        return bool(self.system.anqg)

    @property
    def regime_info(self) -> Any:
        return self.rules.regimes[self.regime]  # type: ignore[index]


# ------------------------------------------------------------------------- collection


def _rejected(ruleset: RuleSet, classification: Classification) -> list[ClassificationRow]:
    """Rows evaluated and found false: neither matched nor undecided."""
    decided = {m.id for m in classification.matched} | {u.id for u in classification.unknown_rows}
    return [row for row in ruleset.rows if row.id not in decided]


def latest_result(workspace: Workspace, system_id: str) -> tuple[AssessmentResult | None, Path | None]:
    """The newest ``runs/<id>/<system>/result.json`` (by the time it was generated)."""
    best: tuple[dt.datetime, AssessmentResult, Path] | None = None
    if not workspace.runs_dir.is_dir():
        return None, None
    for path in sorted(workspace.runs_dir.glob(f"*/{system_id}/result.json")):
        try:
            result = AssessmentResult.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, OSError):
            raise InputError(
                "not an assessment result",
                location=str(path),
                expected="a result.json written by 'attt-audit run'",
            ) from None
        stamp = result.generated_at.replace(tzinfo=result.generated_at.tzinfo or dt.UTC)
        if best is None or stamp > best[0]:
            best = (stamp, result, path)
    return (best[1], best[2]) if best else (None, None)


def evidence_files(workspace: Workspace) -> list[str]:
    """Files under ``evidence/`` (probe runs excluded), relative, sorted."""
    root = workspace.evidence_dir
    if not root.is_dir():
        return []
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "probes" not in p.relative_to(root).parts[:1] and not p.name.startswith(".")
    )


def collect(
    workspace: Path,
    system_id: str,
    *,
    regime: str | None = None,
    today: dt.date | None = None,
    inventory: Inventory | None = None,
) -> SystemFacts:
    """Gather the facts of ``system_id`` for a dossier under ``regime`` (default: the file's
    recorded regime, else the one in force ``today``)."""
    from attt_audit.classify import choose_regime, classify, load_ruleset
    from attt_audit.probes import latest_run

    ws = Workspace(Path(workspace))
    inv = inventory or ws.inventory()
    system = ws.system(system_id) if inventory is None else inventory.system(system_id)
    if system is None:
        ws.system(system_id)  # raises the not-found error with the list of ids
        raise AssertionError("unreachable")
    index = next(i for i, s in enumerate(inv.systems) if s.id == system_id)
    located = read_yaml(ws.inventory_path)
    day = today or dt.date.today()
    recorded = system.dossier.regime if system.dossier else None
    chosen = choose_regime(regime or recorded, day)
    ruleset = load_ruleset(chosen)
    classification = classify(system, chosen, day)
    rules = load_rules()
    last, last_path = latest_result(ws, system.id)

    facts = SystemFacts(
        workspace=ws,
        rules=rules,
        inventory=inv,
        system=system,
        index=index,
        located=located,
        regime=chosen,
        today=day,
        classification=classification,
        ruleset=ruleset,
        rejected=_rejected(ruleset, classification),
        level=None,
        level_basis=LocalText(vi="-", en="-"),
        answers=ws.answers(system.id),
        probe_run=latest_run(ws, system.id),
        last_run=last,
        last_run_path=last_path,
        evidence_files=evidence_files(ws),
    )
    _choose_level(facts)
    if recorded is not None and regime is not None and recorded != regime:
        facts.problem(
            f"hồ sơ ghi chế độ {recorded} nhưng lệnh yêu cầu {regime}: bản dự thảo theo {regime}",
            f"the file records regime {recorded} but {regime} was asked for: drafted under {regime}",
            "dossier",
            "regime",
        )
    if facts.level is not None:
        facts.plan = _plan_rows(facts)
        _conflict(facts)
    return facts


def _conflict(facts: SystemFacts) -> None:
    """The unit that appraises the file must not be the one that operates the system."""
    from attt_audit.regime import regime

    assert facts.level is not None
    rule = regime(facts.regime).approval[facts.level]
    unit = facts.inventory.organisation.security_unit
    own = facts.system.dossier.appraising_unit if facts.system.dossier else None
    appraiser = own or (unit if rule.appraiser == "security_unit" else None)
    operator = facts.system.operator
    if appraiser and operator and (appraiser == operator or appraiser.startswith(operator)):
        c = facts.rules.conflict_of_interest
        ref = c.ref.get(facts.regime, "")  # type: ignore[call-overload]
        facts.problem(f"{c.text.vi} ({ref})", f"{c.text.en} ({ref})", "operator")


def _choose_level(facts: SystemFacts) -> None:
    """The level the file proposes: the one fixed in ``dossier.level``, else the classification's."""
    c = facts.classification
    fixed = facts.system.dossier.level if facts.system.dossier else None
    if fixed is not None:
        facts.level = fixed
        facts.level_basis = LocalText(vi="cấp độ ghi trong hồ sơ", en="the level recorded in the file")
        if c.proposed_level is not None and c.outcome == "ok" and c.proposed_level != fixed:
            facts.problem(
                f"hồ sơ đề xuất cấp độ {fixed} nhưng các tiêu chí xác định cấp độ {c.proposed_level}",
                f"the file proposes level {fixed} but the criteria give level {c.proposed_level}",
                "dossier",
                "level",
            )
        return
    if c.proposed_level is not None:
        facts.level = c.proposed_level
        facts.level_basis = LocalText(vi="theo tiêu chí xác định cấp độ", en="from the level criteria")
        if c.outcome == "needs_input":
            for name in c.missing:
                parts = tuple(name.split("."))
                facts.gap(
                    f"dữ liệu để xác định cấp độ: {name}",
                    f"a fact needed to decide the level: {name}",
                    *parts,
                )
        return
    facts.gap(
        "dữ liệu để xác định cấp độ (không tiêu chí nào thỏa mãn)",
        "facts that decide the level (no criterion matched)",
        "system_type",
    )


# ------------------------------------------------------------------------- the plan


def _profile_name(facts: SystemFacts) -> str:
    return f"{facts.regime_info.profile_prefix}{facts.level}"


def _answer_status(statuses: list[Status]) -> MeasureStatus | None:
    decided = [s for s in statuses if s is not Status.NOT_ASSESSED]
    if not decided:
        return None
    if all(s is Status.NA for s in decided):
        return "na"
    decided = [s for s in decided if s is not Status.NA]
    if all(s is Status.PASS for s in decided):
        return "in_place"
    if any(s in (Status.PASS, Status.PARTIAL) for s in decided):
        return "partly"
    return "planned"


_FROM_RESULT: dict[Status, MeasureStatus] = {
    Status.PASS: "in_place",
    Status.PARTIAL: "partly",
    Status.FAIL: "planned",
    Status.NA: "na",
}

_STATUS_WORDS = {
    Status.PASS: ("đạt", "met"),
    Status.PARTIAL: ("đạt một phần", "partly met"),
    Status.FAIL: ("chưa đạt", "not met"),
    Status.NA: ("không áp dụng", "not applicable"),
}


def _plan_rows(facts: SystemFacts) -> list[PlanRow]:
    catalog = load_catalog(overlay=facts.workspace.overlay_dir)
    profiles = load_profiles(facts.workspace.root)
    name = _profile_name(facts)
    if name not in profiles:
        facts.gap(
            f"bộ yêu cầu (profile) {name} cho cấp độ {facts.level}",
            f"a profile {name} for level {facts.level}",
            where=f"profiles/{name}.yaml",
        )
        return []
    resolved = resolve_profile(name, catalog, profiles)
    frameworks = set(facts.regime_info.frameworks)
    answers = facts.answers.answers if facts.answers else {}
    last = facts.last_run
    by_control: dict[str, RequirementResult] = {}
    if last is not None and last.regime == facts.regime and last.level == facts.level:
        by_control = {r.control: r for r in last.results}
    observations = facts.probe_run.observations if facts.probe_run else []
    dossier = facts.system.dossier
    rows: list[PlanRow] = []
    answers_file = f"answers/{facts.system.id}.yaml"
    for req in resolved.requirements:
        if req.framework not in frameworks:
            continue
        cid = req.control.id
        vi_title, en_title = req.title("vi"), req.title("en")
        state: list[Part] = []
        notes: list[str] = []
        evidence: list[str] = []
        statuses: list[Status] = []
        for q in req.variant.questions:
            ans = answers.get(answer_key(cid, req.level, q.id))
            if ans is None:
                continue
            if ans.status is not None:
                statuses.append(ans.status)
            if ans.note:
                notes.append(ans.note)
            if ans.justification:
                notes.append(ans.justification)
            evidence += [e for e in ans.evidence if e not in evidence]
        status = _answer_status(statuses)
        result = by_control.get(cid)
        if result is not None and result.status in _FROM_RESULT:
            status = _FROM_RESULT[result.status]
        if notes:
            state.append(" ".join(dict.fromkeys(notes)))
        if result is not None and result.status in _STATUS_WORDS:
            vi, en = _STATUS_WORDS[result.status]
            assert last is not None
            day = last.assessed_on
            state.append(
                LocalText(
                    vi=f"Đánh giá ngày {_vn_date(day)}: {vi}.", en=f"Assessment of {day.isoformat()}: {en}."
                )
            )
        checks = [o for o in observations if o.check in req.control.checks]
        if checks:
            ok = sum(o.result == "pass" for o in checks)
            bad = sum(o.result == "fail" for o in checks)
            assert facts.probe_run is not None
            day = facts.probe_run.started_at.date()
            state.append(
                LocalText(
                    vi=f"Kiểm tra kỹ thuật ngày {_vn_date(day)}: {ok} phép kiểm tra đạt, {bad} không đạt.",
                    en=f"Technical checks of {day.isoformat()}: {ok} passed, {bad} failed.",
                )
            )
        if not state and status is None:
            state.append(
                facts.gap(
                    f"hiện trạng của yêu cầu \u201c{vi_title}\u201d (trả lời bảng hỏi)",
                    f"the current state of \u201c{en_title}\u201d (questionnaire answers)",
                    where=answers_file,
                )
            )
        remediation = getattr(req.variant, "remediation", None) or getattr(req.control, "remediation", None)
        summary = req.variant.summary or req.control.summary
        if notes and status != "in_place":
            measure: list[Part] = [notes[0]]
        elif isinstance(remediation, LocalText):
            measure = [remediation]
        elif summary is not None:
            measure = [summary]
        else:
            measure = [LocalText(vi=vi_title, en=en_title)]
        plan = dossier.measures.get(cid) if dossier else None
        owner: list[Part]
        if plan is not None and plan.owner:
            owner = [plan.owner]
        elif facts.system.operator:
            owner = [facts.system.operator]
        else:
            owner = [facts.gap("đơn vị vận hành", "the operator", "operator")]
        due: list[Part] = []
        if status in ("in_place", "na"):
            due = []
        elif plan is not None and plan.due is not None:
            due = [plan.due]
        elif dossier is not None and dossier.default_due is not None:
            due = [dossier.default_due]
        else:
            due = [
                facts.gap(
                    "thời hạn hoàn thành",
                    "the deadline",
                    "dossier",
                    "default_due",
                )
            ]
        rows.append(
            PlanRow(
                requirement=req,
                reference=req.reference(),
                title=LocalText(vi=vi_title, en=en_title),
                kind=req.control.kind,
                state=state,
                measure=measure,
                status=status,
                owner=owner,
                due=due,
                evidence=evidence,
            )
        )
    return rows
