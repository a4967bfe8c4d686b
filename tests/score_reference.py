"""The scores as the per-scope tallies give them, one result at a time: the reference the
scoring's faster paths are tested against (tests/test_scoring_tally.py, tests/test_scoring_fast.py)."""

from __future__ import annotations

from typing import Any

from attt_audit.scoring import _Tally, scopes_of


def reference_scores(results: list[Any], use_waivers: bool) -> list[Any]:
    tallies: dict[str, _Tally] = {"overall": _Tally()}
    weighted = False
    for result in results:
        weighted = weighted or result.weight != 1.0
        for scope in scopes_of(result):
            tallies.setdefault(scope, _Tally()).add(result, use_waivers)
    order = {"overall": 0, "kind": 1, "group": 2, "layer": 3}
    names = sorted(tallies, key=lambda s: order[s.split(":", 1)[0]])
    return [tallies[name].score(name, weighted) for name in names]
