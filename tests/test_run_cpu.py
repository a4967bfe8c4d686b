"""Per-system CPU of ``run`` (issue 17, goal 2): the pieces that make it cheaper keep their promises."""

from __future__ import annotations

import gc

from hypothesis import given, settings
from hypothesis import strategies as st

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


def _md_text_before(value: object) -> str:
    """md_text as it was written before it was made one pass (the reference)."""
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "`*_[]#|!{}":
        text = text.replace(ch, "\\" + ch)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return " ".join(text.split("\n")) if "\n" in text else text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ơ\\&<>`*_[]#|!{}\r\n\tđ;")), max_size=40))
def test_md_text_escapes_as_before(text: str) -> None:
    from attt_audit.render.jinja import md_text

    assert md_text(text) == _md_text_before(text)


def test_md_text_examples() -> None:
    from attt_audit.render.jinja import md_text

    assert md_text(r"a\*b") == r"a\\\*b"
    assert md_text("x & <y> [z](u)") == r"x &amp; &lt;y&gt; \[z\](u)"
    assert md_text("dòng 1\r\ndòng 2\rdòng 3") == "dòng 1 dòng 2 dòng 3"
    assert md_text(None) == ""


def test_template_attribute_lookup_is_jinja_s(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A dict's key first, unless the name is a dict method; a missing key is undefined (strict)."""
    import jinja2
    import pytest

    from attt_audit.render.jinja import environment

    (tmp_path / "t.j2").write_text(
        "{{ row.title }}|{{ row.items is callable }}|{{ obj.real }}", encoding="utf-8"
    )
    env = environment(str(tmp_path), "md")
    out = env.get_template("t.j2").render(row={"title": "Tiêu đề", "items": 3}, obj=2)
    assert out == "Tiêu đề|True|2"
    (tmp_path / "u.j2").write_text("{{ row.missing }}", encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("u.j2").render(row={"title": "x"})
