"""A cache of the parsed bundled catalog, so a command does not re-parse and re-validate
the checklists on every start (about 250 ms of YAML and validation, against ~30 ms to load
the cache).

Only the bundled checklists are cached, never a workspace's overlay (the overlay is applied
on top of the loaded copy each time). The cache is one pickle file under the user's cache
folder (``$ATTT_AUDIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/attt-audit``, else
``~/.cache/attt-audit``), named by a key made of the tool version, the Python and pydantic
versions, and the name, size and modification time of every checklist file and of the
modules that define the catalog's classes. Any mismatch, unreadable or foreign file, or any
error while loading means the checklists are parsed as usual; a failed write is ignored.
``ATTT_AUDIT_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_FORMAT = 1
"""Bumped when what the cache holds changes shape."""


def cache_dir() -> Path:
    """Where the cache lives (see the module's docstring)."""
    explicit = os.environ.get("ATTT_AUDIT_CACHE_DIR", "").strip()
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "attt-audit"


def enabled() -> bool:
    return os.environ.get("ATTT_AUDIT_NO_CACHE", "").strip() not in ("1", "true", "yes")


def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{path.name}:{st.st_size}:{st.st_mtime_ns}"


def cache_key(kind: str, files: list[Path]) -> str:
    """A name for the cached value built from ``files`` (and the code that reads them)."""
    import pydantic

    from attt_audit import __version__

    here = Path(__file__).resolve().parent
    code = [here / "catalog.py", here / "models" / "catalog.py", here / "models" / "common.py"]
    parts = [
        str(_FORMAT),
        kind,
        __version__,
        sys.version,
        pydantic.VERSION,
        *(_stamp(p) for p in code if p.is_file()),
        *(str(p.resolve()) + "=" + _stamp(p) for p in files),
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def _trusted(path: Path) -> bool:
    """Only a file of ours that nobody else may write to is ever unpickled."""
    try:
        st = path.stat()
        parent = path.parent.stat()
    except OSError:
        return False
    uid = os.getuid() if hasattr(os, "getuid") else None
    if uid is not None and (st.st_uid != uid or parent.st_uid != uid):
        return False
    return not (st.st_mode & 0o022) and not (parent.st_mode & 0o022)


def cached(kind: str, files: list[Path], build: Callable[[], T]) -> T:
    """The value ``build()`` returns, from the cache when its key still matches."""
    if not enabled():
        return build()
    try:
        key = cache_key(kind, files)
    except OSError:
        return build()
    path = cache_dir() / f"{kind}-{key}.pickle"
    if path.is_file() and _trusted(path):
        try:
            with path.open("rb") as fh:
                value = pickle.load(fh)
            if isinstance(value, tuple) and len(value) == 2 and value[0] == key:
                return value[1]  # type: ignore[no-any-return]
        except Exception:  # a truncated or stale file: parse as usual  # noqa: BLE001
            pass
    value = build()
    _store(path, key, value, kind)
    return value


def cached_data_file(kind: str, path: Path, build: Callable[[], T], *, code: tuple[str, ...] = ()) -> T:
    """``build()`` (which reads ``path``) from the cache when ``path`` is a bundled data file.

    ``kind`` names the file's entry (one per file: a new key replaces the older entry of the same
    kind); ``code`` lists the modules whose classes or rules shape the value (their ``__file__``
    is part of the key). A file outside the bundled data (a user's copy) is read every time.
    """
    from attt_audit.resources import data_dir

    try:
        path = path.resolve()
        bundled = path.is_relative_to(data_dir("checklists").resolve())
    except OSError:
        bundled = False
    if not bundled:
        return build()
    files = [Path(str(getattr(sys.modules[name], "__file__", ""))) for name in code if name in sys.modules]
    return cached(kind, [*files, path], build)


def _store(path: Path, key: str, value: object, kind: str) -> None:
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        for old in path.parent.glob(f"{kind}-*.pickle"):  # earlier keys are dead weight
            if old != path:
                old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception:  # a read-only home, a full disk: the cache is only a speed-up  # noqa: BLE001
        return
