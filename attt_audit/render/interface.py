"""The report-format families: one abstract :class:`Renderer` per subject, one error type.

A gap-report renderer (:class:`Renderer`) turns one system's
:class:`~attt_audit.models.AssessmentResult` into one file in ``out_dir``; a
:class:`DocumentRenderer` does the same for another subject (the annual report over an
organisation's systems, and the document families that follow). It states no fact that is not in the result; fixed wording comes from
:mod:`attt_audit.render.labels`. Renderers fail with :class:`~attt_audit.errors.RenderError`
only (a template that does not parse, a file that cannot be written).
"""

from __future__ import annotations

import unicodedata
from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

from attt_audit.errors import RenderError
from attt_audit.models import AssessmentResult
from attt_audit.models.common import Lang

__all__ = ["DocumentRenderer", "RenderError", "Renderer", "report_stem"]

SubjectT = TypeVar("SubjectT")

REPORT_STEMS = {"vi": "báo-cáo-đánh-giá", "en": "gap-report"}
"""Stem of the human-readable report files, in the report's language (NFC)."""


def report_stem(lang: Lang) -> str:
    return unicodedata.normalize("NFC", REPORT_STEMS[lang])


class Renderer(ABC):
    name: ClassVar[str]
    """Registered format name: ``json``, ``html``, ``md``, ``docx``."""
    suffix: ClassVar[str]
    """File suffix with the dot: ``.html``."""

    @abstractmethod
    def render(self, result: AssessmentResult, lang: Lang, out_dir: Path, templates: Path) -> Path:
        """Write the report into ``out_dir`` and return its path.

        ``templates`` is a ``reports/`` folder (the bundled one or a user's restyled copy);
        gap-report templates are under its ``gap/`` subfolder.
        """

    def output_path(self, out_dir: Path, lang: Lang) -> Path:
        return out_dir / f"{report_stem(lang)}{self.suffix}"


class DocumentRenderer(ABC, Generic[SubjectT]):
    """One output format of a document family over a subject (``DocumentRenderer[AnnualReport]``).

    The family names its files (the stem depends on the subject, e.g. the report year); the
    renderer writes one file at ``path`` and returns it, failing with :class:`RenderError` only.
    """

    name: ClassVar[str]
    """Registered format name: ``docx``, ``html``, ``xlsx``, ``json``."""
    suffix: ClassVar[str]
    """File suffix with the dot."""

    @abstractmethod
    def render(self, subject: SubjectT, lang: Lang, path: Path, templates: Path) -> Path:
        """Write the document at ``path``; ``templates`` is a ``reports/`` folder."""


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
