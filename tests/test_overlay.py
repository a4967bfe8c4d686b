"""An organisation's overlay (``<workspace>/overlay/*.yaml``) adds its own questions, evidence and
text to controls by id, through the real CLI, without touching the bundled catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from attt_audit.catalog import load_catalog
from attt_audit.cli import main

OVERLAY = """\
overlay: {vi: "Bổ sung của Sở Giao thông vận tải", en: "Additions by the Department of Transport"}
controls:
  - id: srv.auth
    note: {vi: "Quy chế của Sở: mật khẩu tối thiểu 12 ký tự", en: "Our Quy chế: passwords of at least 12 characters"}
    levels:
      3:
        summary: {vi: "Áp dụng cho mọi máy chủ trong phòng máy của Sở", en: "Applies to every server in our server room"}
        questions:
          - id: org-q1
            vi: "Máy chủ có dùng xác thực tập trung qua dịch vụ thư mục của Sở không?"
            en: "Do servers authenticate through our central directory service?"
        evidence:
          - {vi: "Ảnh chụp cấu hình tham gia miền", en: "Screenshot of the domain-join settings"}
  - id: design.waf
    levels:
      3:
        questions:
          - {id: org-waf, vi: "WAF có chặn truy cập từ nước ngoài vào trang quản trị không?", en: "Does the WAF block foreign access to the admin pages?"}
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def workspace(tmp_path: Path, text: str, name: str = "so-gtvt.yaml") -> Path:
    (tmp_path / "overlay").mkdir(exist_ok=True)
    (tmp_path / "overlay" / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_overlay_questions_evidence_and_summary_show_in_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = workspace(tmp_path, OVERLAY)
    code, out, err = run(capsys, "catalog", "show", "srv.auth", "--workspace", str(ws))
    assert code == 0, err
    # (catalog show prints "[id] text" through rich markup, which swallows the "[id]": compare the text)
    assert "Máy chủ có dùng xác thực tập trung qua dịch vụ thư mục của Sở không?" in out
    assert "Ảnh chụp cấu hình tham gia miền" in out
    assert "Áp dụng cho mọi máy chủ trong phòng máy của Sở" in out
    assert "Máy chủ có áp dụng chính sách xác thực" in out, "the catalog's own questions stay"
    # Only level 3 was extended.
    level4 = out.split("Cấp độ 4", 1)[1]
    assert "dịch vụ thư mục của Sở" not in level4


def test_overlay_merges_by_id_without_forking_the_catalog(tmp_path: Path) -> None:
    ws = workspace(tmp_path, OVERLAY)
    bundled = load_catalog()
    merged = load_catalog(overlay=ws / "overlay")
    base = bundled.controls["srv.auth"].levels[3]
    extended = merged.controls["srv.auth"].levels[3]
    assert [q.id for q in extended.questions] == [q.id for q in base.questions] + ["org-q1"]
    assert extended.evidence[: len(base.evidence)] == base.evidence
    assert extended.params == base.params and extended.clause == base.clause == "7.2.2.1"
    assert merged.controls["srv.auth"].note is not None
    assert merged.controls["srv.auth"].note.en == "Our Quy chế: passwords of at least 12 characters"
    assert [q.id for q in merged.controls["design.waf"].levels[3].questions][-1] == "org-waf"
    assert merged.controls["design.waf"].levels[2] == bundled.controls["design.waf"].levels[2]
    # The bundled catalog, loaded again, is untouched.
    assert load_catalog().controls["srv.auth"] == bundled.controls["srv.auth"]


def test_overlay_passes_lint_and_profiles_still_resolve(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = workspace(tmp_path, OVERLAY)
    code, out, err = run(capsys, "catalog", "lint", "--workspace", str(ws))
    assert code == 0, err
    assert out.startswith("catalog ok:")
    code, out, err = run(capsys, "--lang", "en", "profile", "show", "level3", "--workspace", str(ws))
    assert code == 0, err
    assert "srv.auth" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "overlay: {vi: 'Bổ sung', en: 'Additions'}\ncontrols:\n  - id: srv.auth\n    levels:\n      3:\n"
            "        questions:\n          - {id: q2, vi: 'Câu hỏi?', en: 'Question?'}\n",
            ":7:18: question id 'q2' already exists in srv.auth level 3; expected a new question id (for example org-q1)",
        ),
        (
            "overlay: {vi: 'Bổ sung', en: 'Additions'}\ncontrols:\n  - id: srv.auth\n    levels:\n      3:\n"
            "        questions:\n          - {id: org-1, vi: 'Câu hỏi?', en: 'Question?'}\n"
            "          - {id: org-1, vi: 'Câu khác?', en: 'Another?'}\n",
            ":8:18: question id 'org-1' already exists in srv.auth level 3",
        ),
        (
            "overlay: {vi: 'Bổ sung', en: 'Additions'}\ncontrols:\n  - id: app.communication\n    levels:\n      2:\n"
            "        questions: []\n",
            ":6:9: control 'app.communication' has no level 2; expected one of levels [3, 4, 5]",
        ),
        (
            "overlay: {vi: 'Bổ sung', en: 'Additions'}\ncontrols:\n  - id: srv.nope\n",
            ":3:9: overlay names control 'srv.nope', which is not in the catalog",
        ),
        (
            "controls:\n  - id: srv.auth\n",
            "overlay",
        ),
    ],
    ids=["existing-question-id", "same-new-id-twice", "level-not-in-control", "unknown-control", "no-header"],
)
def test_overlay_errors_point_at_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    ws = workspace(tmp_path, text, name="bad.yaml")
    code, out, err = run(capsys, "--lang", "en", "catalog", "lint", "--workspace", str(ws))
    assert code == 2
    assert out == ""
    assert f"{ws / 'overlay' / 'bad.yaml'}" in err
    assert message in " ".join(err.split())
    assert "Traceback" not in err


def test_overlay_question_naming_a_missing_parameter_fails_lint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "overlay: {vi: 'Bổ sung', en: 'Additions'}\ncontrols:\n  - id: srv.auth\n    levels:\n      3:\n"
        "        questions:\n          - {id: org-len, vi: 'Độ dài?', en: 'Length?', answer_type: number, param: no_such}\n"
    )
    ws = workspace(tmp_path, text)
    code, _, err = run(capsys, "catalog", "lint", "--workspace", str(ws))
    assert code == 2
    assert "srv.auth level 3 question org-len names missing parameter 'no_such'" in " ".join(err.split())
