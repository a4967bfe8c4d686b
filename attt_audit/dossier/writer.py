"""Writing a dossier folder: all files or none, and never over a file the officer edited.

* Every file is rendered first into a temporary folder beside the target; only when all of them
  rendered are they moved into place (a first dossier: the whole folder is renamed at once).
  A failure while rendering leaves the target as it was.
* ``.dossier.json`` in the folder records the SHA-256 of every file the tool wrote. On the next
  run a file whose bytes still match is replaced; one that differs was edited by hand and is
  kept: the new draft goes beside it as ``<name>-v2.<ext>`` (``-v3`` …), and the result says so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attt_audit.errors import InputError, RenderError

MANIFEST = ".dossier.json"


@dataclass
class Written:
    """What one write did."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    kept: list[tuple[Path, Path]] = field(default_factory=list)
    """(file the officer edited, new version written beside it)."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        return {"files": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        raise InputError(
            "the dossier manifest is not JSON",
            location=str(path),
            expected="the file 'attt-audit dossier new' wrote (delete it to treat every file as edited)",
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise InputError("the dossier manifest has no 'files' table", location=str(path))
    return data


def _version(name: str, n: int) -> str:
    stem, dot, ext = name.rpartition(".")
    return f"{stem}-v{n}.{ext}" if dot else f"{name}-v{n}"


def _target(folder: Path, name: str, written: dict[str, str]) -> tuple[str, str | None]:
    """Where ``name`` goes: itself, or the first ``-vN`` not edited by hand; and the edited file."""
    candidate, n, edited = name, 1, None
    while True:
        path = folder / candidate
        if not path.exists():
            return candidate, edited
        if written.get(candidate) == sha256(path.read_bytes()):
            return candidate, edited
        edited = edited or candidate
        n += 1
        candidate = _version(name, n)


def write_dossier(folder: Path, files: dict[str, bytes], meta: dict[str, Any]) -> Written:
    """Write ``files`` (name → bytes) into ``folder`` all at once; see the module docstring."""
    folder = Path(folder)
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise RenderError(f"cannot create the dossier folder: {exc.strerror}", location=str(parent)) from exc
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        manifest = {
            "tool": "attt-audit dossier",
            "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            **meta,
            "files": {},
        }
        result = Written(folder)
        if not folder.exists():
            manifest["files"] = {name: sha256(data) for name, data in files.items()}
            (tmp / MANIFEST).write_text(
                json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            os.replace(tmp, folder)
            result.files = [folder / name for name in files]
            return result
        old = _read_manifest(folder)
        recorded: dict[str, str] = dict(old["files"])
        moves: list[tuple[Path, Path]] = []
        for name, data in files.items():
            target, edited = _target(folder, name, recorded)
            recorded[target] = sha256(data)
            moves.append((tmp / name, folder / target))
            if edited is not None:
                result.kept.append((folder / edited, folder / target))
        for src, dst in moves:
            os.replace(src, dst)
            result.files.append(dst)
        manifest["files"] = recorded
        data = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        from attt_audit.yamlio import atomic_write_bytes

        atomic_write_bytes(folder / MANIFEST, data)
        return result
    except OSError as exc:
        raise RenderError(f"cannot write the dossier: {exc.strerror}", location=str(folder)) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(tmp)


def manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a dossier folder, or None when there is none."""
    return _read_manifest(folder) if (folder / MANIFEST).is_file() else None
