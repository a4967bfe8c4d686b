"""The wheel carries the data folders: install it into a fresh venv and run from elsewhere."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_repo(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0 and "hatchling" in build.stderr:
        pytest.skip("hatchling is not installed (pip install -e '.[dev]' installs it)")
    assert build.returncode == 0, build.stderr
    wheel = next(dist.glob("attt_audit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("checklists", "profiles", "reports"):
        assert any(n.startswith(f"attt_audit/_data/{folder}/") for n in names), folder
    assert "attt_audit/_data/checklists/four-layer-model.yaml" in names
    assert "attt_audit/_data/profiles/level3.yaml" in names

    # A fresh venv that sees the dependencies of the environment running the tests (a virtual
    # environment or the system's), but not the source tree: a .pth file lists that
    # environment's site-packages folders. Plain path lines do not run the .pth files found
    # there, so an editable install of attt_audit stays invisible.
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=False, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    own_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    outer = [p for p in [*site.getsitepackages(), site.getusersitepackages()] if Path(p).is_dir()]
    outer = [p for p in outer if Path(p).resolve() != ROOT and not Path(p).resolve().is_relative_to(env_dir)]
    (Path(own_site) / "outer-environment.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import attt_audit, attt_audit.resources as r; print(attt_audit.__file__); print(r.data_dir('checklists'))",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        check=True,
    )
    module_file, checklists = where.stdout.split()
    assert module_file.startswith(str(env_dir)), module_file
    assert checklists.startswith(str(env_dir)) and checklists.endswith("_data/checklists")

    listing = subprocess.run(
        [str(env_dir / "bin" / "attt-audit"), "--lang", "en", "catalog", "list"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        check=False,
    )
    assert listing.returncode == 0, listing.stderr
    assert "layer1.specialised-unit" in listing.stdout
