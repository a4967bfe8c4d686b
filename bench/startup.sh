#!/usr/bin/env bash
# Start-up cost of the CLI: `attt-audit --version` against a bare `python -c "import typer"`.
# Goal: ratio <= 1.3. Prints the median of N runs of each (N=${N:-15}).
set -euo pipefail
N=${N:-15}
exe=$(command -v attt-audit)
# pyenv puts a bash shim on PATH that costs ~60 ms by itself; time the real console script.
if command -v pyenv >/dev/null 2>&1 && pyenv which attt-audit >/dev/null 2>&1; then
  exe=$(pyenv which attt-audit)
fi
python3 - "$N" "$exe" <<'PY'
import statistics, subprocess, sys, time
n, exe = int(sys.argv[1]), sys.argv[2]

def median_ms(cmd):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)

base = median_ms([sys.executable, "-c", "import typer"])
ours = median_ms([exe, "--version"])
help_ = median_ms([exe, "--help"])
print(f"python -c 'import typer'   {base:7.1f} ms (median of {n})")
print(f"attt-audit --version        {ours:7.1f} ms  ratio {ours / base:.2f} (goal <= 1.30)")
print(f"attt-audit --help           {help_:7.1f} ms  ratio {help_ / base:.2f}")
sys.exit(0 if ours / base <= 1.3 else 1)
PY
