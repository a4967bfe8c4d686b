"""The documents of a level dossier, built from :class:`~attt_audit.dossier.facts.SystemFacts`.

Each document is a list of blocks (headings, paragraphs, tables) whose text is made of
:data:`~attt_audit.dossier.facts.Part` pieces, so the Markdown, HTML and Word renderers show the
same content and every missing fact as the same marked gap. Which documents, forms, sections and
attachments apply to a regime and level is read from ``checklists/dossier/dossier.yaml``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from attt_audit.conditions import evaluate
from attt_audit.dossier.facts import Gap, Part, PlanRow, SystemFacts
from attt_audit.dossier.labels import STATUS, fact_label, t, value_text
from attt_audit.dossier.rules import DocumentRule, FormRule
from attt_audit.models import Condition, LocalText

# ------------------------------------------------------------------------------- blocks


@dataclass
class Heading:
    parts: list[Part]
    level: int = 1


@dataclass
class Para:
    parts: list[Part]
    style: Literal["body", "item", "note", "blank"] = "body"
    """``blank``: a line the recipient fills in (the appraiser's own findings), not a gap."""


@dataclass
class Table:
    header: list[LocalText]
    rows: list[list[list[Part]]]


Block = Heading | Para | Table


@dataclass
class Signer:
    title: list[Part]
    name: list[Part]
    authority: str = ""
    """``KT.``, ``TM.``, ``Q.`` or empty (signs in own name)."""
    body: list[Part] = field(default_factory=list)
    """The body the signer signs for."""


@dataclass
class Document:
    id: str
    file: LocalText
    title: LocalText
    form: FormRule | None
    issuer: list[Part]
    parent: list[Part]
    doc_type: str
    """Key of ``reports/document-types.yaml`` (``cong_van``, ``to_trinh``, ``quyet_dinh``, ``bao_cao``)."""
    code: list[Part]
    """The issuer's short code in the number line (empty: left for the issuer to fill)."""
    place: list[Part]
    year: int
    recipients: list[list[Part]]
    blocks: list[Block]
    signer: Signer | None
    cc: list[list[Part]] = field(default_factory=list)
    """Recipients of copies besides the addressee (``Như trên``) and the archive, which are implied."""
    subject: list[Part] = field(default_factory=list)
    """``V/v …`` line of a letter (công văn)."""
    kind: LocalText | None = None
    """Document type shown above the title (TỜ TRÌNH, QUYẾT ĐỊNH …); None for a letter."""
    landscape: bool = False

    def form_caption(self, lang: str) -> str:
        """``Mẫu 02`` and the form's legal name, or empty when the document has no form."""
        if self.form is None or (self.form.form is None and self.form.adapted_from is None):
            return ""
        name = self.form.form or self.form.adapted_from or ""
        if self.form.form is None:
            return f"Phỏng theo {name}" if lang == "vi" else f"Adapted from {name}"
        return name

    def parts(self) -> Iterable[Part]:
        """Every piece of text, for gap listing and tests."""
        for group in (self.issuer, self.parent, self.code, self.place, self.subject):
            yield from group
        for recipient in self.recipients + self.cc:
            yield from recipient
        for block in self.blocks:
            if isinstance(block, Table):
                for row in block.rows:
                    for cell in row:
                        yield from cell
            else:
                yield from block.parts
        if self.signer is not None:
            yield from self.signer.title
            yield from self.signer.name
            yield from self.signer.body

    def gaps(self) -> list[Gap]:
        seen: list[Gap] = []
        for part in self.parts():
            if isinstance(part, Gap) and part not in seen:
                seen.append(part)
        return seen


# ------------------------------------------------------------------------------ helpers


def _p(*parts: Part | None) -> list[Part]:
    return [p for p in parts if p is not None and p != ""]


def _row(*cells: Part | list[Part]) -> list[list[Part]]:
    return [c if isinstance(c, list) else [c] for c in cells]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().lower()


def _split_head(text: str) -> tuple[str, str | None]:
    """``Nguyễn Văn Minh – Giám đốc Sở`` → (name, title), as the inventory's ``head`` writes it."""
    for sep in (" – ", " - ", ", "):
        if sep in text:
            name, title = text.split(sep, 1)
            return name.strip(), title.strip()
    return text.strip(), None


class Party:
    """An owner, operator or specialised unit. Each fact is looked up when a document uses it,
    so only facts some document shows become gaps."""

    def __init__(self, facts: SystemFacts, key: str, who: LocalText, name: str | None) -> None:
        self.facts, self.key, self.who = facts, key, who
        d = facts.dossier
        self.contact = getattr(d, key, None) if d is not None else None
        org = facts.inventory.organisation
        same_org = name is not None and name == org.name
        head_name, head_title = _split_head(org.head) if (same_org and org.head) else (None, None)
        email = facts.system.contact if key == "operator_contact" else None
        self.fallback: dict[str, Any] = {
            "name": name,
            "representative": head_name,
            "title": head_title,
            "address": org.address if same_org else None,
            "email": email,
        }

    def _need(self, attr: str, vi: str, en: str) -> Part:
        value = getattr(self.contact, attr, None) if self.contact is not None else None
        value = value or self.fallback.get(attr)
        if value:
            return str(value)
        return self.facts.gap(f"{vi} của {self.who.vi}", f"{en} of {self.who.en}", "dossier", self.key, attr)

    @property
    def name(self) -> Part:
        return self._need("name", "tên", "the name")

    @property
    def mandate(self) -> Part:
        return self._need("mandate", "văn bản quy định chức năng, nhiệm vụ", "the act setting the mandate")

    @property
    def representative(self) -> Part:
        return self._need("representative", "người đại diện", "the representative")

    @property
    def title(self) -> Part:
        return self._need("title", "chức vụ người đại diện", "the representative's title")

    @property
    def address(self) -> Part:
        return self._need("address", "địa chỉ", "the address")

    @property
    def phone(self) -> Part:
        return self._need("phone", "số điện thoại", "the phone number")

    @property
    def email(self) -> Part:
        return self._need("email", "thư điện tử", "the e-mail")


def _party(facts: SystemFacts, key: str, who: LocalText, name: str | None) -> Party:
    return Party(facts, key, who, name)


WHO = {
    "owner_contact": t("chủ quản hệ thống", "the system owner"),
    "operator_contact": t("đơn vị vận hành", "the operator"),
    "security_unit_contact": t("đơn vị chuyên trách", "the specialised unit"),
}


def owner(facts: SystemFacts) -> Party:
    return _party(facts, "owner_contact", WHO["owner_contact"], facts.system.owner)


def operator(facts: SystemFacts) -> Party:
    return _party(facts, "operator_contact", WHO["operator_contact"], facts.system.operator)


def security_unit(facts: SystemFacts) -> Party:
    return _party(
        facts,
        "security_unit_contact",
        WHO["security_unit_contact"],
        facts.inventory.organisation.security_unit,
    )


def _org_need(facts: SystemFacts, attr: str, vi: str, en: str) -> Part:
    value = getattr(facts.inventory.organisation, attr)
    if value:
        return str(value)
    where = facts.located.where(("organisation", attr))
    gap = Gap(t(vi, en), f"organisation.{attr}", where)
    if gap not in facts.gaps:
        facts.gaps.append(gap)
    return gap


def _appraiser(facts: SystemFacts) -> list[Part]:
    """The unit that appraises: named in the file, else the regime's body for the level."""
    d = facts.dossier
    if d is not None and d.appraising_unit:
        return [d.appraising_unit]
    from attt_audit.regime import regime

    level = facts.level or 1
    rule = regime(facts.regime).approval[level]
    if rule.appraiser == "security_unit":
        unit = facts.inventory.organisation.security_unit
        return (
            [unit]
            if unit
            else [_org_need(facts, "security_unit", "đơn vị chuyên trách", "the specialised unit")]
        )
    return [rule.appraising_body]


def _signer(party: Party, body: Part) -> Signer:
    return Signer(title=[party.title], name=[party.representative], body=[body])


def _code(facts: SystemFacts) -> list[Part]:
    return [
        _org_need(
            facts, "code", "ký hiệu viết tắt của cơ quan (dùng trong số văn bản)", "the body's short code"
        )
    ]


def _place(facts: SystemFacts) -> list[Part]:
    return [
        _org_need(
            facts, "province", "địa danh (tỉnh, thành phố) ghi ở ngày tháng", "the place in the date line"
        )
    ]


def _system_name(facts: SystemFacts) -> str:
    return facts.system.name


def _legal_basis(facts: SystemFacts) -> LocalText:
    return facts.regime_info.name


def _level_text(level: int | None) -> LocalText:
    if level is None:
        return t("chưa xác định", "not determined")
    return t(f"cấp độ {level}", f"level {level}")


def _form(facts: SystemFacts, rule: DocumentRule) -> FormRule | None:
    return rule.form_for(facts.regime, facts.level or 1, facts.anqg)


# ------------------------------------------------------------------ attachment checklist


def attachment_status(facts: SystemFacts) -> list[tuple[Any, list[str]]]:
    """Each attachment the level needs, with the ``evidence/`` files whose names match it.

    A file matches when its name, lower-cased, with ``-`` and ``_`` read as spaces, contains one
    of the attachment's keywords (with or without Vietnamese diacritics)."""
    level = facts.level or 1
    out = []
    for att in facts.rules.attachments:
        if not att.applies(facts.regime, level):
            continue
        found = []
        for name in facts.evidence_files:
            plain = name.lower().replace("-", " ").replace("_", " ")
            for kw in att.keywords:
                if kw.lower() in plain or _ascii(kw) in _ascii(plain):
                    found.append(name)
                    break
        out.append((att, found))
    return out


# ---------------------------------------------------------------------- the documents


def request_letter(facts: SystemFacts) -> Document | None:
    rule = facts.rules.document("request-letter")
    form = _form(facts, rule)
    if form is None:
        return None
    op = operator(facts)
    recipient = _appraiser(facts) if form.recipient == "appraiser" else [security_unit(facts).name]
    approve = form.form == "Mẫu 01"
    ask = t("thẩm định và phê duyệt", "appraise and approve") if approve else t("thẩm định", "appraise")
    docs = [d for d in build_order(facts) if d not in ("request-letter", "appraisal-opinion", "decision")]
    blocks: list[Block] = [
        Para([t("Căn cứ ", "Under "), _legal_basis(facts), ";"]),
        Para(
            [
                op.name,
                t(" đề nghị ", " asks "),
                *recipient,
                " ",
                ask,
                t(
                    " hồ sơ đề xuất cấp độ của hệ thống thông tin sau:",
                    " the level dossier of the following information system:",
                ),
            ]
        ),
        Para([t("1. Tên hệ thống: ", "1. System: "), _system_name(facts)], "item"),
        Para([t("2. Chủ quản hệ thống: ", "2. Owner: "), owner(facts).name], "item"),
        Para([t("3. Đơn vị vận hành: ", "3. Operator: "), op.name], "item"),
        Para([t("4. Cấp độ đề xuất: ", "4. Proposed level: "), _level_text(facts.level)], "item"),
        Para([t("5. Hồ sơ kèm theo:", "5. Enclosed:")], "item"),
    ]
    for doc_id in docs:
        blocks.append(Para(["– ", facts.rules.document(doc_id).title], "item"))
    blocks.append(
        Para(
            [
                t("6. Đầu mối liên hệ: ", "6. Contact: "),
                op.representative,
                ", ",
                op.title,
                t("; điện thoại: ", "; phone: "),
                op.phone,
                t("; thư điện tử: ", "; e-mail: "),
                op.email,
            ],
            "item",
        )
    )
    if facts.anqg and form.form == "Mẫu 02":
        blocks.append(
            Para(
                [
                    t(
                        "Hệ thống thuộc danh mục hệ thống thông tin quan trọng về an ninh quốc gia: đề nghị xem xét đưa vào danh mục.",
                        "The system qualifies for the list of systems important to national security: we ask that it be listed.",
                    )
                ]
            )
        )
    blocks.append(Para([op.name, t(" trân trọng đề nghị.", " respectfully submits this request.")]))
    return Document(
        id=rule.id,
        file=rule.file,
        title=form.name or rule.title,
        form=form,
        issuer=[op.name],
        parent=[owner(facts).name],
        doc_type="cong_van",
        code=_code(facts),
        place=_place(facts),
        year=facts.today.year,
        recipients=[recipient],
        subject=[
            t("V/v đề nghị ", "Re: request to "),
            ask,
            t(" hồ sơ đề xuất cấp độ ", " the level dossier of "),
            _system_name(facts),
        ],
        blocks=blocks,
        signer=_signer(op, op.name),
    )


def _condition_facts(cond: Condition) -> list[str]:
    names: list[str] = []
    for sub in (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ else []):
        names += [n for n in _condition_facts(sub) if n not in names]
    if cond.fact and cond.fact not in names:
        names.append(cond.fact)
    return names


def _fact_line(facts: SystemFacts, names: list[str]) -> list[Part]:
    values = facts.system.facts()
    parts: list[Part] = []
    for name in names:
        if values.get(name) is None:
            continue
        label = t(fact_label(name, "vi"), fact_label(name, "en"))
        value = t(value_text(values[name], "vi"), value_text(values[name], "en"))
        if parts:
            parts.append("; ")
        parts += [label, ": ", value]
    return parts


def proposal(facts: SystemFacts) -> Document:
    rule = facts.rules.document("overview-and-proposal")
    s = facts.system
    d = s.dossier
    level = facts.level or 1
    sections = {
        sec.id: sec
        for sec in facts.rules.outline["overview-and-proposal"]
        if sec.applies(facts.regime, level)
    }
    blocks: list[Block] = []

    def head(sec_id: str) -> bool:
        sec = sections.get(sec_id)
        if sec is None:
            return False
        blocks.append(Heading([sec.heading], 2))
        return True

    blocks.append(Heading([t("I. THÔNG TIN TỔNG QUAN", "I. OVERVIEW")], 1))
    for sec_id, party in (("owner", owner(facts)), ("operator", operator(facts))):
        head(sec_id)
        blocks.append(
            Table(
                [t("Thông tin", "Item"), t("Nội dung", "Details")],
                [
                    _row(t("Tên", "Name"), party.name),
                    _row(t("Văn bản quy định chức năng, nhiệm vụ", "Act setting the mandate"), party.mandate),
                    _row(
                        t("Người đại diện, chức vụ", "Representative and title"),
                        [party.representative, ", ", party.title],
                    ),
                    _row(t("Địa chỉ", "Address"), party.address),
                    _row(t("Điện thoại", "Phone"), party.phone),
                    _row(t("Thư điện tử", "E-mail"), party.email),
                ],
            )
        )
    head("scope")
    functions = d.functions if d else []
    scope_rows = [
        _row(t("Tên hệ thống", "System"), s.name),
        _row(
            t("Mô tả", "Description"),
            facts.need(s.description, "mô tả hệ thống", "a description of the system", "description"),
        ),
        _row(
            t("Chức năng chính", "Main functions"),
            facts.need(
                functions,
                "các chức năng chính của hệ thống",
                "the system's main functions",
                "dossier",
                "functions",
            ),
        ),
        _row(
            t("Phạm vi (ranh giới) hệ thống", "Boundary"),
            facts.need(
                d.boundary if d else None,
                "ranh giới của hệ thống",
                "the system boundary",
                "dossier",
                "boundary",
            ),
        ),
        _row(
            t("Đối tượng phục vụ, quy mô", "Who it serves, scale"),
            facts.need(
                d.serves if d else None,
                "đối tượng phục vụ và quy mô",
                "who the system serves and its scale",
                "dossier",
                "serves",
            ),
        ),
        _row(
            t("Số người dùng", "Users"),
            facts.need(
                None if s.users is None else value_text(s.users, "vi"),
                "số người dùng",
                "the number of users",
                "users",
            ),
        ),
        _row(
            t("Loại thông tin được xử lý", "Information types"),
            facts.need(
                None
                if s.info_types is None
                else t(value_text(s.info_types, "vi"), value_text(s.info_types, "en")),
                "loại thông tin được xử lý",
                "the information types handled",
                "info_types",
            ),
        ),
        _row(
            t("Hệ thống liên quan, kết nối", "Related or connected systems"),
            facts.need(
                d.connections if d else None,
                "các hệ thống kết nối",
                "the connected systems",
                "dossier",
                "connections",
            ),
        ),
    ]
    if facts.regime == "nd331":
        for attr, vi, en in (
            ("subjects_basic", "số chủ thể dữ liệu cá nhân cơ bản", "basic personal-data subjects"),
            ("subjects_sensitive", "số chủ thể dữ liệu cá nhân nhạy cảm", "sensitive personal-data subjects"),
        ):
            value = getattr(s, attr)
            scope_rows.append(
                _row(
                    t(vi[0].upper() + vi[1:], en[0].upper() + en[1:]),
                    facts.need(None if value is None else value_text(value, "vi"), vi, en, attr),
                )
            )
        scope_rows.append(
            _row(
                t("Cách đếm chủ thể dữ liệu", "How the data subjects were counted"),
                facts.need(
                    d.subjects_counting if d else None,
                    "cách đếm số chủ thể dữ liệu",
                    "how the data subjects were counted",
                    "dossier",
                    "subjects_counting",
                ),
            )
        )
    blocks.append(Table([t("Thông tin", "Item"), t("Nội dung", "Details")], scope_rows))
    head("logical")
    blocks.append(
        Para(
            [
                facts.need(
                    d.logical_model if d else None,
                    "mô tả mô hình logic",
                    "the logical model",
                    "dossier",
                    "logical_model",
                )
            ]
        )
    )
    head("physical")
    physical: list[Part] = [
        facts.need(
            d.physical_model if d else None,
            "mô tả mô hình vật lý",
            "the physical model",
            "dossier",
            "physical_model",
        )
    ]
    if s.hosting:
        physical += [
            t(" Nơi đặt hệ thống: ", " Hosting: "),
            t(value_text(s.hosting, "vi"), value_text(s.hosting, "en")),
            ".",
        ]
    blocks.append(Para(physical))
    head("devices")
    if s.hosts:
        blocks.append(
            Table(
                [
                    t("Tên thiết bị", "Device"),
                    t("Địa chỉ", "Address"),
                    t("Chức năng, vị trí", "Purpose and place"),
                ],
                [
                    _row(
                        h.name or facts.gap("tên thiết bị", "the device name", "hosts", i, "name"),
                        h.address,
                        h.role
                        or facts.gap("chức năng của thiết bị", "the device's purpose", "hosts", i, "role"),
                    )
                    for i, h in enumerate(s.hosts)
                ],
            )
        )
    else:
        blocks.append(
            Para(
                [
                    facts.gap(
                        "danh mục thiết bị (máy chủ, thiết bị mạng, thiết bị bảo mật)",
                        "the device list",
                        "hosts",
                    )
                ]
            )
        )
    head("services")
    if s.endpoints:
        blocks.append(
            Table(
                [
                    t("Dịch vụ", "Service"),
                    t("Máy chủ", "Server"),
                    t("Cổng", "Port"),
                    t("Địa chỉ truy cập", "Address"),
                ],
                [
                    _row(
                        e.name or facts.gap("tên dịch vụ", "the service name", "endpoints", i, "name"),
                        e.host,
                        str(e.port),
                        e.url or "–",
                    )
                    for i, e in enumerate(s.endpoints)
                ],
            )
        )
    else:
        blocks.append(Para([facts.gap("danh mục dịch vụ", "the service list", "endpoints")]))
    head("zones")
    if d is not None and d.zones:
        blocks.append(
            Table(
                [
                    t("Vùng mạng", "Zone"),
                    t("Mục đích", "Purpose"),
                    t("Dải IP nội bộ", "Private ranges"),
                    t("Dải IP công cộng", "Public ranges"),
                ],
                [
                    _row(
                        z.name,
                        z.purpose or "–",
                        ", ".join(z.private_ranges) or "–",
                        ", ".join(z.public_ranges) or "–",
                    )
                    for z in d.zones
                ],
            )
        )
    else:
        blocks.append(
            Para(
                [
                    facts.gap(
                        "phân vùng mạng và quy hoạch địa chỉ IP",
                        "the network zones and IP plan",
                        "dossier",
                        "zones",
                    )
                ]
            )
        )

    blocks.append(Heading([t("II. ĐỀ XUẤT CẤP ĐỘ", "II. LEVEL PROPOSAL")], 1))
    c = facts.classification
    top = [m for m in c.matched if m.level == facts.level]
    head("level-table")
    blocks.append(
        Table(
            [t("Tên hệ thống", "System"), t("Cấp độ đề xuất", "Proposed level"), t("Căn cứ", "Legal basis")],
            [
                _row(
                    s.name,
                    [_level_text(facts.level)],
                    "; ".join(m.article for m in top) if top else facts.level_basis,
                )
            ],
        )
    )
    head("level-grounds")
    blocks.append(
        Para(
            [
                t("Loại hệ thống: ", "System type: "),
                facts.need(
                    None
                    if s.system_type is None
                    else t(value_text(s.system_type, "vi"), value_text(s.system_type, "en")),
                    "loại hệ thống",
                    "the system type",
                    "system_type",
                ),
                t(". Loại thông tin: ", ". Information: "),
                facts.need(
                    None
                    if s.info_types is None
                    else t(value_text(s.info_types, "vi"), value_text(s.info_types, "en")),
                    "loại thông tin",
                    "the information types",
                    "info_types",
                ),
                ".",
            ]
        )
    )
    rows_by_id = {r.id: r for r in facts.ruleset.rows}
    matched_rows = []
    for m in c.matched:
        row = rows_by_id[m.id]
        matched_rows.append(
            _row(
                m.article,
                [_level_text(m.level)],
                m.label,
                _fact_line(facts, _condition_facts(row.when)) or ["–"],
            )
        )
    if matched_rows:
        blocks.append(
            Table(
                [
                    t("Điều khoản", "Article"),
                    t("Cấp độ", "Level"),
                    t("Tiêu chí thỏa mãn", "Criterion met"),
                    t("Dữ kiện đáp ứng", "Facts that meet it"),
                ],
                matched_rows,
            )
        )
    blocks.append(
        Para(
            [
                t(
                    "Cấp độ đề xuất là cấp độ cao nhất trong các tiêu chí được thỏa mãn.",
                    "The proposed level is the highest level among the criteria met.",
                )
            ],
            "note",
        )
    )
    for u in c.unknown_rows:
        blocks.append(
            Para(
                [
                    u.article,
                    ": ",
                    u.label,
                    " – ",
                    *[
                        facts.gap(
                            f"dữ liệu để xét tiêu chí {u.article}: {fact_label(n, 'vi')}",
                            f"a fact to test {u.article}: {fact_label(n, 'en')}",
                            *n.split("."),
                        )
                        for n in u.missing
                    ],
                ],
                "item",
            )
        )
    if head("rejected"):
        rejected = [
            _row(
                r.article,
                [_level_text(r.level)],
                r.label,
                _fact_line(facts, _condition_facts(r.when)) or ["–"],
            )
            for r in facts.rejected
            if evaluate(r.when, facts.system.facts()).value is False
        ]
        blocks.append(
            Table(
                [
                    t("Điều khoản", "Article"),
                    t("Cấp độ", "Level"),
                    t("Tiêu chí đã xem xét", "Criterion considered"),
                    t("Dữ kiện của hệ thống", "The system's facts"),
                ],
                rejected,
            )
        )
    if head("risks"):
        if d is not None and d.risks:
            blocks.append(
                Table(
                    [
                        t("Nguy cơ, mối đe dọa", "Threat"),
                        t("Tác động dự kiến", "Expected impact"),
                        t("Khả năng xảy ra", "Likelihood"),
                        t("Biện pháp xử lý", "Treatment"),
                    ],
                    [_row(r.threat, r.impact, r.likelihood or "–", r.treatment or "–") for r in d.risks],
                )
            )
        else:
            blocks.append(
                Para(
                    [
                        facts.gap(
                            "danh sách rủi ro sơ bộ (nguy cơ và tác động dự kiến)",
                            "the preliminary risk list (threats and expected impact)",
                            "dossier",
                            "risks",
                        )
                    ]
                )
            )
    if head("high-level"):
        blocks.append(
            Para(
                [
                    t(
                        "a) Hệ thống liên quan, kết nối có ảnh hưởng lớn: ",
                        "a) Related or connected systems of major influence: ",
                    ),
                    facts.need(
                        d.connections if d else None,
                        "các hệ thống kết nối",
                        "the connected systems",
                        "dossier",
                        "connections",
                    ),
                ],
                "item",
            )
        )
        blocks.append(
            Para(
                [
                    t("b) Nguy cơ tấn công và ảnh hưởng: ", "b) Attack threats and their effect: "),
                    facts.need(
                        "; ".join(f"{r.threat}: {r.impact}" for r in d.risks) if d and d.risks else None,
                        "danh sách rủi ro sơ bộ (nguy cơ và tác động dự kiến)",
                        "the preliminary risk list (threats and expected impact)",
                        "dossier",
                        "risks",
                    ),
                ],
                "item",
            )
        )
        blocks.append(
            Para(
                [
                    t("c) Yêu cầu vận hành 24/7: ", "c) Need to run 24/7: "),
                    facts.need(
                        None
                        if s.needs_24x7 is None
                        else t(value_text(s.needs_24x7, "vi"), value_text(s.needs_24x7, "en")),
                        "yêu cầu vận hành 24/7",
                        "whether it must run 24/7",
                        "needs_24x7",
                    ),
                ],
                "item",
            )
        )
    op = operator(facts)
    return Document(
        id=rule.id,
        file=rule.file,
        title=rule.title,
        form=_form(facts, rule),
        issuer=[op.name],
        parent=[owner(facts).name],
        doc_type="bao_cao",
        code=_code(facts),
        place=_place(facts),
        year=facts.today.year,
        recipients=[],
        kind=t("THUYẾT MINH", "DESCRIPTION"),
        blocks=blocks,
        signer=_signer(op, op.name),
    )


def _plan_table(facts: SystemFacts, rows: list[PlanRow]) -> Table:
    return Table(
        [
            t("TT", "No."),
            t("Điều khoản", "Clause"),
            t("Yêu cầu", "Requirement"),
            t("Hiện trạng", "Current state"),
            t("Biện pháp", "Measure"),
            t("Tình trạng", "Status"),
            t("Đơn vị thực hiện", "Responsible"),
            t("Thời hạn", "Deadline"),
        ],
        [
            _row(
                str(i),
                r.reference,
                r.title,
                r.state,
                r.measure,
                STATUS[r.status] if r.status else t("chưa xác định", "not determined"),
                r.owner,
                r.due or ["–"],
            )
            for i, r in enumerate(rows, 1)
        ],
    )


def security_plan(facts: SystemFacts) -> Document:
    rule = facts.rules.document("security-plan")
    level = facts.level or 1
    sections = {
        sec.id: sec for sec in facts.rules.outline["security-plan"] if sec.applies(facts.regime, level)
    }
    s = facts.system
    blocks: list[Block] = []
    term = facts.regime_info.security_term
    blocks.append(
        Para(
            [
                t("Phương án bảo đảm ", "Plan to secure "),
                t(f"{term.vi} cho hệ thống ", f"{term.en} for "),
                s.name,
                t(", đề xuất ", ", proposed at "),
                _level_text(facts.level),
                t(", đáp ứng ", ", meeting "),
                facts.regime_info.standard,
                ".",
            ]
        )
    )
    blocks.append(Heading([sections["principles"].heading], 2))
    shared = level <= 3
    blocks.append(
        Para(
            [
                t(
                    "Hệ thống sử dụng chung các giải pháp bảo đảm an toàn của cơ quan, tổ chức."
                    if shared
                    else "Hệ thống có giải pháp bảo đảm an toàn riêng, tách biệt.",
                    "The system uses the organisation's shared security solutions."
                    if shared
                    else "The system has its own, separate security solutions.",
                )
            ],
            "item",
        )
    )
    quy_che = [name for att, found in attachment_status(facts) if att.id == "quy-che" for name in found]
    quy_che_doc: list[Part] = [t("; văn bản: ", "; document: "), ", ".join(quy_che)] if quy_che else []
    blocks.append(
        Para(
            [
                t(
                    "Quy chế bảo đảm an toàn hệ thống: ban hành ngày ",
                    "Security regulation: issued on ",
                ),
                s.quy_che_date
                if s.quy_che_date
                else facts.gap(
                    "ngày ban hành Quy chế bảo đảm an toàn",
                    "the date the security regulation was issued",
                    "quy_che_date",
                ),
                *quy_che_doc,
                ".",
            ],
            "item",
        )
    )
    if s.hosting:
        blocks.append(
            Para(
                [
                    t("Nơi đặt hệ thống: ", "Hosting: "),
                    t(value_text(s.hosting, "vi"), value_text(s.hosting, "en")),
                    ".",
                ],
                "item",
            )
        )
    blocks.append(Heading([sections["lifecycle"].heading], 2))
    mgmt = [r for r in facts.plan if r.kind == "management"]
    tech = [r for r in facts.plan if r.kind != "management"]
    for part in facts.rules.lifecycle:
        annexes = []
        if "management" in part.kinds:
            annexes.append(t("Phụ lục I", "Annex I"))
        if any(k in part.kinds for k in ("technical", "design")):
            annexes.append(t("Phụ lục II", "Annex II"))
        refs: list[Part] = []
        for i, a in enumerate(annexes):
            refs += ([t(", ", ", ")] if i else []) + [a]
        blocks.append(Para(["– ", part.name, t(": xem ", ": see "), *refs, "."], "item"))
    if not facts.plan:
        blocks.append(
            Para(
                [
                    facts.gap(
                        "các yêu cầu của cấp độ đề xuất (cần xác định cấp độ)",
                        "the requirements of the proposed level (the level must be known)",
                        "declared_level",
                    )
                ]
            )
        )
    blocks.append(Heading([sections["management"].heading], 2))
    blocks.append(_plan_table(facts, mgmt))
    blocks.append(Heading([sections["technical"].heading], 2))
    blocks.append(_plan_table(facts, tech))
    blocks.append(Heading([sections["risk-plan"].heading], 2))
    for attr, vi, en in (
        ("risk_plan_date", "Phương án quản lý rủi ro: ban hành ngày ", "Risk-management plan: issued on "),
        (
            "decommission_plan_date",
            "Phương án kết thúc vận hành: ban hành ngày ",
            "Decommissioning plan: issued on ",
        ),
    ):
        value = getattr(s, attr)
        blocks.append(
            Para(
                [
                    t(vi, en),
                    value
                    if value
                    else facts.gap(
                        vi.split(":")[0].lower() + " (ngày ban hành)",
                        en.split(":")[0] + " (date issued)",
                        attr,
                    ),
                    ".",
                ],
                "item",
            )
        )
    blocks.append(Heading([sections["roadmap"].heading], 2))
    todo = [r for r in facts.plan if r.status in ("planned", "partly") or r.status is None]
    counts = {k: sum(r.status == k for r in facts.plan) for k in ("in_place", "partly", "planned", "na")}
    unknown = sum(r.status is None for r in facts.plan)
    blocks.append(
        Para(
            [
                t(
                    f"Tổng số {len(facts.plan)} yêu cầu: {counts['in_place']} đã đáp ứng, {counts['partly']} đáp ứng một phần, "
                    f"{counts['planned']} chưa đáp ứng, {counts['na']} không áp dụng, {unknown} chưa có hiện trạng.",
                    f"{len(facts.plan)} requirements: {counts['in_place']} in place, {counts['partly']} partly, "
                    f"{counts['planned']} planned, {counts['na']} not applicable, {unknown} without a current state.",
                )
            ]
        )
    )
    if todo:
        blocks.append(
            Table(
                [
                    t("Yêu cầu", "Requirement"),
                    t("Điều khoản", "Clause"),
                    t("Đơn vị thực hiện", "Responsible"),
                    t("Thời hạn", "Deadline"),
                ],
                [
                    _row(r.title, r.reference, r.owner, r.due or ["–"])
                    for r in todo
                    if r.status in ("planned", "partly")
                ],
            )
        )
    op = operator(facts)
    return Document(
        id=rule.id,
        file=rule.file,
        title=rule.title,
        form=_form(facts, rule),
        issuer=[op.name],
        parent=[owner(facts).name],
        doc_type="bao_cao",
        code=_code(facts),
        place=_place(facts),
        year=facts.today.year,
        recipients=[],
        kind=t("THUYẾT MINH", "DESCRIPTION"),
        blocks=blocks,
        signer=_signer(op, op.name),
        landscape=True,
    )


def submission(facts: SystemFacts) -> Document | None:
    rule = facts.rules.document("submission")
    form = _form(facts, rule)
    if form is None:
        return None
    op, ow = operator(facts), owner(facts)
    s = facts.system
    opinion = t("ý kiến thẩm định của ", "the appraisal opinion of ")
    blocks: list[Block] = [
        Para([t("Căn cứ ", "Under "), _legal_basis(facts), ";"]),
        Para(
            [
                op.name,
                t(" kính trình ", " submits to "),
                ow.name,
                t(
                    " xem xét, phê duyệt hồ sơ đề xuất cấp độ hệ thống thông tin sau:",
                    " for approval the level dossier of the following information system:",
                ),
            ]
        ),
        Para([t("1. Tên hệ thống: ", "1. System: "), s.name], "item"),
        Para([t("2. Đơn vị vận hành: ", "2. Operator: "), op.name], "item"),
        Para([t("3. Cấp độ đề xuất: ", "3. Proposed level: "), _level_text(facts.level)], "item"),
        Para(
            [
                t(
                    "4. Quy chế bảo đảm an toàn hệ thống ban hành ngày ",
                    "4. Security regulation issued on ",
                ),
                s.quy_che_date
                if s.quy_che_date
                else facts.gap(
                    "ngày ban hành Quy chế bảo đảm an toàn",
                    "the date the security regulation was issued",
                    "quy_che_date",
                ),
            ],
            "item",
        ),
        Para(
            [
                t(
                    "5. Hồ sơ kèm theo: thuyết minh đề xuất cấp độ, thuyết minh phương án, ",
                    "5. Enclosed: level proposal, security plan, ",
                ),
                opinion,
                *_appraiser(facts),
                ".",
            ],
            "item",
        ),
    ]
    steps = {st.kind: st for st in (s.dossier.steps if s.dossier else [])}
    if "appraisal_opinion" in steps:
        st = steps["appraisal_opinion"]
        blocks.append(
            Para(
                [
                    t("Văn bản thẩm định: ", "Appraisal opinion: "),
                    st.number or "–",
                    t(" ngày ", " of "),
                    st.date,
                ],
                "item",
            )
        )
    blocks.append(
        Para(
            [
                op.name,
                t(" kính trình ", " submits this to "),
                ow.name,
                t(" xem xét, quyết định./.", " for decision."),
            ]
        )
    )
    return Document(
        id=rule.id,
        file=rule.file,
        title=t(
            f"Về việc phê duyệt hồ sơ đề xuất cấp độ {s.name}", f"On approving the level dossier of {s.name}"
        ),
        form=form,
        issuer=[op.name],
        parent=[ow.name],
        doc_type="to_trinh",
        code=_code(facts),
        place=_place(facts),
        year=facts.today.year,
        recipients=[[ow.name]],
        kind=t("TỜ TRÌNH", "SUBMISSION"),
        blocks=blocks,
        signer=_signer(op, op.name),
    )


def decision(facts: SystemFacts) -> Document | None:
    rule = facts.rules.document("decision")
    form = _form(facts, rule)
    if form is None:
        return None
    s = facts.system
    op, ow = operator(facts), owner(facts)
    signer_party = security_unit(facts) if form.signer == "specialised_unit" else ow
    approves_plan = form.approves == "plan"
    what = (
        t("phương án bảo đảm ", "the plan securing ")
        if approves_plan
        else t("hồ sơ đề xuất cấp độ ", "the level dossier of ")
    )
    blocks: list[Block] = [
        Para([t("Căn cứ ", "Under "), _legal_basis(facts), ";"]),
        Para(
            [
                t("Căn cứ văn bản quy định chức năng, nhiệm vụ: ", "Under the act setting its mandate: "),
                signer_party.mandate,
                ";",
            ]
        ),
        Para([t("Theo đề nghị của ", "At the proposal of "), op.name, "."]),
        Heading([t("QUYẾT ĐỊNH:", "DECIDES:")], 1),
        Para(
            [
                facts.rules.article(1),
                t("Phê duyệt ", "To approve "),
                what,
                s.name,
                t(" do ", " operated by "),
                op.name,
                t(" vận hành (địa chỉ: ", " (address: "),
                op.address,
                ")",
                *([] if approves_plan else [t(", ở ", ", at "), _level_text(facts.level)]),
                t(
                    ". Phương án bảo đảm an toàn trong giai đoạn thiết kế, xây dựng và trong giai đoạn vận hành phù hợp với ",
                    ". The security plan for the design and build phase and for operation is consistent with ",
                ),
                facts.regime_info.standard,
                ".",
            ]
        ),
        Para(
            [
                facts.rules.article(2),
                op.name,
                t(
                    " tổ chức triển khai phương án đã được phê duyệt; hoàn thành các biện pháp chưa đáp ứng theo lộ trình trong thuyết minh phương án; xác định lại cấp độ khi hệ thống thay đổi.",
                    " carries out the approved plan, completes the measures not yet in place on the roadmap of the security plan, and has the level re-determined when the system changes.",
                ),
            ]
        ),
        Para(
            [
                facts.rules.article(3),
                facts.inventory.organisation.security_unit
                or _org_need(facts, "security_unit", "đơn vị chuyên trách", "the specialised unit"),
                t(
                    " kiểm tra việc thực hiện và báo cáo chủ quản. Quyết định này có hiệu lực kể từ ngày ký.",
                    " checks compliance and reports to the owner. This decision takes effect on signature.",
                ),
            ]
        ),
    ]
    body = signer_party.name
    return Document(
        id=rule.id,
        file=rule.file,
        title=t(
            (
                "Phê duyệt phương án bảo đảm an toàn hệ thống thông tin "
                if approves_plan
                else "Phê duyệt hồ sơ đề xuất cấp độ hệ thống thông tin "
            )
            + s.name,
            ("Approving the security plan of " if approves_plan else "Approving the level dossier of ")
            + s.name,
        ),
        form=form,
        issuer=[body],
        parent=[facts.inventory.organisation.governing_body or ""] if form.signer == "owner" else [ow.name],
        doc_type="quyet_dinh",
        code=_code(facts),
        place=_place(facts),
        year=facts.today.year,
        recipients=[],
        kind=t("QUYẾT ĐỊNH", "DECISION"),
        blocks=blocks,
        signer=_signer(signer_party, body),
        cc=[[facts.rules.decision.copies_to]],
    )


def appraisal_opinion(facts: SystemFacts) -> Document | None:
    rule = facts.rules.document("appraisal-opinion")
    form = _form(facts, rule)
    if form is None:
        return None
    s = facts.system
    op = operator(facts)
    appraiser = _appraiser(facts)
    steps = {st.kind: st for st in (s.dossier.steps if s.dossier else [])}
    sent = steps.get("sent_for_appraisal")
    blank = t("…………………………………………", "…………………………………………")
    blocks: list[Block] = [
        Para(
            [
                t("Căn cứ văn bản đề nghị số ", "Having received request no. "),
                (sent.number if sent and sent.number else blank),
                t(" ngày ", " of "),
                (sent.date if sent else blank),
                t(" của ", " from "),
                op.name,
                t(", ", ", "),
                *appraiser,
                t(" có ý kiến thẩm định như sau:", " gives the following appraisal opinion:"),
            ]
        ),
        Heading([t("1. Hồ sơ được thẩm định", "1. Documents appraised")], 2),
    ]
    for doc_id in ("request-letter", "overview-and-proposal", "security-plan", "attachments"):
        blocks.append(Para(["– ", facts.rules.document(doc_id).title], "item"))
    blocks += [
        Heading([t("2. Căn cứ pháp lý", "2. Legal bases")], 2),
        Para([_legal_basis(facts), "."]),
        Heading(
            [
                t(
                    "3. Đơn vị chủ trì, phối hợp và hình thức thẩm định",
                    "3. Lead and coordinating units, method",
                )
            ],
            2,
        ),
        Para([t("Đơn vị chủ trì: ", "Lead unit: "), *appraiser], "item"),
        Para([t("Đơn vị phối hợp: ", "Coordinating units: "), blank], "blank"),
        Para(
            [
                t(
                    "Hình thức: họp thẩm định / lấy ý kiến bằng văn bản / cả hai: ",
                    "Method: meeting / written comments / both: ",
                ),
                blank,
            ],
            "blank",
        ),
        Heading([t("4. Ý kiến thẩm định", "4. Appraisal opinion")], 2),
        Para(
            [
                t("a) Sự phù hợp của cấp độ đề xuất (", "a) Whether the proposed level fits ("),
                _level_text(facts.level),
                "): ",
                blank,
            ],
            "blank",
        ),
        Para(
            [
                t(
                    "b) Sự phù hợp của phương án trong giai đoạn thiết kế, xây dựng: ",
                    "b) Whether the plan fits the level in design and build: ",
                ),
                blank,
            ],
            "blank",
        ),
        Para(
            [
                t(
                    "c) Sự phù hợp của phương án trong giai đoạn vận hành: ",
                    "c) Whether the plan fits the level in operation: ",
                ),
                blank,
            ],
            "blank",
        ),
        Para(
            [
                t("Tổng hợp ý kiến của các đơn vị phối hợp: ", "Summary of the coordinating units' views: "),
                blank,
            ],
            "blank",
        ),
        Heading([t("5. Kết luận", "5. Conclusion")], 2),
        Para(
            [
                t(
                    "Phù hợp / Không phù hợp. Nội dung chưa đạt (nếu có): ",
                    "Fit / Not fit. What fails (if any): ",
                ),
                blank,
            ],
            "blank",
        ),
        Para(
            [
                op.name,
                t(
                    " hoàn thiện hồ sơ theo ý kiến thẩm định hoặc trình cấp có thẩm quyền phê duyệt.",
                    " adjusts the file as the opinion says, or submits it for approval.",
                ),
            ]
        ),
    ]
    return Document(
        id=rule.id,
        file=rule.file,
        title=t(f"Thẩm định hồ sơ đề xuất cấp độ {s.name}", f"Appraisal of the level dossier of {s.name}"),
        form=form,
        issuer=appraiser,
        parent=[blank],
        doc_type="cong_van",
        code=[],
        place=[blank],
        year=facts.today.year,
        recipients=[[op.name]],
        subject=[t("V/v thẩm định hồ sơ đề xuất cấp độ ", "Re: appraisal of the level dossier of "), s.name],
        blocks=blocks,
        signer=Signer(title=[blank], name=[blank], body=appraiser),
    )


def attachments(facts: SystemFacts) -> Document:
    rule = facts.rules.document("attachments")
    rows = []
    missing = t("chưa có trong thư mục evidence/", "not in the evidence/ folder")
    for att, found in attachment_status(facts):
        rows.append(
            _row(
                att.name,
                att.ref.get(facts.regime, "–"),  # type: ignore[call-overload]
                [t("có", "present")] if found else [missing],
                ", ".join(found)
                if found
                else facts.gap(
                    f"tệp {att.name.vi.lower()} trong thư mục evidence/",
                    f"a file with the {att.name.en[0].lower() + att.name.en[1:]} in evidence/",
                    where=f"evidence/ ({'; '.join(att.keywords)})",
                ),
            )
        )
    op = operator(facts)
    blocks: list[Block] = [
        Table(
            [
                t("Thành phần", "Attachment"),
                t("Căn cứ", "Basis"),
                t("Tình trạng", "Status"),
                t("Tệp", "File"),
            ],
            rows,
        ),
        Para(
            [
                t(
                    "Tệp được nhận ra theo từ khóa trong tên tệp thuộc thư mục evidence/ của không gian làm việc.",
                    "Files are recognised by keywords in their names under the workspace's evidence/ folder.",
                )
            ],
            "note",
        ),
    ]
    return Document(
        id=rule.id,
        file=rule.file,
        title=rule.title,
        form=_form(facts, rule),
        issuer=[op.name],
        parent=[owner(facts).name],
        doc_type="bao_cao",
        code=_code(facts),
        place=_place(facts),
        year=facts.today.year,
        recipients=[],
        kind=t("DANH MỤC", "CHECKLIST"),
        blocks=blocks,
        signer=None,
    )


BUILDERS = {
    "request-letter": request_letter,
    "overview-and-proposal": proposal,
    "security-plan": security_plan,
    "submission": submission,
    "decision": decision,
    "appraisal-opinion": appraisal_opinion,
    "attachments": attachments,
}


def build_order(facts: SystemFacts) -> list[str]:
    """Ids of the documents this regime and level call for, in file order."""
    level = facts.level or 1
    return [d.id for d in facts.rules.documents if d.form_for(facts.regime, level, facts.anqg) is not None]


def build_documents(facts: SystemFacts) -> list[Document]:
    """Every document of the dossier, in file order; gaps are recorded on ``facts``."""
    docs = []
    for doc_id in build_order(facts):
        doc = BUILDERS[doc_id](facts)
        if doc is not None:
            docs.append(doc)
    return docs


def today_line(day: dt.date) -> str:
    return day.isoformat()
