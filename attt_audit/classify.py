"""Propose a system's security level (cấp độ) from its inventory facts, under ND 85 or ND 331.

The rules are data (``checklists/classification/<regime>.yaml``): every row is evaluated
with three-valued logic (:func:`attt_audit.conditions.evaluate`) and the result is the highest
level among the rows that match (ND85 5.2, ND331 8.2). A row that cannot be decided because
facts are missing makes the result "needs input" when it could raise the level; no matching
row at all gives "manual review", never a default level.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from attt_audit.conditions import Outcome, evaluate, fact_names
from attt_audit.dates import add_months
from attt_audit.errors import InputError
from attt_audit.models import Classification, Condition, RuleMatch, RuleSet, System
from attt_audit.models.classification import ClassificationRow
from attt_audit.models.common import LocalText
from attt_audit.models.regime import DeadlineRule, RegimeRules, TransitionNote
from attt_audit.regime import regime as regime_rules
from attt_audit.regime import regime_for_date, regime_ids, successor
from attt_audit.resources import data_dir
from attt_audit.yamlio import load_model

__all__ = [
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

REGIMES = regime_ids()
"""Known regimes, oldest first (``checklists/regimes/``)."""

LAW_IN_FORCE = "law-in-force"
"""Name of the successor regime's date on which its law (not yet its decree) takes effect."""

PENALTIES_IN_FORCE = "penalties-in-force"
"""Name of the regime date from which running an unapproved level 3–5 system is penalised."""

CROSS_REGIME_TRIGGERS = frozenset({"live_unapproved_level_3_5", "live_after_switch_under_nd85"})
"""Notes about the system's facts on the assessment date, whatever table classifies it: read from
the successor regime's notes too when an older table is used."""


def choose_regime(flag: str | None, on: dt.date) -> str:
    """The regime named by ``--regime``, or by default the one in force on ``on``."""
    if flag is not None:
        if flag not in REGIMES:
            raise InputError(f"--regime {flag!r} is not a regime", expected=" or ".join(REGIMES))
        return flag
    return regime_for_date(on).id


def ruleset_path(regime: str, folder: Path | None = None) -> Path:
    return (folder or data_dir("checklists") / "classification") / f"{regime}.yaml"


@cache
def _load(path: Path) -> RuleSet:
    from attt_audit.catalog_cache import cached_data_file

    code = ("attt_audit.classify", "attt_audit.models.classification", "attt_audit.models.common")
    return cached_data_file(f"classification-{path.stem}", path, lambda: load_model(RuleSet, path), code=code)


def load_ruleset(regime: str, folder: Path | None = None) -> RuleSet:
    """The decision table of ``regime`` (bundled, or from ``folder``)."""
    if regime not in REGIMES:
        raise InputError(f"regime {regime!r} is not known", expected=" or ".join(REGIMES))
    ruleset = _load(_bundled_file(regime) if folder is None else ruleset_path(regime, folder).resolve())
    if ruleset.regime != regime:
        path = ruleset_path(regime, folder)
        raise InputError(
            f"the file declares regime {ruleset.regime!r}", location=str(path), expected=f"regime: {regime}"
        )
    return ruleset


@cache
def _bundled_file(regime: str) -> Path:
    """The bundled table's resolved path, found once in a process (a classification is made per system)."""
    return ruleset_path(regime).resolve()


def criteria_names(regime: str, ref: str) -> list[str]:
    """``nd85``, ``9.2.c`` → ``nd85.9.2.c``, ``nd85.9.2``, ``nd85.9``."""
    return list(_criteria_names(regime, ref))


@cache
def _criteria_names(regime: str, ref: str) -> tuple[str, ...]:
    parts = ref.split(".")
    return tuple(f"{regime}." + ".".join(parts[:n]) for n in range(len(parts), 0, -1))


_READS: dict[int, tuple[Condition, tuple[str, ...]]] = {}
_OUTCOMES: dict[tuple[int, tuple[Any, ...]], tuple[Condition, Outcome]] = {}
_OUTCOMES_KEPT = 20_000


def _row_outcome(row: ClassificationRow, facts: Mapping[str, Any]) -> Outcome:
    """``evaluate(row.when, facts)``, remembered per row and the values (and types) of the facts its
    condition reads: the same rows meet the same few values system after system. A value that
    cannot be a key (a mapping) is evaluated each time."""
    cond = row.when
    found = _READS.get(id(cond))
    if found is None or found[0] is not cond:
        found = _READS[id(cond)] = (cond, tuple(sorted(fact_names(cond))))
    values = tuple(_key(v) for v in map(facts.get, found[1]))
    key = (id(cond), values)
    try:
        kept = _OUTCOMES.get(key)
    except TypeError:  # unhashable value
        return evaluate(cond, facts)
    if kept is not None and kept[0] is cond:
        return kept[1]
    outcome = evaluate(cond, facts)
    if len(_OUTCOMES) >= _OUTCOMES_KEPT:
        _OUTCOMES.clear()
    _OUTCOMES[key] = (cond, outcome)
    return outcome


def _key(value: Any) -> Any:
    """A fact's value as part of a key: with its type (``1``, ``1.0`` and ``True`` are equal), a list
    as the tuple of its items."""
    if type(value) is list:
        return list, tuple((type(v), v) for v in value)
    return type(value), value


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
    system: System,
    regime: str,
    today: dt.date,
    *,
    ruleset: RuleSet | None = None,
    facts: Mapping[str, Any] | None = None,
) -> Classification:
    """Classify ``system`` under ``regime`` as of ``today`` (the assessment date).

    ``facts``: ``system.facts()`` when the caller has worked them out already."""
    rules = ruleset or load_ruleset(regime)
    law = regime_rules(rules.regime)
    if facts is None:
        facts = system.facts()

    matched: list[RuleMatch] = []
    unknown: list[RuleMatch] = []
    criteria: set[str] = set()
    unknown_criteria: dict[str, frozenset[str]] = {}
    for row in rules.rows:
        outcome = _row_outcome(row, facts)
        names = _criteria_names(rules.regime, row.ref)
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
        auth = law.approval[authority_level]
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
        rule = law.inspection[duty_level]
        interval, basis, inspection_ref = rule.months, rule.basis, rule.ref
    last = system.last_inspection.date if system.last_inspection else None
    next_due = add_months(last, interval) if last is not None and interval is not None else None
    overdue = None
    if interval is not None:
        overdue = next_due < today if next_due is not None else True

    notes = _notes(system, law, today, proposed, declared, approved, mismatch, interval, last, next_due)
    notes += _row_notes(rules, matched, proposed)
    alerts = _fact_notes(system, law, today, duty_level)
    notes += alerts
    deadlines = _deadlines(law, duty_level, system.anqg)

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
        alerts=alerts,
    )


_DEADLINES: dict[tuple[int, int | None, bool | None], tuple[RegimeRules, list[DeadlineRule]]] = {}


def _deadlines(law: RegimeRules, level: int | None, anqg: bool | None) -> list[DeadlineRule]:
    """``law.deadlines_for(level, anqg)``, made once per regime, level and ANQG flag in a process
    (the rules are never changed; each classification gets its own list)."""
    key = (id(law), level, anqg)
    found = _DEADLINES.get(key)
    if found is None or found[0] is not law:
        found = _DEADLINES[key] = (law, law.deadlines_for(level, anqg))
    return list(found[1])


def _notes(
    system: System,
    rules: RegimeRules,
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
        if note.trigger not in CROSS_REGIME_TRIGGERS and _triggered(note, system, rules, today):
            notes.append(_note_text(note))
    return notes


def _note_text(note: TransitionNote) -> LocalText:
    return LocalText(vi=f"{note.text.vi} ({note.ref})", en=f"{note.text.en} ({note.ref})")


def _row_notes(rules: RuleSet, matched: list[RuleMatch], proposed: int | None) -> list[LocalText]:
    """The caveat of a row that sets the level on the tool's reading (confidence INF)."""
    top = {m.id for m in matched if m.level == proposed and m.confidence == "INF"}
    return [row.note for row in rules.rows if row.id in top and row.note is not None]


def _fact_notes(system: System, rules: RegimeRules, today: dt.date, level: int | None) -> list[LocalText]:
    """Warnings about the system's live state (ND330 23.1.c; ND331 39.1), from this regime's notes
    and its successor's."""
    notes: list[LocalText] = []
    for owner in (rules, successor(rules)):
        if owner is None:
            continue
        for note in owner.transition_notes:
            if note.trigger in CROSS_REGIME_TRIGGERS and _live_triggered(note, system, owner, today, level):
                notes.append(_note_text(note))
    return notes


def _approved_under_oldest(system: System, rules: RegimeRules) -> bool:
    approval = system.approval
    if approval is None:
        return False
    return approval.regime == REGIMES[0] or (approval.regime is None and approval.date < _law_in_force(rules))


def _live_triggered(
    note: TransitionNote, system: System, rules: RegimeRules, today: dt.date, level: int | None
) -> bool:
    live = system.go_live_date
    if note.trigger == "live_unapproved_level_3_5":
        return (
            level is not None
            and level >= 3
            and system.approval is None
            and live is not None
            and live <= today
            and today >= rules.date(PENALTIES_IN_FORCE)
        )
    if note.trigger == "live_after_switch_under_nd85":
        old_papers = _approved_under_oldest(system, rules) or (
            system.approval is None and system.dossier is not None and system.dossier.regime == REGIMES[0]
        )
        return live is not None and live >= rules.starts.date and old_papers
    return False


def _law_in_force(rules: RegimeRules) -> dt.date:
    """The day the law behind ``rules`` took effect, or behind its successor for an older regime."""
    newer = rules if LAW_IN_FORCE in rules.dates else successor(rules)
    if newer is None or LAW_IN_FORCE not in newer.dates:
        raise InputError(
            f"regime {rules.id} and its successor give no date {LAW_IN_FORCE!r}",
            location=f"checklists/regimes/{rules.id}.yaml",
            expected=f"dates: {{{LAW_IN_FORCE}: ...}} in the newest regime",
        )
    return newer.date(LAW_IN_FORCE)


def _triggered(note: TransitionNote, system: System, rules: RegimeRules, today: dt.date) -> bool:
    approval = system.approval
    if note.trigger == "always":
        return True
    if note.trigger == "anqg_system":
        return system.anqg is True
    law_day = _law_in_force(rules)
    if note.trigger == "approved_under_nd85":
        return _approved_under_oldest(system, rules)
    if note.trigger == "not_approved_possibly_in_build":
        return approval is None and (system.go_live_date is None or system.go_live_date >= law_day)
    newer = successor(rules)
    if note.trigger == "regime_forced_after_switch":
        return newer is not None and today >= newer.starts.date
    if note.trigger == "between_law_and_decree":
        switch = (newer or rules).starts.date
        return law_day <= today < switch
    return False
