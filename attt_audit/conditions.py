"""Three-valued evaluation of :class:`~attt_audit.models.Condition` over a system's facts.

A condition is true, false, or unknown because facts are missing. Unknown is never turned
into false: classification reports "needs input", the engine reports "not assessed".
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from typing import Any

from attt_audit.models import Condition


@dataclass(frozen=True)
class Outcome:
    value: bool | None
    """True, False, or None for unknown."""
    missing: frozenset[str] = field(default_factory=frozenset)
    """Facts whose absence made the outcome unknown."""


TRUE = Outcome(True)
FALSE = Outcome(False)


def evaluate(
    cond: Condition,
    facts: Mapping[str, Any],
    criteria: Set[str] = frozenset(),
    unknown_criteria: Mapping[str, frozenset[str]] | None = None,
) -> Outcome:
    """Evaluate ``cond``.

    ``criteria`` holds the ids of classification criteria the system matched (``nd85.9.2.c``
    and its prefixes ``nd85.9.2``, ``nd85.9``); ``unknown_criteria`` maps criteria that could
    not be decided to the facts that were missing. Any other criterion is false.
    """
    unknown = unknown_criteria or {}
    if cond.all is not None:
        parts = [evaluate(c, facts, criteria, unknown) for c in cond.all]
        if any(p.value is False for p in parts):
            return FALSE
        missing = frozenset().union(*(p.missing for p in parts if p.value is None))
        return Outcome(None, missing) if missing else TRUE
    if cond.any is not None:
        parts = [evaluate(c, facts, criteria, unknown) for c in cond.any]
        if any(p.value is True for p in parts):
            return TRUE
        missing = frozenset().union(*(p.missing for p in parts if p.value is None))
        return Outcome(None, missing) if missing else FALSE
    if cond.not_ is not None:
        inner = evaluate(cond.not_, facts, criteria, unknown)
        return inner if inner.value is None else Outcome(not inner.value)
    if cond.criterion is not None:
        return _criterion(cond.criterion, criteria, unknown)
    if cond.criteria_any is not None:
        parts = [_criterion(c, criteria, unknown) for c in cond.criteria_any]
        if any(p.value is True for p in parts):
            return TRUE
        missing = frozenset().union(*(p.missing for p in parts if p.value is None))
        return Outcome(None, missing) if missing else FALSE
    assert cond.fact is not None
    return _compare(cond, facts.get(cond.fact))


def _criterion(name: str, criteria: Set[str], unknown: Mapping[str, frozenset[str]]) -> Outcome:
    if name in criteria:
        return TRUE
    if name in unknown:
        return Outcome(None, unknown[name])
    return FALSE


def _compare(cond: Condition, value: Any) -> Outcome:
    name = cond.fact or ""
    if "present" in cond.model_fields_set:
        return Outcome((value is not None) == bool(cond.present))
    if value is None:
        return Outcome(None, frozenset({name}))
    if "eq" in cond.model_fields_set:
        return Outcome(value == cond.eq)
    if "ne" in cond.model_fields_set:
        return Outcome(value != cond.ne)
    if cond.in_ is not None:
        return Outcome(value in cond.in_)
    if "contains" in cond.model_fields_set:
        return Outcome(isinstance(value, (list, tuple, set, str)) and cond.contains in value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return FALSE
    for op, bound in (("gte", cond.gte), ("gt", cond.gt), ("lte", cond.lte), ("lt", cond.lt)):
        if bound is not None:
            return Outcome(
                {"gte": number >= bound, "gt": number > bound, "lte": number <= bound, "lt": number < bound}[
                    op
                ]
            )
    return FALSE


def fact_names(cond: Condition) -> set[str]:
    """Every fact a condition reads (used by lint and by ``init`` to explain fields)."""
    names: set[str] = set()
    for child in (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ else []):
        names |= fact_names(child)
    if cond.fact:
        names.add(cond.fact)
    return names
