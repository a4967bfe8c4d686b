"""Probe benchmarks on loopback, with a lab that adds NO latency (only 127.0.0.0/8 is contacted).

    python bench/probe_sweep.py                  # the ports command against bare nmap, 15 rounds
    python bench/probe_sweep.py --rounds 40      # steadier figures
    python bench/probe_sweep.py --sweep 100      # also: a TLS+HTTP sweep of 100 endpoints

1. **ports, whole process against whole process** (issue 17, goal 4): the command users run,
   ``attt-audit probe -k ports -s scan -w WS``, against ``nmap`` with the same arguments and
   ports (as the ports probe builds them), on one lab host with open and closed ports. After
   warm-up, each round runs both, alternating which goes first; the ratio is the median of the
   per-round ratios of wall time (nmap waits on the network, so CPU would flatter nmap's share).
   Goal: ≤ 1.5.
2. ``--sweep N`` (optional): N TLS+HTTP endpoints on 127.0.1.1–N probed in-process with
   concurrency 1 and with the default limits. Without network latency the two are close
   (the work is CPU on a small machine); figures only, no goal.

Prints figures and exits 0: it is not run in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
os.environ["ATTT_AUDIT_LOOPBACK_ONLY"] = "1"

from _common import attt_audit, machine, measure, median, verdict  # noqa: E402
from lab import running_lab  # noqa: E402
from lab.certs import make_lab_certs  # noqa: E402


def write_scan_workspace(root: Path, open_ports: list[int]) -> None:
    from attt_audit.probes.scope import RISKY_PORTS

    scan = {
        "organisation": {"name": "Bench"},
        "systems": [
            {
                "id": "scan",
                "name": "Scan",
                "hosts": [{"address": "127.0.1.1", "scan_ports": sorted({*RISKY_PORTS, *open_ports})}],
            }
        ],
    }
    root.mkdir(parents=True, exist_ok=True)
    (root / "inventory.yaml").write_text(json.dumps(scan), encoding="utf-8")


def write_sweep_workspace(root: Path, ports: dict[str, int], n: int, ca: Path) -> None:
    endpoints = [
        {
            "host": f"127.0.1.{i}",
            "port": ports[f"ep{i}"],
            "kinds": ["tls", "http"],
            "url": f"https://good.lab.test:{ports[f'ep{i}']}/",
        }
        for i in range(1, n + 1)
    ]
    inventory = {
        "organisation": {"name": "Bench"},
        "systems": [{"id": "sweep", "name": "Sweep", "endpoints": endpoints}],
    }
    root.mkdir(parents=True, exist_ok=True)
    (root / "inventory.yaml").write_text(json.dumps(inventory), encoding="utf-8")
    (root / "probes.yaml").write_text(json.dumps({"ca_files": [str(ca)]}), encoding="utf-8")


def bench_ports(ws: Path, rounds: int, warmup: int) -> None:
    from attt_audit.probes import plan_probes
    from attt_audit.probes.ports import nmap_arguments, port_list

    plan = plan_probes(ws, ["scan"], ["ports"])
    assert plan.context is not None
    task = plan.tasks["scan"][0]
    arguments = nmap_arguments(task.target, plan.context)
    bare = ["nmap", "-oX", "-", *arguments.split(), "-p", port_list(task.target), task.target.address]
    ours = [attt_audit(), "probe", "-k", "ports", "-s", "scan", "-w", str(ws)]
    print(f"# ports: {len(task.target.scan_ports)} ports on {task.target.address}")
    print("# baseline: " + " ".join(bare))
    print("# ours:     " + " ".join(ours[1:]).replace(str(ws), "WS"))
    for _ in range(warmup):
        measure(bare)
        measure(ours, ok=(0, 1))
    walls: dict[str, list[float]] = {"nmap": [], "ours": []}
    cpus: dict[str, list[float]] = {"nmap": [], "ours": []}
    for r in range(rounds):
        pair = [("nmap", bare, (0,)), ("ours", ours, (0, 1))]
        for name, cmd, ok in pair if r % 2 == 0 else reversed(pair):
            m = measure(cmd, ok=ok)
            walls[name].append(m.wall)
            cpus[name].append(m.cpu)
    ratio = median([o / b for o, b in zip(walls["ours"], walls["nmap"], strict=True)])
    print(
        f"baseline bare nmap:            {median(walls['nmap']) * 1000:7.1f} ms wall "
        f"({median(cpus['nmap']) * 1000:6.1f} ms CPU), median of {rounds}"
    )
    print(
        f"ours attt-audit probe -k ports: {median(walls['ours']) * 1000:7.1f} ms wall "
        f"({median(cpus['ours']) * 1000:6.1f} ms CPU)"
    )
    print(f"ratio (paired, wall) {ratio:.2f}, goal ≤ 1.5 → {verdict(ratio <= 1.5)}")


def bench_sweep(ws: Path) -> None:
    from attt_audit.probes import run_probes

    def sweep(concurrency: int | None) -> tuple[float, int, int]:
        start = time.perf_counter()
        kwargs = {} if concurrency is None else {"concurrency": concurrency}
        runs = run_probes(ws, ["sweep"], ["tls", "http"], save=False, **kwargs)
        seconds = time.perf_counter() - start
        obs = runs["sweep"].observations
        return seconds, len(obs), sum(o.result not in ("pass", "not_testable") for o in obs)

    seq = sweep(1)
    conc = sweep(None)
    print(f"sequential (concurrency 1): {seq[0]:7.2f} s, {seq[1]} observations, {seq[2]} not passing")
    print(f"default limits:             {conc[0]:7.2f} s, {conc[1]} observations, {conc[2]} not passing")
    print(f"ratio default/sequential {conc[0] / seq[0]:.2f} (no added latency: figures only)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--sweep", type=int, default=0, metavar="N", help="Also sweep N TLS+HTTP endpoints.")
    args = parser.parse_args()
    print(f"# machine: {machine()}")
    if shutil.which("nmap") is None:
        print("nmap is not installed: the ports comparison needs it; skipped")
    with tempfile.TemporaryDirectory(prefix="attt-bench-probe-") as tmp:
        folder = Path(tmp)
        certs = make_lab_certs(folder, [])
        services: list[dict[str, object]] = [
            {"name": "web", "kind": "tls_http", "host": "127.0.1.1", "cert": str(certs["good"].cert),
             "key": str(certs["good"].key), "headers": "all"},
            {"name": "telnet", "kind": "tcp", "host": "127.0.1.1"},
        ]  # fmt: skip
        services += [
            {
                "name": f"ep{i}",
                "kind": "tls_http",
                "host": f"127.0.1.{i}",
                "cert": str(certs["good"].cert),
                "key": str(certs["good"].key),
                "headers": "all",
            }
            for i in range(1, args.sweep + 1)
        ]
        with running_lab(services, folder, certs) as lab:  # type: ignore[arg-type]
            if shutil.which("nmap") is not None:
                write_scan_workspace(folder / "scan", [lab.ports["web"], lab.ports["telnet"]])
                bench_ports(folder / "scan", args.rounds, args.warmup)
            if args.sweep:
                print()
                print(f"# sweep: {args.sweep} TLS+HTTP endpoints on 127.0.1.1–{args.sweep}, no added latency")
                write_sweep_workspace(folder / "sweep", lab.ports, args.sweep, certs["ca"].cert)
                bench_sweep(folder / "sweep")


if __name__ == "__main__":
    main()
