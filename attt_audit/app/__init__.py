"""Use cases: what each command does, apart from the command line.

One module per command group. A use case takes plain arguments (paths, ids, ``lang``),
returns a result object and raises :class:`~attt_audit.errors.AuditError` subclasses; it never
imports typer, rich or :mod:`attt_audit.cli`, and holds no global state. The CLI parses
options, calls one, prints what it returns and maps errors to exit codes.
"""
