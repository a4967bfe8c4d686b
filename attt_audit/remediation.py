"""The remediation plan: one item per gap, with a priority and a suggested deadline.

A gap is a requirement whose status is Không đạt or Một phần (waived or not), or one whose
low-confidence finding was kept as an advisory. Priority comes from points:

* severity of the control: critical 3, high 2, medium 1, low 0;
* status: Không đạt 1, Một phần 0;
* level of the system: 3 and above 1, else 0;
* legal weight (confidence of the requirement's source): A, P2, P1 → 1; B, S2 → 0.

5–6 points → priority 1 (30 days), 4 → 2 (90 days), 2–3 → 3 (180 days), 0–1 → 4 (365 days).
A requirement resting on a weak source (C, S1, INF, low) is always priority 4: it never
drives the plan on its own. A waived gap is due on its waiver's expiry date. Owner and state
are left empty for the officer to fill.

A past fact that cannot be undone (``RequirementResult.past_fact``: the level approved after the
deadline that applied) gets no deadline: reports list it as a recorded finding ("Ghi nhận") with
its date; the forward duty (approve now, implement now) is what the plan schedules.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from attt_audit.models import LocalText, RemediationItem, RequirementResult, Status
from attt_audit.models.trusted import trusted

SEVERITY_POINTS = {"critical": 3, "high": 2, "medium": 1, "low": 0}
STRONG = {"A", "P2", "P1"}
WEAK = {"C", "S1", "INF", "low"}
DUE_DAYS = {1: 30, 2: 90, 3: 180, 4: 365}
_ITEM_GIVEN = frozenset(RemediationItem.model_fields) - {"owner", "state"}
"""The fields a plan gives an item (owner and state are the officer's)."""


def priority(result: RequirementResult) -> tuple[int, str]:
    """(priority 1–4, how it was reached)."""
    return _priority(result.severity, result.status, result.level, result.confidence)


@lru_cache(maxsize=1024)
def _priority(severity: str, result_status: Status, result_level: int, confidence: str) -> tuple[int, str]:
    """:func:`priority` of these four values (the same few come back for every gap of every system)."""
    sev = SEVERITY_POINTS.get(severity, 1)
    status = 1 if result_status is Status.FAIL else 0
    level = 1 if result_level >= 3 else 0
    legal = 1 if confidence in STRONG else 0
    basis = (
        f"severity {severity} +{sev}, status {result_status.value} +{status}, "
        f"level {result_level} +{level}, confidence {confidence or '?'} +{legal}"
    )
    if confidence in WEAK:
        return 4, basis + " (weak source: priority 4)"
    points = sev + status + level + legal
    prio = 1 if points >= 5 else 2 if points == 4 else 3 if points >= 2 else 4
    return prio, f"{basis} = {points}"


def is_gap(result: RequirementResult) -> bool:
    if result.past_fact:
        return False
    return result.status in (Status.FAIL, Status.PARTIAL) or (
        result.status is Status.NOT_ASSESSED and bool(result.advisories) and result.confidence in WEAK
    )


def recorded(results: list[RequirementResult]) -> list[RequirementResult]:
    """Findings recorded as past facts ("Ghi nhận"): shown with their date, never given a deadline."""
    return [r for r in results if r.past_fact and r.status in (Status.FAIL, Status.PARTIAL)]


def plan(results: list[RequirementResult], assessed_on: dt.date) -> list[RemediationItem]:
    """Remediation items for every gap, most urgent first."""
    items: list[RemediationItem] = []
    for result in results:
        if not is_gap(result):
            continue
        prio, basis = priority(result)
        due = assessed_on + dt.timedelta(days=DUE_DAYS[prio])
        reason = result.reason
        if result.waived and result.waiver is not None:
            due = result.waiver.expires_on
            reason = LocalText(
                vi=f"Miễn trừ {result.waiver.id} còn hiệu lực đến {due:%d/%m/%Y}; khắc phục trước ngày đó.",
                en=f"Waiver {result.waiver.id} holds until {due:%Y-%m-%d}; remediate before then.",
            )
        values = {  # RemediationItem(...) of the result's own, already typed values, in field order
            "control": result.control,
            "clause": result.clause,
            "title": result.title,
            "status": result.status,
            "priority": prio,
            "due": due,
            "owner": "",
            "state": "",
            "reason": reason,
            "waived": result.waived,
            "severity": result.severity,
            "basis": basis,
        }
        items.append(trusted(RemediationItem, values, set(_ITEM_GIVEN)))
    items.sort(key=lambda i: (i.priority, i.due, i.control))
    return items
