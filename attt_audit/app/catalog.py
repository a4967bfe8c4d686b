"""Use cases of ``catalog list|show|lint|stats`` and ``profile list|show``: the workspace's
catalog (bundled checklists plus its ``overlay/`` folder), its profiles, and their counts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from attt_audit.catalog import Catalog, ResolvedProfile
    from attt_audit.models import Control, Profile

TCVN = "tcvn11930-2017"
TCVN_UNCITED = "tcvn11930-2017/uncited"
KIND_COLUMNS = ("design", "duty", "layer")
REGIMES = ("nd85", "nd331")

STATS_WORDING = ("wording", "catalog-stats.yaml")
"""Under ``checklists/``: the stats table's column headings and notes (they name the standards and
acts, so they are data, not code)."""


@dataclass(frozen=True)
class StatsWording:
    columns: dict[str, tuple[str, str]]
    """(vi, en) headings of the columns that are not a framework's own title, by column."""
    regimes_note: tuple[str, str]
    """Printed under a table of both regimes."""
    column_notes: dict[str, tuple[str, str]]
    """Printed when the table has the column (by column id)."""


def stats_wording() -> StatsWording:
    """The stats table's headings and notes, from ``checklists/wording/catalog-stats.yaml``."""
    from attt_audit.resources import data_dir
    from attt_audit.yamlio import read_yaml

    path = data_dir("checklists").joinpath(*STATS_WORDING)
    data = read_yaml(path).data or {}

    def pair(value: dict[str, str]) -> tuple[str, str]:
        return (str(value["vi"]), str(value["en"]))

    notes = {str(k): pair(v) for k, v in (data.get("notes") or {}).items()}
    regimes = notes.pop("regimes")
    return StatsWording({str(k): pair(v) for k, v in (data.get("columns") or {}).items()}, regimes, notes)


def workspace_catalog(workspace: Path | None) -> Catalog:
    """The bundled catalog plus the workspace's ``overlay/`` folder, if any."""
    from attt_audit.catalog import load_catalog

    # Workspace(workspace).overlay_dir, without importing the workspace's models and YAML reader
    # (the catalog itself usually comes from the cache: see attt_audit.catalog_cache)
    overlay = workspace / "overlay" if workspace is not None else None
    return load_catalog(overlay=overlay)


def list_controls(workspace: Path, *, level: int | None = None, framework: str | None = None) -> ControlList:
    """The catalog's controls, optionally only those of one framework or with a variant at ``level``."""
    from attt_audit.errors import NotFoundError

    catalog = workspace_catalog(workspace)
    if framework is not None and framework not in catalog.frameworks:
        raise NotFoundError(
            f"no framework {framework!r}", expected=f"one of {', '.join(sorted(catalog.frameworks))}"
        )
    controls = [
        control
        for cid, control in catalog.controls.items()
        if (not framework or catalog.framework_of[cid] == framework)
        and (level is None or level in control.levels)
    ]
    return ControlList(catalog, controls)


@dataclass(frozen=True)
class ControlList:
    catalog: Catalog
    controls: list[Control]
    """In catalog order."""


def show_control(workspace: Path, control_id: str) -> tuple[Catalog, Control]:
    """One control and the catalog it is in; an unknown id is a :class:`NotFoundError`."""
    catalog = workspace_catalog(workspace)
    return catalog, catalog.get(control_id)


@dataclass(frozen=True)
class LintResult:
    problems: list[str]
    frameworks: int
    controls: int
    profiles: int

    @property
    def ok(self) -> bool:
        return not self.problems


def lint_catalog(workspace: Path) -> LintResult:
    """Check the catalog and profiles: ids, references, texts, clause numbers, profiles resolve."""
    from attt_audit.catalog import lint, load_profiles

    catalog = workspace_catalog(workspace)
    profiles = load_profiles(workspace)
    problems = lint(catalog, profiles, known_checks=known_checks())
    return LintResult(list(problems), len(catalog.frameworks), len(catalog.controls), len(profiles))


def known_checks() -> set[str] | None:
    """Check ids the probe plugins can emit, or None when no probe package is installed."""
    try:
        from attt_audit.probes import registry  # type: ignore[attr-defined]
    except ImportError:
        return None
    return set(registry.known_checks())


def list_profiles(workspace: Path) -> list[Profile]:
    """The bundled profiles and the workspace's own ``profiles/``."""
    from attt_audit.catalog import load_profiles

    return list(load_profiles(workspace).values())


def show_profile(workspace: Path, name: str) -> ResolvedProfile:
    """A profile resolved against the workspace's catalog: its requirement list."""
    from attt_audit.catalog import load_profiles, resolve_profile

    return resolve_profile(name, workspace_catalog(workspace), load_profiles(workspace))


@dataclass(frozen=True)
class CatalogStats:
    counts: dict[int, dict[str, int]]
    """Per level 1–5, ordered columns (see :func:`catalog_counts`)."""
    titles: dict[str, tuple[str, str]]
    """(vi, en) title of each framework, by framework id."""
    regime: str | None
    wording: StatsWording
    """Column headings and notes."""

    def heading(self, column: str) -> tuple[str, str] | None:
        """(vi, en) heading of ``column``: its wording, else its framework's title."""
        return self.wording.columns.get(column) or self.titles.get(column)

    def notes(self) -> list[tuple[str, str]]:
        """(vi, en) notes to print under the table."""
        columns = self.counts[1]
        found = [note for column, note in self.wording.column_notes.items() if column in columns]
        return ([self.wording.regimes_note] if self.regime is None else []) + found


def catalog_stats(workspace: Path, regime: str | None = None) -> CatalogStats:
    """Per level: clauses of the standards, design requirements, duties and 4-layer items."""
    if regime is not None and regime not in REGIMES:
        from attt_audit.errors import InputError

        raise InputError(f"--regime {regime!r} is not a regime", expected="nd85 or nd331")
    catalog = workspace_catalog(workspace)
    titles = {fid: (fw.title.vi, fw.title.en) for fid, fw in catalog.frameworks.items()}
    return CatalogStats(catalog_counts(catalog, regime), titles, regime, stats_wording())


def catalog_counts(catalog: Catalog, regime: str | None = None) -> dict[int, dict[str, int]]:
    """Per level, ordered columns: ``tcvn11930-2017`` (clauses TT 12 cites),
    ``tcvn11930-2017/uncited`` (the low-confidence x.2.1.1), one column per other framework of
    management/technical requirements (by framework id), then ``design``, ``duty``, ``layer``.
    ``regime`` keeps only frameworks that apply under it (``nd85`` or ``nd331``)."""
    from attt_audit.models import Confidence

    frameworks = [fid for fid, fw in catalog.frameworks.items() if regime is None or regime in fw.regimes]
    standard_columns: list[str] = []
    for cid, control in catalog.controls.items():
        fid = catalog.framework_of[cid]
        if fid in frameworks and control.kind not in KIND_COLUMNS and fid not in standard_columns:
            standard_columns.append(fid)
    if TCVN in standard_columns:
        standard_columns.insert(standard_columns.index(TCVN) + 1, TCVN_UNCITED)
    columns = standard_columns + list(KIND_COLUMNS)
    counts = {level: dict.fromkeys(columns, 0) for level in range(1, 6)}
    for cid, control in catalog.controls.items():
        fid = catalog.framework_of[cid]
        if fid not in frameworks:
            continue
        for level, variant in control.levels.items():
            column: str
            if control.kind in KIND_COLUMNS:
                column = str(control.kind)
            elif fid == TCVN and variant.confidence == Confidence.LOW:
                column = TCVN_UNCITED
            else:
                column = fid
            counts[level][column] += 1
    return counts
