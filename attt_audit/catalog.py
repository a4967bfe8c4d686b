"""Loading the catalog (checklists + overlay) and resolving profiles.

The catalog is data: every ``*.yaml`` directly in a checklists folder is one framework.
A workspace may add an ``overlay/`` folder (extra questions, evidence, notes merged by
control id) and a ``profiles/`` folder (tailored profiles that extend the bundled ones).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from attt_audit.errors import InputError, NotFoundError
from attt_audit.models import (
    ChecklistFile,
    Confidence,
    Control,
    Framework,
    LevelVariant,
    OverlayFile,
    Profile,
)
from attt_audit.resources import data_dir


@dataclass
class Catalog:
    frameworks: dict[str, Framework] = field(default_factory=dict)
    controls: dict[str, Control] = field(default_factory=dict)
    """In file order, frameworks in file-name order."""
    framework_of: dict[str, str] = field(default_factory=dict)
    """Control id → framework id."""
    where: dict[str, str] = field(default_factory=dict)
    """Control id → ``file:line:column`` where it is defined."""
    problems: list[str] = field(default_factory=list)
    """Duplicates and other issues found while loading; ``catalog lint`` reports them."""

    def get(self, control_id: str) -> Control:
        try:
            return self.controls[control_id]
        except KeyError:
            raise NotFoundError(
                f"no control {control_id!r} in the catalog",
                expected="an id listed by 'attt-audit catalog list'",
            ) from None


@dataclass
class Requirement:
    """A control at one level, as a profile selects it."""

    control: Control
    level: int
    variant: LevelVariant
    framework: str
    params: dict[str, object] = field(default_factory=dict)
    """Parameter values after the profile's overrides (``min`` or ``value`` of each param)."""

    @property
    def clause(self) -> str | None:
        return self.variant.clause

    def title(self, lang: str) -> str:
        text = self.variant.title or self.control.title
        return text.vi if lang == "vi" else text.en

    def reference(self) -> str:
        """Clause or legal reference, as shown beside the requirement in lists and reports."""
        parts = []
        if self.variant.clause:
            # A bare "5.6" is ambiguous once two standards coexist: name the standard.
            from attt_audit.regime import standard_label

            standard = standard_label(self.framework)
            parts.append(f"{standard} {self.variant.clause}" if standard else self.variant.clause)
        parts.extend(self.variant.refs)
        return "; ".join(parts) if parts else self.variant.source


@dataclass
class ResolvedProfile:
    profile: Profile
    chain: list[str]
    level: int
    regime: str
    requirements: list[Requirement]


def checklist_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def load_catalog(folders: list[Path] | None = None, overlay: Path | None = None) -> Catalog:
    """Load every checklist in ``folders`` (default: the bundled one) and merge an overlay folder."""
    if not folders:  # the bundled checklists: parsed once, then from the user's cache
        from attt_audit.catalog_cache import cached

        bundled = checklist_files(data_dir("checklists"))
        catalog = cached("catalog", bundled, lambda: _load_files(bundled))
    else:
        catalog = _load_files([path for folder in folders for path in checklist_files(folder)])
    if overlay is not None and overlay.is_dir():
        for path in checklist_files(overlay):
            _apply_overlay(catalog, path)
    return catalog


def _load_files(paths: list[Path]) -> Catalog:
    catalog = Catalog()
    for path in paths:
        _add_file(catalog, path)
    return catalog


def _add_file(catalog: Catalog, path: Path) -> None:
    from attt_audit.yamlio import read_yaml, validate_located

    located = read_yaml(path)
    checklist = validate_located(ChecklistFile, located)
    fw = checklist.framework
    if fw.id in catalog.frameworks:
        raise InputError(
            f"framework id {fw.id!r} is defined twice",
            location=located.where(("framework", "id")),
            expected="one checklist file per framework",
        )
    catalog.frameworks[fw.id] = fw
    for index, control in enumerate(checklist.controls):
        where = located.where(("controls", index, "id"))
        if control.id in catalog.controls:
            raise InputError(
                f"control id {control.id!r} is already defined at {catalog.where[control.id]}",
                location=where,
                expected="every control id once in the whole catalog",
            )
        catalog.controls[control.id] = control
        catalog.framework_of[control.id] = fw.id
        catalog.where[control.id] = where


def _apply_overlay(catalog: Catalog, path: Path) -> None:
    from attt_audit.yamlio import read_yaml, validate_located

    located = read_yaml(path)
    overlay = validate_located(OverlayFile, located)
    for index, extra in enumerate(overlay.controls):
        if extra.id not in catalog.controls:
            raise InputError(
                f"overlay names control {extra.id!r}, which is not in the catalog",
                location=located.where(("controls", index, "id")),
                expected="an id listed by 'attt-audit catalog list'",
            )
        control = catalog.controls[extra.id]
        levels = dict(control.levels)
        for level, add in extra.levels.items():
            base = levels.get(level)
            if base is None:
                raise InputError(
                    f"control {extra.id!r} has no level {level}",
                    location=located.where(("controls", index, "levels", level)),
                    expected=f"one of levels {sorted(levels)}",
                )
            known = {q.id for q in base.questions}
            for qi, q in enumerate(add.questions):
                if q.id in known:
                    raise InputError(
                        f"question id {q.id!r} already exists in {extra.id} level {level}",
                        location=located.where(("controls", index, "levels", level, "questions", qi, "id")),
                        expected="a new question id (for example org-q1)",
                    )
                known.add(q.id)  # also refuse the same new id twice in one overlay
            params = dict(base.params)
            for name, confirmed in add.verified_params.items():
                param = params.get(name)
                if param is None:
                    raise InputError(
                        f"control {extra.id!r} level {level} has no parameter {name!r}",
                        location=located.where(("controls", index, "levels", level, "verified_params", name)),
                        expected=f"one of {', '.join(sorted(params)) or '(no parameters)'}",
                    )
                given = {
                    k: getattr(confirmed, k)
                    for k in ("min", "max", "value")
                    if getattr(confirmed, k) is not None
                }
                params[name] = param.model_copy(
                    update={
                        **given,
                        "advisory": False,
                        "confidence": Confidence.A,
                        "source": f"{confirmed.reference}; {confirmed.verified_by}, {confirmed.verified_on:%d/%m/%Y}",
                    }
                )
            levels[level] = base.model_copy(
                update={
                    "questions": base.questions + add.questions,
                    "evidence": base.evidence + add.evidence,
                    "summary": add.summary or base.summary,
                    "params": params,
                }
            )
        update: dict[str, object] = {"levels": levels}
        if extra.note is not None:
            update["note"] = extra.note  # the organisation's own text; it was dropped before
        catalog.controls[extra.id] = control.model_copy(update=update)


# ------------------------------------------------------------------------------- profiles


def profile_folders(workspace: Path | None = None) -> list[Path]:
    """Bundled profiles first; a workspace's own ``profiles/`` may add or override by id."""
    folders = [data_dir("profiles")]
    if workspace is not None and (workspace / "profiles").is_dir():
        folders.append(workspace / "profiles")
    return folders


def load_profiles(workspace: Path | None = None) -> dict[str, Profile]:
    from attt_audit.yamlio import load_model

    profiles: dict[str, Profile] = {}
    for folder in profile_folders(workspace):
        for path in checklist_files(folder):
            profile = load_model(Profile, path)
            profiles[profile.id] = profile
    return profiles


def resolve_profile(name: str, catalog: Catalog, profiles: dict[str, Profile]) -> ResolvedProfile:
    """Follow ``extends`` and select the requirements the profile applies, in catalog order."""
    if name not in profiles:
        raise NotFoundError(
            f"no profile {name!r}", expected=f"one of {', '.join(sorted(profiles)) or '(none found)'}"
        )
    chain: list[Profile] = []
    current: Profile | None = profiles[name]
    while current is not None:
        if current.id in [p.id for p in chain]:
            raise InputError(
                f"profile {name!r} extends itself through {' → '.join(p.id for p in chain)}",
                expected="a chain of extends without a cycle",
            )
        chain.append(current)
        if current.extends is None:
            current = None
        elif current.extends not in profiles:
            raise NotFoundError(f"profile {current.id!r} extends {current.extends!r}, which does not exist")
        else:
            current = profiles[current.extends]
    base_first = list(reversed(chain))
    level = next((p.level for p in chain if p.level is not None), None)
    if level is None:
        raise InputError(
            f"profile {name!r} sets no level, nor does any profile it extends", expected="level: 1–5"
        )
    frameworks: list[str] = []
    include: list[str] = []
    exclude: list[str] = []
    overrides: dict[str, dict[str, object]] = {}
    for p in base_first:
        frameworks += [f for f in p.frameworks if f not in frameworks]
        include += p.include
        exclude += p.exclude
        for cid, values in p.params.items():
            overrides.setdefault(cid, {}).update(values)
    for fw in frameworks:
        if fw not in catalog.frameworks:
            raise NotFoundError(
                f"profile {name!r} uses framework {fw!r}, which is not in the catalog",
                expected=f"one of {', '.join(sorted(catalog.frameworks))}",
            )
    for pattern in include + exclude:
        if not any(fnmatch.fnmatchcase(cid, pattern) for cid in catalog.controls):
            raise NotFoundError(
                f"profile {name!r} names control {pattern!r}, which is not in the catalog",
                expected="an id listed by 'attt-audit catalog list'",
            )
    from attt_audit.binding import ended_before_regime

    chosen: list[Requirement] = []
    for cid, control in catalog.controls.items():
        fw = catalog.framework_of[cid]
        selected = fw in frameworks or any(fnmatch.fnmatchcase(cid, pat) for pat in include)
        if not selected or any(fnmatch.fnmatchcase(cid, pat) for pat in exclude):
            continue
        variant = control.variant(level)
        if variant is None:
            continue
        if ended_before_regime(catalog.frameworks[fw], control, variant, chain[0].regime):
            continue  # its law ended before the profile's regime began (TT 31 in an nd331 profile)
        params: dict[str, object] = {}
        for pname, param in variant.params.items():
            params[pname] = param.min if param.min is not None else param.value
        for pname, value in overrides.get(cid, {}).items():
            if pname not in variant.params:
                raise InputError(
                    f"profile {name!r} overrides parameter {pname!r} of {cid}, which has no such parameter at level {level}",
                    expected=f"one of {', '.join(variant.params) or '(none)'}",
                )
            params[pname] = value
        chosen.append(Requirement(control=control, level=level, variant=variant, framework=fw, params=params))
    return ResolvedProfile(
        profile=profiles[name],
        chain=[p.id for p in chain],
        level=level,
        regime=chain[0].regime,
        requirements=chosen,
    )


# ----------------------------------------------------------------------------------- lint


def lint(catalog: Catalog, profiles: dict[str, Profile], known_checks: set[str] | None = None) -> list[str]:
    """Every problem found in the catalog and profiles, each as ``location: message``."""
    from attt_audit.binding import effective_binding

    problems = list(catalog.problems)
    clause_owner: dict[tuple[str, int, str], str] = {}
    for cid, control in catalog.controls.items():
        where = catalog.where[cid]
        fw = catalog.frameworks[catalog.framework_of[cid]]
        for level, variant in control.levels.items():
            if variant.clause:
                section = fw.clause_sections.get(level)
                if section and not variant.clause.startswith(section + "."):
                    problems.append(
                        f"{where}: {cid} level {level} has clause {variant.clause}, "
                        f"but level {level} clauses of {fw.id} start with {section}."
                    )
                key = (fw.id, level, variant.clause)
                if key in clause_owner:
                    problems.append(
                        f"{where}: {cid} and {clause_owner[key]} both claim clause {variant.clause} at level {level}"
                    )
                clause_owner[key] = cid
            elif fw.clause_sections:
                problems.append(f"{where}: {cid} level {level} has no clause number")
            qids = [q.id for q in variant.questions]
            for dup in {q for q in qids if qids.count(q) > 1}:
                problems.append(f"{where}: {cid} level {level} has question id {dup!r} twice")
            for q in variant.questions:
                if q.param and q.param not in variant.params:
                    problems.append(
                        f"{where}: {cid} level {level} question {q.id} names missing parameter {q.param!r}"
                    )
            # Issue 13 §3: every requirement carries a corrective action in words (vi and en).
            action = variant.remediation or control.remediation
            if action is None or not action.vi.strip() or not action.en.strip():
                problems.append(
                    f"{where}: {cid} level {level} has no remediation text (remediation: {{vi, en}} on the control or the level)"
                )
            if not variant.questions and not variant.evaluate and not control.checks:
                problems.append(
                    f"{where}: {cid} level {level} has no question, no evaluator and no probe check: nothing can assess it"
                )
            # Issue 12: every requirement states when it binds (regime or law, dates, article).
            eff = effective_binding(fw, control, variant)
            if eff is None:
                problems.append(
                    f"{where}: {cid} level {level} has no binding: add binds (basis, role, from/until, ref, "
                    f"confidence) to framework {fw.id} or to the control"
                )
            elif eff.role == "baseline" and len(fw.regimes) != 1:
                problems.append(f"{where}: {cid}: baseline framework {fw.id} must name exactly one regime")
            elif eff.role == "duty" and eff.binding.from_ is None and eff.binding.until is None:
                problems.append(
                    f"{where}: {cid} level {level}: a duty's binding must state its in-force dates (from and/or until)"
                )
            elif not eff.binding.ref.strip():
                problems.append(f"{where}: {cid} level {level}: its binding names no article (ref)")
        if known_checks is not None:
            for check in control.checks:
                if check not in known_checks:
                    problems.append(f"{where}: {cid} references probe check {check!r}, which no probe emits")
    for pid in sorted(profiles):
        try:
            resolve_profile(pid, catalog, profiles)
        except (InputError, NotFoundError) as exc:
            problems.append(f"profile {pid}: {exc.render()}")
    return problems
