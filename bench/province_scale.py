"""Province scale: 300 units × 5 systems of signed bundles; time collect and report; print the figures.

    python bench/province_scale.py [--units 300] [--systems 5] [--steps 50,100,200,300] [--keep DIR]

Each unit's bundle is what ``attt-audit sign`` makes of a report folder: its annual report as JSON
(5 systems with per-requirement lines), Excel and Word, and a run folder with one ``result.json``
per system (the example so-gtvt run's files, re-used as realistic payload), signed with the unit's
own Ed25519 key by :func:`attt_audit.signing.sign_bundle`.

The bundles are put in the province's ``inbox/``, as units deliver them, so ``collect`` moves
them (one read each: hashed and made read-only in place, then renamed into ``accepted/``).
Measured, each in a child process, ``--rounds`` times at every size:

* collect of the whole inbox vs ``sha256sum`` of the same files (``find | xargs sha256sum``),
  interleaved: sha256sum first in even rounds, collect first in odd ones, the inbox restored
  (renamed back, cache warm) after each collect; best and median, wall and CPU; goal ≤ 2×;
* the roll-up in all formats (json, xlsx, html, docx); goal ≤ 30 s;
* linearity: the marginal cost per added unit (slope) between successive sizes, for collect and
  for the roll-up, with the noise (spread of the repeated runs) stated;
* peak memory of the children (``RUSAGE_CHILDREN`` max RSS); goal ≤ 500 MB.

Not run in CI (it writes about 0.5 GB in a temporary folder and takes a few minutes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

YEAR = 2026
NOW = "2026-12-18T03:00:00+00:00"
PASSPHRASE = b"bench"

CHILD = """
import datetime as dt, json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from attt_audit.app import province as app
root = Path(sys.argv[2]); now = dt.datetime.fromisoformat(sys.argv[3])
t1 = time.perf_counter()
if sys.argv[1] == "collect":
    results = app.collect(root, [], now=now)
    out = {"accepted": sum(r.outcome == "accepted" for r in results), "total": len(results)}
else:
    done = app.report(root, 2026, formats=["json", "xlsx", "html", "docx"], now=now)
    out = {"systems": done.rollup.totals.total, "files": [p.stat().st_size for p in done.written]}
t2 = time.perf_counter()
out.update(import_s=t1 - t0, work_s=t2 - t1, maxrss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print(json.dumps(out))
"""


def _payload() -> dict[str, bytes]:
    """Realistic attachment bytes: the so-gtvt example's run files and annual Excel/Word."""
    src = REPO / "examples" / "tinh-binh-an" / "inbox" / "so-gtvt-2026"
    files = {"báo-cáo-năm-2026.xlsx": (src / "báo-cáo-năm-2026.xlsx").read_bytes()}
    seed = (src / "báo-cáo-năm-2026.json").read_bytes()
    # a result.json-sized blob per system: the so-gtvt annual JSON is of the same kind and size
    files["result.json"] = seed
    return files


def _annual(unit: int, systems: int, template: dict) -> dict:  # type: ignore[type-arg]
    """The so-gtvt annual report reshaped for unit ``unit`` with ``systems`` systems."""
    data = json.loads(json.dumps(template))
    name = f"Đơn vị thử nghiệm số {unit:03d}"
    data["organisation"] = {"name": name, "code": f"u{unit:03d}"}
    base = template["systems"]
    rows = []
    for i in range(systems):
        row = json.loads(json.dumps(base[i % len(base)]))
        row.update(stt=i + 1, id=f"ht-{i + 1}", name=f"Hệ thống {i + 1} của {name}", owner=name)
        if (unit + i) % 7 == 0:
            row.update(
                dossier_status="drafting",
                approval_decision=None,
                approval_date=None,
                approver=None,
                approval_expected="2027-03-31",
                inspection_kinds=[],
            )
        rows.append(row)
    data["systems"] = rows
    approved = [r for r in rows if r["dossier_status"] == "approved"]
    data["totals"].update(
        total=len(rows),
        classified=len(rows),
        dossier_built=len(approved),
        appraised=len(approved),
        approved=len(approved),
        approved_inspected=sum(1 for r in approved if "periodic" in r["inspection_kinds"]),
    )
    data["units"] = [{**u, "name": name if u["role"] == "owner" else u["name"]} for u in data["units"]]
    return data


def build(root: Path, units: int, systems: int, keys_cache: dict[int, tuple[Path, str]], tmp: Path) -> Path:
    """A province workspace with ``units`` signed bundles in its inbox."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from attt_audit.signing import sign_bundle

    template = json.loads(
        (REPO / "examples" / "tinh-binh-an" / "inbox" / "so-gtvt-2026" / "báo-cáo-năm-2026.json").read_text(
            encoding="utf-8"
        )
    )
    payload = _payload()
    (root / "inbox").mkdir(parents=True)
    (root / "keys").mkdir()
    lines = [
        "schema_version: 1",
        "province: {name: Tỉnh Thử Nghiệm, people_committee: Ủy ban nhân dân tỉnh Thử Nghiệm, place: Thử Nghiệm}",
        "specialised_unit: {name: Phòng An ninh mạng, abbreviation: PA05, governing_body: Công an tỉnh Thử Nghiệm,",
        "  signer: {authority: KT. TRƯỞNG PHÒNG, title: PHÓ TRƯỞNG PHÒNG, name: Nguyễn Văn Thử}}",
        "reporting: {internal_deadline: '19/12'}",
        "units:",
    ]
    for u in range(1, units + 1):
        if u not in keys_cache:
            key = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"bench unit {u}".encode()).digest())
            path = tmp / f"u{u:03d}.key.pem"
            path.write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.BestAvailableEncryption(PASSPHRASE),
                )
            )
            pub = (
                key.public_key()
                .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
                .decode()
            )
            keys_cache[u] = (path, pub)
        path, pub = keys_cache[u]
        (root / "keys" / f"u{u:03d}.pub.pem").write_text(pub)
        lines.append(
            f"  - {{id: u{u:03d}, name: Đơn vị thử nghiệm số {u:03d}, kind: sở, public_key: keys/u{u:03d}.pub.pem}}"
        )
        bundle = root / "inbox" / f"u{u:03d}-{YEAR}"
        (bundle / "run").mkdir(parents=True)
        (bundle / f"báo-cáo-năm-{YEAR}.json").write_text(
            json.dumps(_annual(u, systems, template), ensure_ascii=False, indent=2)
        )
        (bundle / f"báo-cáo-năm-{YEAR}.xlsx").write_bytes(payload["báo-cáo-năm-2026.xlsx"])
        for s in range(1, systems + 1):
            (bundle / "run" / f"ht-{s}").mkdir()
            (bundle / "run" / f"ht-{s}" / "result.json").write_bytes(
                payload["result.json"] + f"\n{u}-{s}\n".encode()
            )
        sign_bundle(bundle, path, PASSPHRASE, now=dt.datetime.fromisoformat("2026-12-17T02:00:00+00:00"))
    (root / "province.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _child(phase: str, root: Path) -> tuple[float, float, dict]:  # type: ignore[type-arg]
    """Run ``phase`` in a fresh interpreter: (wall s, CPU s of the child, what it printed)."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, phase, str(root), NOW],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise SystemExit(f"{phase} failed on {root}:\n{out.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(out.stdout.strip().splitlines()[-1])


def _sha256sum(root: Path) -> tuple[float, float]:
    """``sha256sum`` of every file in the inbox, as a shell would run it: (wall s, CPU s)."""
    cmd = f"find '{root / 'inbox'}' -type f -print0 | xargs -0 sha256sum > /dev/null"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, shell=True, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _writable(path: Path) -> None:
    if path.is_file():
        os.chmod(path, 0o644)
        return
    for dirpath, _dirs, files in os.walk(path):
        os.chmod(dirpath, 0o755)
        for f in files:
            os.chmod(os.path.join(dirpath, f), 0o644)


def _wipe(root: Path, names: tuple[str, ...] = ("accepted", "rejected", ".intake-staging", "runs")) -> None:
    """Remove ``names`` under ``root`` (all of it with ``names=()``), read-only folders included."""
    for name in names or ("",):
        path = root / name
        if path.exists():
            _writable(path)
            shutil.rmtree(path)


def _restore(root: Path) -> None:
    """Put every bundle collect moved out back into the inbox (renames: the page cache stays warm)."""
    inbox = root / "inbox"
    for intake in sorted((root / "accepted").glob("*/*/intake.json")):
        name = json.loads(intake.read_text(encoding="utf-8"))["bundle_name"]
        year_dir = intake.parent
        _writable(year_dir)
        os.rename(year_dir / "bundle", inbox / name)
    for folder in sorted((root / "rejected").glob("*")):
        for entry in sorted(folder.iterdir()):
            if entry.suffix not in (".md", ".json"):
                _writable(entry)
                os.rename(entry, inbox / entry.name)
    _wipe(root)


def _stats(values: list[float]) -> tuple[float, float, float]:
    """(best, median, spread = (max - min) / median) of repeated runs."""
    ordered = sorted(values)
    median = statistics.median(ordered)
    return ordered[0], median, (ordered[-1] - ordered[0]) / median if median else 0.0


def _measure(root: Path, rounds: int) -> dict[str, list[float]]:  # type: ignore[type-arg]
    """``rounds`` interleaved pairs of ``sha256sum`` and collect of the same inbox (sha256sum
    first in even rounds, collect first in odd ones), the inbox restored after each collect;
    then ``rounds`` roll-ups (all formats) of the accepted reports."""
    out: dict[str, list[float]] = {k: [] for k in ("sha_wall", "sha_cpu", "c_wall", "c_cpu", "c_work")}
    out.update(r_wall=[], r_cpu=[], r_work=[], accepted=[], systems=[])
    for i in range(rounds):
        for what in ("sha", "collect") if i % 2 == 0 else ("collect", "sha"):
            if what == "sha":
                wall, cpu = _sha256sum(root)
                out["sha_wall"].append(wall)
                out["sha_cpu"].append(cpu)
            else:
                wall, cpu, data = _child("collect", root)
                out["c_wall"].append(wall)
                out["c_cpu"].append(cpu)
                out["c_work"].append(data["work_s"])
                out["accepted"].append(data["accepted"])
                _restore(root)
                os.sync()  # the restore's metadata written out, not charged to the next run
    _child("collect", root)  # leave the accepted reports for the roll-up
    for _ in range(rounds):
        _wipe(root, ("runs",))
        wall, cpu, data = _child("report", root)
        out["r_wall"].append(wall)
        out["r_cpu"].append(cpu)
        out["r_work"].append(data["work_s"])
        out["systems"].append(data["systems"])
    _restore(root)
    return out


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--systems", type=int, default=5)
    parser.add_argument("--steps", default="50,100,200,300")
    parser.add_argument("--rounds", type=int, default=5, help="Repeated runs at each size (best and spread).")
    parser.add_argument("--keep", type=Path, default=None, help="Build under this folder and keep it.")
    args = parser.parse_args()
    steps = sorted({int(s) for s in args.steps.split(",") if s} | {args.units})
    base = args.keep or Path(tempfile.mkdtemp(prefix="province-bench-"))
    keys: dict[int, tuple[Path, str]] = {}
    rows: list[tuple[int, int, int, dict[str, list[float]]]] = []  # type: ignore[type-arg]
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start", flush=True)
    try:
        keytmp = base / "private"
        keytmp.mkdir(parents=True, exist_ok=True)
        for n in steps:
            root = base / f"p{n}"
            if root.exists():
                _wipe(root, ())
            t0 = time.perf_counter()
            build(root, n, args.systems, keys, keytmp)
            built = time.perf_counter() - t0
            os.sync()  # the bundles as delivered: on disk, not dirty pages the collect would wait on
            files = sum(1 for p in (root / "inbox").rglob("*") if p.is_file())
            size = sum(p.stat().st_size for p in (root / "inbox").rglob("*") if p.is_file())
            m = _measure(root, args.rounds)
            rows.append((n, files, size, m))
            sha, c, r = _stats(m["sha_wall"]), _stats(m["c_wall"]), _stats(m["r_wall"])
            print(
                f"{n:4d} units ({files} files, {size / 1e6:.0f} MB, built in {built:.0f} s), best/median/spread of "
                f"{args.rounds}: sha256sum {sha[0]:.2f}/{sha[1]:.2f} s ±{sha[2]:.0%}; "
                f"collect {c[0]:.2f}/{c[1]:.2f} s ±{c[2]:.0%} ({min(m['accepted']):.0f}/{n} accepted); "
                f"report {r[0]:.2f}/{r[1]:.2f} s ±{r[2]:.0%} ({m['systems'][0]:.0f} systems); "
                f"load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        n, files, size, m = rows[-1]
        print()
        print(
            f"== {n} units × {args.systems} systems ({files} files, {size / 1e6:.0f} MB), {args.rounds} rounds"
        )
        sha_w, c_w = _stats(m["sha_wall"]), _stats(m["c_wall"])
        sha_c, c_c = _stats(m["sha_cpu"]), _stats(m["c_cpu"])
        print(
            f"collect vs sha256sum, wall, best of {args.rounds}: {c_w[0]:.2f} s / {sha_w[0]:.2f} s = "
            f"{c_w[0] / sha_w[0]:.2f}× (medians {c_w[1] / sha_w[1]:.2f}×; spread collect ±{c_w[2]:.0%}, "
            f"sha256sum ±{sha_w[2]:.0%}); goal ≤ 2× -> {_verdict(c_w[0] / sha_w[0] <= 2)}"
        )
        print(
            f"collect vs sha256sum, CPU (user+sys), best: {c_c[0]:.2f} s / {sha_c[0]:.2f} s = {c_c[0] / sha_c[0]:.2f}× "
            f"(collect's own work without interpreter start-up and imports: best {min(m['c_work']):.2f} s)"
        )
        r_w = _stats(m["r_wall"])
        print(
            f"roll-up, all formats (json, xlsx, html, docx), wall: best {r_w[0]:.2f} s, median {r_w[1]:.2f} s "
            f"(±{r_w[2]:.0%}); goal ≤ 30 s -> {_verdict(r_w[1] <= 30)}"
        )
        print("linearity: marginal cost per added unit between sizes, from the CPU time (user+sys) of the")
        print(
            "child (the fixed start-up cancels out; CPU time is less disturbed by other processes than wall"
        )
        print(
            "time); median of the runs at each size, ±: their spread (max - min) at both ends / units added:"
        )
        for phase, key in (("collect", "c_cpu"), ("report", "r_cpu")):
            slopes: list[tuple[float, float]] = []
            for (n1, _f1, _s1, m1), (n2, _f2, _s2, m2) in zip(rows, rows[1:], strict=False):
                lo1, med1, _ = _stats(m1[key])
                lo2, med2, _ = _stats(m2[key])
                slope = (med2 - med1) / (n2 - n1) * 1000
                noise = ((max(m1[key]) - lo1) + (max(m2[key]) - lo2)) / (n2 - n1) * 1000
                slopes.append((slope, noise))
                print(f"  {phase:8s} {n1:4d} → {n2:4d} units: {slope:6.1f} ms/unit ± {noise:.1f}")
            if len(slopes) > 1:
                values = [s for s, _ in slopes]
                overlap = max(s - e for s, e in slopes) <= min(s + e for s, e in slopes)
                print(
                    f"  {phase:8s} slopes {min(values):.1f}–{max(values):.1f} ms/unit; "
                    f"{'within the noise of each other: linear' if overlap else 'differ by more than the noise'}"
                )
        print(
            f"peak memory of the child processes (max RSS): {peak:.0f} MB; goal ≤ 500 MB -> {_verdict(peak <= 500)}"
        )
    finally:
        if args.keep is None:
            _wipe(base, ())
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
