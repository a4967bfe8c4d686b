"""Fixed wording of the gap reports in Vietnamese and English.

Only wording lives here: every fact a report states comes from the
:class:`~attt_audit.models.AssessmentResult`. Result statuses have their own labels
(:meth:`~attt_audit.models.Status.label`).
"""

from __future__ import annotations

from functools import cache

from attt_audit.models.common import Lang, LocalText
from attt_audit.regime import load_regimes

__all__ = ["LABELS", "Lang", "label", "regime_label", "shared_table", "t", "table"]


def t(vi: str, en: str) -> LocalText:
    """Wording in both languages (one way to hold vi/en text: :class:`LocalText`)."""
    return LocalText(vi=vi, en=en)


LABELS: dict[str, LocalText] = {
    # document
    "doc_title": t(
        "Báo cáo đánh giá an toàn hệ thống thông tin theo cấp độ",
        "Graded information-security gap report",
    ),
    "doc_kind": t("BÁO CÁO", "REPORT"),
    "doc_subject": t(
        "Kết quả đánh giá an toàn hệ thống thông tin theo cấp độ: {system}",
        "Results of the graded-security assessment of {system}",
    ),
    "motto_country": t("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "motto_words": t("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "number": t("Số:", "No.:"),
    "date_line": t("{place}, ngày {d} tháng {m} năm {y}", "{place}, {date}"),
    "date_place_unknown": t("……", "……"),
    # sections
    "sec_general": t("Thông tin chung", "General information"),
    "sec_scores": t("Kết quả tổng hợp", "Summary of scores"),
    "sec_results": t("Kết quả theo từng yêu cầu", "Result per requirement"),
    "sec_waivers": t("Miễn trừ đã phê duyệt", "Approved waivers"),
    "sec_remediation": t("Kế hoạch khắc phục", "Remediation plan"),
    "sec_notes": t("Ghi chú", "Notes"),
    "sub_system": t("Hệ thống thông tin", "Information system"),
    "sub_level": t("Cấp độ và căn cứ xác định", "Level and its legal basis"),
    "sub_regime": t("Chế độ pháp lý áp dụng", "Applicable regime"),
    "sub_assessment": t("Thông tin về đợt đánh giá", "About this assessment"),
    "sub_chart": t("Mức đáp ứng theo nhóm yêu cầu", "Compliance per requirement group"),
    # general fields
    "organisation": t("Cơ quan, tổ chức", "Organisation"),
    "governing_body": t("Cơ quan chủ quản", "Governing body"),
    "security_unit": t("Đơn vị chuyên trách an toàn thông tin", "Specialised security unit"),
    "system_name": t("Tên hệ thống", "System name"),
    "system_id": t("Mã hệ thống", "System id"),
    "description": t("Mô tả", "Description"),
    "owner": t("Chủ quản hệ thống", "System owner"),
    "operator": t("Đơn vị vận hành", "Operator"),
    "level": t("Cấp độ", "Level"),
    "level_assessed": t("Cấp độ dùng để đánh giá", "Level assessed against"),
    "proposed_level": t("Cấp độ đề xuất theo tiêu chí", "Level proposed by the criteria"),
    "declared_level": t("Cấp độ khai báo", "Declared level"),
    "level_mismatch": t(
        "Cấp độ khai báo khác cấp độ đề xuất theo tiêu chí: cần xem xét lại hồ sơ đề xuất cấp độ.",
        "The declared level differs from the level the criteria propose: review the level dossier.",
    ),
    "matched_rules": t("Tiêu chí xác định cấp độ đã thỏa mãn", "Level criteria met"),
    "missing_facts": t("Thông tin còn thiếu để xác định cấp độ", "Facts missing to decide the level"),
    "classification_outcome": t("Kết quả xác định cấp độ", "Classification outcome"),
    "outcome_ok": t("Đã xác định", "Decided"),
    "outcome_needs_input": t("Cần bổ sung thông tin", "Needs input"),
    "outcome_manual_review": t("Cần xem xét thủ công", "Needs manual review"),
    "approval": t("Quyết định phê duyệt cấp độ", "Level approval decision"),
    "approval_none": t("Chưa có thông tin", "Not given"),
    "authority": t("Cơ quan thẩm định, phê duyệt", "Appraising and approving authority"),
    "inspection_interval": t("Chu kỳ kiểm tra, đánh giá", "Inspection interval"),
    "months": t("{n} tháng", "{n} months"),
    "next_inspection_due": t("Hạn kiểm tra, đánh giá tiếp theo", "Next inspection due"),
    "last_inspection": t("Lần kiểm tra, đánh giá gần nhất", "Last inspection"),
    "inspection_overdue": t(
        "Đã quá hạn kiểm tra, đánh giá định kỳ.",
        "The periodic inspection is overdue.",
    ),
    "regime": t("Chế độ", "Regime"),
    "profile": t("Bộ yêu cầu (profile)", "Profile"),
    "assessor": t("Người đánh giá", "Assessor"),
    "assessor_none": t("(chưa ghi)", "(not recorded)"),
    "assessed_on": t("Ngày đánh giá", "Assessment date"),
    "generated_at": t("Thời điểm lập báo cáo", "Report generated"),
    "tool": t("Công cụ", "Tool"),
    "catalogs": t("Danh mục yêu cầu sử dụng", "Checklists used"),
    "not_given": t("(chưa có)", "(not given)"),
    # scores
    "scope": t("Phạm vi", "Scope"),
    "scope_overall": t("Toàn bộ", "Overall"),
    "scope_kind": t("Loại", "Kind"),
    "scope_layer": t("Lớp", "Layer"),
    "scope_group": t("Nhóm", "Group"),
    "percent": t("Tỷ lệ đáp ứng", "Compliance"),
    "percent_none": t("—", "—"),
    "score_formula": t(
        "Tỷ lệ đáp ứng = (số Đạt + ½ số Một phần) / số yêu cầu áp dụng đã đánh giá × 100%; "
        "yêu cầu Chưa đánh giá không được tính và được nêu riêng.",
        "Compliance = (Pass + ½ Partial) / applicable requirements assessed × 100%; "
        "requirements not assessed are not counted and are listed separately.",
    ),
    "not_assessed_count": t(
        "{n} yêu cầu chưa đánh giá được; xem lý do ở mục kết quả theo từng yêu cầu.",
        "{n} requirement(s) could not be assessed; the reasons are in the per-requirement results.",
    ),
    "weights_notice": t(
        "Các yêu cầu có trọng số khác nhau; trọng số được ghi ở từng yêu cầu.",
        "Requirements carry different weights; each requirement shows its weight.",
    ),
    "without_waivers": t(
        "Tỷ lệ đáp ứng nếu không tính miễn trừ",
        "Compliance if waivers are not counted",
    ),
    "kind_management": t("Quản lý", "Management"),
    "kind_technical": t("Kỹ thuật", "Technical"),
    "kind_design": t("Thiết kế", "Design"),
    "kind_duty": t("Nghĩa vụ", "Duty"),
    "kind_layer": t("Mô hình 4 lớp", "Four-layer model"),
    # per-requirement table
    "col_no": t("STT", "No."),
    "col_requirement": t("Yêu cầu", "Requirement"),
    "col_clause": t("Điều khoản", "Clause"),
    "col_status": t("Kết quả", "Result"),
    "col_method": t("Phương pháp", "Method"),
    "col_details": t("Lý do, bằng chứng", "Reason and evidence"),
    "col_priority": t("Ưu tiên", "Priority"),
    "col_due": t("Hạn hoàn thành", "Due"),
    "col_owner": t("Người phụ trách", "Owner"),
    "col_state": t("Tình trạng", "State"),
    "col_approver": t("Người phê duyệt", "Approver"),
    "col_validity": t("Hiệu lực", "Validity"),
    "col_justification": t("Lý do miễn trừ", "Justification"),
    "reason": t("Lý do", "Reason"),
    "evidence": t("Bằng chứng", "Evidence"),
    "conflicts": t("Mâu thuẫn", "Conflicts"),
    "advisories": t("Khuyến nghị (ngưỡng độ tin cậy thấp)", "Advisories (low-confidence thresholds)"),
    "observations": t("Kết quả kiểm tra tự động", "Probe observations"),
    "weight": t("Trọng số", "Weight"),
    "confidence": t("Độ tin cậy nguồn", "Source confidence"),
    "refs": t("Căn cứ", "References"),
    "text_not_verified": t(
        "Câu hỏi do chúng tôi soạn từ tiêu đề điều khoản.",
        "Questions written by us from the clause heading.",
    ),
    "text_not_verified_note": t(
        "Câu hỏi do chúng tôi soạn từ tiêu đề điều khoản đối với {what}, vì nội dung chi tiết của tiêu chuẩn "
        "chưa được đối chiếu; kết quả các yêu cầu này cần được người đánh giá xem xét thêm.",
        "Questions written by us from the clause heading for {what}, because the standard's detailed text "
        "was not verified; the assessor should review their results with care.",
    ),
    "text_not_verified_all": t("{n} yêu cầu theo {standard}", "{n} requirement(s) under {standard}"),
    "text_not_verified_some": t(
        "{n} yêu cầu có ghi chú tại từng yêu cầu",
        "{n} requirement(s) noted at each one",
    ),
    "text_not_verified_short": t(
        "câu hỏi do chúng tôi soạn từ tiêu đề điều khoản",
        "questions written by us from the clause heading",
    ),
    "single_source_short": t(
        "câu hỏi soạn từ bản tóm tắt thứ cấp của tiêu chuẩn",
        "questions written from a secondary summary of the standard",
    ),
    "obs_summary": t(
        "Kiểm tra tự động ngày {date}: {passed}/{total} kiểm tra đạt trên {targets}",
        "Automatic checks of {date}: {passed} of {total} checks passed on {targets}",
    ),
    "obs_summary_none": t(
        "Kiểm tra tự động ngày {date}: {passed}/{total} kiểm tra đạt",
        "Automatic checks of {date}: {passed} of {total} checks passed",
    ),
    # A standard whose whole catalog rests on one secondary summary (issue 12 §4).
    "single_source_row": t(
        "Câu hỏi do chúng tôi soạn từ bản tóm tắt thứ cấp của tiêu chuẩn, chưa đối chiếu với bản gốc.",
        "Questions written by us from a secondary summary of the standard, not checked against the original.",
    ),
    "single_source_note": t(
        "Nguồn duy nhất của danh mục yêu cầu {standard} trong báo cáo này ({n} yêu cầu) là bản tóm tắt "
        "theo điều khoản của kho tài liệu công khai ldphuong-vn/vn-cyber-compliance (thư mục "
        "docs/03-yeu-cau-theo-cap-do); văn bản tiêu chuẩn chưa được đọc. Các số liệu (ngày, tháng, chu kỳ, "
        "thời gian lưu) chỉ là khuyến nghị, không tự làm hệ thống không đạt, cho đến khi được đối chiếu "
        "với bản tiêu chuẩn.",
        "The only source of the {standard} requirements in this report ({n} requirement(s)) is the "
        "clause-by-clause summary in the public repository ldphuong-vn/vn-cyber-compliance "
        "(docs/03-yeu-cau-theo-cap-do); the standard's text was not read. Its figures (days, months, "
        "intervals, retention) are advisory and never fail a system on their own until checked against "
        "the standard.",
    ),
    "clause_word": t("mục", "clause"),
    # requirements that do not bind on the assessment date / under the approval regime (issue 12 §1)
    "sec_not_binding": t(
        "Phụ lục: Không áp dụng do thời điểm / chế độ",
        "Appendix: Not applicable by date / regime",
    ),
    "not_binding_intro": t(
        "Các yêu cầu dưới đây có trong bộ yêu cầu nhưng không ràng buộc hệ thống vào ngày đánh giá {date} "
        "(chưa có hiệu lực, đã hết hiệu lực, hoặc thuộc yêu cầu cơ bản của chế độ khác với chế độ phê duyệt "
        "cấp độ của hệ thống): không đánh giá và không tính điểm.",
        "The requirements below are in the profile but do not bind the system on the assessment date {date} "
        "(not yet in force, no longer in force, or part of another regime's baseline than the one the "
        "system's level was approved under): not assessed and not scored.",
    ),
    "col_binding_dates": t("Thời điểm áp dụng", "When it binds"),
    "col_basis": t("Căn cứ", "Basis"),
    "binds_from": t("từ {date}", "from {date}"),
    "binds_until": t("đến hết {date}", "until {date}"),
    "baseline_regime": t("Yêu cầu cơ bản áp dụng", "Baseline applied"),
    # past facts (issue 12 §2)
    "recorded_title": t(
        "Ghi nhận (sự việc đã xảy ra, không đặt thời hạn khắc phục)",
        "Recorded (past facts, no remediation deadline)",
    ),
    "recorded_intro": t(
        "Các nội dung dưới đây là sự việc đã xảy ra và không thể khắc phục lại (ví dụ phê duyệt cấp độ sau thời hạn); "
        "được ghi nhận kèm ngày, không đặt thời hạn khắc phục.",
        "The findings below are past facts that cannot be undone (e.g. the level approved after its deadline); "
        "recorded with their dates, given no remediation deadline.",
    ),
    "recorded_tag": t("Ghi nhận", "Recorded"),
    "waived_by": t("Được miễn trừ: {id}", "Waived: {id}"),
    "waiver_expired_row": t("Miễn trừ {id} đã hết hạn ngày {date}", "Waiver {id} expired on {date}"),
    "waiver_pending_row": t("Miễn trừ {id} có hiệu lực từ ngày {date}", "Waiver {id} holds from {date}"),
    "method_answer": t("Trả lời", "Answer"),
    "method_probe": t("Kiểm tra tự động", "Probe"),
    "method_inventory": t("Dữ liệu kiểm kê", "Inventory"),
    "method_condition": t("Điều kiện áp dụng", "Condition"),
    "method_waiver": t("Miễn trừ", "Waiver"),
    "obs_pass": t("đạt", "pass"),
    "obs_fail": t("không đạt", "fail"),
    "obs_error": t("lỗi", "error"),
    "obs_not_testable": t("không kiểm tra được", "not testable"),
    "no_results": t("Không có yêu cầu nào trong kết quả.", "The result holds no requirement."),
    # waivers
    "waiver_valid_until": t("đến hết {date}", "until {date}"),
    "waiver_expired": t("ĐÃ HẾT HẠN ({date})", "EXPIRED ({date})"),
    "waiver_pending": t("CHƯA CÓ HIỆU LỰC (từ {date})", "NOT YET IN FORCE (from {date})"),
    "waiver_compensating": t("Biện pháp bù đắp", "Compensating control"),
    "waiver_reference": t("Văn bản", "Reference"),
    "no_waivers": t("Không có miễn trừ.", "No waivers."),
    # remediation
    "no_remediation": t("Không có hạng mục cần khắc phục.", "Nothing to remediate."),
    "remediation_intro": t(
        "Người phụ trách mặc định là đơn vị vận hành hệ thống; đơn vị điều chỉnh người phụ trách, hạn và trạng thái "
        "trong tệp remediation.xlsx đi kèm, lần đánh giá sau đọc lại các nội dung đó.",
        "The owner defaults to the system's operator; the organisation adjusts owner, deadline and status in the "
        "accompanying remediation.xlsx, which the next assessment reads back.",
    ),
    # signature (issue 13 §4): from the inventory's organisation.signer / recipients; a gap to fill if absent
    "signer_title_gap": t("chức vụ người ký", "the signer's title"),
    "signer_name_gap": t("họ và tên người ký", "the signer's name"),
    "recipients_gap": t("nơi nhận", "the recipients"),
    # plain wording (issue 13)
    "vietnam_time": t("giờ Việt Nam", "Viet Nam time"),
    "catalog_version": t("phiên bản", "version"),
    "priority_1": t("Rất cao", "Very high"),
    "priority_2": t("Cao", "High"),
    "priority_3": t("Trung bình", "Medium"),
    "priority_4": t("Thấp", "Low"),
    "priority_legend": t(
        "Mức ưu tiên: 1 – Rất cao (hoàn thành trong 30 ngày); 2 – Cao (90 ngày); 3 – Trung bình (180 ngày); "
        "4 – Thấp (365 ngày). Mức ưu tiên tính từ mức độ nghiêm trọng của yêu cầu, kết quả đánh giá, cấp độ "
        "của hệ thống và độ tin cậy của căn cứ; yêu cầu có căn cứ chưa đủ tin cậy luôn ở mức 4.",
        "Priority: 1 – Very high (done within 30 days); 2 – High (90 days); 3 – Medium (180 days); "
        "4 – Low (365 days). It follows from the requirement's severity, the result, the system's level and "
        "how reliable the requirement's basis is; a requirement on a weak basis is always priority 4.",
    ),
    "state_open": t("Chưa thực hiện", "Open"),
    "action_default": t(
        "Thực hiện đầy đủ nội dung của yêu cầu và lưu hồ sơ minh chứng.",
        "Carry out the requirement in full and keep the records that show it.",
    ),
    "col_missing": t("Nội dung còn thiếu", "What is missing"),
    "col_action": t("Biện pháp khắc phục", "Corrective action"),
    "col_progress": t("Trạng thái", "Status"),
    "col_ref": t("Mã tham chiếu", "Reference"),
    "col_confidence": t("Độ tin cậy của căn cứ", "Confidence of the basis"),
    "sec_conclusion": t("Kết luận chung", "Conclusion"),
    "conclusion_level": t("Cấp độ đánh giá", "Level assessed"),
    "conclusion_score": t("Tỷ lệ đáp ứng", "Compliance"),
    "conclusion_counts": t("Số yêu cầu theo kết quả", "Requirements by result"),
    "conclusion_overdue": t("Nghĩa vụ quá hạn", "Overdue duties"),
    "conclusion_overdue_none": t("Không có nghĩa vụ quá hạn.", "No duty is overdue."),
    "conclusion_top": t("Các tồn tại cần ưu tiên khắc phục", "Gaps to fix first"),
    "conclusion_top_none": t("Không có tồn tại cần khắc phục.", "Nothing to fix."),
    "conclusion_more": t(
        "Tổng cộng {n} hạng mục cần khắc phục; chi tiết tại mục Kế hoạch khắc phục.",
        "{n} items to fix in all; see the remediation plan.",
    ),
    "inspection_overdue_short": t("Kiểm tra, đánh giá định kỳ", "Periodic inspection"),
    "basis_approved": t(
        "Cấp độ {level} đã được phê duyệt: {decision}", "Level {level}, approved: {decision}"
    ),
    "basis_declared": t(
        "Cấp độ {level} do đơn vị khai báo, chưa có quyết định phê duyệt",
        "Level {level}, declared by the organisation, not yet approved",
    ),
    "basis_classified": t(
        "Cấp độ {level} theo tiêu chí xác định cấp độ",
        "Level {level}, from the level criteria",
    ),
    "basis_profile": t(
        "Cấp độ {level} theo bộ yêu cầu được chọn khi đánh giá",
        "Level {level}, the profile chosen for this assessment",
    ),
    "sec_sources": t(
        "Phụ lục: Nguồn và mức độ tin cậy của yêu cầu",
        "Appendix: Sources and confidence of the requirements",
    ),
    "sources_intro": t(
        "Mỗi yêu cầu kèm mã tham chiếu trong danh mục của công cụ và mức độ tin cậy của căn cứ. Kết quả chưa đạt "
        "của yêu cầu có căn cứ chưa đủ tin cậy chỉ được nêu như khuyến nghị.",
        "Each requirement with its reference in the tool's catalog and how reliable its basis is. A gap in a "
        "requirement on a weak basis is reported as advice only.",
    ),
    "toc": t("Mục lục", "Contents"),
    "filter_label": t("Lọc theo kết quả", "Filter by result"),
    "filter_all": t("Tất cả", "All"),
    "footer_generated": t("Lập bằng attt-audit {version}", "Generated by attt-audit {version}"),
}


def label(key: str, lang: str, **fmt: object) -> str:
    """The wording for ``key`` in ``lang`` (``vi`` or ``en``), formatted with ``fmt``."""
    text = LABELS[key][lang]
    return text.format(**fmt) if fmt else text


def regime_label(regime: str, lang: str) -> str:
    """The acts of a regime (``checklists/regimes/<regime>.yaml``, ``acts``); an unknown regime
    code is shown as it is."""
    rules = load_regimes().get(regime)
    if rules is None:
        return regime
    return rules.acts.vi if lang == "vi" else rules.acts.en


def table(lang: str) -> dict[str, str]:
    """Every label in one language, for templates (``L.sec_general``); a new dict each call."""
    return dict(shared_table(lang))


@cache
def shared_table(lang: str) -> dict[str, str]:
    """:func:`table`, one dict per language for the process: read it, never change it."""
    return {key: text[lang] for key, text in LABELS.items()}
