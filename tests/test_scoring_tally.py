"""compute_scores decides each result's contribution once for all its scopes (issue 17, goal 2):
the scores are the ones adding it to each scope's tally with ``_Tally.add`` gives."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from attt_audit.models import Status
from attt_audit.scoring import _Tally, compute_scores, scopes_of


def _reference(results: list[Any], use_waivers: bool) -> list[Any]:
    tallies: dict[str, _Tally] = {"overall": _Tally()}
    weighted = False
    for result in results:
        weighted = weighted or result.weight != 1.0
        for scope in scopes_of(result):
            tallies.setdefault(scope, _Tally()).add(result, use_waivers)
    order = {"overall": 0, "kind": 1, "group": 2, "layer": 3}
    names = sorted(tallies, key=lambda s: order[s.split(":", 1)[0]])
    return [tallies[name].score(name, weighted) for name in names]


results = st.lists(
    st.builds(
        SimpleNamespace,
        status=st.sampled_from(list(Status)),
        weight=st.sampled_from([1.0, 1.0, 0.5, 2.0, 0.3, 1.7]),
        waived=st.booleans(),
        kind=st.sampled_from(["management", "technical"]),
        group=st.sampled_from(["g1", "g2", "g3"]),
        layer=st.sampled_from([None, 1, 2]),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(results, st.booleans())
def test_scores_are_those_of_the_tallies(items: list[Any], use_waivers: bool) -> None:
    assert compute_scores(items, use_waivers=use_waivers) == _reference(items, use_waivers)
