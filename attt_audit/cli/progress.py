"""The progress bar of long commands: one helper the CLI passes to use cases as ``progress``.

``with progress_bar("Đang đánh giá", "Assessing") as progress: use_case(..., progress=progress)``

The use case calls ``progress(done, total, what)`` as items finish. The bar (items done /
total, elapsed, remaining) is drawn on standard error, never standard output, so it never
mixes into ``--format json``; and only when

* standard error is a terminal,
* ``--quiet`` was not given, and
* the work has already taken more than :data:`DELAY` seconds (short commands stay silent).

``rich.progress`` is imported only when a bar is actually shown.
"""

from __future__ import annotations

import sys
from typing import Any

from attt_audit.cli.common import state

DELAY = 2.0
"""Seconds of work before a bar appears."""


def bar_wanted() -> bool:
    """Whether a bar may be drawn at all: not ``--quiet`` and standard error is a terminal."""
    if state.quiet:
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # closed or replaced stream
        return False


class ProgressBar:
    """``progress(done, total, what)``: a callable that shows a bar once the work is slow."""

    def __init__(self, label: str, *, delay: float = DELAY) -> None:
        import time

        self.label = label
        self.delay = delay
        self.started = time.monotonic()
        self.enabled = bar_wanted()
        self.shown = False
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int, what: str = "") -> None:
        if not self.enabled:
            return
        if self._bar is None:
            import time

            if done >= total or time.monotonic() - self.started < self.delay:
                return
            self._open(total)
        description = f"{self.label} {what}".strip()
        self._bar.update(self._task, completed=done, total=total, description=description)

    def _open(self, total: int) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=state.err,
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task(self.label, total=total)
        # elapsed counts from the start of the work, not from when the bar appeared
        for task in self._bar.tasks:
            task.start_time = self.started
        self.shown = True

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress_bar(vi: str, en: str, *, delay: float = DELAY) -> ProgressBar:
    """``with progress_bar(vi, en) as progress:`` a :class:`ProgressBar` labelled in the output
    language, removed when the block ends."""
    return ProgressBar(state.t(vi, en), delay=delay)
