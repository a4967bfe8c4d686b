"""Which requirements of a resolved profile apply to one system.

A requirement with no ``applies_when`` applies. Otherwise its condition is evaluated over the
system's facts and the classification rows it matched: true → applies; false → not
applicable (reported as Không áp dụng with the reason); unknown → applies but cannot be
assessed until the missing facts are given.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass

from attt_audit.catalog import Requirement
from attt_audit.conditions import Outcome, evaluate
from attt_audit.models import System


@dataclass(frozen=True)
class Applicability:
    requirement: Requirement
    outcome: Outcome

    @property
    def applies(self) -> bool:
        """True or unknown: the requirement stays on the list."""
        return self.outcome.value is not False

    @property
    def missing(self) -> list[str]:
        return sorted(self.outcome.missing)


def applicability(
    requirements: list[Requirement],
    system: System,
    criteria: Set[str],
    unknown_criteria: Mapping[str, frozenset[str]] | None = None,
) -> list[Applicability]:
    """``criteria`` / ``unknown_criteria``: see :func:`attt_audit.conditions.evaluate`."""
    facts = system.facts()
    out = []
    for req in requirements:
        cond = req.variant.applies_when
        outcome = Outcome(True) if cond is None else evaluate(cond, facts, criteria, unknown_criteria)
        out.append(Applicability(req, outcome))
    return out
