"""Use cases of ``questionnaire new|import|fill|check``: the questionnaires officers fill."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from attt_audit.questionnaire.interface import QuestionnaireError

if TYPE_CHECKING:
    from attt_audit.models import AnswerSet, System
    from attt_audit.models.common import Lang
    from attt_audit.questionnaire import CheckReport, Questionnaire
    from attt_audit.workspace import Workspace

__all__ = [
    "CheckedSystem",
    "ImportResult",
    "NewResult",
    "QuestionnaireError",
    "check_answers",
    "fill",
    "import_answers",
    "new_questionnaire",
    "questionnaire_for",
]

FORMATS = ("yaml", "xlsx")


def questionnaire_for(ws: Workspace, system: System, profile: str | None) -> Questionnaire:
    """The questionnaire of ``system`` against ``profile`` (default: the profile of its level).

    Without ``profile``, a tailored profile recorded in the answers file is kept while it is for
    the system's level.
    """
    from attt_audit.app.catalog import workspace_catalog
    from attt_audit.catalog import load_profiles, resolve_profile
    from attt_audit.errors import AuditError
    from attt_audit.levels import assessed_level
    from attt_audit.questionnaire import build_questionnaire, default_profile

    catalog = workspace_catalog(ws.root)
    if profile is None:
        existing = ws.answers(system.id)
        profiles = load_profiles(ws.root)
        profile = default_profile(system, profiles)
        if existing is not None and existing.profile and existing.profile != profile:
            try:
                resolved = resolve_profile(existing.profile, catalog, profiles)
            except AuditError:  # the recorded profile is gone: the level's own profile it is
                resolved = None
            if resolved is not None and resolved.level == assessed_level(system).level:
                profile = existing.profile
    return build_questionnaire(system, profile=profile, catalog=catalog, workspace=ws.root)


def _existing(ws: Workspace, system_id: str, path: Path | None = None) -> AnswerSet | None:
    from attt_audit.models import AnswerSet
    from attt_audit.yamlio import load_model

    if path is not None and path.is_file():
        return load_model(AnswerSet, path)
    return ws.answers(system_id)


@dataclass(frozen=True)
class NewResult:
    target: Path
    questionnaire: Questionnaire
    kept: int
    """Answers already given that the new file keeps."""
    stale: int
    """Of those, answers to questions no longer in the catalog."""
    backup: Path | None = None
    """With ``force``: where the workbook that held answers not yet imported was copied."""


def backup_path(path: Path, now: dt.datetime | None = None) -> Path:
    """``<name>.<YYYYMMDD-HHMMSS>.bak.xlsx`` beside ``path`` (time in Vietnam), never an existing file."""
    from attt_audit.dates import VIETNAM

    stamp = (now or dt.datetime.now(VIETNAM)).astimezone(VIETNAM).strftime("%Y%m%d-%H%M%S")
    suffix = path.suffix or ".xlsx"
    candidate = path.with_name(f"{path.stem}.{stamp}.bak{suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.{stamp}-{n}.bak{suffix}")
        n += 1
    return candidate


def new_questionnaire(
    workspace: Path,
    system: str,
    *,
    profile: str | None = None,
    fmt: str = "yaml",
    out: Path | None = None,
    force: bool = False,
    lang: str = "vi",
) -> NewResult:
    """Write the questionnaire of one system (YAML answers file or workbook), merging every answer it has.

    An existing workbook holding answers the answers file lacks (filled but not imported) is
    never overwritten: :class:`InputError` names its first differing cell and says to import it
    first; with ``force`` it is first copied to :func:`backup_path`.
    """
    from attt_audit.errors import InputError
    from attt_audit.questionnaire import merge
    from attt_audit.questionnaire.merge import is_blank, sort_keys
    from attt_audit.questionnaire.xlsx import write_workbook
    from attt_audit.questionnaire.yaml_form import write
    from attt_audit.workspace import Workspace

    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r} is not a questionnaire format", expected="yaml or xlsx")
    ws = Workspace(workspace)
    q = questionnaire_for(ws, ws.system(system), profile)
    if fmt == "yaml":
        target = out or ws.answers_path(system)
        existing = _existing(ws, system, target)
    else:
        target = out or ws.root / "questionnaires" / f"{system}.xlsx"
        existing = ws.answers(system)
    merged = merge(q, existing)
    backup: Path | None = None
    if fmt == "yaml":
        write(target, q, merged)
    else:
        if target.exists():
            backup = _keep_workbook_edits(q, merged, target, system, force=force)
        write_workbook(q, merged, target, lang="en" if lang == "en" else "vi")  # import reads both
    kept = [k for k, a in merged.answers.items() if not is_blank(a)]
    stale = sort_keys(q, [k for k in merged.answers if q.item(k) is None]).stale
    return NewResult(target, q, len(kept), len(stale), backup)


def _keep_workbook_edits(
    q: Questionnaire, answers: AnswerSet, target: Path, system: str, *, force: bool
) -> Path | None:
    """Refuse to write over a workbook with answers not yet imported; with ``force`` back it up first."""
    import shutil

    from attt_audit.errors import InputError
    from attt_audit.questionnaire.xlsx import pending_edits

    if not target.is_file():
        raise InputError("a folder is in the way", location=str(target), expected="a workbook file path")
    pending = pending_edits(q, answers, target)
    if not pending:
        return None
    if not force:
        more = f" and {len(pending) - 1} more" if len(pending) > 1 else ""
        raise InputError(
            f"the workbook holds answers not yet imported ({pending[0]}{more}); nothing was written",
            location=str(target),
            expected=f"'attt-audit questionnaire import {target}' first, or --force to back it up and write a new one",
        )
    backup = backup_path(target)
    try:
        shutil.copy2(target, backup)
    except OSError as exc:
        raise InputError(f"cannot back up the workbook: {exc.strerror}", location=str(backup)) from None
    return backup


@dataclass(frozen=True)
class ImportResult:
    target: Path
    system: str
    changed: list[str]
    """Answer keys whose content the import changed."""
    report: CheckReport


def import_answers(
    workspace: Path,
    file: Path,
    *,
    system: str | None = None,
    overwrite: bool = False,
    by: str | None = None,
) -> ImportResult:
    """Validate a filled workbook or YAML form and write the system's answers file.

    A workbook that cannot be read raises :class:`QuestionnaireError` listing every problem.
    """
    from attt_audit.errors import InputError
    from attt_audit.models import Answer, AnswerSet
    from attt_audit.questionnaire import check, merge
    from attt_audit.questionnaire.merge import same_content
    from attt_audit.questionnaire.xlsx import read_meta, read_workbook
    from attt_audit.questionnaire.yaml_form import write
    from attt_audit.workspace import Workspace
    from attt_audit.yamlio import load_model

    ws = Workspace(workspace)
    suffix = file.suffix.lower()
    if suffix not in (".xlsx", ".yaml", ".yml"):
        raise InputError(f"cannot import {file.name}", location=str(file), expected="an .xlsx or .yaml file")
    if suffix == ".xlsx":
        meta = read_meta(file)
        system_id, profile = meta.system, meta.profile
    else:
        form = load_model(AnswerSet, file)
        system_id, profile = form.system, form.profile
    if system is not None and system != system_id:
        raise InputError(
            f"{file.name} is for system {system_id!r}, not {system!r}", location=str(file), expected=system
        )
    q = questionnaire_for(ws, ws.system(system_id), profile)
    existing = ws.answers(system_id) or AnswerSet(system=system_id, level=q.level, profile=q.profile)
    if suffix == ".xlsx":
        updated, changed = read_workbook(q, existing, file, overwrite=overwrite, answered_by=by)
    else:
        answers = dict(existing.answers)
        changed = [k for k, a in form.answers.items() if not same_content(answers.get(k) or Answer(), a)]
        answers.update(form.answers)
        updated = existing.model_copy(update={"answers": answers})
    merged = merge(q, updated)
    target = ws.answers_path(system_id)
    write(target, q, merged)
    return ImportResult(target, system_id, list(changed), check(q, merged))


def fill(
    workspace: Path,
    system: str,
    *,
    lang: Lang,
    profile: str | None = None,
    only_unanswered: bool = False,
    by: str | None = None,
    evidence_from_level: int | None = 3,
) -> AnswerSet:
    """Ask the questionnaire one question at a time on the terminal, saving as it goes."""
    from attt_audit.models import AnswerSet
    from attt_audit.questionnaire import InteractiveForm
    from attt_audit.workspace import Workspace

    ws = Workspace(workspace)
    q = questionnaire_for(ws, ws.system(system), profile)
    existing = ws.answers(system) or AnswerSet(system=system, level=q.level, profile=q.profile)
    source = InteractiveForm(
        only_unanswered=only_unanswered,
        answered_by=by,
        evidence_from_level=evidence_from_level or None,
        lang=lang,
    )
    return source.read_answers(q, existing, ws.answers_path(system))


@dataclass(frozen=True)
class CheckedSystem:
    system: str
    report: CheckReport


def check_answers(
    workspace: Path,
    *,
    system: str | None = None,
    profile: str | None = None,
    evidence_from_level: int | None = 3,
) -> list[CheckedSystem]:
    """Check the answers file of ``system`` (default: every system that has one)."""
    from attt_audit.errors import NotFoundError
    from attt_audit.questionnaire import check_file
    from attt_audit.workspace import Workspace

    ws = Workspace(workspace)
    inventory = ws.inventory()
    if system is not None:
        systems = [ws.system(system)]
        if not ws.answers_path(system).is_file():
            raise NotFoundError(
                f"no answers file for {system!r}",
                location=str(ws.answers_path(system)),
                expected=f"one written by 'attt-audit questionnaire new --system {system}'",
            )
    else:
        systems = [s for s in inventory.systems if ws.answers_path(s.id).is_file()]
        if not systems:
            raise NotFoundError(f"no answers files in {ws.answers_dir}", expected="answers/<system>.yaml")
    checked = []
    for sys_model in systems:
        q = questionnaire_for(ws, sys_model, profile)
        _answers, report = check_file(
            q, ws.answers_path(sys_model.id), evidence_from_level=evidence_from_level or None
        )
        checked.append(CheckedSystem(sys_model.id, report))
    return checked
