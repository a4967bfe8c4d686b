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

from attt_audit.models import RequirementResult, Score, Status


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


def compute_scores(results: Iterable[RequirementResult], *, use_waivers: bool) -> list[Score]:
    """Scores for every scope the results touch: overall, kinds, groups (first-seen order), layers."""
    tallies: dict[str, _Tally] = {"overall": _Tally()}
    weighted = False
    for result in results:
        weighted = weighted or result.weight != 1.0
        # what the result adds, decided once for its three or four scopes (as _Tally.add)
        status = result.status
        weight = result.weight
        if use_waivers and result.waived:
            count, num, den = "waived", None, None
        elif status is Status.PASS:
            count, num, den = "passed", weight, weight
        elif status is Status.PARTIAL:
            count, num, den = "partial", weight / 2, weight
        elif status is Status.FAIL:
            count, num, den = "failed", None, weight
        elif status is Status.NA:
            count, num, den = "not_applicable", None, None
        else:
            count, num, den = "not_assessed", None, None
        for scope in scopes_of(result):
            tally = tallies.get(scope)
            if tally is None:
                tally = tallies[scope] = _Tally()
            setattr(tally, count, getattr(tally, count) + 1)
            if num is not None:
                tally.num += num
            if den is not None:
                tally.den += den
    order = {"overall": 0, "kind": 1, "group": 2, "layer": 3}
    names = sorted(tallies, key=lambda s: order[s.split(":", 1)[0]])  # stable: keeps first-seen order
    return [tallies[name].score(name, weighted) for name in names]


def overall_percent(scores: list[Score]) -> float | None:
    return next((s.percent for s in scores if s.scope == "overall"), None)
