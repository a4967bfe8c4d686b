"""The import boundaries of the package: cli -> app (use cases) -> features -> models.

Every module under attt_audit/ is parsed (not imported), so an import inside a function or
under ``if TYPE_CHECKING:`` counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "attt_audit"
ENTRY_POINTS = {"attt_audit/__main__.py"}
"""Modules allowed to import the CLI from outside it: the ``python -m attt_audit`` entry point."""
UI_LIBRARIES = ("typer", "click", "rich")
CLI_TOP_LEVEL = ("__future__", "collections.abc", "pathlib", "sys", "typing", "typer", "attt_audit.cli")
"""What a CLI module may import at module level: start-up must stay light (``--help``)."""
CLI_TOP_LEVEL_NAMES = {"attt_audit", "attt_audit.__version__"}


def _module_name(rel: str) -> str:
    parts = rel.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, module: str, *, top_level_only: bool = False) -> list[str]:
    """Absolute names of the modules ``source`` imports (``from a import b`` gives ``a`` and ``a.b``).

    With ``top_level_only``, only imports that run when the module is imported: module-level
    statements outside ``if TYPE_CHECKING:``.
    """
    tree = ast.parse(source)
    package = module if module.endswith("__init__") else module.rpartition(".")[0]
    nodes: list[ast.AST]
    if top_level_only:
        nodes = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    else:
        nodes = list(ast.walk(tree))
    found: list[str] = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.append(base)
            found += [f"{base}.{alias.name}" for alias in node.names]
    return found


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _modules() -> list[tuple[str, str]]:
    root = PACKAGE.parent
    return [
        (path.relative_to(root).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def boundary_violations(modules: list[tuple[str, str]]) -> list[str]:
    """``path: imports name`` for every import that crosses a layer the wrong way."""
    problems: list[str] = []
    for rel, source in modules:
        name = _module_name(rel)
        in_cli = rel.startswith("attt_audit/cli/")
        for imported in imports(source, name):
            if not in_cli and rel not in ENTRY_POINTS and _within(imported, ("attt_audit.cli",)):
                problems.append(f"{rel}: imports {imported} (only the CLI and the entry point may)")
            if not in_cli and _within(imported, ("typer", "click")):
                problems.append(f"{rel}: imports {imported} (the command-line library belongs to the CLI)")
            if rel.startswith("attt_audit/app/") and _within(imported, UI_LIBRARIES):
                problems.append(f"{rel}: imports {imported} (use cases print nothing)")
        if in_cli:
            for imported in imports(source, name, top_level_only=True):
                if imported not in CLI_TOP_LEVEL_NAMES and not _within(imported, CLI_TOP_LEVEL):
                    problems.append(f"{rel}: imports {imported} at module level (import it in the command)")
    return problems


def test_no_module_outside_the_cli_imports_it_and_use_cases_import_no_ui() -> None:
    modules = _modules()
    assert any(rel.startswith("attt_audit/app/") for rel, _ in modules)
    assert any(rel.startswith("attt_audit/cli/") for rel, _ in modules)
    assert boundary_violations(modules) == []


@pytest.mark.parametrize(
    ("rel", "source", "expected"),
    [
        (
            "attt_audit/engine.py",
            "def f():\n    from attt_audit.cli import state\n",
            "attt_audit/engine.py: imports attt_audit.cli (only the CLI and the entry point may)",
        ),
        (
            "attt_audit/render/html.py",
            "from ..cli.common import state\n",
            "attt_audit/render/html.py: imports attt_audit.cli.common (only the CLI and the entry point may)",
        ),
        (
            "attt_audit/classify.py",
            "import typer\n",
            "attt_audit/classify.py: imports typer (the command-line library belongs to the CLI)",
        ),
        (
            "attt_audit/app/run.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from rich.console import Console\n",
            "attt_audit/app/run.py: imports rich.console (use cases print nothing)",
        ),
        (
            "attt_audit/cli/run.py",
            "from attt_audit.engine import Engine\n",
            "attt_audit/cli/run.py: imports attt_audit.engine at module level (import it in the command)",
        ),
    ],
    ids=["function-level", "relative", "typer-in-a-feature", "rich-in-a-use-case", "heavy-cli-import"],
)
def test_the_boundary_check_catches(rel: str, source: str, expected: str) -> None:
    assert expected in boundary_violations([(rel, source)])


@pytest.mark.parametrize(
    ("rel", "source"),
    [
        ("attt_audit/__main__.py", "from attt_audit.cli import main\n"),
        ("attt_audit/cli/run.py", "import typer\nfrom attt_audit.cli.common import state\n"),
        ("attt_audit/cli/run.py", "def run():\n    from attt_audit.app.run import run_assessment\n"),
        ("attt_audit/app/run.py", "from attt_audit.engine import Engine\n"),
    ],
    ids=["entry-point", "cli-common", "use-case-inside-command", "use-case-imports-feature"],
)
def test_the_boundary_check_allows(rel: str, source: str) -> None:
    assert boundary_violations([(rel, source)]) == []
