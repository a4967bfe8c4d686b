"""``attt-audit questionnaire new|import|fill|check``: questionnaires officers fill."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from attt_audit.cli import LangOpt, WorkspaceOpt, set_lang, state

if TYPE_CHECKING:
    from attt_audit.models import AnswerSet, System
    from attt_audit.questionnaire import Questionnaire
    from attt_audit.workspace import Workspace

questionnaire_app = typer.Typer(
    help="Questionnaires for a system: generate (YAML or Excel), fill interactively, import, check.",
    no_args_is_help=True,
)

SystemOpt = Annotated[str, typer.Option("--system", "-s", help="System id from inventory.yaml.")]
ProfileOpt = Annotated[
    str | None,
    typer.Option("--profile", "-p", help="Profile id (default: level<N> from the system's declared level)."),
]


def _questionnaire(ws: Workspace, system: System, profile: str | None) -> Questionnaire:
    from attt_audit.catalog import load_profiles, resolve_profile
    from attt_audit.cli import workspace_catalog
    from attt_audit.errors import AuditError
    from attt_audit.questionnaire import build_questionnaire, default_profile

    catalog = workspace_catalog(ws.root)
    if profile is None:
        # Keep a tailored profile recorded in the answers file while it is for the system's level.
        existing = ws.answers(system.id)
        profile = default_profile(system)
        if existing is not None and existing.profile and existing.profile != profile:
            try:
                resolved = resolve_profile(existing.profile, catalog, load_profiles(ws.root))
                if f"level{resolved.level}" == profile:
                    profile = existing.profile
            except AuditError:
                pass
    return build_questionnaire(system, profile=profile, catalog=catalog, workspace=ws.root)


def _existing(ws: Workspace, system_id: str, path: Path | None = None) -> AnswerSet | None:
    from attt_audit.models import AnswerSet
    from attt_audit.yamlio import load_model

    if path is not None and path.is_file():
        return load_model(AnswerSet, path)
    return ws.answers(system_id)


def _report_problems(exc: Exception) -> None:
    for problem in getattr(exc, "problems", ()):
        state.err.print(problem, markup=False, highlight=False, soft_wrap=True)


@questionnaire_app.command("new")
def new(
    system: SystemOpt,
    profile: ProfileOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="yaml (the answers file) or xlsx.")] = "yaml",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="File to write (yaml: answers/<system>.yaml; xlsx: questionnaires/<system>.xlsx).",
        ),
    ] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Write the questionnaire of one system, merging every answer it already has."""
    set_lang(lang)
    from attt_audit.errors import InputError
    from attt_audit.questionnaire import merge
    from attt_audit.questionnaire.merge import is_blank, sort_keys
    from attt_audit.questionnaire.xlsx import write_workbook
    from attt_audit.questionnaire.yaml_form import write
    from attt_audit.workspace import Workspace

    if fmt not in ("yaml", "xlsx"):
        raise InputError(f"--format {fmt!r} is not a questionnaire format", expected="yaml or xlsx")
    ws = Workspace(workspace)
    sys_model = ws.system(system)
    q = _questionnaire(ws, sys_model, profile)
    if fmt == "yaml":
        target = out or ws.answers_path(system)
        existing = _existing(ws, system, target)
    else:
        target = out or ws.root / "questionnaires" / f"{system}.xlsx"
        existing = ws.answers(system)
    merged = merge(q, existing)
    if fmt == "yaml":
        write(target, q, merged)
    else:
        write_workbook(q, merged, target)
    kept = [k for k, a in merged.answers.items() if not is_blank(a)]
    stale = sort_keys(q, [k for k in merged.answers if q.item(k) is None]).stale
    state.console.print(
        state.t(
            f"Đã ghi {target}: {len(q.items)} câu hỏi ({q.profile}, cấp độ {q.level}); giữ {len(kept)} câu trả lời đã có"
            + (f", trong đó {len(stale)} câu trả lời cũ không còn trong danh mục" if stale else ""),
            f"Wrote {target}: {len(q.items)} questions ({q.profile}, level {q.level}); kept {len(kept)} existing answers"
            + (f", {len(stale)} of them stale (no longer in the catalog)" if stale else ""),
        ),
        markup=False,
        soft_wrap=True,
    )
    for note in q.notes:
        state.err.print(note.get(state.lang), markup=False, soft_wrap=True)  # type: ignore[arg-type]


@questionnaire_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A filled workbook (.xlsx) or YAML form (.yaml).")],
    system: Annotated[
        str | None, typer.Option("--system", "-s", help="Expected system id (default: the one in the file).")
    ] = None,
    overwrite: Annotated[
        bool,
        typer.Option("--overwrite", help="Take the file's answer even where the answers file changed since."),
    ] = False,
    by: Annotated[str | None, typer.Option("--by", help="Who answered (when the file does not say).")] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Validate a filled questionnaire and write the system's answers file."""
    set_lang(lang)
    from attt_audit.errors import InputError
    from attt_audit.models import Answer, AnswerSet
    from attt_audit.questionnaire import QuestionnaireError, check, merge
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
    q = _questionnaire(ws, ws.system(system_id), profile)
    existing = ws.answers(system_id) or AnswerSet(system=system_id, level=q.level, profile=q.profile)
    if suffix == ".xlsx":
        try:
            updated, changed = read_workbook(q, existing, file, overwrite=overwrite, answered_by=by)
        except QuestionnaireError as exc:
            _report_problems(exc)
            raise
    else:
        answers = dict(existing.answers)
        changed = [k for k, a in form.answers.items() if not same_content(answers.get(k) or Answer(), a)]
        answers.update(form.answers)
        updated = existing.model_copy(update={"answers": answers})
    merged = merge(q, updated)
    target = ws.answers_path(system_id)
    write(target, q, merged)
    report = check(q, merged)
    state.console.print(
        state.t(
            f"Đã ghi {target}: {len(changed)} câu trả lời thay đổi; đã trả lời {report.answered}/{report.asked};"
            f" {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo (xem: attt-audit questionnaire check -s {system_id})",
            f"Wrote {target}: {len(changed)} answers changed; {report.answered}/{report.asked} answered;"
            f" {len(report.errors)} errors, {len(report.warnings)} warnings (see: attt-audit questionnaire check -s {system_id})",
        ),
        markup=False,
        soft_wrap=True,
    )


@questionnaire_app.command("fill")
def fill(
    system: SystemOpt,
    profile: ProfileOpt = None,
    only_unanswered: Annotated[
        bool, typer.Option("--only-unanswered", help="Ask only questions without an answer.")
    ] = False,
    by: Annotated[
        str | None, typer.Option("--by", help="Who is answering (stored with each answer).")
    ] = None,
    evidence_from_level: Annotated[
        int,
        typer.Option(
            "--evidence-from-level", min=0, max=6, help="Đạt needs evidence from this level (0: never)."
        ),
    ] = 3,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Answer the questionnaire one question at a time (:b back, :s skip, :q save and quit)."""
    set_lang(lang)
    from attt_audit.models import AnswerSet
    from attt_audit.questionnaire import InteractiveForm
    from attt_audit.workspace import Workspace

    ws = Workspace(workspace)
    q = _questionnaire(ws, ws.system(system), profile)
    existing = ws.answers(system) or AnswerSet(system=system, level=q.level, profile=q.profile)
    source = InteractiveForm(
        only_unanswered=only_unanswered,
        answered_by=by,
        evidence_from_level=evidence_from_level or None,
        lang="en" if state.lang == "en" else "vi",
    )
    source.read_answers(q, existing, ws.answers_path(system))


@questionnaire_app.command("check")
def check_cmd(
    system: Annotated[
        str | None, typer.Option("--system", "-s", help="System id (default: every system with answers).")
    ] = None,
    profile: ProfileOpt = None,
    evidence_from_level: Annotated[
        int,
        typer.Option(
            "--evidence-from-level", min=0, max=6, help="Đạt needs evidence from this level (0: never)."
        ),
    ] = 3,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Check answers: N/A justified, Đạt with evidence at level 3+, no unknown keys; stale ones kept."""
    set_lang(lang)
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
    errors = 0
    for sys_model in systems:
        q = _questionnaire(ws, sys_model, profile)
        _answers, report = check_file(
            q, ws.answers_path(sys_model.id), evidence_from_level=evidence_from_level or None
        )
        for problem in report.problems:
            target = state.err if problem.severity == "error" else state.console
            target.print(problem.render(), markup=False, highlight=False, soft_wrap=True)
        errors += len(report.errors)
        state.console.print(
            state.t(
                f"{sys_model.id}: đã trả lời {report.answered}/{report.asked}; {len(report.errors)} lỗi,"
                f" {len(report.warnings)} cảnh báo, {len(report.stale)} câu trả lời cũ được giữ",
                f"{sys_model.id}: {report.answered}/{report.asked} answered; {len(report.errors)} errors,"
                f" {len(report.warnings)} warnings, {len(report.stale)} stale answers kept",
            ),
            markup=False,
            soft_wrap=True,
        )
    if errors:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    app.add_typer(questionnaire_app, name="questionnaire")
