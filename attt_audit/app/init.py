"""Use case of ``init``: a new workspace with an annotated ``inventory.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InitResult:
    directory: Path
    inventory: Path
    answers_dir: Path
    evidence_dir: Path
    backup: Path | None
    """Where the replaced inventory was kept (``--force`` over an existing one)."""


def init_workspace(directory: Path, *, force: bool = False) -> InitResult:
    """Create a workspace: an annotated inventory.yaml, an empty answers/ folder and an evidence/ folder.

    An existing inventory is left alone unless ``force``; then it is kept as a timestamped backup.
    """
    import datetime as dt
    from importlib.resources import files

    from attt_audit.errors import InputError
    from attt_audit.workspace import Workspace
    from attt_audit.yamlio import atomic_write_bytes

    if directory.exists() and not directory.is_dir():
        raise InputError("is not a folder", location=str(directory), expected="a folder or a new path")
    ws = Workspace(directory)
    target = ws.inventory_path
    template = (files("attt_audit") / "workspace_template" / "inventory.yaml").read_bytes()
    backup: Path | None = None
    if target.exists():
        if not force:
            raise InputError(
                "inventory.yaml already exists and was left unchanged",
                location=str(target),
                expected="another folder, or --force to replace it (the old file is kept as a backup)",
            )
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = target.with_name(f"inventory.yaml.bak-{stamp}")
        atomic_write_bytes(backup, target.read_bytes())
    directory.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, template)
    ws.answers_dir.mkdir(exist_ok=True)
    ws.evidence_dir.mkdir(exist_ok=True)
    return InitResult(directory, target, ws.answers_dir, ws.evidence_dir, backup)
