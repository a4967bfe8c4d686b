"""Propose a system's security level (cấp độ) from its inventory facts, under ND 85 or ND 331.

The rules are data (``checklists/classification/<regime>.yaml``): every row is evaluated
with three-valued logic (:func:`attt_audit.conditions.evaluate`) and the result is the highest
level among the rows that match (ND85 5.2, ND331 8.2). A row that cannot be decided because
facts are missing makes the result "needs input" when it could raise the level; no matching
row at all gives "manual review", never a default level.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import cache
from pathlib import Path

from attt_audit.conditions import evaluate
from attt_audit.errors import InputError
from attt_audit.models import Classification, RuleMatch, RuleSet, System
from attt_audit.models.classification import ClassificationRow, TransitionNote
from attt_audit.models.common import LocalText
from attt_audit.resources import data_dir
from attt_audit.yamlio import load_model

__all__ = [
    "LAW116_IN_FORCE",
    "ND331_IN_FORCE",
    "REGIMES",
    "Classification",
    "RuleMatch",
    "add_months",
    "choose_regime",
    "classify",
    "criteria_names",
    "load_ruleset",
    "ruleset_path",
]

REGIMES = ("nd85", "nd331")
ND331_IN_FORCE = dt.date(2026, 8, 19)
"""Decree 331/2026 takes effect (ND331 Art 38)."""
LAW116_IN_FORCE = dt.date(2026, 7, 1)
"""Law 116/2025 takes effect; Law 86/2015 lapses (Law 116 Art 44)."""


def choose_regime(flag: str | None, on: dt.date) -> str:
    """The regime named by ``--regime``, or by default the one in force on ``on``."""
    if flag is not None:
        if flag not in REGIMES:
            raise InputError(f"--regime {flag!r} is not a regime", expected="nd85 or nd331")
        return flag
    return "nd331" if on >= ND331_IN_FORCE else "nd85"


def ruleset_path(regime: str, folder: Path | None = None) -> Path:
    return (folder or data_dir("checklists") / "classification") / f"{regime}.yaml"


@cache
def _load(path: Path) -> RuleSet:
    return load_model(RuleSet, path)


def load_ruleset(regime: str, folder: Path | None = None) -> RuleSet:
    """The decision table of ``regime`` (bundled, or from ``folder``)."""
    if regime not in REGIMES:
        raise InputError(f"regime {regime!r} is not known", expected="nd85 or nd331")
    path = ruleset_path(regime, folder)
    ruleset = _load(path.resolve())
    if ruleset.regime != regime:
        raise InputError(
            f"the file declares regime {ruleset.regime!r}", location=str(path), expected=f"regime: {regime}"
        )
    return ruleset


def criteria_names(regime: str, ref: str) -> list[str]:
    """``nd85``, ``9.2.c`` → ``nd85.9.2.c``, ``nd85.9.2``, ``nd85.9``."""
    parts = ref.split(".")
    return [f"{regime}." + ".".join(parts[:n]) for n in range(len(parts), 0, -1)]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (31/01 + 1 → 28 or 29/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _match(row: ClassificationRow, missing: frozenset[str] = frozenset()) -> RuleMatch:
    return RuleMatch(
        id=row.id,
        ref=row.ref,
        article=row.article,
        level=row.level,
        label=row.label,
        confidence=row.confidence.value,
        missing=sorted(missing),
    )


def classify(
    system: System, regime: str, today: dt.date, *, ruleset: RuleSet | None = None
) -> Classification:
    """Classify ``system`` under ``regime`` as of ``today`` (the assessment date)."""
    rules = ruleset or load_ruleset(regime)
    facts = system.facts()

    matched: list[RuleMatch] = []
    unknown: list[RuleMatch] = []
    criteria: set[str] = set()
    unknown_criteria: dict[str, frozenset[str]] = {}
    for row in rules.rows:
        outcome = evaluate(row.when, facts)
        names = criteria_names(rules.regime, row.ref)
        if outcome.value is True:
            matched.append(_match(row))
            criteria.update(names)
        elif outcome.value is None:
            unknown.append(_match(row, outcome.missing))
            for name in names:
                unknown_criteria[name] = unknown_criteria.get(name, frozenset()) | outcome.missing
    # A criterion that some row matched is decided, whatever other rows under it say.
    unknown_criteria = {k: v for k, v in unknown_criteria.items() if k not in criteria}

    proposed = max((m.level for m in matched), default=None)
    blocking = [u for u in unknown if u.level > (proposed or 0)]
    if blocking:
        outcome_name = "needs_input"
        missing = sorted({fact for u in blocking for fact in u.missing})
    elif matched:
        outcome_name, missing = "ok", []
    else:
        outcome_name, missing = "manual_review", []

    declared = system.declared_level
    approved = system.approval.level if system.approval else None
    reference = declared if declared is not None else approved
    # While facts are missing the proposed level is only a floor: a declared level above it may
    # still be right, one below it is already wrong.
    mismatch = (
        proposed is not None
        and reference is not None
        and (reference != proposed if outcome_name == "ok" else reference < proposed)
    )
    # Duties follow the stricter of the declared and the proposed level: a system that the
    # rules place higher must be re-determined upward (ND331 10.5) and is treated so meanwhile.
    duty_level = max((lv for lv in (reference, proposed) if lv is not None), default=None)

    authority_level = proposed if proposed is not None else reference
    if authority_level is not None:
        auth = rules.authority[authority_level]
        authority, authority_ref = auth.text, auth.ref
    else:
        authority = LocalText(
            vi="Chưa xác định được cấp độ nên chưa xác định được thẩm quyền thẩm định, phê duyệt",
            en="No level yet, so the appraisal and approval authority cannot be named",
        )
        authority_ref = ""

    interval = basis = None
    inspection_ref = ""
    if duty_level is not None:
        rule = rules.inspection[duty_level]
        interval, basis, inspection_ref = rule.months, rule.basis, rule.ref
    last = system.last_inspection.date if system.last_inspection else None
    next_due = add_months(last, interval) if last is not None and interval is not None else None
    overdue = None
    if interval is not None:
        overdue = next_due < today if next_due is not None else True

    notes = _notes(system, rules, today, proposed, declared, approved, mismatch, interval, last, next_due)
    deadlines = [d for d in rules.deadlines if d.applies_to(duty_level, system.anqg)]

    return Classification(
        system_id=system.id,
        regime=rules.regime,
        assessed_on=today,
        proposed_level=proposed,
        outcome=outcome_name,
        matched=sorted(matched, key=lambda m: (-m.level, m.ref)),
        unknown_rows=sorted(unknown, key=lambda m: (-m.level, m.ref)),
        missing=missing,
        criteria=criteria,
        unknown_criteria=unknown_criteria,
        declared_level=declared,
        approved_level=approved,
        mismatch=mismatch,
        duty_level=duty_level,
        authority=authority,
        authority_ref=authority_ref,
        inspection_interval_months=interval,
        inspection_basis=basis,
        inspection_ref=inspection_ref,
        last_inspection=last,
        next_inspection_due=next_due,
        inspection_overdue=overdue,
        deadlines=deadlines,
        notes=notes,
    )


def _notes(
    system: System,
    rules: RuleSet,
    today: dt.date,
    proposed: int | None,
    declared: int | None,
    approved: int | None,
    mismatch: bool,
    interval: int | None,
    last: dt.date | None,
    next_due: dt.date | None,
) -> list[LocalText]:
    notes: list[LocalText] = []
    if mismatch:
        shown = declared if declared is not None else approved
        notes.append(
            LocalText(
                vi=f"Cấp độ khai báo ({shown}) khác cấp độ đề xuất ({proposed}): rà soát lại hồ sơ hoặc dữ liệu kiểm kê",
                en=f"Declared level ({shown}) differs from the proposed level ({proposed}): review the dossier or the inventory facts",
            )
        )
    if declared is not None and approved is not None and declared != approved:
        notes.append(
            LocalText(
                vi=f"Cấp độ khai báo ({declared}) khác cấp độ trong quyết định phê duyệt ({approved})",
                en=f"Declared level ({declared}) differs from the level in the approval decision ({approved})",
            )
        )
    if (declared is not None or approved is not None) and system.approval is None:
        notes.append(
            LocalText(
                vi="Có cấp độ khai báo nhưng chưa ghi quyết định phê duyệt (số, ngày, người phê duyệt)",
                en="A level is declared but no approval decision (number, date, approver) is recorded",
            )
        )
    if interval is not None and last is None:
        notes.append(
            LocalText(
                vi="Chưa ghi nhận lần kiểm tra, đánh giá nào: việc kiểm tra đã đến hạn",
                en="No inspection is recorded: an inspection is due now",
            )
        )
    if next_due is not None and next_due < today:
        notes.append(
            LocalText(
                vi=f"Kiểm tra, đánh giá định kỳ đã quá hạn từ {next_due.strftime('%d/%m/%Y')}",
                en=f"The periodic inspection has been overdue since {next_due.isoformat()}",
            )
        )
    for note in rules.transition_notes:
        if _triggered(note, system, rules, today):
            notes.append(LocalText(vi=f"{note.text.vi} ({note.ref})", en=f"{note.text.en} ({note.ref})"))
    return notes


def _triggered(note: TransitionNote, system: System, rules: RuleSet, today: dt.date) -> bool:
    approval = system.approval
    if note.trigger == "always":
        return True
    if note.trigger == "approved_under_nd85":
        if approval is None:
            return False
        return approval.regime == "nd85" or (approval.regime is None and approval.date < LAW116_IN_FORCE)
    if note.trigger == "not_approved_possibly_in_build":
        return approval is None and (system.go_live_date is None or system.go_live_date >= LAW116_IN_FORCE)
    if note.trigger == "regime_forced_after_switch":
        return rules.regime == "nd85" and today >= ND331_IN_FORCE
    if note.trigger == "anqg_system":
        return system.anqg is True
    if note.trigger == "between_law_and_decree":
        return LAW116_IN_FORCE <= today < ND331_IN_FORCE
    return False
