"""Runs probe tasks with a global concurrency limit, per-host politeness and an overall budget.

Threads, not asyncio: the probes use blocking ``ssl``/``socket`` calls with timeouts, and the
brief's measurements show threads and asyncio equal here. The dispatcher starts a task only
when the global limit, the per-host limit and the probe's exclusivity allow it, so workers
never sit blocked on a busy host while other hosts wait. An exception inside a probe becomes
``error`` observations for that target; the sweep goes on.
"""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from attt_audit.errors import AuditError
from attt_audit.models.observations import Observation
from attt_audit.probes.interface import Probe, ProbeContext, ProbeResult, Target

DEFAULT_CONCURRENCY = 16
DEFAULT_PER_HOST = 2


@dataclass(frozen=True)
class Task:
    probe: Probe
    target: Target


@dataclass
class Outcome:
    task: Task
    result: ProbeResult | None = None
    observations: list[Observation] = field(default_factory=list)
    error: str | None = None


def describe_exception(exc: BaseException) -> str:
    """A short, user-readable reason for a failed probe."""
    if isinstance(exc, AuditError):
        return exc.render()
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {exc.reason or exc}"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{type(exc).__name__}: {exc}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def run_one(task: Task, ctx: ProbeContext) -> Outcome:
    """Run one probe on one target; never raises."""
    try:
        result = task.probe.run(task.target, ctx.for_target())
        return Outcome(task, result, result.observations())
    except Exception as exc:  # a probe failure is an error result, never a crashed sweep
        reason = describe_exception(exc)
        return Outcome(task, None, task.probe.error_observations(task.target, reason, _now()), reason)


def run_tasks(
    tasks: list[Task],
    ctx: ProbeContext,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    per_host: int = DEFAULT_PER_HOST,
    progress: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Run every task; results come back in task order."""
    concurrency = max(1, concurrency)
    per_host = max(1, per_host)
    outcomes: list[Outcome | None] = [None] * len(tasks)
    pending = list(enumerate(tasks))
    cond = threading.Condition()
    running = 0
    on_host: Counter[str] = Counter()
    exclusive: set[str] = set()

    def finish(i: int, outcome: Outcome) -> None:
        nonlocal running
        host = outcome.task.target.address
        with cond:
            outcomes[i] = outcome
            running -= 1
            on_host[host] -= 1
            if outcome.task.probe.politeness.exclusive_per_host:
                exclusive.discard(host)
            cond.notify_all()
        if progress is not None:
            progress(outcome)

    def work(i: int, task: Task) -> None:
        outcome = Outcome(task, None, [], "interrupted")
        try:
            outcome = run_one(task, ctx)
        finally:
            finish(i, outcome)

    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="probe") as pool, cond:
        while pending or running:
            if pending and ctx.budget.remaining() <= 0:
                reason = "not run: overall time budget exhausted"
                for i, task in pending:
                    outcome = Outcome(
                        task, None, task.probe.error_observations(task.target, reason, _now()), reason
                    )
                    outcomes[i] = outcome
                    if progress is not None:
                        progress(outcome)
                pending.clear()
                continue
            picked = None
            if running < concurrency:
                for j, (_, task) in enumerate(pending):
                    host = task.target.address
                    if on_host[host] >= per_host:
                        continue
                    if task.probe.politeness.exclusive_per_host and host in exclusive:
                        continue
                    picked = j
                    break
            if picked is None:
                cond.wait(timeout=0.5)
                continue
            i, task = pending.pop(picked)
            running += 1
            on_host[task.target.address] += 1
            if task.probe.politeness.exclusive_per_host:
                exclusive.add(task.target.address)
            pool.submit(work, i, task)
    return [o for o in outcomes if o is not None]
