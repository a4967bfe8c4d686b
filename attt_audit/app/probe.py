"""Use case of ``probe``: plan and run the network probes against what the inventory declares.

Saves ``<workspace>/evidence/probes/<system>/<run-id>.json`` (plus raw nmap XML) per system.
Nothing undeclared is ever contacted; planning contacts nothing but the name resolver.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from attt_audit.models import ProbeRun
    from attt_audit.probes import Plan
    from attt_audit.workspace import Workspace

Progress = Callable[[int, int, str], None]
"""``progress(done, total, what)``: called after each probe task, ``what`` naming the probe and target."""


@dataclass(frozen=True)
class ProbePlan:
    workspace: Workspace
    plan: Plan

    @property
    def total(self) -> int:
        """How many probe tasks the plan holds."""
        return sum(len(t) for t in self.plan.tasks.values())


def plan_probe(
    workspace: Path,
    *,
    systems: list[str] | None = None,
    all_systems: bool = False,
    kinds: str | None = None,
    targets: list[str] | None = None,
    allow_large_ranges: bool = False,
    deep_tls: bool = False,
    concurrency: int = 16,
    per_host: int = 2,
    rate: float | None = None,
    timeout: float = 5.0,
    host_timeout: float = 60.0,
    budget: float = 900.0,
    resolve: bool = True,
) -> ProbePlan:
    """Resolve and vet the scope of ``systems`` (or every system with ``all_systems``);
    ``resolve=False`` (a dry run) leaves host names unresolved: no DNS query either."""
    from attt_audit.errors import InputError
    from attt_audit.probes import plan_probes
    from attt_audit.workspace import Workspace

    ws = Workspace(workspace)
    if bool(systems) == all_systems:
        raise InputError(
            "say which systems to probe",
            location="probe",
            expected="--system ID (repeatable) or --all, not both",
        )
    ids = list(systems or []) if systems else [s.id for s in ws.inventory().systems]
    plan = plan_probes(
        ws,
        ids,
        [kinds] if kinds else None,
        targets=list(targets or []),
        allow_large_ranges=allow_large_ranges,
        resolve=resolve,
        concurrency=concurrency,
        per_host=per_host,
        rate=rate,
        connect_timeout=timeout,
        target_timeout=host_timeout,
        budget=budget,
        deep_tls=deep_tls,
    )
    return ProbePlan(ws, plan)


def run_probe(
    planned: ProbePlan, progress: Progress | None = None
) -> dict[str, tuple[ProbeRun, Path | None]]:
    """Run the plan; return each system's run and the evidence file it was saved to."""
    from attt_audit.probes import execute
    from attt_audit.probes.scheduler import Outcome

    total, done = planned.total, 0

    def advance(outcome: Outcome) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, f"{outcome.task.probe.name} {outcome.task.target.label}")

    return execute(planned.plan, planned.workspace, progress=advance)
