"""The Decree 30/2020 document kit: every Word document of the tool is built with it.

Decree 30/2020/NĐ-CP (Phụ lục I) fixes *positions*: the two-column header table (issuer under
its parent body | national motto, each with a short rule sized to the text), the number and
place-date line, the type name and trích yếu, headings ``I.``/``1.``/``a)``, the signature
block beside ``Nơi nhận``, page numbers from page 2. :class:`Decree30Document` guarantees them
for any content; what a user restyles — fonts, sizes, spacing, page size and margins — lives in
the shared ``<templates>/reference.docx`` (built by ``reports/build_docx_template.py``): its
``ND30 …`` paragraph styles and its section settings are kept, its body is replaced.

The kit knows no report: callers pass every text, already in the document's language (its own
fixed words — motto, ``Số:``, ``Nơi nhận:``, ``Lưu`` — come from :data:`KIT_LABELS`).

Speed: the reference is read, checked and prepared once per process (body emptied, page-number
headers set, the package written once by python-docx); a document starts from a copy of its
``<w:document>`` element and is written as that package with its own ``word/document.xml`` and
``docProps/core.xml``. Paragraphs and tables are built as WordprocessingML elements directly
(lxml, python-docx's own dependency) with style ids resolved once and no formatting element
written unless it says something (a run without formatting has no ``<w:rPr>``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from attt_audit.errors import InputError, RenderError

__all__ = [
    "FONT",
    "KIT_LABELS",
    "REFERENCE",
    "STYLE_NAMES",
    "Cell",
    "Decree30Document",
    "DocumentType",
    "Inline",
    "Issuer",
    "Run",
    "RunsXml",
    "Signer",
    "bold",
    "date_line",
    "document_type",
    "italic",
    "number_line",
    "placeholders",
    "reference_path",
    "roman",
    "runs_xml",
    "set_run_fonts",
    "text_width_cm",
]

Lang = Literal["vi", "en"]
FONT = "Times New Roman"
REFERENCE = "reference.docx"
"""File name of the shared reference document in a ``reports/`` templates folder."""

STYLE_NAMES = (
    "ND30 Header",
    "ND30 Motto",
    "ND30 Number",
    "ND30 Title",
    "ND30 Subject",
    "ND30 Heading 1",
    "ND30 Heading 2",
    "ND30 Heading 3",
    "ND30 List",
    "ND30 Addressee",
    "ND30 Appendix",
    "ND30 Table Text",
    "ND30 Table Head",
    "ND30 Recipients Head",
    "ND30 Recipients",
    "ND30 Signature",
    "ND30 Notice",
    "ND30 Rule",
)
"""Paragraph styles the kit uses; ``reference.docx`` must define them all (and ``Header``)."""

KIT_LABELS: dict[str, tuple[str, str]] = {
    "motto_country": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "motto_words": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "number": ("Số:", "No.:"),
    "recipients": ("Nơi nhận:", "Distribution:"),
    "as_above": ("Như trên", "As above"),
    "archive": ("Lưu: VT, {unit}.", "File: records office, {unit}."),
    "archive_bare": ("Lưu: VT.", "File: records office."),
    "gap": ("[cần bổ sung: {text}]", "[to complete: {text}]"),
    "date_line": ("{place}, ngày {d} tháng {m} năm {y}", "{place}, {date}"),
    "date_blank": ("{place}, ngày ... tháng ... năm {y}", "{place}, ... {y}"),
    "place_unknown": ("……", "……"),
    "appendix": ("Phụ lục", "Appendix"),
}
"""The kit's own fixed words (vi, en): nothing English ever reaches a Vietnamese document."""

AUTHORITY_FORMS = ("KT", "TM", "Q", "TL", "TUQ")
"""Signing authority prefixes of Decree 30/2020 (Phụ lục I, ô 7a)."""

# ------------------------------------------------------------------------------ XML names

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_VAL, W_W, W_TYPE = _w("val"), _w("w"), _w("type")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_P, _PPR, _R, _RPR, _T, _BR, _TAB = (_w(t) for t in ("p", "pPr", "r", "rPr", "t", "br", "tab"))
_PSTYLE, _KEEPNEXT, _KEEPLINES, _PBDR, _SPACING, _IND, _JC = (
    _w(t) for t in ("pStyle", "keepNext", "keepLines", "pBdr", "spacing", "ind", "jc")
)
_B, _I, _SZ, _SZCS, _HIGHLIGHT = (_w(t) for t in ("b", "i", "sz", "szCs", "highlight"))
_TBL, _TBLPR, _TBLGRID, _GRIDCOL, _TR, _TRPR, _TC, _TCPR, _TCW = (
    _w(t) for t in ("tbl", "tblPr", "tblGrid", "gridCol", "tr", "trPr", "tc", "tcPr", "tcW")
)
_SECTPR = _w("sectPr")

_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both", "both": "both"}
_DEFERRED = _w("atttDeferred")
_DEFERRED_MARK = re.compile(rb'<w:(?:tbl|p) w:atttDeferred="(\d+)"/>')
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _twips(cm: float) -> str:
    return str(round(cm / 2.54 * 1440))


# ------------------------------------------------------------------------------ small values


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text with its own formatting (``highlight``: yellow, for a gap to fill)."""

    text: str
    bold: bool = False
    italic: bool = False
    highlight: bool = False
    size: float | None = None
    """Points; ``None`` keeps the paragraph style's size."""


Inline = str | Run | Sequence[str | Run]
"""One paragraph's content: a string, a :class:`Run`, or a sequence of them (one run each).
``\\n`` inside a string is a line break within the paragraph."""
Cell = Inline | list[Inline]
"""A table cell: one paragraph (:data:`Inline`), or a ``list`` of them (one paragraph each).
For a list of runs in a single paragraph, pass a ``tuple``."""


def bold(text: str) -> Run:
    return Run(text, bold=True)


def italic(text: str) -> Run:
    return Run(text, italic=True)


_PLACEHOLDER = re.compile(r"(\[[^\[\]]*\])")


def placeholders(text: str) -> tuple[Run, ...]:
    """``text`` as runs where every ``[…]`` part is highlighted (a value still to be filled in)."""
    return tuple(
        Run(part, highlight=bool(_PLACEHOLDER.fullmatch(part))) for part in _PLACEHOLDER.split(text) if part
    )


@dataclass(frozen=True, slots=True)
class Issuer:
    """The issuing body (cơ quan ban hành) and the body above it (cơ quan chủ quản)."""

    name: str
    parent: str = ""
    """Governing body, printed above the issuer, not bold; empty: none."""
    code: str = ""
    """Short code in document numbers (``SGTVT`` in ``Số: 05/BC-SGTVT``)."""


@dataclass(frozen=True, slots=True)
class Signer:
    """Who signs, in Decree 30 form (ô 7a/7b).

    ``authority`` is one of ``""`` (the head signs), ``KT`` (a deputy signs for the head), ``TM``
    (on behalf of a collective), ``Q`` (acting head), ``TL``, ``TUQ``; ``principal`` is whom the
    prefix names (``GIÁM ĐỐC``, ``ỦY BAN NHÂN DÂN``). Printed: ``KT. GIÁM ĐỐC`` / ``PHÓ GIÁM ĐỐC``
    / (space to sign) / name.
    """

    title: str
    """The signer's own position, e.g. ``PHÓ GIÁM ĐỐC``."""
    name: str = ""
    authority: str = ""
    principal: str = ""

    @classmethod
    def from_line(cls, authority_line: str | None, title: str, name: str = "") -> Signer:
        """From a written authority line such as ``KT. GIÁM ĐỐC`` (an unknown prefix stays as text)."""
        line = (authority_line or "").strip()
        head, dot, rest = line.partition(".")
        if dot and head.strip().upper() in AUTHORITY_FORMS:
            return cls(title=title, name=name, authority=head.strip().upper(), principal=rest.strip())
        return cls(title=title, name=name, authority="", principal=line)

    def lines(self) -> list[str]:
        """The capitalised lines above the space for the signature."""
        out: list[str] = []
        if self.authority:
            if self.authority not in AUTHORITY_FORMS:
                raise InputError(
                    f"unknown signing authority {self.authority!r}", expected=", ".join(AUTHORITY_FORMS)
                )
            out.append(f"{self.authority}. {(self.principal or self.title).upper()}")
            if self.principal and self.title and self.title.upper() != self.principal.upper():
                out.append(self.title.upper())
        else:
            if self.principal:
                out.append(self.principal.upper())
            if self.title and self.title.upper() != self.principal.upper():
                out.append(self.title.upper())
        return out


@dataclass(frozen=True, slots=True)
class DocumentType:
    key: str
    symbol: str | None
    """Abbreviation in the number (``BC``); ``None`` for a công văn."""
    name: dict[str, str] | None
    """Type name printed as the title, per language; ``None``: no title (công văn)."""


@lru_cache(maxsize=1)
def _document_types() -> dict[str, DocumentType]:
    import yaml

    from attt_audit.resources import data_dir

    path = data_dir("reports") / "document-types.yaml"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=loader)  # noqa: S506 - a safe loader
    return {
        key: DocumentType(key=key, symbol=value.get("symbol"), name=value.get("name"))
        for key, value in data["types"].items()
    }


def document_type(key: str) -> DocumentType:
    """The type ``key`` of ``reports/document-types.yaml`` (``bao_cao``, ``cong_van``, ``to_trinh`` …)."""
    types = _document_types()
    if key not in types:
        raise InputError(f"unknown document type {key!r}", expected=", ".join(types))
    return types[key]


def kit_label(key: str, lang: str, **fmt: object) -> str:
    vi, en = KIT_LABELS[key]
    text = en if lang == "en" else vi
    return text.format(**fmt) if fmt else text


def number_line(doc_type: str, number: str | None, unit: str | None, lang: str = "vi") -> str:
    """``Số: 05/BC-SGTVT``; the serial left blank for the records office when ``number`` is empty.

    ``number`` may be the whole number and symbol (``125/SGTVT-VP``, printed as given) or the
    serial only (``5`` → ``05``). A công văn has no type symbol: ``Số: 05/SGTVT``.
    """
    label = kit_label("number", lang)
    number = (number or "").strip()
    if "/" in number:
        return f"{label} {number}"
    symbol = document_type(doc_type).symbol
    code = (unit or "").strip() or "……"
    suffix = f"{symbol}-{code}" if symbol else code
    serial = (number.zfill(2) if number.isdigit() else number) or "      "
    return f"{label} {serial}/{suffix}"


def date_line(place: str | None, day: dt.date | None, lang: str = "vi", *, year: int | None = None) -> str:
    """``Hà Nội, ngày 05 tháng 01 năm 2026`` (days < 10 and months 1–2 padded, Decree 30 ô 4).

    Without a day: ``Hà Nội, ngày ... tháng ... năm 2026`` for the signer to date by hand.
    """
    where = place or kit_label("place_unknown", lang)
    if day is None:
        return kit_label("date_blank", lang, place=where, y=year or "")
    if lang == "en":
        return kit_label("date_line", lang, place=where, date=f"{day.day} {day:%B %Y}")
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return kit_label("date_line", lang, place=where, d=f"{day.day:02d}", m=month, y=day.year)


def roman(n: int) -> str:
    """``1`` → ``I``, ``4`` → ``IV`` (section and appendix numbers)."""
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC")):
        while n >= value:
            out, n = out + digits, n - value
    for value, digits in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + digits, n - value
    return out


@lru_cache(maxsize=4096)
def text_width_cm(text: str, size_pt: float, bold: bool = False) -> float:
    """Rough printed width of ``text`` in Times New Roman, to size the Decree's short rules
    (remembered: a run's documents share their issuer, motto and date line)."""
    em = 0.0
    for ch in text:
        if ch == " ":
            em += 0.25
        elif ch == "-":
            em += 0.333
        elif ch.isupper():
            em += 0.70 if bold else 0.66
        elif ch.isdigit():
            em += 0.5
        else:
            em += 0.50 if bold else 0.46
    return em * size_pt * 2.54 / 72


HEADER_PT = 12.0
"""Size of the header lines (style ``ND30 Header``: parent body, issuer, ``CỘNG HÒA …``)."""
MOTTO_PT = 13.0
"""Size of ``Độc lập - Tự do - Hạnh phúc`` (style ``ND30 Motto``) and of the date line."""
CELL_PAD_CM = 0.4
"""A table cell's left and right margins together (Word's default 0.19 cm each, rounded up)."""
FIT = 1.06
"""Safety factor on :func:`text_width_cm`: a line printed in Times New Roman (or its metric twin
Liberation Serif in LibreOffice) is up to a few per cent wider than the estimate."""


_BREAK_BEFORE = {
    w: 2.5 for w in ("tỉnh", "thành", "huyện", "quận", "thị", "xã", "phường", "thuộc", "trực")
} | {"và": 0.5, "của": 0.5}
"""Words a header line may well begin with (cm of width a balanced split gives up for them):
place and attachment words keep ``SỞ GIAO THÔNG VẬN TẢI`` / ``TỈNH BÌNH AN`` together."""


def wrap_lines(
    text: str, size_pt: float, width_cm: float, *, bold: bool = False, max_lines: int = 3
) -> list[str]:
    """``text`` in as few lines as fit ``width_cm`` (one, else two or three of balanced width,
    preferring a break after a comma or before a place word, :data:`_BREAK_BEFORE`); more than
    three lines only when three do not fit."""
    return list(_wrap_lines(text, size_pt, width_cm, bold, max_lines))


@lru_cache(maxsize=1024)
def _wrap_lines(text: str, size_pt: float, width_cm: float, bold: bool, max_lines: int) -> tuple[str, ...]:
    """:func:`wrap_lines`, remembered (every document of a run has the same issuer)."""
    words = text.split()
    if not words:
        return ()

    def width(part: Sequence[str]) -> float:
        return text_width_cm(" ".join(part), size_pt, bold) * FIT

    if width(words) <= width_cm:
        return (" ".join(words),)
    from itertools import combinations

    for count in range(2, max_lines + 1):
        best: tuple[float, list[list[str]]] | None = None
        for cuts in combinations(range(1, len(words)), count - 1):
            bounds = (0, *cuts, len(words))
            parts = [words[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
            widest = max(width(part) for part in parts)
            if widest > width_cm:
                continue
            cost = widest - sum(
                0.5 if part[-1].endswith(",") else _BREAK_BEFORE.get(after[0].casefold(), 0.0)
                for part, after in zip(parts, parts[1:], strict=False)
            )
            if best is None or cost < best[0]:
                best = (cost, parts)
        if best is not None:
            return tuple(" ".join(part) for part in best[1])
    lines: list[list[str]] = [[]]
    for word in words:  # greedy beyond three lines (a very long name)
        if lines[-1] and width([*lines[-1], word]) > width_cm:
            lines.append([])
        lines[-1].append(word)
    return tuple(" ".join(line) for line in lines)


def set_run_fonts(rpr: Any, name: str = FONT) -> None:
    """Make every script (Latin, complex, East Asian) of ``rpr`` use ``name``, dropping theme fonts."""
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


# ------------------------------------------------------------------------------ the reference


def reference_path(templates: Path) -> Path:
    """``<templates>/reference.docx``, or a :class:`RenderError` saying where it was looked for."""
    path = Path(templates) / REFERENCE
    if not path.is_file():
        raise RenderError(
            "Word reference document reference.docx not found",
            location=str(path),
            expected="a copy of the bundled reports/ folder (see attt_audit.resources.data_dir('reports'))",
        )
    return path


@dataclass(frozen=True)
class _Reference:
    style_ids: dict[str, str]
    document: Any
    """``<w:document>`` of the reference with an empty body and the page-number headers set: each
    document starts from a copy of it."""
    core: bytes
    """``docProps/core.xml`` as python-docx writes it, before :meth:`Decree30Document.properties`."""
    members: tuple[tuple[str, _Member], ...]
    """Every file of the package, in python-docx's order, as python-docx writes it for the
    prepared reference (compressed once): the same for every document but ``word/document.xml``
    and ``docProps/core.xml``, whose names are :attr:`document_name` and :attr:`core_name`."""
    document_name: str
    core_name: str


@dataclass(frozen=True, slots=True)
class _Member:
    """A file of a zip archive, deflated as :mod:`zipfile` deflates it (its default level)."""

    name: bytes
    flags: int
    """0x800 when the name is not ASCII (UTF-8 name), as :mod:`zipfile` sets it."""
    crc: int
    size: int
    data: bytes


DOCUMENT_LEVEL = 3
"""zlib level of a document's own ``word/document.xml`` (the reference's files keep zipfile's
default, 6, compressed once): a gap report's ~350 KB compress in ~1.3 ms instead of ~3.5 ms,
to ~28 KB instead of ~24 KB. The files inside the package are the same bytes either way."""


def _deflated(name: str, blob: bytes, level: int = -1) -> _Member:
    """``blob`` deflated at ``level`` (-1: zlib's default, 6, as :mod:`zipfile` by default)."""
    import zlib

    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    data = packer.compress(blob) + packer.flush()
    ascii_name = name.isascii()
    encoded = name.encode("ascii" if ascii_name else "utf-8")
    return _Member(encoded, 0 if ascii_name else 0x800, zlib.crc32(blob), len(blob), data)


_ZIP_LIMIT = 0xFFFFFFFF


def _zip(members: Sequence[_Member]) -> bytes:
    """A zip archive of ``members`` laid out as ``zipfile.ZipFile(…, "w", ZIP_DEFLATED)`` with
    ``writestr`` lays it out (local headers without data descriptors, files dated now, mode
    0600), from files deflated beforehand; an archive needing ZIP64 is left to :mod:`zipfile`."""
    import struct
    import time
    import zlib

    if sum(len(m.data) + len(m.name) + 76 for m in members) >= _ZIP_LIMIT or len(members) >= 0xFFFF:
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
            for m in members:
                package.writestr(m.name.decode("utf-8"), zlib.decompress(m.data, -15))
        return buffer.getvalue()
    now = time.localtime()
    dostime = now.tm_hour << 11 | now.tm_min << 5 | now.tm_sec // 2
    dosdate = (now.tm_year - 1980) << 9 | now.tm_mon << 5 | now.tm_mday
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        local = struct.pack(
            "<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, m.flags, 8, dostime, dosdate,
            m.crc, len(m.data), m.size, len(m.name), 0,
        )  # fmt: skip
        central.append(
            struct.pack(
                "<4s4B4HL2L5H2L",
                b"PK\x01\x02",
                20,
                3,
                20,
                0,
                m.flags,
                8,
                dostime,
                dosdate,
                m.crc,
                len(m.data),
                m.size,
                len(m.name),
                0,
                0,
                0,
                0,
                0o600 << 16,
                offset,
            )  # fmt: skip
            + m.name
        )
        out += (local, m.name, m.data)
        offset += len(local) + len(m.name) + len(m.data)
    directory = b"".join(central)
    out.append(directory)
    out.append(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), offset, 0)
    )
    return b"".join(out)


def _page_numbers(doc: Any, header_style: str) -> None:
    """A PAGE field centred in the header; page 1 has its own empty header (titlePg)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    element = header._element
    for child in list(element):
        element.remove(child)
    p = _paragraph(element, header_style, align="center")
    _field(p, "PAGE", "2")
    first = section.first_page_header
    first.is_linked_to_previous = False
    element = first._element
    for child in list(element):
        element.remove(child)
    _paragraph(element, header_style)


@lru_cache(maxsize=4)
def _load_reference(path: str, mtime_ns: int, size: int) -> _Reference:
    """Read and check the reference once per process (per version of the file)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        blob = Path(path).read_bytes()
        doc = docx.Document(io.BytesIO(blob))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise RenderError(
            f"not a Word file: {exc}", location=path, expected="a .docx reference document"
        ) from exc
    except Exception as exc:  # zipfile.BadZipFile and lxml errors
        raise RenderError(
            f"not a Word file: {exc}", location=path, expected="a .docx reference document"
        ) from exc
    ids = {s.name: s.style_id for s in doc.styles if s.name}
    missing = [n for n in (*STYLE_NAMES, "Header") if n not in ids]
    if missing:
        raise RenderError(
            f"reference document lacks the paragraph style(s) {', '.join(missing)}",
            location=path,
            expected="a reference.docx built by reports/build_docx_template.py, restyled in Word",
        )
    # Prepared once: the body emptied (its section settings kept), the page-number headers set
    # and the whole package as python-docx writes it. A document copies the ``<w:document>``
    # element and writes its own ``word/document.xml`` and ``docProps/core.xml`` in place of
    # these two; every other file is the same bytes python-docx would write for it.
    body = doc.element.body
    for child in list(body):
        if child.tag != _SECTPR:
            body.remove(child)
    if body.find(_SECTPR) is None:
        raise RenderError(
            "reference document has no section settings", location=path, expected="a .docx reference document"
        )
    _page_numbers(doc, ids["Header"])
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.oxml import serialize_part_xml

    doc.core_properties  # noqa: B018 - python-docx adds a core properties part when there is none
    core = doc.part.package.part_related_by(RT.CORE_PROPERTIES)
    buffer = io.BytesIO()
    doc.save(buffer)
    import zipfile

    with zipfile.ZipFile(buffer) as package:
        members = tuple((name, _deflated(name, package.read(name))) for name in package.namelist())
    return _Reference(
        style_ids=ids,
        document=doc.element,
        core=serialize_part_xml(core.element),
        members=members,
        document_name=doc.part.partname.membername,
        core_name=core.partname.membername,
    )


def _reference(path: Path) -> _Reference:
    try:
        stat = path.stat()
    except OSError as exc:
        raise RenderError(f"cannot read the reference document: {exc.strerror}", location=str(path)) from exc
    return _load_reference(str(path), stat.st_mtime_ns, stat.st_size)


# ------------------------------------------------------------------------------ XML builders


# WordprocessingML is written as text and parsed once per block: an order of magnitude faster
# than one lxml call per element, and every value goes through :func:`_esc`.
_NSDECL = f' xmlns:w="{W_NS}"'


def _esc(text: str) -> str:
    if _BAD_XML.search(text):
        text = _BAD_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _parse(xml: str) -> Any:
    """One element from its text (the root carries the ``w`` namespace declaration)."""
    from lxml import etree

    return etree.fromstring(xml)


def _sub(parent: Any, tag: str, attrib: dict[str, str] | None = None) -> Any:
    from lxml import etree

    return etree.SubElement(parent, tag, attrib) if attrib else etree.SubElement(parent, tag)


def _t_xml(text: str) -> str:
    if text[0] == " " or text[-1] == " ":
        return f'<w:t xml:space="preserve">{_esc(text)}</w:t>'
    return f"<w:t>{_esc(text)}</w:t>"


def _text_xml(text: str) -> str:
    """Run content: ``\\n`` becomes a line break, ``\\t`` a tab."""
    if "\n" not in text and "\t" not in text:
        return _t_xml(text)
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                out.append(_t_xml(piece))
    return "".join(out)


@lru_cache(maxsize=8192)
def _run_xml(
    text: str, bold: bool = False, italic: bool = False, highlight: bool = False, size: float | None = None
) -> str:
    """A ``<w:r>``; a ``<w:rPr>`` only when the run has formatting of its own.

    Remembered per text and formatting: a report's requirement titles, clauses, labels and
    answers recur across its tables and across the systems of a run. Call it with positional
    arguments only (the cache keys on them as given)."""
    if not text:
        return ""
    if bold or italic or highlight or size:
        props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
        if size:
            half = round(size * 2)
            props += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
        if highlight:
            props += '<w:highlight w:val="yellow"/>'
        return f"<w:r><w:rPr>{props}</w:rPr>{_text_xml(text)}</w:r>"
    return f"<w:r>{_text_xml(text)}</w:r>"


class RunsXml(str):
    """One paragraph's runs already written as WordprocessingML (made by :func:`runs_xml`):
    passed through as they are where an :data:`Inline` is taken (its size is its own)."""

    __slots__ = ()


@lru_cache(maxsize=16384)
def runs_xml(
    text: str, bold: bool = False, italic: bool = False, highlight: bool = False, size: float | None = None
) -> RunsXml:
    """The run of ``text`` with this formatting as :class:`RunsXml`: the same XML a :class:`Run`
    gives in a paragraph or cell whose ``size`` is ``size``, made once per text and formatting
    (a builder that writes many table rows skips the :class:`Run` and its lookups)."""
    return RunsXml(_run_xml(text, bold, italic, highlight, size))


def _inline_xml(content: Inline | None, size: float | None = None) -> str:
    """The runs of one paragraph's content (see :data:`Inline`)."""
    if not content:
        return ""
    if isinstance(content, str):
        if type(content) is RunsXml:
            return content
        return _run_xml(content, False, False, False, size)
    if isinstance(content, Run):
        return _run_xml(content.text, content.bold, content.italic, content.highlight, content.size or size)
    return "".join(
        _run_xml(piece.text, piece.bold, piece.italic, piece.highlight, piece.size or size)
        if isinstance(piece, Run)
        else piece
        if type(piece) is RunsXml
        else _run_xml(piece, False, False, False, size)
        for piece in content
    )


def _p_xml(
    style_id: str | None,
    content: Inline | None = None,
    *,
    align: str | None = None,
    keep_next: bool = False,
    keep_lines: bool = False,
    indent_cm: tuple[float, float] | None = None,
    first_line_cm: float | None = None,
    before_pt: float | None = None,
    after_pt: float | None = None,
    border_bottom: bool = False,
    size: float | None = None,
    ns: bool = False,
) -> str:
    """One ``<w:p>``; properties only for what is asked (style defaults hold otherwise)."""
    props = f'<w:pStyle w:val="{style_id}"/>' if style_id else ""
    if keep_next:
        props += "<w:keepNext/>"
    if keep_lines:
        props += "<w:keepLines/>"
    if border_bottom:
        props += '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
    if before_pt is not None or after_pt is not None:
        props += "<w:spacing"
        if before_pt is not None:
            props += f' w:before="{round(before_pt * 20)}"'
        if after_pt is not None:
            props += f' w:after="{round(after_pt * 20)}"'
        props += "/>"
    if indent_cm or first_line_cm is not None:
        props += "<w:ind"
        if indent_cm:
            props += f' w:left="{_twips(indent_cm[0])}" w:right="{_twips(indent_cm[1])}"'
        if first_line_cm is not None:
            props += f' w:firstLine="{_twips(first_line_cm)}"'
        props += "/>"
    if align:
        props += f'<w:jc w:val="{_ALIGN[align]}"/>'
    head = f"<w:p{_NSDECL}>" if ns else "<w:p>"
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"{head}{ppr}{_inline_xml(content, size)}</w:p>"


def _paragraph(parent: Any, style_id: str | None, content: Inline | None = None, **kw: Any) -> Any:
    """A paragraph appended to ``parent`` (the body, a cell, a header); returns ``<w:p>``."""
    p = _parse(_p_xml(style_id, content, ns=True, **kw))
    parent.append(p)
    return p


def _field(p: Any, instruction: str, shown: str) -> None:
    """A complex field (``PAGE``) in its own runs, so Word and LibreOffice both update it."""
    _sub(_sub(p, _R), _w("fldChar"), {_w("fldCharType"): "begin"})
    instr = _sub(_sub(p, _R), _w("instrText"), {XML_SPACE: "preserve"})
    instr.text = f" {instruction} "
    _sub(_sub(p, _R), _w("fldChar"), {_w("fldCharType"): "separate"})
    _sub(_sub(p, _R), _T).text = shown
    _sub(_sub(p, _R), _w("fldChar"), {_w("fldCharType"): "end"})


_CORE_MARKS = {"title": "\ue001", "subject": "\ue002", "author": "\ue003", "keywords": "\ue004"}
_CORE_WHEN = dt.datetime(1901, 2, 3, 4, 5, 6)
_CORE_SPLIT = re.compile("(\ue001|\ue002|\ue003|\ue004|1901-02-03T04:05:06Z)")
_CORE_TEMPLATES: dict[tuple[int, str], tuple[Any, list[str] | None]] = {}


def _core_template(ref: _Reference, lang: str) -> list[str] | None:
    """``docProps/core.xml`` as :meth:`Decree30Document.properties` has python-docx write it, with
    marks in place of its values, split at them (``None`` if the marks do not each come back
    where expected)."""
    key = (id(ref), lang)
    known = _CORE_TEMPLATES.get(key)
    if known is not None and known[0] is ref:
        return known[1]
    from docx.opc.coreprops import CoreProperties
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    props = CoreProperties(parse_xml(ref.core))
    props.title = _CORE_MARKS["title"]
    props.subject = _CORE_MARKS["subject"]
    props.author = _CORE_MARKS["author"]
    props.last_modified_by = _CORE_MARKS["author"]
    props.created = _CORE_WHEN
    props.modified = _CORE_WHEN
    props.revision = 1
    props.comments = ""
    props.keywords = _CORE_MARKS["keywords"]
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.version = ""
    props.language = "vi-VN" if lang == "vi" else "en-GB"
    pieces: list[str] | None = _CORE_SPLIT.split(serialize_part_xml(props._element).decode("utf-8"))
    marks = sorted(pieces[1::2]) if pieces else []
    expected = sorted(
        [*_CORE_MARKS.values(), _CORE_MARKS["author"], "1901-02-03T04:05:06Z", "1901-02-03T04:05:06Z"]
    )
    if marks != expected:
        pieces = None
    _CORE_TEMPLATES[key] = (ref, pieces)
    return pieces


def _core_xml(
    ref: _Reference, lang: str, title: str, subject: str, author: str, keywords: str, utc: dt.datetime
) -> bytes | None:
    """The core properties python-docx would write for these values, from :func:`_core_template`;
    ``None`` for a value python-docx refuses or lxml writes otherwise (longer than 255
    characters, not a string, characters XML cannot hold, a carriage return)."""
    values = {
        _CORE_MARKS["title"]: title,
        _CORE_MARKS["subject"]: subject,
        _CORE_MARKS["author"]: author,
        _CORE_MARKS["keywords"]: keywords,
    }
    for value in values.values():
        if type(value) is not str or len(value) > 255 or "\r" in value or _BAD_XML.search(value):
            return None
    pieces = _core_template(ref, lang)
    if pieces is None:
        return None
    when = utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    filled = [
        piece if i % 2 == 0 else when if piece not in values else _esc(values[piece])
        for i, piece in enumerate(pieces)
    ]
    try:
        return "".join(filled).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: python-docx (lxml) says what is wrong
        return None


_KEPT_TABLES: dict[tuple[Any, ...], bytes] = {}
"""The text of kept tables of plain strings, by their content (:meth:`Decree30Document.table`)."""
_KEPT_TABLES_MAX = 64
_BUILT: dict[tuple[Any, ...], tuple[Any, str, bytes]] = {}
"""Blocks of the body built before (:meth:`Decree30Document._remember`): key → (the reference
they were built with, the element's tag, its text)."""
_XMLNS = re.compile(rb' xmlns:\w+="[^"]*"')

_RowShape = tuple[str, list[tuple[str, str]]]
"""A table row's opening (``<w:tr>`` and its properties) and, per column, the cell's opening
(``<w:tc>`` and its width) and a paragraph's opening (``<w:p>`` and its properties)."""


def _row_shape(
    twips: list[str], style_id: str, aligns: list[str | None], *, header: bool, keep: bool
) -> _RowShape:
    """What every row of a table (or its head) begins with, built once per table."""
    row = "<w:tr>"
    if keep or header:
        row += (
            "<w:trPr>"
            + ("<w:cantSplit/>" if keep else "")
            + ("<w:tblHeader/>" if header else "")
            + "</w:trPr>"
        )
    plain = f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
    cells = []
    for col, width in enumerate(twips):
        jc = aligns[col] if col < len(aligns) else None
        ppr = f'<w:pPr><w:pStyle w:val="{style_id}"/><w:jc w:val="{jc}"/></w:pPr>' if jc else plain
        cells.append((f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>', f"<w:p>{ppr}"))
    return row, cells


def _row_xml(values: Sequence[Cell], shape: _RowShape, size: float | None) -> str:
    row, cells = shape
    if len(values) != len(cells):
        raise ValueError(f"a row of {len(values)} cells in a table of {len(cells)} columns")
    out = [row]
    for value, (tc, p) in zip(values, cells, strict=True):
        if isinstance(value, str):
            runs = value if type(value) is RunsXml else _run_xml(value, False, False, False, size)
            out.append(f"{tc}{p}{runs}</w:p></w:tc>")
        elif type(value) is list and value:
            paras = [item if type(item) is RunsXml else _inline_xml(item, size) for item in value]
            out.append(f"{tc}{p}{f'</w:p>{p}'.join(paras)}</w:p></w:tc>")
        else:
            out.append(tc)
            for item in (value or [""]) if isinstance(value, list) else [value]:
                out.append(f"{p}{_inline_xml(item, size)}</w:p>")
            out.append("</w:tc>")
    out.append("</w:tr>")
    return "".join(out)


# ------------------------------------------------------------------------------ the document


class Decree30Document:
    """One Word document in Decree 30/2020 layout, built top to bottom.

    ``reference`` is a reference ``.docx`` (see :func:`reference_path`); ``doc_type`` a key of
    ``reports/document-types.yaml`` (``bao_cao``, ``cong_van`` …). Methods append to the body in
    call order; :meth:`save` writes the file atomically.
    """

    def __init__(self, reference: Path, *, lang: str = "vi", doc_type: str = "bao_cao") -> None:
        if lang not in ("vi", "en"):
            raise InputError(f"unknown document language {lang!r}", expected="vi or en")
        self.lang = lang
        self.type = document_type(doc_type)
        ref = self._ref = _reference(Path(reference))
        self._ids = ref.style_ids
        self._root = deepcopy(ref.document)
        self._core: Any = None
        self._core_xml: bytes | None = None
        """``docProps/core.xml`` once :meth:`properties` set them from the template (:func:`_core_xml`)."""
        """``<cp:coreProperties>`` once :meth:`properties` set them."""
        body = self._root.find(_w("body"))
        self._sect = body.find(_SECTPR)
        body.remove(self._sect)
        self.body = body
        self._deferred: list[bytes] = []
        self._dropped = 0
        self._runs: dict[int, list[str]] = {}
        """Kept paragraphs' texts by their stand-in's index, joined when the file is written."""
        self._run_el: Any = None
        self._run_index = -1
        """The stand-in of the run of kept paragraphs at the end of the body (None: none)."""
        """Kept paragraphs parsed back into the tree (:meth:`_last`): their text is no longer used."""
        page_w, page_h, margin_lr = self._page_twips(self._sect)
        self._portrait = page_w <= page_h
        self.text_width_cm = (page_w - margin_lr) / 1440 * 2.54
        """Width between the margins of the current section, in cm."""

    # --------------------------------------------------------------------- basics
    @staticmethod
    def _page_twips(sect: Any) -> tuple[int, int, int]:
        size = sect.find(_w("pgSz"))
        margins = sect.find(_w("pgMar"))
        width = int(size.get(_w("w"), "11906")) if size is not None else 11906
        height = int(size.get(_w("h"), "16838")) if size is not None else 16838
        lr = 0
        if margins is not None:
            lr = int(margins.get(_w("left"), "0")) + int(margins.get(_w("right"), "0"))
        return width, height, lr

    def label(self, key: str, **fmt: object) -> str:
        """The kit's fixed word ``key`` (:data:`KIT_LABELS`) in the document's language."""
        return kit_label(key, self.lang, **fmt)

    def style_id(self, name: str) -> str:
        return self._ids[name]

    def gap(self, text: str) -> Run:
        """A highlighted ``[cần bổ sung: text]`` run: a fact the document needs and nobody gave."""
        return Run(self.label("gap", text=text), highlight=True)

    def paragraph(
        self,
        text: Inline = "",
        style: str | None = None,
        *,
        align: str | None = None,
        keep_with_next: bool = False,
        keep_lines: bool = False,
        first_line_cm: float | None = None,
        before_pt: float | None = None,
        after_pt: float | None = None,
        size: float | None = None,
        defer: bool = False,
    ) -> Any:
        """A body paragraph (style ``Normal`` unless ``style`` names an ``ND30 …`` style).

        ``align``: left, center, right, justify. Returns the ``<w:p>`` element.

        ``defer``: kept as its text until the file is written, as a table can be (see
        :meth:`table`): the element returned stands in for it and must not be changed.
        """
        return (self._kept_paragraph if defer else _paragraph)(
            self.body,
            self._ids[style] if style else None,
            text,
            align=align,
            keep_next=keep_with_next,
            keep_lines=keep_lines,
            first_line_cm=first_line_cm,
            before_pt=before_pt,
            after_pt=after_pt,
            size=size,
        )

    def list_item(self, text: Inline, *, last: bool = False) -> Any:
        """A line of an enumeration (``- …;``, ``a) …``): body indent, no space after unless ``last``."""
        return _paragraph(self.body, self._ids["ND30 List"], text, after_pt=6 if last else None)

    def rule(self, line_cm: float, column_cm: float | None = None, *, parent: Any = None) -> Any:
        """A centred solid line ``line_cm`` long in a column ``column_cm`` wide (default: the text width)."""
        column = self.text_width_cm if column_cm is None else column_cm
        side = max(0.0, (column - line_cm) / 2)
        return _paragraph(
            self.body if parent is None else parent,
            self._ids["ND30 Rule"],
            indent_cm=(side, side),
            border_bottom=True,
        )

    def heading(self, number: str, text: str, level: int = 1, *, defer: bool = False) -> Any:
        """``I. TÊN MỤC`` (level 1, capitals), ``1. Tiêu đề`` (2), ``1.1 …`` or ``a) …`` (3).

        ``number`` is given without its dot (``I``, ``1``); a level-3 number is printed as given.
        ``defer``: as for :meth:`paragraph`.
        """
        if level == 1:
            content = f"{number}. {text.upper()}" if number else text.upper()
        elif level == 2:
            content = f"{number}. {text}" if number else text
        else:
            content = f"{number} {text}" if number else text
        return (self._kept_paragraph if defer else _paragraph)(
            self.body, self._ids[f"ND30 Heading {min(max(level, 1), 3)}"], content, keep_next=True
        )

    def _kept_paragraph(
        self, parent: Any, style_id: str | None, content: Inline | None = None, **kw: Any
    ) -> Any:
        """A body paragraph kept as its text until :meth:`to_bytes` (when lxml would write the
        same bytes: see :meth:`table`), an empty ``<w:p>`` standing in for it."""
        xml = _p_xml(style_id, content, **kw)
        if "\r" in xml or "></w:t>" in xml or xml == "<w:p></w:p>":
            return _paragraph(parent, style_id, content, **kw)
        if self._run_el is not None and parent is self.body and parent[-1] is self._run_el:
            # Right after another kept paragraph: one stand-in for the run of them.
            self._runs[self._run_index].append(xml)
            return self._run_el
        index = len(self._deferred)
        p = _sub(parent, _P, {_DEFERRED: str(index)})
        self._deferred.append(b"")
        self._runs[index] = [xml]
        self._run_el, self._run_index = (p, index) if parent is self.body else (None, -1)
        return p

    def _last(self) -> Any:
        """The body's last element (``None`` if empty), a kept paragraph parsed in its place so
        that it may be changed."""
        if not len(self.body):
            return None
        last = self.body[-1]
        kept = last.get(_DEFERRED)
        if kept is None or last.tag != _P:
            return last
        index = int(kept)
        texts = self._runs.pop(index, None)
        text = "".join(texts) if texts is not None else self._deferred[index].decode("utf-8")
        if last is self._run_el:
            self._run_el = None
        at = self.body.index(last)
        self.body.remove(last)
        paragraphs = list(_parse(f"<w:body{_NSDECL}>{text}</w:body>"))
        for offset, p in enumerate(paragraphs):
            self.body.insert(at + offset, p)
        self._deferred[index] = b""
        self._dropped += 1
        return paragraphs[-1]

    def _reuse(self, key: tuple[Any, ...]) -> Any:
        """A block built before (:meth:`_remember`) appended as a kept element, or ``None``."""
        full = (id(self._ref), self.lang, self.type.key, self.text_width_cm, *key)
        known = _BUILT.get(full)
        if known is None or known[0] is not self._ref:
            return None
        element = _sub(self.body, known[1], {_DEFERRED: str(len(self._deferred))})
        self._deferred.append(known[2])
        return element

    def _remember(self, key: tuple[Any, ...], element: Any) -> None:
        """Keep ``element`` (a block of the body, complete) as its text for :meth:`_reuse`: the
        blocks of a run's documents that come from the organisation (its header, its signature)
        are the same for every system.

        Its text is what lxml writes for it in the document: the namespace declarations lxml puts
        on an element written alone are the document root's, in scope there."""
        from lxml import etree

        text = etree.tostring(element, encoding="utf-8")
        head, _, rest = text.partition(b">")
        head = _XMLNS.sub(b"", head)
        if b"xmlns" in head or b"xmlns" in rest or element.getparent() is not self.body:
            return
        if len(_BUILT) >= _KEPT_TABLES_MAX:
            _BUILT.clear()
        full = (id(self._ref), self.lang, self.type.key, self.text_width_cm, *key)
        _BUILT[full] = (self._ref, element.tag, head + b">" + rest)

    def notice(self, text: Inline) -> Any:
        """A note in smaller italics (explanations under a table, how a figure is computed)."""
        return _paragraph(self.body, self._ids["ND30 Notice"], text)

    # --------------------------------------------------------------------- header and title
    def header(
        self,
        issuer: Issuer,
        *,
        date: str,
        number: str | None = None,
        summary: str | None = None,
        defer: bool = False,
    ) -> None:
        """The header table: issuer (under its parent, rule under it) | motto (rule under it);
        ``Số: …`` (with the công văn ``V/v`` ``summary`` under it) | place and date (italic).

        ``number``: the serial or the whole number (see :func:`number_line`); ``date``: the
        place-date line (see :func:`date_line`). ``defer``: at the top of the document, the table
        is kept as its text, remembered for the next document with the same header (see
        :meth:`_built`).
        """
        key = ("header", issuer, date, number, summary) if defer and not len(self.body) else None
        if key is not None and self._reuse(key) is not None:
            return
        country, motto = self.label("motto_country"), self.label("motto_words")
        name = issuer.name.upper()
        parent = issuer.parent.upper()
        total = self.text_width_cm + 0.5  # the header reaches 0.5 cm into the left margin
        # The motto column keeps "CỘNG HÒA …" and the motto each on one line (at least 9.5 cm), and
        # the date line too when that leaves the issuer 6.5 cm; the issuer's column takes the rest
        # at most, its parent body and name wrapped on two or three centred lines to fit it.
        motto_need = (
            max(text_width_cm(country, HEADER_PT, True), text_width_cm(motto, MOTTO_PT, True)) * FIT
            + CELL_PAD_CM
        )
        date_need = text_width_cm(date, MOTTO_PT) * FIT + CELL_PAD_CM
        right_min = max(9.5, motto_need, min(date_need, total - 6.5))
        room = total - right_min - CELL_PAD_CM
        parent_lines = wrap_lines(parent, HEADER_PT, room)
        name_lines = wrap_lines(name, HEADER_PT, room, bold=True)
        widest = max(
            [text_width_cm(line, HEADER_PT, True) * FIT for line in name_lines]
            + [text_width_cm(line, HEADER_PT) * FIT for line in parent_lines]
        )
        left = round(min(max(6.5, widest + CELL_PAD_CM + 0.2), total - right_min), 2)
        right = round(total - left, 2)
        issuer_lines: list[Inline] = [Run("\n".join(parent_lines))] if parent_lines else []
        issuer_lines.append(Run("\n".join(name_lines), bold=True))
        number_cell: list[Inline] = [number_line(self.type.key, number, issuer.code, self.lang)]
        tbl = self.table(
            None,
            [
                [issuer_lines, [Run(country, bold=True), Run(motto, bold=True)]],
                [number_cell, [Run(date, italic=True)]],
            ],
            (left, right),
            borders=False,
            styles=("ND30 Header", "ND30 Header"),
            indent_cm=-0.5,
            repeat_header=False,
            keep_rows=False,
        )
        rows = tbl.findall(_TR)
        first_cells = rows[0].findall(_TC)
        # The motto words have their own (larger) style.
        motto_p = first_cells[1].findall(_P)[1]
        motto_p.find(_PPR).find(_PSTYLE).set(W_VAL, self._ids["ND30 Motto"])
        # Decree 30: the rule under the issuer is 1/3–1/2 of its (longest) line; under the motto, as long.
        longest = max(text_width_cm(line, HEADER_PT, True) for line in name_lines)
        self.rule(min(longest, left - CELL_PAD_CM) * 0.4, left, parent=first_cells[0])
        self.rule(
            min(text_width_cm(motto, MOTTO_PT, True), right - CELL_PAD_CM), right, parent=first_cells[1]
        )
        second = rows[1].findall(_TC)
        for cell in second:
            for p in cell.findall(_P):
                p.find(_PPR).find(_PSTYLE).set(W_VAL, self._ids["ND30 Number"])
        if summary:
            _paragraph(second[0], self._ids["ND30 Header"], summary, before_pt=6)
        if key is not None:
            self._remember(key, tbl)

    def title(self, subject: str | None = None, kind: str | None = None, *, rule: bool = True) -> None:
        """The type name (default: the document type's, none for a công văn) and the trích yếu."""
        name = kind if kind is not None else (self.type.name or {}).get(self.lang)
        if name:
            _paragraph(self.body, self._ids["ND30 Title"], name.upper(), keep_next=True)
        if subject:
            _paragraph(self.body, self._ids["ND30 Subject"], subject, keep_next=True)
            if rule:
                width = self.text_width_cm
                self.rule(min(text_width_cm(subject, 14, True), width) * 0.4, width)

    def addressee(self, recipients: Sequence[str], label: str = "Kính gửi:") -> None:
        """``Kính gửi: X.`` on one line, or ``Kính gửi:`` over ``- X;`` lines ending with ``.``."""
        style = self._ids["ND30 Addressee"]
        if len(recipients) == 1:
            _paragraph(self.body, style, f"{label} {recipients[0]}.")
            return
        _paragraph(self.body, style, label, after_pt=0)
        for i, name in enumerate(recipients):
            end = "." if i == len(recipients) - 1 else ";"
            _paragraph(
                self.body,
                self._ids["ND30 List"],
                f"- {name}{end}",
                indent_cm=(5.5, 0),
                first_line_cm=0,
                after_pt=6 if end == "." else None,
            )

    # --------------------------------------------------------------------- tables
    def table(
        self,
        head: Sequence[Cell] | None,
        rows: Sequence[Sequence[Cell]],
        widths_cm: Sequence[float],
        *,
        align: Sequence[str | None] | None = None,
        size: float | None = None,
        borders: bool = True,
        styles: tuple[str, str] = ("ND30 Table Head", "ND30 Table Text"),
        indent_cm: float | None = None,
        repeat_header: bool = True,
        keep_rows: bool = True,
        defer: bool = False,
    ) -> Any:
        """A table with fixed column widths (cm), built in one pass.

        ``head`` (may be ``None``) is repeated on every page; ``align`` gives each column's body
        alignment (``right`` for numbers; ``None``: the style's); ``size`` overrides the text size
        in points; ``keep_rows`` stops a row from splitting across pages. Returns ``<w:tbl>``.

        ``defer``: the table is kept as the text built here and put into ``word/document.xml``
        when the file is written (:meth:`to_bytes`), instead of being parsed into the tree and
        serialised again (a gap report's large tables: ~a quarter of its CPU); an empty
        ``<w:tbl>`` stands in for it, so the caller must not change the element returned. The
        text is the same bytes lxml would write (text it would write otherwise is parsed). A kept
        table whose cells are all plain strings is remembered by its content (an appendix drawn
        from the catalog is the same for every system of a run).
        """
        if len(self.body) and self.body[-1].tag == _TBL:
            # Two tables in a row merge in Word: keep a minimal paragraph between them.
            (self._kept_paragraph if defer else _paragraph)(self.body, self._ids["ND30 Rule"])
        key: tuple[Any, ...] | None = None
        if defer and all(type(c) is str for c in head or ()) and all(type(c) is str for r in rows for c in r):
            key = (
                None if head is None else tuple(head),
                tuple(map(tuple, rows)),
                tuple(widths_cm),
                None if align is None else tuple(align),
                size,
                borders,
                self._ids[styles[0]],
                self._ids[styles[1]],
                indent_cm,
                repeat_header,
                keep_rows,
            )
            known = _KEPT_TABLES.get(key)
            if known is not None:
                tbl = _sub(self.body, _TBL, {_DEFERRED: str(len(self._deferred))})
                self._deferred.append(known)
                return tbl
        parts = [f"<w:tbl{_NSDECL}><w:tblPr>", f'<w:tblW w:w="{_twips(sum(widths_cm))}" w:type="dxa"/>']
        if indent_cm is None:
            parts.append('<w:jc w:val="center"/>')
        else:
            parts.append(f'<w:tblInd w:w="{_twips(indent_cm)}" w:type="dxa"/>')
        edge = '="single" w:sz="4" w:space="0" w:color="000000"/>' if borders else '="nil"/>'
        sides = ("top", "left", "bottom", "right", "insideH", "insideV")
        parts.append(
            "<w:tblBorders>" + "".join(f"<w:{side} w:val{edge}" for side in sides) + "</w:tblBorders>"
        )
        parts.append('<w:tblLayout w:type="fixed"/>')
        if indent_cm is not None:
            parts.append(
                '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
            )
        parts.append('<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>')
        twips = [_twips(w) for w in widths_cm]
        parts.extend(f'<w:gridCol w:w="{w}"/>' for w in twips)
        parts.append("</w:tblGrid>")
        head_id, text_id = self._ids[styles[0]], self._ids[styles[1]]
        aligns = [_ALIGN[a] if a else None for a in (align or ())]
        if head is not None:
            shape = _row_shape(twips, head_id, [], header=repeat_header, keep=keep_rows)
            parts.append(_row_xml(head, shape, size))
        shape = _row_shape(twips, text_id, aligns, header=False, keep=keep_rows)
        parts.extend(_row_xml(values, shape, size) for values in rows)
        parts.append("</w:tbl>")
        xml = "".join(parts)
        # Kept only when lxml would write the same bytes: no element is empty (a cell always
        # holds a paragraph with properties, a run text: unless there are no columns, or a run's
        # text was only characters XML cannot hold); a carriage return would come back as a
        # line feed.
        if defer and twips and "\r" not in xml and "></w:t>" not in xml:
            tbl = _sub(self.body, _TBL, {_DEFERRED: str(len(self._deferred))})
            text = xml.replace(_NSDECL, "", 1).encode("utf-8")
            self._deferred.append(text)
            if key is not None:
                if len(_KEPT_TABLES) >= _KEPT_TABLES_MAX:
                    _KEPT_TABLES.clear()
                _KEPT_TABLES[key] = text
            return tbl
        tbl = _parse(xml)
        self.body.append(tbl)
        return tbl

    # --------------------------------------------------------------------- signature
    def signature(
        self,
        signer: Signer,
        recipients: Sequence[str],
        archive: str,
        *,
        as_above: bool = False,
        widths_cm: tuple[float, float] = (7.0, 9.5),
        name_placeholder: Inline = "",
        title_placeholder: Run | None = None,
        recipient_placeholder: Run | None = None,
        defer: bool = False,
    ) -> Any:
        """``Nơi nhận`` | the signer, in one row that never splits, kept with the lines before it.

        ``recipients`` are printed ``- X;``; ``as_above`` puts ``- Như trên;`` first (when the
        document has a ``Kính gửi``); the list ends with ``- Lưu: VT, <archive>.`` (``archive``
        the drafting unit's abbreviation; a value starting with ``VT`` is printed as given).
        ``name_placeholder`` is printed when the signer has no name, ``title_placeholder`` (a
        highlighted run, :meth:`gap`) when the signer has no title, ``recipient_placeholder`` as the
        one recipient when ``recipients`` is empty.

        ``defer``: the block is kept as its text, remembered for the next document with the same
        block (see :meth:`_built`); the element returned must not be changed.
        """
        # The paragraph before the block stays on the block's page.
        last = self._last()
        if last is not None and last.tag == _P:
            ppr = last.find(_PPR)
            if ppr is None:
                ppr = last.makeelement(_PPR, {})
                last.insert(0, ppr)
            if ppr.find(_KEEPNEXT) is None:
                style = ppr.find(_PSTYLE)
                keep = ppr.makeelement(_KEEPNEXT, {})
                if style is not None:
                    style.addnext(keep)
                else:
                    ppr.insert(0, keep)
        key: tuple[Any, ...] | None = None
        if defer:
            key = (
                "signature",
                signer,
                tuple(recipients),
                archive,
                as_above,
                tuple(widths_cm),
                name_placeholder,
                title_placeholder,
                recipient_placeholder,
            )
            try:
                hash(key)
            except TypeError:  # a placeholder given as a list
                key = None
        if key is not None:
            if len(self.body) and self.body[-1].tag == _TBL:
                _paragraph(self.body, self._ids["ND30 Rule"])  # as self.table() does
            kept = self._reuse(key)
            if kept is not None:
                return kept
        lines: list[Inline] = [Run(self.label("recipients"), bold=True, italic=True)]
        items = ([self.label("as_above")] if as_above else []) + [r.rstrip(";.") for r in recipients]
        lines += [f"- {r};" for r in items]
        if not recipients and recipient_placeholder is not None:
            lines.append(("- ", recipient_placeholder, ";"))
        unit = archive.strip().rstrip(".")
        if unit.upper().startswith("VT") and self.lang == "vi":
            lines.append(f"- Lưu: {unit}.")
        elif unit:
            lines.append(f"- {self.label('archive', unit=unit)}")
        else:
            lines.append(f"- {self.label('archive_bare')}")
        sign: list[Inline] = [Run(line, bold=True) for line in signer.lines()]
        if title_placeholder is not None and not signer.title and (signer.authority or not signer.principal):
            sign.append(title_placeholder)
        sign += ["", "", "", ""]
        sign.append(Run(signer.name, bold=True) if signer.name else name_placeholder)
        tbl = self.table(
            None,
            [[lines, sign]],
            widths_cm,
            borders=False,
            styles=("ND30 Recipients", "ND30 Recipients"),
            repeat_header=False,
            keep_rows=True,
        )
        left, right = tbl.find(_TR).findall(_TC)
        for i, p in enumerate(left.findall(_P)):
            ppr = p.find(_PPR)
            ppr.find(_PSTYLE).set(W_VAL, self._ids["ND30 Recipients Head" if i == 0 else "ND30 Recipients"])
        for p in right.findall(_P):
            ppr = p.find(_PPR)
            ppr.find(_PSTYLE).set(W_VAL, self._ids["ND30 Signature"])
        for cell in (left, right):
            paras = cell.findall(_P)
            for p in paras[:-1]:
                p.find(_PPR).find(_PSTYLE).addnext(p.makeelement(_KEEPNEXT, {}))
        if key is not None:
            self._remember(key, tbl)
        return tbl

    # --------------------------------------------------------------------- sections
    def section(
        self, *, landscape: bool, restart_numbering: bool = False, number_first_page: bool = True
    ) -> None:
        """End the current section and start a new page in ``landscape`` or portrait.

        ``restart_numbering``: the new section counts pages from 1 (an appendix);
        ``number_first_page``: its first page shows the page number too.
        """
        last = self._last()
        if (
            last is None
            or last.tag != _P
            or (last.find(_PPR) is not None and last.find(_PPR).find(_SECTPR) is not None)
        ):
            last = _paragraph(self.body, self._ids["ND30 Rule"])
        ppr = last.find(_PPR)
        if ppr is None:
            ppr = last.makeelement(_PPR, {})
            last.insert(0, ppr)
        ppr.append(deepcopy(self._sect))
        sect = deepcopy(self._sect)
        size = sect.find(_w("pgSz"))
        if size is not None:
            w, h = int(size.get(_w("w"))), int(size.get(_w("h")))
            short, long_ = min(w, h), max(w, h)
            size.set(_w("w"), str(long_ if landscape else short))
            size.set(_w("h"), str(short if landscape else long_))
            if landscape:
                size.set(_w("orient"), "landscape")
            elif _w("orient") in size.attrib:
                del size.attrib[_w("orient")]
        title = sect.find(_w("titlePg"))
        if title is not None and number_first_page:
            sect.remove(title)
        numbering = sect.find(_w("pgNumType"))
        if restart_numbering:
            if numbering is None:
                numbering = sect.makeelement(_w("pgNumType"), {})
                # pgNumType comes after pgMar/paperSrc/pgBorders/lnNumType, before cols.
                cols = sect.find(_w("cols"))
                if cols is not None:
                    cols.addprevious(numbering)
                else:
                    sect.append(numbering)
            numbering.set(_w("start"), "1")
        elif numbering is not None:
            numbering.attrib.pop(_w("start"), None)
        self._sect = sect
        page_w, _, margin_lr = self._page_twips(sect)
        self.text_width_cm = (page_w - margin_lr) / 1440 * 2.54

    def appendix(self, number: int, title: str, attached_to: str, *, landscape: bool = False) -> None:
        """A new section for an appendix: ``Phụ lục I``, its title in capitals, the italic
        ``(Kèm theo …)`` line; page numbers restart at 1."""
        self.section(landscape=landscape, restart_numbering=True)
        style = self._ids["ND30 Appendix"]
        _paragraph(self.body, style, f"{self.label('appendix')} {roman(number)}", keep_next=True)
        _paragraph(self.body, style, title.upper(), keep_next=True)
        _paragraph(self.body, self._ids["ND30 Addressee"], Run(attached_to, italic=True), before_pt=0)

    # --------------------------------------------------------------------- output
    def properties(
        self,
        *,
        title: str,
        author: str,
        subject: str = "",
        created: dt.datetime | None = None,
        keywords: str = "",
    ) -> None:
        """Core properties: ``author`` is the organisation; ``created`` defaults to now (aware)."""
        when = created or dt.datetime.now(dt.UTC)
        if when.tzinfo is None:
            raise ValueError("created must be timezone-aware")
        utc = when.astimezone(dt.UTC).replace(tzinfo=None)  # python-docx writes it with a Z
        self._core_xml = _core_xml(self._ref, self.lang, title, subject, author, keywords, utc)
        if self._core_xml is not None:
            return
        from docx.opc.coreprops import CoreProperties
        from docx.oxml.parser import parse_xml

        if self._core is None:
            self._core = parse_xml(self._ref.core)
        props = CoreProperties(self._core)
        props.title = title
        props.subject = subject
        props.author = author
        props.last_modified_by = author
        props.created = utc
        props.modified = utc
        props.revision = 1
        props.comments = ""
        props.keywords = keywords
        props.category = ""
        props.content_status = ""
        props.identifier = ""
        props.version = ""
        props.language = "vi-VN" if self.lang == "vi" else "en-GB"

    def to_bytes(self) -> bytes:
        """The finished ``.docx``. The document can be saved once."""
        body = self.body
        if not len(body) or body[-1].tag != _P:
            _paragraph(body, self._ids["ND30 Rule"])
        body.append(self._sect)
        from docx.opc.oxml import serialize_part_xml

        document = serialize_part_xml(self._root)
        if self._deferred:
            document = self._splice_deferred(document)
        ref = self._ref
        core = (
            self._core_xml
            if self._core_xml is not None
            else ref.core
            if self._core is None
            else serialize_part_xml(self._core)
        )
        # The package as python-docx writes it (same files, order and compression), with only
        # this document's two parts serialised and compressed: the others are the prepared
        # reference's, compressed once.
        members = [
            _deflated(name, document, DOCUMENT_LEVEL)
            if name == ref.document_name
            else _deflated(name, core)
            if name == ref.core_name
            else member
            for name, member in ref.members
        ]
        return _zip(members)

    def _splice_deferred(self, document: bytes) -> bytes:
        """``word/document.xml`` with each deferred table's text in its place."""
        for index, texts in self._runs.items():
            self._deferred[index] = "".join(texts).encode("utf-8")
        self._runs.clear()
        self._run_el = None
        pieces = _DEFERRED_MARK.split(document)
        if len(pieces) != 2 * (len(self._deferred) - self._dropped) + 1:
            raise RuntimeError("a deferred table's place was lost")
        out = [pieces[0]]
        for i in range(1, len(pieces), 2):
            out += [self._deferred[int(pieces[i])], pieces[i + 1]]
        return b"".join(out)

    def save(self, path: Path) -> Path:
        """Write the document to ``path`` atomically."""
        from attt_audit.yamlio import atomic_write_bytes

        data = self.to_bytes()
        try:
            atomic_write_bytes(path, data)
        except OSError as exc:
            raise RenderError(f"cannot write the document: {exc.strerror}", location=str(path)) from exc
        return path
