"""Word rendering against HTML rendering, per system, for the same results (issue 17, goal 1).

    python bench/docx_vs_html.py                       # the example workspace, 5 rounds
    python bench/docx_vs_html.py --results runs/X -n 9 # the result.json files under a run folder

Without ``--results`` it first writes the example workspace's results with the command users
type (``attt-audit run --profile level3 --workspace examples/so-gtvt --format json``). Then, in
one process, it renders every result N times, alternating HTML and Word round by round (so a
change of machine load hits both), and prints the median per-system time of each, their ratio
and the goal: Word ≤ 3 × HTML. Both write their file the same way (atomic write). Also checks
that no Word file keeps an empty ``<w:rPr/>``. Prints figures and exits 0: not run in CI.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 3.0


def example_results(out: Path) -> Path:
    cmd = [
        sys.executable,
        "-m",
        "attt_audit",
        "run",
        "--profile",
        "level3",
        "--workspace",
        str(ROOT / "examples" / "so-gtvt"),
        "--format",
        "json",
        "--out",
        str(out),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"could not run the example workspace:\n{proc.stderr.strip()}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--results", type=Path, help="a run folder holding <system>/result.json files")
    parser.add_argument("-n", "--rounds", type=int, default=5)
    parser.add_argument("--lang", default="vi", choices=("vi", "en"))
    args = parser.parse_args()

    from attt_audit.models import AssessmentResult
    from attt_audit.render import RENDERERS, default_templates

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.results or example_results(Path(tmp) / "run")
        files = sorted(folder.glob("*/result.json"))
        if not files:
            sys.exit(f"no <system>/result.json under {folder}")
        results = [AssessmentResult.model_validate_json(f.read_text(encoding="utf-8")) for f in files]
        templates = default_templates()
        out = Path(tmp) / "out"
        out.mkdir()
        html, word = RENDERERS["html"], RENDERERS["docx"]
        for r in results:  # warm-up: imports, template compilation, the reference document
            html.render(r, args.lang, out, templates)
            word.render(r, args.lang, out, templates)
        times: dict[str, list[float]] = {"html": [], "docx": []}
        for _ in range(args.rounds):
            for name, renderer in (("html", html), ("docx", word)):
                start = time.perf_counter()
                for r in results:
                    path = renderer.render(r, args.lang, out, templates)
                times[name].append((time.perf_counter() - start) / len(results) * 1000)
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        empty = len(re.findall(r"<w:rPr\s*/>|<w:rPr>\s*</w:rPr>", xml))

    h, d = statistics.median(times["html"]), statistics.median(times["docx"])
    rows = sum(len(r.results) for r in results) / len(results)
    print(
        f"{len(results)} systems ({rows:.0f} requirements each on average), {args.rounds} interleaved rounds"
    )
    print(f"HTML per system:  {h:8.1f} ms (median; rounds {', '.join(f'{t:.1f}' for t in times['html'])})")
    print(f"Word per system:  {d:8.1f} ms (median; rounds {', '.join(f'{t:.1f}' for t in times['docx'])})")
    print(f"ratio Word/HTML:  {d / h:8.2f}   goal ≤ {GOAL:.0f}   {'met' if d / h <= GOAL else 'NOT MET'}")
    print(f"empty <w:rPr> in the last Word file: {empty}")


if __name__ == "__main__":
    main()
