"""Report renderers: JSON, HTML, Markdown (Word is in test_render_docx.py).

Results are built in code (``make_result``), including hostile text in answers and reasons.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from attt_audit.errors import InputError, RenderError
from attt_audit.models import (
    AssessmentResult,
    LocalText,
    Observation,
    RemediationItem,
    RequirementResult,
    Score,
    Status,
)
from attt_audit.render import RENDERERS, render_reports
from attt_audit.render.jinja import md_cell

HOSTILE = '<script>alert("x")</script> & | pipe\nnew line [link](http://evil.example)'


def T(vi: str, en: str) -> LocalText:
    return LocalText(vi=vi, en=en)


def make_result(n_extra: int = 0, weights: bool = False) -> AssessmentResult:
    """A level-3 result with every status, a conflict, an advisory, an unverified clause,
    an active and an expired waiver, hostile answer text, and ``n_extra`` more rows."""
    now = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
    obs = Observation(
        check="tls.legacy_protocols_disabled",
        result="fail",
        target="127.0.0.1:443",
        probe="tls",
        detail="TLSv1.0 offered",
        observed_at=now,
    )
    rows = [
        RequirementResult(
            control="tcvn11930.l3.network.firewall",
            level=3,
            framework="tcvn11930",
            group="network",
            kind="technical",
            clause="7.2.1.1",
            refs=["TT12 Phụ lục II"],
            title=T("Có tường lửa phân tách vùng mạng", "A firewall separates the network zones"),
            status=Status.PASS,
            methods=["answer"],
            reason=T("Trả lời Đạt (q1)", "Answered Pass (q1)"),
            evidence=["evidence/so-do-mang.pdf"],
            answers={"q1": {"question": {"vi": "Có tường lửa?", "en": "Firewall?"}, "status": "pass"}},
        ),
        RequirementResult(
            control="tcvn11930.l3.network.tls",
            level=3,
            framework="tcvn11930",
            group="network",
            kind="technical",
            clause="7.2.3.2",
            title=T("Mã hóa kênh truyền bằng TLS an toàn", "Channels are encrypted with safe TLS"),
            status=Status.FAIL,
            methods=["answer", "probe"],
            reason=T("Kiểm tra tự động không đạt", "Probe check failed"),
            conflicts=[
                T(
                    "Trả lời Đạt nhưng tls.legacy_protocols_disabled không đạt trên 127.0.0.1:443",
                    "Answered Pass but tls.legacy_protocols_disabled failed on 127.0.0.1:443",
                )
            ],
            observations=[obs],
            answers={
                "q1": {
                    "question": {"vi": "Dùng TLS 1.2 trở lên?", "en": "TLS 1.2 or later?"},
                    "status": "pass",
                    "note": HOSTILE,
                }
            },
            weight=2.0 if weights else 1.0,
        ),
        RequirementResult(
            control="tcvn11930.l3.mgmt.policy",
            level=3,
            framework="tcvn11930",
            group="policy",
            kind="management",
            clause="7.1.1.1",
            title=T("Ban hành chính sách an toàn thông tin", "A security policy is issued"),
            status=Status.PARTIAL,
            methods=["answer"],
            reason=T("Hostile: " + HOSTILE, "Hostile: " + HOSTILE),
            advisories=[T("Thời gian lưu nhật ký 3 tháng < 6 tháng", "Log retention 3 months < 6 months")],
            text_verified=False,
            confidence="C",
            waiver={
                "id": "w-policy",
                "system": "portal",
                "control": "tcvn11930.l3.mgmt.policy",
                "justification": "Đang sửa đổi quy chế",
                "approver": "Giám đốc Sở",
                "approved_on": "2026-01-10",
                "expires_on": "2026-06-30",
                "state": "expired",
            },
            waived=False,
        ),
        RequirementResult(
            control="tcvn11930.l3.mgmt.training",
            level=3,
            framework="tcvn11930",
            group="policy",
            kind="management",
            clause="7.1.4.2",
            title=T("Đào tạo nhận thức an toàn thông tin", "Security awareness training"),
            status=Status.FAIL,
            methods=["answer", "waiver"],
            reason=T("Chưa tổ chức đào tạo năm 2026", "No training held in 2026"),
            waiver={
                "id": "w-training",
                "system": "portal",
                "control": "tcvn11930.l3.mgmt.training",
                "justification": "Kế hoạch đào tạo quý I/2027",
                "approver": "Giám đốc Sở",
                "approved_on": "2026-10-01",
                "expires_on": "2027-03-31",
                "compensating_control": "Phổ biến tài liệu qua thư điện tử",
                "state": "active",
            },
            waived=True,
        ),
        RequirementResult(
            control="layer4.national-link",
            level=3,
            framework="four-layer-model",
            group="layer-4",
            kind="layer",
            layer=4,
            refs=["ND85 20.1.e"],
            title=T("Kết nối hệ thống giám sát quốc gia", "Linked to the national monitoring system"),
            status=Status.NOT_ASSESSED,
            methods=["inventory"],
            reason=T("Thiếu thông tin monitoring.national_link", "Missing fact monitoring.national_link"),
        ),
        RequirementResult(
            control="tt12.design.dmz",
            level=3,
            framework="tt12-design",
            group="design",
            kind="design",
            title=T("Có vùng DMZ", "Has a DMZ"),
            status=Status.NA,
            methods=["condition"],
            reason=T("Hệ thống không cung cấp dịch vụ ra Internet", "No Internet-facing service"),
        ),
    ]
    for i in range(n_extra):
        rows.append(
            RequirementResult(
                control=f"extra.req-{i:04d}",
                level=3,
                framework="tcvn11930",
                group=f"g{i % 7}",
                kind="technical",
                clause=f"7.{i % 9}.{i % 5}",
                title=T(f"Yêu cầu bổ sung {i}", f"Extra requirement {i}"),
                status=list(Status)[i % 5],
                methods=["answer"],
                reason=T(f"Lý do {i}", f"Reason {i}"),
            )
        )
    groups = sorted({r.group for r in rows})
    scores = [
        Score(scope="overall", passed=1, partial=1, failed=2, not_applicable=1, not_assessed=1, percent=37.5),
        Score(scope="kind:technical", passed=1, failed=1, percent=50.0),
        Score(scope="kind:management", partial=1, failed=1, percent=25.0),
        Score(scope="layer:4", not_assessed=1, percent=None),
    ] + [
        Score(scope=f"group:{g}", passed=1, failed=1, percent=50.0 if g != "layer-4" else None)
        for g in groups
    ]
    return AssessmentResult(
        tool_version="0.1.0",
        generated_at=now,
        assessed_on=dt.date(2026, 11, 3),
        regime="nd85",
        profile="level3",
        level=3,
        organisation={
            "name": "Sở Giao thông vận tải tỉnh Quảng Ninh",
            "governing_body": "Ủy ban nhân dân tỉnh Quảng Ninh",
            "province": "Quảng Ninh",
            "code": "SGTVT",
            "head": "Nguyễn Văn An",
            "security_unit": "Trung tâm Công nghệ thông tin",
        },
        system={
            "id": "portal",
            "name": "Cổng thông tin điện tử Sở <GTVT>",
            "owner": "Sở Giao thông vận tải",
            "operator": "Trung tâm CNTT",
            "approval": {"decision": "123/QĐ-SGTVT", "date": "2025-05-02", "approver": "UBND tỉnh"},
        },
        assessor="Trần Thị Bình",
        catalog={"tcvn11930": "2026.11", "four-layer-model": "2026.11"},
        results=rows,
        scores=scores,
        scores_without_waivers=[
            Score(
                scope="overall", passed=1, partial=1, failed=2, not_applicable=1, not_assessed=1, percent=30.0
            )
        ],
        remediation=[
            RemediationItem(
                control="tcvn11930.l3.network.tls",
                clause="7.2.3.2",
                title=T("Mã hóa kênh truyền bằng TLS an toàn", "Channels are encrypted with safe TLS"),
                status=Status.FAIL,
                priority=1,
                due=dt.date(2026, 12, 31),
                reason=T("Tắt TLS 1.0 | 1.1", "Disable TLS 1.0 | 1.1"),
            ),
            RemediationItem(
                control="tcvn11930.l3.mgmt.policy",
                clause="7.1.1.1",
                title=T("Ban hành chính sách an toàn thông tin", "A security policy is issued"),
                status=Status.PARTIAL,
                priority=2,
                due=dt.date(2027, 3, 31),
            ),
        ],
        classification={
            "regime": "nd85",
            "proposed_level": 3,
            "outcome": "ok",
            "matched": [
                {
                    "id": "nd85-9-2-c",
                    "ref": "9.2.c",
                    "article": "ND85 9.2.c",
                    "level": 3,
                    "label": {
                        "vi": "Cung cấp dịch vụ công trực tuyến mức 3, 4",
                        "en": "Online public services at level 3–4",
                    },
                }
            ],
            "missing": [],
            "declared_level": 2,
            "mismatch": True,
            "authority": {
                "vi": "Sở Thông tin và Truyền thông thẩm định",
                "en": "Appraised by the provincial DIC",
            },
            "authority_ref": "ND85 12",
            "inspection_interval_months": 24,
            "inspection_basis": {"vi": "Cấp độ 3: hằng năm", "en": "Level 3: yearly"},
            "inspection_ref": "ND85 20.2.c",
            "last_inspection": "2025-05-02",
            "inspection_overdue": True,
            "next_inspection_due": "2027-05-02",
            "notes": [{"vi": "Ghi chú phân loại", "en": "Classification note"}],
        },
        notes=[T("Ghi chú của đợt đánh giá", "Note on this assessment")],
        groups={
            "network": T("Bảo đảm an toàn mạng", "Network security"),
            "policy": T("Chính sách an toàn thông tin", "Security policy"),
        },
    )


# ------------------------------------------------------------------------------ HTML parsing


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.in_script = True

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(path: Path) -> _Collect:
    parser = _Collect()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_html_has_one_row_per_requirement_and_escapes_input(tmp_path: Path, lang: str) -> None:
    result = make_result()
    (path,) = render_reports(result, ["html"], lang, tmp_path)
    parsed = parse_html(path)
    rows = [a for t, a in parsed.tags if t == "tr" and "requirement" in (a.get("class") or "").split()]
    assert [a["data-control"] for a in rows] == [r.control for r in result.results]
    assert [a["data-status"] for a in rows] == [r.status.value for r in result.results]
    # The hostile text is shown as text, never as markup: the one script is the inline status
    # filter (no src), the only links are the table of contents' in-page anchors.
    scripts = [a for t, a in parsed.tags if t == "script"]
    assert len(scripts) == 1 and "src" not in scripts[0]
    assert all((a.get("href") or "").startswith("#") for t, a in parsed.tags if t == "a")
    text = "".join(parsed.text)
    assert '<script>alert("x")</script>' in text
    assert "Cổng thông tin điện tử Sở <GTVT>" in text
    raw = path.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in raw


def test_html_is_self_contained(tmp_path: Path) -> None:
    (path,) = render_reports(make_result(), ["html"], "vi", tmp_path)
    parsed = parse_html(path)
    tags = {t for t, _ in parsed.tags}
    assert not tags & {"link", "img", "iframe", "object"}
    for _, attrs in parsed.tags:
        assert "src" not in attrs, attrs
        assert (attrs.get("href") or "#").startswith("#"), attrs  # in-page anchors only
    raw = path.read_text(encoding="utf-8")
    assert "@media print" in raw
    assert raw.count("<svg") == 1
    # one bar per group score
    result = make_result()
    n_groups = sum(1 for s in result.scores if s.scope.startswith("group:"))
    assert raw.count('class="track"') == n_groups


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "vi",
            [
                "THÔNG TIN CHUNG",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Quảng Ninh, ngày 03 tháng 11 năm 2026",
                "Điều 9.2.c NĐ 85/2016",
                "Không đạt",
                "Chưa đánh giá",
                "ĐÃ HẾT HẠN (30/06/2026)",
                "đến hết 31/03/2027",
                "Trần Thị Bình",
                "Câu hỏi do chúng tôi soạn từ tiêu đề điều khoản.",
                "37,5%",
                "Bảo đảm an toàn mạng",
                "Nghị định 85/2016/NĐ-CP",
                "Cấp độ khai báo khác cấp độ đề xuất",
                "Điều 9.2.c NĐ 85/2016 — Cấp độ 3",
                "24 tháng — Cấp độ 3: hằng năm (Điều 20.2.c NĐ 85/2016)",
                "Đã quá hạn kiểm tra",
                "(Điều 12 NĐ 85/2016)",
            ],
        ),
        (
            "en",
            [
                "GENERAL INFORMATION",
                "SOCIALIST REPUBLIC OF VIET NAM",
                "Decree 85/2016 Art. 9.2.c",
                "Fail",
                "Not assessed",
                "EXPIRED (2026-06-30)",
                "until 2027-03-31",
                "Questions written by us from the clause heading.",
                "Questions written by us from the clause heading for 1 requirement(s) noted at each one",
                "37.5%",
                "Network security",
                "Decree 85/2016/ND-CP",
            ],
        ),
    ],
    ids=["vi", "en"],
)
def test_html_content_comes_from_the_result(tmp_path: Path, lang: str, expected: list[str]) -> None:
    (path,) = render_reports(make_result(), ["html"], lang, tmp_path)
    text = " ".join("".join(parse_html(path).text).split())
    for item in expected:
        assert item in text, item


def test_html_weights_shown_only_when_they_differ(tmp_path: Path) -> None:
    (plain,) = render_reports(make_result(), ["html"], "en", tmp_path / "a")
    (weighted,) = render_reports(make_result(weights=True), ["html"], "en", tmp_path / "b")
    assert "Weight:" not in plain.read_text(encoding="utf-8")
    assert "Weight: 2" in weighted.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ Markdown


def _md_table_rows(text: str, header_start: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def _split_cells(row: str) -> list[str]:
    cells, current, escaped = [], "", False
    for ch in row.strip()[1:-1]:
        if ch == "|" and not escaped:
            cells.append(current)
            current = ""
        else:
            current += ch
        escaped = ch == "\\" and not escaped
    cells.append(current)
    return cells


def test_markdown_tables_survive_hostile_text(tmp_path: Path) -> None:
    result = make_result()
    (path,) = render_reports(result, ["md"], "en", tmp_path)
    text = path.read_text(encoding="utf-8")
    rows = _md_table_rows(text, "| No. | Requirement | Clause | Result |")
    assert len(rows) == len(result.results)
    for row in rows:
        assert len(_split_cells(row)) == 6, row
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert "[link](" not in text
    remediation = _md_table_rows(text, "| No. | Requirement | What is missing | Corrective action |")
    assert len(remediation) == len(result.remediation)
    assert all(len(_split_cells(r)) == 8 for r in remediation)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a|b", "a\\|b"),
        ("line1\nline2", "line1<br>line2"),
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("*bold* _it_", "\\*bold\\* \\_it\\_"),
        ("", " "),
        (None, " "),
    ],
    ids=["pipe", "newline", "html", "emphasis", "empty", "none"],
)
def test_md_cell_escaping(value: str | None, expected: str) -> None:
    assert md_cell(value) == expected


# ------------------------------------------------------------------------------ JSON + registry


def test_json_is_canonical_and_round_trips(tmp_path: Path) -> None:
    result = make_result()
    (path,) = render_reports(result, ["json"], "en", tmp_path)
    assert path.name == "result.json"
    again = AssessmentResult.model_validate_json(path.read_text(encoding="utf-8"))
    assert again == result


def test_json_validates_against_the_published_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from attt_audit.resources import data_dir
    from attt_audit.schemas import schema_of

    published = json.loads((data_dir("reports") / "gap" / "result.schema.json").read_text(encoding="utf-8"))
    assert published == json.loads(json.dumps(schema_of("assessment-result"))), (
        "reports/gap/result.schema.json is stale: run python -m attt_audit.render.json_format"
    )
    (path,) = render_reports(make_result(), ["json"], "vi", tmp_path)
    jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), published)


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("vi", ["result.json", "báo-cáo-đánh-giá.html", "báo-cáo-đánh-giá.md", "báo-cáo-đánh-giá.docx"]),
        ("en", ["result.json", "gap-report.html", "gap-report.md", "gap-report.docx"]),
    ],
    ids=["vi", "en"],
)
def test_file_names_per_language_in_nfc(tmp_path: Path, lang: str, names: list[str]) -> None:
    paths = render_reports(make_result(), ["json", "html", "md", "docx"], lang, tmp_path)
    assert [p.name for p in paths] == names
    for p in paths:
        assert unicodedata.is_normalized("NFC", p.name)
        assert p.is_file() and p.stat().st_size > 0


def test_unknown_format_names_the_allowed_ones(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        render_reports(make_result(), ["html", "pdf"], "vi", tmp_path)
    assert "unknown report format 'pdf'" in str(info.value)
    assert "json, html, md, docx" in str(info.value)
    assert list(RENDERERS) == ["json", "html", "md", "docx"]


def test_unknown_language_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown report language 'fr'"):
        render_reports(make_result(), ["html"], "fr", tmp_path)


def test_user_templates_folder_is_used(tmp_path: Path) -> None:
    import shutil

    from attt_audit.resources import data_dir

    copy = tmp_path / "my-reports"
    shutil.copytree(data_dir("reports"), copy)
    page = copy / "gap" / "report.html.j2"
    page.write_text(
        page.read_text(encoding="utf-8").replace("<body>", "<body><p>ĐƠN VỊ TÙY BIẾN</p>"), encoding="utf-8"
    )
    (path,) = render_reports(make_result(), ["html"], "vi", tmp_path / "out", templates=copy)
    assert "ĐƠN VỊ TÙY BIẾN" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("template", "content", "message"),
    [
        ("report.html.j2", "{% for x in %}", "report template does not parse"),
        ("report.md.j2", "{{ no_such_name }}", "report template uses an unknown name"),
    ],
    ids=["syntax", "undefined"],
)
def test_broken_user_template_is_a_render_error(
    tmp_path: Path, template: str, content: str, message: str
) -> None:
    import shutil

    from attt_audit.resources import data_dir

    copy = tmp_path / "broken"
    shutil.copytree(data_dir("reports"), copy)
    (copy / "gap" / template).write_text(content, encoding="utf-8")
    fmt = "html" if template.endswith("html.j2") else "md"
    with pytest.raises(RenderError) as info:
        render_reports(make_result(), [fmt], "vi", tmp_path / "out", templates=copy)
    assert message in str(info.value)
    assert template in str(info.value)


def test_missing_template_names_where_it_looked(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(RenderError) as info:
        render_reports(make_result(), ["md"], "vi", tmp_path / "out", templates=tmp_path / "empty")
    assert "report template report.md.j2 not found" in str(info.value)
    assert str(tmp_path / "empty" / "gap" / "report.md.j2") in str(info.value)


def minimal_result() -> AssessmentResult:
    """Only the required fields: no classification, scores, waivers, remediation or notes."""
    return AssessmentResult(
        tool_version="0.1.0",
        generated_at=dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC),
        assessed_on=dt.date(2026, 1, 5),
        regime="nd331",
        profile="custom",
        level=2,
        organisation={"name": "Trường THPT A"},
        system={"id": "web", "name": "Cổng thông tin"},  # both required in an inventory
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_minimal_result_renders_in_every_format(tmp_path: Path, lang: str) -> None:
    paths = render_reports(minimal_result(), ["json", "html", "md", "docx"], lang, tmp_path)
    html = paths[1].read_text(encoding="utf-8")
    md = paths[2].read_text(encoding="utf-8")
    if lang == "vi":
        # Decree 30 date: day < 10 and months 1–2 padded; unknown place left for the clerk.
        assert "……, ngày 05 tháng 01 năm 2026" in html
        assert "Không có miễn trừ." in md and "Không có hạng mục cần khắc phục." in md
        assert "Luật An ninh mạng 116/2025/QH15" in html
    else:
        assert "No waivers." in md and "Nothing to remediate." in md
    assert "<svg" not in html  # no group scores, no chart


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2026"),
        (dt.date(2026, 2, 28), "Hà Nội, ngày 28 tháng 02 năm 2026"),
        (dt.date(2026, 3, 9), "Hà Nội, ngày 09 tháng 3 năm 2026"),
        (dt.date(2026, 12, 25), "Hà Nội, ngày 25 tháng 12 năm 2026"),
    ],
    ids=["jan", "feb", "march-unpadded", "december"],
)
def test_decree30_date_line(day: dt.date, expected: str) -> None:
    from attt_audit.render.context import decree30_date_line

    assert decree30_date_line("Hà Nội", day, "vi") == expected


def test_layer_rows_that_repeat_a_group_are_shown_once() -> None:
    """Issue 13 §4: the four-layer catalog has one group per layer, so a bare "Lớp 4" row would
    repeat the named group row ("Lớp 4 — …"); a layer row that counts other requirements stays."""
    from attt_audit.render.context import build_view

    result = make_result()
    scopes = [s["scope"] for s in build_view(result, "vi")["scores"]]
    assert "group:layer-4" in scopes and "layer:4" not in scopes
    rows = [
        r.model_copy(update={"layer": 4}) if r.control == "tt12.design.dmz" else r for r in result.results
    ]
    mixed = result.model_copy(update={"results": rows})
    assert "layer:4" in [s["scope"] for s in build_view(mixed, "vi")["scores"]]


def test_passing_probe_checks_are_summed_up_and_the_others_listed() -> None:
    """Issue 13: one line per probe day for the checks that passed; failed, untestable and stale
    ones in full (a requirement probed on many hosts no longer fills a page)."""
    from attt_audit.render import plain

    day = dt.datetime(2026, 11, 18, 3, 0, tzinfo=dt.UTC)

    def obs(check: str, result: str, target: str, stale: bool = False) -> Observation:
        return Observation(
            check=check, result=result, target=target, probe="ports", observed_at=day, stale=stale
        )

    observations = [
        obs("ports.telnet_closed", "pass", "192.0.2.20"),
        obs("ports.telnet_closed", "pass", "192.0.2.21"),
        obs("tls.legacy_protocols_disabled", "pass", "192.0.2.20:443"),
        obs("ports.database_not_exposed", "fail", "192.0.2.21"),
        obs("ports.rdp_closed", "pass", "192.0.2.22", stale=True),
        obs("ports.smb_closed", "not_testable", "192.0.2.23"),
    ]
    summary = plain.observation_summary(observations, "vi")
    assert summary == ["Kiểm tra tự động ngày 18/11/2026: 3/6 kiểm tra đạt trên 192.0.2.20, 192.0.2.21"]
    details = plain.observation_details(observations, "vi")
    assert len(details) == 3 and all("192.0.2.2" in d for d in details)
    assert plain.observation_summary(observations, "en") == [
        "Automatic checks of 2026-11-18: 3 of 6 checks passed on 192.0.2.20, 192.0.2.21"
    ]
