"""What the gap reports reuse across systems and formats (issue 17 goal 2) changes no output.

The report view remembers catalog wording per process (question texts, reasons of requirements
that do not apply, clause and reference cells) and the Jinja environments escape outputs without
a ``Markup`` per piece: each is checked here against the plain computation.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import jinja2
import pytest
from example_documents import assess_example
from markupsafe import Markup
from test_render import make_result

from attt_audit.models import AssessmentResult
from attt_audit.render import context, plain, render_reports
from attt_audit.render.jinja import environment
from attt_audit.resources import data_dir

OLD_DETAILS = """{% for r in rows %}
{% set details = [] %}
{% if r.reason %}{% set _ = details.append(L.reason ~ ": " ~ r.reason) %}{% endif %}
{% for a in r.answers %}{% set _ = details.append(a) %}{% endfor %}
{% for c in r.conflicts %}{% set _ = details.append(L.conflicts ~ ": " ~ c) %}{% endfor %}
{% for a in r.advisories %}{% set _ = details.append(L.advisories ~ ": " ~ a) %}{% endfor %}
{% for o in r.obs_summary %}{% set _ = details.append(o) %}{% endfor %}
{% for o in r.obs_details %}{% set _ = details.append(L.observations ~ ": " ~ o) %}{% endfor %}
{% if r.evidence %}{% set _ = details.append(L.evidence ~ ": " ~ (r.evidence | join("; "))) %}{% endif %}
{% if r.text_note %}{% set _ = details.append(r.text_note) %}{% endif %}
{% if weights_differ %}{% set _ = details.append(L.weight ~ ": " ~ r.weight_text) %}{% endif %}
"""
"""How report.md.j2 built a row's Details cell before the view handed it over (``detail_lines``)."""

OLD_ROW = (
    OLD_DETAILS
    + "| {{ r.no }} | {{ r.title | cell }} | {{ r.reference | cell }} | **{{ r.status_label }}**"
    + "{% if r.past_fact %}<br>{{ L.recorded_tag }}{% endif %}"
    + "{% if r.waiver_note %}<br>{{ r.waiver_note | cell }}{% endif %}"
    + ' | {{ r.methods | join(", ") | cell }} | {{ details | join("\\n") | cell }} |\n{% endfor %}'
)


@pytest.fixture(scope="module")
def example() -> dict[str, AssessmentResult]:
    return assess_example()


def _results(example: dict[str, AssessmentResult]) -> list[AssessmentResult]:
    return [make_result(), make_result(n_extra=3, weights=True), *example.values()]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_detail_lines_are_the_cell_the_template_built(
    example: dict[str, AssessmentResult], lang: str
) -> None:
    folder = str(data_dir("reports") / "gap")
    old = environment(folder, "md").from_string(
        OLD_DETAILS + "{{ details | join('\\n') }}\n---\n{% endfor %}"
    )
    for result in _results(example):
        view = context.build_view(result, lang)
        expected = old.render(**view).split("\n---\n")[:-1]
        assert ["\n".join(r["detail_lines"]) for r in view["rows"]] == expected


def test_a_user_template_built_on_the_old_fields_still_renders_the_same(
    example: dict[str, AssessmentResult], tmp_path: Path
) -> None:
    """A restyled copy of reports/ made before ``detail_lines`` existed works unchanged."""
    copy = tmp_path / "my-reports"
    shutil.copytree(data_dir("reports"), copy)
    page = copy / "gap" / "report.md.j2"
    text = page.read_text(encoding="utf-8")
    start = text.index("{% for r in rows %}")
    end = text.index("{% endfor %}", start) + len("{% endfor %}")
    assert "detail_lines" in text[start:end]
    page.write_text(text[:start] + OLD_ROW + text[end:], encoding="utf-8")
    for n, result in enumerate(_results(example)):
        for lang in ("vi", "en"):
            (bundled,) = render_reports(result, ["md"], lang, tmp_path / f"a{n}{lang}")
            (restyled,) = render_reports(result, ["md"], lang, tmp_path / f"b{n}{lang}", templates=copy)
            assert restyled.read_text(encoding="utf-8") == bundled.read_text(encoding="utf-8")


class _Html:
    def __html__(self) -> str:
        return "<b>own</b>"


VALUES: list[Any] = [
    "a <b> & \"c\" 'd'",
    "",
    3,
    -2.5,
    True,
    None,
    Markup("<i>kept</i>"),
    _Html(),
    ["<x>", 1],
    {"k": "<v>"},
]
PAGE = """{% macro m(v) %}<p>{{ v }}</p>{% endmacro %}
{% for v in values %}{{ v }}|{{ m(v) }}|{% set s %}<{{ v }}>{% endset %}{{ s }}|{% filter upper %}{{ v }}{% endfilter %}|{{ v ~ "&" }}|{{ [v, "<"] | join("&") }}
{% endfor %}{% autoescape false %}{{ values[0] }}{% endautoescape %}"""


def test_html_outputs_are_escaped_as_jinja_escapes_them() -> None:
    """The report environment's output escape gives Jinja's own page for every kind of value."""
    folder = str(data_dir("reports") / "gap")
    ours = environment(folder, "html").from_string(PAGE).render(values=VALUES)
    plain_env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    assert ours == plain_env.from_string(PAGE).render(values=VALUES)
    assert "&lt;b&gt; &amp; &#34;c&#34; &#39;d&#39;" in ours and "<i>kept</i>" in ours


def _clear_remembered() -> None:
    for fn in (
        plain._questions,
        plain._question_texts,
        plain._not_applicable_by_condition,
        plain.remediation_text,
        context._citations,
        context._status_labels,
        context._method_labels,
        context._confidence_text,
        context._format_day,
        context._wrapped,
        plain._probe_day,
        plain._sentence,
    ):
        fn.cache_clear()


@pytest.mark.parametrize("first", ["vi", "en"])
def test_remembered_wording_is_per_language(example: dict[str, AssessmentResult], first: str) -> None:
    """A view built after another language's equals one built from nothing remembered."""
    other = "en" if first == "vi" else "vi"
    results = list(example.values())
    _clear_remembered()
    for result in results:
        context._build_view(result, first)
    after = [context._build_view(result, other) for result in results]
    _clear_remembered()
    fresh = [context._build_view(result, other) for result in results]
    assert after == fresh
    # the example answers questions, leaves some unmet and has requirements that do not apply
    assert any(r["answers"] for v in fresh for r in v["rows"])
    assert any(m["missing"] for v in fresh for m in v["remediation"])
    assert any(r["status"] == "na" for v in fresh for r in v["rows"])


JOINS = """{{ a | join }}|{{ a | join("; ") }}|{{ b | join(", ") }}|{{ c | join("<br>") }}|{{ t | join("-") }}
{{ d | join(", ", attribute="k") }}|{{ a | join(m) }}|{{ [] | join("x") }}|{{ a | join(1) }}"""


@pytest.mark.parametrize("kind", ["html", "md"])
def test_join_is_jinja_s_join(kind: str) -> None:
    folder = str(data_dir("reports") / "gap")
    values = {
        "a": ["<a>", "b & c"],
        "b": ["x", Markup("<i>y</i>"), 3],
        "c": ["1", None],
        "t": ("<t>", "u"),
        "d": [{"k": "<k>"}, {"k": 2}],
        "m": Markup("<hr>"),
    }
    plain_env = jinja2.Environment(autoescape=kind == "html")
    expected = plain_env.from_string(JOINS).render(**values)
    assert environment(folder, kind).from_string(JOINS).render(**values) == expected
    assert ("&lt;a&gt;; b &amp; c" if kind == "html" else "<a>; b & c") in expected
