"""The report-format family: one abstract :class:`Renderer`, one error type.

A renderer turns one system's :class:`~attt_audit.models.AssessmentResult` into one file in
``out_dir``. It states no fact that is not in the result; fixed wording comes from
:mod:`attt_audit.render.labels`. Renderers fail with :class:`~attt_audit.errors.RenderError`
only (a template that does not parse, a file that cannot be written).
"""

from __future__ import annotations

import unicodedata
from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

from attt_audit.errors import RenderError
from attt_audit.models import AssessmentResult

__all__ = ["Renderer", "RenderError", "report_stem"]

REPORT_STEMS = {"vi": "báo-cáo-đánh-giá", "en": "gap-report"}
"""Stem of the human-readable report files, in the report's language (NFC)."""


def report_stem(lang: str) -> str:
    return unicodedata.normalize("NFC", REPORT_STEMS[lang])


class Renderer(ABC):
    name: ClassVar[str]
    """Registered format name: ``json``, ``html``, ``md``, ``docx``."""
    suffix: ClassVar[str]
    """File suffix with the dot: ``.html``."""

    @abstractmethod
    def render(self, result: AssessmentResult, lang: str, out_dir: Path, templates: Path) -> Path:
        """Write the report into ``out_dir`` and return its path.

        ``templates`` is a ``reports/`` folder (the bundled one or a user's restyled copy);
        gap-report templates are under its ``gap/`` subfolder.
        """

    def output_path(self, out_dir: Path, lang: str) -> Path:
        return out_dir / f"{report_stem(lang)}{self.suffix}"


def template_file(templates: Path, name: str) -> Path:
    """``<templates>/gap/<name>``, or a :class:`RenderError` saying where it was looked for."""
    path = templates / "gap" / name
    if not path.is_file():
        raise RenderError(
            f"report template {name} not found",
            location=str(path),
            expected="a copy of the bundled reports/ folder (see attt_audit.resources.data_dir('reports'))",
        )
    return path
