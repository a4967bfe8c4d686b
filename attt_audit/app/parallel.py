"""Per-item work spread over worker processes, results in input order.

:func:`map_ordered` calls ``work(item)`` for every item and returns the results in the items'
order, whichever finished first. With ``jobs`` ≤ 1 (or one item, or no ``fork`` on this
platform) it runs in this process. Otherwise the workers are *forked* from this process after
the caller has loaded everything the work needs (catalog, profiles, engine, waivers): they
inherit it as it is, so nothing large is pickled and nothing is loaded twice; only each item's
index goes out and each (small) result comes back. ``on_done(done, total, item)`` is called
in this process, in the items' order (an item that finished early is reported once those
before it have), so the calls are the same whatever the number of workers.

A user error raised in a worker (an :class:`~attt_audit.errors.AuditError`) is raised here with
the same class and text; the other workers are stopped and nothing more is started.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
"""(work, items) of the running :func:`map_ordered`: set before the workers fork, read by them."""


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


class _WorkerError:
    """A user error met in a worker, carried back as plain values (its class may not unpickle)."""

    def __init__(self, exc: BaseException) -> None:
        self.module = type(exc).__module__
        self.name = type(exc).__qualname__
        self.text = str(exc)

    def rebuild(self) -> BaseException:
        import importlib

        from attt_audit.errors import AuditError

        try:
            cls = getattr(importlib.import_module(self.module), self.name)
            if isinstance(cls, type) and issubclass(cls, AuditError):
                return cls(self.text)
        except Exception:  # noqa: BLE001 - fall back to the base class below
            pass
        return AuditError(self.text)


GC_THRESHOLD = (8_000, 10, 10)
"""The cyclic collector's thresholds while items are worked on (Python's default: 700, 10, 10).

Measured on 100 bench systems (`run`, default formats, one process; CPU of the collector, peak
RSS): defaults 2.97 s, 113 MB; 5,000: 0.88 s, 89 MB; 8,000: 0.28 s, 96 MB; 10,000: 0.44 s but
182 MB (the garbage of a whole system's reports then waits for an older generation)."""


@contextlib.contextmanager
def steady_gc() -> Iterator[None]:
    """Spare the work the collector's scans of what was loaded before it.

    The catalog, profiles, engine and waivers are loaded once and live to the end: they are
    moved out of the collector's reach (:func:`gc.freeze`; forked workers inherit this and
    share those pages longer), and the youngest generation is collected every 8,000
    allocations instead of 700, as each item allocates many short-lived objects
    (:data:`GC_THRESHOLD`). The thresholds and the frozen objects are restored afterwards."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def _run_index(index: int) -> Any:
    from attt_audit.errors import AuditError

    assert _TASK is not None
    work, items = _TASK
    try:
        return work(items[index])
    except AuditError as exc:
        return _WorkerError(exc)


def map_ordered(
    work: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int | None = None,
    on_done: Callable[[int, int, T], None] | None = None,
) -> list[R]:
    """``[work(item) for item in items]``, over up to ``jobs`` processes (default: the cores)."""
    total = len(items)
    workers = min(default_jobs() if jobs is None else max(1, jobs), total)
    with steady_gc():
        if workers <= 1 or not _can_fork():
            results = []
            for done, item in enumerate(items, 1):
                results.append(work(item))
                if on_done is not None:
                    on_done(done, total, item)
            return results
        return _in_workers(work, items, workers, on_done)


def _in_workers(
    work: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    on_done: Callable[[int, int, T], None] | None,
) -> list[R]:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    global _TASK
    total = len(items)
    missing = object()
    slots: list[Any] = [missing] * total
    _TASK = (work, items)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    try:
        # A bounded window of submitted items keeps memory flat however many items there are.
        window = workers * 4
        pending: dict[Future[Any], int] = {}
        next_index = 0
        reported = 0
        while next_index < total or pending:
            while next_index < total and len(pending) < window:
                pending[pool.submit(_run_index, next_index)] = next_index
                next_index += 1
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                index = pending.pop(future)
                value = future.result()  # an internal error in a worker is raised here
                if isinstance(value, _WorkerError):
                    raise value.rebuild()
                slots[index] = value
            while reported < total and slots[reported] is not missing:
                reported += 1
                if on_done is not None:
                    on_done(reported, total, items[reported - 1])
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        _TASK = None
    pool.shutdown(wait=True)
    return slots
