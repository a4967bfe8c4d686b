"""compute_scores counts unweighted results per scopes first, and compute_score_pair tallies once
when nothing is waived: the scores stay those of adding each result to each scope's tally."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from score_reference import reference_scores

from attt_audit.models import Status
from attt_audit.scoring import compute_score_pair, compute_scores


def _results(weights: list[float], waived: st.SearchStrategy[bool]) -> st.SearchStrategy[list[Any]]:
    return st.lists(
        st.builds(
            SimpleNamespace,
            status=st.sampled_from(list(Status)),
            weight=st.sampled_from(weights),
            waived=waived,
            kind=st.sampled_from(["management", "technical"]),
            group=st.sampled_from(["g1", "g2", "g3", "g4"]),
            layer=st.sampled_from([None, 1, 2]),
        ),
        max_size=60,
    )


@settings(max_examples=300, deadline=None)
@given(_results([1.0], st.booleans()), st.booleans())
def test_unweighted_scores_are_those_of_the_tallies(items: list[Any], use_waivers: bool) -> None:
    got = compute_scores(items, use_waivers=use_waivers)
    assert got == reference_scores(items, use_waivers)
    assert [s.scope for s in got] == [
        s.scope for s in reference_scores(items, use_waivers)
    ]  # first-seen order
    assert compute_scores(iter(items), use_waivers=use_waivers) == got


@settings(max_examples=300, deadline=None)
@given(_results([1.0, 1.0, 1.0, 0.5, 2.0, 0.3], st.sampled_from([False, False, False, True])))
def test_pair_is_with_then_without_waivers(items: list[Any]) -> None:
    with_waivers, without = compute_score_pair(items)
    assert with_waivers == reference_scores(items, True)
    assert without == reference_scores(items, False)
    assert all(a is not b for a, b in zip(with_waivers, without, strict=True))  # each list its own scores
