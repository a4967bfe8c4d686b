"""compute_scores decides each result's contribution once for all its scopes (issue 17, goal 2):
the scores are the ones adding it to each scope's tally with ``_Tally.add`` gives."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from score_reference import reference_scores

from attt_audit.models import Status
from attt_audit.scoring import compute_scores

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
    assert compute_scores(items, use_waivers=use_waivers) == reference_scores(items, use_waivers)
