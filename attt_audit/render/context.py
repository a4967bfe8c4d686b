"""The language-resolved view of one result that the HTML, Markdown and Word reports share.

Everything here is taken from the :class:`~attt_audit.models.AssessmentResult`; wording comes
from :mod:`attt_audit.render.labels`. Values stay plain strings; each format escapes them its
own way (Jinja2 autoescape for HTML, :func:`md_cell` for Markdown, python-docx for Word).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import lru_cache
from typing import Any

from attt_audit.models import AssessmentResult, LocalText, RequirementResult, Score, Status
from attt_audit.models.common import Lang
from attt_audit.regime import standard_label
from attt_audit.remediation import recorded
from attt_audit.render import plain
from attt_audit.render.labels import label, regime_label, shared_table, table
from attt_audit.render.legal_refs import cite_in_text, legend
from attt_audit.text import format_date, format_percent

KIND_KEYS = {"management", "technical", "design", "duty", "layer"}
SINGLE_SOURCE_FRAMEWORKS = ("tcvn14423",)
"""Framework-id prefixes whose whole catalog rests on one secondary summary (TCVN 14423:2026):
reports name that source in a visible note (issue 12 §4)."""


@lru_cache(maxsize=8192)
def clause_text(framework: str, clause: str | None, lang: Lang) -> str:
    """A clause with its standard (``TCVN 11930:2017 mục 7.1.1.1``): bare numbers collide between
    TCVN 11930 and TCVN 14423. A framework without a known standard keeps the bare number.
    (Remembered: a report names the same clauses on several rows, and every system's report the
    same clauses again; the regimes' standards are fixed for the process.)"""
    if not clause:
        return ""
    standard = standard_label(framework)
    return f"{standard} {label('clause_word', lang)} {clause}" if standard else clause


def _single_source(framework: str) -> bool:
    return framework.startswith(SINGLE_SOURCE_FRAMEWORKS)


def fmt_date(value: Any, lang: Lang) -> str:
    """``23/11/2026`` in Vietnamese, ISO ``2026-11-23`` in English; ISO strings accepted."""
    day = _as_date(value)
    if day is None:
        return "" if value is None else str(value)
    return _format_day(day, lang)


@lru_cache(maxsize=4096)
def _format_day(day: dt.date, lang: Lang) -> str:
    """:func:`~attt_audit.text.format_date`, remembered (a report prints the same few due dates
    on every remediation row)."""
    return format_date(day, lang)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def decree30_date_line(place: str | None, day: dt.date, lang: Lang) -> str:
    """``Hà Nội, ngày 05 tháng 01 năm 2026``: day < 10 and months 1–2 padded (ND 30/2020)."""
    where = place or label("date_place_unknown", lang)
    if lang != "vi":
        return label("date_line", lang, place=where, date=day.strftime("%d %B %Y"))
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return label("date_line", lang, place=where, d=f"{day.day:02d}", m=month, y=day.year)


def _local_time(moment: dt.datetime, lang: Lang) -> str:
    """The report time in Asia/Ho_Chi_Minh, labelled (``23/11/2026 09:00 (giờ Việt Nam)``)."""
    from attt_audit.dates import VIETNAM

    local = moment.astimezone(VIETNAM) if moment.tzinfo is not None else moment
    shown = local.strftime("%d/%m/%Y %H:%M") if lang == "vi" else local.strftime("%Y-%m-%d %H:%M")
    return f"{shown} ({label('vietnam_time', lang)})"


def fmt_percent(value: float | None, lang: Lang) -> str:
    """A percentage as reports print it (:func:`attt_audit.text.format_percent`)."""
    return format_percent(value, lang)


def _text(value: LocalText | dict[str, Any] | None, lang: Lang) -> str:
    if value is None:
        return ""
    if isinstance(value, LocalText):
        return value.get(lang)
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("vi") or value.get("en") or "")
    return str(value)


def scope_label(scope: str, result: AssessmentResult, lang: Lang) -> str:
    kind, _, rest = scope.partition(":")
    if kind == "overall":
        return label("scope_overall", lang)
    if kind == "group":
        return group_title(rest, result, lang)
    if kind == "kind":
        return label(f"kind_{rest}", lang) if rest in KIND_KEYS else rest
    if kind == "layer":
        return f"{label('scope_layer', lang)} {rest}"
    return scope


def group_title(group: str, result: AssessmentResult, lang: Lang) -> str:
    title = result.groups.get(group)
    return title.get(lang) if title is not None else group


def _score_row(score: Score, result: AssessmentResult, lang: Lang) -> dict[str, Any]:
    return {
        "scope": score.scope,
        "label": scope_label(score.scope, result, lang),
        "passed": score.passed,
        "partial": score.partial,
        "failed": score.failed,
        "not_applicable": score.not_applicable,
        "not_assessed": score.not_assessed,
        "percent": score.percent,
        "percent_text": fmt_percent(score.percent, lang),
    }


def _scope_order(scope: str) -> int:
    """Overall, kinds, layers, groups; within each, the result's own (catalog) order."""
    order = {"overall": 0, "kind": 1, "layer": 2, "group": 3}
    return order.get(scope.partition(":")[0], 4)


def _without_duplicate_layers(result: AssessmentResult) -> list[Score]:
    """The result's scores without a ``layer:N`` row that counts exactly the requirements of one
    group (the four-layer catalog has one group per layer, ``Lớp 1 — Lực lượng tại chỗ``): the
    named group row stays, the bare ``Lớp 1`` row would repeat it (issue 13 §4)."""
    if not any(s.scope.startswith("layer:") for s in result.scores):
        return list(result.scores)
    members: dict[str, set[str]] = {}
    for r in result.results:
        members.setdefault(f"group:{r.group}", set()).add(r.control)
        if r.layer is not None:
            members.setdefault(f"layer:{r.layer}", set()).add(r.control)
    groups = [m for scope, m in members.items() if scope.startswith("group:")]
    return [
        s
        for s in result.scores
        if not (s.scope.startswith("layer:") and members.get(s.scope) and members[s.scope] in groups)
    ]


def _waiver_view(row: RequirementResult, result: AssessmentResult, lang: Lang) -> dict[str, Any] | None:
    waiver = row.waiver
    if waiver is None:
        return None
    expires = waiver.expires_on
    # The engine records the waiver's state on the assessment date (active, expired, pending);
    # without it, expiry is decided from the dates.
    state = waiver.state or ""
    if not state:
        if expires < result.assessed_on:
            state = "expired"
        elif waiver.approved_on > result.assessed_on:
            state = "pending"
        else:
            state = "active"
    expired = state == "expired"
    expires_text = fmt_date(expires, lang)
    if expired:
        validity = label("waiver_expired", lang, date=expires_text)
    elif state == "pending":
        validity = label("waiver_pending", lang, date=fmt_date(waiver.approved_on, lang))
    else:
        validity = label("waiver_valid_until", lang, date=expires_text)
    return {
        "id": waiver.id,
        "control": row.control,
        "clause": clause_text(row.framework, row.clause, lang),
        "title": row.title.get(lang),
        "justification": waiver.justification,
        "approver": waiver.approver,
        "approved_on": fmt_date(waiver.approved_on, lang),
        "expires_on": expires_text,
        "expired": expired,
        "state": state,
        "validity": validity,
        "compensating": waiver.compensating_control or "",
        "reference": waiver.reference or "",
        "waived": row.waived,
    }


def _refs(refs: list[str] | tuple[str, ...], lang: Lang) -> list[str]:
    """A requirement's legal references cited together, so that one act is named once
    (``Điều 5.3.h, 5.3.k TT 31/2017``), one act a line (a new list each call)."""
    return list(_cited_refs("; ".join(refs), lang))


@lru_cache(maxsize=4096)
def _cited_refs(joined: str, lang: Lang) -> tuple[str, ...]:
    text = plain.ref_text(joined, lang)
    return tuple(text.split("; ")) if text else ()


def clause_lines(framework: str, clause: str | None, lang: Lang) -> list[str]:
    """:func:`clause_text` as two lines, the standard then its clause (``TCVN 11930:2017`` /
    ``mục 7.1.1.1``), for a narrow Word column; a framework without a standard: the bare number."""
    return list(_clause_lines(framework, clause, lang))


@lru_cache(maxsize=8192)
def _clause_lines(framework: str, clause: str | None, lang: Lang) -> tuple[str, ...]:
    if not clause:
        return ()
    standard = standard_label(framework)
    return (standard, f"{label('clause_word', lang)} {clause}") if standard else (clause,)


def _reference(framework: str, clause: str | None, refs: tuple[str, ...], lang: Lang) -> str:
    """A requirement's clause then its legal references, in one cell (``TCVN 11930:2017 mục
    7.1.1.1; Điều 20.2.c NĐ 85/2016``); remembered like :func:`clause_text`."""
    return _citations(framework, clause, refs, lang)[3]


@lru_cache(maxsize=8192)
def _citations(
    framework: str, clause: str | None, refs: tuple[str, ...], lang: Lang
) -> tuple[str, tuple[str, ...], tuple[str, ...], str]:
    """A requirement's clause (:func:`clause_text`), its clause lines, its legal references
    cited (:func:`_refs`) and both in one cell (:func:`_reference`), remembered together: every
    system's report cites the catalog's same requirements."""
    text = clause_text(framework, clause, lang)
    cited = _cited_refs("; ".join(refs), lang)
    return (
        text,
        _clause_lines(framework, clause, lang),
        cited,
        "; ".join(([text] if clause else []) + list(cited)),
    )


@lru_cache(maxsize=4)
def _status_labels(lang: Lang) -> dict[str, str]:
    """Status value → its label in ``lang`` (read-only)."""
    return {s.value: s.label(lang) for s in Status}


@lru_cache(maxsize=512)
def _method_labels(methods: tuple[str, ...], lang: Lang) -> tuple[str, ...]:
    return tuple(label(f"method_{m}", lang) for m in methods)


def _row_view(
    index: int,
    row: RequirementResult,
    result: AssessmentResult,
    lang: Lang,
    noted: frozenset[str],
    weights_differ: bool = False,
) -> dict[str, Any]:
    """``noted``: frameworks whose unverified questions are noted at each row (the others are
    named once, in the note above the results table); ``weights_differ``: the report shows
    each requirement's weight."""
    waiver = _waiver_view(row, result, lang) if row.waiver is not None else None
    if row.observations:
        obs_summary = plain.observation_summary(row.observations, lang)
        observations = obs_summary + plain.observation_details(row.observations, lang)
    else:
        obs_summary, observations = [], []
    clause_cell, clause_cells, refs_cited, reference = _citations(
        row.framework, row.clause, tuple(row.refs), lang
    )
    status = row.status
    waiver_note = ""
    if waiver is not None:
        if waiver["expired"]:
            waiver_note = label("waiver_expired_row", lang, id=waiver["id"], date=waiver["expires_on"])
        elif waiver["state"] == "pending":
            waiver_note = label("waiver_pending_row", lang, id=waiver["id"], date=waiver["approved_on"])
        else:
            waiver_note = label("waived_by", lang, id=waiver["id"])
    reason = plain.reason_text(row, lang)
    conflicts = plain.conflict_lines(row, lang) if row.conflicts else []
    advisories = plain.advisory_lines(row, lang) if row.advisories else []
    answers = plain.answer_lines(row, lang)
    obs_details = observations[len(obs_summary) :]
    text_note = (
        ""
        if row.text_verified or row.framework not in noted
        else label("single_source_row" if _single_source(row.framework) else "text_not_verified", lang)
    )
    weight_text = f"{row.weight:g}"
    return {
        "no": index,
        "control": row.control,
        "title": row.title.get(lang),
        "clause": clause_cell,
        "clause_lines": list(clause_cells),
        "refs": list(refs_cited),
        "reference": reference,
        "group": row.group,
        "group_title": group_title(row.group, result, lang),
        "kind": row.kind,
        "layer": row.layer,
        "status": status._value_,
        "status_label": _status_labels(lang)[status._value_],
        "methods": list(_method_labels(tuple(row.methods), lang)),
        "reason": reason,
        "conflicts": conflicts,
        "advisories": advisories,
        "evidence": list(row.evidence),
        "observations": observations,
        "obs_summary": obs_summary,
        "obs_details": obs_details,
        "answers": answers,
        "detail_lines": _detail_lines(
            reason,
            answers,
            conflicts,
            advisories,
            obs_summary,
            obs_details,
            row.evidence,
            text_note,
            weight_text if weights_differ else None,
            lang,
        ),
        "waived": row.waived,
        "waiver_note": waiver_note,
        "waiver_expired": bool(waiver and waiver["expired"]),
        "text_verified": row.text_verified,
        "text_note": text_note,
        "past_fact": row.past_fact,
        "confidence": row.confidence,
        "weight": row.weight,
        "weight_text": weight_text,
        "severity": row.severity,
    }


@lru_cache(maxsize=1024)
def _wrapped(text: str) -> tuple[str, ...]:
    """A chart label in lines of at most 44 characters (group titles are the catalog's)."""
    import textwrap

    return tuple(textwrap.wrap(text, 44, break_long_words=False) or [""])


def _detail_lines(
    reason: str,
    answers: list[str],
    conflicts: list[str],
    advisories: list[str],
    obs_summary: list[str],
    obs_details: list[str],
    evidence: list[str],
    text_note: str,
    weight_text: str | None,
    lang: Lang,
) -> list[str]:
    """The "Chi tiết" cell of a results row as lines of plain text, each part named
    (``Lý do: …``, the unmet answers, ``Quan sát: …``, ``Bằng chứng: …``), as the Markdown
    report prints it (one cell, lines joined by ``<br>``)."""
    L = shared_table(lang)
    lines = [f"{L['reason']}: {reason}"] if reason else []
    lines += answers
    if conflicts:
        lines += [f"{L['conflicts']}: {c}" for c in conflicts]
    if advisories:
        lines += [f"{L['advisories']}: {a}" for a in advisories]
    lines += obs_summary
    if obs_details:
        lines += [f"{L['observations']}: {o}" for o in obs_details]
    if evidence:
        lines.append(f"{L['evidence']}: {'; '.join(evidence)}")
    if text_note:
        lines.append(text_note)
    if weight_text is not None:
        lines.append(f"{L['weight']}: {weight_text}")
    return lines


def _chart(groups: list[dict[str, Any]]) -> dict[str, Any]:
    """Geometry of the horizontal bar chart of compliance per group (drawn as inline SVG)."""
    label_w, bar_w, top = 300, 300, 8
    wrapped = [list(_wrapped(g["label"])) for g in groups]
    row_h = 36 if any(len(lines) > 1 for lines in wrapped) else 26
    bars = []
    for i, g in enumerate(groups):
        pct = g["percent"]
        width = 0.0 if pct is None else round(bar_w * max(0.0, min(100.0, pct)) / 100.0, 1)
        tone = "none" if pct is None else ("good" if pct >= 80 else "mid" if pct >= 50 else "low")
        bars.append(
            {
                "label": g["label"],
                "lines": wrapped[i][:2]
                if len(wrapped[i]) <= 2
                else [wrapped[i][0], " ".join(wrapped[i][1:])],
                "percent_text": g["percent_text"],
                "y": top + i * row_h,
                "text_y": top + i * row_h + 15,
                "width": width,
                "tone": tone,
            }
        )
    return {
        "width": label_w + bar_w + 70,
        "height": top * 2 + row_h * len(groups),
        "label_w": label_w,
        "bar_w": bar_w,
        "bar_h": row_h - 8,
        "bars": bars,
        "grid": [{"x": label_w + bar_w * p / 100, "p": p} for p in (0, 50, 100)],
    }


_LAST_VIEW: list[tuple[AssessmentResult, str, dict[str, Any]]] = []
"""The last view built: every format of one system's reports shares it (a run renders html,
md, docx and the remediation workbook from one result)."""


def build_view(result: AssessmentResult, lang: Lang) -> dict[str, Any]:
    """Everything the human-readable reports show, resolved to ``lang`` (read-only: the formats
    of one result share it)."""
    if _LAST_VIEW and _LAST_VIEW[0][0] is result and _LAST_VIEW[0][1] == lang:
        return _LAST_VIEW[0][2]
    view = _build_view(result, lang)
    _LAST_VIEW[:] = [(result, lang, view)]
    return view


def _build_view(result: AssessmentResult, lang: Lang) -> dict[str, Any]:
    org = result.organisation
    system = result.system
    cls = result.classification
    unverified = _unverified(result)
    noted = frozenset(fw for fw, (n, total) in unverified.items() if n < total)
    weights_differ = any(r.weight != 1 for r in result.results)
    rows = [_row_view(i, r, result, lang, noted, weights_differ) for i, r in enumerate(result.results, 1)]
    shown = _without_duplicate_layers(result)
    scores = [_score_row(s, result, lang) for s in sorted(shown, key=lambda s: _scope_order(s.scope))]
    overall = next((s for s in scores if s["scope"] == "overall"), None)
    overall_nw = next(
        (_score_row(s, result, lang) for s in result.scores_without_waivers if s.scope == "overall"), None
    )
    group_scores = [s for s in scores if s["scope"].startswith("group:")]
    waivers = [w for w in (_waiver_view(r, result, lang) for r in result.results) if w is not None]
    matched = [
        {
            "cite": plain.ref_text(m.article or m.ref, lang),
            "ref": m.ref,
            "article": m.article,
            "level": m.level,
            "label": plain.local(m.label, lang),
        }
        for m in (cls.matched if cls is not None else [])
    ]
    outcome = cls.outcome if cls is not None else None
    approval = system.approval
    approval_text = ""
    if approval is not None:
        approval_text = ", ".join(
            str(p) for p in (approval.decision, fmt_date(approval.date, lang), approval.approver) if p
        )
    interval = cls.inspection_interval_months if cls is not None else None
    interval_text = label("months", lang, n=interval) if interval else ""
    basis = _text(cls.inspection_basis if cls is not None else None, lang)
    if interval_text and basis:
        interval_text += f" — {basis}"
    if interval_text and cls is not None and cls.inspection_ref:
        interval_text += f" ({plain.ref_text(cls.inspection_ref, lang)})"
    authority = _text(cls.authority if cls is not None else None, lang)
    if authority and cls is not None and cls.authority_ref:
        authority += f" ({plain.ref_text(cls.authority_ref, lang)})"
    # A remediation item carries the clause only; duties and 4-layer items cite articles (refs).
    row_of = {r.control: r for r in result.results}
    default_owner = system.operator or system.owner or ""
    remediation = []
    for i, item in enumerate(result.remediation, 1):
        source_row = row_of.get(item.control)
        missing = plain.unmet_questions(source_row, lang) if source_row is not None else []
        if source_row is not None and source_row.observations:
            missing += [
                plain.observation_text(o, lang) for o in source_row.observations if o.result == "fail"
            ]
        action = plain.remediation_text(item.control, source_row.level if source_row else result.level, lang)
        remediation.append(
            {
                "no": i,
                "control": item.control,
                "clause": clause_text(source_row.framework if source_row else "", item.clause, lang)
                or ("; ".join(_cited_refs("; ".join(source_row.refs), lang)) if source_row else ""),
                "title": item.title.get(lang),
                "status_label": item.status.label(lang),
                "status": item.status._value_,
                "priority": item.priority,
                "priority_label": label(f"priority_{item.priority}", lang),
                "due": fmt_date(item.due, lang),
                "owner": item.owner or default_owner,
                "state": item.state or label("state_open", lang),
                "missing": missing,
                "action": action or label("action_default", lang),
                "reason": plain.local(item.reason, lang) if item.waived else "",
                "waived": item.waived,
            }
        )
    single_source = not_verified = 0
    single_source_standard = ""
    for r in result.results:
        if _single_source(r.framework):
            if not single_source:
                single_source_standard = standard_label(r.framework) or r.framework
            single_source += 1
        elif not r.text_verified:
            not_verified += 1
    recorded_rows = [
        {
            "no": i,
            "control": r.control,
            "title": r.title.get(lang),
            "clause": _reference(r.framework, r.clause, tuple(r.refs), lang),
            "status_label": r.status.label(lang),
            "reason": plain.reason_text(r, lang),
        }
        for i, r in enumerate(recorded(result.results), 1)
    ]
    not_binding = []
    for i, n in enumerate(result.not_binding, 1):
        when = []
        if n.binds_from is not None:
            when.append(label("binds_from", lang, date=fmt_date(n.binds_from, lang)))
        if n.binds_until is not None:
            when.append(label("binds_until", lang, date=fmt_date(n.binds_until, lang)))
        not_binding.append(
            {
                "no": i,
                "control": n.control,
                "title": n.title.get(lang),
                "clause": _reference(n.framework, n.clause, tuple(n.refs), lang),
                "reason": cite_in_text(str(n.reason.get(lang)), lang),
                "when": ", ".join(when),
                "ref": n.ref,
            }
        )
    return {
        "lang": lang,
        "L": table(lang),
        "status_labels": {s.value: s.label(lang) for s in Status},
        "tool_version": result.tool_version,
        "generated_at": _local_time(result.generated_at, lang),
        "assessed_on": fmt_date(result.assessed_on, lang),
        "date_line": decree30_date_line(org.province, result.assessed_on, lang),
        "regime": result.regime,
        "regime_label": regime_label(result.regime, lang),
        "profile": result.profile,
        "profile_title": plain.profile_title(result.profile, result.level, lang),
        "level": result.level,
        "assessor": result.assessor or "",
        "catalogs": [
            f"{plain.framework_title(k, lang)} ({label('catalog_version', lang)} {v})"
            for k, v in sorted(result.catalog.items())
        ],
        "organisation": {
            "name": org.name,
            "governing_body": org.governing_body or "",
            "security_unit": org.security_unit or "",
            "head": org.head or "",
            "code": org.code or "",
            "province": org.province or "",
        },
        "signer": _signer(org),
        "recipients": list(org.recipients or []),
        "system": {
            "id": system.id,
            "name": system.name or system.id,
            "description": system.description or "",
            "owner": system.owner or "",
            "operator": system.operator or "",
        },
        "subject": label("doc_subject", lang, system=system.name or system.id),
        "classification": {
            "present": cls is not None,
            "proposed_level": cls.proposed_level if cls is not None else None,
            "declared_level": cls.declared_level if cls is not None else system.declared_level,
            "mismatch": cls is not None and cls.mismatch,
            "outcome": label(f"outcome_{outcome}", lang) if outcome is not None else "",
            "matched": matched,
            "missing": list(cls.missing) if cls is not None else [],
            "authority": authority,
            "interval": interval_text,
            "last_inspection": fmt_date(cls.last_inspection, lang)
            if cls is not None and cls.last_inspection
            else "",
            "inspection_overdue": cls is not None and bool(cls.inspection_overdue),
            "next_due": fmt_date(cls.next_inspection_due, lang)
            if cls is not None and cls.next_inspection_due
            else "",
            "notes": [
                cite_in_text(plain.local(n, lang), lang) for n in (cls.notes if cls is not None else [])
            ],
        },
        "approval": approval_text,
        "scores": scores,
        "overall": overall,
        "overall_without_waivers": overall_nw,
        "show_without_waivers": bool(waivers) and overall_nw is not None,
        "group_scores": group_scores,
        "chart": _chart(group_scores),
        "weights_differ": weights_differ,
        "rows": rows,
        "waivers": waivers,
        "remediation": remediation,
        "not_verified": not_verified,
        "recorded": recorded_rows,
        "not_binding": not_binding,
        "not_binding_intro": label("not_binding_intro", lang, date=fmt_date(result.assessed_on, lang)),
        "baseline": cite_in_text(plain.local(result.baseline_reason, lang), lang),
        "conclusion": _conclusion(result, rows, overall, remediation, approval_text, matched, lang),
        "sources": _sources(result, lang),
        "results_notes": _results_notes(unverified, lang)
        + (
            [label("single_source_note", lang, n=single_source, standard=single_source_standard)]
            if single_source
            else []
        ),
        "notes": [cite_in_text(plain.replace_ids(plain.local(n, lang), lang), lang) for n in result.notes]
        + [legend(lang)],
    }


def _signer(org: Any) -> dict[str, str]:
    """Who signs the gap report: ``organisation.signer`` of the inventory (authority form, title,
    name); without it the head signs (``head: Nguyễn Văn Minh – Giám đốc Sở`` gives both name and
    title). A part still missing stays empty: the document marks it as a gap to fill."""
    s = org.signer
    if s is not None and (s.title or s.name or s.authority):
        return {"authority": s.authority or "", "title": s.title or "", "name": s.name or ""}
    name, _, title = (org.head or "").partition(" – ")
    return {"authority": "", "title": title.strip(), "name": name.strip()}


def _unverified(result: AssessmentResult) -> dict[str, tuple[int, int]]:
    """Framework → (requirements whose questions we wrote from the clause heading, requirements),
    for frameworks with any such requirement; single-source standards have their own note."""
    counts: dict[str, list[int]] = {}
    for r in result.results:
        if _single_source(r.framework):
            continue
        c = counts.setdefault(r.framework, [0, 0])
        c[0] += not r.text_verified
        c[1] += 1
    return {fw: (n, total) for fw, (n, total) in counts.items() if n}


def _results_notes(unverified: dict[str, tuple[int, int]], lang: Lang) -> list[str]:
    """The note above the results table, said once: questions written from clause headings, the
    frameworks where every requirement is so named, the rest noted at each row."""
    if not unverified:
        return []
    what = [
        label(
            "text_not_verified_all", lang, n=n, standard=standard_label(fw) or plain.framework_title(fw, lang)
        )
        for fw, (n, total) in unverified.items()
        if n == total
    ]
    some = sum(n for n, total in unverified.values() if n < total)
    if some:
        what.append(label("text_not_verified_some", lang, n=some))
    joiner = " và " if lang == "vi" else " and "
    return [label("text_not_verified_note", lang, what=joiner.join(what))]


TOP_GAPS = 5
"""How many gaps the conclusion box on page 1 names."""


def _level_basis(
    result: AssessmentResult, approval_text: str, matched: list[dict[str, Any]], lang: Lang
) -> str:
    """Why the system is assessed at its level, in words (see :func:`attt_audit.levels.assessed_level`)."""
    system, cls, level = result.system, result.classification, result.level
    approval = system.approval
    if approval is not None and approval_text and approval.level in (None, level):
        return label("basis_approved", lang, level=level, decision=approval_text)
    if system.declared_level == level:
        return label("basis_declared", lang, level=level)
    if cls is not None and cls.proposed_level == level:
        cites = ", ".join(m["cite"] for m in matched if m.get("level") == level)
        return label("basis_classified", lang, level=level) + (f" ({cites})" if cites else "")
    return label("basis_profile", lang, level=level)


def _conclusion(
    result: AssessmentResult,
    rows: list[dict[str, Any]],
    overall: dict[str, Any] | None,
    remediation: list[dict[str, Any]],
    approval_text: str,
    matched: list[dict[str, Any]],
    lang: Lang,
) -> dict[str, Any]:
    """The bottom line of page 1: level and why, score, counts, overdue duties, the top gaps."""
    tally = Counter(r["status"] for r in rows)
    counts = [{"status": s.value, "label": s.label(lang), "n": tally[s.value]} for s in Status]
    overdue = [r["title"] for r in rows if r["kind"] == "duty" and r["status"] == Status.FAIL.value]
    if result.classification is not None and result.classification.inspection_overdue:
        overdue.insert(0, label("inspection_overdue_short", lang))
    top = [
        {"title": m["title"], "clause": m["clause"], "priority": m["priority"], "due": m["due"]}
        for m in remediation[:TOP_GAPS]
    ]
    return {
        "level": result.level,
        "basis": _level_basis(result, approval_text, matched, lang),
        "percent_text": overall["percent_text"] if overall else label("percent_none", lang),
        "counts": counts,
        "overdue": overdue,
        "top_gaps": top,
        "gaps_total": len(remediation),
    }


def _sources(result: AssessmentResult, lang: Lang) -> list[dict[str, Any]]:
    """The appendix "Nguồn và mức độ tin cậy của yêu cầu": each requirement's reference id,
    its clause and the confidence of its source, in words."""
    out = []
    for i, r in enumerate(result.results, 1):
        out.append(
            {
                "no": i,
                "control": r.control,
                "title": r.title.get(lang),
                "clause": _reference(r.framework, r.clause, tuple(r.refs), lang),
                "confidence": _confidence_text(
                    r.confidence, r.text_verified, _single_source(r.framework), lang
                ),
                "weak": r.confidence in plain.WEAK,
            }
        )
    return out


@lru_cache(maxsize=256)
def _confidence_text(confidence: str, text_verified: bool, single_source: bool, lang: Lang) -> str:
    """The sources appendix's confidence cell: the source's confidence in words, and whether the
    requirement's wording rests on its clause heading or on one secondary source."""
    words = plain.CONFIDENCE_WORDS.get(confidence)
    return "; ".join(
        [words.get(lang) if words else label("not_given", lang)]
        + (
            []
            if text_verified
            else [label("single_source_short" if single_source else "text_not_verified_short", lang)]
        )
    )
