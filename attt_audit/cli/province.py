"""``attt-audit province init|collect|report|plan|conclude``: the province's view of its units."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attt_audit.cli.common import LangOpt, print_table, set_lang, state

province_app = typer.Typer(
    help="Province: take in units' signed reports, roll them up, plan and conclude inspections.",
    no_args_is_help=True,
)

ProvinceOpt = Annotated[
    Path,
    typer.Option(
        "--workspace", "-w", help="Province workspace (province.yaml, inbox/, accepted/ …).", show_default="."
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(province_app, name="province")


def _date(text: str | None):  # type: ignore[no-untyped-def]
    from attt_audit.options import parse_day

    return None if text is None else parse_day(text)


@province_app.command("init")
def province_init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the province workspace in.")] = Path(
        "."
    ),
    force: Annotated[
        bool, typer.Option("--force", help="Replace province.yaml (the old one is kept).")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Create province.yaml (annotated) and the inbox/, accepted/, rejected/, runs/ folders."""
    set_lang(lang)
    from attt_audit.app.province import init

    made = init(directory, force=force)
    state.console.print(
        state.t(f"Đã tạo {made.province_yaml}", f"Created {made.province_yaml}"), markup=False
    )
    for folder in made.folders:
        state.console.print(f"  {folder}/", markup=False)


@province_app.command("collect")
def province_collect(
    sources: Annotated[
        list[Path] | None, typer.Argument(help="Bundle folders or Excel Mẫu 08 files (default: the inbox).")
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Unit id of an Excel file (default: from column 3).")
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Report year of an Excel file that does not state it.")
    ] = None,
    workspace: ProvinceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Verify each bundle (signature, manifest, period, deadline, Mẫu 08 checks); accept read-only or reject with reasons."""
    set_lang(lang)
    from rich.markup import escape

    from attt_audit.app.province import collect
    from attt_audit.cli.progress import progress_bar

    with progress_bar("Đang tiếp nhận", "Collecting") as progress:
        results = collect(workspace, list(sources or []), unit=unit, year=year, progress=progress)
    if not results:
        state.console.print(
            state.t(
                "Không có gói mới trong hộp thư đến (inbox/): các gói đã tiếp nhận nằm trong accepted/, "
                "các gói bị từ chối nằm trong rejected/ cùng lý do.",
                "Nothing new in the inbox (inbox/): accepted bundles are in accepted/, "
                "rejected ones in rejected/ with their reasons.",
            ),
            markup=False,
        )
        return
    labels = {
        "accepted": state.t("tiếp nhận", "accepted"),
        "rejected": state.t("từ chối", "rejected"),
        "unchanged": state.t("không đổi", "unchanged"),
    }
    rows = []
    for r in results:
        what = labels[r.outcome] + ("" if r.signed else state.t(" (không ký số)", " (unsigned)"))
        # rich reads [..] as markup: escape it; a rejection lists its reasons, then where the bundle went
        reasons = "; ".join(f"{f.file}: {f.message} ({f.rule})" for f in r.findings)
        detail = escape(" — ".join(part for part in (reasons, r.note) if part))
        rows.append([r.source.name, r.unit or "?", what, detail])
    print_table(
        [
            state.t("Gói", "Bundle"),
            state.t("Đơn vị", "Unit"),
            state.t("Kết quả", "Outcome"),
            state.t("Chi tiết", "Details"),
        ],
        rows,
    )
    if any(r.outcome == "rejected" for r in results):
        raise typer.Exit(1)


@province_app.command("report")
def province_report(
    year: Annotated[
        int, typer.Option("--year", min=2016, max=2100, help="Report year (data 15/12 → 14/12).")
    ],
    formats: Annotated[
        str, typer.Option("--format", help="Comma-separated: docx, html, xlsx, json.")
    ] = "docx,html,xlsx,json",
    out: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default <workspace>/runs/tổng-hợp-<year>/).")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date overdue items are judged on (default: the period's end)."),
    ] = None,
    workspace: ProvinceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Indicators, consolidated Mẫu 08, overdue lists; status report (Word), dashboard (HTML), xlsx, JSON."""
    set_lang(lang)
    from attt_audit.app.province import parse_formats, report
    from attt_audit.province.rollup import FORMATS

    outcome = report(workspace, year, formats=parse_formats(formats, FORMATS), out=out, as_of=_date(as_of))
    r = outcome.rollup
    accepted = sum(1 for u in r.units if u.state.startswith("accepted"))
    state.console.print(
        state.t(
            f"Tổng hợp năm {year}: {accepted}/{len(r.units)} đơn vị, {r.totals.total} hệ thống, {r.totals.approved} đã phê duyệt; {len(r.overdue)} mục quá hạn",
            f"Roll-up {year}: {accepted}/{len(r.units)} units, {r.totals.total} systems, {r.totals.approved} approved; {len(r.overdue)} overdue items",
        ),
        markup=False,
    )
    for path in outcome.written:
        state.console.print(f"  {path}", markup=False)


@province_app.command("plan")
def province_plan(
    year: Annotated[
        int, typer.Option("--year", min=2016, max=2100, help="Plan year (uses the year before's reports).")
    ],
    formats: Annotated[str, typer.Option("--format", help="Comma-separated: docx, json.")] = "docx,json",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output folder (default <workspace>/runs/kế-hoạch-kiểm-tra-<year>/)."),
    ] = None,
    workspace: ProvinceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Select units and systems by the rules of province.yaml and schedule them across the year with the team."""
    set_lang(lang)
    from attt_audit.app.province import parse_formats, plan
    from attt_audit.province.plan import InspectionPlan, reason_labels

    built, written = plan(workspace, year, formats=parse_formats(formats, ("docx", "json")), out=out)
    assert isinstance(built, InspectionPlan)
    rows = [
        [
            v.unit,
            f"{v.start:%d/%m}–{v.end:%d/%m}" if v.start and v.end else "",
            "; ".join(reason_labels(v.reasons)),
        ]
        for v in built.visits
    ]
    rows += [
        [v.unit, state.t("chuyển năm sau", "carried over"), "; ".join(reason_labels(v.reasons))]
        for v in built.carried_over
    ]
    print_table([state.t("Đơn vị", "Unit"), state.t("Thời gian", "Dates"), state.t("Lý do", "Reasons")], rows)
    for path in written:
        state.console.print(f"  {path}", markup=False)


@province_app.command("conclude")
def province_conclude(
    unit: Annotated[str, typer.Argument(help="Unit id (as in province.yaml).")],
    year: Annotated[
        int | None, typer.Option("--year", help="Report year (default: the latest accepted).")
    ] = None,
    issued: Annotated[
        str | None, typer.Option("--date", help="Date of the notice YYYY-MM-DD (default: today).")
    ] = None,
    formats: Annotated[str, typer.Option("--format", help="Comma-separated: docx, json.")] = "docx,json",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output folder (default <workspace>/runs/kết-luận-<unit>-<year>/)."),
    ] = None,
    workspace: ProvinceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """The Thông báo kết luận kiểm tra of one unit from its accepted report: findings, fixes, deadlines."""
    set_lang(lang)
    from attt_audit.app.province import conclude, parse_formats
    from attt_audit.province.conclude import Conclusion

    built, written = conclude(
        workspace,
        unit,
        year=year,
        issued=_date(issued),
        formats=parse_formats(formats, ("docx", "json")),
        out=out,
    )
    assert isinstance(built, Conclusion)
    state.console.print(
        state.t(
            f"Kết luận {built.unit_name}: {len(built.findings)} tồn tại; báo cáo khắc phục trước {built.remediation_report_due:%d/%m/%Y}",
            f"Conclusion {built.unit_name}: {len(built.findings)} findings; remediation report due {built.remediation_report_due:%d/%m/%Y}",
        ),
        markup=False,
    )
    for path in written:
        state.console.print(f"  {path}", markup=False)
