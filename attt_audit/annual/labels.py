"""Fixed wording of the annual report, in both languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from attt_audit.diff import CATEGORY_LABELS
from attt_audit.models.common import Lang, LocalText, Status
from attt_audit.regime import regime as regime_rules
from attt_audit.regime import regime_ids
from attt_audit.text import format_delta, format_percent

LAYER_NAMES: dict[int, dict[str, str]] = {
    n: {"vi": name.vi, "en": name.en} for n, name in regime_rules(regime_ids()[-1]).layers.items()
}
"""Layer number → name, as ``checklists/four-layer-model.yaml`` names the layers."""

LAYER_STATE: dict[str, dict[str, str]] = {
    "pass": {"vi": "Có", "en": "Present"},
    "partial": {"vi": "Một phần", "en": "Partly"},
    "fail": {"vi": "Chưa có", "en": "Absent"},
    "not_assessed": {"vi": "Chưa đánh giá", "en": "Not assessed"},
    "none": {"vi": "—", "en": "—"},
}

INSPECTION_STATE: dict[str, dict[str, str]] = {
    "on_time": {"vi": "Đúng hạn", "en": "On time"},
    "not_due": {"vi": "Chưa đến hạn lần đầu", "en": "First one not yet due"},
    "overdue": {"vi": "QUÁ HẠN", "en": "OVERDUE"},
    "never": {"vi": "CHƯA TỪNG KIỂM TRA", "en": "NEVER INSPECTED"},
    "unknown": {"vi": "Chưa xác định", "en": "Unknown"},
}

LEVEL_SOURCE: dict[str, dict[str, str]] = {
    "approved": {"vi": "đã phê duyệt", "en": "approved"},
    "declared": {"vi": "đề xuất", "en": "declared"},
    "proposed": {"vi": "theo phân loại", "en": "from classification"},
    "run": {"vi": "theo lần đánh giá", "en": "from the run"},
    "": {"vi": "", "en": ""},
}

UNIT_ROLE: dict[str, dict[str, str]] = {
    "owner": {"vi": "Chủ quản hệ thống thông tin", "en": "System owner"},
    "specialised_unit": {"vi": "Đơn vị chuyên trách về {security}", "en": "Specialised {security} unit"},
    "operator": {"vi": "Đơn vị vận hành hệ thống thông tin", "en": "System operator"},
}
"""``{security}``: the regime's word (``AnnualReport.security_term``, from the regime data)."""


def unit_roles(report: Any) -> dict[str, dict[str, str]]:
    """UNIT_ROLE with the report's regime wording filled in."""
    term = report.security_term
    return {
        role: {
            lang: text.format(security=term.vi if lang == "vi" else term.en) for lang, text in names.items()
        }
        for role, names in UNIT_ROLE.items()
    }


REQUIREMENTS_SOURCE: dict[str, dict[str, str]] = {
    "plan": {
        "vi": "Danh sách yêu cầu theo phương án đã được phê duyệt của hệ thống.",
        "en": "Requirements as listed in the system's approved security plan.",
    },
    "catalog": {
        "vi": "Phương án được phê duyệt không kèm danh sách yêu cầu riêng: danh sách lấy theo bộ yêu cầu của cấp độ trong công cụ.",
        "en": "The approved plan carries no list of its own: the requirements are the level's set in the tool.",
    },
}
"""Item 9: where the list of requirements comes from (``SystemRow.requirements_source``)."""

UNIT_FIELDS: list[tuple[str, dict[str, str]]] = [
    ("name", {"vi": "Tên cơ quan, đơn vị", "en": "Name"}),
    ("mandate", {"vi": "Văn bản quy định chức năng, nhiệm vụ", "en": "Document setting its functions"}),
    ("head", {"vi": "Họ tên, chức vụ người đứng đầu", "en": "Head's name and title"}),
    ("address", {"vi": "Địa chỉ", "en": "Address"}),
    ("contact", {"vi": "Điện thoại, thư điện tử", "en": "Phone, e-mail"}),
]

TOTAL_LABELS: list[tuple[str, dict[str, str]]] = [
    ("total", {"vi": "Tổng số hệ thống thông tin", "en": "Total information systems"}),
    ("classified", {"vi": "Số hệ thống đã xác định cấp độ", "en": "Systems with a level determined"}),
    (
        "dossier_built",
        {"vi": "Số hệ thống đã xây dựng hồ sơ đề xuất cấp độ", "en": "Systems with a level dossier built"},
    ),
    ("appraised", {"vi": "Số hệ thống đã được thẩm định", "en": "Systems appraised"}),
    ("approved", {"vi": "Số hệ thống đã được phê duyệt", "en": "Systems approved"}),
    (
        "approved_inspected",
        {
            "vi": "Số hệ thống đã phê duyệt và được kiểm tra, đánh giá định kỳ",
            "en": "Approved systems periodically inspected",
        },
    ),
    (
        "expected_all_approved",
        {
            "vi": "Dự kiến thời điểm hoàn thành phê duyệt toàn bộ",
            "en": "Expected date by which all are approved",
        },
    ),
]

KPI_LABELS: dict[str, dict[str, str]] = {
    "approved": {
        "vi": "Tỷ lệ hệ thống có hồ sơ cấp độ được phê duyệt",
        "en": "Systems with an approved level dossier",
    },
    "plan_full": {
        "vi": "Tỷ lệ hệ thống triển khai đầy đủ phương án",
        "en": "Systems with the plan fully implemented",
    },
    "inspected": {"vi": "Tỷ lệ hệ thống được kiểm tra, đánh giá đúng hạn", "en": "Systems inspected on time"},
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
