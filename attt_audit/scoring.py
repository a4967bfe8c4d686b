"""Compliance scores.

percent = (Đạt + ½·Một phần) / (Đạt + Một phần + Không đạt) × 100 over the applicable,
assessed requirements of a scope. Không áp dụng and Chưa đánh giá are not in the
denominator; the count of Chưa đánh giá is kept beside the percentage. With waivers, a waived
requirement leaves the numerator and the denominator (and is counted as ``waived``); without
waivers it counts by its real status. When any requirement has a weight other than 1, the
sums are weighted and ``Score.weighted`` says so.

Scopes: ``overall``; ``kind:<kind>`` (management / technical split, plus design, duty and
layer items); ``group:<id>``; ``layer:<n>`` for the 4-layer model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from attt_audit.models import RequirementResult, Score, Status
from attt_audit.models.trusted import trusted


@dataclass
class _Tally:
    passed: int = 0
    partial: int = 0
    failed: int = 0
    not_applicable: int = 0
    not_assessed: int = 0
    waived: int = 0
    num: float = 0.0
    den: float = 0.0

    def add(self, result: RequirementResult, use_waivers: bool) -> None:
        status = result.status
        if use_waivers and result.waived:
            self.waived += 1
            return
        weight = result.weight
        if status is Status.PASS:
            self.passed += 1
            self.num += weight
            self.den += weight
        elif status is Status.PARTIAL:
            self.partial += 1
            self.num += weight / 2
            self.den += weight
        elif status is Status.FAIL:
            self.failed += 1
            self.den += weight
        elif status is Status.NA:
            self.not_applicable += 1
        else:
            self.not_assessed += 1

    def score(self, scope: str, weighted: bool) -> Score:
        return Score(
            scope=scope,
            passed=self.passed,
            partial=self.partial,
            failed=self.failed,
            not_applicable=self.not_applicable,
            not_assessed=self.not_assessed,
            waived=self.waived,
            weighted=weighted,
            percent=round(100 * self.num / self.den, 1) if self.den else None,
        )


def scopes_of(result: RequirementResult) -> list[str]:
    scopes = ["overall", f"kind:{result.kind}", f"group:{result.group}"]
    if result.layer is not None:
        scopes.append(f"layer:{result.layer}")
    return scopes


_SCORE_FIELDS = frozenset(Score.model_fields)
_COUNT_OF = {Status.PASS: 0, Status.PARTIAL: 1, Status.FAIL: 2, Status.NA: 3}  # any other: not_assessed (4)
_WAIVED = 5
_NUM, _DEN = 6, 7
_SCOPES: dict[tuple[str, str, int | None], tuple[str, ...]] = {}
"""(kind, group, layer) → :func:`scopes_of` (the catalog has a few dozen)."""
_ORDER = {"overall": 0, "kind": 1, "group": 2, "layer": 3}


def compute_scores(results: Iterable[RequirementResult], *, use_waivers: bool) -> list[Score]:
    """Scores for every scope the results touch: overall, kinds, groups (first-seen order), layers."""
    items = results if isinstance(results, list) else list(results)
    return _scores(_unweighted(items, use_waivers) or _ordered(items, use_waivers))


def compute_score_pair(results: list[RequirementResult]) -> tuple[list[Score], list[Score]]:
    """``compute_scores`` with waivers, then without: the same tallies when no result is waived."""
    if any(result.waived for result in results):
        return compute_scores(results, use_waivers=True), compute_scores(results, use_waivers=False)
    tallies = _unweighted(results, False) or _ordered(results, False)
    return _scores(tallies), _scores(tallies)


_Tallies = tuple[dict[str, list[Any]], bool]
"""Scope → [the six counts, numerator, denominator] in first-seen order, and whether weighted."""


def _count(result: RequirementResult, use_waivers: bool) -> int:
    return _WAIVED if use_waivers and result.waived else _COUNT_OF.get(result.status, 4)


def _scopes(result: RequirementResult) -> tuple[str, ...]:
    key = (result.kind, result.group, result.layer)
    scopes = _SCOPES.get(key)
    if scopes is None:
        scopes = _SCOPES[key] = tuple(scopes_of(result))
    return scopes


def _unweighted(results: list[RequirementResult], use_waivers: bool) -> _Tallies | None:
    """The tallies when every weight is 1 (None otherwise): the results are first counted per
    scopes and count, as sums of ones and halves are exact in any order."""
    counted: dict[tuple[tuple[str, ...], int], int] = {}
    for result in results:
        if result.weight != 1.0:
            return None
        key = (_scopes(result), _count(result, use_waivers))
        counted[key] = counted.get(key, 0) + 1
    tallies: dict[str, list[Any]] = {"overall": [0, 0, 0, 0, 0, 0, 0.0, 0.0]}
    for (scopes, count), n in counted.items():  # first-seen order of the keys keeps the scopes'
        for scope in scopes:
            tally = tallies.get(scope)
            if tally is None:
                tally = tallies[scope] = [0, 0, 0, 0, 0, 0, 0.0, 0.0]
            tally[count] += n
            if count == 0:
                tally[_NUM] += float(n)
                tally[_DEN] += float(n)
            elif count == 1:
                tally[_NUM] += n / 2
                tally[_DEN] += float(n)
            elif count == 2:
                tally[_DEN] += float(n)
    return tallies, False


def _ordered(results: list[RequirementResult], use_waivers: bool) -> _Tallies:
    """The tallies adding the results in their order, as :meth:`_Tally.add` would
    (``tests/test_scoring_tally.py``)."""
    tallies: dict[str, list[Any]] = {"overall": [0, 0, 0, 0, 0, 0, 0.0, 0.0]}
    weighted = False
    for result in results:
        weight = result.weight
        if weight != 1.0:
            weighted = True
        # what the result adds, decided once for its three or four scopes
        count = _count(result, use_waivers)
        num: float | None = None
        den: float | None = None
        if count == 0:
            num = den = weight
        elif count == 1:
            num, den = weight / 2, weight
        elif count == 2:
            den = weight
        for scope in _scopes(result):
            tally = tallies.get(scope)
            if tally is None:
                tally = tallies[scope] = [0, 0, 0, 0, 0, 0, 0.0, 0.0]
            tally[count] += 1
            if num is not None:
                tally[_NUM] += num
            if den is not None:
                tally[_DEN] += den
    return tallies, weighted


def _scores(found: _Tallies) -> list[Score]:
    tallies, weighted = found
    names = sorted(tallies, key=lambda s: _ORDER[s.split(":", 1)[0]])  # stable: keeps first-seen order
    scores = []
    for name in names:
        passed, partial, failed, not_applicable, not_assessed, waived, num, den = tallies[name]
        values = {  # Score(...) with every field, in field order: ints, a float or None, a bool
            "scope": name,
            "passed": passed,
            "partial": partial,
            "failed": failed,
            "not_applicable": not_applicable,
            "not_assessed": not_assessed,
            "percent": round(100 * num / den, 1) if den else None,
            "waived": waived,
            "weighted": weighted,
        }
        scores.append(trusted(Score, values, set(_SCORE_FIELDS)))
    return scores


def overall_percent(scores: list[Score]) -> float | None:
    return next((s.percent for s in scores if s.scope == "overall"), None)
