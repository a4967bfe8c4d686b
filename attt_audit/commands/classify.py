"""``attt-audit init`` (new workspace) and ``attt-audit classify`` (proposed level of each system)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from attt_audit.cli import LangOpt, WorkspaceOpt, print_table, set_lang, state

if TYPE_CHECKING:
    import datetime as dt

    from attt_audit.models import Classification, Inventory

FORMATS = ("table", "json", "md")


def register(app: typer.Typer) -> None:
    app.command("init")(init_cmd)
    app.command("classify")(classify_cmd)


# ---------------------------------------------------------------------------------- init


def init_cmd(
    directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")] = Path("."),
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace an existing inventory.yaml (the old one is kept as a backup)."),
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Create a workspace: an annotated inventory.yaml, an empty answers/ folder and an evidence/ folder."""
    set_lang(lang)
    import datetime as dt
    from importlib.resources import files

    from attt_audit.errors import InputError
    from attt_audit.workspace import Workspace
    from attt_audit.yamlio import atomic_write_bytes

    if directory.exists() and not directory.is_dir():
        raise InputError("is not a folder", location=str(directory), expected="a folder or a new path")
    ws = Workspace(directory)
    target = ws.inventory_path
    template = (files("attt_audit") / "workspace_template" / "inventory.yaml").read_bytes()
    backup: Path | None = None
    if target.exists():
        if not force:
            raise InputError(
                "inventory.yaml already exists and was left unchanged",
                location=str(target),
                expected="another folder, or --force to replace it (the old file is kept as a backup)",
            )
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = target.with_name(f"inventory.yaml.bak-{stamp}")
        atomic_write_bytes(backup, target.read_bytes())
    directory.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, template)
    ws.answers_dir.mkdir(exist_ok=True)
    ws.evidence_dir.mkdir(exist_ok=True)

    out = state.console
    out.print(state.t(f"Đã tạo workspace {directory}:", f"Created workspace {directory}:"), markup=False)
    out.print(f"  {target}  " + state.t("(tệp kiểm kê có chú thích)", "(annotated inventory)"), markup=False)
    out.print(f"  {ws.answers_dir}/", markup=False)
    out.print(f"  {ws.evidence_dir}/", markup=False)
    if backup is not None:
        out.print(state.t(f"Tệp cũ được giữ tại {backup}", f"The old file is kept as {backup}"), markup=False)
    out.print(
        state.t(
            f"Tiếp theo: sửa {target}, rồi chạy: attt-audit classify --workspace {directory}",
            f"Next: edit {target}, then run: attt-audit classify --workspace {directory}",
        ),
        markup=False,
    )


# ------------------------------------------------------------------------------ classify


def classify_cmd(
    system: Annotated[str | None, typer.Option("--system", help="Only this system id.")] = None,
    regime: Annotated[
        str | None,
        typer.Option(
            "--regime", help="nd85 or nd331 (default: by the assessment date; nd331 from 2026-08-19)."
        ),
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
    from attt_audit.classify import choose_regime, classify
    from attt_audit.errors import InputError
    from attt_audit.workspace import Workspace

    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r} is not a format", expected=", ".join(FORMATS))
    today = _parse_date(on)
    chosen = choose_regime(regime, today)
    ws = Workspace(workspace)
    inventory = ws.inventory()
    systems = [ws.system(system)] if system is not None else inventory.systems
    results = [classify(s, chosen, today) for s in systems]
    names = {s.id: s.name for s in systems}

    if fmt == "json":
        typer.echo(_json(inventory, results, names, chosen, today))
    elif fmt == "md":
        typer.echo(_markdown(inventory, results, names, chosen, today))
    else:
        _table(inventory, results, names, chosen, today)

    mismatched = [c for c in results if c.mismatch]
    for c in mismatched:
        state.err.print(
            state.t(
                f"cảnh báo: {c.system_id}: cấp độ khai báo {c.declared_level if c.declared_level is not None else c.approved_level}"
                f" khác cấp độ đề xuất {c.proposed_level}",
                f"warning: {c.system_id}: declared level {c.declared_level if c.declared_level is not None else c.approved_level}"
                f" differs from the proposed level {c.proposed_level}",
            ),
            markup=False,
        )
    if strict and mismatched:
        raise typer.Exit(1)


def _parse_date(text: str | None) -> dt.date:
    import datetime as dt

    from attt_audit.errors import InputError

    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--date {text!r} is not a date", expected="YYYY-MM-DD, e.g. 2026-11-23") from None


def _date(day: dt.date | None) -> str:
    if day is None:
        return "—"
    return day.strftime("%d/%m/%Y") if state.lang == "vi" else day.isoformat()


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


def _header(inventory: Inventory, regime: str, today: dt.date) -> str:
    from attt_audit.classify import load_ruleset

    rules = load_ruleset(regime)
    return state.t(
        f"{inventory.organisation.name} — xác định cấp độ theo {rules.title.vi}, ngày đánh giá {_date(today)}",
        f"{inventory.organisation.name} — levels under {rules.title.en}, assessed on {_date(today)}",
    )


def _details(c: Classification) -> list[tuple[str, list[str]]]:
    """(heading, lines) sections shared by the table and Markdown outputs."""
    sections: list[tuple[str, list[str]]] = []
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


def _table(
    inventory: Inventory, results: list[Classification], names: dict[str, str], regime: str, today: dt.date
) -> None:
    out = state.console
    out.print(_header(inventory, regime, today), markup=False)
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
        for heading, lines in _details(c):
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


def _markdown(
    inventory: Inventory, results: list[Classification], names: dict[str, str], regime: str, today: dt.date
) -> str:
    lines = [f"# {_header(inventory, regime, today)}", ""]
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
            names.get(c.system_id, ""),
            _level(c),
            ("—" if declared is None else str(declared)) + (" ⚠" if c.mismatch else ""),
            ", ".join(m.article for m in c.matched if m.level == c.proposed_level) or "—",
            _outcome(c),
            _next_due(c),
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    for c in results:
        lines += ["", f"## {c.system_id} — {names.get(c.system_id, '')}"]
        for heading, items in _details(c):
            lines += ["", f"**{heading}**", ""]
            lines += [f"- {item}" for item in items]
    return "\n".join(lines) + "\n"


def _json(
    inventory: Inventory, results: list[Classification], names: dict[str, str], regime: str, today: dt.date
) -> str:
    import json

    payload = {
        "organisation": inventory.organisation.name,
        "regime": regime,
        "assessed_on": today.isoformat(),
        "systems": [dict(c.model_dump(mode="json"), name=names.get(c.system_id, "")) for c in results],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True)
