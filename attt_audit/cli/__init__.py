"""The ``attt-audit`` command line: :func:`main` is the console-script entry point."""

from attt_audit.cli.main import app, main

__all__ = ["app", "main"]
