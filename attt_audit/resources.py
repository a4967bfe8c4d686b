"""Where the bundled data folders are: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """``checklists``, ``profiles`` or ``reports``.

    A wheel carries them under ``attt_audit/_data/``; an editable install or a checkout finds
    them beside the package, at the repository's top level.
    """
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name
