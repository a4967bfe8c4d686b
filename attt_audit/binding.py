"""Which requirements bind a system on an assessment date (issue 12 §1).

Every requirement has an *effective binding*: its level variant's ``binds``, else its control's,
else its framework's (:class:`~attt_audit.models.catalog.Binding`); the ``role`` always comes from
the framework header.

* ``role: baseline`` (TCVN 11930 + TT 12 design, TCVN 14423): the technical baseline follows the
  regime the system's level was approved under — Law 116 Art 45 keeps an ND85 approval, and so its
  TCVN 11930 baseline, valid. It applies when that regime is one of the framework's ``regimes``
  and the binding's dates cover the assessment date.
* ``role: duty`` (ND85 / TT 12 / TT 31 duties, the 4-layer items, the ND331 duty set): a duty
  follows the law in force on the assessment date: it applies when ``binds_on(today)``.

A requirement that does not bind is not assessed and not counted; the engine lists it as a
:class:`~attt_audit.models.results.NotBindingItem` with the date it starts or ended and its article.
A requirement whose law ended before a profile's regime began (a TT 31 item in an ``nd331-*``
profile) is left out of that profile altogether (:func:`ended_before_regime`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from attt_audit.models.catalog import Binding, BindingRole, Control, Framework, LevelVariant
from attt_audit.models.common import LocalText
from attt_audit.regime import load_regimes, regime_for_date, successor

if TYPE_CHECKING:
    from attt_audit.models import System
    from attt_audit.models.regime import RegimeRules

TRANSITION_DATE = "in-build-approved-by"
"""Name of the date (``checklists/regimes/<regime>.yaml``) until which a system under investment or
construction before the new law may still be approved under the old regime (ND331 Art 39.1)."""
BASELINE_KEPT = "baseline-kept"
"""Duty (``checklists/regimes/<regime>.yaml``) whose text says why an approved level keeps its baseline."""

__all__ = [
    "Baseline",
    "EffectiveBinding",
    "baseline_regime",
    "effective_binding",
    "ended_before_regime",
    "why_not_binding",
]


@dataclass(frozen=True)
class EffectiveBinding:
    binding: Binding
    role: BindingRole
    regimes: tuple[str, ...]
    """The framework's regimes (the baseline test compares the system's approval regime with them)."""


def effective_binding(
    framework: Framework, control: Control, variant: LevelVariant
) -> EffectiveBinding | None:
    """The binding that decides when this requirement applies; None when the catalog states none
    (``catalog lint`` reports it; the engine then applies the requirement as before)."""
    chosen = variant.binds or control.binds or framework.binds
    if chosen is None or framework.binds is None or framework.binds.role is None:
        return None
    return EffectiveBinding(binding=chosen, role=framework.binds.role, regimes=tuple(framework.regimes))


def ended_before_regime(
    framework: Framework, control: Control, variant: LevelVariant, regime_id: str
) -> bool:
    """True when the requirement's law stopped binding before ``regime_id`` started: such an item
    (e.g. TT 31 monitoring in an ``nd331-*`` profile) has no place in that regime's profiles."""
    eff = effective_binding(framework, control, variant)
    rules = load_regimes().get(regime_id)
    if eff is None or rules is None or eff.binding.until is None:
        return False
    return eff.binding.until < rules.starts.date


def _title(regime_id: str) -> LocalText:
    rules = load_regimes().get(regime_id)
    if rules is None:
        return LocalText(vi=regime_id, en=regime_id)
    return LocalText(vi=rules.title.vi.split(" (")[0], en=rules.title.en.split(" (")[0])


def _baseline_kept(today: dt.date) -> LocalText:
    """Why an approved level keeps its regime's technical baseline: the sentence of the regime in
    force on ``today``, or of its successor (the law that keeps earlier approvals valid)."""
    rules: RegimeRules | None = regime_for_date(today)
    while rules is not None:
        if BASELINE_KEPT in rules.duties:
            return rules.duties[BASELINE_KEPT].text
        rules = successor(rules)
    raise KeyError(f"no regime under checklists/regimes/ has the duty {BASELINE_KEPT!r}")


def _vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Baseline:
    """The regime whose technical baseline applies to a system, and why (for the report)."""

    regime: str
    reason: LocalText


def baseline_regime(system: System, today: dt.date) -> Baseline:
    """The regime of the system's technical baseline on ``today``.

    * A level approved on or before ``today``: the regime it was approved under (``approval.regime``;
      if not recorded, the regime in force on the approval date). Law 116 Art 45 keeps it valid.
    * Not (yet) approved: the regime in force on ``today`` — except the ND331 Art 39.1 transition: a
      system whose level file is being made under ND85 (``dossier.regime: nd85``, i.e. under investment
      or construction before 01/07/2026) stays on ND85 until the transition's approval deadline.
    """
    approval = system.approval
    if approval is not None and approval.date <= today:
        rid = approval.regime or regime_for_date(approval.date).id
        name = _title(rid)
        kept = _baseline_kept(today)
        return Baseline(
            rid,
            LocalText(
                vi=f"Cấp độ được phê duyệt theo {name.vi} (quyết định {approval.decision} ngày {_vn(approval.date)}); "
                + kept.vi,
                en=f"The level was approved under {name.en} (decision {approval.decision} of {_vn(approval.date)}); "
                + kept.en,
            ),
        )
    in_force = regime_for_date(today)
    dossier = system.dossier
    if dossier is not None and dossier.regime is not None and dossier.regime != in_force.id:
        rules = load_regimes().get(dossier.regime)
        # ND331 Art 39.1: the in-force regime names the transition's approval deadline.
        transition = in_force.dates.get(TRANSITION_DATE)
        if transition is not None and transition.date < today:
            transition = None
        if rules is not None and transition is not None:
            name = _title(dossier.regime)
            return Baseline(
                dossier.regime,
                LocalText(
                    vi=f"Chưa phê duyệt cấp độ; hồ sơ được lập theo {name.vi} (trường hợp chuyển tiếp, "
                    f"{transition.ref}, hạn {_vn(transition.date)}): yêu cầu cơ bản theo chế độ đó",
                    en=f"No approved level yet; the level file is made under {name.en} (transition case, "
                    f"{transition.ref}, due {_vn(transition.date)}): the baseline follows that regime",
                ),
            )
    name = _title(in_force.id)
    return Baseline(
        in_force.id,
        LocalText(
            vi=f"Chưa có cấp độ được phê duyệt: yêu cầu cơ bản theo chế độ có hiệu lực vào ngày đánh giá ({name.vi})",
            en=f"No approved level: the baseline follows the regime in force on the assessment date ({name.en})",
        ),
    )


def why_not_binding(eff: EffectiveBinding, *, baseline: str, today: dt.date) -> LocalText | None:
    """None when the requirement binds; otherwise why not, in words, with its dates and article."""
    b = eff.binding
    if eff.role == "baseline" and baseline not in eff.regimes:
        own = _title(eff.regimes[0]) if eff.regimes else LocalText(vi="", en="")
        sys_regime = _title(baseline)
        return LocalText(
            vi=f"Thuộc yêu cầu cơ bản của chế độ {own.vi}; yêu cầu cơ bản của hệ thống theo {sys_regime.vi} ({b.ref})",
            en=f"Part of the {own.en} baseline; this system's baseline follows {sys_regime.en} ({b.ref})",
        )
    if b.from_ is not None and today < b.from_:
        return LocalText(
            vi=f"Chưa có hiệu lực vào ngày đánh giá: áp dụng từ ngày {_vn(b.from_)} ({b.ref})",
            en=f"Not yet binding on the assessment date: binds from {b.from_.isoformat()} ({b.ref})",
        )
    if b.until is not None and today > b.until:
        return LocalText(
            vi=f"Không còn áp dụng vào ngày đánh giá: áp dụng đến hết ngày {_vn(b.until)} ({b.ref})",
            en=f"No longer binding on the assessment date: bound until {b.until.isoformat()} ({b.ref})",
        )
    return None
