"""Fixed wording of the annual report, in both languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from attt_audit.diff import CATEGORY_LABELS
from attt_audit.models.common import Lang, LocalText, Status
from attt_audit.regime import regime as regime_rules
from attt_audit.regime import regime_ids
from attt_audit.text import format_delta, format_percent


def t(vi: str, en: str) -> LocalText:
    """Wording in both languages (one way to hold vi/en text: :class:`LocalText`); an empty
    wording (a value with nothing to print) is built without the non-blank check."""
    return LocalText(vi=vi, en=en) if vi and en else LocalText.model_construct(vi=vi, en=en)


LAYER_NAMES: dict[int, LocalText] = dict(regime_rules(regime_ids()[-1]).layers)
"""Layer number → name, as ``checklists/four-layer-model.yaml`` names the layers."""

LAYER_STATE: dict[str, LocalText] = {
    "pass": t("Có", "Present"),
    "partial": t("Một phần", "Partly"),
    "fail": t("Chưa có", "Absent"),
    "not_assessed": t("Chưa đánh giá", "Not assessed"),
    "none": t("—", "—"),
}

INSPECTION_STATE: dict[str, LocalText] = {
    "on_time": t("Đúng hạn", "On time"),
    "not_due": t("Chưa đến hạn lần đầu", "First one not yet due"),
    "overdue": t("QUÁ HẠN", "OVERDUE"),
    "never": t("CHƯA TỪNG KIỂM TRA", "NEVER INSPECTED"),
    "unknown": t("Chưa xác định", "Unknown"),
}

LEVEL_SOURCE: dict[str, LocalText] = {
    "approved": t("đã phê duyệt", "approved"),
    "declared": t("đề xuất", "declared"),
    "proposed": t("theo phân loại", "from classification"),
    "run": t("theo lần đánh giá", "from the run"),
    "": t("", ""),
}

UNIT_ROLE: dict[str, LocalText] = {
    "owner": t("Chủ quản hệ thống thông tin", "System owner"),
    "specialised_unit": t("Đơn vị chuyên trách về {security}", "Specialised {security} unit"),
    "operator": t("Đơn vị vận hành hệ thống thông tin", "System operator"),
}
"""``{security}``: the regime's word (``AnnualReport.security_term``, from the regime data)."""


def unit_roles(report: Any) -> dict[str, LocalText]:
    """UNIT_ROLE with the report's regime wording filled in."""
    term = report.security_term
    return {
        role: t(names.vi.format(security=term.vi), names.en.format(security=term.en))
        for role, names in UNIT_ROLE.items()
    }


REQUIREMENTS_SOURCE: dict[str, LocalText] = {
    "plan": t(
        "Danh sách yêu cầu theo phương án đã được phê duyệt của hệ thống.",
        "Requirements as listed in the system's approved security plan.",
    ),
    "catalog": t(
        "Phương án được phê duyệt không kèm danh sách yêu cầu riêng: danh sách lấy theo bộ yêu cầu của cấp độ trong công cụ.",
        "The approved plan carries no list of its own: the requirements are the level's set in the tool.",
    ),
}
"""Item 9: where the list of requirements comes from (``SystemRow.requirements_source``)."""

UNIT_FIELDS: list[tuple[str, LocalText]] = [
    ("name", t("Tên cơ quan, đơn vị", "Name")),
    ("mandate", t("Văn bản quy định chức năng, nhiệm vụ", "Document setting its functions")),
    ("head", t("Họ tên, chức vụ người đứng đầu", "Head's name and title")),
    ("address", t("Địa chỉ", "Address")),
    ("contact", t("Điện thoại, thư điện tử", "Phone, e-mail")),
]

TOTAL_LABELS: list[tuple[str, LocalText]] = [
    ("total", t("Tổng số hệ thống thông tin", "Total information systems")),
    ("classified", t("Số hệ thống đã xác định cấp độ", "Systems with a level determined")),
    (
        "dossier_built",
        t("Số hệ thống đã xây dựng hồ sơ đề xuất cấp độ", "Systems with a level dossier built"),
    ),
    ("appraised", t("Số hệ thống đã được thẩm định", "Systems appraised")),
    ("approved", t("Số hệ thống đã được phê duyệt", "Systems approved")),
    (
        "approved_inspected",
        t(
            "Số hệ thống đã phê duyệt và được kiểm tra, đánh giá định kỳ",
            "Approved systems periodically inspected",
        ),
    ),
    (
        "expected_all_approved",
        t("Dự kiến thời điểm hoàn thành phê duyệt toàn bộ", "Expected date by which all are approved"),
    ),
]

KPI_LABELS: dict[str, LocalText] = {
    "approved": t("Tỷ lệ hệ thống có hồ sơ cấp độ được phê duyệt", "Systems with an approved level dossier"),
    "plan_full": t("Tỷ lệ hệ thống triển khai đầy đủ phương án", "Systems with the plan fully implemented"),
    "inspected": t("Tỷ lệ hệ thống được kiểm tra, đánh giá đúng hạn", "Systems inspected on time"),
}


def lt(text: LocalText, lang: Lang) -> str:
    """``text`` in ``lang`` (vi unless en), without source tags (``[INF]``, ``[S1]``): an official
    document states confidence in words, the tags stay in the JSON (issue 13 §1)."""
    from attt_audit.render.legal_refs import cite_in_text
    from attt_audit.render.plain import strip_tags

    return cite_in_text(strip_tags(text.en if lang == "en" else text.vi), lang)


def ref(text: str, lang: Lang) -> str:
    """A legal reference in the document's language (``Phụ lục`` → ``Appendix`` in English)."""
    from attt_audit.render.plain import ref_text

    return ref_text(text, lang)


def status_label(value: str, lang: Lang) -> str:
    return Status(value).label("vi" if lang == "vi" else "en")


def category_label(value: str, lang: Lang) -> str:
    return CATEGORY_LABELS[value][lang]


def date_vi(day: dt.date | None) -> str:
    return "" if day is None else f"{day:%d/%m/%Y}"


def pct(value: float | None, lang: Lang) -> str:
    """A percentage as the report prints it (:func:`attt_audit.text.format_percent`)."""
    return format_percent(value, lang)


def delta(value: float | None, lang: Lang) -> str:
    """A change in points as the report prints it (:func:`attt_audit.text.format_delta`)."""
    return format_delta(value, lang)


# ------------------------------------------------------------------ Mẫu 08 in English (issue 13 §6)
MAU08_COLUMNS_EN: list[str] = [
    "No.",
    "System",
    "Owner",
    "Operator",
    "Proposed level",
    "Approval status",
    "Approval decision",
    "Security regulation of the system",
    "Expected approval of the dossier",
    "Security plan implemented",
    "Expected completion of the plan",
    "Inspection done",
]
"""The 12 column headers of Mẫu 08 item 3 in English, in the form's order."""

MAU08_VALUES_EN: dict[str, str] = {
    "Đang dự thảo": "Being drafted",
    "Đã gửi thẩm định": "Sent for appraisal",
    "Đã thẩm định": "Appraised",
    "Đã được phê duyệt": "Approved",
    "Chưa triển khai": "Not implemented",
    "Đã triển khai một số hạng mục": "Partly implemented",
    "Đã triển khai đầy đủ": "Fully implemented",
    "Trước khi đưa vào sử dụng": "Before going live",
    "Định kỳ": "Periodic",
}
"""The form's exact values (annual.model) in English."""


def mau08_columns(lang: Lang) -> list[str]:
    from attt_audit.annual.model import MAU08_COLUMNS

    return list(MAU08_COLUMNS) if lang == "vi" else list(MAU08_COLUMNS_EN)


def mau08_row(row: object, lang: Lang) -> list[str]:
    """A system's Mẫu 08 row; in English the form's values and words are translated."""
    cells: list[str] = row.mau08_row()  # type: ignore[attr-defined]
    if lang == "vi":
        return cells
    out = []
    for cell in cells:
        parts = [MAU08_VALUES_EN.get(p, p) for p in cell.split("; ")]
        text = "; ".join(parts)
        text = text.replace("(số chưa có)", "(number not given)").replace(", ngày ", ", of ")
        out.append(text)
    return out
