"""``attt-audit questionnaire new|import|fill|check``: questionnaires officers fill."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attt_audit.cli.common import LangOpt, WorkspaceOpt, set_lang, state

questionnaire_app = typer.Typer(
    help="Questionnaires for a system: generate (YAML or Excel), fill interactively, import, check.",
    no_args_is_help=True,
)

SystemOpt = Annotated[str, typer.Option("--system", "-s", help="System id from inventory.yaml.")]
ProfileOpt = Annotated[
    str | None,
    typer.Option("--profile", "-p", help="Profile id (default: the profile of the system's assessed level)."),
]
EvidenceFromLevelOpt = Annotated[
    int,
    typer.Option(
        "--evidence-from-level", min=0, max=6, help="Đạt needs evidence from this level (0: never)."
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(questionnaire_app, name="questionnaire")


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
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write over a workbook holding answers not yet imported, after copying it to <name>.<time>.bak.xlsx.",
        ),
    ] = False,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Write the questionnaire of one system, merging every answer it already has."""
    set_lang(lang)
    from attt_audit.app.questionnaire import new_questionnaire

    made = new_questionnaire(
        workspace, system, profile=profile, fmt=fmt, out=out, force=force, lang=state.lang
    )
    q, target, stale = made.questionnaire, made.target, made.stale
    if made.backup is not None:
        state.err.print(
            state.t(
                f"Bảng tính cũ có câu trả lời chưa nhập, đã sao lưu vào {made.backup}",
                f"The old workbook held answers not yet imported; backed up to {made.backup}",
            ),
            markup=False,
            soft_wrap=True,
        )
    state.console.print(
        state.t(
            f"Đã ghi {target}: {len(q.items)} câu hỏi ({q.profile}, cấp độ {q.level}); giữ {made.kept} câu trả lời đã có"
            + (f", trong đó {stale} câu trả lời cũ không còn trong danh mục" if stale else ""),
            f"Wrote {target}: {len(q.items)} questions ({q.profile}, level {q.level}); kept {made.kept} existing answers"
            + (f", {stale} of them stale (no longer in the catalog)" if stale else ""),
        ),
        markup=False,
        soft_wrap=True,
    )
    for note in q.notes:
        state.err.print(note.get(state.lang), markup=False, soft_wrap=True)


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
    from attt_audit.app.questionnaire import QuestionnaireError, import_answers

    try:
        done = import_answers(workspace, file, system=system, overwrite=overwrite, by=by)
    except QuestionnaireError as exc:
        for problem in exc.problems:  # every problem at once; the error line summarises them
            state.err.print(problem, markup=False, highlight=False, soft_wrap=True)
        raise
    report, target, system_id = done.report, done.target, done.system
    state.console.print(
        state.t(
            f"Đã ghi {target}: {len(done.changed)} câu trả lời thay đổi; đã trả lời {report.answered}/{report.asked};"
            f" {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo (xem: attt-audit questionnaire check -s {system_id})",
            f"Wrote {target}: {len(done.changed)} answers changed; {report.answered}/{report.asked} answered;"
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
    evidence_from_level: EvidenceFromLevelOpt = 3,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Answer the questionnaire one question at a time (:b back, :s skip, :q save and quit)."""
    set_lang(lang)
    from attt_audit.app.questionnaire import fill as fill_answers

    fill_answers(
        workspace,
        system,
        lang=state.lang,
        profile=profile,
        only_unanswered=only_unanswered,
        by=by,
        evidence_from_level=evidence_from_level,
    )


@questionnaire_app.command("check")
def check_cmd(
    system: Annotated[
        str | None, typer.Option("--system", "-s", help="System id (default: every system with answers).")
    ] = None,
    profile: ProfileOpt = None,
    evidence_from_level: EvidenceFromLevelOpt = 3,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Check answers: N/A justified, Đạt with evidence at level 3+, no unknown keys; stale ones kept."""
    set_lang(lang)
    from attt_audit.app.questionnaire import check_answers

    errors = 0
    for checked in check_answers(
        workspace, system=system, profile=profile, evidence_from_level=evidence_from_level
    ):
        report = checked.report
        for problem in report.problems:
            target = state.err if problem.severity == "error" else state.console
            target.print(problem.render(), markup=False, highlight=False, soft_wrap=True)
        errors += len(report.errors)
        state.console.print(
            state.t(
                f"{checked.system}: đã trả lời {report.answered}/{report.asked}; {len(report.errors)} lỗi,"
                f" {len(report.warnings)} cảnh báo, {len(report.stale)} câu trả lời cũ được giữ",
                f"{checked.system}: {report.answered}/{report.asked} answered; {len(report.errors)} errors,"
                f" {len(report.warnings)} warnings, {len(report.stale)} stale answers kept",
            ),
            markup=False,
            soft_wrap=True,
        )
    if errors:
        raise typer.Exit(2)
