"""Differences between two run results: what got worse, what got fixed, what the catalog changed.

A run result is a run folder (``run.json`` plus ``<system>/result.json``), a single system's
folder or its ``result.json``. Requirements are matched per system by control id, so a
control keeps its history when its level or clause number changes.

Every requirement present in both runs falls in exactly one category:

=================  =========================================================================
``newly_failing``  now Không đạt, before anything else
``regressed``      Đạt → Một phần
``fixed``          Không đạt or Một phần → Đạt
``improved``       Không đạt → Một phần
``unchanged``      same status
``changed``        any other move, through Không áp dụng or Chưa đánh giá (not comparable)
=================  =========================================================================

and requirements in only one run are ``added`` or ``removed``, with the cause: a catalog
version change, a level change, a profile change; whole systems appear in
``systems_added`` / ``systems_removed``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import shutil
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, Any, TypeVar

from pydantic import BaseModel, Field, ValidationError

from attt_audit.errors import InputError, NotFoundError
from attt_audit.models import AssessmentResult, RunSummary, Status
from attt_audit.models.common import LocalText
from attt_audit.text import format_delta, format_percent

M = TypeVar("M", bound=BaseModel)

CATEGORIES = ("newly_failing", "regressed", "fixed", "improved", "unchanged", "changed", "added", "removed")
CATEGORY_LABELS: dict[str, LocalText] = {
    "newly_failing": LocalText(vi="Mới không đạt", en="Newly failing"),
    "regressed": LocalText(vi="Giảm mức", en="Regressed"),
    "fixed": LocalText(vi="Đã khắc phục", en="Fixed"),
    "improved": LocalText(vi="Cải thiện", en="Improved"),
    "unchanged": LocalText(vi="Không đổi", en="Unchanged"),
    "changed": LocalText(vi="Thay đổi khác", en="Other change"),
    "added": LocalText(vi="Yêu cầu mới", en="Requirement added"),
    "removed": LocalText(vi="Yêu cầu bỏ", en="Requirement removed"),
}
CAUSE_LABELS: dict[str, LocalText] = {
    "catalog": LocalText(vi="bộ yêu cầu thay đổi", en="catalog change"),
    "level": LocalText(vi="cấp độ thay đổi", en="level change"),
    "profile": LocalText(vi="hồ sơ yêu cầu (profile) thay đổi", en="profile change"),
}
_GRADED = {Status.PASS: 2, Status.PARTIAL: 1, Status.FAIL: 0}


def categorise(old: Status, new: Status) -> str:
    """The category of a requirement present in both runs (see the module docstring)."""
    if old == new:
        return "unchanged"
    if new == Status.FAIL:
        return "newly_failing"
    if old in _GRADED and new in _GRADED:
        if new == Status.PASS:
            return "fixed"
        return "regressed" if old == Status.PASS else "improved"
    return "changed"


# ------------------------------------------------------------------------------- loading
#
# A diff of two province-sized runs must not hold both runs' results as objects (thousands of
# systems, each with its observations, answers and remediation). A run is therefore loaded as
# a list of files; each side of a system is read when the diff reaches it, into a slim view that
# validates only the fields a diff uses, and dropped before the next system.

_EXPECTED = "a result written by 'attt-audit run'"


class RequirementView(BaseModel):
    """The fields of one requirement result that a diff reads (the others are skipped)."""

    control: str
    level: int
    framework: str
    clause: str | None = None
    refs: list[str] = Field(default_factory=list)
    title: LocalText
    status: Status
    severity: str = "medium"
    waived: bool = False


class _ScoreView(BaseModel):
    scope: str
    percent: float | None = None


class ResultView(BaseModel):
    """The fields of an ``AssessmentResult`` that a diff reads, validated with the same types."""

    tool_version: str
    generated_at: dt.datetime
    assessed_on: dt.date
    regime: str
    profile: str
    level: int
    organisation: dict[str, Any]
    system: dict[str, Any]
    catalog: dict[str, str] = Field(default_factory=dict)
    results: list[RequirementView] = Field(default_factory=list)
    scores: list[_ScoreView] = Field(default_factory=list)


class _ResultHead(BaseModel):
    """Enough of a result to file it: which system, which day."""

    assessed_on: dt.date
    system: dict[str, Any]


def _read_json_model(model: type[M], path: Path, name: str | None = None) -> M:
    """Read and validate one JSON file; errors name the file and the first problem, on one line."""
    name = name or model.__name__
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError("file not found", location=str(path)) from None
    except OSError as exc:
        raise InputError(f"not readable: {exc.strerror}", location=str(path), expected=_EXPECTED) from None
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        if errors and errors[0]["type"] == "json_invalid":
            raise InputError(
                f"not readable JSON: {errors[0]['msg']}", location=str(path), expected=_EXPECTED
            ) from None
        first = str(exc).splitlines()
        detail = "; ".join(line.strip() for line in first[1:3]) if len(first) > 1 else str(exc)
        raise InputError(
            f"not a valid {name}: {detail}",
            location=str(path),
            expected=f"a {name} JSON written by 'attt-audit run'",
        ) from None


class ResultFiles(Mapping[str, AssessmentResult]):
    """A run's results by system id, read from disk on access (the last one read is kept).

    ``files[sid]`` is the full, validated ``AssessmentResult``; :meth:`view` reads only what a
    diff needs. Nothing else is kept in memory, so a caller that goes system by system stays
    within the size of one result.
    """

    def __init__(self, paths: dict[str, Path]) -> None:
        self._paths = paths
        self._last: tuple[str, AssessmentResult] | None = None

    def path(self, system: str) -> Path:
        return self._paths[system]

    def view(self, system: str) -> ResultView:
        return _read_json_model(ResultView, self._paths[system], "AssessmentResult")

    def __getitem__(self, system: str) -> AssessmentResult:
        if self._last is not None and self._last[0] == system:
            return self._last[1]
        result = _read_json_model(AssessmentResult, self._paths[system])
        self._last = (system, result)
        return result

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def __contains__(self, system: object) -> bool:
        return system in self._paths


@dataclass
class RunResults:
    """One side of a diff: the results of one run, by system id.

    ``results`` is usually a :class:`ResultFiles` (read on access); a plain dict of
    ``AssessmentResult`` objects works too.
    """

    source: Path
    run_id: str
    assessed_on: str
    results: Mapping[str, AssessmentResult]
    summary: RunSummary | None = None


def load_run(path: Path, workspace: Path | None = None) -> RunResults:
    """Load a run folder, a system folder or a ``result.json``.

    A bare name that is not a path is looked up as ``<workspace>/runs/<name>``. Only ``run.json``
    (or, without one, each result's system id and date) is read here; the results themselves
    are read when used.
    """
    path = Path(path)
    if not path.exists() and workspace is not None and (Path(workspace) / "runs" / str(path)).exists():
        path = Path(workspace) / "runs" / str(path)
    if not path.exists():
        raise NotFoundError(
            "no such run",
            location=str(path),
            expected="a run folder (with run.json), a system folder or a result.json",
        )
    if path.is_file():
        head = _read_json_model(_ResultHead, path, "AssessmentResult")
        sid = str(head.system.get("id", path.parent.name))
        return RunResults(path, path.parent.name, head.assessed_on.isoformat(), ResultFiles({sid: path}))
    run_json = path / "run.json"
    if run_json.is_file():
        summary = _read_json_model(RunSummary, run_json)
        paths: dict[str, Path] = {}
        for entry in summary.systems:
            result_path = path / entry.result
            if not result_path.is_file():
                raise NotFoundError(
                    f"run.json lists {entry.result} for system {entry.system!r} but the file is missing",
                    location=str(result_path),
                    expected="the run folder as 'attt-audit run' wrote it",
                )
            paths[entry.system] = result_path
        return RunResults(path, summary.run_id, summary.assessed_on.isoformat(), ResultFiles(paths), summary)
    if (path / "result.json").is_file():
        return load_run(path / "result.json")
    found = sorted(path.glob("*/result.json"))
    if not found:
        raise NotFoundError(
            "no run.json or result.json in this folder",
            location=str(path),
            expected="a run folder written by 'attt-audit run'",
        )
    paths = {}
    dates = []
    for result_path in found:
        head = _read_json_model(_ResultHead, result_path, "AssessmentResult")
        paths[str(head.system.get("id", result_path.parent.name))] = result_path
        dates.append(head.assessed_on.isoformat())
    return RunResults(path, path.name, max(dates), ResultFiles(paths))


def _view(run: RunResults, system: str) -> ResultView | AssessmentResult:
    results = run.results
    return results.view(system) if isinstance(results, ResultFiles) else results[system]


# ---------------------------------------------------------------------------------- diff


@dataclass(slots=True)
class RequirementChange:
    system: str
    control: str
    category: str
    title: dict[str, str]
    old_status: str | None = None
    new_status: str | None = None
    old_level: int | None = None
    new_level: int | None = None
    reference: str = ""
    """Clause and legal references of the newer side."""
    cause: str | None = None
    """For added / removed: ``catalog``, ``level`` or ``profile``."""
    severity: str = "medium"
    waived: bool = False


@dataclass
class SystemDiff:
    system: str
    name: str
    old_level: int | None
    new_level: int | None
    old_percent: float | None
    new_percent: float | None
    counts: dict[str, int]
    catalog_changes: dict[str, list[str | None]] = field(default_factory=dict)
    """Framework id → [old version, new version] where they differ."""

    @property
    def delta(self) -> float | None:
        if self.old_percent is None or self.new_percent is None:
            return None
        return round(self.new_percent - self.old_percent, 1)


@dataclass
class DiffSummary:
    """A diff without its change list: what a streamed diff keeps (one small entry per system).

    ``counts`` and ``worse`` are summed from the systems' own counts."""

    old: str
    new: str
    old_date: str
    new_date: str
    systems: list[SystemDiff]
    systems_added: list[str] = field(default_factory=list)
    systems_removed: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {cat: sum(s.counts.get(cat, 0) for s in self.systems) for cat in CATEGORIES}

    def for_system(self, system: str) -> SystemDiff | None:
        return next((s for s in self.systems if s.system == system), None)

    @property
    def worse(self) -> bool:
        """True when anything newly fails or regressed."""
        counts = self.counts()
        return counts["newly_failing"] + counts["regressed"] > 0

    def _head(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "old_date": self.old_date,
            "new_date": self.new_date,
            "counts": self.counts(),
            "systems_added": self.systems_added,
            "systems_removed": self.systems_removed,
            "systems": [{**asdict(s), "delta": s.delta} for s in self.systems],
        }


@dataclass
class RunDiff(DiffSummary):
    """A whole diff in memory, with every change (for callers and tests; the CLI streams)."""

    changes: list[RequirementChange] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counter = Counter(c.category for c in self.changes)
        return {cat: counter.get(cat, 0) for cat in CATEGORIES}

    def by_category(self, category: str) -> list[RequirementChange]:
        return [c for c in self.changes if c.category == category]

    @property
    def worse(self) -> bool:
        """True when anything newly fails or regressed."""
        return any(c.category in ("newly_failing", "regressed") for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {**self._head(), "changes": [asdict(c) for c in self.changes]}


def overall_percent(result: AssessmentResult | ResultView) -> float | None:
    score = next((s for s in result.scores if s.scope == "overall"), None)
    return None if score is None else score.percent


def _reference(req: Any) -> str:
    parts = [req.clause] if req.clause else []
    parts.extend(req.refs)
    return "; ".join(p for p in parts if p)


class _Shared:
    """One copy of each title and reference across systems (the same control repeats per system)."""

    def __init__(self) -> None:
        self.titles: dict[tuple[str, str], dict[str, str]] = {}
        self.strings: dict[str, str] = {}

    def title(self, req: Any) -> dict[str, str]:
        key = (req.title.vi, req.title.en)
        found = self.titles.get(key)
        if found is None:
            found = self.titles[key] = {"vi": key[0], "en": key[1]}
        return found

    def text(self, value: str) -> str:
        return self.strings.setdefault(value, value)


def diff_results(
    old: AssessmentResult | ResultView,
    new: AssessmentResult | ResultView,
    system: str,
    shared: _Shared | None = None,
) -> tuple[SystemDiff, list[RequirementChange]]:
    """Compare one system's two results."""
    shared = shared or _Shared()
    text, title = shared.text, shared.title
    old_reqs = {r.control: r for r in old.results}
    new_reqs = {r.control: r for r in new.results}
    catalog_changes: dict[str, list[str | None]] = {
        fw: [old.catalog.get(fw), new.catalog.get(fw)]
        for fw in sorted(set(old.catalog) | set(new.catalog))
        if old.catalog.get(fw) != new.catalog.get(fw)
    }

    def cause(req: Any) -> str:
        if req.framework in catalog_changes:
            return "catalog"
        if old.level != new.level:
            return "level"
        if old.profile != new.profile:
            return "profile"
        return "catalog"

    changes: list[RequirementChange] = []
    for cid, nreq in new_reqs.items():
        oreq = old_reqs.get(cid)
        cid = text(cid)
        if oreq is None:
            changes.append(
                RequirementChange(
                    system, cid, "added", title(nreq), None, nreq.status.value, None, nreq.level,
                    text(_reference(nreq)), cause(nreq), text(nreq.severity), nreq.waived,
                )
            )  # fmt: skip
            continue
        changes.append(
            RequirementChange(
                system, cid, categorise(oreq.status, nreq.status), title(nreq), oreq.status.value,
                nreq.status.value, oreq.level, nreq.level, text(_reference(nreq)), None, text(nreq.severity),
                nreq.waived,
            )
        )  # fmt: skip
    for cid, oreq in old_reqs.items():
        if cid not in new_reqs:
            changes.append(
                RequirementChange(
                    system, text(cid), "removed", title(oreq), oreq.status.value, None, oreq.level, None,
                    text(_reference(oreq)), cause(oreq), text(oreq.severity), oreq.waived,
                )
            )  # fmt: skip
    counter = Counter(c.category for c in changes)
    summary = SystemDiff(
        system=system,
        name=new.system.name if isinstance(new, AssessmentResult) else str(new.system.get("name", system)),
        old_level=old.level,
        new_level=new.level,
        old_percent=overall_percent(old),
        new_percent=overall_percent(new),
        counts={cat: counter.get(cat, 0) for cat in CATEGORIES},
        catalog_changes=catalog_changes,
    )
    return summary, changes


def iter_system_diffs(
    old: RunResults,
    new: RunResults,
    progress: Callable[[int, int, str], None] | None = None,
    *,
    by_id: bool = False,
) -> Iterator[tuple[SystemDiff, list[RequirementChange]]]:
    """Each system present in both runs, compared: ``(summary, changes)``, one system at a time.

    Only the system being compared is in memory (its two slim views are dropped before the
    next). Systems come in the newer run's order, or sorted by id with ``by_id``.
    ``progress(done, total, system_id)`` is called after the caller has taken a system."""
    shared = _Shared()
    both = [sid for sid in new.results if sid in old.results]
    if by_id:
        both.sort()
    for done, sid in enumerate(both, 1):
        yield diff_results(_view(old, sid), _view(new, sid), sid, shared)
        if progress is not None:
            progress(done, len(both), sid)


def _summary(old: RunResults, new: RunResults, systems: list[SystemDiff]) -> DiffSummary:
    return DiffSummary(
        old=str(old.source),
        new=str(new.source),
        old_date=old.assessed_on,
        new_date=new.assessed_on,
        systems=systems,
        systems_added=sorted(set(new.results) - set(old.results)),
        systems_removed=sorted(set(old.results) - set(new.results)),
    )


def diff_runs(
    old: RunResults, new: RunResults, progress: Callable[[int, int, str], None] | None = None
) -> RunDiff:
    """Compare two runs system by system and keep every change in memory.

    The results are read one system at a time, but the changes of all systems are kept: for a
    province-sized diff written to a file use :func:`write_diff`, which keeps none of them.
    ``progress(done, total, system_id)`` is called after each system compared."""
    systems: list[SystemDiff] = []
    changes: list[RequirementChange] = []
    for summary, sys_changes in iter_system_diffs(old, new, progress):
        systems.append(summary)
        changes.extend(sys_changes)
    head = _summary(old, new, systems)
    return RunDiff(**{f.name: getattr(head, f.name) for f in fields(DiffSummary)}, changes=changes)


# ------------------------------------------------------------------------------- output

_DEFAULT_SHOWN = ("newly_failing", "regressed", "fixed", "improved", "changed", "added", "removed")


def _pct(value: float | None, lang: str) -> str:
    return format_percent(value, lang)


def _status_label(value: str | None, lang: str) -> str:
    if value is None:
        return "—"
    return Status(value).label("vi" if lang == "vi" else "en")


def summary_rows(diff: DiffSummary, lang: str) -> tuple[list[str], list[list[str]]]:
    """Per-system counts, for the table and Markdown outputs."""
    vi = lang == "vi"
    head = [
        "Hệ thống" if vi else "System",
        "Cấp độ" if vi else "Level",
        "Điểm cũ" if vi else "Old score",
        "Điểm mới" if vi else "New score",
        "±",
    ] + [CATEGORY_LABELS[c][lang] for c in CATEGORIES]
    rows = []
    for s in diff.systems:
        level = f"{s.old_level}" if s.old_level == s.new_level else f"{s.old_level}→{s.new_level}"
        rows.append(
            [
                s.system,
                level,
                _pct(s.old_percent, lang),
                _pct(s.new_percent, lang),
                format_delta(s.delta, lang),
            ]
            + [str(s.counts[c]) for c in CATEGORIES]
        )
    return head, rows


def change_head(lang: str) -> list[str]:
    """The columns of the change table (terminal and Markdown)."""
    vi = lang == "vi"
    return [
        "Hệ thống" if vi else "System",
        "Thay đổi" if vi else "Change",
        "Mã" if vi else "Control",
        "Yêu cầu" if vi else "Requirement",
        "Trước" if vi else "Before",
        "Sau" if vi else "After",
        "Căn cứ" if vi else "Reference",
    ]


def _change_row(c: RequirementChange, lang: str) -> list[str]:
    label = CATEGORY_LABELS[c.category][lang]
    if c.cause:
        label += f" ({CAUSE_LABELS[c.cause][lang]})"
    return [
        c.system,
        label,
        c.control,
        c.title.get(lang, c.title.get("vi", "")),
        _status_label(c.old_status, lang),
        _status_label(c.new_status, lang),
        c.reference,
    ]


_ORDER = {c: i for i, c in enumerate(CATEGORIES)}


def change_rows(
    diff: RunDiff, lang: str, categories: tuple[str, ...] = _DEFAULT_SHOWN
) -> tuple[list[str], list[list[str]]]:
    """The changes shown, by category, system and control, for the table and Markdown outputs."""
    shown = sorted(
        (c for c in diff.changes if c.category in categories),
        key=lambda c: (_ORDER[c.category], c.system, c.control),
    )
    return change_head(lang), [_change_row(c, lang) for c in shown]


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_line(cells: list[str]) -> str:
    return "| " + " | ".join(_md_cell(v) for v in cells) + " |"


def _md_table(head: list[str], rows: list[list[str]]) -> str:
    lines = [_md_line(head), "|" + "---|" * len(head)]
    lines += [_md_line(row) for row in rows]
    return "\n".join(lines)


def _md_prefix(diff: DiffSummary, lang: str) -> str:
    """The Markdown before the change table: runs, totals, the table by system, the heading."""
    vi = lang == "vi"
    out = [
        ("# So sánh kết quả đánh giá" if vi else "# Assessment comparison"),
        "",
        f"- {'Lần trước' if vi else 'Before'}: `{diff.old}` ({diff.old_date})",
        f"- {'Lần này' if vi else 'After'}: `{diff.new}` ({diff.new_date})",
    ]
    if diff.systems_added:
        out.append(f"- {'Hệ thống mới' if vi else 'Systems added'}: {', '.join(diff.systems_added)}")
    if diff.systems_removed:
        out.append(
            f"- {'Hệ thống không còn' if vi else 'Systems removed'}: {', '.join(diff.systems_removed)}"
        )
    counts = diff.counts()
    out += ["", "; ".join(f"{CATEGORY_LABELS[c][lang]}: {counts[c]}" for c in CATEGORIES), ""]
    out += ["## " + ("Theo hệ thống" if vi else "By system"), "", _md_table(*summary_rows(diff, lang)), ""]
    out += ["## " + ("Các thay đổi" if vi else "Changes"), "", ""]
    return "\n".join(out)


def _no_changes(lang: str) -> str:
    return ("Không có thay đổi." if lang == "vi" else "No changes.") + "\n"


def _md_table_head(lang: str) -> str:
    head = change_head(lang)
    return _md_line(head) + "\n|" + "---|" * len(head)


def to_markdown(diff: RunDiff, lang: str = "vi", include_unchanged: bool = False) -> str:
    cats = CATEGORIES if include_unchanged else _DEFAULT_SHOWN
    _, rows = change_rows(diff, lang, cats)
    if not rows:
        return _md_prefix(diff, lang) + _no_changes(lang)
    table = "".join("\n" + _md_line(row) for row in rows)
    return _md_prefix(diff, lang) + _md_table_head(lang) + table + "\n"


# JSON of one change, as ``json.dumps(asdict(change), ensure_ascii=False, indent=2)`` writes it
# inside the "changes" list (6 spaces before each key), without the pure-Python indenting
# encoder: strings go through the C ``encode_basestring``, other types fall back to json.dumps.

_CHANGE_FIELDS = tuple(f.name for f in fields(RequirementChange))
_CHANGE_KEYS = tuple(encode_basestring(name) for name in _CHANGE_FIELDS)


def _json_value(value: Any, pad: str) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if kind is dict and all(type(k) is str for k in value):
        if not value:
            return "{}"
        inner = pad + "  "
        items = [f"{inner}{encode_basestring(k)}: {_json_value(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)


def _change_json(change: RequirementChange) -> str:
    """One change as it appears in the "changes" list (starting with its 4-space indent)."""
    items = [
        f"      {key}: {_json_value(getattr(change, name), '      ')}"
        for key, name in zip(_CHANGE_KEYS, _CHANGE_FIELDS, strict=True)
    ]
    return "    {\n" + ",\n".join(items) + "\n    }"


def _json_head(diff: DiffSummary, has_changes: bool) -> str:
    head = json.dumps(diff._head(), ensure_ascii=False, indent=2)
    return head[:-2] + (',\n  "changes": [' if has_changes else ',\n  "changes": []\n}\n')


_JSON_END = "\n  ]\n}\n"


def iter_json(diff: RunDiff) -> Iterator[str]:
    """The JSON of :meth:`RunDiff.to_dict` (indent 2) in pieces, one change at a time.

    The text is the same as ``json.dumps(diff.to_dict(), ensure_ascii=False, indent=2)`` plus a
    newline."""
    yield _json_head(diff, bool(diff.changes))
    if not diff.changes:
        return
    sep = "\n"
    for change in diff.changes:
        yield sep + _change_json(change)
        sep = ",\n"
    yield _JSON_END


def to_json(diff: RunDiff) -> str:
    return "".join(iter_json(diff))


# ------------------------------------------------------------------ streamed output
#
# A province-sized diff (1,000 systems, ~10^5 changes) must not hold its changes until written.
# The JSON and Markdown both put totals and the table by system *before* the changes, so the
# changes are spooled: each system's text goes to an anonymous temporary file as soon as the
# system is compared, and the output is the head followed by a copy of the spool. Only one
# small SystemDiff per system stays in memory. Markdown sorts its changes by category, system
# and control: systems are compared in id order, each system's changes sorted by control, and
# written to one spool per category, so the concatenation is already in order.

Piece = str | IO[bytes]
"""Text (normalised to NFC and encoded on writing) or a spool of UTF-8 NFC bytes, copied whole."""


def _nfc_bytes(text: str) -> bytes:
    return unicodedata.normalize("NFC", text).encode("utf-8")


def _write_pieces(pieces: Iterable[Piece], out: Path | None) -> None:
    """Write the pieces to ``out`` atomically (temp file + rename), or to stdout."""
    if out is None:
        for piece in pieces:
            if isinstance(piece, str):
                sys.stdout.write(unicodedata.normalize("NFC", piece))
                continue
            piece.seek(0)
            reader = io.TextIOWrapper(piece, encoding="utf-8", newline="")
            try:
                while chunk := reader.read(1 << 18):
                    sys.stdout.write(chunk)
            finally:
                reader.detach()
        sys.stdout.flush()
        return
    out = check_output(out)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise _write_error(exc, out) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                if isinstance(piece, str):
                    handle.write(_nfc_bytes(piece))
                else:
                    piece.seek(0)
                    shutil.copyfileobj(piece, handle, 1 << 18)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _write_error(exc, out) from None
        raise


def _write_error(exc: OSError, out: Path) -> InputError:
    """An OSError while writing ``out`` as one InputError naming ``out`` (not the temp file)."""
    from attt_audit.yamlio import os_problem

    message, expected = os_problem(exc, writing=True)
    return InputError(message, location=str(out), expected=expected)


def check_output(out: Path) -> Path:
    """Make ``out``'s folder and check ``out`` can be a file, before any work is done: a folder
    in the way, a file where a folder should be or no permission is one InputError."""
    from attt_audit.yamlio import ensure_folder

    out = Path(out)
    if out.is_dir():
        raise InputError(
            "is a folder, not a file", location=str(out), expected="a file name (not a folder) here"
        )
    ensure_folder(out.parent)
    return out


def write_text_chunks(chunks: Iterator[str], out: Path | None) -> None:
    """Write text pieces as UTF-8 NFC to ``out`` atomically (temp file + rename), or to stdout."""
    _write_pieces(chunks, out)


def write_json(diff: RunDiff, out: Path | None = None) -> None:
    """Write the diff's JSON to ``out`` (atomically) or to stdout, without holding it whole."""
    write_text_chunks(iter_json(diff), out)


class PreparedDiff:
    """A compared pair of runs, ready to write: the summary in memory, the changes spooled.

    Made by :func:`prepare_diff`; :meth:`write` writes it (atomically to a file, or to stdout)
    and may be called more than once; :meth:`close` (or leaving a ``with`` block) drops the
    spools."""

    def __init__(
        self,
        summary: DiffSummary,
        pieces: list[Piece],
        *,
        row_files: list[IO[bytes]] | None = None,
        row_count: int = 0,
    ) -> None:
        self.summary = summary
        self._pieces = pieces
        self._row_files = row_files or []
        self.row_count = row_count
        """How many change rows were spooled (the rows :meth:`rows` gives, or the Markdown table's)."""

    def write(self, out: Path | None = None) -> None:
        if self._row_files:
            raise ValueError("a diff prepared as rows has no text to write: use rows()")
        _write_pieces(self._pieces, out)

    def rows(self) -> Iterator[list[str]]:
        """The change rows of a diff prepared with ``fmt="rows"``: :func:`change_rows`' rows, in
        its order, read back from the spools one at a time."""
        for handle in self._row_files:
            handle.seek(0)
            for line in handle:
                yield json.loads(line)

    def close(self) -> None:
        for piece in [*self._pieces, *self._row_files]:
            if not isinstance(piece, str):
                piece.close()

    def __enter__(self) -> PreparedDiff:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def prepare_diff(
    old: RunResults,
    new: RunResults,
    fmt: str,
    lang: str = "vi",
    *,
    include_unchanged: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    spool_dir: Path | None = None,
) -> PreparedDiff:
    """Compare two runs for the ``json`` or ``md`` output without keeping their changes.

    The text is the same as :func:`to_json` / :func:`to_markdown` of :func:`diff_runs`. With
    ``fmt="rows"`` nothing is written: :meth:`PreparedDiff.rows` gives the terminal table's
    change rows (:func:`change_rows`) one at a time. Spools
    are anonymous temporary files in ``spool_dir`` (the output's folder is a good choice: same
    disk); a failure part-way (a broken result) leaves nothing behind."""
    spools: list[IO[bytes]] = []
    if spool_dir is not None:
        from attt_audit.yamlio import ensure_folder

        ensure_folder(spool_dir)

    def spool() -> IO[bytes]:
        handle = tempfile.TemporaryFile(dir=spool_dir)  # noqa: SIM115 (closed by PreparedDiff)
        spools.append(handle)
        return handle

    try:
        if fmt == "json":
            return _prepare_json(old, new, progress, spool)
        cats = CATEGORIES if include_unchanged else _DEFAULT_SHOWN
        if fmt == "rows":
            return _prepare_rows(old, new, lang, cats, progress, spool)
        return _prepare_markdown(old, new, lang, cats, progress, spool)
    except BaseException as exc:
        for handle in spools:
            handle.close()
        if isinstance(exc, OSError):  # the spool's folder: no permission, disk full
            raise _write_error(exc, Path(spool_dir or tempfile.gettempdir())) from None
        raise


def _prepare_json(
    old: RunResults,
    new: RunResults,
    progress: Callable[[int, int, str], None] | None,
    spool: Callable[[], IO[bytes]],
) -> PreparedDiff:
    changes_file = spool()
    systems: list[SystemDiff] = []
    sep = "\n"
    for summary, changes in iter_system_diffs(old, new, progress):
        systems.append(summary)
        if changes:
            changes_file.write(_nfc_bytes(sep + ",\n".join(_change_json(c) for c in changes)))
            sep = ",\n"
    diff = _summary(old, new, systems)
    if sep == "\n":  # no change at all
        changes_file.close()
        return PreparedDiff(diff, [_json_head(diff, False)])
    return PreparedDiff(diff, [_json_head(diff, True), changes_file, _JSON_END])


def _spool_rows(
    old: RunResults,
    new: RunResults,
    lang: str,
    categories: tuple[str, ...],
    progress: Callable[[int, int, str], None] | None,
    spool: Callable[[], IO[bytes]],
    encode: Callable[[list[str]], str],
) -> tuple[DiffSummary, list[IO[bytes]], int]:
    """Compare system by system, spooling each shown change's row (``encode(row)``) in the order
    of :func:`change_rows`: one spool per category, filled in system id then control order."""
    files = {c: spool() for c in CATEGORIES if c in categories}
    systems: list[SystemDiff] = []
    count = 0
    for summary, changes in iter_system_diffs(old, new, progress, by_id=True):
        systems.append(summary)
        rows: dict[str, list[str]] = {}
        for c in sorted(changes, key=lambda c: c.control):
            if c.category in files:
                rows.setdefault(c.category, []).append(encode(_change_row(c, lang)))
        for category, lines in rows.items():
            files[category].write(_nfc_bytes("".join(lines)))
            count += len(lines)
    position = {sid: i for i, sid in enumerate(new.results)}
    systems.sort(key=lambda s: position[s.system])  # the table by system keeps the run's order
    return _summary(old, new, systems), list(files.values()), count


def _prepare_markdown(
    old: RunResults,
    new: RunResults,
    lang: str,
    categories: tuple[str, ...],
    progress: Callable[[int, int, str], None] | None,
    spool: Callable[[], IO[bytes]],
) -> PreparedDiff:
    diff, files, count = _spool_rows(
        old, new, lang, categories, progress, spool, lambda row: "\n" + _md_line(row)
    )
    if not count:
        return PreparedDiff(diff, [_md_prefix(diff, lang) + _no_changes(lang), *files])
    return PreparedDiff(diff, [_md_prefix(diff, lang) + _md_table_head(lang), *files, "\n"], row_count=count)


def _prepare_rows(
    old: RunResults,
    new: RunResults,
    lang: str,
    categories: tuple[str, ...],
    progress: Callable[[int, int, str], None] | None,
    spool: Callable[[], IO[bytes]],
) -> PreparedDiff:
    def encode(row: list[str]) -> str:
        return json.dumps(row, ensure_ascii=False) + "\n"

    diff, files, count = _spool_rows(old, new, lang, categories, progress, spool, encode)
    return PreparedDiff(diff, [], row_files=files, row_count=count)


def write_diff(
    old: RunResults,
    new: RunResults,
    fmt: str,
    out: Path | None = None,
    lang: str = "vi",
    *,
    include_unchanged: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> DiffSummary:
    """Compare two runs and write the ``json`` or ``md`` diff to ``out`` (atomically) or stdout.

    Peak memory does not grow with the number of changes (see :func:`prepare_diff`)."""
    spool_dir = None if out is None else check_output(out).parent
    with prepare_diff(
        old, new, fmt, lang, include_unchanged=include_unchanged, progress=progress, spool_dir=spool_dir
    ) as prepared:
        prepared.write(out)
        return prepared.summary
