"""The dossier's documents as Markdown, HTML (Jinja2 templates under ``reports/dossier/``) and Word
(the shared Decree 30 kit, :mod:`attt_audit.render.document`).

Every format shows the same content; a gap is ``[cần bổ sung: …]`` in bold (Markdown), marked
(HTML) or highlighted (Word).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from attt_audit.dossier.documents import Document, Heading, Para, Table
from attt_audit.dossier.facts import Gap, Part
from attt_audit.models import LocalText
from attt_audit.models.common import Lang
from attt_audit.text import format_date

FORMATS = ("docx", "md", "html")
TEMPLATES = {"md": "document.md.j2", "html": "document.html.j2"}


def text_of(part: Part, lang: Lang) -> str:
    """A part in ``lang``; coded legal references (``ND331 13.2.b``) cited as documents cite them
    (:func:`attt_audit.render.legal_refs.cite_in_text`)."""
    from attt_audit.render.legal_refs import cite_in_text

    if isinstance(part, Gap):
        return part.marker(lang)
    if isinstance(part, LocalText):
        return cite_in_text(part.get(lang), lang)
    if isinstance(part, dt.date):
        return format_date(part, lang)
    return cite_in_text(str(part), lang)


def resolve(parts: list[Part], lang: Lang) -> list[dict[str, Any]]:
    """Parts as ``{"text", "gap"}`` pieces, neighbouring plain pieces merged."""
    out: list[dict[str, Any]] = []
    for part in parts:
        text = text_of(part, lang)
        gap = isinstance(part, Gap)
        if not text:
            continue
        if out and not gap and not out[-1]["gap"]:
            out[-1]["text"] += text
        else:
            out.append({"text": text, "gap": gap})
    return out


def plain(parts: list[Part], lang: Lang) -> str:
    return "".join(text_of(p, lang) for p in parts)


def _form_line(doc: Document, lang: Lang) -> str:
    caption = doc.form_caption(lang)
    if not caption or doc.form is None:
        return ""
    if lang == "en" and doc.form.name is not None:
        return f"{caption} [{doc.form.name.vi}]"
    return caption


def _kit() -> Any:
    from attt_audit.render import document as kit

    return kit


def _signer_lines(doc: Document, lang: Lang) -> dict[str, Any] | None:
    if doc.signer is None:
        return None
    return {
        "body": resolve([*doc.signer.body], lang),
        "title": resolve(doc.signer.title, lang),
        "name": resolve(doc.signer.name, lang),
    }


def view(doc: Document, lang: Lang) -> dict[str, Any]:
    """The language-resolved view of one document the templates render."""
    kit = _kit()
    code = plain(doc.code, lang) if doc.code and not any(isinstance(p, Gap) for p in doc.code) else None
    number = kit.number_line(doc.doc_type, None, code, lang) if doc.code or doc.doc_type != "cong_van" else ""
    place = plain(doc.place, lang) if not any(isinstance(p, Gap) for p in doc.place) else None
    kind = doc.kind.get(lang) if doc.kind else None
    if kind is None and doc.doc_type != "cong_van":
        kind = (kit.document_type(doc.doc_type).name or {}).get(lang)
    blocks: list[dict[str, Any]] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            blocks.append({"type": "heading", "level": block.level, "parts": resolve(block.parts, lang)})
        elif isinstance(block, Para):
            blocks.append({"type": "para", "style": block.style, "parts": resolve(block.parts, lang)})
        elif isinstance(block, Table):
            blocks.append(
                {
                    "type": "table",
                    "header": [h.get(lang) for h in block.header],
                    "rows": [[resolve(cell, lang) for cell in row] for row in block.rows],
                }
            )
    return {
        "lang": lang,
        "motto_country": kit.kit_label("motto_country", lang),
        "motto_words": kit.kit_label("motto_words", lang),
        "parent": resolve(doc.parent, lang),
        "issuer": resolve(doc.issuer, lang),
        "number": number,
        "code_gap": resolve([p for p in doc.code if isinstance(p, Gap)], lang),
        "date_line": kit.date_line(place, None, lang, year=doc.year),
        "place_gap": resolve([p for p in doc.place if isinstance(p, Gap)], lang),
        "form": _form_line(doc, lang),
        "kind": kind or "",
        "title": doc.title.get(lang),
        "subject": resolve(doc.subject, lang),
        "recipients": [resolve(r, lang) for r in doc.recipients],
        "greeting": "Kính gửi:" if lang == "vi" else "To:",
        "blocks": blocks,
        "signer": _signer_lines(doc, lang),
        "cc_label": kit.kit_label("recipients", lang),
        "cc": [resolve(r, lang) for r in doc.cc],
        "as_above": kit.kit_label("as_above", lang) if doc.recipients else "",
        "archive": kit.kit_label("archive_bare", lang),
    }


def render_text(doc: Document, lang: Lang, kind: str, templates: Path) -> str:
    """The document through ``<templates>/dossier/document.<kind>.j2`` (``md`` or ``html``)."""
    import jinja2

    from attt_audit.errors import RenderError
    from attt_audit.render.jinja import environment

    folder = templates / "dossier"
    name = TEMPLATES[kind]
    if not (folder / name).is_file():
        raise RenderError(
            f"dossier template {name} not found",
            location=str(folder / name),
            expected="a copy of the bundled reports/ folder",
        )
    try:
        template = environment(str(folder.resolve()), kind).get_template(name)
        return str(template.render(**view(doc, lang)))
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(
            f"dossier template does not parse: {exc.message}", location=f"{exc.filename}:{exc.lineno}"
        ) from exc
    except jinja2.UndefinedError as exc:
        raise RenderError(
            f"dossier template uses an unknown name: {exc.message}", location=str(folder / name)
        ) from exc


# ------------------------------------------------------------------------------ Word


def _runs(parts: list[Part], lang: Lang, kit: Any, doc: Any) -> list[Any]:
    runs: list[Any] = []
    for part in parts:
        if isinstance(part, Gap):
            runs.append(doc.gap(part.label.get(lang)))
        else:
            text = text_of(part, lang)
            if text:
                runs.append(text)
    return runs or [""]


def _widths(n: int, total: float) -> list[float]:
    if n == 8:  # the security plan's rows: narrow number, clause, status and deadline columns
        weights = [0.9, 1.9, 2.8, 3.2, 3.2, 1.7, 1.8, 1.6]
    elif n == 2:
        weights = [1.0, 2.0]
    else:
        weights = [1.0] * n
    scale = total / sum(weights)
    return [w * scale for w in weights]


def render_docx(doc: Document, lang: Lang, templates: Path, author: str) -> bytes:
    """The document as ``.docx`` bytes, built on the Decree 30 kit."""
    kit = _kit()
    word = kit.Decree30Document(kit.reference_path(templates), lang=lang, doc_type=doc.doc_type)
    v = view(doc, lang)
    issuer = kit.Issuer(
        name=plain(doc.issuer, lang),
        parent=plain(doc.parent, lang),
        code="" if not doc.code or v["code_gap"] else plain(doc.code, lang),
    )
    subject = plain(doc.subject, lang) if doc.doc_type == "cong_van" else None
    word.header(issuer, date=v["date_line"], number=None, summary=subject)
    if v["form"]:
        word.notice(v["form"])
    if doc.doc_type == "cong_van":
        if doc.recipients:
            word.addressee([plain(r, lang) for r in doc.recipients], label=v["greeting"])
    else:
        word.title(doc.title.get(lang), kind=v["kind"] or None)
        if doc.recipients:
            word.addressee([plain(r, lang) for r in doc.recipients], label=v["greeting"])
    gaps_in_header = [*v["code_gap"], *v["place_gap"]]
    if gaps_in_header:
        word.notice([word.gap(g["text"].split(":", 1)[1].strip(" ]")) for g in gaps_in_header])
    landscape = False
    for block in doc.blocks:
        if isinstance(block, Heading):
            word.paragraph(
                _runs(block.parts, lang, kit, word),
                f"ND30 Heading {min(block.level, 3)}",
                keep_with_next=True,
            )
        elif isinstance(block, Para):
            runs = _runs(block.parts, lang, kit, word)
            if block.style == "item" or block.style == "blank":
                word.list_item(runs)
            elif block.style == "note":
                word.notice(runs)
            else:
                word.paragraph(runs)
        elif isinstance(block, Table):
            if doc.landscape and len(block.header) >= 6 and not landscape:
                word.section(landscape=True)
                landscape = True
            head = [h.get(lang) for h in block.header]
            rows = [[tuple(_runs(cell, lang, kit, word)) for cell in row] for row in block.rows]
            if rows:
                word.table(
                    head, rows, _widths(len(head), word.text_width_cm), size=10 if len(head) >= 6 else None
                )
    if doc.signer is not None:
        title = plain(doc.signer.title, lang)
        name = plain(doc.signer.name, lang)
        signer = kit.Signer(title=title, name=name, principal=plain(doc.signer.body, lang))
        word.signature(
            signer,
            [plain(r, lang) for r in doc.cc],
            issuer.code or "VT",
            as_above=bool(doc.recipients),
        )
    word.properties(title=doc.title.get(lang), author=author, subject=plain(doc.issuer, lang))
    data: bytes = word.to_bytes()
    return data
