"""``report annual`` and ``diff`` over two runs of many systems: time and peak memory.

    python bench/annual_diff_scale.py                 # 200 systems (a few minutes)
    python bench/annual_diff_scale.py --systems 1000  # the goal's size (long)

It builds one workspace of N level-3 systems (bench/_common.py), then writes two runs with the
real engine: ``attt-audit run --format json`` dated 20/11/2025 and, after changing the answers
(statuses shift, so requirements get fixed, regress and newly fail), dated 20/11/2026. Then it
measures, each as a whole process (peak RSS by ``os.wait4`` of that process):

* **annual**: ``attt-audit report annual --year 2026`` with every format (docx, html, xlsx,
  json); baseline: the 2026 ``run --format json`` over the same workspace (CPU seconds);
* **diff**: ``attt-audit diff OLD NEW --format json --out FILE`` (every change, the largest
  output) and ``--format md``; baseline: ``json.load`` of both runs' result files in a fresh
  interpreter, start-up not counted.

Goals (issue 17, goal 3): peak RSS ≤ 300 MB each; annual ≤ 1 × run --format json;
diff ≤ 3 × json.load of both runs. Prints figures and exits 0: it is not run in CI.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import attt_audit, build_workspace, has_option, machine, measure, verdict  # noqa: E402

LOAD_CODE = """
import json, sys, time
paths = json.loads(sys.stdin.read())
start, cpu = time.perf_counter(), time.process_time()
for p in paths:
    with open(p, "rb") as f:
        json.load(f)
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}))
"""


def json_load_both(runs: list[Path]) -> tuple[float, float]:
    paths = [str(p) for run in runs for p in sorted(run.glob("*/result.json"))]
    proc = subprocess.run(
        [sys.executable, "-c", LOAD_CODE], input=json.dumps(paths), capture_output=True, text=True, check=True
    )
    data = json.loads(proc.stdout)
    return float(data["seconds"]), float(data["cpu"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--systems", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="Keep the generated workspace.")
    args = parser.parse_args()
    n = args.systems
    exe = attt_audit()
    jobs = ["--jobs", "1"] if has_option(["run"], "--jobs") else []
    print(f"# machine: {machine()}")
    print(f"# {n} level-3 systems, two runs (2025 and 2026); ratios use CPU seconds")

    base = Path(tempfile.mkdtemp(prefix="attt-bench-annual-"))
    ws = base / "ws"
    try:
        t0 = time.perf_counter()
        build_workspace(ws, n)
        run_cmd = [exe, "run", "--profile", "level3", "-w", str(ws), "--format", "json", *jobs]
        old = ws / "runs" / "2025-11-20-level3"
        new = ws / "runs" / "2026-11-20-level3"
        measure([*run_cmd, "--date", "2025-11-20", "--out", str(old)], ok=(0, 1))
        build_workspace(ws, n, variant=2)  # other statuses for the second year
        run = measure([*run_cmd, "--date", "2026-11-20", "--out", str(new)], ok=(0, 1))
        print(f"# workspace and both runs written in {time.perf_counter() - t0:.0f} s")
        print(
            f"run --format json (2026):  {run.cpu:7.2f} s CPU ({run.wall:7.2f} s wall), peak {run.peak_mb:6.1f} MB"
        )

        annual_cmd = [exe, "report", "annual", "--year", "2026", "-w", str(ws), "--out", str(base / "annual")]
        annual_formats = "docx,html,xlsx,json"
        try:
            annual = measure([*annual_cmd, "--format", annual_formats], ok=(0, 1))
        except SystemExit as exc:  # a broken format must not hide the other figures
            print(f"report annual with every format FAILED: {str(exc).splitlines()[-1]}")
            annual_formats = "html,xlsx,json"
            annual = measure([*annual_cmd, "--format", annual_formats], ok=(0, 1))
        print(
            f"report annual ({annual_formats}): {annual.cpu:7.2f} s CPU ({annual.wall:7.2f} s wall), "
            f"peak {annual.peak_mb:6.1f} MB"
        )
        # the same report in JSON only: the build's own cost, without the Word and Excel writers
        annual_json = measure([*annual_cmd[:-1], str(base / "annual-json"), "--format", "json"], ok=(0, 1))
        print(
            f"report annual (json only):  {annual_json.cpu:7.2f} s CPU ({annual_json.wall:7.2f} s wall), "
            f"peak {annual_json.peak_mb:6.1f} MB"
        )
        for fmt in ("docx", "xlsx", "html"):
            one = measure([*annual_cmd[:-1], str(base / f"annual-{fmt}"), "--format", fmt], ok=(0, 1))
            print(f"report annual ({fmt} only): {one.cpu:7.2f} s CPU, peak {one.peak_mb:6.1f} MB")
        load_wall, load_cpu = json_load_both([old, new])
        print(f"json.load of both runs:    {load_cpu:7.2f} s CPU ({load_wall:7.2f} s wall)")
        diffs = {}
        for fmt in ("json", "md"):
            out = base / f"diff.{fmt}"
            diffs[fmt] = measure(
                [exe, "diff", str(old), str(new), "--format", fmt, "--out", str(out), "-w", str(ws)],
                ok=(0, 1),
            )
            m = diffs[fmt]
            size = out.stat().st_size / 1e6 if out.exists() else float("nan")
            print(
                f"diff --format {fmt:4s}:        {m.cpu:7.2f} s CPU ({m.wall:7.2f} s wall), "
                f"peak {m.peak_mb:6.1f} MB, output {size:.1f} MB"
            )

        print()
        ratio = annual.cpu / run.cpu
        print(
            f"annual ({annual_formats}): baseline run --format json {run.cpu:.2f} s, ours {annual.cpu:.2f} s: "
            f"ratio {ratio:.2f}, goal ≤ 1 → {verdict(ratio <= 1)}"
        )
        print(f"annual peak RSS {annual.peak_mb:.1f} MB, goal ≤ 300 MB → {verdict(annual.peak_mb <= 300)}")
        for fmt, m in diffs.items():
            ratio = m.cpu / load_cpu
            print(
                f"diff ({fmt}): baseline json.load {load_cpu:.2f} s, ours {m.cpu:.2f} s: "
                f"ratio {ratio:.2f}, goal ≤ 3 → {verdict(ratio <= 3)}; "
                f"peak {m.peak_mb:.1f} MB, goal ≤ 300 MB → {verdict(m.peak_mb <= 300)}"
            )
        if n < 1000:
            print(f"(the goals are stated for 1,000 systems: rerun with --systems 1000; this was {n})")
    finally:
        if args.keep:
            print(f"workspace kept in {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
