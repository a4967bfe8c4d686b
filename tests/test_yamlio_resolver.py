"""yamlio's loader remembers the tag of a plain scalar per text: the nodes it composes must be
the ones PyYAML's safe loader composes, for every kind of scalar, the first time and again."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode

from attt_audit import yamlio

_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TOKENS = [
    "yes",
    "No",
    "on",
    "OFF",
    "true",
    "False",
    "~",
    "null",
    "Null",
    "",
    "0",
    "-1",
    "+12",
    "1_000",
    "0x1F",
    "0o17",
    "017",
    "1.5",
    "-.5",
    ".inf",
    "-.Inf",
    ".nan",
    "1e3",
    "6.8523015e+5",
    "2026-01-02",
    "2026-1-2",
    "2026-01-02T10:00:00Z",
    "2026-01-02 10:00:00.5 +07:00",
    "<<",
    "=",
    "Đạt",
    "Không đạt",
    "1:20",
    "190:20:30",
    "12:30:45.5",
    "a b",
    "#x",
    "v1.2",
]


def _nodes(text: str, loader: type) -> list[object] | str:
    def dump(node: Node) -> object:
        if isinstance(node, ScalarNode):
            return (node.tag, node.value, node.style)
        if isinstance(node, MappingNode):
            return (node.tag, [(dump(k), dump(v)) for k, v in node.value])
        return (node.tag, [dump(item) for item in node.value])

    try:
        return [dump(node) for node in yaml.compose_all(text, Loader=loader)]
    except yaml.YAMLError as exc:
        return type(exc).__name__


word = st.one_of(
    st.sampled_from(TOKENS),
    st.text(alphabet="0123456789abcdefxoEe.+-_:TZ ", min_size=1, max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(word, min_size=1, max_size=8), st.sampled_from(["plain", "single", "double"]))
def test_same_nodes_as_the_safe_loader(words: list[str], style: str) -> None:
    def show(w: str) -> str:
        if style == "single":
            return "'" + w.replace("'", "''") + "'"
        if style == "double":
            return '"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return w

    text = (
        "".join(f"k{i}: {show(w)}\n" for i, w in enumerate(words))
        + "list: ["
        + ", ".join(map(show, words))
        + "]\n"
    )
    expected = _nodes(text, _SAFE)
    assert _nodes(text, yamlio._LOADER) == expected  # the tags are remembered now
    assert _nodes(text, yamlio._LOADER) == expected  # and read back from memory


def test_every_token_twice() -> None:
    for token in TOKENS:
        text = f"a: {token}\n" if token else "a:\n"
        expected = _nodes(text, _SAFE)
        assert _nodes(text, yamlio._LOADER) == expected, token
        assert _nodes(text, yamlio._LOADER) == expected, token


def test_the_memory_is_bounded() -> None:
    before = len(yamlio._PLAIN_TAGS)
    long_text = "x" * (yamlio._PLAIN_TAG_LENGTH + 1)
    assert _nodes(f"a: {long_text}\n", yamlio._LOADER) == _nodes(f"a: {long_text}\n", _SAFE)
    assert long_text not in yamlio._PLAIN_TAGS
    assert len(yamlio._PLAIN_TAGS) <= yamlio._PLAIN_TAGS_MAX
    assert len(yamlio._PLAIN_TAGS) >= before
