"""Safe YAML reading with precise locations, and atomic writing.

Reading composes PyYAML's node tree (with libyaml when PyYAML was built with it) and builds
plain Python data from it ourselves instead of calling ``yaml.safe_load``, so that we can:

* refuse duplicate keys (PyYAML silently keeps the last one) and apply merge keys (``<<``)
  by YAML's rule, without relying on how a given PyYAML version flattens them;
* bound alias expansion (a "billion laughs" file fails in milliseconds, counted over the
  node graph before any value is built) and nesting depth (never a ``RecursionError``);
* normalise every string, keys included, to Unicode NFC;
* name ``file:line:column`` for any problem.

Positions of every value are needed only when something is wrong, so the first pass builds
the data alone; :class:`Located` walks the nodes again for positions the first time a
location is asked for (a pydantic error on ``systems[2].level`` pointing at
``inventory.yaml:41:12``, a duplicate id found later).

Validation into pydantic models happens in :func:`load_model`; its errors are turned into
:class:`~attt_audit.errors.InputError` naming ``file:line:column``, the dotted path, and what
was expected.

Reading and writing files go through :func:`read_bytes_file`, :func:`read_text_file` and
:func:`atomic_write_bytes` / :func:`atomic_write_text`, which turn every ``OSError`` (no
permission, a folder where a file is expected, a full or read-only disk) into one
:class:`~attt_audit.errors.InputError` naming the file.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from attt_audit.errors import InputError

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest YAML file we read (an inventory of 1000 systems is well under 2 MB)."""

MAX_NODES = 2_000_000
"""Largest number of values one document may expand to, aliases counted at each use."""

MAX_DEPTH = 100
"""Deepest nesting of lists and mappings we read (the catalog's deepest is under 15)."""

_STR = "tag:yaml.org,2002:str"

# libyaml's parser (when PyYAML was built with it) composes the same nodes, marks included,
# several times faster than the pure-Python one.
_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PLAIN_TAGS: dict[str, str] = {}
"""Plain scalar text → the tag the safe loader's implicit resolvers give it (remembered)."""
_PLAIN_TAGS_MAX = 50_000
_PLAIN_TAG_LENGTH = 64


class _Loader(_BASE_LOADER):  # type: ignore[misc,valid-type]
    """The safe loader, with the tag of a plain scalar remembered per text: an answers file
    repeats the same few values (statuses, names, dates) thousands of times and the resolver's
    regular expressions cost ~20 % of composing it. The safe loader has no path resolvers, so a
    plain scalar's tag depends on its text alone; a quoted one is always text."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            if not implicit[0]:
                return _STR
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = _BASE_LOADER.resolve(self, kind, value, implicit)
                if len(value) <= _PLAIN_TAG_LENGTH and len(_PLAIN_TAGS) < _PLAIN_TAGS_MAX:
                    _PLAIN_TAGS[value] = tag
            return tag
        return _BASE_LOADER.resolve(self, kind, value, implicit)


_LOADER = _Loader
_MERGE = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = (
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:binary",
    "tag:yaml.org,2002:timestamp",
    _STR,
)

Path_ = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


class Located:
    """Plain data read from a YAML file, and where each value is in it.

    Positions are found when first asked for (:meth:`where`, :attr:`marks`): reading a valid
    file never pays for them, beyond a few shallow ones recorded while reading."""

    def __init__(
        self,
        data: Any,
        file: str,
        marks: dict[Path_, tuple[int, int]] | None = None,
        key_marks: dict[Path_, tuple[int, int]] | None = None,
        *,
        text: str | None = None,
        shallow: dict[Path_, tuple[int, int]] | None = None,
    ) -> None:
        self.data = data
        self.file = file
        self._text = text
        self._marks = marks
        self._key_marks = key_marks
        self._shallow = shallow or {}

    def _ensure(self) -> None:
        if self._marks is not None and self._key_marks is not None:
            return
        marks: dict[Path_, tuple[int, int]] = {}
        key_marks: dict[Path_, tuple[int, int]] = {}
        if self._text is not None:
            builder = _Builder(self.file, located=True)
            builder.build(_compose(self._text, self.file), ())
            marks, key_marks = builder.marks, builder.key_marks
        self._marks = marks if self._marks is None else self._marks
        self._key_marks = key_marks if self._key_marks is None else self._key_marks

    @property
    def marks(self) -> dict[Path_, tuple[int, int]]:
        """Position of every value, by path."""
        self._ensure()
        assert self._marks is not None
        return self._marks

    @property
    def key_marks(self) -> dict[Path_, tuple[int, int]]:
        """Position of the key that introduces each mapping value."""
        self._ensure()
        assert self._key_marks is not None
        return self._key_marks

    def where(self, path: Iterable[str | int], *, key: bool = False) -> str:
        """``file:line:column`` of the deepest part of ``path`` that exists in the file.

        With ``key``, the position of the key itself (for "unknown field" errors)."""
        parts = tuple(path)
        if not key and parts in self._shallow:
            line, col = self._shallow[parts]
            return f"{self.file}:{line}:{col}"
        if key and parts in self.key_marks:
            line, col = self.key_marks[parts]
            return f"{self.file}:{line}:{col}"
        marks = self.marks
        while parts and parts not in marks:
            parts = parts[:-1]
        line, col = marks.get(parts, (1, 1))
        return f"{self.file}:{line}:{col}"


def dotted(path: Iterable[str | int]) -> str:
    """``("systems", 2, "level")`` → ``systems[2].level``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_CONSTRUCTOR = SafeConstructor()
_SCALARS = {tag: getattr(_CONSTRUCTOR, "construct_yaml_" + tag.rsplit(":", 1)[1]) for tag in _SCALAR_TAGS}
"""Tag → PyYAML's public constructor for that plain scalar type."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters other than tab and line breaks: never meant in a text value."""

_SHALLOW_DEPTH = 3
"""Paths this long or shorter get their position while reading (``controls[4].id``)."""


class _Builder:
    """Plain data from composed nodes; with ``located``, the position of every value too."""

    def __init__(self, file: str, *, located: bool = False) -> None:
        self.file = file
        self.located = located
        self.marks: dict[Path_, tuple[int, int]] = {}
        self.key_marks: dict[Path_, tuple[int, int]] = {}

    def _loc(self, node: Node) -> str:
        line, col = _pos(node)
        return f"{self.file}:{line}:{col}"

    def _too_deep(self, node: Node) -> InputError:
        return InputError(
            f"lists and mappings are nested more than {MAX_DEPTH} deep",
            location=self._loc(node),
            expected="a flatter structure",
        )

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:
            value = node.value
            if node.style == '"':  # escapes such as \\0 can write characters the file itself may not hold
                self._no_control(value, node)
            return value if value.isascii() else nfc(value)
        construct = _SCALARS.get(tag)
        if construct is None:
            raise InputError(
                f"cannot read value tagged {tag!r}",
                location=self._loc(node),
                expected="plain YAML values (text, numbers, dates, true/false, lists, mappings)",
            )
        try:
            value = construct(node)
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            what = "a real date" if tag.endswith(":timestamp") else "a valid value"
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(
                f"{node.value!r} is not {what} ({detail})",
                location=self._loc(node),
                expected="a date that exists, written YYYY-MM-DD" if what == "a real date" else None,
            ) from None
        if isinstance(value, str):
            value = nfc(value)
        return value

    def _no_control(self, value: str, node: Node) -> None:
        match = _CONTROL.search(value)
        if match:
            raise InputError(
                f"control character U+{ord(match.group()):04X} in the text",
                location=self._loc(node),
                expected="plain text (remove the invisible character)",
            )

    def key(self, node: Node) -> Any:
        if node.__class__ is not ScalarNode:
            raise InputError(
                "a mapping key must be a plain value",
                location=self._loc(node),
                expected="a text key",
            )
        return self.scalar(node)  # type: ignore[arg-type]

    def build(self, node: Node, path: Path_, depth: int = 0) -> Any:
        """The value of ``node``; ``path`` is used only when positions are recorded."""
        cls = node.__class__
        if self.located:
            self.marks.setdefault(path, _pos(node))
        if cls is ScalarNode:
            tag = node.tag
            if tag == _STR and node.style != '"':  # type: ignore[attr-defined]
                value = node.value
                return value if value.isascii() else nfc(value)
            return self.scalar(node)  # type: ignore[arg-type]
        if depth >= MAX_DEPTH:
            raise self._too_deep(node)
        if cls is SequenceNode:
            if self.located:
                return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
            return [self.build(item, path, depth + 1) for item in node.value]
        if cls is MappingNode:
            return self.mapping(node, path, depth)  # type: ignore[arg-type]
        raise InputError("unexpected YAML node", location=self._loc(node), expected="valid YAML")

    def mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE and not merges:
                merges.append(value_node)
                continue
            key = self.key(key_node)
            if key in result:
                raise InputError(
                    f"duplicate key {key!r} in {dotted(path)}",
                    location=self._loc(key_node),
                    expected="each key once per mapping",
                )
            if self.located:
                child = path + (key if isinstance(key, (str, int)) else str(key),)
                self.key_marks[child] = _pos(key_node)
                result[key] = self.build(value_node, child, depth + 1)
            else:
                result[key] = self.build(value_node, path, depth + 1)
        if not merges:
            return result
        # YAML's merge rule: the mapping's own keys win; among merged mappings, the first
        # listed wins. Keys brought in by a merge come first, in that order.
        merged: dict[Any, Any] = {}
        for source in self._merge_sources(merges[0]):
            for key, value in self.build(source, path, depth + 1).items():
                merged.setdefault(key, value)
        merged.update(result)
        return merged

    def _merge_sources(self, node: Node) -> list[MappingNode]:
        if isinstance(node, MappingNode):
            return [node]
        if isinstance(node, SequenceNode) and all(isinstance(item, MappingNode) for item in node.value):
            return list(node.value)
        raise InputError(
            "a merge key (<<) must be followed by a mapping or a list of mappings",
            location=self._loc(node),
            expected="<<: *anchor or <<: [*anchor1, *anchor2], where each anchor names a mapping",
        )

    def shallow(self, node: Node, path: Path_ = ()) -> dict[Path_, tuple[int, int]]:
        """Positions of values at most :data:`_SHALLOW_DEPTH` deep (own keys only)."""
        out: dict[Path_, tuple[int, int]] = {path: _pos(node)}
        if len(path) >= _SHALLOW_DEPTH:
            return out
        if isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                out.update(self.shallow(item, path + (i,)))
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    continue
                key = self.key(key_node)
                out.update(
                    self.shallow(value_node, path + (key if isinstance(key, (str, int)) else str(key),))
                )
        return out


def _check_expansion(root: Node, file: str) -> None:
    """Refuse a document whose aliases expand to more than :data:`MAX_NODES` values.

    Sizes are counted once per node (an alias is the same node object as its anchor), so a
    "billion laughs" file is refused after visiting its few distinct nodes; an anchor used
    inside its own value, and nesting deeper than :data:`MAX_DEPTH`, are refused too."""
    sizes: dict[int, int] = {}

    def fail(node: Node, message: str, expected: str) -> InputError:
        line, col = _pos(node)
        return InputError(message, location=f"{file}:{line}:{col}", expected=expected)

    def size(node: Node, depth: int) -> int:
        nid = id(node)
        known = sizes.get(nid)
        if known is not None:
            if known < 0:
                raise fail(
                    node,
                    "an alias refers to the list or mapping that contains it",
                    "anchors used only outside their own value",
                )
            return known
        if depth >= MAX_DEPTH:
            raise fail(
                node, f"lists and mappings are nested more than {MAX_DEPTH} deep", "a flatter structure"
            )
        sizes[nid] = -1
        total = 1
        items = node.value if node.__class__ is SequenceNode else [n for pair in node.value for n in pair]
        for child in items:
            total += 1 if child.__class__ is ScalarNode else size(child, depth + 1)
        if total > MAX_NODES:
            raise fail(
                node,
                f"the document expands to more than {MAX_NODES:,} values (aliases counted at each use)",
                "a file without deeply nested anchors and aliases",
            )
        sizes[nid] = total
        return total

    if root.__class__ is not ScalarNode:
        size(root, 0)


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            location=f"{file}:{line}:{col}",
            expected="a file saved as UTF-8 (Vietnamese text with full diacritics)",
        ) from None


def _syntax_hint(text: str, line: int, col: int, problem: str) -> str:
    """A short hint for YAML syntax errors whose cause is obvious."""
    lines = text.splitlines()
    source = lines[line] if 0 <= line < len(lines) else ""
    if "mapping values are not allowed" in problem and ": " in source[:col]:
        return "; if the text contains ': ', put the value in quotes"
    if "\t" in source[: col + 1]:
        return "; indent with spaces, not tabs"
    if "found undefined alias" in problem:
        return "; define the anchor (&name) before using *name"
    return ""


def _compose(text: str, file: str) -> Node:
    """The single document of ``text`` as a node tree; YAML errors become InputError."""
    match = _CONTROL.search(text)
    if match:
        before = text[: match.start()]
        line = before.count("\n") + 1
        col = match.start() - (before.rfind("\n") + 1) + 1
        raise InputError(
            f"control character U+{ord(match.group()):04X} in the file",
            location=f"{file}:{line}:{col}",
            expected="plain text (remove the invisible character)",
        )
    try:
        nodes = list(yaml.compose_all(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else file
        problem = exc.problem or exc.context or "invalid YAML"
        hint = _syntax_hint(text, mark.line, mark.column, problem) if mark else ""
        raise InputError(
            f"YAML syntax error: {problem}{hint}", location=where, expected="valid YAML"
        ) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        raise InputError(f"YAML error: {first}", location=file, expected="valid YAML") from None
    except RecursionError:
        raise InputError(
            f"lists and mappings are nested more than {MAX_DEPTH} deep",
            location=file,
            expected="a flatter structure",
        ) from None
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        raise InputError("the file is empty", location=f"{file}:1:1", expected="a YAML mapping")
    if len(nodes) > 1:
        second = nodes[1]
        raise InputError(
            "the file holds more than one YAML document",
            location=f"{file}:{second.start_mark.line + 1}:1",
            expected="a single document (remove the '---' separator)",
        )
    return nodes[0]


def parse_text(text: str, file: str, *, shallow: bool = True) -> Located:
    """Parse YAML text; ``file`` is the name used in messages.

    ``shallow``: record the positions of the values at most :data:`_SHALLOW_DEPTH` deep while
    reading (for a caller that asks :meth:`Located.where` of many valid values, such as the
    catalog's id checks); without it every position is found on the first ask, as for deeper
    values (a file whose positions are wanted only when something is wrong: ~10 % of reading
    an answers file)."""
    text = nfc(text)
    root = _compose(text, file)
    if "*" in text:
        _check_expansion(root, file)
    builder = _Builder(file)
    try:
        data = builder.build(root, ())
    except InputError:
        _Builder(file, located=True).build(root, ())  # the same problem, named by its path
        raise
    return Located(data=data, file=file, text=text, shallow=builder.shallow(root) if shallow else None)


# --------------------------------------------------------------------------- files


def os_problem(exc: OSError, *, writing: bool | None) -> tuple[str, str]:
    """(message, expected) in plain words for an ``OSError`` met reading or writing a file."""
    code = exc.errno
    if isinstance(exc, FileNotFoundError):
        return "file not found", "an existing file"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file", "a file name (not a folder) here"
    if isinstance(exc, NotADirectoryError) or code == errno.ENOTDIR:
        return "a file is in the way where a folder is expected", "a path whose parent folders are folders"
    if isinstance(exc, FileExistsError):
        return "a file is in the way where a folder is expected", "a path whose parent folders are folders"
    if code == errno.ENOSPC or code == errno.EDQUOT:
        return "the disk is full (no space left)", "free space on the disk, then run again"
    if code == errno.EROFS:
        return "the disk is read-only", "a folder on a writable disk"
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        if writing:
            return "no permission to write here", "a folder you may write to (check its permissions)"
        if writing is None:
            return (
                "no permission to use this file or folder",
                "a path you may read and write (check its permissions)",
            )
        return "no permission to read this file", "a file you may read (check its permissions)"
    if code == errno.ENAMETOOLONG:
        return "the file name is too long", "a shorter path"
    reason = exc.strerror or type(exc).__name__
    verb = {True: "write", False: "read", None: "use"}[writing]
    return f"cannot {verb} the file ({reason})", "a readable, writable location"


_FILE_ERRNOS = {
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EROFS,
    errno.EACCES,
    errno.EPERM,
    errno.EISDIR,
    errno.ENOTDIR,
    errno.EEXIST,
    errno.ENOENT,
    errno.ENAMETOOLONG,
}


def file_error(exc: OSError) -> InputError | None:
    """An ``OSError`` about a file or the disk as one InputError naming the file (``None``
    for other ones, such as a refused network connection)."""
    if exc.errno not in _FILE_ERRNOS:
        return None
    message, expected = os_problem(exc, writing=None)
    return InputError(
        message, location=None if exc.filename is None else str(exc.filename), expected=expected
    )


def _io_error(exc: OSError, name: str, *, writing: bool) -> InputError:
    message, expected = os_problem(exc, writing=writing)
    return InputError(message, location=name, expected=expected)


def read_bytes_file(path: Path | str, *, display: str | None = None, limit: int | None = None) -> bytes:
    """The bytes of ``path``; any ``OSError`` (or more than ``limit`` bytes) is one InputError."""
    path = Path(path)
    name = display or str(path)
    try:
        if limit is not None:
            size = path.stat().st_size
            if size > limit:
                raise InputError(
                    f"the file is {size:,} bytes, larger than the {limit:,}-byte limit",
                    location=name,
                    expected="a smaller file (split it)",
                )
        return path.read_bytes()
    except OSError as exc:
        raise _io_error(exc, name, writing=False) from None


def read_text_file(path: Path | str, *, display: str | None = None, limit: int | None = None) -> str:
    """UTF-8 text of ``path`` (a leading BOM dropped), NFC; problems are one InputError with ``file:line:col``."""
    name = display or str(path)
    return nfc(_decode(read_bytes_file(path, display=name, limit=limit), name))


def within(path: Path | str, root: Path | str) -> bool:
    """Whether ``path``, every symbolic link on the way resolved, lies inside ``root`` (also resolved).

    Evidence collection and listing use it so that a link never leads out of the workspace."""
    try:
        return Path(path).resolve().is_relative_to(Path(root).resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def read_yaml(path: Path | str, *, display: str | None = None, shallow: bool = True) -> Located:
    """Read one YAML file with every safety bound applied (``shallow``: see :func:`parse_text`)."""
    name = display or str(path)
    try:
        return parse_text(read_text_file(path, display=name, limit=MAX_FILE_BYTES), name, shallow=shallow)
    except InputError as exc:
        if exc.message == "file not found":
            raise InputError("file not found", location=name, expected="an existing YAML file") from None
        raise


def _enum_values(expected: str) -> list[str]:
    return re.findall(r"'([^']*)'", expected)


def _describe_error(err: dict[str, Any]) -> tuple[str, str]:
    """(message, expected) for one pydantic error, in plain words."""
    kind = err.get("type", "")
    value = err.get("input")
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        return "unknown field", "only the fields the schema defines (check spelling)"
    if kind == "missing":
        return "required field is missing", "this field to be present"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        hint = ""
        if isinstance(value, str):
            near = difflib.get_close_matches(value, _enum_values(expected), n=1, cutoff=0.6)
            hint = f" (did you mean {near[0]}?)" if near else ""
        return f"{shown} is not allowed{hint}", f"one of {expected}"
    if kind == "string_pattern_mismatch":
        return f"{shown} has the wrong form", f"text matching {ctx.get('pattern', '')}"
    if kind == "value_error":
        msg = str(ctx.get("error", err.get("msg", "")))
        return (msg if isinstance(value, (dict, list)) else f"{shown}: {msg}"), ""
    msg = err.get("msg", "invalid value")
    return f"{shown} is not valid", msg[0].lower() + msg[1:] if msg else ""


def validation_error(exc: ValidationError, located: Located, prefix: Path_ = ()) -> InputError:
    """The first error of a pydantic ValidationError as an InputError with its location."""
    errors = exc.errors()
    first = errors[0]
    loc = prefix + tuple(first["loc"])
    path = _user_path(located, loc)
    message, expected = _describe_error(dict(first))
    more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    at_key = first.get("type") == "extra_forbidden"
    return InputError(
        f"at {dotted(path)}: {message}{more}",
        location=located.where(path, key=at_key),
        expected=expected or None,
    )


def _user_path(located: Located, loc: tuple[Any, ...]) -> Path_:
    """Keep the parts of a pydantic ``loc`` that are keys the user wrote.

    pydantic adds names of union branches and validators ("str", "function-after[...]") to
    ``loc``; those are dropped unless they are the last part (a missing field's own name).
    """
    marks = located.marks
    path: Path_ = ()
    for i, part in enumerate(loc):
        candidate = path + (part,)
        if isinstance(part, int) or candidate in marks or i == len(loc) - 1:
            if isinstance(part, str) and part.startswith("function-"):
                continue
            path = candidate
    return path


def load_model(model: type[M], path: Path | str, *, display: str | None = None) -> M:
    """Read ``path`` and validate it as ``model``; every problem becomes an InputError."""
    located = read_yaml(path, display=display)
    return validate_located(model, located)


def validate_located(model: type[M], located: Located, prefix: Path_ = ()) -> M:
    data = located.data
    if not isinstance(data, dict):
        raise InputError(
            f"the top level is a {type(data).__name__}",
            location=located.where(()),
            expected="a mapping of fields",
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, located, prefix) from None


# --------------------------------------------------------------------------- writing


def ensure_folder(folder: Path | str) -> Path:
    """Create ``folder`` (and its parents); a file in the way or no permission is one InputError."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError(
            "a file is in the way where a folder is expected",
            location=str(_first_file_in(folder)),
            expected="a path whose parent folders are folders",
        ) from None
    except OSError as exc:
        if exc.errno == errno.ENOTDIR:
            raise InputError(
                "a file is in the way where a folder is expected",
                location=str(_first_file_in(folder)),
                expected="a path whose parent folders are folders",
            ) from None
        raise _io_error(exc, str(folder), writing=True) from None
    return folder


def _first_file_in(folder: Path) -> Path:
    """The first existing non-folder on the way to ``folder`` (what blocks creating it)."""
    for part in reversed([folder, *folder.parents]):
        if part.exists() and not part.is_dir():
            return part
    return folder


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of one.

    Any ``OSError`` (no permission, full or read-only disk, a folder in the way) is one
    InputError naming the file; the old file, if any, is left as it was."""
    path = Path(path)
    if path.is_dir():
        raise InputError(
            "is a folder, not a file", location=str(path), expected="a file name (not a folder) here"
        )
    ensure_folder(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _io_error(exc, str(path), writing=True) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _io_error(exc, str(path), writing=True) from None
        raise


def atomic_write_text(path: Path | str, text: str) -> None:
    atomic_write_bytes(path, nfc(text).encode("utf-8"))


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def dump_yaml(data: Any) -> str:
    """YAML text for plain data: UTF-8 characters kept as they are, key order kept."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
