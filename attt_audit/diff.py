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

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from attt_audit.errors import InputError, NotFoundError
from attt_audit.models import AssessmentResult, RunSummary, Status

CATEGORIES = ("newly_failing", "regressed", "fixed", "improved", "unchanged", "changed", "added", "removed")
CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "newly_failing": {"vi": "Mới không đạt", "en": "Newly failing"},
    "regressed": {"vi": "Giảm mức", "en": "Regressed"},
    "fixed": {"vi": "Đã khắc phục", "en": "Fixed"},
    "improved": {"vi": "Cải thiện", "en": "Improved"},
    "unchanged": {"vi": "Không đổi", "en": "Unchanged"},
    "changed": {"vi": "Thay đổi khác", "en": "Other change"},
    "added": {"vi": "Yêu cầu mới", "en": "Requirement added"},
    "removed": {"vi": "Yêu cầu bỏ", "en": "Requirement removed"},
}
CAUSE_LABELS: dict[str, dict[str, str]] = {
    "catalog": {"vi": "bộ yêu cầu thay đổi", "en": "catalog change"},
    "level": {"vi": "cấp độ thay đổi", "en": "level change"},
    "profile": {"vi": "hồ sơ yêu cầu (profile) thay đổi", "en": "profile change"},
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


@dataclass
class RunResults:
    """One side of a diff: the results of one run, by system id."""

    source: Path
    run_id: str
    assessed_on: str
    results: dict[str, AssessmentResult]
    summary: RunSummary | None = None


def _read_json_model(model: Any, path: Path) -> Any:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFoundError("file not found", location=str(path)) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(
            f"not readable JSON: {exc}", location=str(path), expected="a result written by 'attt-audit run'"
        ) from None
    try:
        return model.model_validate(data)
    except Exception as exc:  # pydantic.ValidationError: keep the first problem on one line
        first = str(exc).splitlines()
        detail = "; ".join(line.strip() for line in first[1:3]) if len(first) > 1 else str(exc)
        raise InputError(
            f"not a valid {model.__name__}: {detail}",
            location=str(path),
            expected=f"a {model.__name__} JSON written by 'attt-audit run'",
        ) from None


def load_run(path: Path, workspace: Path | None = None) -> RunResults:
    """Load a run folder, a system folder or a ``result.json``.

    A bare name that is not a path is looked up as ``<workspace>/runs/<name>``.
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
        result = _read_json_model(AssessmentResult, path)
        sid = str(result.system.get("id", path.parent.name))
        return RunResults(path, path.parent.name, result.assessed_on.isoformat(), {sid: result})
    run_json = path / "run.json"
    if run_json.is_file():
        summary: RunSummary = _read_json_model(RunSummary, run_json)
        results: dict[str, AssessmentResult] = {}
        for entry in summary.systems:
            result_path = path / entry.result
            if not result_path.is_file():
                raise NotFoundError(
                    f"run.json lists {entry.result} for system {entry.system!r} but the file is missing",
                    location=str(result_path),
                    expected="the run folder as 'attt-audit run' wrote it",
                )
            results[entry.system] = _read_json_model(AssessmentResult, result_path)
        return RunResults(path, summary.run_id, summary.assessed_on.isoformat(), results, summary)
    if (path / "result.json").is_file():
        return load_run(path / "result.json")
    found = sorted(path.glob("*/result.json"))
    if not found:
        raise NotFoundError(
            "no run.json or result.json in this folder",
            location=str(path),
            expected="a run folder written by 'attt-audit run'",
        )
    results = {}
    dates = []
    for result_path in found:
        result = _read_json_model(AssessmentResult, result_path)
        results[str(result.system.get("id", result_path.parent.name))] = result
        dates.append(result.assessed_on.isoformat())
    return RunResults(path, path.name, max(dates), results)


# ---------------------------------------------------------------------------------- diff


@dataclass
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
class RunDiff:
    old: str
    new: str
    old_date: str
    new_date: str
    systems: list[SystemDiff]
    changes: list[RequirementChange]
    systems_added: list[str] = field(default_factory=list)
    systems_removed: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counter = Counter(c.category for c in self.changes)
        return {cat: counter.get(cat, 0) for cat in CATEGORIES}

    def by_category(self, category: str) -> list[RequirementChange]:
        return [c for c in self.changes if c.category == category]

    def for_system(self, system: str) -> SystemDiff | None:
        return next((s for s in self.systems if s.system == system), None)

    @property
    def worse(self) -> bool:
        """True when anything newly fails or regressed."""
        return any(c.category in ("newly_failing", "regressed") for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "old_date": self.old_date,
            "new_date": self.new_date,
            "counts": self.counts(),
            "systems_added": self.systems_added,
            "systems_removed": self.systems_removed,
            "systems": [{**asdict(s), "delta": s.delta} for s in self.systems],
            "changes": [asdict(c) for c in self.changes],
        }


def overall_percent(result: AssessmentResult) -> float | None:
    score = next((s for s in result.scores if s.scope == "overall"), None)
    return None if score is None else score.percent


def _reference(req: Any) -> str:
    parts = [req.clause] if req.clause else []
    parts.extend(req.refs)
    return "; ".join(p for p in parts if p)


def diff_results(
    old: AssessmentResult, new: AssessmentResult, system: str
) -> tuple[SystemDiff, list[RequirementChange]]:
    """Compare one system's two results."""
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
        if oreq is None:
            changes.append(
                RequirementChange(
                    system, cid, "added", nreq.title.model_dump(), None, nreq.status.value, None, nreq.level,
                    _reference(nreq), cause(nreq), nreq.severity, nreq.waived,
                )
            )  # fmt: skip
            continue
        changes.append(
            RequirementChange(
                system, cid, categorise(oreq.status, nreq.status), nreq.title.model_dump(), oreq.status.value,
                nreq.status.value, oreq.level, nreq.level, _reference(nreq), None, nreq.severity, nreq.waived,
            )
        )  # fmt: skip
    for cid, oreq in old_reqs.items():
        if cid not in new_reqs:
            changes.append(
                RequirementChange(
                    system, cid, "removed", oreq.title.model_dump(), oreq.status.value, None, oreq.level, None,
                    _reference(oreq), cause(oreq), oreq.severity, oreq.waived,
                )
            )  # fmt: skip
    counter = Counter(c.category for c in changes)
    summary = SystemDiff(
        system=system,
        name=str(new.system.get("name", system)),
        old_level=old.level,
        new_level=new.level,
        old_percent=overall_percent(old),
        new_percent=overall_percent(new),
        counts={cat: counter.get(cat, 0) for cat in CATEGORIES},
        catalog_changes=catalog_changes,
    )
    return summary, changes


def diff_runs(old: RunResults, new: RunResults) -> RunDiff:
    systems: list[SystemDiff] = []
    changes: list[RequirementChange] = []
    for sid, new_result in new.results.items():
        old_result = old.results.get(sid)
        if old_result is None:
            continue
        summary, sys_changes = diff_results(old_result, new_result, sid)
        systems.append(summary)
        changes.extend(sys_changes)
    return RunDiff(
        old=str(old.source),
        new=str(new.source),
        old_date=old.assessed_on,
        new_date=new.assessed_on,
        systems=systems,
        changes=changes,
        systems_added=sorted(set(new.results) - set(old.results)),
        systems_removed=sorted(set(old.results) - set(new.results)),
    )


# ------------------------------------------------------------------------------- output

_DEFAULT_SHOWN = ("newly_failing", "regressed", "fixed", "improved", "changed", "added", "removed")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _status_label(value: str | None, lang: str) -> str:
    if value is None:
        return "—"
    return Status(value).label("vi" if lang == "vi" else "en")


def summary_rows(diff: RunDiff, lang: str) -> tuple[list[str], list[list[str]]]:
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
        delta = "—" if s.delta is None else f"{s.delta:+.1f}"
        rows.append(
            [s.system, level, _pct(s.old_percent), _pct(s.new_percent), delta]
            + [str(s.counts[c]) for c in CATEGORIES]
        )
    return head, rows


def change_rows(
    diff: RunDiff, lang: str, categories: tuple[str, ...] = _DEFAULT_SHOWN
) -> tuple[list[str], list[list[str]]]:
    vi = lang == "vi"
    head = [
        "Hệ thống" if vi else "System",
        "Thay đổi" if vi else "Change",
        "Mã" if vi else "Control",
        "Yêu cầu" if vi else "Requirement",
        "Trước" if vi else "Before",
        "Sau" if vi else "After",
        "Căn cứ" if vi else "Reference",
    ]
    order = {c: i for i, c in enumerate(CATEGORIES)}
    rows = []
    for c in sorted(diff.changes, key=lambda c: (order[c.category], c.system, c.control)):
        if c.category not in categories:
            continue
        label = CATEGORY_LABELS[c.category][lang]
        if c.cause:
            label += f" ({CAUSE_LABELS[c.cause][lang]})"
        rows.append(
            [
                c.system,
                label,
                c.control,
                c.title.get(lang, c.title.get("vi", "")),
                _status_label(c.old_status, lang),
                _status_label(c.new_status, lang),
                c.reference,
            ]
        )
    return head, rows


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(_md_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def to_markdown(diff: RunDiff, lang: str = "vi", include_unchanged: bool = False) -> str:
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
    cats = CATEGORIES if include_unchanged else _DEFAULT_SHOWN
    head, rows = change_rows(diff, lang, cats)
    out += ["## " + ("Các thay đổi" if vi else "Changes"), ""]
    out.append(_md_table(head, rows) if rows else ("Không có thay đổi." if vi else "No changes."))
    return "\n".join(out) + "\n"


def to_json(diff: RunDiff) -> str:
    return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"
