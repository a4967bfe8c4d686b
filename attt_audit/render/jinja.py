"""One Jinja2 environment per templates folder, built once per process.

The engine's benchmark renders a thousand systems: templates compile once and are reused.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from attt_audit.models import AssessmentResult
from attt_audit.models.common import Lang
from attt_audit.render.interface import Renderer, RenderError, template_file
from attt_audit.yamlio import atomic_write_text

_MD_ESCAPES = {"\\": "\\\\", "&": "&amp;", "<": "&lt;", ">": "&gt;", **{ch: "\\" + ch for ch in "`*_[]#|!{}"}}
""":func:`md_text`'s escapes: a backslash doubled, ``&<>`` as entities, Markdown's marks behind a
backslash (each character is replaced once, in one pass, so nothing is escaped twice)."""
_MD_SPECIAL = re.compile("[" + re.escape("".join(_MD_ESCAPES)) + "]")


def _md_escape(match: re.Match[str]) -> str:
    return _MD_ESCAPES[match.group()]


def md_text(value: Any) -> str:
    """Markdown-escape running text: a user's words never turn into links, emphasis or HTML."""
    return _md_text("" if value is None else str(value))


@lru_cache(maxsize=16384)
def _md_text(text: str) -> str:
    """:func:`md_text` of a string, remembered: a report escapes the catalog's titles, clauses
    and questions again for every system."""
    if _MD_SPECIAL.search(text):  # most text has nothing to escape
        text = _MD_SPECIAL.sub(_md_escape, text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # a CR alone ends a line in Markdown too
    return " ".join(text.split("\n")) if "\n" in text else text


def md_cell(value: Any) -> str:
    """Markdown-escape a table cell: as :func:`md_text`, and line breaks become ``<br>``."""
    return _md_cell("" if value is None else str(value))


@lru_cache(maxsize=16384)
def _md_cell(text: str) -> str:
    """:func:`md_cell` of a string, remembered like :func:`_md_text`."""
    if "\n" not in text and "\r" not in text:  # one line, as most cells
        line = _md_text(text)
        return line if line.strip() else " "
    lines = [_md_text(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "<br>".join(line for line in lines if line.strip()) or " "


def md_code(value: Any) -> str:
    """An identifier as inline code: backticks cannot close it, ``|`` cannot split a table."""
    text = " ".join(("" if value is None else str(value)).split())
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`" if text else ""


_DICT_ATTRS = frozenset(dir(dict))


def _output_escape() -> Any:
    """The escape of an autoescaped ``{{ value }}``: :func:`markupsafe.escape`'s text, without
    wrapping every piece in a :class:`~markupsafe.Markup` (the pieces are only joined into the
    page; a buffer, macro or block result is still made ``Markup`` by Jinja). Same characters
    out as ``escape``; ~3,400 outputs per HTML report."""
    import markupsafe

    inner = getattr(markupsafe, "_escape_inner", None)  # markupsafe >= 3: escape's own C part
    escape, markup = markupsafe.escape, markupsafe.Markup
    if inner is None:
        return escape

    def output_escape(value: Any) -> Any:
        kind = type(value)
        if kind is str:
            return inner(value)
        if kind is markup:
            return value
        if kind is int or kind is float:  # digits, a sign, a point: nothing to escape
            return str(value)
        return escape(value)

    return output_escape


def _environment_class() -> Any:
    import jinja2
    from jinja2.compiler import CodeGenerator

    class ViewCodeGenerator(CodeGenerator):
        """Jinja's code generator, with an autoescaped output escaped by
        ``environment.output_escape`` (see :func:`_output_escape`)."""

        def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
            if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
                super()._output_child_pre(node, frame, finalize)
                return
            self.write("environment.output_escape(")
            if finalize.src is not None:
                self.write(finalize.src)

    class ViewEnvironment(jinja2.Environment):
        """``row.title`` on a plain dict looks the key up first, unless ``title`` names a dict
        method (``row.items`` is still the method, as in Jinja): the same value as Jinja's own
        lookup, without raising and catching an ``AttributeError`` for every field shown (the
        report view is plain dicts; ~90,000 lookups per report)."""

        # The generator overrides a method private to Jinja 3.1's compiler: another Jinja
        # compiles with its own generator (same output, Jinja's own escaping).
        code_generator_class = ViewCodeGenerator if jinja2.__version__.startswith("3.1.") else CodeGenerator
        output_escape = staticmethod(_output_escape())

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict and attribute not in _DICT_ATTRS:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
            return super().getattr(obj, attribute)

    return ViewEnvironment


@lru_cache(maxsize=8)
def environment(folder: str, kind: str) -> Any:
    import jinja2
    from jinja2.filters import sync_do_join

    environment_class = _environment_class()
    if kind == "html":
        env = environment_class(
            loader=jinja2.FileSystemLoader(folder),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    else:
        env = environment_class(
            loader=jinja2.FileSystemLoader(folder),
            autoescape=False,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters["md"] = md_text
        env.filters["cell"] = md_cell
        env.filters["code"] = md_code
    env.filters["join"] = _join_filter(sync_do_join)
    return env


def _join_filter(sync_do_join: Any) -> Any:
    """Jinja's ``join``: its synchronous join, called directly (Jinja's filter checks on every
    call whether the environment is async; these never are), and a list of plain strings joined
    by a plain string at once: what Jinja's join returns for those, with or without autoescape
    (no item is markup, so nothing is escaped and the result is a plain string)."""
    import jinja2

    @jinja2.pass_eval_context
    def join(eval_ctx: Any, value: Any, d: Any = "", attribute: Any = None) -> Any:
        if attribute is None and type(value) is list and type(d) is str:
            for item in value:
                if type(item) is not str:
                    break
            else:
                return d.join(value)
        return sync_do_join(eval_ctx, value, d, attribute)

    return join


@lru_cache(maxsize=16)
def _compiled(folder: str, kind: str, name: str) -> Any:
    import jinja2

    env = environment(folder, kind)
    try:
        return env.get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(
            f"report template does not parse: {exc.message}",
            location=f"{exc.filename or name}:{exc.lineno}",
        ) from exc


def render_template(templates: Path, name: str, kind: str, view: dict[str, Any]) -> str:
    """Render ``<templates>/gap/<name>`` with ``view``; template errors become :class:`RenderError`."""
    import jinja2

    path = template_file(templates, name)
    template = _compiled(str(path.parent.resolve()), kind, name)
    try:
        return str(template.render(**view))
    except jinja2.UndefinedError as exc:
        raise RenderError(f"report template uses an unknown name: {exc.message}", location=str(path)) from exc


class TemplateRenderer(Renderer):
    """A renderer that is one Jinja2 template over the shared report view (HTML, Markdown)."""

    template: ClassVar[str]
    """File name under ``<templates>/gap/``."""
    kind: ClassVar[str]
    """Escaping regime of the template: ``html`` or ``md``."""

    def render(self, result: AssessmentResult, lang: Lang, out_dir: Path, templates: Path) -> Path:
        from attt_audit.render.context import build_view

        text = render_template(templates, self.template, self.kind, build_view(result, lang))
        path = self.output_path(out_dir, lang)
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            raise RenderError(f"cannot write the report: {exc.strerror}", location=str(path)) from exc
        return path
