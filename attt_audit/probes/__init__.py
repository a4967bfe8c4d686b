"""Light network probes: ports, TLS and certificates, HTTP security headers, SSH.

Public entry points (the contract with the engine and the CLI):

* :func:`run_probes` — plan, run and save probe runs for some systems of a workspace;
* :func:`latest_run` — the newest saved :class:`~attt_audit.models.observations.ProbeRun` of a system;
* :func:`plan_probes` — what a run would contact, without contacting anything (``--dry-run``).

Only hosts and endpoints the inventory declares are contacted (:mod:`.scope`); every probe
emits observations under check ids (:mod:`.registry`), never control ids.
"""

from __future__ import annotations

import datetime as dt
import platform
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attt_audit.models.observations import ProbeRun
from attt_audit.probes.interface import Budget, ProbeContext, ProbeSettings
from attt_audit.probes.scheduler import DEFAULT_CONCURRENCY, DEFAULT_PER_HOST, Outcome, Task
from attt_audit.workspace import Workspace

__all__ = ["PLAN_DEFAULTS", "Plan", "execute", "latest_run", "load_settings", "plan_probes", "run_probes"]

SETTINGS_FILE = "probes.yaml"

PLAN_DEFAULTS: dict[str, Any] = {
    "concurrency": DEFAULT_CONCURRENCY,
    "per_host": DEFAULT_PER_HOST,
    "rate": None,
    "connect_timeout": 5.0,
    "target_timeout": 60.0,
    "budget": 900.0,
    "nmap_rate": 200,
    "deep_tls": False,
}
"""Limits :func:`run_probes` accepts as keyword arguments, with their defaults."""


@dataclass
class Plan:
    """What a run will contact: tasks per system, and declared entries it will skip."""

    tasks: dict[str, list[Task]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    context: ProbeContext | None = None
    concurrency: int = DEFAULT_CONCURRENCY
    per_host: int = DEFAULT_PER_HOST

    def describe(self) -> dict[str, list[str]]:
        assert self.context is not None
        return {
            sid: [t.probe.describe(t.target, self.context) for t in tasks]
            for sid, tasks in self.tasks.items()
        }


def _ws(workspace: Workspace | Path | str) -> Workspace:
    return workspace if isinstance(workspace, Workspace) else Workspace(Path(workspace))


def load_settings(workspace: Workspace | Path | str) -> ProbeSettings:
    """The workspace's ``probes.yaml``, or the defaults when there is none."""
    from attt_audit.yamlio import load_model

    path = _ws(workspace).root / SETTINGS_FILE
    return load_model(ProbeSettings, path) if path.is_file() else ProbeSettings()


def plan_probes(
    workspace: Workspace | Path | str,
    system_ids: list[str],
    kinds: list[str] | None = None,
    *,
    targets: list[str] | None = None,
    allow_large_ranges: bool = False,
    resolve: bool = True,
    **limits: Any,
) -> Plan:
    """Resolve and vet the scope and build the task list; contacts nothing but the name resolver
    (and not even that with ``resolve=False``, as ``probe --dry-run`` asks)."""
    from attt_audit.probes import registry, scope
    from attt_audit.probes.capabilities import local_capabilities

    ws = _ws(workspace)
    unknown = set(limits) - set(PLAN_DEFAULTS) - {"progress", "save"}
    if unknown:
        raise TypeError(f"unknown limit(s): {', '.join(sorted(unknown))}")
    opts = {**PLAN_DEFAULTS, **{k: v for k, v in limits.items() if k in PLAN_DEFAULTS and v is not None}}
    settings = load_settings(ws)
    inventory = ws.inventory()
    systems = {
        sid: inventory.system(sid) or ws.system(sid) for sid in system_ids
    }  # ws.system raises NotFound
    scopes = [
        scope.build_scope(s, settings, allow_large_ranges=allow_large_ranges, resolve=resolve)
        for s in systems.values()
    ]
    scopes = scope.restrict(scopes, list(targets or []), systems)
    chosen = registry.parse_kinds(kinds)
    plan = Plan()
    for sc in scopes:
        tasks: list[Task] = []
        for kind in chosen:
            probe = registry.get(kind)
            if probe.host_wide:
                tasks.extend(Task(probe, t) for t in sc.hosts)
            else:
                tasks.extend(Task(probe, e.target) for e in sc.endpoints if kind in e.kinds)
        plan.tasks[sc.system] = tasks
        plan.notes[sc.system] = list(sc.notes)
    plan.context = ProbeContext(
        settings=settings,
        budget=Budget(float(opts["budget"]), opts["rate"]),
        connect_timeout=float(opts["connect_timeout"]),
        target_timeout=float(opts["target_timeout"]),
        capabilities=local_capabilities(),
        workspace=ws.root,
        nmap_rate=_nmap_rate(opts),
        deep_tls=bool(opts["deep_tls"]),
    )
    plan.concurrency = int(opts["concurrency"])
    plan.per_host = int(opts["per_host"])
    return plan


def _nmap_rate(opts: dict[str, Any]) -> int:
    """nmap's ``--max-rate``; a ``rate`` limit given for the sweep caps it too."""
    rate = int(opts["nmap_rate"])
    if opts.get("rate"):
        rate = min(rate, max(1, int(float(opts["rate"]))))
    return max(1, rate)


def _tools() -> dict[str, str]:
    import ssl

    import cryptography

    from attt_audit.probes.ports import nmap_version

    tools = {
        "python": platform.python_version(),
        "openssl": ssl.OPENSSL_VERSION,
        "cryptography": cryptography.__version__,
        "nmap": nmap_version() or "not found",
    }
    try:
        import nmap

        tools["python-nmap"] = str(nmap.__version__)
    except ImportError:
        tools["python-nmap"] = "not installed"
    return tools


def run_probes(
    workspace: Workspace | Path | str,
    system_ids: list[str],
    kinds: list[str] | None = None,
    **limits: Any,
) -> dict[str, ProbeRun]:
    """Probe the declared hosts and endpoints of the systems; save and return one run per system.

    Keyword limits: ``concurrency`` (16), ``per_host`` (2), ``rate`` (connections per second,
    none), ``connect_timeout`` (5 s), ``target_timeout`` (60 s), ``budget`` (900 s overall),
    ``nmap_rate`` (200), ``deep_tls`` (False: nmap ``ssl-enum-ciphers`` fills in what the local
    OpenSSL cannot test); also ``targets`` (restrict to these declared hosts/endpoints),
    ``allow_large_ranges``, ``progress`` (called with each finished task) and ``save`` (True).
    """
    progress: Callable[[Outcome], None] | None = limits.pop("progress", None)
    save = bool(limits.pop("save", True))
    plan = plan_probes(workspace, system_ids, kinds, **limits)
    done = execute(plan, _ws(workspace), progress=progress, save=save)
    return {sid: run for sid, (run, _) in done.items()}


def execute(
    plan: Plan,
    workspace: Workspace,
    *,
    progress: Callable[[Outcome], None] | None = None,
    save: bool = True,
) -> dict[str, tuple[ProbeRun, Path | None]]:
    """Run a plan; return each system's run and the evidence file it was saved to."""
    from attt_audit import __version__
    from attt_audit.probes.evidence import write_run
    from attt_audit.probes.scheduler import run_tasks

    assert plan.context is not None
    started = dt.datetime.now(dt.UTC)
    every = [task for tasks in plan.tasks.values() for task in tasks]
    outcomes = run_tasks(
        every, plan.context, concurrency=plan.concurrency, per_host=plan.per_host, progress=progress
    )
    finished = dt.datetime.now(dt.UTC)
    tools = _tools()
    done: dict[str, tuple[ProbeRun, Path | None]] = {}
    for sid, tasks in plan.tasks.items():
        if not tasks:
            continue  # nothing declared to probe: no run, so older evidence stays the latest
        mine = [o for o in outcomes if o.task.target.system == sid]
        run = ProbeRun(
            system=sid,
            started_at=started,
            finished_at=finished,
            tool_version=__version__,
            tools=tools,
            targets=sorted({t.target.label for t in tasks}),
            observations=[obs for o in mine for obs in o.observations],
            capabilities=plan.context.capabilities,
            details=[
                {
                    "probe": o.task.probe.name,
                    "target": o.task.target.label,
                    **({"result": o.result.to_dict()} if o.result is not None else {"error": o.error}),
                }
                for o in mine
            ],
        )
        artifacts: dict[str, bytes] = {}
        for o in mine:
            if o.result is not None:
                t = o.task.target
                stem = t.address if t.port is None else f"{t.address}-{t.port}"
                for suffix, data in o.result.artifacts().items():
                    artifacts[f"{stem}.{suffix}"] = data
        path = write_run(workspace.probes_dir, run, artifacts) if save else None
        done[sid] = (run, path)
    return done


def latest_run(workspace: Workspace | Path | str, system_id: str) -> ProbeRun | None:
    """The newest saved probe run of a system, or None when it has never been probed."""
    from attt_audit.probes.evidence import latest

    return latest(_ws(workspace).probes_dir, system_id)
