"""Scale benchmark for ``attt-audit run``: synthetic workspaces of level-3 systems.

    python bench/run_scale.py                 # 100, 500, 1000 systems
    python bench/run_scale.py --sizes 50 200  # other sizes

For each size it builds a workspace (inventory of N level-3 systems cloned from the example's
online public-service system, a full answers file per system with varied statuses, a
recorded probe run per system), then measures in fresh processes:

* **parse**: reading the same input files (inventory, every answers file, every probe run)
  with the tool's loaders, nothing else;
* **run**: ``attt-audit run --profile level3 --format json,html`` on the whole workspace.

It prints time and peak memory (max RSS) per size and checks the goals: run time for the
largest size ≤ 5 × its parse time, time per system roughly constant (linear growth), peak
memory ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "so-gtvt"
TEMPLATE_SYSTEM = "dvc-truc-tuyen"
STATUSES = ["Đạt", "Đạt", "Đạt", "Một phần", "Không đạt", "Đạt"]


def build_workspace(folder: Path, n: int) -> None:
    """Write a workspace of ``n`` level-3 systems with every question answered."""
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

    requirements = resolve_profile("level3", load_catalog(), load_profiles()).requirements
    probe_src = sorted((Workspace(EXAMPLE).probes_dir / TEMPLATE_SYSTEM).glob("*.json"))[-1]
    probe = json.loads(probe_src.read_text(encoding="utf-8"))
    for i, system in enumerate(systems):
        answers: dict[str, Any] = {}
        k = i
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


def child_parse(folder: Path) -> None:
    """Read every input file with the tool's loaders (the baseline)."""
    from attt_audit.probes import latest_run
    from attt_audit.workspace import Workspace

    ws = Workspace(folder)
    inventory = ws.inventory()
    for system in inventory.systems:
        ws.answers(system.id)
        latest_run(ws, system.id)


def child_run(folder: Path, out: Path) -> None:
    from attt_audit.cli import main

    code = main(
        [
            "run",
            "--profile",
            "level3",
            "-w",
            str(folder),
            "--format",
            "json,html",
            "--out",
            str(out),
            "--date",
            "2026-11-23",
        ]
    )
    if code != 0:
        raise SystemExit(f"run failed with exit code {code}")


def measure(mode: str, folder: Path, out: Path) -> dict[str, float]:
    """Run one measurement in a fresh interpreter; return seconds and peak RSS in MB."""
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(folder), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--child", nargs=3, metavar=("MODE", "WORKSPACE", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="Keep the generated workspaces.")
    args = parser.parse_args()

    if args.child:
        mode, folder, out = args.child
        sys.path.insert(0, str(ROOT))
        start = time.perf_counter()
        usage0 = resource.getrusage(resource.RUSAGE_SELF)
        cpu0 = usage0.ru_utime + usage0.ru_stime
        if mode == "parse":
            child_parse(Path(folder))
        else:
            child_run(Path(folder), Path(out))
        seconds = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = usage.ru_utime + usage.ru_stime - cpu0
        peak_mb = usage.ru_maxrss / 1024  # KiB on Linux
        print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb}))
        return

    base = Path(tempfile.mkdtemp(prefix="attt-bench-"))
    rows = []
    try:
        for n in args.sizes:
            folder = base / f"ws-{n}"
            t0 = time.perf_counter()
            build_workspace(folder, n)
            built = time.perf_counter() - t0
            parse = measure("parse", folder, base / "unused")
            run = measure("run", folder, base / f"out-{n}")
            rows.append((n, built, parse, run))
            print(
                f"{n:5d} systems: parse {parse['seconds']:6.2f} s wall, {parse['cpu']:6.2f} s CPU, {parse['peak_mb']:5.1f} MB"
                f" | run json+html {run['seconds']:6.2f} s wall, {run['cpu']:6.2f} s CPU, {run['peak_mb']:5.1f} MB"
                f" | run/parse (CPU) {run['cpu'] / parse['cpu']:4.2f}x | {1000 * run['cpu'] / n:5.1f} ms CPU/system"
                f" | (workspace built in {built:.0f} s)",
                flush=True,
            )
            if not args.keep:
                shutil.rmtree(base / f"out-{n}", ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
        else:
            print(f"workspaces kept in {base}")

    n, _, parse, run = rows[-1]
    per_system = [r[3]["cpu"] / r[0] for r in rows]
    ratio = run["cpu"] / parse["cpu"]
    spread = max(per_system) / min(per_system)
    peak = max(r[3]["peak_mb"] for r in rows)
    print()
    print("(ratios use CPU time: on a shared machine wall time includes waiting for other processes)")
    print(f"goal: {n} systems in ≤ 5× parse time: {ratio:.2f}× → {'ok' if ratio <= 5 else 'MISSED'}")
    print(
        f"goal: linear growth, CPU per system largest/smallest: {spread:.2f} → {'ok' if spread <= 1.5 else 'MISSED'}"
    )
    print(f"goal: peak memory ≤ 300 MB: {peak:.1f} MB → {'ok' if peak <= 300 else 'MISSED'}")


if __name__ == "__main__":
    main()
