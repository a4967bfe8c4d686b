"""Shared pieces of the benchmarks: the command users run, whole-process measurement, workspaces.

Not a test module and not part of the package: the scripts in bench/ import it by path.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "so-gtvt"
TEMPLATE_SYSTEM = "dvc-truc-tuyen"
STATUSES = ["Đạt", "Đạt", "Đạt", "Một phần", "Không đạt", "Đạt"]


def attt_audit() -> str:
    """The real console script (a pyenv shim on PATH costs ~60 ms of bash by itself)."""
    beside = Path(sys.executable).with_name("attt-audit")
    if beside.is_file():
        return str(beside)
    found = shutil.which("attt-audit")
    if found is None:
        raise SystemExit("attt-audit is not installed (pip install -e .)")
    return found


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} cores, {cpu}, Python {sys.version.split()[0]}, load average {load:.2f} at start"


@dataclass
class Measured:
    wall: float
    """Seconds, wall clock."""
    cpu: float
    """Seconds of user + system CPU of the process and the children it waited for."""
    peak_mb: float
    """Peak resident set size of the process (the largest of it and its waited-for children), MB."""
    tree_peak_mb: float = 0.0
    """With ``measure(tree=True)``: the largest sum of the RSS of the process and all its
    descendants seen (sampled every 50 ms from /proc), MB: what ``run --jobs N`` costs in all."""


def _tree_rss_mb(root: int) -> float:
    """Sum of the RSS of ``root`` and its descendants now (Linux /proc), MB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21])  # pages
    family = {root}
    grown = True
    while grown:
        grown = False
        for pid, ppid in parents.items():
            if ppid in family and pid not in family:
                family.add(pid)
                grown = True
    return sum(rss.get(pid, 0) for pid in family) * os.sysconf("SC_PAGE_SIZE") / 1e6


def measure(
    cmd: Sequence[str],
    *,
    cwd: Path | None = None,
    stdout: Any = subprocess.DEVNULL,
    ok: tuple[int, ...] = (0,),
    tree: bool = False,
) -> Measured:
    """Run ``cmd`` as a fresh process; its own time, CPU and peak RSS (``os.wait4``, per process).

    ``tree``: also sample the summed RSS of the process and its children (worker processes)."""
    import threading

    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=stdout, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    tree_peak = [0.0]
    finished = threading.Event()

    def sample() -> None:
        while not finished.wait(0.05):
            with contextlib.suppress(OSError):
                tree_peak[0] = max(tree_peak[0], _tree_rss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True) if tree and os.path.isdir("/proc") else None
    if sampler is not None:
        sampler.start()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    finished.set()
    if sampler is not None:
        sampler.join()
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        raise SystemExit(
            f"{' '.join(cmd)} exited {proc.returncode}:\n{err.decode('utf-8', 'replace')[-2000:]}"
        )
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, tree_peak[0])


def python_measure(code: str, *args: str) -> Measured:
    """Run a snippet in a fresh interpreter; the snippet prints JSON with its own 'seconds'."""
    return measure([sys.executable, "-c", code, *args])


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def has_option(subcommand: Sequence[str], option: str) -> bool:
    proc = subprocess.run([attt_audit(), *subcommand, "--help"], capture_output=True, text=True, check=False)
    return option in proc.stdout


# ----------------------------------------------------------------------------- workspaces


def build_workspace(folder: Path, n: int, *, variant: int = 0) -> None:
    """Write a workspace of ``n`` level-3 systems, each cloned from the example's online
    public-service system, with every question answered (statuses vary per system and with
    ``variant``), one recorded probe run per system, the example's evidence files and a waiver
    for every tenth system."""
    sys.path.insert(0, str(ROOT))
    from attt_audit.catalog import load_catalog, load_profiles, resolve_profile
    from attt_audit.models import answer_key
    from attt_audit.workspace import Workspace
    from attt_audit.yamlio import dump_yaml, read_yaml

    inventory = read_yaml(EXAMPLE / "inventory.yaml").data
    template = next(s for s in inventory["systems"] if s["id"] == TEMPLATE_SYSTEM)
    systems = []
    for i in range(n):
        system = json.loads(json.dumps(template, default=str))
        system["id"] = f"he-thong-{i:04d}"
        system["name"] = f"Hệ thống dịch vụ công số {i + 1}"
        systems.append(system)
    inventory["systems"] = systems
    (folder / "answers").mkdir(parents=True, exist_ok=True)
    (folder / "inventory.yaml").write_text(dump_yaml(inventory), encoding="utf-8")
    (folder / "evidence").mkdir(exist_ok=True)
    for doc in (EXAMPLE / "evidence").glob("*.md"):
        shutil.copy(doc, folder / "evidence" / doc.name)

    waivers = read_yaml(EXAMPLE / "waivers.yaml").data["waivers"]
    waiver = next(w for w in waivers if w["system"] == TEMPLATE_SYSTEM)
    ours = []
    for i in range(0, n, 10):
        ours.append({**waiver, "id": f"w-{i:04d}", "system": f"he-thong-{i:04d}"})
    (folder / "waivers.yaml").write_text(dump_yaml({"waivers": ours}), encoding="utf-8")

    requirements = resolve_profile("level3", load_catalog(), load_profiles()).requirements
    probe_src = sorted((Workspace(EXAMPLE).probes_dir / TEMPLATE_SYSTEM).glob("*.json"))[-1]
    probe = json.loads(probe_src.read_text(encoding="utf-8"))
    for i, system in enumerate(systems):
        answers: dict[str, Any] = {}
        k = i + variant
        for req in requirements:
            for q in req.variant.questions:
                k += 1
                status = STATUSES[k % len(STATUSES)]
                answer: dict[str, Any] = {"status": status, "answered_by": "Trần Thị Lan"}
                if q.param is not None:
                    param = req.variant.params.get(q.param)
                    answer["value"] = int((param.min or 1) * 2) if param else 1
                if status == "Đạt":
                    answer["evidence"] = ["quy-chế-bảo-đảm-attt-sở-gtvt-2023.md"]
                else:
                    answer["note"] = "Chưa thực hiện đầy đủ; đưa vào kế hoạch năm 2027."
                answers[answer_key(req.control.id, 3, q.id)] = answer
        data = {"schema_version": 1, "system": system["id"], "level": 3, "answers": answers}
        (folder / "answers" / f"{system['id']}.yaml").write_text(dump_yaml(data), encoding="utf-8")
        probe["system"] = system["id"]
        target = folder / "evidence" / "probes" / system["id"]
        target.mkdir(parents=True, exist_ok=True)
        (target / probe_src.name).write_text(json.dumps(probe), encoding="utf-8")


def input_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """Every file ``run`` reads: (YAML files, JSON files). The bundled catalog and profiles,
    the workspace's inventory, waivers, probe settings and answers, and the recorded probe runs."""
    sys.path.insert(0, str(ROOT))
    from attt_audit.resources import data_dir

    yaml_files = sorted(data_dir("checklists").rglob("*.yaml")) + sorted(data_dir("profiles").glob("*.yaml"))
    yaml_files += [folder / name for name in ("inventory.yaml", "waivers.yaml", "probes.yaml")]
    yaml_files += sorted((folder / "answers").glob("*.yaml"))
    json_files = sorted((folder / "evidence" / "probes").glob("*/*.json"))
    return [p for p in yaml_files if p.is_file()], json_files


FLOOR_CODE = """
import json, sys, time
import yaml
yaml_files, json_files = json.loads(sys.stdin.read())
start, cpu = time.perf_counter(), time.process_time()
for p in yaml_files:
    with open(p, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
for p in json_files:
    with open(p, "rb") as f:
        json.load(f)
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}))
"""


def floor_load(folder: Path) -> Measured:
    """A plain libyaml (``yaml.CSafeLoader``) + ``json.load`` read of every input file, in a
    fresh interpreter, start-up excluded (a strict floor): wall and CPU seconds of the loading."""
    yaml_files, json_files = input_files(folder)
    proc = subprocess.run(
        [sys.executable, "-c", FLOOR_CODE],
        input=json.dumps([[str(p) for p in yaml_files], [str(p) for p in json_files]]),
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(proc.stdout)
    return Measured(float(data["seconds"]), float(data["cpu"]), 0.0)
