"""The annual report as data: what every renderer (docx, html, xlsx, json) shows.

Mẫu 08 values are encoded exactly as the reports brief gives them; where the brief marks
something uncertain, the uncertainty travels with the report (the regime's ``form_notes`` in
``checklists/regimes/``).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from attt_audit.models.common import LocalText

DOSSIER_STATUS_LABELS: dict[str, str] = {
    "drafting": "Đang dự thảo",
    "submitted": "Đã gửi thẩm định",
    "appraised": "Đã thẩm định",
    "approved": "Đã được phê duyệt",
}
"""Mẫu 08 column (6), exact values [P2]."""

PLAN_STATUS_LABELS: dict[str, str] = {
    "none": "Chưa triển khai",
    "partial": "Đã triển khai một số hạng mục",
    "full": "Đã triển khai đầy đủ",
}
"""Mẫu 08 column (10), exact values [P2]."""

INSPECTION_LABELS: dict[str, str] = {
    "pre_operation": "Trước khi đưa vào sử dụng",
    "periodic": "Định kỳ",
}
"""Mẫu 08 column (12), exact values [P2]; both may apply, none leaves the cell blank."""
INSPECTION_BOTH_SEPARATOR = "; "
"""The form allows "both" but the brief gives no joined wording [INF]: we write the two values
separated by a semicolon."""

MAU08_COLUMNS: list[str] = [
    "STT",
    "Tên HTTT",
    "Chủ quản HTTT",
    "Đơn vị vận hành HTTT",
    "Cấp độ đề xuất",
    "Tình trạng phê duyệt cấp độ",
    "Quyết định phê duyệt cấp độ",
    "Quy chế bảo đảm ANM cho hệ thống",
    "Dự kiến thời điểm phê duyệt HSĐXCĐ",
    "Đã triển khai đầy đủ PA BĐANM",
    "Dự kiến thời điểm triển khai đầy đủ PA BĐANM",
    "Đã kiểm tra, đánh giá ANM",
]
"""Mẫu 08 item 3, the 12 column headers in order [P2]."""

NOT_GIVEN = LocalText(vi="chưa có thông tin", en="not given")


class Gap(BaseModel):
    control: str
    title: LocalText
    status: str
    reference: str = ""
    severity: str = "medium"
    waived: bool = False
    due: dt.date | None = None
    owner: str = ""


class RequirementLine(BaseModel):
    """Appendix on per-requirement status (ND 331 Đ36 items 9–10): met or not fully met, with roadmap."""

    control: str
    title: LocalText
    reference: str = ""
    status: str
    met: bool | None
    """True: Đạt; False: chưa đạt đầy đủ; None: not applicable or not assessed."""
    due: dt.date | None = None
    owner: str = ""


class YearChange(BaseModel):
    previous_run: str
    previous_date: str
    previous_percent: float | None = None
    delta: float | None = None
    counts: dict[str, int] = Field(default_factory=dict)
    level_changed: bool = False


class SystemRow(BaseModel):
    stt: int
    id: str
    name: str
    owner: str = ""
    operator: str = ""
    level: int | None = None
    level_source: str = ""
    """approved / declared / proposed / run."""
    legal_basis: list[str] = Field(default_factory=list)
    """Articles that place the system at its level (``ND85 9.2.c``)."""
    classification_outcome: str = ""
    dossier_status: str | None = None
    approval_decision: str | None = None
    approval_date: dt.date | None = None
    approver: str | None = None
    approval_expected: dt.date | None = None
    quy_che_number: str | None = None
    quy_che_date: dt.date | None = None
    quy_che_issuer: str | None = None
    quy_che_followed: bool | None = None
    quy_che_checks: str | None = None
    plan_status: str | None = None
    plan_full_expected: dt.date | None = None
    inspection_kinds: list[str] = Field(default_factory=list)
    """Kinds of inspection done in the data period (pre_operation, periodic, ad_hoc)."""
    last_inspection: dt.date | None = None
    last_inspection_by: str | None = None
    interval_months: int | None = None
    interval_basis: LocalText | None = None
    next_inspection_due: dt.date | None = None
    inspection_state: str = "unknown"
    """on_time / not_due (never inspected, first one not yet due) / overdue / never / unknown."""
    anqg_grounds: str | None = None
    layers: dict[int, str] = Field(default_factory=dict)
    """Layer 1–4 → pass / partial / fail / not_assessed."""
    score: float | None = None
    top_gaps: list[Gap] = Field(default_factory=list)
    requirements: list[RequirementLine] = Field(default_factory=list)
    requirements_source: str = ""
    """Where item 9's list comes from: ``plan`` (the measures the approved plan lists, from the
    dossier's ``measures``) or ``catalog`` (every requirement of the level's profile)."""
    change: YearChange | None = None
    run_id: str | None = None
    missing: list[str] = Field(default_factory=list)
    """Facts the report needed and nobody gave (shown, never guessed)."""

    # ---- Mẫu 08 cell texts
    def col6(self) -> str:
        return DOSSIER_STATUS_LABELS.get(self.dossier_status or "", "")

    def col7(self) -> str:
        if not self.approval_decision:
            return ""
        parts = [self.approval_decision]
        if self.approval_date:
            parts.append(f"ngày {self.approval_date:%d/%m/%Y}")
        if self.approver:
            parts.append(self.approver)
        return ", ".join(parts)

    def col8(self) -> str:
        if not (self.quy_che_number or self.quy_che_date):
            return ""
        parts = [self.quy_che_number or "(số chưa có)"]
        if self.quy_che_date:
            parts.append(f"ngày {self.quy_che_date:%d/%m/%Y}")
        if self.quy_che_issuer:
            parts.append(self.quy_che_issuer)
        return ", ".join(parts)

    def col9(self) -> str:
        return "" if self.approval_expected is None else f"{self.approval_expected:%d/%m/%Y}"

    def col10(self) -> str:
        return PLAN_STATUS_LABELS.get(self.plan_status or "", "")

    def col11(self) -> str:
        return "" if self.plan_full_expected is None else f"{self.plan_full_expected:%d/%m/%Y}"

    def col12(self) -> str:
        return INSPECTION_BOTH_SEPARATOR.join(
            INSPECTION_LABELS[k] for k in ("pre_operation", "periodic") if k in self.inspection_kinds
        )

    def mau08_row(self) -> list[str]:
        return [
            str(self.stt),
            self.name,
            self.owner,
            self.operator,
            "" if self.level is None else str(self.level),
            self.col6(),
            self.col7(),
            self.col8(),
            self.col9(),
            self.col10(),
            self.col11(),
            self.col12(),
        ]


class FormTotals(BaseModel):
    """Mẫu 08 item 1: the seven figures."""

    total: int
    classified: int
    dossier_built: int
    appraised: int
    approved: int
    approved_inspected: int
    expected_all_approved: dt.date | None = None
    all_approved: bool = False


class Kpis(BaseModel):
    """Headline figures the provincial plans track (first page)."""

    total: int
    approved: int
    plan_full: int
    inspected_on_time: int
    inspection_unknown: int = 0

    @staticmethod
    def _pct(n: int, total: int) -> float | None:
        return None if total == 0 else round(100.0 * n / total, 1)

    @property
    def approved_pct(self) -> float | None:
        return self._pct(self.approved, self.total)

    @property
    def plan_full_pct(self) -> float | None:
        return self._pct(self.plan_full, self.total)

    @property
    def inspected_pct(self) -> float | None:
        return self._pct(self.inspected_on_time, self.total)


class Check(BaseModel):
    """A consistency check before sending (VNCC's list [S1])."""

    id: str
    ok: bool
    message: LocalText
    systems: list[str] = Field(default_factory=list)


class UnitBlock(BaseModel):
    role: str
    """owner / specialised_unit / operator."""
    name: str
    mandate: str | None = None
    head_name: str | None = None
    head_title: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None


class AnnualReport(BaseModel):
    schema_version: int = 1
    year: int
    regime: str
    period_start: dt.date
    period_end: dt.date
    unit_deadline: dt.date
    """Specialised unit and operator → owner, before this date."""
    owner_deadline: dt.date
    """Owner → authority, before this date."""
    authority: LocalText
    legal_basis: LocalText
    security_term: LocalText = Field(default_factory=lambda: LocalText(vi="an ninh mạng", en="cybersecurity"))
    """The regime's word for the field ("an toàn thông tin" under TT12, "an ninh mạng" under ND331),
    from ``checklists/regimes/<regime>.yaml`` (``wording.security``)."""
    generated_at: dt.datetime
    tool_version: str
    organisation: dict[str, object]
    governing_body: str | None = None
    report_number: str | None = None
    place: str | None = None
    report_date: dt.date | None = None
    recipients: list[str] = Field(default_factory=list)
    copies: list[str] = Field(default_factory=list)
    archive: str | None = None
    basis: list[str] = Field(default_factory=list)
    signer: dict[str, str | None] | None = None
    units: list[UnitBlock] = Field(default_factory=list)
    run_id: str
    run_date: dt.date
    previous_run_id: str | None = None
    previous_run_date: dt.date | None = None
    systems: list[SystemRow] = Field(default_factory=list)
    totals: FormTotals
    kpis: Kpis
    checks: list[Check] = Field(default_factory=list)
    requests: list[str] = Field(default_factory=list)
    notes: list[LocalText] = Field(default_factory=list)

    @property
    def checks_ok(self) -> bool:
        return all(c.ok for c in self.checks)
