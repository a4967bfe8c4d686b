"""The one answer to "at which level is this system assessed?", and the profile for a level.

Every part that needs a system's level (the questionnaire, the engine, reports, ``status``)
calls :func:`assessed_level`, so a system approved at level 2 but declared at level 3 is asked
and assessed at level 2 everywhere. The profile of a level is picked from the profiles' own
``level`` and ``regime`` fields (:func:`profile_for_level`), never from their file names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from attt_audit.models import Profile, System

LevelBasis = Literal["approved", "proposed", "declared", "classified"]
"""Where a level comes from:

* ``approved``: the decision approving the system's level (``approval.level``);
* ``proposed``: the level the system's dossier proposes (``dossier.level``), not yet approved;
* ``declared``: the level the owner declares in the inventory (``declared_level``);
* ``classified``: none of those is recorded; the level the classification rules propose.
"""


class _Classified(Protocol):
    @property
    def proposed_level(self) -> int | None: ...


@dataclass(frozen=True)
class LevelChoice:
    """The level a system is assessed at and what it rests on (both None when nothing says)."""

    level: int | None
    basis: LevelBasis | None


def assessed_level(
    system: System, classification: _Classified | None = None, *, on: dt.date | None = None
) -> LevelChoice:
    """The level ``system`` is assessed at: approved, else proposed, else declared.

    ``classification`` (a :class:`~attt_audit.models.Classification`) is the last resort when
    the inventory records no level. With ``on``, an approval dated after that day does not
    count yet (the annual report looks at the level as it stood at the period's end).
    ``--force-profile`` is applied on top by the engine, not here.
    """
    approval = system.approval
    if approval is not None and approval.level is not None and (on is None or approval.date <= on):
        return LevelChoice(approval.level, "approved")
    # The dossier is optional in the inventory model; read its proposed level when there is one.
    proposed = getattr(getattr(system, "dossier", None), "level", None)
    if isinstance(proposed, int):
        return LevelChoice(proposed, "proposed")
    if system.declared_level is not None:
        return LevelChoice(system.declared_level, "declared")
    if classification is not None and classification.proposed_level is not None:
        return LevelChoice(classification.proposed_level, "classified")
    return LevelChoice(None, None)


def profile_for_level(profiles: Mapping[str, Profile], level: int, regime: str) -> Profile | None:
    """The profile that states ``level`` and ``regime`` in its data, or None when none does.

    When several do, a base profile wins over one that extends another (a tailoring), and then
    the first loaded: the bundled profiles come before a workspace's own.
    """
    candidates = [p for p in profiles.values() if p.level == level and p.regime == regime]
    candidates.sort(key=lambda p: p.extends is not None)  # stable: load order within each group
    return candidates[0] if candidates else None
