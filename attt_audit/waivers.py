"""Waivers: approved, time-bound acceptances of a gap (``<workspace>/waivers.yaml``).

A waiver holds from its approval date to its expiry date inclusive, both read as calendar
days in Asia/Ho_Chi_Minh. The engine keeps every waived requirement listed with its real
status; only the "with waivers" scores leave it out. An expired waiver no longer holds: the
gap counts again and the requirement is flagged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from enum import StrEnum
from pathlib import Path

from attt_audit.dates import today_vn
from attt_audit.errors import InputError
from attt_audit.models import Waiver, WaiverFile
from attt_audit.yamlio import read_yaml, validate_located


class WaiverState(StrEnum):
    ACTIVE = "active"
    """Approved and not expired on the assessment date."""
    EXPIRED = "expired"
    """The expiry date has passed: the gap counts again."""
    PENDING = "pending"
    """The approval date lies after the assessment date."""


today_in_vietnam = today_vn
"""The calendar date in Asia/Ho_Chi_Minh (:func:`attt_audit.dates.today_vn`; old name kept)."""


def waiver_state(waiver: Waiver, on: dt.date) -> WaiverState:
    """State of ``waiver`` on the Vietnamese calendar day ``on``."""
    if on < waiver.approved_on:
        return WaiverState.PENDING
    if on > waiver.expires_on:
        return WaiverState.EXPIRED
    return WaiverState.ACTIVE


def load_waivers(
    path: Path,
    system_ids: Collection[str] | None = None,
    control_ids: Collection[str] | None = None,
) -> list[Waiver]:
    """Read ``waivers.yaml``; a missing file means no waivers.

    Besides the schema, checks that ids are unique, the expiry is not before the approval,
    and (when given) that the system and control named exist.
    """
    if not path.exists():
        return []  # a folder named waivers.yaml is an error (read_yaml), not "no waivers"
    located = read_yaml(path)
    waivers = validate_located(WaiverFile, located).waivers
    seen: dict[str, int] = {}
    for index, waiver in enumerate(waivers):
        if waiver.id in seen:
            raise InputError(
                f"waiver id {waiver.id!r} is used twice (also waivers[{seen[waiver.id]}])",
                location=located.where(("waivers", index, "id")),
                expected="a unique id per waiver",
            )
        seen[waiver.id] = index
        if waiver.expires_on < waiver.approved_on:
            raise InputError(
                f"waiver {waiver.id!r} expires on {waiver.expires_on} before it was approved on {waiver.approved_on}",
                location=located.where(("waivers", index, "expires_on")),
                expected="an expiry date on or after the approval date",
            )
        if system_ids is not None and waiver.system not in system_ids:
            raise InputError(
                f"waiver {waiver.id!r} names system {waiver.system!r}, which is not in the inventory",
                location=located.where(("waivers", index, "system")),
                expected=f"one of {', '.join(sorted(system_ids)) or '(no systems)'}",
            )
        if control_ids is not None and waiver.control not in control_ids:
            raise InputError(
                f"waiver {waiver.id!r} names control {waiver.control!r}, which is not in the catalog",
                location=located.where(("waivers", index, "control")),
                expected="an id listed by 'attt-audit catalog list'",
            )
    return waivers


def waivers_for(waivers: Iterable[Waiver], system_id: str) -> dict[str, list[Waiver]]:
    """Control id → the system's waivers for it."""
    out: dict[str, list[Waiver]] = {}
    for waiver in waivers:
        if waiver.system == system_id:
            out.setdefault(waiver.control, []).append(waiver)
    return out


def pick_waiver(candidates: list[Waiver], on: dt.date) -> tuple[Waiver, WaiverState]:
    """The waiver that decides: an active one if any (latest expiry first), else the latest expired."""
    ranked = sorted(candidates, key=lambda w: (w.expires_on, w.id), reverse=True)
    states = [(w, waiver_state(w, on)) for w in ranked]
    for preferred in (WaiverState.ACTIVE, WaiverState.EXPIRED, WaiverState.PENDING):
        for waiver, state in states:
            if state is preferred:
                return waiver, state
    raise ValueError("no waivers to pick from")
