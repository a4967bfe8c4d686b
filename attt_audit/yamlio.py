"""Safe YAML reading with precise locations, and atomic writing.

Reading builds plain Python data from PyYAML's node tree ourselves instead of calling
``yaml.safe_load`` so that we can:

* refuse duplicate keys (PyYAML silently keeps the last one);
* bound alias expansion (a "billion laughs" file fails fast instead of eating memory);
* normalise every string, keys included, to Unicode NFC;
* remember the line and column of every value, so a later validation error on
  ``systems[2].level`` can point at ``inventory.yaml:41:12``.

Validation into pydantic models happens in :func:`load_model`; its errors are turned into
:class:`~attt_audit.errors.InputError` naming ``file:line:column``, the dotted path, and what
was expected.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from attt_audit.errors import InputError

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest YAML file we read (an inventory of 1000 systems is well under 2 MB)."""

MAX_NODES = 2_000_000
"""Largest number of values one document may expand to, aliases counted at each use."""

# libyaml's parser (when PyYAML was built with it) composes the same nodes, marks included,
# several times faster than the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass
class Located:
    """Plain data read from a YAML file plus the position of every value in it."""

    data: Any
    file: str
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    """Position of the key that introduces each mapping value."""

    def where(self, path: Iterable[str | int], *, key: bool = False) -> str:
        """``file:line:column`` of the deepest part of ``path`` that exists in the file.

        With ``key``, the position of the key itself (for "unknown field" errors)."""
        parts = tuple(path)
        if key and parts in self.key_marks:
            line, col = self.key_marks[parts]
            return f"{self.file}:{line}:{col}"
        while parts and parts not in self.marks:
            parts = parts[:-1]
        line, col = self.marks.get(parts, (1, 1))
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


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.marks: dict[Path_, tuple[int, int]] = {}
        self.key_marks: dict[Path_, tuple[int, int]] = {}
        self._merged: dict[int, int] = {}
        self.count = 0
        self.constructor = yaml.SafeLoader("")  # used only for its scalar constructors

    def _flatten(self, node: yaml.MappingNode) -> int:
        """Resolve merge keys (``<<``) in place; return how many leading pairs came from merges.

        A node reached again through an alias was flattened already: remember its count."""
        if id(node) not in self._merged:
            own = sum(1 for key, _ in node.value if key.tag != "tag:yaml.org,2002:merge")
            self.constructor.flatten_mapping(node)
            self._merged[id(node)] = len(node.value) - own
        return self._merged[id(node)]

    def _loc(self, node: yaml.Node) -> str:
        return f"{self.file}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise InputError(
                f"the document expands to more than {MAX_NODES:,} values (aliases counted at each use)",
                location=self._loc(node),
                expected="a file without deeply nested anchors and aliases",
            )
        self.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            merged = self._flatten(node)
            result: dict[Any, Any] = {}
            own_keys: set[Any] = set()
            for index, (key_node, value_node) in enumerate(node.value):
                key = self.build(key_node, path + ("<key>",))
                if isinstance(key, (list, dict)):
                    raise InputError(
                        "a mapping key must be a plain value",
                        location=self._loc(key_node),
                        expected="a text key",
                    )
                # Keys brought in by a merge (<<: *anchor) come first, in PyYAML's precedence
                # order; a later one, or the mapping's own key, overrides them (YAML's merge rule).
                if index >= merged and key in own_keys:
                    raise InputError(
                        f"duplicate key {key!r} in {dotted(path)}",
                        location=self._loc(key_node),
                        expected="each key once per mapping",
                    )
                if index >= merged:
                    own_keys.add(key)
                child = path + (key if isinstance(key, (str, int)) else str(key),)
                self.key_marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise InputError(
                f"cannot read value tagged {node.tag!r}",
                location=self._loc(node),
                expected="plain YAML values (text, numbers, dates, true/false, lists, mappings)",
            ) from exc
        if isinstance(value, str):
            value = nfc(value)
        return value


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


def parse_text(text: str, file: str) -> Located:
    """Parse YAML text; ``file`` is the name used in messages."""
    text = nfc(text)
    try:
        nodes = list(yaml.compose_all(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else file
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"YAML syntax error: {problem}", location=where, expected="valid YAML") from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", location=file, expected="valid YAML") from None
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
    builder = _Builder(file)
    data = builder.build(nodes[0], ())
    return Located(data=data, file=file, marks=builder.marks, key_marks=builder.key_marks)


def read_yaml(path: Path | str, *, display: str | None = None) -> Located:
    """Read one YAML file with every safety bound applied."""
    path = Path(path)
    name = display or str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("file not found", location=name, expected="an existing YAML file") from None
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"the file is {size:,} bytes, larger than the {MAX_FILE_BYTES:,}-byte limit",
            location=name,
            expected="a smaller file (split it)",
        )
    return parse_text(_decode(path.read_bytes(), name), name)


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
    if kind == "literal_error":
        return f"{shown} is not allowed", f"one of {ctx.get('expected', '')}"
    if kind == "enum":
        return f"{shown} is not allowed", f"one of {ctx.get('expected', '')}"
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
    path: Path_ = ()
    for i, part in enumerate(loc):
        candidate = path + (part,)
        if isinstance(part, int) or candidate in located.marks or i == len(loc) - 1:
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


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
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
