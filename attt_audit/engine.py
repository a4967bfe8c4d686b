"""The assessment engine: one result per requirement that applies to a system at its level.

For each requirement of the resolved profile the engine combines three independent sources
into one status (Đạt / Một phần / Không đạt / Không áp dụng / Chưa đánh giá) and names the
method(s) that decided it:

* **answer**: the officer's answers to the variant's questions (``answers/<system>.yaml``);
  value questions are compared with the level's parameter (advisory parameters only warn);
* **probe**: observations of the latest recorded probe run under the control's check ids;
* **inventory**: the variant's inventory evaluator over facts and dates.

The rules are written down as a table in ``docs/engine.md`` and tested as a truth table in
``tests/test_engine.py``. Catalog and profiles are loaded once per run (:class:`Engine`);
nothing in the catalog is copied per requirement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from attt_audit import __version__
from attt_audit.binding import Baseline, baseline_regime, effective_binding, why_not_binding
from attt_audit.catalog import Catalog, Requirement, ResolvedProfile, resolve_profile
from attt_audit.conditions import TRUE, evaluate
from attt_audit.models import (
    Answer,
    AnswerSet,
    AssessmentResult,
    Condition,
    LocalText,
    Observation,
    Organisation,
    ProbeRun,
    Profile,
    Question,
    RequirementResult,
    Status,
    System,
    Waiver,
    answer_key,
)
from attt_audit.models.annual import AnnualFile
from attt_audit.models.classification import Classification
from attt_audit.models.incidents import IncidentsFile
from attt_audit.models.results import AnsweredQuestion, Method, NotBindingItem, WaiverRecord
from attt_audit.models.trusted import trusted
from attt_audit.remediation import plan
from attt_audit.scoring import compute_score_pair
from attt_audit.waivers import WaiverState, pick_waiver, waivers_for

VALUE_TYPES = {"number", "months", "days"}
STATUS_QUESTION_TYPES = {"status", "text", "date"}
_RANK = {Status.FAIL: 0, Status.PARTIAL: 1, Status.PASS: 2}


class ClassificationLike(Protocol):
    """What the engine reads from :class:`attt_audit.classify.Classification`."""

    @property
    def criteria(self) -> Set[str]: ...
    @property
    def unknown_criteria(self) -> Mapping[str, frozenset[str]]: ...
    @property
    def proposed_level(self) -> int | None: ...

    def model_dump(self, *, mode: str = ...) -> dict[str, Any]: ...


_TEXT_FIELDS = frozenset(("vi", "en"))


def _t(vi: str, en: str) -> LocalText:
    """``LocalText(vi=vi, en=en)`` of the engine's own sentences (each has words besides the facts
    it names, so never blank: see :func:`attt_audit.models.trusted.trusted`)."""
    return trusted(LocalText, {"vi": vi, "en": en}, set(_TEXT_FIELDS))


@lru_cache(maxsize=8192)
def _text(vi: str, en: str) -> LocalText:
    """A text the engine words the same for many requirements and systems (a question, "From answers
    (2/2 questions)"): one object per text in a run, as no result changes its texts."""
    return _t(vi, en)


_question_text = _text


def _join(texts: Iterable[LocalText]) -> LocalText | None:
    items = list(texts)
    if not items:
        return None
    if len(items) == 1:  # the same words: the text itself
        return items[0]
    return _t("; ".join(t.vi for t in items), "; ".join(t.en for t in items))


_ANSWER_FIELDS = frozenset(AnsweredQuestion.model_fields)


def _answered(ans: Answer, text: LocalText) -> AnsweredQuestion:
    """``AnsweredQuestion(question=text, **ans.__dict__)`` of a validated answer (see
    :func:`attt_audit.models.trusted.trusted`)."""
    values = {"question": text, **ans.__dict__}  # the question is AnsweredQuestion's first field
    values["evidence"] = list(values["evidence"])  # its own list, as validation gives it
    return trusted(AnsweredQuestion, values, set(_ANSWER_FIELDS))


def _fmt(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ------------------------------------------------------------------------- verdicts


@dataclass(slots=True)
class Verdict:
    """What one method says about a requirement. ``status`` None: it says nothing."""

    method: Method
    status: Status | None
    reason: LocalText | None = None
    conflicts: list[LocalText] = field(default_factory=list)
    advisories: list[LocalText] = field(default_factory=list)
    past_fact: bool = False
    """The inventory evaluator found a past fact that cannot be undone (recorded, no deadline)."""

    @property
    def decisive(self) -> bool:
        return self.status is not None and self.status is not Status.NOT_ASSESSED


def _question_verdict(
    req: Requirement, q: Question, ans: Answer
) -> tuple[Status | None, list[LocalText], list[LocalText], LocalText | None]:
    """(status, conflicts, advisories, problem) of one answered question."""
    status = ans.status if ans.status is not Status.NOT_ASSESSED else None
    if q.answer_type not in VALUE_TYPES or q.param is None or ans.value is None or status is Status.NA:
        return status, [], [], None
    param = req.variant.params.get(q.param)
    if param is None:
        return status, [], [], None
    try:
        value = float(ans.value)
    except (TypeError, ValueError):
        return (
            status,
            [],
            [],
            _t(
                f"{q.id}: giá trị {ans.value!r} không phải là số",
                f"{q.id}: value {ans.value!r} is not a number",
            ),
        )
    unit = f" {param.unit}" if param.unit else ""
    if param.owner_defined:
        # The standard leaves the value to the owner: recording it is what is asked.
        return status or Status.PASS, [], [], None
    bound_raw = req.params.get(q.param)
    if param.min is not None or (param.max is None and bound_raw is not None):
        bound = float(bound_raw if isinstance(bound_raw, (int, float)) else param.min or 0)
        ok, op_vi, op_en = value >= bound, "tối thiểu", "at least"
    elif param.max is not None:
        bound = float(bound_raw if isinstance(bound_raw, (int, float)) else param.max)
        ok, op_vi, op_en = value <= bound, "tối đa", "at most"
    else:
        return status, [], [], None
    if ok:
        return status or Status.PASS, [], [], None
    shown = f"{_fmt(value)}{unit}"
    need = f"{_fmt(bound)}{unit}"
    if param.advisory or param.confidence.advisory:
        advisory = _t(
            f"{q.id}: giá trị {shown} chưa đạt ngưỡng khuyến nghị {op_vi} {need} "
            f"({param.source}; độ tin cậy {param.confidence.value}) — chỉ khuyến nghị",
            f"{q.id}: value {shown} misses the advisory threshold of {op_en} {need} "
            f"({param.source}; confidence {param.confidence.value}) — advisory only",
        )
        return status or Status.PASS, [], [advisory], None
    conflicts = []
    if status is Status.PASS:
        conflicts.append(
            _t(
                f"Trả lời Đạt nhưng {q.id} ghi {shown}, yêu cầu {op_vi} {need} ({param.source})",
                f"Answered Pass but {q.id} gives {shown}; required {op_en} {need} ({param.source})",
            )
        )
    return Status.FAIL, conflicts, [], None


QuestionPlan = tuple[tuple[Question, str, LocalText, bool, bool], ...]
"""Per question of a requirement: (question, answer key, text as results show it, counted as
unanswered when no answer decides it, compared with a parameter): see :func:`question_plan`."""


def question_plan(req: Requirement) -> QuestionPlan:
    """What :func:`answer_verdict` reads of each question, worked out once per requirement."""
    control, level = req.control.id, req.level
    return tuple(
        (
            q,
            answer_key(control, level, q.id),
            _question_text(q.vi, q.en),
            q.answer_type in STATUS_QUESTION_TYPES or q.param is not None,
            q.answer_type in VALUE_TYPES and q.param is not None,
        )
        for q in req.variant.questions
    )


def answer_verdict(
    req: Requirement, answers: Mapping[str, Answer], plan: QuestionPlan | None = None
) -> tuple[Verdict, dict[str, AnsweredQuestion], list[str]]:
    """The answers' verdict, the answers as reported, and the evidence they cite.

    ``plan``: :func:`question_plan` of ``req`` (the engine keeps one per requirement)."""
    statuses: list[tuple[str, Status]] = []
    conflicts: list[LocalText] = []
    advisories: list[LocalText] = []
    problems: list[LocalText] = []
    unanswered: list[str] = []
    shown: dict[str, AnsweredQuestion] = {}
    evidence: list[str] = []
    justified = False
    for q, key, text, needed, valued in plan if plan is not None else question_plan(req):
        ans = answers.get(key)
        if ans is None:
            if needed:
                unanswered.append(q.id)
            continue
        given = ans.status
        if given is Status.NOT_ASSESSED:
            given = None
        if given is None and ans.value is None and needed:
            unanswered.append(q.id)
        shown[q.id] = _answered(ans, text)
        for ref in ans.evidence:
            if ref not in evidence:
                evidence.append(ref)
        if valued:
            status, q_conflicts, q_advisories, problem = _question_verdict(req, q, ans)
            conflicts += q_conflicts
            advisories += q_advisories
            if problem is not None:
                problems.append(problem)
        else:  # as _question_verdict gives it for a question without a parameter
            status = given
        if status is not None:
            statuses.append((q.id, status))
            justified = justified or (status is Status.NA and bool((ans.justification or "").strip()))
    if not statuses:
        reason = (
            _text(
                "Chưa có câu trả lời (" + ", ".join(unanswered) + ")",
                "No answer given (" + ", ".join(unanswered) + ")",
            )
            if unanswered
            else None
        )
        reason = _join([r for r in [reason, *problems] if r is not None])
        return Verdict("answer", None, reason, conflicts, advisories), shown, evidence
    rated = [s for _, s in statuses if s is not Status.NA]
    if not rated:
        if not justified:
            return (
                Verdict(
                    "answer",
                    Status.NOT_ASSESSED,
                    _text(
                        "Trả lời Không áp dụng nhưng không nêu lý do",
                        "Answered Not applicable without a justification",
                    ),
                ),
                shown,
                evidence,
            )
        return (
            Verdict(
                "answer",
                Status.NA,
                _text("Trả lời Không áp dụng, có nêu lý do", "Answered Not applicable, with a justification"),
            ),
            shown,
            evidence,
        )
    count = f"{len(rated)}/{len(req.variant.questions)}"
    if Status.PARTIAL in rated or (Status.FAIL in rated and Status.PASS in rated):
        status = Status.PARTIAL
    elif all(s is Status.FAIL for s in rated):
        status = Status.FAIL
    elif unanswered:
        status = Status.PARTIAL
    else:
        status = Status.PASS
    failed = [q for q, s in statuses if s is Status.FAIL or s is Status.PARTIAL]
    vi = f"Theo trả lời ({count} câu)"
    en = f"From answers ({count} questions)"
    if failed:
        vi += "; chưa đạt: " + ", ".join(failed)
        en += "; not met: " + ", ".join(failed)
    if unanswered:
        vi += "; chưa trả lời: " + ", ".join(unanswered)
        en += "; unanswered: " + ", ".join(unanswered)
    reason = _join([_text(vi, en), *problems])
    return Verdict("answer", status, reason, conflicts, advisories), shown, evidence


def probe_verdict(
    checks: list[str], by_check: Mapping[str, list[Observation]]
) -> tuple[Verdict, list[Observation]]:
    """Any failing observation fails; otherwise any passing one passes; errors decide nothing.

    A stale pass (older than the allowed evidence age) does not count as a pass."""
    observed = [o for check in checks for o in by_check.get(check, ())]
    if not checks:
        return Verdict("probe", None), observed
    failed = [o for o in observed if o.result == "fail"]
    passed = [o for o in observed if o.result == "pass" and not o.stale]
    if not failed and not passed and any(o.result == "pass" for o in observed):
        names = ", ".join(sorted({f"{o.check} @ {o.target}" for o in observed if o.stale}))
        return Verdict(
            "probe",
            None,
            _t(
                f"Kết quả kiểm tra tự động đã quá cũ, cần kiểm tra lại: {names}",
                f"Probe evidence is too old to count, probe again: {names}",
            ),
        ), observed
    if failed:
        names = ", ".join(f"{o.check} @ {o.target}" for o in failed)
        return Verdict(
            "probe",
            Status.FAIL,
            _t(f"Kiểm tra tự động không đạt: {names}", f"Probe check failed: {names}"),
        ), observed
    if passed:
        names = ", ".join(sorted({o.check for o in passed}))
        return Verdict(
            "probe",
            Status.PASS,
            _t(
                f"Kiểm tra tự động đạt ({len(passed)} quan sát: {names})",
                f"Probe checks passed ({len(passed)} observation{'s' if len(passed) > 1 else ''}: {names})",
            ),
        ), observed
    if observed:
        names = ", ".join(sorted({o.check for o in observed}))
        return Verdict(
            "probe",
            None,
            _t(
                f"Kiểm tra tự động không thực hiện được ({names})",
                f"Probe checks could not be tested ({names})",
            ),
        ), observed
    names = ", ".join(checks)
    return Verdict(
        "probe",
        None,
        _t(f"Không có kết quả kiểm tra tự động cho {names}", f"No probe evidence for {names}"),
    ), observed


def _stale_note(stale: list[Observation], today: dt.date) -> LocalText:
    oldest = min(o.observed_at for o in stale)
    days = (today - oldest.date()).days
    names = ", ".join(sorted({f"{o.check} @ {o.target}" for o in stale}))
    return _t(
        f"Bằng chứng kiểm tra tự động đã cũ ({days} ngày, từ {oldest:%d/%m/%Y}), không tính là Đạt: {names}",
        f"Stale probe evidence ({days} days old, from {oldest:%Y-%m-%d}), not counted as a pass: {names}",
    )


def combine(
    answer: Verdict, probe: Verdict, inventory: Verdict, *, questions_open: bool = False
) -> tuple[Status, list[Method], LocalText | None, list[LocalText]]:
    """(status, deciding methods, reason, conflicts) from the three verdicts (see docs/engine.md).

    ``questions_open``: the requirement has questions and none was answered decisively. A probe
    or inventory check sees only part of such a requirement: its failure stands, but its pass
    cannot stand in for the officer's answers, so the result stays Chưa đánh giá.
    """
    verdicts = [answer, probe, inventory]
    decisive = [v for v in verdicts if v.status is not None and v.status is not Status.NOT_ASSESSED]
    conflicts = [*answer.conflicts, *probe.conflicts, *inventory.conflicts]
    if len(decisive) == 1 and not questions_open:
        # one method decides (the common case): its status and reason; no other to conflict with
        only = decisive[0]
        assert only.status is not None
        return only.status, [only.method], only.reason, conflicts
    if questions_open and decisive and all(v.status is Status.PASS for v in decisive):
        reason = _join(
            [
                *(v.reason for v in decisive if v.reason is not None),
                _t(
                    "kiểm tra tự động chỉ thấy một phần yêu cầu; cần trả lời bảng hỏi để kết luận",
                    "automatic checks see only part of this requirement; the questionnaire must be answered to conclude",
                ),
                *([answer.reason] if answer.reason is not None else []),
            ]
        )
        return Status.NOT_ASSESSED, [v.method for v in decisive], reason, conflicts
    if not decisive:
        if answer.status is Status.NOT_ASSESSED:
            return Status.NOT_ASSESSED, ["answer"], answer.reason, conflicts
        reasons = [v.reason for v in verdicts if v.reason is not None]
        none_reason = _join(reasons) or _t(
            "Không có câu hỏi, kiểm tra tự động hay dữ liệu kiểm kê nào để đánh giá",
            "No question, probe check or inventory fact can assess it",
        )
        return Status.NOT_ASSESSED, [], none_reason, conflicts
    methods: list[Method] = [v.method for v in decisive]
    reason = _join(v.reason for v in decisive if v.reason is not None)
    statuses = [v.status for v in decisive]
    if all(s is Status.NA for s in statuses):
        return Status.NA, methods, reason, conflicts
    rated = [v for v in decisive if v.status is not Status.NA]
    status = min((v.status for v in rated if v.status is not None), key=_RANK.__getitem__)
    if answer.decisive:
        for other in (probe, inventory):
            if not other.decisive or other is answer:
                continue
            said = answer.status.label("vi") if answer.status else ""
            said_en = answer.status.label("en") if answer.status else ""
            if (
                answer.status in (Status.PASS, Status.NA)
                and other.status in (Status.FAIL, Status.PARTIAL)
                or answer.status is Status.NA
                and other.status is Status.PASS
            ):
                conflicts.append(_conflict(said, said_en, other))
    return status, methods, reason, conflicts


def _conflict(said_vi: str, said_en: str, other: Verdict) -> LocalText:
    what = other.reason or _t(other.method, other.method)
    source_vi = {"probe": "kiểm tra tự động", "inventory": "dữ liệu kiểm kê"}.get(other.method, other.method)
    source_en = {"probe": "probe", "inventory": "inventory"}.get(other.method, other.method)
    return _t(
        f"Mâu thuẫn: trả lời {said_vi} nhưng {source_vi} cho kết quả khác — {what.vi}",
        f"Conflict: answered {said_en} but the {source_en} disagrees — {what.en}",
    )


# ------------------------------------------------------------------------ conditions


def describe_condition(cond: Condition, lang: str) -> str:
    """A short, readable rendering of an ``applies_when`` condition."""
    vi = lang == "vi"
    if cond.all is not None:
        return "(" + (" và " if vi else " and ").join(describe_condition(c, lang) for c in cond.all) + ")"
    if cond.any is not None:
        return "(" + (" hoặc " if vi else " or ").join(describe_condition(c, lang) for c in cond.any) + ")"
    if cond.not_ is not None:
        return ("không " if vi else "not ") + describe_condition(cond.not_, lang)
    if cond.criterion is not None:
        return ("tiêu chí " if vi else "criterion ") + cond.criterion
    if cond.criteria_any is not None:
        return ("một trong các tiêu chí " if vi else "any of criteria ") + ", ".join(cond.criteria_any)
    ops = {"eq": "=", "ne": "≠", "in_": "∈", "gte": "≥", "gt": ">", "lte": "≤", "lt": "<", "contains": "∋"}
    for name, sign in ops.items():
        if cond._has(name):
            return f"{cond.fact} {sign} {getattr(cond, name)!r}"
    if cond.present is not None:
        given = ("có" if vi else "given") if cond.present else ("không có" if vi else "not given")
        return f"{cond.fact} {given}"
    return str(cond.fact)


def criterion_names(cond: Condition) -> set[str]:
    names = set(cond.criteria_any or ()) | ({cond.criterion} if cond.criterion else set())
    for child in (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ else []):
        names |= criterion_names(child)
    return names


# ---------------------------------------------------------------------------- engine


def _inventory_verdict(req: Requirement, ctx: Any) -> Verdict:
    name = req.variant.evaluate
    if not name:
        return Verdict("inventory", None)
    from attt_audit.evaluators import run_evaluator

    outcome = run_evaluator(name, ctx)
    return Verdict(
        "inventory", outcome.status, outcome.reason, past_fact=getattr(outcome, "past_fact", False)
    )


def _waiver_info(waiver: Waiver, state: WaiverState) -> WaiverRecord:
    return WaiverRecord(**dict(waiver), state=state.value)


def _classification(classification: ClassificationLike) -> Classification:
    """The classification a result carries (its JSON sorts the criteria, so it is stable)."""
    if isinstance(classification, Classification):
        return classification
    return Classification.model_validate(classification.model_dump(mode="json"))


_RESULT_FIELDS = tuple(RequirementResult.model_fields)
_RESULT_GIVEN = frozenset(_RESULT_FIELDS) - {"waiver", "waived"}
"""The fields the engine gives a requirement result (a waiver is added by ``model_copy``)."""
_NO_INVENTORY = Verdict("inventory", None)
_NO_PROBE = Verdict("probe", None)
"""What a requirement without an evaluator (without probe checks) hears from it: shared, never changed."""


class _Row:
    """What the engine reads of one requirement, worked out once per profile, not per system."""

    __slots__ = ("req", "questions", "fixed", "refs", "downgrade", "_not_applicable")

    def __init__(self, req: Requirement) -> None:
        control, variant = req.control, req.variant
        self.req = req
        self.questions = question_plan(req)
        # The result's fields that depend on the requirement only, as validation makes them.
        made = RequirementResult(
            control=control.id,
            level=req.level,
            framework=req.framework,
            group=control.group,
            kind=control.kind,
            layer=control.layer,
            clause=variant.clause,
            refs=list(variant.refs),
            title=variant.title or control.title,
            status=Status.NOT_ASSESSED,
            text_verified=variant.text_verified,
            confidence=variant.confidence.value,
            weight=variant.weight or control.weight,
            severity=variant.severity or control.severity,
        ).__dict__
        self.fixed = made
        self.refs: list[str] = made["refs"]
        self.downgrade = variant.confidence.advisory or variant.advisory
        self._not_applicable: LocalText | None = None

    def not_applicable(self) -> LocalText:
        """Why the requirement does not apply when its condition does not hold."""
        if self._not_applicable is None:
            cond = self.req.variant.applies_when
            assert cond is not None
            self._not_applicable = _t(
                "Không áp dụng: điều kiện áp dụng không thỏa — " + describe_condition(cond, "vi"),
                "Not applicable: its condition does not hold — " + describe_condition(cond, "en"),
            )
        return self._not_applicable

    def result(
        self,
        status: Status,
        methods: list[Method],
        reason: LocalText | None,
        conflicts: list[LocalText],
        advisories: list[LocalText],
        evidence: list[str],
        observations: list[Observation],
        answers: dict[str, AnsweredQuestion],
        past_fact: bool,
    ) -> RequirementResult:
        """The requirement's result (as ``RequirementResult(...)`` with every field but the waiver's)."""
        fixed = self.fixed
        values = {
            "control": fixed["control"],
            "level": fixed["level"],
            "framework": fixed["framework"],
            "group": fixed["group"],
            "kind": fixed["kind"],
            "layer": fixed["layer"],
            "clause": fixed["clause"],
            "refs": list(self.refs),
            "title": fixed["title"],
            "status": status,
            "methods": methods,
            "reason": reason,
            "conflicts": conflicts,
            "advisories": advisories,
            "evidence": evidence,
            "observations": observations,
            "answers": answers,
            "waiver": None,
            "waived": False,
            "text_verified": fixed["text_verified"],
            "confidence": fixed["confidence"],
            "weight": fixed["weight"],
            "severity": fixed["severity"],
            "past_fact": past_fact,
        }
        return trusted(RequirementResult, values, set(_RESULT_GIVEN))


class Prepared:
    """What :func:`assess` works out from a resolved profile, the catalog and the assessment date
    alone: made once per profile by :class:`Engine` and read for every system (``assess`` without
    one makes its own)."""

    def __init__(self, resolved: ResolvedProfile, catalog: Catalog, today: dt.date) -> None:
        self.resolved, self.catalog, self.today = resolved, catalog, today
        self.rows: dict[int, _Row] = {id(req): _Row(req) for req in resolved.requirements}
        # answers to a requirement that does not bind are not stray
        self.used_keys = frozenset(key for row in self.rows.values() for _, key, *_ in row.questions)
        frameworks = list(dict.fromkeys(req.framework for req in resolved.requirements))
        self.catalog_versions = {fw: catalog.frameworks[fw].version for fw in frameworks}
        self.group_titles: dict[str, LocalText] = {}
        for fw_id in frameworks:
            for group in catalog.frameworks[fw_id].groups:
                self.group_titles.setdefault(group.id, group.title)
        self._binding: dict[str, tuple[list[Requirement], list[tuple[Requirement, Any, LocalText]]]] = {}

    def row(self, req: Requirement) -> _Row:
        row = self.rows.get(id(req))
        if row is None or row.req is not req:  # not one of the profile's requirements
            row = _Row(req)
        return row

    def split_binding(self, baseline: str) -> tuple[list[Requirement], list[NotBindingItem]]:
        """:func:`split_binding` of the profile's requirements (its bindings worked out once per baseline)."""
        found = self._binding.get(baseline)
        if found is None:
            binding: list[Requirement] = []
            others: list[tuple[Requirement, Any, LocalText]] = []
            for req in self.resolved.requirements:
                eff = effective_binding(self.catalog.frameworks[req.framework], req.control, req.variant)
                why = why_not_binding(eff, baseline=baseline, today=self.today) if eff is not None else None
                if eff is None or why is None:
                    binding.append(req)
                else:
                    others.append((req, eff, why))
            found = self._binding[baseline] = (binding, others)
        binding, others = found
        return list(binding), [_not_binding_item(req, eff, why) for req, eff, why in others]


def _not_binding_item(req: Requirement, eff: Any, why: LocalText) -> NotBindingItem:
    b = eff.binding
    return NotBindingItem(
        control=req.control.id,
        level=req.level,
        framework=req.framework,
        title=req.variant.title or req.control.title,
        clause=req.variant.clause,
        refs=list(req.variant.refs),
        role=eff.role,
        basis=b.basis,
        reason=why,
        binds_from=b.from_,
        binds_until=b.until,
        ref=b.ref,
        confidence=b.confidence.value,
    )


def split_binding(
    requirements: Iterable[Requirement], catalog: Catalog, *, baseline: str, today: dt.date
) -> tuple[list[Requirement], list[NotBindingItem]]:
    """(requirements that bind, the others as appendix items): baselines by the approval regime,
    duties by the assessment date (see :mod:`attt_audit.binding`)."""
    binding: list[Requirement] = []
    others: list[NotBindingItem] = []
    for req in requirements:
        eff = effective_binding(catalog.frameworks[req.framework], req.control, req.variant)
        why = why_not_binding(eff, baseline=baseline, today=today) if eff is not None else None
        if eff is None or why is None:
            binding.append(req)
            continue
        others.append(_not_binding_item(req, eff, why))
    return binding, others


def assess(
    system: System,
    organisation: Organisation,
    resolved: ResolvedProfile,
    catalog: Catalog,
    *,
    today: dt.date,
    answers: AnswerSet | None = None,
    probe_run: ProbeRun | None = None,
    probe_ref: str | None = None,
    waivers: Iterable[Waiver] = (),
    classification: ClassificationLike | None = None,
    assessor: str | None = None,
    notes: Iterable[LocalText] = (),
    generated_at: dt.datetime | None = None,
    baseline: Baseline | None = None,
    annual: AnnualFile | None = None,
    incidents: IncidentsFile | None = None,
    prepared: Prepared | None = None,
    facts: Mapping[str, Any] | None = None,
) -> AssessmentResult:
    """Assess one system against a resolved profile.

    Only the requirements that bind are assessed: the technical baseline of the regime the system's
    level was approved under (``baseline``; default :func:`attt_audit.binding.baseline_regime`) and
    the duties in force on ``today``. The others are listed in ``not_binding``, not counted.

    ``classification`` supplies the criteria ``applies_when`` conditions read; without it no
    criterion holds (fact conditions still work). ``probe_ref`` names the probe evidence file
    in the results' evidence lists. ``today`` is the assessment date in Asia/Ho_Chi_Minh.
    ``annual`` (``annual.yaml``) and ``incidents`` (``incidents.yaml``) are the workspace facts the
    duty evaluators read besides the inventory; None: the workspace has none (not recorded).
    ``prepared``: :class:`Prepared` of the same ``resolved``, ``catalog`` and ``today`` (an
    :class:`Engine` keeps one per profile); ``facts``: ``system.facts()`` if already worked out.
    """
    from attt_audit.evaluators import EvalContext

    if (
        prepared is None
        or prepared.resolved is not resolved
        or prepared.catalog is not catalog
        or prepared.today != today
    ):
        prepared = Prepared(resolved, catalog, today)
    if facts is None:
        facts = system.facts()
    level = resolved.level
    regime = resolved.regime
    given: dict[str, Answer] = dict(answers.answers) if answers is not None else {}
    by_check: dict[str, list[Observation]] = {}
    if probe_run is not None:
        for obs in probe_run.observations:
            by_check.setdefault(obs.check, []).append(obs)
    by_control = waivers_for(waivers, system.id)
    base = baseline if baseline is not None else baseline_regime(system, today)
    requirements, not_binding = prepared.split_binding(base.regime)
    criteria: Set[str] = classification.criteria if classification is not None else frozenset()
    unknown: Mapping[str, frozenset[str]]
    if classification is not None:
        unknown = classification.unknown_criteria
    else:  # without a classification every criterion is unknown, never silently false
        unknown = {
            name: frozenset({"classification"})
            for req in requirements
            if req.variant.applies_when is not None
            for name in criterion_names(req.variant.applies_when)
        }
    all_notes = list(notes)
    if any(
        n.role == "baseline" and base.regime not in catalog.frameworks[n.framework].regimes
        for n in not_binding
    ):
        all_notes.append(
            _t(
                f"Hồ sơ yêu cầu {resolved.profile.id} có yêu cầu cơ bản không thuộc chế độ của hệ thống: "
                f"{base.reason.vi}. Các yêu cầu đó được liệt kê ở phụ lục, không tính điểm",
                f"Profile {resolved.profile.id} holds baseline requirements of another regime than the system's: "
                f"{base.reason.en}. They are listed in the appendix and not scored",
            )
        )

    results: list[RequirementResult] = []
    for req in requirements:
        # whether it applies, as attt_audit.applicability.applicability says it, from the facts at hand
        cond = req.variant.applies_when
        applies = TRUE if cond is None else evaluate(cond, facts, criteria, unknown)
        row = prepared.row(req)
        control = req.control
        variant = req.variant
        a_verdict, shown, evidence = answer_verdict(req, given, row.questions)
        if control.checks:
            p_verdict, observed = probe_verdict(control.checks, by_check)
        else:  # as probe_verdict says it for a control without checks
            p_verdict, observed = _NO_PROBE, []
        advisories = list(a_verdict.advisories)
        if observed:
            runs = sorted({o.run for o in observed if o.run})  # every probe run an observation came from
            for ref in runs or ([probe_ref] if probe_ref else []):
                if ref not in evidence:
                    evidence.append(ref)
            stale = [o for o in observed if o.stale]
            if stale:
                advisories.append(_stale_note(stale, today))
        conflicts: list[LocalText]
        past_fact = False
        if applies.value is False:
            status = Status.NA
            methods: list[Method] = ["condition"]
            reason: LocalText | None = row.not_applicable()
            conflicts = []
        elif applies.value is None:
            missing = ", ".join(sorted(applies.missing))
            status, methods, conflicts = Status.NOT_ASSESSED, ["condition"], []
            reason = _t(
                f"Chưa xác định được yêu cầu có áp dụng không: thiếu dữ liệu {missing}",
                f"Cannot tell whether it applies: missing fact {missing}",
            )
        else:
            if variant.evaluate:
                ctx = EvalContext(
                    system=system,
                    organisation=organisation,
                    level=req.level,
                    regime=regime,
                    params=req.params,
                    today=today,
                    annual=annual,
                    incidents=incidents,
                    facts=facts,
                )
                i_verdict = _inventory_verdict(req, ctx)
            else:
                i_verdict = _NO_INVENTORY
            status, methods, reason, conflicts = combine(
                a_verdict,
                p_verdict,
                i_verdict,
                # An evaluator decides its duty from the facts; the questions stand in when a fact is missing.
                questions_open=bool(variant.questions) and not a_verdict.decisive and not i_verdict.decisive,
            )
            past_fact = i_verdict.past_fact and status is i_verdict.status
            if row.downgrade and (status is Status.FAIL or status is Status.PARTIAL):
                downgrade = _t(
                    f"Yêu cầu có độ tin cậy thấp ({variant.confidence.value}): kết quả "
                    f"{status.label('vi')} chỉ là khuyến nghị, không tính là không đạt",
                    f"Low-confidence requirement ({variant.confidence.value}): the "
                    f"{status.label('en')} finding is advisory and does not count as a failure",
                )
                advisories.append(downgrade)
                reason = _join([r for r in (reason, downgrade) if r is not None])
                status = Status.NOT_ASSESSED
        result = row.result(
            status, methods, reason, conflicts, advisories, evidence, observed, shown, past_fact
        )
        candidates = by_control.get(control.id)
        if candidates:
            waiver, state = pick_waiver(candidates, today)
            covered: dict[str, Any] = {"waiver": _waiver_info(waiver, state)}
            if state is WaiverState.ACTIVE and status in (Status.FAIL, Status.PARTIAL):
                covered.update(waived=True, methods=[*methods, "waiver"])
            result = result.model_copy(update=covered)
            if state is WaiverState.EXPIRED:
                # Flagged twice: on the requirement (waiver.state) and among the report's notes.
                all_notes.append(
                    _t(
                        f"Miễn trừ {waiver.id} ({control.id}) đã hết hạn ngày {waiver.expires_on:%d/%m/%Y}: "
                        "yêu cầu được tính lại theo kết quả thực tế",
                        f"Waiver {waiver.id} ({control.id}) expired on {waiver.expires_on:%Y-%m-%d}: the "
                        "requirement counts by its real result again",
                    )
                )
        results.append(result)

    assessed_controls = {r.control for r in results}
    for cid in sorted(set(by_control) - assessed_controls):
        ids = ", ".join(w.id for w in by_control[cid])
        all_notes.append(
            _t(
                f"Miễn trừ {ids} nêu yêu cầu {cid}, không thuộc hồ sơ {resolved.profile.id} ở cấp độ {level}",
                f"Waiver {ids} names {cid}, which is not in profile {resolved.profile.id} at level {level}",
            )
        )
    if answers is not None and answers.level is not None and answers.level != level:
        all_notes.append(
            _t(
                f"Tệp câu trả lời ghi cấp độ {answers.level} nhưng hệ thống được đánh giá ở cấp độ {level}: "
                f"chỉ các câu trả lời cho cấp độ {level} được dùng",
                f"The answers file is for level {answers.level} but the system is assessed at level {level}: "
                f"only answers for level {level} are used",
            )
        )
    used_keys = prepared.used_keys
    stray = sorted(k for k in given if k not in used_keys and k.split("/")[1:2] == [str(level)])
    if stray:
        shown_keys = ", ".join(stray[:5]) + (" …" if len(stray) > 5 else "")
        all_notes.append(
            _t(
                f"{len(stray)} câu trả lời không khớp câu hỏi nào ở cấp độ {level}: {shown_keys}",
                f"{len(stray)} answer{'s' if len(stray) > 1 else ''} match{'' if len(stray) > 1 else 'es'} "
                f"no question at level {level}: {shown_keys}",
            )
        )

    group_titles = prepared.group_titles
    scores, scores_without_waivers = compute_score_pair(results)
    used_groups = dict.fromkeys(r.group for r in results)
    return AssessmentResult(
        tool_version=__version__,
        generated_at=generated_at or dt.datetime.now(dt.UTC),
        assessed_on=today,
        regime=regime,
        profile=resolved.profile.id,
        level=level,
        organisation=organisation,
        system=system,
        assessor=assessor,
        catalog=dict(prepared.catalog_versions),
        results=results,
        scores=scores,
        scores_without_waivers=scores_without_waivers,
        remediation=plan(results, today),
        classification=_classification(classification) if classification is not None else None,
        notes=all_notes,
        groups={g: group_titles[g] for g in used_groups if g in group_titles},
        baseline_regime=base.regime,
        baseline_reason=base.reason,
        not_binding=not_binding,
    )


# ---------------------------------------------------------------------- per-run setup


def system_level(system: System, classification: ClassificationLike | None = None) -> int | None:
    """The level a system is assessed at (:func:`attt_audit.levels.assessed_level`)."""
    from attt_audit.levels import assessed_level

    return assessed_level(system, classification).level


class Engine:
    """Loads a profile once and assesses any number of systems with it.

    A system assessed at another level than the profile's (approved, else proposed, else
    declared: :func:`attt_audit.levels.assessed_level`) is assessed with the profile whose data
    states its level under the same regime (:func:`attt_audit.levels.profile_for_level`),
    unless ``force_profile`` is set; the result says which was used.
    """

    def __init__(
        self,
        catalog: Catalog,
        profiles: dict[str, Profile],
        profile: str,
        *,
        today: dt.date,
        force_profile: bool = False,
    ) -> None:
        self.catalog = catalog
        self.profiles = profiles
        self.requested = resolve_profile(profile, catalog, profiles)
        self.today = today
        self.force_profile = force_profile
        self._by_id: dict[str, ResolvedProfile] = {profile: self.requested}
        self._prepared: dict[str, Prepared] = {}

    @property
    def regime(self) -> str:
        return self.requested.regime

    def classify(
        self, system: System, *, facts: Mapping[str, Any] | None = None
    ) -> ClassificationLike | None:
        """``facts``: ``system.facts()`` if already worked out."""
        try:
            from attt_audit.classify import classify
        except ImportError:
            return None
        result: ClassificationLike = classify(system, self.regime, self.today, facts=facts)
        return result

    def prepared(self, resolved: ResolvedProfile) -> Prepared:
        """The :class:`Prepared` of one of the engine's profiles, made on first use."""
        found = self._prepared.get(resolved.profile.id)
        if found is None or found.resolved is not resolved:
            found = self._prepared[resolved.profile.id] = Prepared(resolved, self.catalog, self.today)
        return found

    def profile_for(self, level: int | None) -> tuple[ResolvedProfile, LocalText | None]:
        requested = self.requested
        if self.force_profile or level is None or level == requested.level:
            return requested, None
        from attt_audit.levels import profile_for_level

        found = profile_for_level(self.profiles, level, requested.regime)
        if found is None:
            return requested, _t(
                f"Hệ thống ở cấp độ {level} nhưng không có hồ sơ cấp độ {level}; "
                f"đánh giá theo {requested.profile.id} (cấp độ {requested.level})",
                f"The system is at level {level} but no level-{level} profile exists; "
                f"assessed against {requested.profile.id} (level {requested.level})",
            )
        chosen = found.id
        if chosen not in self._by_id:
            self._by_id[chosen] = resolve_profile(chosen, self.catalog, self.profiles)
        return self._by_id[chosen], _t(
            f"Hệ thống được phê duyệt/khai báo ở cấp độ {level}: đánh giá theo hồ sơ {chosen} "
            f"thay cho {requested.profile.id}",
            f"The system is approved or declared at level {level}: assessed against profile {chosen} "
            f"instead of {requested.profile.id}",
        )

    def assess_system(
        self,
        system: System,
        organisation: Organisation,
        *,
        answers: AnswerSet | None = None,
        probe_run: ProbeRun | None = None,
        probe_ref: str | None = None,
        waivers: Iterable[Waiver] = (),
        assessor: str | None = None,
        generated_at: dt.datetime | None = None,
        annual: AnnualFile | None = None,
        incidents: IncidentsFile | None = None,
    ) -> AssessmentResult:
        facts = system.facts()
        classification = self.classify(system, facts=facts)
        level = system_level(system, classification)
        resolved, note = self.profile_for(level)
        notes = [note] if note is not None else []
        if level is None:
            notes.append(
                _t(
                    f"Hệ thống chưa có cấp độ được phê duyệt hay khai báo: đánh giá theo cấp độ {resolved.level}",
                    f"The system has no approved or declared level: assessed at level {resolved.level}",
                )
            )
        if classification is None:
            notes.append(
                _t(
                    "Chưa phân loại được hệ thống: yêu cầu có điều kiện theo tiêu chí phân loại là Chưa đánh giá",
                    "The system could not be classified: requirements conditioned on classification criteria are not assessed",
                )
            )
        return assess(
            system,
            organisation,
            resolved,
            self.catalog,
            today=self.today,
            answers=answers,
            probe_run=probe_run,
            probe_ref=probe_ref,
            waivers=waivers,
            classification=classification,
            assessor=assessor,
            notes=notes,
            generated_at=generated_at,
            annual=annual,
            incidents=incidents,
            prepared=self.prepared(resolved),
            facts=facts,
        )
