"""The per-unit conclusion (``province conclude UNIT``): Thông báo kết luận kiểm tra.

Built from the unit's accepted report: the gaps its own assessment found (each with its clause,
owner and due date), the Mẫu 08 facts that fall short (unapproved, plan not fully implemented,
inspection overdue, no Quy chế — wording and basis in ``checklists/province/province.yaml``),
and the intake notes. Each finding carries a required fix with an owner and a due date; the
unit's remediation report is due a fixed number of days after the notice (data, not code).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel, Field

from attt_audit.annual.model import AnnualReport, SystemRow
from attt_audit.errors import InputError, NotFoundError
from attt_audit.models.province import ProvinceFile
from attt_audit.province.model import UnitReport
from attt_audit.province.workspace import ProvinceWorkspace, province_data


class ConclusionFinding(BaseModel):
    number: int
    system: str
    finding: str
    basis: str
    severity: str
    fix: str
    owner: str
    due: dt.date


class Conclusion(BaseModel):
    schema_version: int = 1
    unit: str
    unit_name: str
    year: int
    issued: dt.date
    remediation_report_due: dt.date
    signed_report: bool
    report_received: dt.date
    systems: list[SystemRow]
    strengths: list[str] = Field(default_factory=list)
    findings: list[ConclusionFinding] = Field(default_factory=list)
    penalties_basis: str = ""


_SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def _latest_year(ws: ProvinceWorkspace, unit: str) -> int:
    folder = ws.accepted / unit
    years = sorted(int(p.name) for p in folder.iterdir() if p.name.isdigit()) if folder.is_dir() else []
    if not years:
        raise NotFoundError(
            f"no accepted report of unit {unit}",
            location=str(folder),
            expected="a unit whose bundle 'province collect' accepted",
        )
    return years[-1]


def build_conclusion(
    ws: ProvinceWorkspace,
    province: ProvinceFile,
    unit_id: str,
    *,
    year: int | None = None,
    issued: dt.date | None = None,
) -> Conclusion:
    unit = province.unit(unit_id)
    if unit is None:
        raise NotFoundError(
            f"no unit {unit_id!r} in province.yaml",
            location=str(ws.province_path),
            expected="a unit id listed under units",
        )
    year = year or _latest_year(ws, unit_id)
    folder = ws.accepted / unit_id / str(year)
    receipt_path = folder / "intake.json"
    if not receipt_path.is_file():
        raise NotFoundError(
            f"no accepted report of unit {unit_id} for {year}",
            location=str(folder),
            expected="a unit and year that 'province collect' accepted",
        )
    receipt = UnitReport.model_validate_json(receipt_path.read_bytes())
    systems = receipt.systems
    if receipt.source == "bundle":
        report_path = folder / "bundle" / receipt.report_file
        try:
            systems = AnnualReport.model_validate_json(report_path.read_bytes()).systems
        except ValueError as exc:
            first = str(exc).splitlines()[0] if str(exc) else "unreadable"
            raise InputError(
                f"the accepted annual report cannot be read in full ({first})",
                location=str(report_path),
                expected="an annual report written by 'attt-audit report annual'",
            ) from None
    outline = province_data().conclusion_outline
    issued = issued or dt.date.today()
    due_days = outline.fix_days_by_severity

    def due(severity: str, given: dt.date | None = None) -> dt.date:
        default = issued + dt.timedelta(days=due_days.get(severity, 90))
        return given if given is not None and given >= issued else default

    raw: list[ConclusionFinding] = []
    std = outline.standard_findings
    strengths: list[str] = []

    def standard(key: str, system_name: str, who: str, expected: dt.date | None = None) -> None:
        """Adds the conclusion outline's standard finding ``key`` for one system."""
        if key not in std:
            return
        f = std[key]
        raw.append(
            ConclusionFinding(
                number=0,
                system=system_name,
                finding=f.text,
                basis=f.basis,
                severity=f.severity,
                fix=f.fix,
                owner=who,
                due=due(f.severity, expected),
            )
        )

    for s in systems:
        owner = s.operator or s.owner or unit.name
        if s.dossier_status != "approved":
            standard("unapproved", s.name, s.owner or unit.name, s.approval_expected)
        if s.dossier_status == "approved" and not (s.quy_che_number or s.quy_che_date):
            standard("quy_che_missing", s.name, s.owner or unit.name)
        if s.plan_status in ("none", "partial"):
            standard("plan_not_full", s.name, owner, s.plan_full_expected)
        if s.inspection_state in ("overdue", "never"):
            standard("inspection_overdue", s.name, owner)
        seen: set[str] = set()
        gaps = [
            (g.title.vi, g.reference, g.severity, g.owner, g.due, g.control)
            for g in s.top_gaps
            if not g.waived
        ]
        gaps += [
            (r.title.vi, r.reference, "medium", r.owner, r.due, r.control)
            for r in s.requirements
            if r.met is False
        ]
        for title, reference, severity, gap_owner, gap_due, control in gaps:
            if control in seen:
                continue
            seen.add(control)
            raw.append(
                ConclusionFinding(
                    number=0,
                    system=s.name,
                    finding=f"Chưa đáp ứng yêu cầu: {title}",
                    basis=reference or "theo kết quả kiểm tra, đánh giá của đơn vị",
                    severity=severity,
                    fix=f"Khắc phục để đáp ứng yêu cầu: {title}",
                    owner=gap_owner or owner,
                    due=due(severity, gap_due),
                )
            )
        if (
            s.dossier_status == "approved"
            and s.plan_status == "full"
            and s.inspection_state in ("on_time", "not_due")
        ):
            strengths.append(
                f"{s.name}: đã phê duyệt cấp độ, triển khai đầy đủ phương án và kiểm tra đúng hạn"
            )
    rules = {r.id: r for r in province_data().intake_rules}
    for w in receipt.warnings:
        rule = rules.get(w.rule)
        raw.append(
            ConclusionFinding(
                number=0,
                system=w.file.split("(dòng ", 1)[-1].split(": ", 1)[-1].rstrip(")")
                if "(dòng " in w.file
                else "Toàn đơn vị",
                finding=w.message[:1].upper() + w.message[1:],
                basis=w.basis,
                severity="medium",
                fix=rule.text if rule else "Điều chỉnh theo quy định",
                owner=unit.name,
                due=due("medium"),
            )
        )
    raw.sort(key=lambda f: (_SEVERITY_ORDER.get(f.severity, 2), f.due, f.system))
    for i, item in enumerate(raw, 1):
        item.number = i
    return Conclusion(
        unit=unit.id,
        unit_name=unit.name,
        year=year,
        issued=issued,
        remediation_report_due=issued + dt.timedelta(days=outline.remediation_report_days),
        signed_report=receipt.signed,
        report_received=receipt.received,
        systems=systems,
        strengths=strengths,
        findings=raw,
        penalties_basis=outline.penalties_basis,
    )


def write_conclusion(
    conclusion: Conclusion, province: ProvinceFile, formats: list[str], out_dir: Path
) -> list[Path]:
    from attt_audit.errors import InputError
    from attt_audit.yamlio import atomic_write_text

    bad = [f for f in formats if f not in ("json", "docx")]
    if bad:
        raise InputError(f"unknown conclusion format {', '.join(bad)}", expected="json, docx")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if "json" in formats:
        path = out_dir / "kết-luận.json"
        data = conclusion.model_dump(mode="json", exclude={"systems": {"__all__": {"requirements"}}})
        atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        written.append(path)
    if "docx" in formats:
        from attt_audit.province.documents import write_conclusion_docx

        written.append(
            write_conclusion_docx(
                conclusion, province, out_dir / f"thông-báo-kết-luận-{conclusion.unit}.docx"
            )
        )
    return written
