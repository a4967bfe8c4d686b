"""``attt-audit catalog stats``: per level, how many TCVN clauses, design requirements, duties
and 4-layer items the catalog holds.

Only typer, pathlib, typing and attt_audit.cli names are imported here; the catalog is loaded
inside the command.
"""

from __future__ import annotations

from pathlib import Path

import typer

from attt_audit.cli import LangOpt, WorkspaceOpt, catalog_app, print_table, set_lang, state

TCVN = "tcvn11930-2017"


def catalog_counts(workspace: Path | None) -> dict[int, dict[str, int]]:
    """Per level: ``tcvn`` (clauses TT 12 cites), ``tcvn_uncited`` (low-confidence x.2.1.1),
    ``design``, ``duty``, ``layer`` and ``other`` (controls of any other framework or kind)."""
    from attt_audit.catalog import load_catalog
    from attt_audit.models import Confidence

    catalog = load_catalog(overlay=workspace / "overlay" if workspace is not None else None)
    counts = {
        level: dict.fromkeys(("tcvn", "tcvn_uncited", "design", "duty", "layer", "other"), 0)
        for level in range(1, 6)
    }
    for cid, control in catalog.controls.items():
        for level, variant in control.levels.items():
            row = counts[level]
            if catalog.framework_of[cid] == TCVN and variant.clause:
                row["tcvn_uncited" if variant.confidence == Confidence.LOW else "tcvn"] += 1
            elif control.kind in ("design", "duty", "layer"):
                row[control.kind] += 1
            else:
                row["other"] += 1
    return counts


def register(app: typer.Typer) -> None:
    if any(cmd.name == "stats" for cmd in catalog_app.registered_commands):
        return  # main() registers features on every call (tests call it many times)

    @catalog_app.command("stats")
    def catalog_stats(workspace: WorkspaceOpt = Path("."), lang: LangOpt = None) -> None:
        """Per level: TCVN 11930 clauses, TT 12 design requirements, duties and 4-layer items."""
        set_lang(lang)
        counts = catalog_counts(workspace)
        show_other = any(row["other"] for row in counts.values())
        columns = [
            state.t("Cấp độ", "Level"),
            state.t("Điều khoản TCVN 11930", "TCVN 11930 clauses"),
            state.t("+ x.2.1.1 (độ tin cậy thấp)", "+ x.2.1.1 (low confidence)"),
            state.t("Yêu cầu thiết kế TT 12", "TT 12 design requirements"),
            state.t("Nghĩa vụ", "Duties"),
            state.t("Mô hình 4 lớp", "4-layer items"),
        ]
        if show_other:
            columns.append(state.t("Khác", "Other"))
        columns.append(state.t("Tổng", "Total"))
        rows = []
        for level, row in counts.items():
            cells = [level, row["tcvn"], row["tcvn_uncited"], row["design"], row["duty"], row["layer"]]
            if show_other:
                cells.append(row["other"])
            cells.append(sum(row.values()))
            rows.append(cells)
        print_table(columns, rows)
        state.console.print(
            state.t(
                "Điều khoản TCVN 11930 = các điều khoản TT 12/2022 Phụ lục I–V viện dẫn; x.2.1.1 không được "
                "viện dẫn, chỉ để tham khảo.",
                "TCVN 11930 clauses = those TT 12/2022 Annexes I–V cite; x.2.1.1 is not cited and is advisory only.",
            )
        )
