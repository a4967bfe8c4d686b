"""The ``attt-audit`` typer app: global options, the command groups in workflow order, and
:func:`main`, which turns every error into one line and an exit code.

Start-up stays light: this module and every command module import only typer; each command
imports its use case (``attt_audit.app``) when it runs, so ``--version`` and ``--help`` load
no report, probe or spreadsheet library. Every user-facing error is an
:class:`~attt_audit.errors.AuditError` turned into one line by :func:`main`; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from attt_audit import __version__
from attt_audit.cli import (
    annual,
    bundle,
    catalog,
    classify,
    dossier,
    init,
    probe,
    profile,
    province,
    questionnaire,
    render,
    run,
    schema,
    status,
)
from attt_audit.cli.common import set_lang, state

WORKFLOW = (
    "init",
    "status",
    "classify",
    "dossier",
    "questionnaire",
    "probe",
    "run",
    "render",
    "diff",
    "report",
    "sign",
    "verify",
    "keys",
    "province",
    "catalog",
    "profile",
    "schema",
)
"""The commands in the order an assessment uses them; ``--help`` lists them so."""


class _WorkflowGroup(TyperGroup):
    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(WORKFLOW)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))


app = typer.Typer(
    name="attt-audit",
    help="Audit information systems against Vietnam's graded-security regime (an toàn HTTT theo cấp độ).",
    cls=_WorkflowGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"attt-audit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _global(
    lang: Annotated[str, typer.Option("--lang", help="Output language: vi (default) or en.")] = "vi",
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback on errors.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars (they are drawn on a terminal only).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    set_lang(lang)
    state.debug = debug
    state.quiet = quiet


# The command groups in the order an assessment uses them: make a workspace, classify, answer,
# probe, assess, re-render, report the year, compare and sign; then the reference commands.
GROUPS = (
    init,
    status,
    classify,
    dossier,
    questionnaire,
    probe,
    run,
    render,
    annual,
    province,
    bundle,
    catalog,
    profile,
    schema,
)
for _group in GROUPS:
    _group.register(app)

GROUP_OF = {
    "init": init,
    "status": status,
    "classify": classify,
    "dossier": dossier,
    "questionnaire": questionnaire,
    "probe": probe,
    "run": run,
    "render": render,
    "report": annual,
    "province": province,
    "diff": bundle,
    "sign": bundle,
    "verify": bundle,
    "keys": bundle,
    "catalog": catalog,
    "profile": profile,
    "schema": schema,
}
"""The group module that registers each top-level command (a test checks it against GROUPS)."""

_GLOBAL_WITH_VALUE = {"--lang"}


def _command_name(args: list[str]) -> str | None:
    """The first argument that is not a global option (nor the value of one), if any."""
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg == "--":
            return None
        if arg in _GLOBAL_WITH_VALUE:
            skip = True
            continue
        if arg.startswith("-"):
            continue
        return arg
    return None


def app_for(args: list[str]) -> typer.Typer:
    """The app to run ``args`` with: only the named command's group when there is one.

    Typer turns every registered command into a click command (and a validator per option) each
    time it runs; building the one group asked for instead of all fourteen saves about a third
    of a second on every command. ``--help``, shell completion and an unknown command get the
    whole app (its listing and its "no such command" message)."""
    group = GROUP_OF.get(_command_name(args) or "")
    if group is None:
        return app
    slim = typer.Typer(
        name="attt-audit",
        help=app.info.help,
        cls=_WorkflowGroup,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        rich_markup_mode=None,
    )
    slim.callback()(_global)
    group.register(slim)
    return slim


def _click_exceptions() -> tuple[tuple[type[BaseException], ...], ...]:
    """(Exit, Abort, ClickException) classes of the click typer runs on.

    Recent typer vendors its own copy of click (``typer._click``); older ones use ``click``.
    """
    import importlib

    modules = [typer, typer.exceptions]
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            modules.append(importlib.import_module(name))
            break  # typer runs on one of them: importing click as well costs ~30 ms a command
        except ImportError:
            continue

    def collect(attr: str) -> tuple[type[BaseException], ...]:
        return tuple({getattr(m, attr) for m in modules if isinstance(getattr(m, attr, None), type)})

    return collect("Exit"), collect("Abort"), collect("ClickException")


def _wants_vietnamese_help(args: list[str]) -> bool:
    """``--lang vi`` (or ``--lang=vi``) given explicitly, before any ``--`` (help texts are English otherwise)."""
    for i, arg in enumerate(args):
        if arg == "--":
            return False
        if arg == "--lang=vi" or (arg == "--lang" and args[i + 1 : i + 2] == ["vi"]):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: runs the app and turns errors into one line and an exit code."""
    from attt_audit.errors import AuditError

    args = list(sys.argv[1:] if argv is None else argv)
    import os

    # pydantic looks for plugins by scanning every installed distribution's entry points on
    # the first model it builds (~30-60 ms a command); the tool's models need none. A value
    # the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    state.debug = "--debug" in args
    if "--version" in args[:1]:
        typer.echo(f"attt-audit {__version__}")
        return 0
    exit_types, abort_types, click_types = _click_exceptions()
    try:
        command = typer.main.get_command(app_for(args))
        if _wants_vietnamese_help(args):
            from attt_audit.cli.help_vi import translate

            translate(command)
        result = command.main(args=args, prog_name="attt-audit", standalone_mode=False)
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

        from attt_audit.yamlio import file_error

        problem = file_error(exc) if isinstance(exc, OSError) else None
        if problem is not None:  # a disk or permission problem a helper did not translate
            state.err.print(
                f"[bold red]{state.t('lỗi', 'error')}:[/bold red] {escape(problem.render())}", highlight=False
            )
            return problem.exit_code

        state.err.print(
            f"[bold red]internal error:[/bold red] {escape(f'{type(exc).__name__}: {exc}')}"
            " (run again with --debug for the traceback)",
            highlight=False,
        )
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
