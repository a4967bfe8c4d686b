"""The canonical report: ``result.json``, the :class:`AssessmentResult` as JSON.

Machines read this file (``diff``, the annual report); its JSON Schema is published as
``reports/gap/result.schema.json`` and by ``attt-audit schema`` (``assessment-result``).
It does not depend on the report language.
"""

from __future__ import annotations

from pathlib import Path

from attt_audit import yamlio
from attt_audit.models import AssessmentResult
from attt_audit.render.interface import Renderer, RenderError
from attt_audit.yamlio import atomic_write_text, nfc

RESULT_FILE = "result.json"


class JsonRenderer(Renderer):
    name = "json"
    suffix = ".json"

    def output_path(self, out_dir: Path, lang: str) -> Path:
        return out_dir / RESULT_FILE

    def render(self, result: AssessmentResult, lang: str, out_dir: Path, templates: Path) -> Path:
        path = self.output_path(out_dir, lang)
        try:
            yamlio.atomic_write_bytes(path, result_json(result))
        except OSError as exc:
            raise RenderError(f"cannot write the result: {exc.strerror}", location=str(path)) from exc
        return path


def result_json(result: AssessmentResult) -> bytes:
    """``result.json``'s bytes: ``model_dump_json(indent=2)`` and a line feed, in NFC, UTF-8 (as
    :func:`atomic_write_text` writes it), without decoding and encoding the text again when it is
    already NFC (it is: every text comes from NFC inputs and catalogs)."""
    data = result.__pydantic_serializer__.to_json(result, indent=2)
    text = data.decode("utf-8")
    normal = nfc(text)
    if normal is not text and normal != text:
        data = normal.encode("utf-8")
    return data + b"\n"


def write_published_schema(path: Path | None = None) -> Path:
    """Write the result's JSON Schema to ``reports/gap/result.schema.json`` (or ``path``)."""
    import json

    from attt_audit.resources import data_dir
    from attt_audit.schemas import schema_of

    target = path or data_dir("reports") / "gap" / "result.schema.json"
    atomic_write_text(target, json.dumps(schema_of("assessment-result"), ensure_ascii=False, indent=2) + "\n")
    return target


if __name__ == "__main__":
    print(write_published_schema())
