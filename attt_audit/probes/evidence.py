"""Probe evidence on disk: one ``ProbeRun`` JSON per system and run, raw nmap XML beside it.

``<workspace>/evidence/probes/<system>/<run-id>.json`` and ``<run-id>.<address>.nmap.xml``;
the JSON lists every raw file with its SHA-256. Everything is written atomically (temp file +
rename), raw files first, so a JSON never names a file that is not there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from attt_audit.errors import InputError
from attt_audit.models.observations import Observation, ProbeRun
from attt_audit.yamlio import atomic_write_bytes, atomic_write_text, within


def run_id(started: dt.datetime) -> str:
    """Sortable id from the start time, e.g. ``20261123T111500123Z`` (UTC, milliseconds)."""
    utc = started.astimezone(dt.UTC)
    return utc.strftime("%Y%m%dT%H%M%S") + f"{utc.microsecond // 1000:03d}Z"


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in text)


def write_run(probes_dir: Path, run: ProbeRun, artifacts: dict[str, bytes]) -> Path:
    """Save the run (and its raw files, hashed into ``run.artifacts``); return the JSON path."""
    folder = probes_dir / run.system
    folder.mkdir(parents=True, exist_ok=True)
    rid = run_id(run.started_at)
    n = 1
    while (folder / f"{rid}.json").exists():
        n += 1
        rid = f"{run_id(run.started_at)[:-1]}{n:02d}Z"
    for name, data in sorted(artifacts.items()):
        path = folder / f"{rid}.{_safe(name)}"
        atomic_write_bytes(path, data)
        run.artifacts[path.name] = hashlib.sha256(data).hexdigest()
    path = folder / f"{rid}.json"
    atomic_write_text(path, run.model_dump_json(indent=2) + "\n")
    return path


def load_run(path: Path) -> ProbeRun:
    try:
        return ProbeRun.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise InputError(
            f"not a probe run: {where} {first.get('msg', '')}".strip(),
            location=str(path),
            expected="a ProbeRun JSON written by 'attt-audit probe'",
        ) from None


def run_files(probes_dir: Path, system_id: str) -> list[Path]:
    """The system's probe run files; a linked folder or file leading out of the workspace is not read."""
    folder = probes_dir / system_id
    if not folder.is_dir():
        return []
    workspace = probes_dir.parent.parent  # <workspace>/evidence/probes
    return sorted(p for p in folder.glob("*.json") if within(p, workspace))


def latest(probes_dir: Path, system_id: str) -> ProbeRun | None:
    """The newest run of a system (by start time), or None when it has never been probed."""
    files = run_files(probes_dir, system_id)
    if not files:
        return None
    runs = [load_run(p) for p in files]
    return max(runs, key=lambda r: r.started_at)


DEFAULT_MAX_AGE_DAYS = 90
"""Probe evidence older than this (days, on the assessment date) is stale by default."""


def accumulated(
    workspace: Path,
    system_id: str,
    *,
    today: dt.date | None = None,
    max_age_days: int | None = DEFAULT_MAX_AGE_DAYS,
) -> ProbeRun | None:
    """Every probe run of a system folded into one: for each check and target, the newest
    observation across all runs (a narrower run, ``probe -k http``, never hides the ports seen
    before). Each observation names its run file (``run``, relative to ``workspace``) and is
    marked ``stale`` when older than ``max_age_days`` on ``today`` (None: never stale).

    The run's own fields (times, tools, capabilities) are those of the newest run; targets and
    details are the union. None when the system was never probed.
    """
    probes_dir = workspace / "evidence" / "probes"
    files = run_files(probes_dir, system_id)
    if not files:
        return None
    loaded = sorted(((load_run(p), p) for p in files), key=lambda item: (item[0].started_at, item[1].name))
    newest: dict[tuple[str, str], Observation] = {}
    targets: list[str] = []
    details: list[dict[str, Any]] = []
    for run, path in loaded:  # oldest first: a later observation of the same check and target wins
        ref = path.relative_to(workspace).as_posix() if within(path, workspace) else path.name
        for obs in run.observations:
            key = (obs.check, obs.target)
            old = newest.get(key)
            if old is None or _utc(obs.observed_at) >= _utc(old.observed_at):
                newest[key] = obs.model_copy(update={"run": ref})
        targets += [t for t in run.targets if t not in targets]
        details += run.details
    if today is not None and max_age_days is not None:
        for key, obs in newest.items():
            if (today - _utc(obs.observed_at).date()).days > max_age_days:
                newest[key] = obs.model_copy(update={"stale": True})
    last = loaded[-1][0]
    return last.model_copy(
        update={"observations": list(newest.values()), "targets": targets, "details": details}
    )


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def last_per_kind(workspace: Path, system_id: str) -> dict[str, dt.datetime]:
    """Probe kind (ports, tls, http, ssh) → when it last observed anything on this system."""
    found: dict[str, dt.datetime] = {}
    for path in run_files(workspace / "evidence" / "probes", system_id):
        for obs in load_run(path).observations:
            at = _utc(obs.observed_at)
            if obs.probe not in found or at > found[obs.probe]:
                found[obs.probe] = at
    return found
