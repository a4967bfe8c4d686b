"""A workspace folder and the files in it.

<workspace>/
  inventory.yaml        organisation and systems (attt-audit init writes an annotated one)
  answers/<system>.yaml answers to questionnaires, one file per system
  evidence/             documents and screenshots the answers refer to
  evidence/probes/<system>/<run>.json   probe evidence (plus raw nmap XML)
  waivers.yaml          approved waivers (optional)
  overlay/*.yaml        the organisation's additions to controls (optional)
  profiles/*.yaml       tailored profiles (optional)
  runs/<run-id>/        results of 'attt-audit run' kept for diffs and the annual report
  incidents.yaml        incident log: detection, notice and report times (optional)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from attt_audit.errors import InputError, NotFoundError
from attt_audit.models import Inventory, System
from attt_audit.yamlio import read_yaml, validate_located

if TYPE_CHECKING:  # imported where read: a probe or status needs neither model's import
    from attt_audit.models import AnswerSet, IncidentsFile


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def inventory_path(self) -> Path:
        return self.root / "inventory.yaml"

    @property
    def answers_dir(self) -> Path:
        return self.root / "answers"

    @property
    def evidence_dir(self) -> Path:
        return self.root / "evidence"

    @property
    def probes_dir(self) -> Path:
        return self.root / "evidence" / "probes"

    @property
    def waivers_path(self) -> Path:
        return self.root / "waivers.yaml"

    @property
    def overlay_dir(self) -> Path:
        return self.root / "overlay"

    @property
    def runs_dir(self) -> Path:
        return self.root / "runs"

    @property
    def incidents_path(self) -> Path:
        return self.root / "incidents.yaml"

    def answers_path(self, system_id: str) -> Path:
        return self.answers_dir / f"{system_id}.yaml"

    def inventory(self) -> Inventory:
        if not self.inventory_path.is_file():
            raise InputError(
                f"no inventory.yaml in {self.root}",
                location=str(self.inventory_path),
                expected="a workspace folder (create one with 'attt-audit init DIR', or pass --workspace)",
            )
        located = read_yaml(self.inventory_path)
        inventory = validate_located(Inventory, located)
        seen: dict[str, int] = {}
        for index, system in enumerate(inventory.systems):
            if system.id in seen:
                first = located.where(("systems", seen[system.id], "id"))
                raise InputError(
                    f"system id {system.id!r} appears twice (first at {first})",
                    location=located.where(("systems", index, "id")),
                    expected="unique ids",
                )
            seen[system.id] = index
        return inventory

    def system(self, system_id: str) -> System:
        inventory = self.inventory()
        found = inventory.system(system_id)
        if found is None:
            raise NotFoundError(
                f"no system {system_id!r} in {self.inventory_path}",
                expected=f"one of {', '.join(s.id for s in inventory.systems) or '(no systems yet)'}",
            )
        return found

    def answers(self, system_id: str) -> AnswerSet | None:
        path = self.answers_path(system_id)
        if not path.exists():
            return None  # (a folder of that name is an error from read_yaml, never "no answers")
        located = read_yaml(path, shallow=False)  # positions only when something is wrong
        from attt_audit.models import AnswerSet

        answers = validate_located(AnswerSet, located)
        if answers.system != system_id:
            raise InputError(
                f"the answers file is for system {answers.system!r}",
                location=located.where(("system",)),
                expected=f"system: {system_id}",
            )
        return answers

    def incidents(self) -> IncidentsFile | None:
        """``incidents.yaml`` (optional); None when the workspace has none (not recorded, not "no incident").
        Every incident must name a system of the inventory."""
        if not self.incidents_path.is_file():
            return None
        located = read_yaml(self.incidents_path)
        from attt_audit.models import IncidentsFile

        log = validate_located(IncidentsFile, located)
        known = {s.id for s in self.inventory().systems}
        for index, incident in enumerate(log.incidents):
            if incident.system not in known:
                raise InputError(
                    f"incident names system {incident.system!r}, which is not in inventory.yaml",
                    location=located.where(("incidents", index, "system")),
                    expected=f"one of {', '.join(sorted(known)) or '(no systems yet)'}",
                )
        return log
