"""Where each system's level dossier stands, and its next legal deadline.

The steps come from the inventory (``systems[].dossier.steps``: kind, date, document number).
Which step a deadline ends and which step starts it is dossier data
(``checklists/dossier/dossier.yaml``, ``clocks``); its length, unit (working or calendar days),
article and confidence are the regime's rules (``checklists/regimes/<regime>.yaml``). Working
days skip weekends and Vietnamese public holidays (:mod:`attt_audit.dossier.workdays`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attt_audit.dossier.changes import Change, approved_snapshot, changes_since, scope_now
from attt_audit.dossier.rules import DossierRules, RegimeDeadline, load_rules, regime_deadlines
from attt_audit.dossier.workdays import add_days, working_days_between
from attt_audit.models import DossierStep, LocalText, System
from attt_audit.yamlio import Located

if TYPE_CHECKING:
    from attt_audit.dossier.facts import Problem  # facts (catalog, workspace) is heavy: imported when needed


@dataclass
class NextDeadline:
    step: str
    """The step that must happen by ``due`` (``completeness_check``, ``appraisal_opinion``, ``approval``)."""
    start: dt.date
    due: dt.date
    days: int
    unit: str
    """``working`` or ``calendar``."""
    rule: RegimeDeadline
    left: int
    """Days left from today (working or calendar, as the rule counts); negative: overdue."""

    @property
    def overdue(self) -> bool:
        return self.left < 0


@dataclass
class TrackState:
    system_id: str
    name: str
    regime: str
    level: int | None
    step: DossierStep | None
    next: NextDeadline | None
    waiting: LocalText | None = None
    """What the file waits for when no legal deadline runs (returned as incomplete, not fit …)."""
    changes: list[Change] = field(default_factory=list)
    snapshot_source: str = ""
    scope: dict[str, Any] = field(default_factory=dict)
    """The scope now, in the form of ``dossier.scope_snapshot`` (paste it when the decision is signed)."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def redetermine(self) -> bool:
        return bool(self.changes)


def _regime(system: System, default: str) -> str:
    if system.dossier is not None and system.dossier.regime is not None:
        return system.dossier.regime
    if system.approval is not None and system.approval.regime is not None and not _open(system):
        # the regime the level was approved under, until a new file is opened
        return system.approval.regime
    return default


def _open(system: System) -> bool:
    """A file is open when it has steps and the last is not an approval."""
    steps = system.dossier.steps if system.dossier else []
    return bool(steps) and steps[-1].kind != "approval"


def _level(system: System) -> int | None:
    if system.dossier is not None and system.dossier.level is not None:
        return system.dossier.level
    if system.approval is not None and system.approval.level is not None:
        return system.approval.level
    return system.declared_level


def _last(steps: list[DossierStep], kinds: list[str]) -> DossierStep | None:
    """The latest of ``kinds``, trying them in order of preference."""
    for kind in kinds:
        found = [s for s in steps if s.kind == kind]
        if found:
            return found[-1]
    return None


def next_deadline(
    steps: list[DossierStep],
    regime: str,
    level: int | None,
    today: dt.date,
    rules: DossierRules | None = None,
) -> tuple[NextDeadline | None, LocalText | None]:
    """The deadline now running on a file with these steps (or what it waits for instead)."""
    rules = rules or load_rules()
    if not steps:
        return None, LocalText(vi="chưa có bước nào", en="no step recorded")
    current = steps[-1]
    if current.kind == "approval":
        return None, None
    if current.kind == "completeness_check" and current.outcome == "incomplete":
        return None, LocalText(
            vi="hồ sơ bị trả lại để bổ sung: chờ gửi lại",
            en="file returned as incomplete: waiting to be sent again",
        )
    if current.kind == "appraisal_opinion" and current.outcome == "not_fit":
        return None, LocalText(
            vi="ý kiến thẩm định: chưa phù hợp; chờ hoàn thiện hồ sơ",
            en="appraisal found the file not fit: waiting for changes",
        )
    if current.kind in ("drafted", "redetermination"):
        return None, LocalText(vi="chờ gửi thẩm định", en="waiting to be sent for appraisal")
    deadlines = regime_deadlines(regime)
    # Only what follows the latest sending counts: a file sent again starts its clocks again.
    sent_at = max((i for i, s in enumerate(steps) if s.kind == "sent_for_appraisal"), default=0)
    recent = steps[sent_at:]
    order = {step.kind: i for i, step in enumerate(rules.steps)}
    reached = max(order[s.kind] for s in recent)
    for clock in rules.clocks:
        if order[clock.due] <= reached:
            continue  # that step is done, or a later one already happened
        start = _last(recent, list(clock.from_))
        if start is None:
            continue
        applicable = [d for d in deadlines if d.step == clock.regime_step and d.applies_to(level)]
        if not applicable:
            continue
        rule = applicable[0]
        assert rule.period is not None and rule.unit is not None
        due = add_days(start.date, rule.period.count, rule.unit)
        left = working_days_between(today, due) if rule.unit == "working" else (due - today).days
        return NextDeadline(clock.due, start.date, due, rule.period.count, rule.unit, rule, left), None
    return None, LocalText(
        vi="không có thời hạn luật định cho bước tiếp theo", en="no statutory deadline for the next step"
    )


def _order_problems(system: System, index: int, located: Located | None) -> list[Problem]:
    steps = system.dossier.steps if system.dossier else []
    problems = []
    for i in range(1, len(steps)):
        if steps[i].date < steps[i - 1].date:
            from attt_audit.dossier.facts import Problem

            where = located.where(("systems", index, "dossier", "steps", i, "date")) if located else ""
            problems.append(
                Problem(
                    LocalText(
                        vi=f"bước {steps[i].kind} ngày {steps[i].date:%d/%m/%Y} sớm hơn bước trước ({steps[i - 1].date:%d/%m/%Y}): các bước phải theo thứ tự thời gian",
                        en=f"step {steps[i].kind} on {steps[i].date} is earlier than the step before ({steps[i - 1].date}): steps must be in date order",
                    ),
                    where,
                )
            )
    return problems


def track(
    system: System,
    *,
    index: int,
    today: dt.date,
    default_regime: str,
    located: Located | None = None,
    dossier_folder: Path | None = None,
) -> TrackState:
    """The state of one system's file."""
    steps = list(system.dossier.steps) if system.dossier else []
    if not steps and system.approval is not None:
        # A file approved before the tool tracked it: the approval decision is its last step.
        a = system.approval
        steps = [DossierStep(kind="approval", date=a.date, number=a.decision, by=a.approver)]
    regime = _regime(system, default_regime)
    level = _level(system)
    problems = _order_problems(system, index, located)
    nxt, waiting = (None, None) if problems else next_deadline(steps, regime, level, today)
    snapshot, source = approved_snapshot(system, dossier_folder)
    changes = changes_since(system, snapshot) if snapshot is not None else []
    return TrackState(
        system_id=system.id,
        name=system.name,
        regime=regime,
        level=level,
        step=steps[-1] if steps else None,
        next=nxt,
        waiting=waiting,
        changes=changes,
        snapshot_source=source,
        scope={**scope_now(system), "recorded_on": today.isoformat()},
        problems=problems,
    )
