"""Start-up cost of whole commands, measured paired and interleaved with warm-up.

    python bench/startup.py              # 3 warm-up runs each, then 25 rounds
    python bench/startup.py --rounds 60  # steadier figures
    python bench/startup.py --hyperfine  # also print hyperfine's own figures (not interleaved)

Each round runs every command once, in a rotating order, so machine load hits all of them
alike; for each command it reports the median CPU (user + system, ``os.wait4`` of that
process) and wall time over the rounds, and each ratio is the median of the per-round ratios
(paired). Goals (issue 17, goal 4):

* ``attt-audit --version`` ≤ 1.3 × ``python -c "import typer"``;
* ``attt-audit status`` and ``attt-audit catalog stats`` ≤ 2 × ``attt-audit --version``
  (``status`` is skipped with a note when the installed CLI has no such command).

Two floors are printed beside them: a typer command with the same options that does nothing
(``_typer_floor.py``), and a bare import of what ``status`` uses (typer, pydantic, rich's table,
PyYAML).

Prints figures and exits 0: it is not run in CI.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import EXAMPLE, attt_audit, machine, measure, median, verdict  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--hyperfine", action="store_true", help="Also run hyperfine (if installed).")
    args = parser.parse_args()

    exe = attt_audit()
    top_help = subprocess.run([exe, "--help"], capture_output=True, text=True, check=False).stdout
    commands: dict[str, list[str]] = {
        "import typer": [sys.executable, "-c", "import typer"],
        "--version": [exe, "--version"],
        "catalog stats": [exe, "catalog", "stats", "-w", str(EXAMPLE)],
        # typer's own floor: a command with the same options that does nothing
        "typer floor": [sys.executable, str(Path(__file__).with_name("_typer_floor.py")), "stats", "-w", "."],
        # what status needs before any work: typer, pydantic (its models), rich (its table), libyaml
        "imports floor": [sys.executable, "-c", "import typer, pydantic, rich.console, rich.table, yaml"],
    }
    has_status = any(line.strip().startswith("status") for line in top_help.splitlines())
    if has_status:
        commands["status"] = [exe, "status", "-w", str(EXAMPLE)]
    for name, cmd in commands.items():  # a command that fails is a bench bug: say so now
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{name}: exit {proc.returncode}\n{proc.stderr[-1500:]}")

    print(f"# machine: {machine()}")
    print(f"# {args.warmup} warm-up runs each, then {args.rounds} interleaved rounds; medians")
    for _ in range(args.warmup):
        for cmd in commands.values():
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    names = list(commands)
    cpu: dict[str, list[float]] = {n: [] for n in names}
    wall: dict[str, list[float]] = {n: [] for n in names}
    for r in range(args.rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            m = measure(commands[name], ok=(0, 1))
            cpu[name].append(m.cpu)
            wall[name].append(m.wall)

    for name in names:
        print(f"{name:15s} {median(cpu[name]) * 1000:7.1f} ms CPU   {median(wall[name]) * 1000:7.1f} ms wall")

    def paired(a: str, b: str) -> float:
        return median([x / y for x, y in zip(cpu[a], cpu[b], strict=True)])

    print()
    ratio = paired("--version", "import typer")
    print(
        f"baseline python -c 'import typer' {median(cpu['import typer']) * 1000:.1f} ms, "
        f"ours attt-audit --version {median(cpu['--version']) * 1000:.1f} ms: "
        f"ratio {ratio:.2f}, goal ≤ 1.3 → {verdict(ratio <= 1.3)}"
    )
    for name in ("catalog stats", "status"):
        if name not in commands:
            print(f"{name}: skipped (the installed attt-audit has no '{name}' command yet)")
            continue
        ratio = paired(name, "--version")
        print(
            f"baseline attt-audit --version {median(cpu['--version']) * 1000:.1f} ms, "
            f"ours attt-audit {name} {median(cpu[name]) * 1000:.1f} ms: "
            f"ratio {ratio:.2f}, goal ≤ 2 → {verdict(ratio <= 2)}"
        )

    floor = paired("typer floor", "--version")
    print(
        f"(typer floor: a do-nothing typer command with the same options costs {floor:.2f} × --version; "
        f"catalog stats is {paired('catalog stats', 'typer floor'):.2f} × that floor)"
    )
    print(
        f"(imports floor: importing typer, pydantic, rich's table and PyYAML, which status uses, costs "
        f"{paired('imports floor', '--version'):.2f} × --version before any work)"
    )

    if args.hyperfine:
        if shutil.which("hyperfine") is None:
            print("hyperfine: not installed; skipped")
            return
        with tempfile.TemporaryDirectory() as tmp:
            export = Path(tmp) / "hyperfine.json"
            cmd = ["hyperfine", "--warmup", "3", "-N", "-i", "--export-json", str(export), "--style", "none"]
            cmd += [subprocess.list2cmdline(c) for c in commands.values()]
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
            print("\n# hyperfine (each command's runs back to back; means)")
            for entry in json.loads(export.read_text(encoding="utf-8"))["results"]:
                print(f"{entry['mean'] * 1000:8.1f} ms ± {entry['stddev'] * 1000:5.1f}  {entry['command']}")


if __name__ == "__main__":
    main()
