"""Use case of ``classify``: the proposed level of each system of the inventory, and whether a
system changed since its level was approved (then the level must be re-determined)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from attt_audit.dossier.changes import Redetermination
    from attt_audit.models import Classification, Inventory, LocalText

FORMATS = ("table", "json", "md")


@dataclass(frozen=True)
class ClassifyResult:
    inventory: Inventory
    results: list[Classification]
    """One per system asked for, in inventory order."""
    names: dict[str, str]
    """System id → name."""
    regime: str
    today: dt.date
    regime_title: LocalText
    """The title of the classification rules applied."""
    redetermine: dict[str, Redetermination] = field(default_factory=dict)
    """System id → what changed since its approval and the article requiring a new level
    (only systems that changed; :func:`attt_audit.dossier.changes.redetermination`)."""

    @property
    def mismatched(self) -> list[Classification]:
        """Systems whose declared (or approved) level differs from the proposed one."""
        return [c for c in self.results if c.mismatch]


def check_format(fmt: str) -> None:
    from attt_audit.errors import InputError

    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r} is not a format", expected=", ".join(FORMATS))


def classify_systems(
    workspace: Path, *, system: str | None = None, regime: str | None = None, on: str | None = None
) -> ClassifyResult:
    """Classify every system of the workspace (or only ``system``) under ``regime`` on date ``on``."""
    from attt_audit.app.dossier import default_folder
    from attt_audit.classify import choose_regime, classify
    from attt_audit.dossier.changes import redetermination
    from attt_audit.options import parse_day
    from attt_audit.regime import regime as regime_rules
    from attt_audit.workspace import Workspace

    today = parse_day(on)
    chosen = choose_regime(regime, today)
    ws = Workspace(workspace)
    inventory = ws.inventory()
    systems = [ws.system(system)] if system is not None else inventory.systems
    results = [classify(s, chosen, today) for s in systems]
    names = {s.id: s.name for s in systems}
    changed = {}
    for s in systems:
        found = redetermination(s, chosen, default_folder(ws.root, s.id))
        if found is not None:
            changed[s.id] = found
    return ClassifyResult(inventory, results, names, chosen, today, regime_rules(chosen).title, changed)
