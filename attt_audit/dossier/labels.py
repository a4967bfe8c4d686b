"""Words of the drafts in both languages: names of inventory facts and of their values.

These are labels, not legal facts: forms, articles and deadlines come from the data files.
"""

from __future__ import annotations

from typing import Any

from attt_audit.models import LocalText
from attt_audit.models.common import Lang


def t(vi: str, en: str) -> LocalText:
    return LocalText(vi=vi, en=en)


FACTS: dict[str, LocalText] = {
    "system_type": t("loại hệ thống", "system type"),
    "info_types": t("loại thông tin được xử lý", "information types handled"),
    "handles_admin_procedures": t("giải quyết thủ tục hành chính", "handles administrative procedures"),
    "public_service_level": t("mức độ dịch vụ công trực tuyến", "online public-service level"),
    "conditional_business_service": t(
        "dịch vụ thuộc danh mục dịch vụ kinh doanh có điều kiện",
        "service in the list of conditional business services",
    ),
    "conditional_investment_business": t(
        "thuộc ngành, nghề đầu tư kinh doanh có điều kiện", "in a conditional investment and business line"
    ),
    "users": t(
        "số người dùng có thông tin riêng, thông tin cá nhân", "users whose private or personal data it holds"
    ),
    "subjects_basic": t("số chủ thể dữ liệu cá nhân cơ bản", "basic personal-data subjects"),
    "subjects_sensitive": t("số chủ thể dữ liệu cá nhân nhạy cảm", "sensitive personal-data subjects"),
    "infra_scope": t("phạm vi của hạ tầng", "scope of the infrastructure"),
    "needs_24x7": t(
        "yêu cầu vận hành 24/7, không chấp nhận ngừng ngoài kế hoạch", "must run 24/7 with no unplanned stop"
    ),
    "national_egov_system": t(
        "hệ thống Chính phủ điện tử dùng chung quốc gia", "national shared e-government system"
    ),
    "ics_grade": t("cấp của công trình được điều khiển", "grade of the controlled works"),
    "state_secret": t("xử lý bí mật nhà nước", "handles state secrets"),
    "defense_security_system": t("hệ thống phục vụ quốc phòng, an ninh", "defence or security system"),
    "ns_damage": t("mức tổn hại đến quốc phòng, an ninh", "harm to defence and security"),
    "strategic": t("hệ thống chiến lược", "strategic system"),
    "central_store_special_national_data": t(
        "lưu trữ tập trung dữ liệu quốc gia đặc biệt quan trọng", "central store of special national data"
    ),
    "pm_decided_level": t("cấp độ do Thủ tướng Chính phủ quyết định", "level set by the Prime Minister"),
    "risk_framework_level": t("cấp độ theo khung quản lý rủi ro", "level from the risk framework"),
    "anqg": t("thuộc danh mục hệ thống quan trọng về an ninh quốc gia", "on the national-security list"),
}

VALUES: dict[str, LocalText] = {
    "internal": t("phục vụ hoạt động nội bộ", "internal operations"),
    "citizen_business": t("phục vụ người dân, doanh nghiệp", "serves citizens and businesses"),
    "infrastructure": t("hạ tầng thông tin", "information infrastructure"),
    "ics": t("điều khiển công nghiệp", "industrial control"),
    "other": t("loại khác", "other"),
    "public": t("thông tin công cộng", "public information"),
    "private": t("thông tin riêng", "private information"),
    "personal": t("thông tin cá nhân", "personal information"),
    "state_secret": t("bí mật nhà nước", "state secrets"),
    "single_org": t("trong một cơ quan, tổ chức", "within one organisation"),
    "ministry_sector_or_provinces": t(
        "một bộ, ngành, tỉnh hoặc một số tỉnh", "a ministry, sector, province or several provinces"
    ),
    "nationwide": t("toàn quốc", "nationwide"),
    "international_link": t("kết nối quốc tế", "international link"),
    "none": t("không", "none"),
    "harm": t("gây tổn hại", "harm"),
    "serious": t("tổn hại nghiêm trọng", "serious harm"),
    "especially_serious": t("tổn hại đặc biệt nghiêm trọng", "especially serious harm"),
    "own_premises": t("tại trụ sở của đơn vị", "on the unit's own premises"),
    "data_centre": t("tại trung tâm dữ liệu", "in a data centre"),
    "cloud": t("trên điện toán đám mây", "in the cloud"),
}


def value_text(value: Any, lang: Lang) -> str:
    """A fact's value in words."""
    if value is True:
        return "có" if lang == "vi" else "yes"
    if value is False:
        return "không" if lang == "vi" else "no"
    if isinstance(value, list):
        return ", ".join(value_text(v, lang) for v in value) or ("không có" if lang == "vi" else "none")
    if isinstance(value, int):
        from attt_audit.text import format_count

        return format_count(value, lang)
    if isinstance(value, str) and value in VALUES:
        return VALUES[value].get(lang)
    return str(value)


def fact_label(name: str, lang: Lang) -> str:
    label = FACTS.get(name)
    return label.get(lang) if label else name.replace("_", " ")


STATUS: dict[str, LocalText] = {
    "in_place": t("đã đáp ứng", "in place"),
    "partly": t("đáp ứng một phần", "partly in place"),
    "planned": t("chưa đáp ứng, sẽ triển khai", "planned"),
    "na": t("không áp dụng", "not applicable"),
}
