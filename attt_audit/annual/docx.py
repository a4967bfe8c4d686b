"""Word rendering of the annual report, on the Decree 30 document kit.

The kit (:mod:`attt_audit.render.document`) places the header table, the number and date
line, the title, the signature block beside ``Nơi nhận``, the page numbers (hidden on page 1,
restarting in each appendix) and the landscape section for the 12 Mẫu 08 columns, from the
shared ``<templates>/reference.docx``. Here: the content of the report.

Under ND 331 the document is the form Mẫu 08, a *công văn* (no ``BÁO CÁO`` title, a ``V/v``
line under the number); under the old regime it is a *báo cáo* with the TT 12 content.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from attt_audit.annual import labels as L
from attt_audit.annual.html import titles
from attt_audit.annual.model import NOT_GIVEN, AnnualReport
from attt_audit.models.common import Lang
from attt_audit.render.document import _DEFERRED as _KEPT_TABLE
from attt_audit.render.document import W_NS as _W_NS
from attt_audit.render.document import Decree30Document, Issuer, Run, Signer, date_line, reference_path
from attt_audit.render.interface import DocumentRenderer
from attt_audit.render.legal_refs import keep_together

VV_LINE = "V/v kết quả công tác bảo đảm an ninh mạng hệ thống thông tin"
VV_LINE_EN = "Re: results of the cybersecurity work on information systems"
"""Mẫu 08 trích yếu of the công văn [P2]."""
MAU08_WIDTHS = (1.2, 2.0, 1.9, 1.9, 1.9, 2.1, 2.4, 2.7, 2.1, 2.5, 2.2, 2.3)
"""Wide enough that no header or value breaks inside a word, in Vietnamese or English (issue 13 §6)."""
"""25.2 cm: the landscape text width."""
MAU08_ALIGN = ("right", None, None, None, "right")
STATUS_WIDTHS = (1.2, 4.0, 3.5, 4.0, 1.8, 1.8, 1.8, 1.8, 2.0, 4.3)
STATUS_ALIGN = ("right", None, None, None, None, None, None, None, "right")


def _t(lang: Lang, vi: str, en: str) -> str:
    return vi if lang == "vi" else en


def _lang(d: Decree30Document) -> Lang:
    """The document's language, typed."""
    return "en" if d.lang == "en" else "vi"


def _wording(report: AnnualReport, name: str, lang: Lang) -> str:
    """A sentence of the report's regime (``wording:`` in ``checklists/regimes/<regime>.yaml``)."""
    from attt_audit.regime import regime

    text = regime(report.regime).wording[name]
    return text.vi if lang == "vi" else text.en


def _doc_date(report: AnnualReport, lang: Lang) -> str:
    return date_line(report.place or "......", report.report_date, lang, year=report.year)


def _header(d: Decree30Document, report: AnnualReport, *, cong_van: bool) -> None:
    org = report.organisation
    issuer = str(org.get("name") or "")
    if cong_van and not issuer:
        issuer = "(CHỦ QUẢN HỆ THỐNG THÔNG TIN)"
    d.header(
        Issuer(name=issuer, parent=report.governing_body or "", code=str(org.get("code") or "")),
        number=report.report_number or None,
        date=_doc_date(report, _lang(d)),
        summary=(VV_LINE if _lang(d) == "vi" else VV_LINE_EN) if cong_van else None,
    )


def _kpis(d: Decree30Document, report: AnnualReport, lang: Lang) -> None:
    k = report.kpis
    d.paragraph(
        Run(_t(lang, "Các chỉ số chính của năm:", "Headline figures of the year:"), bold=True),
        "ND30 List",
        keep_with_next=True,
    )
    items = (
        ("approved", k.approved_pct, k.approved),
        ("plan_full", k.plan_full_pct, k.plan_full),
        ("inspected", k.inspected_pct, k.inspected_on_time),
    )
    for i, (key, pct, n) in enumerate(items):
        d.list_item(
            f"- {L.KPI_LABELS[key][lang]}: {L.pct(pct, lang)} ({n}/{k.total});", last=i == len(items) - 1
        )


def _intro(d: Decree30Document, report: AnnualReport, lang: Lang) -> None:
    org = str(report.organisation.get("name", ""))
    if lang == "vi":
        text = (
            f"Thực hiện {report.legal_basis.vi}, {org} báo cáo kết quả công tác bảo đảm "
            + ("an ninh mạng" if report.regime == "nd331" else "an toàn")
            + f" hệ thống thông tin theo cấp độ năm {report.year} (số liệu từ ngày {L.date_vi(report.period_start)} "
            f"đến ngày {L.date_vi(report.period_end)}) như sau:"
        )
    else:
        text = (
            f"Under {report.legal_basis.en}, {org} reports on the graded security of its information systems in "
            f"{report.year} (data from {L.date_vi(report.period_start)} to {L.date_vi(report.period_end)}):"
        )
    for basis in report.basis:
        d.paragraph(Run(basis, italic=True), "ND30 List")
    d.paragraph(text)


def _totals(d: Decree30Document, report: AnnualReport, lang: Lang) -> None:
    t = report.totals
    for i, (key, label) in enumerate(L.TOTAL_LABELS):
        value: Any = getattr(t, key)
        if key == "expected_all_approved":
            if t.all_approved:
                value = _t(lang, "đã phê duyệt toàn bộ", "all approved")
            else:
                value = L.date_vi(value) or L.lt(NOT_GIVEN, lang)
        last = i == len(L.TOTAL_LABELS) - 1
        d.list_item(f"{'abcdefg'[i]}) {label[lang]}: {value}{'.' if last else ';'}", last=last)


def _units(d: Decree30Document, report: AnnualReport, lang: Lang) -> None:
    missing = L.lt(NOT_GIVEN, lang)
    roles = L.unit_roles(report)
    for i, unit in enumerate(report.units):
        d.paragraph(
            Run(f"{'abcdefgh'[i] if i < 8 else '-'}) {roles[unit.role][lang]}", bold=True),
            "ND30 List",
            keep_with_next=True,
        )
        values = [
            unit.name,
            unit.mandate or missing,
            ", ".join(v for v in (unit.head_name, unit.head_title) if v) or missing,
            unit.address or missing,
            ", ".join(v for v in (unit.phone, unit.email) if v) or missing,
        ]
        for n, ((_, label), value) in enumerate(zip(L.UNIT_FIELDS, values, strict=True), 1):
            d.list_item(f"({n}) {label[lang]}: {value}", last=n == len(values))


def _mau08_table(d: Decree30Document, report: AnnualReport) -> None:
    d.table(
        [f"{name}\n({i})" for i, name in enumerate(L.mau08_columns(_lang(d)), 1)],
        [L.mau08_row(s, _lang(d)) for s in report.systems],
        MAU08_WIDTHS,
        align=MAU08_ALIGN,
        size=10,
        defer=True,
    )


def _status_table(d: Decree30Document, report: AnnualReport, lang: Lang) -> None:
    """Per system: level and basis, inspections, 4 layers, score, change since last year."""
    vi = lang == "vi"
    header = [
        _t(lang, "STT", "No."),
        _t(lang, "Hệ thống", "System"),
        _t(lang, "Cấp độ, căn cứ", "Level, basis"),
        _t(lang, "Kiểm tra gần nhất / hạn tiếp theo", "Last / next inspection"),
        *[f"{_t(lang, 'Lớp', 'Layer')} {n}" for n in (1, 2, 3, 4)],
        _t(lang, "Điểm tuân thủ", "Score"),
        _t(lang, "So với năm trước", "Since last year"),
    ]
    rows = []
    for s in report.systems:
        level = "—" if s.level is None else str(s.level)
        basis = ", ".join(L.ref(b, lang) for b in s.legal_basis) or L.lt(NOT_GIVEN, lang)
        inspection = (
            f"{L.date_vi(s.last_inspection) or '—'} / {L.date_vi(s.next_inspection_due) or '—'}\n"
            f"{L.INSPECTION_STATE[s.inspection_state][lang]}"
        )
        change = "—"
        if s.change:
            c = s.change.counts
            change = (
                f"{L.pct(s.change.previous_percent, lang)} → {L.pct(s.score, lang)} ({L.delta(s.change.delta, lang)})\n"
                + (
                    f"mới không đạt {c['newly_failing']}, đã khắc phục {c['fixed']}, giảm mức {c['regressed']}"
                    if vi
                    else f"newly failing {c['newly_failing']}, fixed {c['fixed']}, regressed {c['regressed']}"
                )
            )
        rows.append(
            [
                str(s.stt),
                s.name,
                f"{level} ({L.LEVEL_SOURCE[s.level_source][lang]})\n{basis}",
                inspection,
                *[L.LAYER_STATE[s.layers.get(n, "none")][lang] for n in (1, 2, 3, 4)],
                L.pct(s.score, lang),
                change,
            ]
        )
    d.table(header, rows, STATUS_WIDTHS, align=STATUS_ALIGN, size=10, defer=True)
    for s in report.systems:
        if not s.top_gaps:
            continue
        d.paragraph(
            Run(f"{s.name} — {_t(lang, 'tồn tại chính', 'top gaps')}:", bold=True, size=12),
            "ND30 List",
            keep_with_next=True,
        )
        for g in s.top_gaps:
            extra = f"; {_t(lang, 'hạn', 'due')} {L.date_vi(g.due)}" if g.due else ""
            waived = f"; {_t(lang, 'miễn trừ', 'waived')}" if g.waived else ""
            d.paragraph(
                f"- {L.lt(g.title, lang)} ({L.ref(g.reference, lang)}; {L.status_label(g.status, lang)}{waived}{extra})",
                "ND30 List",
                size=12,
            )
    for s in report.systems:
        if s.interval_basis and s.inspection_state in ("overdue", "never"):
            d.paragraph(Run(f"{s.name}: {L.lt(s.interval_basis, lang)}", italic=True, size=11), "ND30 List")


def _signature(d: Decree30Document, report: AnnualReport, lang: Lang) -> None:
    signer = report.signer or {}
    title = str(signer.get("title") or _t(lang, "(Chức vụ người ký)", "(Signer's title)"))
    name = str(signer.get("name") or "")
    d.signature(
        Signer.from_line(signer.get("authority"), title, name),
        report.copies,
        report.archive or str(report.organisation.get("code") or ""),
        as_above=True,
        widths_cm=(7.0, 9.5),
        name_placeholder=Run(_t(lang, "(Họ và tên)", "(Full name)"), bold=True, highlight=True),
    )


APPENDIX_TITLES: dict[str, tuple[str, str]] = {
    "anqg": (
        "Hệ thống thông tin có căn cứ đề nghị đưa vào Danh mục HTTT quan trọng về an ninh quốc gia",
        "Systems with grounds for the list of systems important to national security",
    ),
    "quy_che_331": (
        "Tình hình thực hiện Quy chế bảo đảm an ninh mạng",
        "Adherence to the cybersecurity Quy chế",
    ),
    "quy_che_85": (
        "Tình hình thực hiện Quy chế bảo đảm an toàn hệ thống thông tin",
        "Adherence to the information-security Quy chế",
    ),
    "requirements": ("Tình trạng đáp ứng yêu cầu theo từng hệ thống", "Requirement status per system"),
    "status": (
        "Kiểm tra định kỳ, 4 lớp bảo vệ, điểm tuân thủ và thay đổi so với năm trước",
        "Periodic inspection, four layers, compliance score and change since last year",
    ),
}


def _appendix(
    d: Decree30Document, report: AnnualReport, number: int, key: str, lang: Lang, *, landscape: bool
) -> None:
    vi_title, en_title = APPENDIX_TITLES[key]
    org = report.organisation.get("name", "")
    if lang == "vi":
        kind = "văn bản" if report.regime == "nd331" else "Báo cáo"
        line = (
            f"(Kèm theo {kind} số {report.report_number or '......'} "
            f"{_doc_date(report, lang).split(', ', 1)[-1]} của {org})"
        )
    else:
        line = f"(Attached to document No. {report.report_number or '......'} of {org})"
    d.appendix(number, _t(lang, vi_title, en_title), line, landscape=landscape)


def _anqg_appendix(d: Decree30Document, report: AnnualReport, lang: Lang) -> None:
    rows = [
        [str(i), s.name, s.anqg_grounds or ""]
        for i, s in enumerate((s for s in report.systems if s.anqg_grounds), 1)
    ]
    if rows:
        d.table(
            [
                _t(lang, "STT", "No."),
                _t(lang, "Tên HTTT", "System"),
                _wording(report, "anqg_ground", lang),
            ],
            rows,
            (1.2, 6.0, 9.3),
            align=("right",),
            defer=True,
        )
    else:
        d.paragraph(
            _t(
                lang,
                "Theo số liệu khai báo, không có hệ thống nào có căn cứ đề nghị đưa vào Danh mục hệ thống thông tin quan trọng về an ninh quốc gia.",
                "According to the declared data, no system has grounds for the list of systems important to national security.",
            )
        )


def _quy_che_appendix(d: Decree30Document, report: AnnualReport, lang: Lang) -> None:
    missing = L.lt(NOT_GIVEN, lang)
    followed = {True: _t(lang, "Có", "Yes"), False: _t(lang, "Chưa", "No"), None: missing}
    rows = [
        [
            str(s.stt),
            s.name,
            L.mau08_row(s, lang)[7] or missing,
            followed[s.quy_che_followed],
            s.quy_che_checks or "",
        ]
        for s in report.systems
    ]
    d.table(
        [
            _t(lang, "STT", "No."),
            _t(lang, "Tên HTTT", "System"),
            _t(lang, "Quy chế (số, ngày, cơ quan ban hành)", "Quy chế (number, date, issuer)"),
            _t(lang, "Tuân thủ trong vận hành", "Followed in operation"),
            _t(lang, "Nội dung kiểm tra, vi phạm, khắc phục", "Checked, breaches, fixed"),
        ],
        rows,
        (1.2, 4.0, 4.3, 2.5, 4.5),
        align=("right",),
        defer=True,
    )


_DEFERRED = "attt-audit: requirement tables of all systems but the last"
"""Comment of the paragraph standing in for the appendix's tables until the file is written."""


def _requirements_appendix(
    d: Decree30Document, report: AnnualReport, lang: Lang, deferred: list[list[Any]] | None = None
) -> None:
    """Per-system requirement tables. With ``deferred`` (a list), all systems but the last are
    left out of the document tree: a marker paragraph takes their place and their systems are
    appended to ``deferred``; :func:`_save_streaming` writes them one system at a time into the
    file (a python-docx tree of ~80 rows is ~1.5 MB a system, 1.5 GB at 1,000 systems). The last
    system stays in the tree so what follows the appendix sees the same last element."""
    systems = list(report.systems)
    if deferred is not None and len(systems) > 1:
        from lxml import etree

        marker = d.body.makeelement(f"{{{_W_NS}}}p", {})
        marker.append(etree.Comment(_DEFERRED))
        d.body.append(marker)
        deferred.append(systems[:-1])
        systems = systems[-1:]
    for s in systems:
        _system_requirements(d, s, lang)


_LINE_TEXTS: dict[tuple[Any, ...], list[str]] = {}
"""The cell texts of a requirement line, once per distinct line of a report (the same ~80 recur
in every system); emptied after each document."""


def _system_requirements(d: Decree30Document, s: Any, lang: Lang) -> None:
    met = {
        True: _t(lang, "Đáp ứng", "Met"),
        False: _t(lang, "Chưa đáp ứng đầy đủ", "Not fully met"),
        None: "—",
    }
    d.paragraph(
        Run(
            f"{s.stt}. {s.name} ({_t(lang, 'cấp độ', 'level')} {s.level if s.level is not None else '—'})",
            bold=True,
        ),
        keep_with_next=True,
        after_pt=3,
    )
    if not s.requirements:
        d.paragraph(_t(lang, "Chưa có kết quả đánh giá trong kỳ.", "No assessment result in this period."))
        return
    if s.requirements_source in L.REQUIREMENTS_SOURCE:
        d.paragraph(Run(L.REQUIREMENTS_SOURCE[s.requirements_source][lang], italic=True), after_pt=3)
    rows = []
    for i, line in enumerate(s.requirements, 1):
        key = (lang, id(line.title), line.reference, line.status, line.met, line.due, line.owner)
        texts = _LINE_TEXTS.get(key)
        if texts is None:
            texts = [
                L.lt(line.title, lang),
                keep_together(L.ref(line.reference, lang), lang),
                f"{met[line.met]} ({L.status_label(line.status, lang)})",
                (L.date_vi(line.due) + (f", {line.owner}" if line.owner else ""))
                if line.met is False
                else "",
            ]
            if len(_LINE_TEXTS) < 100_000:
                _LINE_TEXTS[key] = texts
        rows.append([str(i), *texts])
    d.table(
        [
            "STT",
            _t(lang, "Yêu cầu", "Requirement"),
            _t(lang, "Căn cứ", "Reference"),
            _t(lang, "Kết quả", "Result"),
            _t(lang, "Lộ trình, phụ trách", "Roadmap, owner"),
        ],
        rows,
        (1.2, 6.0, 4.3, 2.8, 2.2),
        align=("right",),
        size=10,
        defer=True,
    )


def _notes(d: Decree30Document, report: AnnualReport, lang: Lang) -> None:
    for note in report.notes:
        d.paragraph(Run(L.lt(note, lang), italic=True, size=11), "ND30 List")


def build_document(
    report: AnnualReport, lang: Lang, reference: Path, deferred: list[list[Any]] | None = None
) -> Decree30Document:
    """The annual report as a :class:`Decree30Document`, ready to save (with ``deferred``: the
    requirement tables of the systems it receives are left for :func:`_save_streaming`)."""
    cong_van = report.regime == "nd331"
    d = Decree30Document(reference, lang=lang, doc_type="cong_van" if cong_van else "bao_cao")
    _header(d, report, cong_van=cong_van)
    if not cong_van:
        title, subtitle = titles(report, lang)
        d.title(subtitle, title)
    d.addressee(report.recipients, _t(lang, "Kính gửi:", "To:"))
    _intro(d, report, lang)
    _kpis(d, report, lang)
    if cong_van:
        d.heading("1", _t(lang, "Thông tin chung", "General figures"), 2)
        _totals(d, report, lang)
        d.heading(
            "2",
            _t(
                lang,
                "Thông tin chủ quản hệ thống thông tin, đơn vị chuyên trách về an ninh mạng, đơn vị vận hành",
                "Owner, specialised unit and operators",
            ),
            2,
        )
        _units(d, report, lang)
        d.section(landscape=True)
        d.heading(
            "3", _t(lang, "Danh mục hệ thống thông tin và tình trạng bảo đảm an ninh mạng", "Systems"), 2
        )
        _mau08_table(d, report)
        d.section(landscape=False)
        d.heading(
            "4",
            _t(
                lang,
                "Kết quả kiểm tra, đánh giá, tình trạng 4 lớp bảo vệ và thay đổi so với năm trước",
                "Inspection results, four layers, change since last year",
            ),
            2,
        )
        d.paragraph(
            _t(
                lang,
                "Chi tiết tại Phụ lục IV; tình trạng đáp ứng theo từng yêu cầu tại Phụ lục III.",
                "Details in Appendix IV; per-requirement status in Appendix III.",
            )
        )
        d.heading("5", _t(lang, "Kiến nghị, đề xuất", "Requests"), 2)
    else:
        d.heading("I", _t(lang, "Thông tin chung", "General"), 1)
        _units(d, report, lang)
        _totals(d, report, lang)
        d.heading("II", _t(lang, "Danh mục và tình trạng hệ thống thông tin", "Systems and their state"), 1)
        d.paragraph(_wording(report, "report_without_form", lang))
        d.section(landscape=True)
        _mau08_table(d, report)
        d.heading(
            "III", _t(lang, "Kết quả kiểm tra, đánh giá theo tiêu chí", "Inspection results by criterion"), 1
        )
        _status_table(d, report, lang)
        d.section(landscape=False)
        d.heading("IV", _t(lang, "Kiến nghị, đề xuất", "Requests"), 1)
    for request in report.requests or [_t(lang, "Không có.", "None.")]:
        d.paragraph(f"- {request}" if report.requests else request)
    _signature(d, report, lang)

    if cong_van:
        _appendix(d, report, 1, "anqg", lang, landscape=False)
        _anqg_appendix(d, report, lang)
        _appendix(d, report, 2, "quy_che_331", lang, landscape=False)
        _quy_che_appendix(d, report, lang)
        _appendix(d, report, 3, "requirements", lang, landscape=False)
        _requirements_appendix(d, report, lang, deferred)
        _appendix(d, report, 4, "status", lang, landscape=True)
        _status_table(d, report, lang)
    else:
        _appendix(d, report, 1, "quy_che_85", lang, landscape=False)
        _quy_che_appendix(d, report, lang)
        _appendix(d, report, 2, "requirements", lang, landscape=False)
        _requirements_appendix(d, report, lang, deferred)
    _notes(d, report, lang)
    title, subtitle = titles(report, lang)
    d.properties(
        title=f"{title} — {subtitle}" if not cong_van else f"{title} ({subtitle})",
        subject=VV_LINE if cong_van and lang == "vi" else subtitle,
        author=str(report.organisation.get("name") or ""),
        created=report.generated_at if report.generated_at.tzinfo else None,
    )
    return d


class AnnualDocxRenderer(DocumentRenderer[AnnualReport]):
    """The annual report as a Word document (Decree 30 layout)."""

    name = "docx"
    suffix = ".docx"

    def render(self, subject: AnnualReport, lang: Lang, path: Path, templates: Path) -> Path:
        deferred: list[list[Any]] = []
        _LINE_TEXTS.clear()
        try:
            d = build_document(subject, lang, reference_path(templates), deferred)
            if not deferred:
                return d.save(path)
            return _save_streaming(d, deferred[0], lang, path)
        finally:
            _LINE_TEXTS.clear()


def _save_streaming(d: Decree30Document, systems: list[Any], lang: Lang, path: Path) -> Path:
    """Save ``d`` with the requirement tables of ``systems`` written in place of the marker
    paragraph, one system at a time: each system's paragraphs and table are built in the
    document's body (so with the kit's exact XML), serialised and removed before the next.
    The ``word/document.xml`` text is the one the whole tree would give."""
    import io
    import re
    import zipfile

    from lxml import etree

    from attt_audit.errors import RenderError
    from attt_audit.yamlio import atomic_write_bytes

    package = d.to_bytes()
    marker = f"<w:p><!--{_DEFERRED}--></w:p>".encode()
    declarations = re.compile(rb' xmlns:\w+="[^"]*"')

    def fragments() -> Any:
        body = d.body
        emptied = []
        for s in systems:
            start = len(body)
            _system_requirements(d, s, lang)
            for element in list(body)[start:]:
                kept = element.get(_KEPT_TABLE)
                if kept is not None:  # a table kept as its text (Decree30Document.table(defer=True))
                    yield d._deferred[int(kept)]
                    d._deferred[int(kept)] = b""
                else:
                    text = etree.tostring(element, encoding="UTF-8", xml_declaration=False)
                    head, _, rest = text.partition(b">")  # namespaces are declared on the document
                    yield declarations.sub(b"", head) + b">" + rest
                element.clear()  # (removing a full element from the tree costs more than building it)
                emptied.append(element)
        for element in emptied:
            body.remove(element)

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            if info.filename != "word/document.xml":
                zout.writestr(info, zin.read(info.filename))
                continue
            before, found, after = zin.read(info.filename).partition(marker)
            if not found:
                raise RenderError("the requirement appendix's place was lost", location=str(path))
            with zout.open(info, "w", force_zip64=True) as handle:
                handle.write(before)
                for chunk in fragments():
                    handle.write(chunk)
                handle.write(after)
    try:
        atomic_write_bytes(path, out.getvalue())
    except OSError as exc:
        raise RenderError(f"cannot write the document: {exc.strerror}", location=str(path)) from exc
    return path


def render_docx(report: AnnualReport, lang: Lang, path: Path, templates: Path | None = None) -> Path:
    """Write the annual report's Word document to ``path`` (templates: a ``reports/`` folder)."""
    from attt_audit.resources import data_dir

    return AnnualDocxRenderer().render(report, lang, path, templates or data_dir("reports"))
