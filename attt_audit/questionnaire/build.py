"""Which questions an officer answers for one system: the profile's requirements that apply.

Requirements whose condition is false for the system are left out (the engine reports them
as Không áp dụng with the reason); those whose condition is unknown stay on the list with the
missing facts noted. Requirements without questions (decided by probes or inventory
evaluators) are not asked.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Mapping
from pathlib import Path

from attt_audit.applicability import applicability
from attt_audit.catalog import Catalog, load_catalog, load_profiles, resolve_profile
from attt_audit.dates import today_vn
from attt_audit.errors import InputError
from attt_audit.models import LocalText, Param, Profile, System, answer_key
from attt_audit.questionnaire.interface import QuestionItem, Questionnaire


def default_profile(
    system: System, profiles: Mapping[str, Profile] | None = None, *, regime: str = "nd85"
) -> str:
    """The id of the profile for the level ``system`` is assessed at (approved, else proposed,
    else declared: :func:`attt_audit.levels.assessed_level`, as the engine does) under ``regime``.

    ``profiles`` defaults to the bundled ones. The regime defaults to ND 85's profiles, as
    questionnaires always have; ``--profile`` names any other.
    """
    from attt_audit.levels import assessed_level, profile_for_level

    level = assessed_level(system).level
    if level is None:
        raise InputError(
            f"system {system.id!r} has no declared_level and no approved level",
            expected="declared_level in inventory.yaml, or --profile levelN",
        )
    found = profile_for_level(load_profiles() if profiles is None else profiles, level, regime)
    if found is None:
        raise InputError(
            f"no profile for level {level} under {regime}",
            location=f"system {system.id}",
            expected=f"a profile with 'level: {level}' and 'regime: {regime}', or --profile",
        )
    return found.id


def _threshold(param: Param | None, value: object) -> str | None:
    if param is None and value is None:
        return None
    unit = f" {param.unit}" if param is not None and param.unit else ""
    if param is not None and param.owner_defined:
        return f"do chủ quản quy định / owner-defined{unit}"
    if param is not None and param.max is not None and param.min is None:
        return f"≤ {_num(param.max)}{unit}"
    if value is None:
        return None
    return f"≥ {_num(value)}{unit}" if param is not None and param.min is not None else f"= {value}{unit}"


def _num(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _classification(
    system: System, regime: str, today: dt.date
) -> tuple[set[str], Mapping[str, frozenset[str]], list[LocalText]]:
    """Criteria the system matched, from ``attt_audit.classify`` when that module exists."""
    if importlib.util.find_spec("attt_audit.classify") is None:
        return (
            set(),
            {},
            [
                LocalText(
                    vi="Chưa có mô-đun phân loại: các yêu cầu phụ thuộc tiêu chí phân loại được coi là không khớp.",
                    en="No classification module: requirements that depend on classification criteria are treated as unmatched.",
                )
            ],
        )
    from attt_audit import classify as classify_mod

    result = classify_mod.classify(system, regime, today)
    criteria = set(getattr(result, "criteria", set()) or set())
    unknown = dict(getattr(result, "unknown_criteria", {}) or {})
    return criteria, unknown, []


def build_questionnaire(
    system: System,
    *,
    profile: str | None = None,
    catalog: Catalog | None = None,
    workspace: Path | None = None,
    today: dt.date | None = None,
    profiles: dict[str, Profile] | None = None,
) -> Questionnaire:
    """The questionnaire of ``system`` under ``profile`` (default: its level's profile).

    ``profiles`` (default: loaded from ``workspace``) saves reloading them for many systems."""
    if catalog is None:
        catalog = load_catalog(overlay=workspace / "overlay" if workspace is not None else None)
    if profiles is None:
        profiles = load_profiles(workspace)
    profile_id = profile or default_profile(system, profiles)
    resolved = resolve_profile(profile_id, catalog, profiles)
    criteria, unknown, notes = _classification(system, resolved.regime, today or today_vn())
    group_titles: dict[str, LocalText] = {}
    for fw in catalog.frameworks.values():
        for group in fw.groups:
            group_titles.setdefault(group.id, group.title)
    items: list[QuestionItem] = []
    for app in applicability(resolved.requirements, system, criteria, unknown):
        if not app.applies:
            continue
        req = app.requirement
        control = req.control
        variant = req.variant
        title = variant.title or control.title
        for q in variant.questions:
            param = variant.params.get(q.param) if q.param else None
            items.append(
                QuestionItem(
                    key=answer_key(control.id, req.level, q.id),
                    control=control.id,
                    level=req.level,
                    question_id=q.id,
                    framework=req.framework,
                    group=control.group,
                    group_title=group_titles.get(
                        control.group, LocalText(vi=control.group, en=control.group)
                    ),
                    reference=req.reference(),
                    title=title,
                    question=LocalText(vi=q.vi, en=q.en),
                    answer_type=q.answer_type,
                    param=q.param,
                    threshold=_threshold(param, req.params.get(q.param)) if q.param else None,
                    evidence_hints=tuple(variant.evidence),
                    confidence=variant.confidence.value,
                    advisory=variant.confidence.advisory or bool(param is not None and param.advisory),
                    text_verified=variant.text_verified,
                    missing_facts=tuple(app.missing),
                )
            )
    catalog_keys = frozenset(
        answer_key(cid, level, q.id)
        for cid, control in catalog.controls.items()
        for level, variant in control.levels.items()
        for q in variant.questions
    )
    return Questionnaire(
        system=system.id,
        system_name=system.name,
        profile=resolved.profile.id,
        profile_title=resolved.profile.title,
        level=resolved.level,
        regime=resolved.regime,
        items=tuple(items),
        notes=tuple(notes),
        catalog_keys=catalog_keys,
    )
