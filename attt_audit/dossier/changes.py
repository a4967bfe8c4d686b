"""A system changed since its level was approved must have its level re-determined.

The mechanism: the scope the approval covered is a :class:`~attt_audit.models.ScopeSnapshot`,
taken from (in order)

1. ``systems[].dossier.scope_snapshot`` in the inventory, written when the decision is signed
   (``attt-audit dossier status --format json`` prints the snapshot of the inventory as it is now,
   ready to paste); or
2. the ``scope`` facts recorded in ``dossiers/<system>/.dossier.json`` when the drafts were
   written, when the file has reached approval since (the drafts approved are the ones recorded).

Compared with the inventory now, any of these is a change: a host or endpoint not in the
snapshot, a new information type, more basic or sensitive data subjects than recorded, a new
function or service role, or the system starting to handle administrative procedures.

:func:`redetermination` puts the changes together with the article that requires the level to be
determined again and its sentence (``checklists/dossier/dossier.yaml``, ``redetermination``):
``classify`` and ``status`` both show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from attt_audit.models import LocalText, ScopeSnapshot, System


@dataclass(frozen=True)
class Change:
    text: LocalText


@dataclass(frozen=True)
class Redetermination:
    """The system changed since its level was approved: the level must be determined again."""

    changes: list[Change]
    text: LocalText
    """The data's sentence (re-determine the level)."""
    ref: str
    """The article of ``regime`` that requires it (``ND331 25``, ``ND85 18``); "" when the data names none."""
    source: str
    """Where the approved scope came from: ``inventory`` or the dossier's ``.dossier.json``."""

    def line(self, lang: str) -> str:
        """``<sentence> (<article>): <change>; <change>`` in ``lang``."""
        head = self.text.vi if lang == "vi" else self.text.en
        if self.ref:
            head += f" ({self.ref})"
        return head + ": " + "; ".join(c.text.vi if lang == "vi" else c.text.en for c in self.changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "text": {"vi": self.text.vi, "en": self.text.en},
            "changes": [{"vi": c.text.vi, "en": c.text.en} for c in self.changes],
            "snapshot_source": self.source,
        }


def scope_now(system: System) -> dict[str, Any]:
    """The scope facts of the inventory as they are now (the fields of a snapshot)."""
    hosts = sorted({h.address for h in system.hosts} | {e.host for e in system.endpoints})
    return {
        "hosts": hosts,
        "info_types": sorted(system.info_types or []),
        "subjects_basic": system.subjects_basic,
        "subjects_sensitive": system.subjects_sensitive,
        "users": system.users,
        "functions": list(system.dossier.functions) if system.dossier else [],
        "service_roles": sorted(system.service_roles or []),
        "handles_admin_procedures": system.handles_admin_procedures,
    }


def _more(now: int | None, then: int | None) -> bool:
    return now is not None and then is not None and now > then


def changes_since(system: System, snapshot: ScopeSnapshot) -> list[Change]:
    """What changed in the inventory since ``snapshot`` (empty: nothing that matters)."""
    now = scope_now(system)
    out: list[Change] = []
    new_hosts = [h for h in now["hosts"] if h not in snapshot.hosts]
    if new_hosts:
        listed = ", ".join(new_hosts)
        out.append(
            Change(LocalText(vi=f"máy chủ, dịch vụ mới: {listed}", en=f"new hosts or services: {listed}"))
        )
    new_types = [i for i in now["info_types"] if i not in snapshot.info_types]
    if new_types:
        listed = ", ".join(new_types)
        out.append(
            Change(LocalText(vi=f"loại thông tin mới: {listed}", en=f"new information types: {listed}"))
        )
    for attr, vi, en in (
        ("subjects_basic", "chủ thể dữ liệu cá nhân cơ bản", "basic data subjects"),
        ("subjects_sensitive", "chủ thể dữ liệu cá nhân nhạy cảm", "sensitive data subjects"),
    ):
        if _more(now[attr], getattr(snapshot, attr)):
            then = getattr(snapshot, attr)
            out.append(
                Change(
                    LocalText(
                        vi=f"số {vi} tăng từ {then} lên {now[attr]}",
                        en=f"{en} grew from {then} to {now[attr]}",
                    )
                )
            )
    new_functions = [f for f in now["functions"] if f not in snapshot.functions]
    new_roles = [r for r in now["service_roles"] if r not in snapshot.service_roles]
    if new_functions or new_roles:
        listed = ", ".join(new_functions + new_roles)
        out.append(Change(LocalText(vi=f"chức năng mới: {listed}", en=f"new functions: {listed}")))
    if now["handles_admin_procedures"] and snapshot.handles_admin_procedures is False:
        out.append(
            Change(
                LocalText(
                    vi="hệ thống bắt đầu giải quyết thủ tục hành chính",
                    en="the system now handles administrative procedures",
                )
            )
        )
    return out


def approved_snapshot(system: System, dossier_folder: Path | None) -> tuple[ScopeSnapshot | None, str]:
    """The snapshot the approval covered and where it came from (``inventory`` or the manifest)."""
    from attt_audit.dossier.writer import manifest

    d = system.dossier
    if d is not None and d.scope_snapshot is not None:
        return d.scope_snapshot, "inventory"
    approved = (d is not None and any(s.kind == "approval" for s in d.steps)) or system.approval is not None
    if dossier_folder is None or not approved:
        return None, ""
    data = manifest(dossier_folder)
    if data is None or not isinstance(data.get("scope"), dict):
        return None, ""
    recorded = dict(data["scope"])
    recorded.setdefault("recorded_on", str(data.get("written_at", ""))[:10])
    try:
        return ScopeSnapshot.model_validate(recorded), str(dossier_folder / ".dossier.json")
    except ValueError:
        return None, ""


def redetermination_for(changes: list[Change], regime: str, source: str = "") -> Redetermination | None:
    """``changes`` with the article of ``regime`` requiring a re-determination (None: no change)."""
    if not changes:
        return None
    from attt_audit.dossier.rules import load_rules

    rule = load_rules().redetermination
    return Redetermination(list(changes), rule.text, rule.ref.get(regime, ""), source)  # type: ignore[call-overload]


def redetermination(system: System, regime: str, dossier_folder: Path | None) -> Redetermination | None:
    """Whether ``system`` changed since the scope its approval covered (None: no snapshot, or no change).

    ``regime`` picks the article (``nd331``: ND331 25); ``dossier_folder`` is where the system's
    dossier was written (its ``.dossier.json`` records the scope when the inventory has no snapshot).
    """
    snapshot, source = approved_snapshot(system, dossier_folder)
    if snapshot is None:
        return None
    return redetermination_for(changes_since(system, snapshot), regime, source)
