"""``attt-audit classify``: the proposed level of each system, with the matching articles,
authority and deadlines (table, Markdown or JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from attt_audit.cli.common import LangOpt, WorkspaceOpt, print_table, set_lang, state

if TYPE_CHECKING:
    import datetime as dt

    from attt_audit.app.classify import ClassifyResult
    from attt_audit.models import Classification


def register(app: typer.Typer) -> None:
    app.command("classify")(classify_cmd)


def classify_cmd(
    system: Annotated[str | None, typer.Option("--system", help="Only this system id.")] = None,
    regime: Annotated[
        str | None,
        typer.Option("--regime", help="nd85 or nd331 (default: the regime in force on the assessment date)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or md.")] = "table",
    on: Annotated[
        str | None, typer.Option("--date", help="Assessment date YYYY-MM-DD (default: today).")
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Exit with code 1 when a declared level differs from the proposed one."
        ),
    ] = False,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Propose each system's level from the inventory, with the matching articles, authority and deadlines."""
    set_lang(lang)
    from attt_audit.app.classify import check_format, classify_systems

    check_format(fmt)
    result = classify_systems(workspace, system=system, regime=regime, on=on)
    if fmt == "json":
        typer.echo(_json(result))
    elif fmt == "md":
        typer.echo(_markdown(result))
    else:
        _table(result)

    for c in result.mismatched:
        state.err.print(
            state.t(
                f"cảnh báo: {c.system_id}: cấp độ khai báo {c.declared_level if c.declared_level is not None else c.approved_level}"
                f" khác cấp độ đề xuất {c.proposed_level}",
                f"warning: {c.system_id}: declared level {c.declared_level if c.declared_level is not None else c.approved_level}"
                f" differs from the proposed level {c.proposed_level}",
            ),
            markup=False,
        )
    for c in result.results:
        for alert in c.alerts:
            state.err.print(state.t("cảnh báo: ", "warning: ") + f"{c.system_id}: {_lt(alert)}", markup=False)
    for sid, red in result.redetermine.items():
        state.err.print(state.t("cảnh báo: ", "warning: ") + f"{sid}: {red.line(state.lang)}", markup=False)
    if strict and result.mismatched:
        raise typer.Exit(1)


def _date(day: dt.date | None) -> str:
    if day is None:
        return "—"
    from attt_audit.text import format_date

    return format_date(day, state.lang)


def _lt(text: Any) -> str:
    return str(text.vi if state.lang == "vi" else text.en)


def _outcome(c: Classification) -> str:
    if c.outcome == "ok":
        return state.t("Đã xác định", "Determined")
    if c.outcome == "needs_input":
        return state.t("Cần bổ sung: ", "Needs input: ") + ", ".join(c.missing)
    return state.t("Cần xem xét thủ công (không quy tắc nào khớp)", "Manual review (no rule matched)")


def _level(c: Classification) -> str:
    if c.proposed_level is None:
        return "—"
    return f"≥ {c.proposed_level}" if c.outcome == "needs_input" else str(c.proposed_level)


def _interval(c: Classification) -> str:
    if c.inspection_interval_months is None:
        return "—"
    return state.t(f"{c.inspection_interval_months} tháng", f"{c.inspection_interval_months} months")


def _next_due(c: Classification) -> str:
    if c.inspection_interval_months is None:
        return "—"
    if c.next_inspection_due is None:
        return state.t("đến hạn (chưa có lần kiểm tra nào)", "due now (no inspection recorded)")
    text = _date(c.next_inspection_due)
    if c.inspection_overdue:
        text += state.t(" (quá hạn)", " (overdue)")
    return text


def _header(r: ClassifyResult) -> str:
    name, today = r.inventory.organisation.name, r.today
    return state.t(
        f"{name} — xác định cấp độ theo {r.regime_title.vi}, ngày đánh giá {_date(today)}",
        f"{name} — levels under {r.regime_title.en}, assessed on {_date(today)}",
    )


def _details(c: Classification, r: ClassifyResult) -> list[tuple[str, list[str]]]:
    """(heading, lines) sections shared by the table and Markdown outputs."""
    sections: list[tuple[str, list[str]]] = []
    red = r.redetermine.get(c.system_id)
    if red is not None:
        # first: the level shown rests on an approval that no longer covers the system
        sections.append(
            (
                _lt(red.text) + (f" ({red.ref})" if red.ref else ""),
                [_lt(change.text) for change in red.changes],
            )
        )
    sections.append(
        (
            state.t("Căn cứ (các quy tắc khớp)", "Basis (matching rules)"),
            [f"{m.article} → {state.t('cấp độ', 'level')} {m.level}: {_lt(m.label)}" for m in c.matched]
            or [state.t("Không quy tắc nào khớp", "No rule matched")],
        )
    )
    if c.outcome == "needs_input":
        sections.append(
            (
                state.t("Chưa quyết định được (thiếu dữ kiện)", "Undecided (facts missing)"),
                [
                    f"{u.article} → {state.t('cấp độ', 'level')} {u.level}: "
                    + state.t("cần bổ sung ", "needs input ")
                    + ", ".join(u.missing)
                    for u in c.unknown_rows
                    if u.level > (c.proposed_level or 0)
                ],
            )
        )
    sections.append(
        (
            state.t("Thẩm định, phê duyệt", "Appraisal and approval"),
            [f"{_lt(c.authority)}" + (f" ({c.authority_ref})" if c.authority_ref else "")],
        )
    )
    inspection = [
        state.t("Chu kỳ: ", "Interval: ")
        + _interval(c)
        + (f" ({c.inspection_ref})" if c.inspection_ref else ""),
        state.t("Lần gần nhất: ", "Last: ") + _date(c.last_inspection),
        state.t("Đến hạn: ", "Next due: ") + _next_due(c),
    ]
    if c.inspection_basis is not None:
        inspection.append(_lt(c.inspection_basis))
    sections.append((state.t("Kiểm tra, đánh giá định kỳ", "Periodic inspection"), inspection))
    if c.deadlines:
        sections.append(
            (
                state.t("Thời hạn theo quy định", "Statutory deadlines"),
                [f"{_lt(d.text)} ({d.ref})" for d in c.deadlines],
            )
        )
    if c.notes:
        sections.append((state.t("Lưu ý", "Notes"), [_lt(n) for n in c.notes]))
    return sections


def _table(r: ClassifyResult) -> None:
    results, names = r.results, r.names
    out = state.console
    out.print(_header(r), markup=False)
    if not results:
        out.print(state.t("Tệp kiểm kê chưa có hệ thống nào.", "The inventory has no systems yet."))
        return
    rows = []
    for c in results:
        declared = c.declared_level if c.declared_level is not None else c.approved_level
        rows.append(
            [
                c.system_id,
                names.get(c.system_id, ""),
                _level(c),
                ("—" if declared is None else str(declared)) + (" ⚠" if c.mismatch else ""),
                ", ".join(m.article for m in c.matched if m.level == c.proposed_level) or "—",
                _outcome(c),
                _next_due(c),
            ]
        )
    print_table(_columns(), rows)
    for c in results:
        out.print(f"\n{c.system_id} — {names.get(c.system_id, '')}", markup=False, style="bold")
        for heading, lines in _details(c, r):
            out.print(f"  {heading}:", markup=False)
            for line in lines:
                out.print(f"    • {line}", markup=False)


def _columns() -> list[str]:
    """Column headings of the summary table, shared by the terminal and Markdown output."""
    return [
        state.t("Mã", "ID"),
        state.t("Hệ thống", "System"),
        state.t("Đề xuất", "Proposed"),
        state.t("Khai báo", "Declared"),
        state.t("Căn cứ", "Article"),
        state.t("Kết quả", "Outcome"),
        state.t("Kiểm tra kế tiếp", "Next inspection"),
    ]


def _markdown(r: ClassifyResult) -> str:
    from attt_audit.render.markdown import escape_md, escape_md_cell

    results, names = r.results, r.names
    lines = [f"# {escape_md(_header(r))}", ""]
    if not results:
        lines.append(state.t("Tệp kiểm kê chưa có hệ thống nào.", "The inventory has no systems yet."))
        return "\n".join(lines)
    lines += [
        "| " + " | ".join(_columns()) + " |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in results:
        declared = c.declared_level if c.declared_level is not None else c.approved_level
        cells = [
            f"`{c.system_id}`",
            escape_md_cell(names.get(c.system_id, "")),
            _level(c),
            ("—" if declared is None else str(declared)) + (" ⚠" if c.mismatch else ""),
            ", ".join(m.article for m in c.matched if m.level == c.proposed_level) or "—",
            _outcome(c),
            _next_due(c),
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    for c in results:
        lines += ["", f"## {c.system_id} — {escape_md(names.get(c.system_id, ''))}"]
        for heading, items in _details(c, r):
            lines += ["", f"**{escape_md(heading)}**", ""]
            lines += [f"- {escape_md(item)}" for item in items]
    return "\n".join(lines) + "\n"


def _json(r: ClassifyResult) -> str:
    import json

    payload = {
        "organisation": r.inventory.organisation.name,
        "regime": r.regime,
        "assessed_on": r.today.isoformat(),
        "systems": [
            dict(
                c.model_dump(mode="json"),
                name=r.names.get(c.system_id, ""),
                redetermination=red.to_json() if (red := r.redetermine.get(c.system_id)) else None,
            )
            for c in r.results
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True)
