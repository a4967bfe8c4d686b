"""Per-system CPU of ``run`` (issue 17, goal 2): the pieces that make it cheaper keep their promises."""

from __future__ import annotations

import gc

from attt_audit.app.parallel import GC_THRESHOLD, map_ordered


def test_collector_is_tuned_during_the_work_and_restored_after() -> None:
    before = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    seen: list[tuple[tuple[int, int, int], int]] = []

    def work(item: int) -> int:
        seen.append((gc.get_threshold(), gc.get_freeze_count()))
        return item * 2

    assert map_ordered(work, [1, 2, 3], jobs=1) == [2, 4, 6]
    assert all(threshold == GC_THRESHOLD for threshold, _ in seen)
    assert all(frozen > 0 for _, frozen in seen)  # what was loaded before is out of the scans
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen_before


def test_collector_is_restored_when_the_work_fails() -> None:
    before = gc.get_threshold()

    def work(item: int) -> int:
        raise ValueError(item)

    try:
        map_ordered(work, [1], jobs=1)
    except ValueError:
        pass
    else:  # pragma: no cover
        raise AssertionError("the error was swallowed")
    assert gc.get_threshold() == before
