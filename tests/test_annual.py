"""Annual report: computation over two years of runs, Mẫu 08 values and checks, renderers, CLI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from attt_audit.annual import build_annual_report, data_period, find_run, regime_for, write_annual_report
from attt_audit.annual.build import add_months
from attt_audit.annual.model import (
    DOSSIER_STATUS_LABELS,
    INSPECTION_LABELS,
    MAU08_COLUMNS,
    PLAN_STATUS_LABELS,
)
from attt_audit.cli import main
from attt_audit.errors import InputError, NotFoundError
from attt_audit.models import AssessmentResult, RequirementResult, RunSummary, RunSystemEntry, Score, Status
from attt_audit.workspace import Workspace
from attt_audit.yamlio import atomic_write_text

P, PA, F, NA = Status.PASS, Status.PARTIAL, Status.FAIL, Status.NA

INVENTORY = """\
schema_version: 1
organisation:
  name: Sở Giao thông vận tải tỉnh Bình An
  governing_body: Ủy ban nhân dân tỉnh Bình An
  province: Bình An
  security_unit: Văn phòng Sở
  head: Nguyễn Văn Minh
systems:
  - id: portal
    name: Cổng thông tin điện tử
    owner: Sở Giao thông vận tải tỉnh Bình An
    operator: Văn phòng Sở
    declared_level: 2
    approval: {decision: 512/QĐ-SGTVT, date: 2023-05-18, approver: Chánh Văn phòng Sở, level: 2}
    quy_che_date: 2023-04-10
    plan_implemented_date: 2023-07-31
    last_inspection: {date: 2026-03-20, by: Văn phòng Sở}
  - id: dvc
    name: Cổng dịch vụ công trực tuyến
    operator: Trung tâm Dữ liệu
    declared_level: 3
    approval: {decision: 77/QĐ-SGTVT, date: 2024-02-01, approver: Giám đốc Sở, level: 3}
    go_live_date: 2020-01-01
    last_inspection: {date: 2024-06-01, by: Công ty kiểm định}
  - id: qlvb
    name: Hệ thống quản lý văn bản
    declared_level: 2
  - id: camera
    name: Hệ thống camera giám sát giao thông
    declared_level: 3
"""

ANNUAL = """\
report:
  number: 125/SGTVT-VP
  place: Bình An
  date: 2026-12-18
  recipients: ["Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05) - Bộ Công an"]
  copies: [UBND tỉnh Bình An, Công an tỉnh Bình An]
  archive: VT, VP
  signer: {authority: KT. GIÁM ĐỐC, title: PHÓ GIÁM ĐỐC, name: Lê Thị Hoa}
owner:
  name: Sở Giao thông vận tải tỉnh Bình An
  mandate: Quyết định số 10/2021/QĐ-UBND ngày 01/03/2021
  head_name: Nguyễn Văn Minh
  head_title: Giám đốc
  phone: "0239 3 000 000"
  email: sgtvt@binhan.example
systems:
  portal:
    quy_che: {number: 45/QĐ-SGTVT, date: 2023-04-10, issuer: Giám đốc Sở}
    quy_che_followed: true
    inspections: [{date: 2026-03-20, kind: periodic, by: Văn phòng Sở}]
  dvc:
    plan_status: partial
    plan_full_expected: 2027-06-30
    inspections: [{date: 2020-01-01, kind: pre_operation}]
  qlvb:
    dossier_status: appraised
    approval_expected: 2027-03-31
    plan_status: none
    plan_full_expected: 2027-09-30
  camera:
    dossier_status: drafting
    plan_status: none
    anqg_grounds: "Đ16: kết nối hệ thống điều khiển giao thông của tỉnh (đang rà soát)"
requests:
  - Đề nghị hướng dẫn biểu mẫu tự đánh giá theo Điều 31.2.c.
"""


def req(
    control: str, status: Status, layer: int | None = None, severity: str = "medium"
) -> RequirementResult:
    return RequirementResult(
        control=control,
        level=3,
        framework="four-layer-model",
        group="g",
        kind="layer" if layer else "management",
        layer=layer,
        refs=["ND85 20.1.b"],
        title={"vi": f"Yêu cầu {control}", "en": f"Requirement {control}"},
        status=status,
        severity=severity,
    )


def result(
    system: str, reqs: list[RequirementResult], on: dt.date, percent: float | None
) -> AssessmentResult:
    return AssessmentResult(
        tool_version="0",
        generated_at=dt.datetime(on.year, on.month, on.day, tzinfo=dt.UTC),
        assessed_on=on,
        regime="nd85",
        profile="level3",
        level=3,
        organisation={"name": "Sở Giao thông vận tải tỉnh Bình An"},
        system={"id": system, "name": system},
        catalog={"four-layer-model": "1"},
        results=reqs,
        scores=[Score(scope="overall", percent=percent)],
    )


def write_run(folder: Path, results: list[AssessmentResult]) -> Path:
    entries = []
    for r in results:
        sid = r.system.id
        atomic_write_text(folder / sid / "result.json", r.model_dump_json())
        entries.append(RunSystemEntry(system=sid, name=sid, level=r.level, result=f"{sid}/result.json"))
    summary = RunSummary(
        run_id=folder.name,
        generated_at=results[0].generated_at,
        assessed_on=results[0].assessed_on,
        profile="level3",
        level=3,
        regime="nd85",
        lang="vi",
        tool_version="0",
        systems=entries,
    )
    atomic_write_text(folder / "run.json", summary.model_dump_json())
    return folder


def layer_reqs(s1: Status, s2: Status, s3: Status, s4: Status) -> list[RequirementResult]:
    return [req("l1", s1, 1), req("l2", s2, 2), req("l3", s3, 3), req("l4", s4, 4)]


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "inventory.yaml").write_text(INVENTORY, encoding="utf-8")
    (root / "annual.yaml").write_text(ANNUAL, encoding="utf-8")
    old, new = dt.date(2025, 11, 20), dt.date(2026, 11, 20)
    write_run(
        root / "runs" / "2025-11-20-level3",
        [
            result("portal", [*layer_reqs(P, F, F, F), req("m1", F, severity="high")], old, 25.0),
            result("dvc", [*layer_reqs(P, P, P, P), req("m1", P)], old, 100.0),
        ],
    )
    write_run(
        root / "runs" / "2026-11-20-level3",
        [
            result("portal", [*layer_reqs(P, P, PA, F), req("m1", P, severity="high")], new, 62.5),
            result("dvc", [*layer_reqs(P, P, P, F), req("m1", F, severity="critical")], new, 60.0),
            result("qlvb", [*layer_reqs(P, NA, P, P)], new, 100.0),
        ],
    )
    return Workspace(root)


# --------------------------------------------------------------------------- dates, regime


@pytest.mark.parametrize(
    ("year", "start", "end", "regime"),
    [
        (2025, dt.date(2024, 12, 15), dt.date(2025, 12, 14), "nd85"),
        (2026, dt.date(2025, 12, 15), dt.date(2026, 12, 14), "nd331"),
    ],
    ids=["2025-nd85", "2026-nd331"],
)
def test_data_period_and_regime(year: int, start: dt.date, end: dt.date, regime: str) -> None:
    assert data_period(year) == (start, end)
    assert regime_for(end) == regime


def test_add_months_clamps_month_end() -> None:
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)


def test_find_run_picks_latest_in_period(ws: Workspace) -> None:
    assert find_run(ws, *data_period(2026)).name == "2026-11-20-level3"  # type: ignore[union-attr]
    assert find_run(ws, *data_period(2025)).name == "2025-11-20-level3"  # type: ignore[union-attr]
    assert find_run(ws, *data_period(2024)) is None


# ----------------------------------------------------------------------------- computation


@pytest.fixture
def report(ws: Workspace):  # type: ignore[no-untyped-def]
    return build_annual_report(ws, 2026)


def test_report_rows_and_mau08_values(report) -> None:  # type: ignore[no-untyped-def]
    assert report.regime == "nd331"
    assert report.run_id == "2026-11-20-level3" and report.previous_run_id == "2025-11-20-level3"
    assert report.unit_deadline == dt.date(2026, 12, 20) and report.owner_deadline == dt.date(2026, 12, 25)
    rows = {r.id: r for r in report.systems}
    assert list(rows) == ["portal", "dvc", "qlvb", "camera"]
    portal = rows["portal"].mau08_row()
    assert portal == [
        "1",
        "Cổng thông tin điện tử",
        "Sở Giao thông vận tải tỉnh Bình An",
        "Văn phòng Sở",
        "2",
        "Đã được phê duyệt",
        "512/QĐ-SGTVT, ngày 18/05/2023, Chánh Văn phòng Sở",
        "45/QĐ-SGTVT, ngày 10/04/2023, Giám đốc Sở",
        "",
        "Đã triển khai đầy đủ",
        "",
        "Định kỳ",
    ]
    dvc = rows["dvc"]
    assert dvc.col10() == "Đã triển khai một số hạng mục" and dvc.col11() == "30/06/2027"
    assert (
        dvc.col12() == "" and dvc.owner == "Sở Giao thông vận tải tỉnh Bình An"
    )  # pre-operation check was in 2020
    assert rows["qlvb"].col6() == "Đã thẩm định" and rows["qlvb"].col9() == "31/03/2027"
    assert rows["camera"].col6() == "Đang dự thảo" and rows["camera"].col10() == "Chưa triển khai"
    every_value = {cell for r in report.systems for cell in r.mau08_row()[5:12:2] if cell}
    allowed = set(DOSSIER_STATUS_LABELS.values()) | set(PLAN_STATUS_LABELS.values()) | {""}
    assert {r.col6() for r in report.systems} | {r.col10() for r in report.systems} <= allowed
    assert every_value  # columns 6, 8, 10, 12 carry values
    assert {r.col12() for r in report.systems} <= {"", *INSPECTION_LABELS.values()}


def test_totals_and_headline_figures(report) -> None:  # type: ignore[no-untyped-def]
    t = report.totals
    assert (t.total, t.classified, t.dossier_built, t.appraised, t.approved, t.approved_inspected) == (
        4,
        4,
        3,
        3,
        2,
        1,
    )
    assert not t.all_approved and t.expected_all_approved is None  # camera has no expected date
    k = report.kpis
    assert (k.approved, k.plan_full, k.inspected_on_time) == (2, 1, 1)
    assert k.approved_pct == 50.0 and k.plan_full_pct == 25.0 and k.inspected_pct == 25.0


def test_inspection_due_and_overdue(report) -> None:  # type: ignore[no-untyped-def]
    rows = {r.id: r for r in report.systems}
    assert (
        rows["portal"].next_inspection_due == dt.date(2028, 3, 20)
        and rows["portal"].inspection_state == "on_time"
    )
    assert (
        rows["dvc"].next_inspection_due == dt.date(2025, 6, 1) and rows["dvc"].inspection_state == "overdue"
    )
    assert rows["qlvb"].inspection_state == "unknown" and "go_live_date" in rows["qlvb"].missing
    assert "[INF]" in rows["dvc"].interval_basis.vi  # ND 331 sets no interval: the reference is marked


def test_layers_score_gaps_and_year_change(report) -> None:  # type: ignore[no-untyped-def]
    rows = {r.id: r for r in report.systems}
    portal = rows["portal"]
    assert portal.layers == {1: "pass", 2: "pass", 3: "partial", 4: "fail"}
    assert rows["qlvb"].layers[2] == "none"
    assert portal.score == 62.5
    assert portal.change is not None and portal.change.delta == 37.5
    assert portal.change.counts["fixed"] == 2 and portal.change.counts["improved"] == 1
    dvc = rows["dvc"]
    assert dvc.change is not None and dvc.change.counts["newly_failing"] == 2
    assert [g.control for g in dvc.top_gaps] == ["m1", "l4"]  # critical before medium
    assert rows["qlvb"].change is None  # not in last year's run
    assert rows["camera"].score is None and "assessment result in this year's run" in rows["camera"].missing


def test_consistency_checks(report) -> None:  # type: ignore[no-untyped-def]
    checks = {c.id: c for c in report.checks}
    assert checks["rows_equal_total"].ok and checks["approved_rows_equal_total"].ok
    assert checks["periodic_rows_equal_total"].ok
    assert checks["approved_has_decision"].ok
    assert not checks["approved_has_quy_che"].ok and checks["approved_has_quy_che"].systems == ["dvc"]
    assert checks["unapproved_has_expected_date"].systems == ["camera"]
    assert checks["partial_plan_has_expected_date"].systems == ["camera"]
    assert checks["inspection_overdue"].systems == ["dvc"]
    assert not report.checks_ok


def test_approved_status_without_decision_fails_check(ws: Workspace) -> None:
    text = ANNUAL.replace("    dossier_status: drafting\n", "    dossier_status: approved\n")
    (ws.root / "annual.yaml").write_text(text, encoding="utf-8")
    report = build_annual_report(ws, 2026)
    checks = {c.id: c for c in report.checks}
    assert checks["approved_has_decision"].systems == ["camera"]


def test_status_contradicting_inventory_approval_fails_check(ws: Workspace) -> None:
    text = ANNUAL.replace("  dvc:\n", "  dvc:\n    dossier_status: submitted\n")
    (ws.root / "annual.yaml").write_text(text, encoding="utf-8")
    checks = {c.id: c for c in build_annual_report(ws, 2026).checks}
    assert checks["unapproved_without_decision"].systems == ["dvc"]
    assert checks["approved_rows_equal_total"].ok  # the totals follow the rows


def test_old_regime_year_without_previous_run(ws: Workspace) -> None:
    report = build_annual_report(ws, 2025)
    assert report.regime == "nd85" and report.previous_run_id is None
    assert "Thông tư số 12/2022/TT-BTTTT" in report.legal_basis.vi
    assert any("Không có kết quả đánh giá của kỳ trước" in n.vi for n in report.notes)
    rows = {r.id: r for r in report.systems}
    # portal's 2026 inspection lies after this period: the 2025 report does not see it
    assert rows["portal"].last_inspection is None
    assert rows["dvc"].interval_months == 12 and rows["dvc"].interval_basis is not None
    assert "[INF]" not in rows["dvc"].interval_basis.vi  # ND 85 sets the interval itself


@pytest.mark.parametrize(
    ("mutate", "error", "message"),
    [
        (
            lambda root: shutil.rmtree(root / "runs" / "2026-11-20-level3"),
            NotFoundError,
            "no run assessed between 15/12/2025 and 14/12/2026",
        ),
        (
            lambda root: (root / "annual.yaml").write_text("systems:\n  nope: {}\n", encoding="utf-8"),
            InputError,
            "annual.yaml names systems that are not in the inventory: nope",
        ),
        (
            lambda root: (root / "annual.yaml").write_text(
                "systems:\n  portal: {plan_status: done}\n", encoding="utf-8"
            ),
            InputError,
            "annual.yaml:2",
        ),
    ],
    ids=["no-run-in-period", "unknown-system", "bad-plan-status"],
)
def test_input_errors(ws: Workspace, mutate, error: type[Exception], message: str) -> None:  # type: ignore[no-untyped-def]
    mutate(ws.root)
    with pytest.raises(error, match=message):
        build_annual_report(ws, 2026)


# ------------------------------------------------------------------------------- renderers


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_render_all_formats(report, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    written = write_annual_report(report, ["docx", "html", "xlsx", "json"], lang, tmp_path)
    assert [p.suffix for p in written] == [".docx", ".html", ".xlsx", ".json"]
    stem = "báo-cáo-năm-2026" if lang == "vi" else "annual-report-2026"
    assert all(p.stem == stem for p in written)
    data = json.loads(written[3].read_text(encoding="utf-8"))
    assert data["totals"]["approved"] == 2 and len(data["systems"]) == 4
    html = written[1].read_text(encoding="utf-8")
    if lang == "vi":
        assert "Đã triển khai một số hạng mục" in html and "(12) Đã kiểm tra, đánh giá ANM" in html
    else:  # the English report translates the form's headers and values (issue 13 §6)
        assert "Partly implemented" in html and "(12) Inspection done" in html
        assert "Đã triển khai" not in html


def test_docx_is_mau08_cong_van_per_nd30(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    path = write_annual_report(report, ["docx"], "vi", tmp_path)[0]
    doc = Document(str(path))
    first = doc.sections[0]
    assert round(first.page_width.cm, 1) == 21.0 and round(first.left_margin.cm, 1) == 3.0
    assert round(first.right_margin.cm, 1) == 1.5 and first.different_first_page_header_footer
    assert any(round(s.page_width.cm, 1) == 29.7 for s in doc.sections)  # the 12-column table, landscape
    header = doc.tables[0]
    assert header.cell(0, 1).paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header.cell(1, 0).paragraphs[0].text == "Số: 125/SGTVT-VP"
    assert "V/v kết quả công tác bảo đảm an ninh mạng hệ thống thông tin" in header.cell(1, 0).text
    assert header.cell(1, 1).paragraphs[0].text == "Bình An, ngày 18 tháng 12 năm 2026"
    assert "BÁO CÁO" not in [p.text for p in doc.paragraphs]  # a công văn has no title
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("Kính gửi: Cục An ninh mạng") for t in texts)
    assert any("Tỷ lệ hệ thống có hồ sơ cấp độ được phê duyệt: 50,0% (2/4)" in t for t in texts)
    mau08 = next(t for t in doc.tables if len(t.columns) == 12)
    assert [c.text for c in mau08.rows[0].cells] == [f"{n}\n({i})" for i, n in enumerate(MAU08_COLUMNS, 1)]
    assert len(mau08.rows) == 1 + 4
    assert "Phụ lục IV" in texts and "Nơi nhận:" in docx_text(path)
    assert "KT. GIÁM ĐỐC" in docx_text(path) and "Lê Thị Hoa" in docx_text(path)


def test_docx_old_regime_is_bao_cao(ws: Workspace, tmp_path: Path) -> None:
    from docx import Document

    path = write_annual_report(build_annual_report(ws, 2025), ["docx"], "vi", tmp_path)[0]
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert "BÁO CÁO" in texts
    assert "Kết quả bảo đảm an toàn hệ thống thông tin theo cấp độ năm 2025" in texts


def test_xlsx_one_row_per_system_with_validation(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    path = write_annual_report(report, ["xlsx"], "vi", tmp_path)[0]
    wb = load_workbook(path)
    ws = wb["Hệ thống"]
    assert ws.max_row == 1 + 4
    assert ws.cell(1, 6).value == "(6) Tình trạng phê duyệt cấp độ"
    assert [ws.cell(r, 6).value for r in range(2, 6)] == [
        "Đã được phê duyệt",
        "Đã được phê duyệt",
        "Đã thẩm định",
        "Đang dự thảo",
    ]
    assert ws.cell(2, 5).value == 2  # level as a number
    formulas = sorted(dv.formula1 for dv in ws.data_validations.dataValidation)
    assert '"Chưa triển khai,Đã triển khai một số hạng mục,Đã triển khai đầy đủ"' in formulas
    summary = wb["Tổng hợp"]
    values = [row[0] for row in summary.iter_rows(values_only=True)]
    assert "Số hệ thống đã được phê duyệt" in values
    assert wb["Yêu cầu"].max_row > 4


def test_docx_opens_in_libreoffice(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    path = write_annual_report(report, ["docx"], "vi", tmp_path)[0]
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert (tmp_path / f"{path.stem}.pdf").stat().st_size > 10_000


# ------------------------------------------------------------------------------------ CLI


def test_cli_report_annual(ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(
        ["report", "annual", "--year", "2026", "-w", str(ws.root), "--format", "docx,xlsx", "--out", str(out)]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert "Báo cáo năm 2026 (nd331): 4 hệ thống" in captured.out
    assert "Dòng đã phê duyệt thiếu Quy chế" in captured.err
    assert sorted(p.name for p in out.iterdir()) == ["báo-cáo-năm-2026.docx", "báo-cáo-năm-2026.xlsx"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "--format 'pdf' is not a list of formats"),
        (["--regime", "nd99"], "--regime 'nd99' is not a regime"),
    ],
    ids=["bad-format", "bad-regime"],
)
def test_cli_report_annual_usage_errors(
    ws: Workspace, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["report", "annual", "--year", "2026", "-w", str(ws.root), *args]) == 2
    assert message in capsys.readouterr().err


# ------------------------------------------------------------------ example workspace, end to end

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "so-gtvt"


def test_example_workspace_two_years_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two runs a year apart, the annual report with the year-on-year change, diff, a signed bundle."""
    if not (EXAMPLE / "inventory.yaml").is_file():
        pytest.skip("examples/so-gtvt is not in this checkout")
    from docx import Document
    from openpyxl import load_workbook

    ws = tmp_path / "so-gtvt"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("runs", "reports"))
    pf = tmp_path / "pass.txt"
    pf.write_text("mật khẩu ví dụ\n", encoding="utf-8")
    key = tmp_path / "ky-so"
    assert main(["keys", "generate", str(key), "--passphrase-file", str(pf)]) == 0
    for day in ("2025-11-20", "2026-11-20"):
        args = ["run", "--profile", "level3", "-w", str(ws), "--date", day, "--format", "json,html"]
        if day.startswith("2026"):
            args += ["--sign", f"{key}.key.pem", "--passphrase-file", str(pf)]
        assert main(args) in (0, 1)
    old, new = ws / "runs" / "2025-11-20-level3", ws / "runs" / "2026-11-20-level3"
    capsys.readouterr()

    assert main(["report", "annual", "--year", "2026", "-w", str(ws), "--format", "docx,xlsx,json"]) == 0
    out = ws / "reports" / "annual-2026"
    data = json.loads((out / "báo-cáo-năm-2026.json").read_text(encoding="utf-8"))
    assert data["regime"] == "nd331" and data["previous_run_id"] == "2025-11-20-level3"
    assert len(data["systems"]) == 5 and all(s["change"] is not None for s in data["systems"])
    sheet = load_workbook(out / "báo-cáo-năm-2026.xlsx")["Hệ thống"]
    assert sheet.max_row == 6
    texts = "\n".join(p.text for p in Document(str(out / "báo-cáo-năm-2026.docx")).paragraphs)
    assert "Phụ lục IV" in texts and "Tỷ lệ hệ thống có hồ sơ cấp độ được phê duyệt" in texts

    capsys.readouterr()
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    diff = json.loads(capsys.readouterr().out)
    assert {s["system"] for s in diff["systems"]} == {s["id"] for s in data["systems"]}

    pub = f"{key}.pub.pem"
    assert main(["verify", str(new), "--key", pub]) == 0
    target = new / "run.json"
    raw = bytearray(target.read_bytes())
    raw[10] ^= 0x20
    target.write_bytes(bytes(raw))
    capsys.readouterr()
    assert main(["--lang", "en", "verify", str(new), "--key", pub]) == 1
    assert "CHANGED: run.json" in capsys.readouterr().out


def test_bundled_annual_example_file_is_valid() -> None:
    from attt_audit.models.annual import AnnualFile
    from attt_audit.resources import data_dir
    from attt_audit.yamlio import load_model

    facts = load_model(AnnualFile, data_dir("reports") / "annual" / "annual.example.yaml")
    assert facts.systems["camera-gt"].plan_status == "partial"
    assert facts.report.signer is not None and facts.report.signer.authority == "KT. GIÁM ĐỐC"
