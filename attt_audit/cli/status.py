"""``attt-audit status``: where each system stands (level, answers, probes, last run, deadlines, problems)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from attt_audit.cli.common import LangOpt, WorkspaceOpt, set_lang, state

if TYPE_CHECKING:
    from attt_audit.app.status import Deadline, StatusReport, SystemStatus


def register(app: typer.Typer) -> None:
    app.command("status")(status)


def status(
    system: Annotated[
        str | None, typer.Option("--system", "-s", help="Only this system (default: every system).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, md or json.")] = "table",
    unanswered: Annotated[
        bool, typer.Option("--unanswered", help="List the questions not answered yet, with their text.")
    ] = False,
    date: Annotated[
        str | None, typer.Option("--date", help="As of this day YYYY-MM-DD (default: today in Vietnam).")
    ] = None,
    evidence_max_age: Annotated[
        int | None,
        typer.Option(
            "--evidence-max-age", metavar="DAYS", help="Probe evidence older than DAYS is stale (90)."
        ),
    ] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Where each system stands: level, answers, probes, last run, next deadlines, problems."""
    set_lang(lang)
    from attt_audit.app.status import FORMATS, workspace_status
    from attt_audit.errors import InputError
    from attt_audit.options import parse_day

    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r} is not a status format", expected=", ".join(FORMATS))
    day = parse_day(date, option="--date") if date is not None else None
    report = workspace_status(workspace, system=system, today=day, evidence_max_age=evidence_max_age)
    if fmt == "json":
        typer.echo(report.to_json(), nl=False)
    elif fmt == "md":
        typer.echo(markdown(report, state.lang, unanswered=unanswered), nl=False)
    else:
        _table(report, unanswered=unanswered)


def _t(vi: str, en: str, lang: str) -> str:
    return vi if lang == "vi" else en


BASIS = {
    "approved": ("được phê duyệt", "approved"),
    "proposed": ("đề xuất trong hồ sơ", "proposed in the dossier"),
    "declared": ("khai báo", "declared"),
    "classified": ("theo phân loại", "from classification"),
}


def _level(s: SystemStatus, lang: str) -> str:
    if s.level is None:
        return _t("chưa xác định", "not known", lang)
    basis = BASIS.get(s.level_basis or "", (s.level_basis or "", s.level_basis or ""))
    text = f"{s.level} ({_t(basis[0], basis[1], lang)})"
    others = []
    for name, value in (
        ("approved", s.approved_level),
        ("proposed", s.proposed_level),
        ("declared", s.declared_level),
    ):
        if value is not None and name != s.level_basis:
            others.append(f"{_t(BASIS[name][0], BASIS[name][1], lang)} {value}")
    return text + (f"; {', '.join(others)}" if others else "")


def _date(day: object, lang: str) -> str:
    import datetime as dt

    if isinstance(day, dt.date):
        from attt_audit.text import format_date

        return format_date(day, lang)
    return "—"


def _deadline(d: Deadline, lang: str) -> str:
    text = d.label.get(lang) + ": "
    if d.due is None:
        text += d.note.get(lang) if d.note is not None else _t("đến hạn ngay", "due now", lang)
    else:
        text += _date(d.due, lang)
        if d.note is not None:
            text += f" ({d.note.get(lang)})"
    if d.overdue:
        text += _t(" — QUÁ HẠN", " — OVERDUE", lang)
    return text


def _answered(s: SystemStatus, lang: str) -> str:
    if s.asked is None:
        return "—"
    return f"{s.answered}/{s.asked} ({s.profile})"


def _probes(s: SystemStatus, lang: str) -> str:
    if not s.probes:
        return _t("chưa kiểm tra", "never probed", lang)
    parts = []
    for p in s.probes:
        age = _t(f"{p.age_days} ngày", f"{p.age_days} d", lang)
        parts.append(f"{p.kind} {age}" + (_t(" (cũ)", " (stale)", lang) if p.stale else ""))
    return ", ".join(parts)


def _run(s: SystemStatus, lang: str) -> str:
    if s.last_run is None:
        return _t("chưa chạy", "none", lang)
    from attt_audit.text import format_percent

    score = format_percent(s.score, lang)
    return f"{s.last_run}: {score}"


def _columns(lang: str) -> list[str]:
    return [
        _t("Hệ thống", "System", lang),
        _t("Cấp độ", "Level", lang),
        _t("Đã trả lời", "Answered", lang),
        _t("Kiểm tra tự động gần nhất", "Last probe", lang),
        _t("Lần đánh giá gần nhất", "Last run", lang),
        _t("Hạn tiếp theo", "Next deadlines", lang),
        _t("Vấn đề", "Problems", lang),
    ]


def _row(s: SystemStatus, lang: str) -> list[str]:
    return [
        s.id,
        _level(s, lang),
        _answered(s, lang),
        _probes(s, lang),
        _run(s, lang),
        "\n".join(_deadline(d, lang) for d in s.deadlines) or "—",
        "\n".join(p.get(lang) for p in s.problems) or "—",
    ]


def _table(report: StatusReport, *, unanswered: bool) -> None:
    from attt_audit.cli.common import print_table

    lang = state.lang
    print_table(
        _columns(lang),
        [_row(s, lang) for s in report.systems],
        title=_t(
            f"Tình trạng ngày {_date(report.today, lang)}", f"Status on {_date(report.today, lang)}", lang
        ),
    )
    if report.annual is not None:
        state.console.print(_deadline(report.annual, lang), markup=False)
    if unanswered:
        for s in report.systems:
            if not s.unanswered:
                continue
            state.console.print(
                _t(
                    f"\n{s.id}: {len(s.unanswered)} câu chưa trả lời",
                    f"\n{s.id}: {len(s.unanswered)} unanswered",
                    lang,
                ),
                markup=False,
            )
            for key, vi, en in s.unanswered:
                state.console.print(f"  {key}  {vi if lang == 'vi' else en}", markup=False, soft_wrap=True)


def markdown(report: StatusReport, lang: str, *, unanswered: bool = False) -> str:
    from attt_audit.render.markdown import escape_md, escape_md_cell

    def cell(text: str) -> str:
        return escape_md_cell(text).replace("\n", "<br>")

    title = _t(f"Tình trạng ngày {_date(report.today, lang)}", f"Status on {_date(report.today, lang)}", lang)
    lines = [f"# {title}", ""]
    cols = _columns(lang)
    lines.append("| " + " | ".join(cols) + " |")
    lines.append("|" + "---|" * len(cols))
    for s in report.systems:
        lines.append("| " + " | ".join(cell(v) for v in _row(s, lang)) + " |")
    lines.append("")
    if report.annual is not None:
        lines += [escape_md(_deadline(report.annual, lang)), ""]
    if unanswered:
        for s in report.systems:
            if not s.unanswered:
                continue
            lines += [
                f"## {escape_md(s.id)}: "
                + _t(f"{len(s.unanswered)} câu chưa trả lời", f"{len(s.unanswered)} unanswered", lang),
                "",
            ]
            lines += [f"- `{key}` {escape_md(vi if lang == 'vi' else en)}" for key, vi, en in s.unanswered]
            lines.append("")
    return "\n".join(lines)
