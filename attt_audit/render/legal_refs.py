"""One formatter for legal references in every document (gap report, annual report, dossier,
province documents).

The catalog and the regime files cite by short codes (``ND85 20.2.c``, ``TT12 Phụ lục III, II.1``,
``Law116 40.1.b``): compact for data, but not how an officer cites, and ``Law116`` is English in a
Vietnamese document. :func:`cite` turns a reference into the document's language, in one of two
forms:

* ``short`` for table cells and brackets: ``Điều 20.2.c NĐ 85/2016`` / ``Decree 85/2016 Art. 20.2.c``;
* ``full`` for prose: ``điểm c khoản 2 Điều 20 Nghị định 85/2016/NĐ-CP`` /
  ``Article 20(2)(c) of Decree 85/2016/ND-CP``.

:func:`cite_in_text` does the same for references inside a sentence (``… (ND331 38; ND331 39.1)``).
Names of the acts and the shapes of both forms are data: ``checklists/wording/references.yaml``.
Standards' clauses (``TCVN 11930:2017 mục 7.1.1.1``) are left as they are; an unknown code is
printed as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from attt_audit.models.common import Lang

Form = Literal["short", "full"]

_POINT = r"[a-zđ](?:–[a-zđ])?"
_NUM = r"\d+(?:–\d+)?"
_ART1 = rf"{_NUM}(?:\.{_NUM})?(?:\.{_POINT})?"
_ART = rf"{_ART1}(?:–{_ART1})?"
_ROMAN = r"[IVX]+(?:–[IVX]+)?"


@dataclass(frozen=True)
class _Act:
    vi: str
    vi_short: str
    en: str
    en_short: str

    def name(self, lang: Lang, form: Form) -> str:
        if lang == "vi":
            return self.vi if form == "full" else self.vi_short
        return self.en if form == "full" else self.en_short


@dataclass(frozen=True)
class _Table:
    acts: dict[str, _Act]
    forms: dict[str, Any]
    bare_clause: dict[str, str]
    english: list[tuple[re.Pattern[str], str]]
    pattern: re.Pattern[str]
    legend_example: str


@cache
def _table() -> _Table:
    from attt_audit.resources import data_dir
    from attt_audit.yamlio import read_yaml

    path = data_dir("checklists") / "wording" / "references.yaml"
    data = read_yaml(path).data or {}
    acts: dict[str, _Act] = {}
    for entry in data.get("instruments") or []:
        act = _Act(str(entry["vi"]), str(entry["vi_short"]), str(entry["en"]), str(entry["en_short"]))
        for code in entry["codes"]:
            acts[str(code)] = act
    codes = "|".join(re.escape(c) for c in sorted(acts, key=len, reverse=True))
    # CODE, then an appendix (``Phụ lục III, II.1`` / ``Phụ lục I–V, mục I.1.6``) or articles
    # (``20.2.c``, ``Điều 12, 14, 16``, ``28–29``); nothing else is taken.
    pattern = re.compile(
        rf"(?<![\w/])(?P<code>{codes})(?![\w/-])"
        rf"(?:\s+Phụ lục\s+(?P<app>{_ROMAN})(?:,\s*(?:mục\s+)?(?P<sec>[IVX]+(?:\.\d+)+))?"
        rf"|\s+(?:Điều\s+)?(?P<arts>{_ART}(?:,\s*(?:Điều\s+)?{_ART})*)(?![\w.]*\d)"
        rf"(?:,\s*Phụ lục\s+(?P<app2>{_ROMAN})(?![\w.]))?)?"
    )
    english = [(re.compile(rf"\b{re.escape(str(vi))}\b"), str(en)) for vi, en in data.get("english") or []]
    return _Table(
        acts=acts,
        forms=data.get("forms") or {},
        bare_clause={str(k): str(v) for k, v in (data.get("bare_clause") or {}).items()},
        english=english,
        pattern=pattern,
        legend_example=str(data.get("legend_example") or ""),
    )


def _article(spec: str, act: _Act, lang: Lang, form: Form, forms: dict[str, Any]) -> str:
    """One article spec (``20.2.c``, ``28–29``) of ``act``, without the act's name in ``full``."""
    if form == "short":
        return spec
    ends = spec.split("–")
    if len(ends) == 2 and "." in ends[0] and "." in ends[1]:  # 9.3–9.4: a range of clauses
        first, last = ends[0].split("."), ends[1].split(".")
        if len(first) == len(last) == 2 and first[0] == last[0]:
            return _article(f"{first[0]}.{first[1]}–{last[1]}", act, lang, form, forms)
        joiner = " đến " if lang == "vi" else " to "
        return joiner.join(_article(e, act, lang, form, forms) for e in ends)
    parts = spec.split(".")
    a = parts[0]
    k = parts[1] if len(parts) > 1 and parts[1][:1].isdigit() else ""
    p = parts[-1] if len(parts) > 1 and not parts[-1][:1].isdigit() else ""
    f = forms[lang]["full"]
    if lang == "vi":
        words = ([f["point"].format(p=p)] if p else []) + ([f["clause"].format(k=k)] if k else [])
        return " ".join([*words, f["article"].format(a=a)])
    return (
        f["article"]
        .format(a=a, k=f["clause"].format(k=k) if k else "", p=f["point"].format(p=p) if p else "", name="")
        .removesuffix(" of ")
    )


def _replace(m: re.Match[str], lang: Lang, form: Form) -> str:
    t = _table()
    act = t.acts[m.group("code")]
    name = act.name(lang, form)
    forms = t.forms[lang][form]
    if m.group("app"):
        key = "appendix_section" if m.group("sec") else "appendix"
        return str(forms[key].format(app=m.group("app"), sec=m.group("sec") or "", name=name))
    arts = m.group("arts")
    if not arts:
        return name
    specs = [re.sub(r"^Điều\s+", "", s.strip()) for s in arts.split(",")]
    appendix = ""
    if m.group("app2"):  # TT 12/2022 Điều 9.3–9.4, Phụ lục I–V
        appendix = ", " + str(t.forms[lang]["short"]["appendix"].format(app=m.group("app2"), name="")).strip()
    if form == "short":
        return str(forms["article"].format(dotted=", ".join(specs) + appendix, name=name))
    pieces = [_article(s, act, lang, form, t.forms) for s in specs]
    pieces[-1] += appendix
    if lang == "vi":
        if all("." not in s for s in specs):  # Điều 12, 14, 16
            return f"{pieces[0]}, {', '.join(specs[1:])} {name}" if len(specs) > 1 else f"{pieces[0]} {name}"
        return f"{', '.join(pieces)} {name}"
    if all("." not in s for s in specs) and len(specs) > 1:
        return f"{pieces[0]}, {', '.join(specs[1:])} of {name}"
    return f"{', '.join(pieces)} of {name}"


_BARE = re.compile(r"^\d+(?:\.\d+){2,}$")
_GLOSS = re.compile(r"\s*\([^)]*[^\x00-\x7f–—“”‘’][^)]*\)")


@lru_cache(maxsize=8192)
def cite(ref: str, lang: Lang, form: Form = "short") -> str:
    """A reference (one or several, ``;``-separated) as the document's language cites it.

    ``ND85 20.2.c`` → ``Điều 20.2.c NĐ 85/2016`` (short) or ``điểm c khoản 2 Điều 20 Nghị định
    85/2016/NĐ-CP`` (full); English: ``Decree 85/2016 Art. 20.2.c`` / ``Article 20(2)(c) of Decree
    85/2016/ND-CP``. A bare clause number (``7.1.1.1``) names the TCVN standard; in English the
    Vietnamese words left (``Phụ lục``) are translated and a Vietnamese gloss in brackets dropped.

    Remembered per (reference, language, form): a report cites the same few hundred references
    on every row of every system, and the table of acts is fixed for the process.
    """
    if not ref:
        return ref
    t = _table()
    pieces: list[str] = []
    last_act: _Act | None = None
    merged: tuple[str, list[str]] = ("", [])
    for piece in (p.strip() for p in ref.split(";")):
        if not piece:
            continue
        if _BARE.match(piece):
            pieces.append(t.bare_clause[lang].format(clause=piece) if form == "full" else piece)
            last_act = None
            continue
        m = t.pattern.fullmatch(piece)
        act = t.acts[m.group("code")] if m and m.group("arts") and not m.group("app2") else None
        if m is None or act is None:
            last_act = None
            pieces.append(_in_text(piece, lang, form))
            continue
        if form == "short" and act is last_act:
            # ND331 18; ND331 20 → Điều 18, 20 NĐ 331/2026: the act named once
            merged[1].append(m.group("arts"))
            pieces[-1] = _in_text(f"{merged[0]} {', '.join(merged[1])}", lang, form)
            continue
        merged = (m.group("code"), [m.group("arts")])
        last_act = act
        pieces.append(_in_text(piece, lang, form))
    return "; ".join(pieces)


def _in_text(text: str, lang: Lang, form: Form) -> str:
    t = _table()
    if lang == "en":
        text = _GLOSS.sub("", text)
    text = t.pattern.sub(lambda m: _replace(m, lang, form), text)
    if lang == "en":
        for pattern, word in t.english:
            text = pattern.sub(word, text)
    return text


@lru_cache(maxsize=8192)
def cite_in_text(text: str, lang: Lang, form: Form = "short") -> str:
    """Every coded reference inside a sentence in the document's form (``(ND331 38)`` →
    ``(Điều 38 NĐ 331/2026)``); the rest of the sentence is left as it is."""
    if not text:
        return text
    return _table().pattern.sub(lambda m: _replace(m, lang, form), text)


def legend(lang: Lang) -> str:
    """One sentence that explains the short form, with an example (for a report's notes)."""
    t = _table()
    return str(
        t.forms[lang]["legend"].format(
            example_short=cite(t.legend_example, lang, "short"),
            example_full=cite(t.legend_example, lang, "full"),
        )
    )


_NBSP_BEFORE_NUMBER = re.compile(r"(?:(?<=[^\W\d])|(?<=Art\.))(?<!TCVN) (?=\d)")


def keep_together(text: str, lang: Lang) -> str:
    """A reference for a narrow Word column: a word and the number after it stay on one line
    (``Điều 20.2.c``, ``NĐ 85/2016``, ``mục 7.1.1.1``), so a line breaks between the parts of a
    reference, never inside one. ``TCVN 11930:2017`` may still break after ``TCVN``."""
    return _NBSP_BEFORE_NUMBER.sub("\u00a0", text)
