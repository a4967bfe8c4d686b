"""The Word gap report, laid out as a Vietnamese administrative report (Decree 30/2020, Phụ lục I).

Built on the Decree 30 document kit (:mod:`attt_audit.render.document`), which places the
header table, the number and place-date line, the title, the signature block beside ``Nơi
nhận`` and the page numbers, from the shared ``<templates>/reference.docx`` (styles and page
setup a user may restyle). This module holds only what is particular to the gap report: its
sections ``I.``–``VI.`` with ``1.``, ``2.`` under them, the tables of scores, results, waivers
and the remediation plan (owner and state left blank to fill in), and their column widths.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from attt_audit.models import AssessmentResult
from attt_audit.models.common import Lang
from attt_audit.render.context import build_view
from attt_audit.render.document import (
    STYLE_NAMES,
    Decree30Document,
    Inline,
    Issuer,
    Run,
    RunsXml,
    Signer,
    reference_path,
    runs_xml,
)
from attt_audit.render.interface import Renderer
from attt_audit.render.labels import label
from attt_audit.render.legal_refs import keep_together

__all__ = ["STYLE_NAMES", "DocxRenderer", "build_view_subject"]

# Text width with the reference's margins (210 − 30 − 15 mm); tables use these column widths (cm).
SIGNATURE_COLS = (7.4, 9.1)
RESULT_COLS = (1.2, 3.6, 3.6, 2.1, 6.0)
"""STT, requirement, clause (``TCVN 11930:2017`` over ``mục 7.1.1.1``, references kept whole),
result with the method under it, reason and evidence."""
SCORE_COLS = (4.3, 1.5, 1.9, 1.6, 2.4, 2.0, 2.8)
SCORE_ALIGN = ("left", "right", "right", "right", "right", "right", "right")
WAIVER_COLS = (1.2, 4.5, 4.9, 2.9, 3.0)
REMEDIATION_COLS = (1.3, 4.5, 4.8, 4.9, 2.1, 2.7, 2.8, 2.1)
"""The plan is printed on landscape pages (25.2 cm of text): eight columns an officer fills in."""
SOURCES_COLS = (1.2, 5.2, 3.6, 3.3, 3.2)
CONCLUSION_COLS = (16.5,)
RECORDED_COLS = (1.2, 4.6, 2.8, 2.2, 5.7)
NOT_BINDING_COLS = (1.2, 4.6, 2.8, 2.2, 5.7)
NO_ALIGN = ("right",)
"""The STT column: numbers right-aligned."""


_keep_together = lru_cache(maxsize=8192)(keep_together)
""":func:`keep_together` remembered per reference and language."""


_R = runs_xml
"""A cell's paragraph: ``_R(text, bold, italic)`` (size: the table's, passed after ``highlight``),
written once per text and formatting (:func:`runs_xml`)."""


class _Builder:
    defer = True
    """Tables kept as text until the file is written (:meth:`Decree30Document.table`'s ``defer``):
    the report's tables are never changed after they are built."""

    def __init__(self, doc: Decree30Document, view: dict[str, Any], lang: Lang) -> None:
        self.d = doc
        self.v = view
        self.lang = lang
        self.L: dict[str, str] = view["L"]

    # paragraphs -------------------------------------------------------------------------
    def para(
        self, text: str = "", style: str | None = None, *, bold: bool = False, italic: bool = False
    ) -> None:
        if bold or italic:
            self.d.paragraph(Run(text, bold=bold, italic=italic), style, defer=self.defer)
        else:
            self.d.paragraph(text, style, defer=self.defer)

    def field(self, name: str, value: Any) -> None:
        """``- Name: value`` as a body paragraph."""
        self.d.paragraph(f"- {name}: {'' if value is None else value}", defer=self.defer)

    def heading1(self, number: str, text: str) -> None:
        self.d.heading(number, text, 1, defer=self.defer)

    def heading2(self, number: int, text: str) -> None:
        self.d.heading(str(number), text, 2, defer=self.defer)

    def table(
        self,
        head: list[str],
        rows: list[list[Any]],
        widths: tuple[float, ...],
        align: tuple[str | None, ...] = NO_ALIGN,
        *,
        keep_rows: bool = True,
    ) -> None:
        """``rows``: a cell is a string (or a number), or a list of paragraphs made by :data:`_R`."""
        cells = [[v if type(v) is list or type(v) is str else str(v) for v in row] for row in rows]
        self.d.table(head, cells, widths, align=align, keep_rows=keep_rows, defer=self.defer)

    # parts ------------------------------------------------------------------------------
    def header(self) -> None:
        """The Decree's two-column header table, then the document kind and the subject."""
        org = self.v["organisation"]
        issuer = Issuer(name=org["name"], parent=org["governing_body"], code=org["code"])
        self.d.header(issuer, date=self.v["date_line"], defer=self.defer)
        self.d.title(self.v["subject"], self.L["doc_kind"])
        self.conclusion()

    def conclusion(self) -> None:
        """The bottom line on page 1 (issue 13 §2), in a bordered box: level and why, score, counts
        by result, overdue duties and the gaps to fix first, each with its clause."""
        c, L = self.v["conclusion"], self.L
        lines: list[Inline] = [Run(L["sec_conclusion"].upper(), bold=True)]
        lines.append([Run(f"{L['level_assessed']}: {c['level']}", bold=True), f" — {c['basis']}."])
        lines.append([Run(f"{L['percent']}: {c['percent_text']}", bold=True), "."])
        counts = "; ".join(f"{x['label']} {x['n']}" for x in c["counts"])
        lines.append(f"{L['conclusion_counts']}: {counts}.")
        overdue = "; ".join(c["overdue"]) + "." if c["overdue"] else L["conclusion_overdue_none"]
        lines.append(f"{L['conclusion_overdue']}: {overdue}")
        lines.append(
            Run(
                f"{L['conclusion_top']}:" + ("" if c["top_gaps"] else f" {L['conclusion_top_none']}"),
                bold=True,
            )
        )
        for i, g in enumerate(c["top_gaps"], 1):
            lines.append(f"{i}. {g['title']} ({g['clause']}).")
        if c["gaps_total"] > len(c["top_gaps"]):
            lines.append(Run(label("conclusion_more", self.lang, n=c["gaps_total"]), italic=True))
        self.d.table(None, [[lines]], CONCLUSION_COLS, defer=self.defer)

    def general(self) -> None:
        v, L = self.v, self.L
        self.heading1("I", L["sec_general"])
        self.heading2(1, L["sub_system"])
        s, org = v["system"], v["organisation"]
        self.field(L["system_name"], s["name"])
        if s["description"]:
            self.field(L["description"], s["description"])
        self.field(L["organisation"], org["name"])
        for key in ("owner", "operator"):
            if s[key]:
                self.field(L[key], s[key])
        if org["security_unit"]:
            self.field(L["security_unit"], org["security_unit"])

        self.heading2(2, L["sub_level"])
        c = v["classification"]
        self.field(L["level_assessed"], v["level"])
        if c["proposed_level"] is not None:
            self.field(L["proposed_level"], c["proposed_level"])
        if c["declared_level"] is not None:
            self.field(L["declared_level"], c["declared_level"])
        if c["outcome"]:
            self.field(L["classification_outcome"], c["outcome"])
        self.field(L["approval"], v["approval"] or L["approval_none"])
        if c["authority"]:
            self.field(L["authority"], c["authority"])
        if c["interval"]:
            self.field(L["inspection_interval"], c["interval"])
        if c["last_inspection"]:
            self.field(L["last_inspection"], c["last_inspection"])
        if c["next_due"]:
            self.field(L["next_inspection_due"], c["next_due"])
        if c["inspection_overdue"]:
            self.para(L["inspection_overdue"], bold=True)
        if c["matched"]:
            self.para(f"- {L['matched_rules']}:")
            for m in c["matched"]:
                text = f"+ {m['cite']} — {L['level']} {m['level']}"
                self.para(text + (f": {m['label']}" if m["label"] else ""))
        if c["missing"]:
            self.field(L["missing_facts"], ", ".join(c["missing"]))
        if c["mismatch"]:
            self.para(L["level_mismatch"], bold=True)
        for note in c["notes"]:
            self.para(note, "ND30 Notice")

        self.heading2(3, L["sub_regime"])
        self.para(f"{v['regime_label']}.")

        self.heading2(4, L["sub_assessment"])
        self.field(L["assessor"], v["assessor"] or L["assessor_none"])
        self.field(L["assessed_on"], v["assessed_on"])
        self.field(L["profile"], v["profile_title"])
        if v["catalogs"]:
            self.field(L["catalogs"], "; ".join(v["catalogs"]))
        self.field(L["generated_at"], v["generated_at"])

    def scores(self) -> None:
        v, L = self.v, self.L
        self.heading1("II", L["sec_scores"])
        overall = v["overall"]
        if overall:
            runs: list[str | Run] = [Run(f"{L['percent']}: {overall['percent_text']}", bold=True)]
            if v["show_without_waivers"]:
                runs.append(f"; {L['without_waivers']}: {v['overall_without_waivers']['percent_text']}")
            self.d.paragraph(runs, defer=self.defer)
            if overall["not_assessed"]:
                self.para(label("not_assessed_count", self.lang, n=overall["not_assessed"]))
        if v["weights_differ"]:
            self.para(L["weights_notice"], "ND30 Notice")
        sl = v["status_labels"]
        head = [L["scope"], sl["pass"], sl["partial"], sl["fail"], sl["na"], sl["not_assessed"], L["percent"]]
        rows = [
            [
                s["label"],
                s["passed"],
                s["partial"],
                s["failed"],
                s["not_applicable"],
                s["not_assessed"],
                s["percent_text"],
            ]
            for s in v["scores"]
        ]
        self.table(head, rows, SCORE_COLS, SCORE_ALIGN)
        self.para(L["score_formula"], "ND30 Notice")

    def results(self) -> None:
        v, L = self.v, self.L
        self.heading1("III", L["sec_results"])
        if not v["rows"]:
            self.para(L["no_results"])
            return
        for note in v["results_notes"]:
            self.para(note, "ND30 Notice")
        head = [L["col_no"], L["col_requirement"], L["col_clause"], L["col_status"], L["col_details"]]
        rows = []
        lang, weights = self.lang, v["weights_differ"]
        reason, conflicts, advisories = L["reason"], L["conflicts"], L["advisories"]
        observations, evidence, recorded = (
            L["observations"],
            L["evidence"],
            _R(L["recorded_tag"], False, True),
        )
        for r in v["rows"]:
            requirement = [_R(r["title"])]
            if weights:
                requirement.append(_R(f"{L['weight']}: {r['weight_text']}", False, True))
            status = [_R(r["status_label"], True), _R(", ".join(r["methods"]), False, True)]
            if r["past_fact"]:
                status.append(recorded)
            if r["waiver_note"]:
                status.append(_R(r["waiver_note"], bool(r["waiver_expired"]), True))
            details: list[RunsXml] = [_R(f"{reason}: {r['reason']}")] if r["reason"] else []
            details += [_R(a) for a in r["answers"]]
            if r["conflicts"]:
                details += [_R(f"{conflicts}: {c}", True) for c in r["conflicts"]]
            if r["advisories"]:
                details += [_R(f"{advisories}: {a}", False, True) for a in r["advisories"]]
            # passing checks summed up per probe day; failed, untestable and stale ones in full
            details += [_R(o) for o in r["obs_summary"]]
            if r["obs_details"]:
                details += [_R(f"{observations}: {o}") for o in r["obs_details"]]
            if r["evidence"]:
                details.append(_R(f"{evidence}: {'; '.join(r['evidence'])}"))
            if r["text_note"]:
                details.append(_R(r["text_note"], False, True))
            refs = r["refs"]
            clauses = [*r["clause_lines"], *refs] if refs else r["clause_lines"]
            rows.append(
                [
                    str(r["no"]),
                    requirement,
                    "\n".join([_keep_together(x, lang) for x in clauses]),
                    status,
                    details or "",
                ]
            )
        self.table(head, rows, RESULT_COLS, keep_rows=False)  # a long row may continue on the next page

    def waivers(self) -> None:
        v, L = self.v, self.L
        self.heading1("IV", L["sec_waivers"])
        if not v["waivers"]:
            self.para(L["no_waivers"])
            return
        head = [
            L["col_no"],
            L["col_requirement"],
            L["col_justification"],
            L["col_approver"],
            L["col_validity"],
        ]
        rows = []
        for i, w in enumerate(v["waivers"], 1):
            just = [_R(w["justification"])]
            if w["compensating"]:
                just.append(_R(f"{L['waiver_compensating']}: {w['compensating']}"))
            if w["reference"]:
                just.append(_R(f"{L['waiver_reference']}: {w['reference']}"))
            rows.append(
                [
                    str(i),
                    [
                        _R(w["title"], True),
                        _R(_keep_together(w["clause"], self.lang)),
                        _R(w["id"], False, True),
                    ],
                    just,
                    "\n".join(p for p in (w["approver"], w["approved_on"]) if p),
                    [_R(w["validity"], bool(w["expired"]))],
                ]
            )
        self.table(head, rows, WAIVER_COLS)

    def remediation(self) -> None:
        v, L = self.v, self.L
        if v["remediation"]:
            self.d.section(landscape=True)
        self.heading1("V", L["sec_remediation"])
        if not v["remediation"]:
            self.para(L["no_remediation"])
            return
        self.para(L["remediation_intro"], "ND30 Notice")
        self.para(L["priority_legend"], "ND30 Notice")
        head = [
            L["col_no"],
            L["col_requirement"],
            L["col_missing"],
            L["col_action"],
            L["col_priority"],
            L["col_due"],
            L["col_owner"],
            L["col_progress"],
        ]
        rows = []
        lang, size = self.lang, 11
        for m in v["remediation"]:
            requirement = [
                _R(m["title"], True, False, False, size),
                _R(_keep_together(m["clause"], lang), False, False, False, size),
                _R(m["status_label"], False, True, False, size),
            ]
            missing = [_R(f"- {q}", False, False, False, size) for q in m["missing"]]
            if m["reason"]:
                missing.append(_R(m["reason"], False, True, False, size))
            rows.append(
                [
                    str(m["no"]),
                    requirement,
                    missing or "",
                    m["action"],
                    f"{m['priority']} – {m['priority_label']}",
                    m["due"],
                    m["owner"],
                    m["state"],
                ]
            )
        cells = [[c if type(c) is list or type(c) is str else str(c) for c in row] for row in rows]
        self.d.table(
            head, cells, REMEDIATION_COLS, align=("right",), size=11, keep_rows=False, defer=self.defer
        )  # no half-empty pages

    def recorded(self) -> None:
        """Past facts (issue 12 §2): recorded with their dates, never given a deadline."""
        v, L = self.v, self.L
        if not v["recorded"]:
            return
        self.para(L["recorded_title"], bold=True)
        self.para(L["recorded_intro"], "ND30 Notice")
        head = [L["col_no"], L["col_requirement"], L["col_clause"], L["col_status"], L["reason"]]
        rows = [
            [
                str(g["no"]),
                g["title"],
                _keep_together(g["clause"], self.lang),
                f"{L['recorded_tag']}: {g['status_label']}",
                g["reason"],
            ]
            for g in v["recorded"]
        ]
        self.table(head, rows, RECORDED_COLS)

    def not_binding(self) -> None:
        """Appendix: requirements that do not bind on the assessment date or under the approval regime."""
        v, L = self.v, self.L
        if not v["not_binding"]:
            return
        self.heading1("", L["sec_not_binding"])
        self.para(v["not_binding_intro"])
        head = [L["col_no"], L["col_requirement"], L["col_clause"], L["col_binding_dates"], L["reason"]]
        rows = [
            [str(n["no"]), n["title"], _keep_together(n["clause"], self.lang), n["when"], n["reason"]]
            for n in v["not_binding"]
        ]
        self.table(head, rows, NOT_BINDING_COLS)

    def sources(self) -> None:
        """Appendix: each requirement's reference id, clause and the confidence of its basis, in words."""
        v, L = self.v, self.L
        self.heading1("", L["sec_sources"])
        self.para(L["sources_intro"], "ND30 Notice")
        head = [L["col_no"], L["col_requirement"], L["col_clause"], L["col_ref"], L["col_confidence"]]
        rows = [
            [str(s["no"]), s["title"], _keep_together(s["clause"], self.lang), s["control"], s["confidence"]]
            for s in v["sources"]
        ]
        self.d.table(head, rows, SOURCES_COLS, align=("right",), size=10, defer=self.defer)

    def notes(self) -> None:
        if not self.v["notes"]:
            return
        self.heading1("VI", self.L["sec_notes"])
        for note in self.v["notes"]:
            self.para(f"- {note}")

    def signature(self) -> None:
        """Signer (authority form, title, name) and recipients from the inventory's organisation;
        what it does not give is a highlighted gap to fill, never dots (issue 13 §4)."""
        L, org, s = self.L, self.v["organisation"], self.v["signer"]
        self.d.paragraph()

        def gap(key: str) -> Run:
            return Run(self.d.label("gap", text=L[key]), bold=True, highlight=True)

        self.d.signature(
            Signer.from_line(s["authority"], s["title"], s["name"]),
            self.v["recipients"],
            org["code"],
            widths_cm=SIGNATURE_COLS,
            name_placeholder=gap("signer_name_gap"),
            title_placeholder=gap("signer_title_gap"),
            recipient_placeholder=Run(self.d.label("gap", text=L["recipients_gap"]), highlight=True),
            defer=self.defer,
        )

    def build(self) -> None:
        self.header()
        self.general()
        self.scores()
        self.results()
        self.waivers()
        self.remediation()
        self.recorded()
        if self.v["remediation"]:
            self.d.section(landscape=False)
        self.notes()
        self.signature()
        self.not_binding()
        self.sources()


class DocxRenderer(Renderer):
    name = "docx"
    suffix = ".docx"

    def render(self, result: AssessmentResult, lang: Lang, out_dir: Path, templates: Path) -> Path:
        doc = Decree30Document(reference_path(templates), lang=lang, doc_type="bao_cao")
        view = build_view(result, lang)
        _Builder(doc, view, lang).build()
        org = view["organisation"]
        doc.properties(
            title=build_view_subject(result, lang),
            subject=label("doc_title", lang),
            author=org["name"] or result.assessor or "",
        )
        return doc.save(self.output_path(out_dir, lang))


def build_view_subject(result: AssessmentResult, lang: Lang) -> str:
    name = result.system.name or result.system.id
    return label("doc_subject", lang, system=name)
