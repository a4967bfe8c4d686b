"""``attt-audit catalog stats``: per level, how many TCVN clauses, design requirements, duties
and 4-layer items the catalog holds (plus any other standard's requirements, one column each).

Only typer, pathlib, typing and attt_audit.cli names are imported here; the catalog is loaded
inside the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from attt_audit.cli import LangOpt, WorkspaceOpt, catalog_app, print_table, set_lang, state, workspace_catalog

if TYPE_CHECKING:
    from attt_audit.catalog import Catalog

TCVN = "tcvn11930-2017"
TCVN_UNCITED = "tcvn11930-2017/uncited"
KIND_COLUMNS = ("design", "duty", "layer")


def catalog_counts(catalog: Catalog, regime: str | None = None) -> dict[int, dict[str, int]]:
    """Per level, ordered columns: ``tcvn11930-2017`` (clauses TT 12 cites),
    ``tcvn11930-2017/uncited`` (the low-confidence x.2.1.1), one column per other framework of
    management/technical requirements (by framework id), then ``design``, ``duty``, ``layer``.
    ``regime`` keeps only frameworks that apply under it (``nd85`` or ``nd331``)."""
    from attt_audit.models import Confidence

    frameworks = [fid for fid, fw in catalog.frameworks.items() if regime is None or regime in fw.regimes]
    standard_columns: list[str] = []
    for cid, control in catalog.controls.items():
        fid = catalog.framework_of[cid]
        if fid in frameworks and control.kind not in KIND_COLUMNS and fid not in standard_columns:
            standard_columns.append(fid)
    if TCVN in standard_columns:
        standard_columns.insert(standard_columns.index(TCVN) + 1, TCVN_UNCITED)
    columns = standard_columns + list(KIND_COLUMNS)
    counts = {level: dict.fromkeys(columns, 0) for level in range(1, 6)}
    for cid, control in catalog.controls.items():
        fid = catalog.framework_of[cid]
        if fid not in frameworks:
            continue
        for level, variant in control.levels.items():
            column: str
            if control.kind in KIND_COLUMNS:
                column = str(control.kind)
            elif fid == TCVN and variant.confidence == Confidence.LOW:
                column = TCVN_UNCITED
            else:
                column = fid
            counts[level][column] += 1
    return counts


def _header(column: str, titles: dict[str, str]) -> str:
    return {
        TCVN: state.t("Điều khoản TCVN 11930", "TCVN 11930 clauses"),
        TCVN_UNCITED: state.t("+ x.2.1.1 (độ tin cậy thấp)", "+ x.2.1.1 (low confidence)"),
        "design": state.t("Yêu cầu thiết kế TT 12", "TT 12 design requirements"),
        "duty": state.t("Nghĩa vụ", "Duties"),
        "layer": state.t("Mô hình 4 lớp", "4-layer items"),
    }.get(column, titles.get(column, column))


def register(app: typer.Typer) -> None:
    if any(cmd.name == "stats" for cmd in catalog_app.registered_commands):
        return  # main() registers features on every call (tests call it many times)

    @catalog_app.command("stats")
    def catalog_stats(
        regime: Annotated[
            str | None,
            typer.Option("--regime", help="Only frameworks of this regime: nd85 or nd331 (default: all)."),
        ] = None,
        workspace: WorkspaceOpt = Path("."),
        lang: LangOpt = None,
    ) -> None:
        """Per level: TCVN 11930 clauses, TT 12 design requirements, duties and 4-layer items."""
        set_lang(lang)
        if regime is not None and regime not in ("nd85", "nd331"):
            from attt_audit.errors import InputError

            raise InputError(f"--regime {regime!r} is not a regime", expected="nd85 or nd331")
        catalog = workspace_catalog(workspace)
        counts = catalog_counts(catalog, regime)
        columns = list(counts[1])
        titles = {
            fid: fw.title.vi if state.lang == "vi" else fw.title.en for fid, fw in catalog.frameworks.items()
        }
        headers = [state.t("Cấp độ", "Level"), *(_header(c, titles) for c in columns)]
        if regime is None:
            # The two regimes' standards never apply together: a total across them would mislead.
            rows = [[level, *row.values()] for level, row in counts.items()]
        else:
            headers.append(state.t("Tổng", "Total"))
            rows = [[level, *row.values(), sum(row.values())] for level, row in counts.items()]
        print_table(headers, rows)
        if regime is None:
            state.console.print(
                state.t(
                    "Hai chế độ (nd85, nd331) không áp dụng đồng thời; dùng --regime để xem tổng số theo từng chế độ.",
                    "The two regimes (nd85, nd331) never apply together; use --regime for per-regime totals.",
                )
            )
        if TCVN in columns:
            state.console.print(
                state.t(
                    "Điều khoản TCVN 11930 = các điều khoản TT 12/2022 Phụ lục I–V viện dẫn; x.2.1.1 không được "
                    "viện dẫn, chỉ để tham khảo.",
                    "TCVN 11930 clauses = those TT 12/2022 Annexes I–V cite; x.2.1.1 is not cited and is "
                    "advisory only.",
                )
            )
