"""The ``attt-audit`` command line.

Start-up stays light: this module imports only typer; each command imports what it needs
when it runs, so ``--version`` and ``--help`` load no report, probe or spreadsheet library.
Every user-facing error is an :class:`~attt_audit.errors.AuditError` turned into one line by
:func:`main`; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from attt_audit import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from attt_audit.catalog import Catalog
    from attt_audit.models.common import Lang


class State:
    lang: str = "vi"
    debug: bool = False
    _console: Console | None = None
    _err: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(highlight=False, soft_wrap=False)
            if not self._console.is_terminal:
                # piped or captured output: wide enough that ids and clauses are not folded
                self._console.width = max(self._console.width, 160)
        return self._console

    @property
    def err(self) -> Console:
        if self._err is None:
            from rich.console import Console

            self._err = Console(stderr=True, highlight=False, soft_wrap=True)
        return self._err

    def t(self, vi: str, en: str) -> str:
        return vi if self.lang == "vi" else en


state = State()

app = typer.Typer(
    name="attt-audit",
    help="Audit information systems against Vietnam's graded-security regime (an toàn HTTT theo cấp độ).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
catalog_app = typer.Typer(help="Browse and check the requirement catalog.", no_args_is_help=True)
profile_app = typer.Typer(
    help="List and show profiles (the requirements that apply at a level).", no_args_is_help=True
)
app.add_typer(catalog_app, name="catalog")
app.add_typer(profile_app, name="profile")

WorkspaceOpt = Annotated[
    Path,
    typer.Option(
        "--workspace", "-w", help="Workspace folder (inventory.yaml, answers/, evidence/).", show_default="."
    ),
]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help="Output language: vi or en (overrides the global option).")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"attt-audit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _global(
    lang: Annotated[str, typer.Option("--lang", help="Output language: vi (default) or en.")] = "vi",
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback on errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    set_lang(lang)
    state.debug = debug


def set_lang(lang: str | None) -> None:
    if lang is None:
        return
    if lang not in ("vi", "en"):
        from attt_audit.errors import InputError

        raise InputError(f"--lang {lang!r} is not a language", expected="vi or en")
    state.lang = lang


# ------------------------------------------------------------------------------- helpers


def workspace_catalog(workspace: Path | None) -> Catalog:
    """The bundled catalog plus the workspace's ``overlay/`` folder, if any."""
    from attt_audit.catalog import load_catalog

    overlay = workspace / "overlay" if workspace is not None else None
    return load_catalog(overlay=overlay)


def print_table(columns: list[str], rows: list[list[Any]], title: str | None = None) -> None:
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*[("" if v is None else str(v)) for v in row])
    state.console.print(table)


# ------------------------------------------------------------------------------- catalog


@catalog_app.command("list")
def catalog_list(
    level: Annotated[
        int | None, typer.Option("--level", min=1, max=5, help="Only controls with a variant at this level.")
    ] = None,
    framework: Annotated[str | None, typer.Option("--framework", help="Only this framework.")] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """List the controls of the catalog."""
    set_lang(lang)
    catalog = workspace_catalog(workspace)
    if framework is not None and framework not in catalog.frameworks:
        from attt_audit.errors import NotFoundError

        raise NotFoundError(
            f"no framework {framework!r}", expected=f"one of {', '.join(sorted(catalog.frameworks))}"
        )
    rows = []
    for cid, control in catalog.controls.items():
        fw = catalog.framework_of[cid]
        if framework and fw != framework:
            continue
        if level is not None and level not in control.levels:
            continue
        clauses = ", ".join(f"L{lv}:{v.clause}" for lv, v in sorted(control.levels.items()) if v.clause)
        rows.append([cid, fw, control.kind, control.title.get(state.lang), clauses or "—"])  # type: ignore[arg-type]
    print_table(
        [
            state.t("Mã", "ID"),
            "Framework",
            state.t("Loại", "Kind"),
            state.t("Tên", "Title"),
            state.t("Điều khoản", "Clauses"),
        ],
        rows,
    )
    state.console.print(state.t(f"{len(rows)} yêu cầu", f"{len(rows)} controls"))


@catalog_app.command("show")
def catalog_show(
    control_id: Annotated[str, typer.Argument(help="Control id, e.g. layer.in-house-force.decision")],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Show everything about one control: levels, clauses, questions, evidence, parameters, checks."""
    set_lang(lang)
    catalog = workspace_catalog(workspace)
    control = catalog.get(control_id)
    lg: Lang = "en" if state.lang == "en" else "vi"
    out = state.console
    from rich.markup import escape

    def say(text: str) -> None:
        out.print(text, markup=False)

    out.print(f"[bold]{escape(control.id)}[/bold] — {escape(control.title.get(lg))}")  # type: ignore[arg-type]
    say(
        f"framework: {catalog.framework_of[control.id]}   group: {control.group}   kind: {control.kind}"
        + (f"   layer: {control.layer}" if control.layer else "")
    )
    if control.summary:
        say(control.summary.get(lg))  # type: ignore[arg-type]
    for regime, wording in control.regimes.items():
        out.print(
            f"[bold]{regime}[/bold] {escape('(' + '; '.join(wording.refs) + '): ' + wording.summary.get(lg))}"
        )  # type: ignore[arg-type]
    if control.checks:
        say(state.t("Kiểm tra tự động: ", "Probe checks: ") + ", ".join(control.checks))
    for level, v in sorted(control.levels.items()):
        head = f"\n[bold]{state.t('Cấp độ', 'Level')} {level}[/bold]"
        if v.clause:
            head += f"  {state.t('điều khoản', 'clause')} {escape(v.clause)}"
        if v.refs:
            head += escape(f"  ({'; '.join(v.refs)})")
        out.print(head, markup=True)
        say(
            f"  {state.t('nguồn', 'source')}: {v.source}  ·  {state.t('độ tin cậy', 'confidence')}: {v.confidence.value}"
            + (
                ""
                if v.text_verified
                else state.t(
                    "  ·  nội dung chưa đối chiếu với tiêu chuẩn",
                    "  ·  text not verified against the standard",
                )
            )
        )
        if v.summary:
            say(f"  {v.summary.get(lg)}")  # type: ignore[arg-type]
        if v.applies_when:
            say(
                f"  {state.t('áp dụng khi', 'applies when')}: {v.applies_when.model_dump(exclude_none=True, by_alias=True)}"
            )
        for q in v.questions:
            say(f"  [{q.id}] {q.vi if lg == 'vi' else q.en}")
        for ev in v.evidence:
            say(f"  • {ev.get(lg)}")  # type: ignore[arg-type]
        for name, p in v.params.items():
            bound = p.min if p.min is not None else (p.max if p.max is not None else p.value)
            if isinstance(bound, float) and bound.is_integer():
                bound = int(bound)
            flags = " advisory" if p.advisory else ""
            flags += " owner-defined" if p.owner_defined else ""
            shown = (
                state.t("do chủ quản quy định", "set by the owner")
                if bound is None and p.owner_defined
                else bound
            )
            say(f"  {name} = {shown} {p.unit or ''} ({p.source}; {p.confidence.value}{flags})")
        if v.evaluate:
            say(f"  {state.t('đánh giá từ dữ liệu kiểm kê', 'evaluated from inventory')}: {v.evaluate}")


@catalog_app.command("lint")
def catalog_lint(workspace: WorkspaceOpt = Path(".")) -> None:
    """Check the catalog and profiles: ids, references, texts, clause numbers, profiles resolve."""
    from attt_audit.catalog import lint, load_profiles

    catalog = workspace_catalog(workspace)
    profiles = load_profiles(workspace)
    problems = lint(catalog, profiles, known_checks=_known_checks())
    for problem in problems:
        state.err.print(problem, markup=False)
    if problems:
        state.err.print(f"{len(problems)} problem(s)")
        raise typer.Exit(2)
    state.console.print(
        f"catalog ok: {len(catalog.frameworks)} frameworks, {len(catalog.controls)} controls, {len(profiles)} profiles"
    )


def _known_checks() -> set[str] | None:
    """Check ids the probe plugins can emit, or None when no probe package is installed."""
    try:
        from attt_audit.probes import registry  # type: ignore[attr-defined]
    except ImportError:
        return None
    return set(registry.known_checks())


# ------------------------------------------------------------------------------ profiles


@profile_app.command("list")
def profile_list(workspace: WorkspaceOpt = Path("."), lang: LangOpt = None) -> None:
    """List the available profiles."""
    set_lang(lang)
    from attt_audit.catalog import load_profiles

    profiles = load_profiles(workspace)
    rows = [
        [p.id, p.regime, p.level if p.level is not None else "—", p.extends or "", p.title.get(state.lang)]  # type: ignore[arg-type]
        for p in profiles.values()
    ]
    print_table(["Profile", "Regime", state.t("Cấp độ", "Level"), "Extends", state.t("Tên", "Title")], rows)


@profile_app.command("show")
def profile_show(
    name: Annotated[str, typer.Argument(help="Profile id, e.g. level3")],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
) -> None:
    """Show the resolved requirement list of a profile, each with its clause or article."""
    set_lang(lang)
    from attt_audit.catalog import load_profiles, resolve_profile

    catalog = workspace_catalog(workspace)
    resolved = resolve_profile(name, catalog, load_profiles(workspace))
    rows = [
        [i, r.control.id, r.control.kind, r.reference(), r.title(state.lang)]
        for i, r in enumerate(resolved.requirements, 1)
    ]
    print_table(
        [
            "#",
            state.t("Mã", "ID"),
            state.t("Loại", "Kind"),
            state.t("Điều khoản / căn cứ", "Clause / basis"),
            state.t("Yêu cầu", "Requirement"),
        ],
        rows,
        title=f"{resolved.profile.id} — {resolved.profile.title.get(state.lang)} ({' → '.join(resolved.chain)})",  # type: ignore[arg-type]
    )
    state.console.print(state.t(f"{len(rows)} yêu cầu", f"{len(rows)} requirements"))


# -------------------------------------------------------------------------------- schema


@app.command("schema")
def schema_cmd(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the JSON Schemas into.")] = Path(
        "schemas"
    ),
) -> None:
    """Write JSON Schemas for every file the tool reads or writes, for editor validation."""
    from attt_audit.schemas import write_schemas

    written = write_schemas(out)
    for path in written:
        state.console.print(str(path))


# ---------------------------------------------------------------------------------- main

# Feature modules add their commands here; each imports only typer at module level.
_FEATURES: list[str] = [
    "attt_audit.commands.annual",
    "attt_audit.commands.classify",
    "attt_audit.commands.questionnaire",
    "attt_audit.commands.run",
    "attt_audit.commands.probe",
    "attt_audit.commands.catalog_stats",
    "attt_audit.commands.render",
]


def _register_features() -> None:
    import importlib

    for name in _FEATURES:
        importlib.import_module(name).register(app)


def _click_exceptions() -> tuple[tuple[type[BaseException], ...], ...]:
    """(Exit, Abort, ClickException) classes of the click typer runs on.

    Recent typer vendors its own copy of click (``typer._click``); older ones use ``click``.
    """
    import importlib

    modules = [typer, typer.exceptions]
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            modules.append(importlib.import_module(name))
        except ImportError:
            continue

    def collect(attr: str) -> tuple[type[BaseException], ...]:
        return tuple({getattr(m, attr) for m in modules if isinstance(getattr(m, attr, None), type)})

    return collect("Exit"), collect("Abort"), collect("ClickException")


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: runs the app and turns errors into one line and an exit code."""
    from attt_audit.errors import AuditError

    args = list(sys.argv[1:] if argv is None else argv)
    state.debug = "--debug" in args
    if "--version" in args[:1]:
        typer.echo(f"attt-audit {__version__}")
        return 0
    exit_types, abort_types, click_types = _click_exceptions()
    try:
        _register_features()
        result = app(args=args, prog_name="attt-audit", standalone_mode=False)
        return int(result) if isinstance(result, int) else 0
    except AuditError as exc:
        if state.debug:
            raise
        from rich.markup import escape

        state.err.print(
            f"[bold red]{state.t('lỗi', 'error')}:[/bold red] {escape(exc.render())}", highlight=False
        )
        return exc.exit_code
    except exit_types as exc:
        return int(getattr(exc, "exit_code", 0))
    except abort_types:
        state.err.print(state.t("đã dừng", "aborted"))
        return 130
    except click_types as exc:
        exc.show()  # type: ignore[attr-defined]
        return int(getattr(exc, "exit_code", 2))
    except KeyboardInterrupt:
        state.err.print(state.t("đã dừng", "interrupted"))
        return 130
    except Exception as exc:  # a bug: one line, never a traceback unless asked
        if state.debug:
            raise
        from rich.markup import escape

        state.err.print(
            f"[bold red]internal error:[/bold red] {escape(f'{type(exc).__name__}: {exc}')}"
            " (run again with --debug for the traceback)",
            highlight=False,
        )
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
