"""The province's Word documents, built on the Decree 30 kit (:mod:`attt_audit.render.document`):

* the status report (Báo cáo tình hình) issued by the specialised unit to the UBND tỉnh;
* the Kế hoạch kiểm tra, đánh giá an ninh mạng (province.md §3 outline);
* the Thông báo kết luận kiểm tra of one unit.

Documents an officer signs: Vietnamese only, no internal codes (indicator and control ids stay
in the JSON, xlsx and dashboard).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from attt_audit.models.province import ProvinceFile
from attt_audit.province.workspace import province_data

if TYPE_CHECKING:
    from attt_audit.province.conclude import Conclusion
    from attt_audit.province.plan import InspectionPlan
    from attt_audit.province.rollup import Rollup
    from attt_audit.render.document import Decree30Document

SIGNATURE_COLS = (7.0, 9.5)
ROLE_VI = {"head": "Trưởng đoàn", "deputy": "Phó Trưởng đoàn", "member": "Thành viên", "secretary": "Thư ký"}
SEVERITY_VI = {"critical": "Nghiêm trọng", "high": "Cao", "medium": "Trung bình", "low": "Thấp"}


def _doc(province: ProvinceFile, doc_type: str, day: dt.date | None, year: int) -> Decree30Document:
    from attt_audit.render.document import Decree30Document, Issuer, date_line, reference_path
    from attt_audit.resources import data_dir

    d = Decree30Document(reference_path(data_dir("reports")), lang="vi", doc_type=doc_type)
    su = province.specialised_unit
    d.header(
        Issuer(name=su.name, parent=su.governing_body, code=su.abbreviation),
        date=date_line(province.province.place or province.province.name, day, "vi", year=year),
    )
    return d


def _sign(d: Decree30Document, province: ProvinceFile, recipients: list[str], *, as_above: bool) -> None:
    from attt_audit.render.document import Signer

    s = province.specialised_unit.signer
    d.paragraph()
    d.signature(
        Signer.from_line(s.authority, s.title, s.name),
        recipients,
        province.specialised_unit.abbreviation or "VT",
        as_above=as_above,
        widths_cm=SIGNATURE_COLS,
    )


def legal_reference(text: str) -> str:
    """``ND85 20.2.c`` → ``điểm c khoản 2 Điều 20 Nghị định 85/2016/NĐ-CP``: the shared formatter
    (:func:`attt_audit.render.legal_refs.cite`, full form) every document uses."""
    from attt_audit.render.legal_refs import cite

    return cite(text, "vi", "full")


def _fmt_date(day: dt.date | None) -> str:
    return "" if day is None else f"{day:%d/%m/%Y}"


def _body(d: Decree30Document, text: str) -> None:
    d.paragraph(text, align="justify")


# ------------------------------------------------------------------------------ status report


def write_status_report(rollup: Rollup, province: ProvinceFile, path: Path) -> Path:
    from attt_audit.render.document import Run

    d = _doc(province, "bao_cao", None, rollup.year)
    d.title(
        f"Tình hình bảo đảm an ninh mạng hệ thống thông tin trên địa bàn {province.province.name[:1].lower() + province.province.name[1:]} năm {rollup.year}"
    )
    people = province.province.people_committee or f"Ủy ban nhân dân {province.province.name}"
    d.addressee([people])
    accepted = [u for u in rollup.units if u.state.startswith("accepted")]
    unsigned = [u for u in rollup.units if u.state == "accepted_unsigned"]
    rejected = [u for u in rollup.units if u.state == "rejected"]
    missing = [u for u in rollup.units if u.state == "missing"]

    d.heading("I", "Khái quát", 1)
    _body(
        d,
        f"Kỳ số liệu từ ngày {_fmt_date(rollup.period_start)} đến ngày {_fmt_date(rollup.period_end)}. "
        f"{province.specialised_unit.name} đã tiếp nhận báo cáo của {len(accepted)}/{len(rollup.units)} đơn vị"
        + (f", trong đó {len(unsigned)} đơn vị gửi bảng tính không có chữ ký số" if unsigned else "")
        + f"; không tiếp nhận {len(rejected)} báo cáo do không bảo đảm điều kiện; {len(missing)} đơn vị chưa gửi báo cáo.",
    )
    t = rollup.totals
    _body(
        d,
        f"Tổng số hệ thống thông tin trong các báo cáo được tiếp nhận: {t.total}; đã xác định cấp độ: {t.classified}; "
        f"đã xây dựng hồ sơ: {t.dossier_built}; đã thẩm định: {t.appraised}; đã được phê duyệt: {t.approved}; "
        f"đã phê duyệt và được kiểm tra, đánh giá định kỳ: {t.approved_inspected}.",
    )

    d.heading("II", "Kết quả theo các chỉ tiêu", 1)
    rows = []
    for n, i in enumerate(rollup.indicators, 1):
        target = "" if i.target is None else (f"{i.target:g} lần/năm" if i.id == "P12" else f"{i.target:g}%")
        met = "" if i.meets_target is None else ("Đạt" if i.meets_target else "Chưa đạt")
        prev = "" if i.previous is None else i.previous.text()
        rows.append([str(n), i.name, i.province.text(), target, met, prev])
    d.table(
        ["STT", "Chỉ tiêu", "Kết quả (tử số/mẫu số)", "Mục tiêu", "Đánh giá", "Năm trước"],
        rows,
        (1.2, 6.0, 3.0, 2.2, 1.8, 2.3),
        align=("right", None, None, None, None, None),
        size=11,
    )
    d.notice(
        "Chỉ tiêu ghi “không có số liệu” khi các báo cáo được tiếp nhận và số liệu của đơn vị chưa có thông tin để tính."
    )

    d.heading("III", "Hệ thống, đơn vị quá hạn", 1)
    kind_vi = {"dossier": "Hồ sơ cấp độ", "inspection": "Kiểm tra, đánh giá", "annual_report": "Báo cáo năm"}
    if rollup.overdue:
        d.table(
            ["STT", "Nội dung", "Đơn vị", "Hệ thống", "Chi tiết"],
            [
                [str(n), kind_vi[o.kind], o.unit_name, o.system, o.detail]
                for n, o in enumerate(rollup.overdue, 1)
            ],
            (1.2, 2.6, 4.0, 4.0, 4.9),
            align=("right", None, None, None, None),
            size=11,
        )
    else:
        _body(d, "Không có hệ thống, đơn vị quá hạn.")

    d.heading("IV", "Đánh giá chung", 1)
    below = [i for i in rollup.indicators if i.meets_target is False]
    reached = [i for i in rollup.indicators if i.meets_target is True]
    if reached:
        _body(d, "Các chỉ tiêu đạt mục tiêu của tỉnh: " + "; ".join(i.name.lower() for i in reached) + ".")
    if below:
        _body(
            d,
            "Các chỉ tiêu chưa đạt mục tiêu của tỉnh: "
            + "; ".join(f"{i.name.lower()} ({i.province.text()})" for i in below)
            + ".",
        )

    d.heading("V", "Kiến nghị", 1)
    recs = []
    if rejected or missing:
        names = ", ".join(u.name for u in rejected + missing)
        recs.append(
            f"Đề nghị Ủy ban nhân dân tỉnh chỉ đạo các đơn vị sau gửi lại hoặc gửi báo cáo đúng quy định: {names}."
        )
    if any(o.kind == "dossier" for o in rollup.overdue):
        recs.append(
            "Chỉ đạo các chủ quản hoàn thiện, trình phê duyệt hồ sơ đề xuất cấp độ của các hệ thống còn quá hạn."
        )
    if any(o.kind == "inspection" for o in rollup.overdue):
        recs.append(
            "Chỉ đạo các chủ quản tổ chức kiểm tra, đánh giá an ninh mạng đối với các hệ thống quá hạn."
        )
    if unsigned:
        recs.append("Đề nghị các đơn vị gửi báo cáo bằng văn bản điện tử có chữ ký số.")
    for n, text in enumerate(recs or ["Không có kiến nghị."], 1):
        d.paragraph(f"{n}. {text}", align="justify")
    _sign(d, province, [province.province.people_committee or people], as_above=True)

    d.appendix(
        1,
        "Bảng tổng hợp hệ thống thông tin",
        f"(Kèm theo Báo cáo ngày ... tháng ... năm {rollup.year} của {province.specialised_unit.name})",
        landscape=True,
    )
    from attt_audit.annual.model import MAU08_COLUMNS

    head = list(MAU08_COLUMNS)  # the form's own column headings
    width = d.text_width_cm
    cols = [0.9, 3.2, 2.4, 2.4, 1.2, 1.9, 2.6, 2.4, 1.6, 1.9, 1.6, 1.9]
    scale = width / sum(cols)
    d.table(head, [c.row.mau08_row() for c in rollup.rows], [w * scale for w in cols], size=9)
    d.paragraph(Run(""))
    d.properties(
        title=f"Báo cáo tình hình an ninh mạng năm {rollup.year}", author=province.specialised_unit.name
    )
    return d.save(path)


# ------------------------------------------------------------------------------ plan


def write_plan_docx(plan: InspectionPlan, province: ProvinceFile, path: Path) -> Path:
    from attt_audit.province.plan import reason_labels

    outline = province_data().plan_outline
    d = _doc(province, "ke_hoach", None, plan.year - 1)
    d.title(f"Kiểm tra, đánh giá an ninh mạng hệ thống thông tin năm {plan.year}")
    d.heading("I", "Mục đích, yêu cầu", 1)
    _body(
        d,
        "Nắm tình hình, đánh giá việc tuân thủ quy định về bảo đảm an ninh mạng hệ thống thông tin theo cấp độ của các cơ quan, đơn vị trên địa bàn tỉnh; phát hiện, kiến nghị khắc phục tồn tại, hạn chế.",
    )
    _body(
        d,
        "Việc kiểm tra bảo đảm khách quan, đúng quy định, không làm ảnh hưởng đến hoạt động bình thường của hệ thống; kiểm tra kỹ thuật chỉ thực hiện trong phạm vi và địa chỉ được chủ quản đồng ý bằng văn bản.",
    )
    d.heading("II", "Căn cứ", 1)
    for n, text in enumerate(outline.basis, 1):
        d.list_item(f"{n}. {text};")
    d.list_item(
        f"{len(outline.basis) + 1}. Kết quả tiếp nhận báo cáo năm {plan.based_on_year} của các đơn vị.",
        last=True,
    )
    d.heading("III", "Phạm vi, đối tượng", 1)
    _body(
        d,
        f"Lựa chọn {len(plan.visits) + len(plan.carried_over)} đơn vị theo các tiêu chí: "
        + "; ".join(
            outline.selection_labels[k].lower()
            for k in ("level3", "unapproved", "incident", "not_inspected", "low_score")
        )
        + ".",
    )
    rows = []
    for n, v in enumerate(plan.visits + plan.carried_over, 1):
        systems = (
            "; ".join(f"{s.name} (cấp độ {s.level})" if s.level else s.name for s in v.systems)
            or "Toàn bộ hệ thống của đơn vị"
        )
        rows.append([str(n), v.unit_name, systems, "; ".join(reason_labels(v.reasons))])
    d.table(
        ["STT", "Đơn vị", "Hệ thống", "Lý do lựa chọn"],
        rows,
        (1.2, 4.2, 6.0, 5.3),
        align=("right", None, None, None),
        size=11,
    )
    d.heading("IV", "Nội dung kiểm tra", 1)
    for n, text in enumerate(outline.content_areas, 1):
        d.list_item(f"{n}. {text}.", last=n == len(outline.content_areas))
    d.heading("V", "Phương thức kiểm tra", 1)
    for n, text in enumerate(outline.methods, 1):
        d.list_item(f"{n}. {text}.", last=n == len(outline.methods))
    d.heading("VI", "Thời gian kiểm tra", 1)
    d.table(
        ["STT", "Đơn vị", "Thời gian"],
        [
            [str(n), v.unit_name, f"Từ {_fmt_date(v.start)} đến {_fmt_date(v.end)}"]
            for n, v in enumerate(plan.visits, 1)
        ],
        (1.2, 9.5, 6.0),
        align=("right", None, None),
        size=11,
    )
    if plan.carried_over:
        _body(
            d,
            "Các đơn vị chưa bố trí được lịch trong năm, sẽ kiểm tra khi có điều kiện hoặc chuyển sang kế hoạch năm sau: "
            + ", ".join(v.unit_name for v in plan.carried_over)
            + ".",
        )
    d.notice("Đơn vị được thông báo lịch kiểm tra trước ít nhất 10 ngày làm việc.")
    d.heading("VII", "Thành phần đoàn kiểm tra", 1)
    if plan.team_decision:
        _body(d, f"Đoàn kiểm tra được thành lập theo {plan.team_decision}.")
    if plan.team:
        d.table(
            ["STT", "Họ và tên", "Chức vụ, đơn vị", "Nhiệm vụ"],
            [
                [str(n), m.name, ", ".join(x for x in (m.title, m.organisation) if x), ROLE_VI[m.role]]
                for n, m in enumerate(plan.team, 1)
            ],
            (1.2, 4.5, 7.5, 3.5),
            align=("right", None, None, None),
            size=11,
        )
    else:
        _body(d, "Thành phần đoàn kiểm tra do cấp có thẩm quyền quyết định.")
    d.heading("VIII", "Hồ sơ, tài liệu đơn vị chuẩn bị", 1)
    for n, text in enumerate(outline.unit_pack, 1):
        d.list_item(f"{n}. {text}.", last=n == len(outline.unit_pack))
    d.heading("IX", "Kết quả kiểm tra", 1)
    for n, text in enumerate(outline.outputs, 1):
        d.list_item(f"{n}. {text}.", last=n == len(outline.outputs))
    d.heading("X", "Kinh phí", 1)
    _body(
        d,
        "Kinh phí thực hiện từ nguồn ngân sách nhà nước bố trí cho nhiệm vụ bảo đảm an ninh mạng theo quy định.",
    )
    d.heading("XI", "Tổ chức thực hiện", 1)
    _body(
        d,
        f"{province.specialised_unit.name} chủ trì, phối hợp với các cơ quan liên quan tổ chức thực hiện Kế hoạch; các đơn vị được kiểm tra chuẩn bị hồ sơ, tài liệu và bố trí người làm việc với đoàn kiểm tra.",
    )
    _sign(d, province, [u.unit_name for u in plan.visits + plan.carried_over], as_above=False)
    d.properties(
        title=f"Kế hoạch kiểm tra, đánh giá an ninh mạng năm {plan.year}",
        author=province.specialised_unit.name,
    )
    return d.save(path)


# ------------------------------------------------------------------------------ conclusion


def write_conclusion_docx(c: Conclusion, province: ProvinceFile, path: Path) -> Path:
    from attt_audit.annual.model import MAU08_COLUMNS

    d = _doc(province, "thong_bao", c.issued, c.issued.year)
    d.title(f"Kết luận kiểm tra, đánh giá an ninh mạng hệ thống thông tin tại {c.unit_name}")
    _body(
        d,
        f"Căn cứ Kế hoạch kiểm tra, đánh giá an ninh mạng hệ thống thông tin năm {c.issued.year} và báo cáo năm {c.year} của đơn vị (nhận ngày {_fmt_date(c.report_received)}), {province.specialised_unit.name} thông báo kết luận như sau:",
    )
    d.heading("I", "Thông tin chung về đơn vị", 1)
    _body(
        d,
        f"{c.unit_name} quản lý {len(c.systems)} hệ thống thông tin"
        + (
            "." if c.signed_report else "; báo cáo năm của đơn vị gửi dưới dạng bảng tính không có chữ ký số."
        ),
    )
    d.heading("II", "Kết quả kiểm tra", 1)
    cols = [MAU08_COLUMNS[i] for i in (1, 4, 5, 6, 7, 9, 11)]
    rows = []
    for s in c.systems:
        r = s.mau08_row()
        rows.append([r[i] for i in (1, 4, 5, 6, 7, 9, 11)])
    d.table(cols, rows, (3.6, 1.3, 2.2, 2.8, 2.6, 2.2, 1.8), size=10)
    d.heading("III", "Ưu điểm, tồn tại, hạn chế", 1)
    d.heading("1", "Ưu điểm", 2)
    if c.strengths:
        for n, strength in enumerate(c.strengths, 1):
            d.list_item(f"- {strength}" + ("." if n == len(c.strengths) else ";"), last=n == len(c.strengths))
    else:
        _body(
            d,
            "Chưa có hệ thống đáp ứng đầy đủ các yêu cầu về phê duyệt, triển khai phương án và kiểm tra đúng hạn.",
        )
    d.heading("2", "Tồn tại, hạn chế", 2)
    if c.findings:
        d.table(
            ["STT", "Hệ thống", "Tồn tại", "Căn cứ", "Mức độ"],
            [
                [
                    str(f.number),
                    f.system,
                    f.finding,
                    legal_reference(f.basis),
                    SEVERITY_VI.get(f.severity, f.severity),
                ]
                for f in c.findings
            ],
            (1.2, 3.6, 6.0, 3.9, 2.0),
            align=("right", None, None, None, None),
            size=10,
        )
        d.notice(f"Hành vi vi phạm (nếu có) được xem xét theo {c.penalties_basis}.")
    else:
        _body(d, "Không phát hiện tồn tại, hạn chế.")
    d.heading("IV", "Yêu cầu khắc phục", 1)
    if c.findings:
        d.table(
            ["STT", "Hệ thống", "Yêu cầu", "Đơn vị thực hiện", "Thời hạn"],
            [[str(f.number), f.system, f.fix, f.owner, _fmt_date(f.due)] for f in c.findings],
            (1.2, 3.5, 6.0, 3.5, 2.4),
            align=("right", None, None, None, None),
            size=10,
        )
    d.heading("V", "Thời hạn báo cáo kết quả khắc phục", 1)
    _body(
        d,
        f"Đề nghị {c.unit_name} báo cáo kết quả khắc phục về {province.specialised_unit.name} trước ngày {_fmt_date(c.remediation_report_due)}.",
    )
    _sign(
        d,
        province,
        [c.unit_name, province.province.people_committee or f"Ủy ban nhân dân {province.province.name}"],
        as_above=False,
    )
    d.properties(title=f"Thông báo kết luận kiểm tra {c.unit_name}", author=province.specialised_unit.name)
    return d.save(path)
