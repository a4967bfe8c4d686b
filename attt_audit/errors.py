"""One exception type per failure domain, each carrying where the problem is and what was expected.

The CLI's single top-level handler turns any of them into one line and an exit code; nothing
else in the package prints errors.
"""

from __future__ import annotations


class AuditError(Exception):
    """Base of every error meant for the user. ``exit_code`` is what the CLI returns."""

    exit_code = 2

    def __init__(self, message: str, *, location: str | None = None, expected: str | None = None) -> None:
        self.message = message
        self.location = location
        self.expected = expected
        super().__init__(self.render())

    def render(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.expected:
            text += f"; expected {self.expected}"
        return text


class InputError(AuditError):
    """A file the user gave (inventory, answers, catalog, profile, waiver, spreadsheet) is wrong."""


class NotFoundError(AuditError):
    """A named thing (control, profile, system, file) does not exist."""


class ScopeError(AuditError):
    """A probe target lies outside what the inventory declares."""


class ProbeError(AuditError):
    """A probe could not run at all (not: a probe found a defect)."""


class RenderError(AuditError):
    """A report could not be rendered or written."""
