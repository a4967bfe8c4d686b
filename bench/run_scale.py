"""Scale benchmark for ``attt-audit run`` with the formats users get by default.

    python bench/run_scale.py                    # 25, 50, 100 systems (a few minutes)
    python bench/run_scale.py --full             # 100, 500, 1000 systems (the goal's sizes)
    python bench/run_scale.py --full --rounds 2  # each size twice, in alternating order; medians
    python bench/run_scale.py --sizes 10 20 40   # any sizes, smallest first

For each size it builds a workspace of N level-3 systems (bench/_common.py: inventory, a full
answers file per system, a recorded probe run per system, waivers, evidence files) and measures,
one after the other for each size (interleaved, so a change of machine load hits both):

* **floor**: a plain ``yaml.CSafeLoader`` load of every YAML file the run reads (bundled
  catalog and profiles, inventory, waivers, every answers file) and ``json.load`` of every
  recorded probe run, in a fresh interpreter, start-up not counted (the median of three
  readings: one before the run, two after);
* **run**: the command users type, as a whole process:
  ``attt-audit run --profile level3 --format html,md,json,docx [--jobs 1]``.

Goals (issue 17, goal 2), checked at the largest size:

* run ≤ 5 × floor (CPU seconds; ``--jobs 1`` when the option exists): each run against the
  median of three floor readings taken around it (one before, two after), then the median over
  ``--rounds``;
* marginal cost per system flat within 15 %: the slope between consecutive sizes,
  (t(N2) − t(N1)) / (N2 − N1), largest / smallest ≤ 1.15 (start-up cancels out), with each run
  scaled to one machine speed by a yardstick read just before and after it (the floor load of the
  smallest workspace): a shared virtual machine's speed drifted 1.7× within minutes;
* peak RSS of the run process ≤ 300 MB (``os.wait4`` rusage of that process).

Prints figures and exits 0: it is not run in CI.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    Measured,
    attt_audit,
    build_workspace,
    floor_load,
    has_option,
    machine,
    measure,
    verdict,
)

FORMATS = "html,md,json,docx"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100])
    parser.add_argument("--full", action="store_true", help="Sizes 100, 500 and 1000 (long).")
    parser.add_argument("--formats", default=FORMATS, help=f"--format for run (default {FORMATS}).")
    parser.add_argument("--jobs", type=int, default=1, help="--jobs for run, when it has the option.")
    parser.add_argument("--keep", action="store_true", help="Keep the generated workspaces.")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="Measure every size this many times (alternating order); medians.",
    )
    args = parser.parse_args()
    sizes = [100, 500, 1000] if args.full else sorted(args.sizes)

    exe = attt_audit()
    jobs = ["--jobs", str(args.jobs)] if has_option(["run"], "--jobs") else []
    print(f"# machine: {machine()}")
    print(f"# run: attt-audit run --profile level3 --format {args.formats} {' '.join(jobs)}".rstrip())
    if not jobs:
        print("# (run has no --jobs option yet: it renders serially)")
    print("# ratios use CPU seconds (on a shared machine wall time includes waiting for other processes)")

    base = Path(tempfile.mkdtemp(prefix="attt-bench-run-"))
    rows: list[tuple[int, Measured, Measured]] = []
    ratios: dict[int, list[float]] = {n: [] for n in sizes}
    scaled: dict[int, list[float]] = {n: [] for n in sizes}
    floors: dict[int, list[Measured]] = {n: [] for n in sizes}
    runs: dict[int, list[Measured]] = {n: [] for n in sizes}
    try:
        for n in sizes:
            t0 = time.perf_counter()
            build_workspace(base / f"ws-{n}", n)
            print(f"# {n} systems built in {time.perf_counter() - t0:.0f} s", flush=True)
        # The machine's speed is read next to every run with a yardstick (the floor load of the
        # smallest workspace, just before and just after the run): on a shared virtual machine it
        # drifted by up to 1.7x within minutes, which no ordering cancels. The marginal cost is
        # computed from runs scaled to the speed of the first reading.
        yard_folder = base / f"ws-{sizes[0]}"
        reference: float | None = None
        for r in range(args.rounds):
            # Rounds go through the sizes in alternating order (smallest first, then largest first).
            for n in sizes if r % 2 == 0 else sizes[::-1]:
                folder = base / f"ws-{n}"
                before = floor_load(yard_folder).cpu
                reference = reference or before
                # The floor is measured before and twice after the run; its median is the run's
                # baseline (one reading of it varied 2x between runs minutes apart).
                around = [floor_load(folder)]
                out = base / f"out-{n}"
                cmd = [exe, "run", "--profile", "level3", "-w", str(folder), "--format", args.formats]
                cmd += ["--out", str(out), "--force", "--date", "2026-11-23", *jobs]
                run = measure(cmd, tree=True)
                around += [floor_load(folder), floor_load(folder)]
                after = floor_load(yard_folder).cpu
                shutil.rmtree(out, ignore_errors=True)
                floor_cpu = sorted(m.cpu for m in around)[1]
                speed = reference / ((before + after) / 2)
                runs[n].append(run)
                floors[n] += around
                ratios[n].append(run.cpu / floor_cpu)
                scaled[n].append(run.cpu * speed)
                print(
                    f"# round {r + 1}, {n} systems: run {run.cpu:.2f} s CPU, floor {floor_cpu:.2f} s,"
                    f" ratio {run.cpu / floor_cpu:.2f}; machine at {speed:.2f} x the first reading's speed",
                    flush=True,
                )
        for n in sizes:
            floor = _median(floors[n])
            run = _median(runs[n])
            rows.append((n, floor, run))
            print(
                f"{n:5d} systems | floor {floor.cpu:6.2f} s CPU ({floor.wall:6.2f} s wall)"
                f" | run {run.cpu:7.2f} s CPU ({run.wall:7.2f} s wall), peak {run.peak_mb:6.1f} MB"
                f" (all processes {run.tree_peak_mb:6.1f} MB)"
                f" | run/floor {_mid(ratios[n]):5.2f}x"
                f" | {run.cpu / n * 1000:5.1f} ms CPU per system (floor {floor.cpu / n * 1000:4.1f})",
                flush=True,
            )
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
        else:
            print(f"workspaces kept in {base}")

    n, floor, run = rows[-1]
    ratio = _mid(ratios[n])
    print()
    print(f"baseline (floor, {n} systems): {floor.cpu:.2f} s CPU (median)")
    print(f"ours (run, {n} systems):       {run.cpu:.2f} s CPU (median)")
    print(
        f"goal run ≤ 5 × floor: ratio {ratio:.2f} (median of {len(ratios[n])} run(s), each against the floor"
        f" measured around it) → {verdict(ratio <= 5)}"
    )
    if len(rows) >= 2:
        slopes = []
        for n1, n2 in zip(sizes, sizes[1:], strict=False):
            slope = (_mid(scaled[n2]) - _mid(scaled[n1])) / (n2 - n1)
            slopes.append(slope)
            print(
                f"marginal cost {n1}→{n2} systems: {slope * 1000:7.1f} ms CPU per system"
                " (runs scaled to one machine speed)"
            )
        spread = max(slopes) / min(slopes) if min(slopes) > 0 else float("inf")
        print(
            f"goal marginal cost flat within 15 %: largest/smallest {spread:.2f} → {verdict(spread <= 1.15)}"
        )
    else:
        print("marginal cost: needs two sizes or more")
    peak = max(r.peak_mb for _, _, r in rows)
    print(f"goal peak RSS ≤ 300 MB: {peak:.1f} MB → {verdict(peak <= 300)}")
    tree_peak = max(r.tree_peak_mb for _, _, r in rows)
    print(f"peak RSS of the run and its workers together (sampled): {tree_peak:.1f} MB")


def _mid(values: list[float]) -> float:
    ordered = sorted(values)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


def _median(readings: list[Measured]) -> Measured:
    """The median CPU and wall time of the readings (the mean of the middle two of an even
    count); peaks are the largest seen."""
    cpu = sorted(m.cpu for m in readings)
    wall = sorted(m.wall for m in readings)
    half = len(readings) // 2
    odd = len(readings) % 2 == 1
    return Measured(
        wall=wall[half] if odd else (wall[half - 1] + wall[half]) / 2,
        cpu=cpu[half] if odd else (cpu[half - 1] + cpu[half]) / 2,
        peak_mb=max(m.peak_mb for m in readings),
        tree_peak_mb=max(m.tree_peak_mb for m in readings),
    )


if __name__ == "__main__":
    main()
