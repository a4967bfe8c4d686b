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

COLUMN_LABELS: dict[str, tuple[str, str]] = {
    TCVN: ("Điều khoản TCVN 11930", "TCVN 11930 clauses"),
    TCVN_UNCITED: ("+ x.2.1.1 (độ tin cậy thấp)", "+ x.2.1.1 (low confidence)"),
    "design": ("Yêu cầu thiết kế TT 12", "TT 12 design requirements"),
    "duty": ("Nghĩa vụ", "Duties"),
    "layer": ("Mô hình 4 lớp", "4-layer items"),
}
"""(vi, en) headings of the stats columns that are not a framework's own title."""

REGIMES_NOTE = (
    "Hai chế độ (nd85, nd331) không áp dụng đồng thời; dùng --regime để xem tổng số theo từng chế độ.",
    "The two regimes (nd85, nd331) never apply together; use --regime for per-regime totals.",
)
TCVN_NOTE = (
    "Điều khoản TCVN 11930 = các điều khoản TT 12/2022 Phụ lục I–V viện dẫn; x.2.1.1 không được "
    "viện dẫn, chỉ để tham khảo.",
    "TCVN 11930 clauses = those TT 12/2022 Annexes I–V cite; x.2.1.1 is not cited and is advisory only.",
)


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


def catalog_stats(workspace: Path, regime: str | None = None) -> CatalogStats:
    """Per level: TCVN 11930 clauses, TT 12 design requirements, duties and 4-layer items."""
    if regime is not None and regime not in REGIMES:
        from attt_audit.errors import InputError

        raise InputError(f"--regime {regime!r} is not a regime", expected="nd85 or nd331")
    catalog = workspace_catalog(workspace)
    titles = {fid: (fw.title.vi, fw.title.en) for fid, fw in catalog.frameworks.items()}
    return CatalogStats(catalog_counts(catalog, regime), titles, regime)


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
