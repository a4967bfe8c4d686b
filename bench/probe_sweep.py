"""Probe sweep benchmark on loopback (prints figures; asserts nothing).

1. 100 TLS+HTTP endpoints on 127.0.1.1–100 (ports picked at run time), each connection delayed
   by ``--delay`` seconds in the lab server to stand in for network latency: the TLS and HTTP
   probes run sequentially (concurrency 1) and concurrently (default limits). Goal: concurrent
   ≤ 0.15 × sequential.
2. The ``ports`` probe against one lab host versus bare ``nmap`` with the same arguments and
   ports, each run ``--repeat`` times (medians). Goal: probe ≤ 1.1 × bare nmap.

Run: ``python bench/probe_sweep.py [--delay 0.02] [--endpoints 100] [--repeat 7]``.
Only 127.0.0.0/8 is ever contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ["ATTT_AUDIT_LOOPBACK_ONLY"] = "1"

from lab import running_lab  # noqa: E402
from lab.certs import make_lab_certs  # noqa: E402

from attt_audit.probes import plan_probes, run_probes  # noqa: E402
from attt_audit.probes.ports import PortsProbe, nmap_arguments, port_list  # noqa: E402
from attt_audit.probes.scope import RISKY_PORTS  # noqa: E402


def sweep_services(certs: dict, n: int, delay: float) -> list[dict]:
    return [
        {
            "name": f"ep{i}",
            "kind": "tls_http",
            "host": f"127.0.1.{i}",
            "cert": str(certs["good"].cert),
            "key": str(certs["good"].key),
            "headers": "all",
            "delay": delay,
        }
        for i in range(1, n + 1)
    ]


def write_workspace(root: Path, ports: dict[str, int], n: int, ca: Path, telnet_port: int) -> None:
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
        "systems": [
            {"id": "sweep", "name": "Sweep", "endpoints": endpoints},
        ],
    }
    root.mkdir(parents=True, exist_ok=True)
    (root / "inventory.yaml").write_text(json.dumps(inventory), encoding="utf-8")
    (root / "probes.yaml").write_text(json.dumps({"ca_files": [str(ca)]}), encoding="utf-8")
    # the port scan gets a workspace of its own, so its end-to-end time is not the big inventory's parse
    scan = {
        "organisation": {"name": "Bench"},
        "systems": [
            {
                "id": "scan",
                "name": "Scan",
                "hosts": [
                    {"address": "127.0.1.1", "scan_ports": sorted({*RISKY_PORTS, ports["ep1"], telnet_port})}
                ],
            }
        ],
    }
    (root / "scan").mkdir(exist_ok=True)
    (root / "scan" / "inventory.yaml").write_text(json.dumps(scan), encoding="utf-8")


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoints", type=int, default=100)
    parser.add_argument("--delay", type=float, default=0.02, help="per-connection delay in the lab, seconds")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    n = args.endpoints
    with tempfile.TemporaryDirectory(prefix="attt-bench-") as tmp:
        folder = Path(tmp)
        certs = make_lab_certs(folder, [])
        services = sweep_services(certs, n, args.delay)
        services.append({"name": "telnet", "kind": "tcp", "host": "127.0.1.1"})
        with running_lab(services, folder, certs) as lab:
            ws = folder / "ws"
            write_workspace(ws, lab.ports, n, certs["ca"].cert, lab.ports["telnet"])

            print(
                f"# sweep: {n} TLS+HTTP endpoints on 127.0.1.1–{n}, {args.delay * 1000:.0f} ms delay per connection"
            )
            results = {}

            def sweep(concurrency: int) -> None:
                runs = run_probes(ws, ["sweep"], ["tls", "http"], concurrency=concurrency, save=False)
                obs = runs["sweep"].observations
                bad = [o for o in obs if o.result not in ("pass", "not_testable")]
                results[concurrency] = (len(obs), len(bad))

            seq = timed(lambda: sweep(1))
            conc = timed(lambda: sweep(args.concurrency))
            print(
                f"sequential (concurrency 1):  {seq:8.2f} s  observations {results[1][0]}, not passing {results[1][1]}"
            )
            print(
                f"concurrent (concurrency {args.concurrency}): {conc:8.2f} s  "
                f"observations {results[args.concurrency][0]}, not passing {results[args.concurrency][1]}"
            )
            ratio = conc / seq
            print(
                f"ratio concurrent/sequential: {ratio:.3f}  (goal ≤ 0.15: {'met' if ratio <= 0.15 else 'NOT met'})"
            )

            print()
            if shutil.which("nmap") is None:
                print("# ports: nmap not installed; skipped")
                return
            plan = plan_probes(ws / "scan", ["scan"], ["ports"])
            assert plan.context is not None
            task = plan.tasks["scan"][0]
            arguments = nmap_arguments(task.target, plan.context)
            ports = port_list(task.target)
            bare_cmd = ["nmap", "-oX", "-", *arguments.split(), "-p", ports, task.target.address]
            print(
                f"# ports: {len(task.target.scan_ports)} ports on {task.target.address}; median of {args.repeat}"
            )
            print("bare: " + " ".join(bare_cmd))
            probe = PortsProbe()
            bare, plugin, full = [], [], []
            for _ in range(args.repeat):
                bare.append(timed(lambda: subprocess.run(bare_cmd, capture_output=True, check=True)))
                plugin.append(timed(lambda: probe.run(task.target, plan.context.for_target())))  # type: ignore[union-attr]
                full.append(timed(lambda: run_probes(ws / "scan", ["scan"], ["ports"], save=False)))
            b, p, f = (statistics.median(x) for x in (bare, plugin, full))
            print(f"bare nmap:                    {b * 1000:8.1f} ms")
            print(
                f"ports probe (plugin run):     {p * 1000:8.1f} ms  ratio {p / b:.2f} (goal ≤ 1.1: {'met' if p / b <= 1.1 else 'NOT met'})"
            )
            print(f"run_probes (plan+run, ports): {f * 1000:8.1f} ms  ratio {f / b:.2f}")


if __name__ == "__main__":
    main()
