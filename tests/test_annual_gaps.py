"""Annual report gaps of the fidelity review (issue 12 §5): the operator block (TT12 14.1,
ND331 36.1), the regime's own wording, item 9's source, the level from attt_audit.levels, and a
classification problem that is reported instead of swallowed."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from test_annual import ANNUAL, INVENTORY, F, P, layer_reqs, req, result, write_run  # noqa: F401

from attt_audit.annual import build_annual_report, write_annual_report
from attt_audit.errors import InputError
from attt_audit.regime import regime
from attt_audit.workspace import Workspace

OPERATORS = """\
operators:
  - name: Trung tâm Dữ liệu
    mandate: Quyết định số 88/QĐ-UBND ngày 02/02/2022
    head_name: Trần Văn Bình
    head_title: Giám đốc Trung tâm
    address: Số 2 đường Lê Lợi, tỉnh Bình An
    phone: "0239 3 111 111"
"""


def make_ws(tmp_path: Path, inventory: str = INVENTORY, annual: str = ANNUAL + OPERATORS) -> Workspace:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "inventory.yaml").write_text(inventory, encoding="utf-8")
    (root / "annual.yaml").write_text(annual, encoding="utf-8")
    for on in (dt.date(2025, 11, 20), dt.date(2026, 11, 20)):
        write_run(
            root / "runs" / f"{on.isoformat()}-level3",
            [
                result("portal", [*layer_reqs(P, P, P, F), req("m1", P), req("m2", F)], on, 60.0),
                result("dvc", [*layer_reqs(P, P, P, P), req("m1", P)], on, 100.0),
            ],
        )
    return Workspace(root)


def units(report) -> dict[tuple[str, str], object]:  # type: ignore[no-untyped-def]
    return {(u.role, u.name): u for u in report.units}


# ------------------------------------------------------------------------------ operator block


def test_operator_blocks_from_annual_yaml_and_gaps_for_the_rest(tmp_path: Path) -> None:
    report = build_annual_report(make_ws(tmp_path), 2026)
    blocks = units(report)
    given = blocks[("operator", "Trung tâm Dữ liệu")]
    assert given.mandate == "Quyết định số 88/QĐ-UBND ngày 02/02/2022"  # type: ignore[attr-defined]
    assert given.head_name == "Trần Văn Bình" and given.phone == "0239 3 111 111"  # type: ignore[attr-defined]
    bare = blocks[("operator", "Văn phòng Sở")]  # named by the inventory, nothing else given
    assert (bare.mandate, bare.head_name, bare.address, bare.phone, bare.email) == (None,) * 5  # type: ignore[attr-defined]
    assert [u.role for u in report.units] == ["owner", "specialised_unit", "operator", "operator"]


def test_operator_block_from_the_dossier_contact(tmp_path: Path) -> None:
    inventory = INVENTORY.replace(
        "    operator: Trung tâm Dữ liệu\n",
        "    operator: Trung tâm Dữ liệu\n"
        "    dossier:\n"
        "      operator_contact: {mandate: QĐ 5/QĐ-SGTVT, representative: Phạm Huy, address: Số 5 Trần Phú}\n",
    )
    report = build_annual_report(make_ws(tmp_path, inventory, ANNUAL), 2026)
    block = units(report)[("operator", "Trung tâm Dữ liệu")]
    assert (block.mandate, block.head_name, block.address, block.phone) == (  # type: ignore[attr-defined]
        "QĐ 5/QĐ-SGTVT",
        "Phạm Huy",
        "Số 5 Trần Phú",
        None,
    )


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize(
    ("year", "word", "other"),
    [(2025, "an toàn thông tin", "an ninh mạng"), (2026, "an ninh mạng", "an toàn thông tin")],
)
def test_word_and_html_show_operators_and_the_regime_wording(
    tmp_path: Path, year: int, word: str, other: str
) -> None:
    report = build_annual_report(make_ws(tmp_path), year)
    assert report.security_term == regime(report.regime).wording["security"]
    paths = write_annual_report(report, ["docx", "html"], "vi", tmp_path / "out")
    docx = next(p for p in paths if p.suffix == ".docx")
    html = next(p for p in paths if p.suffix == ".html").read_text(encoding="utf-8")
    for text in (docx_text(docx), html):
        assert "Đơn vị vận hành hệ thống thông tin" in text
        assert "Trần Văn Bình" in text
        assert f"Đơn vị chuyên trách về {word}" in text
        assert f"Đơn vị chuyên trách về {other}" not in text


# ----------------------------------------------------------------------------- item 9 source


def test_item_9_from_the_catalog_says_so(tmp_path: Path) -> None:
    report = build_annual_report(make_ws(tmp_path), 2026)
    portal = next(s for s in report.systems if s.id == "portal")
    assert portal.requirements_source == "catalog"
    assert {line.control for line in portal.requirements} == {"l1", "l2", "l3", "l4", "m1", "m2"}
    docx = next(p for p in write_annual_report(report, ["docx"], "vi", tmp_path / "o") if p.suffix == ".docx")
    assert "danh sách lấy theo bộ yêu cầu của cấp độ trong công cụ" in docx_text(docx)


def test_item_9_from_the_approved_plan(tmp_path: Path) -> None:
    inventory = INVENTORY.replace(
        "    operator: Văn phòng Sở\n",
        "    operator: Văn phòng Sở\n    dossier:\n      measures: {m2: {owner: Văn phòng Sở}, l4: {}}\n",
    )
    report = build_annual_report(make_ws(tmp_path, inventory), 2026)
    portal = next(s for s in report.systems if s.id == "portal")
    assert portal.requirements_source == "plan"
    assert [line.control for line in portal.requirements] == ["l4", "m2"]
    docx = next(p for p in write_annual_report(report, ["docx"], "vi", tmp_path / "o") if p.suffix == ".docx")
    assert "Danh sách yêu cầu theo phương án đã được phê duyệt của hệ thống." in docx_text(docx)


# ------------------------------------------------------------------------ level and errors


def test_level_follows_attt_audit_levels(tmp_path: Path) -> None:
    # dvc: declared 3 and approved 3 → approved; a dossier level counts before the declared one;
    # qlvb, with nothing recorded, takes the classification's level ("proposed" in the report).
    inventory = INVENTORY.replace(
        "  - id: qlvb\n    name: Hệ thống quản lý văn bản\n    declared_level: 2\n",
        "  - id: qlvb\n    name: Hệ thống quản lý văn bản\n    system_type: internal\n"
        "    info_types: [public, personal]\n    state_secret: false\n",
    ).replace(
        "  - id: camera\n    name: Hệ thống camera giám sát giao thông\n    declared_level: 3\n",
        "  - id: camera\n    name: Hệ thống camera giám sát giao thông\n    declared_level: 2\n"
        "    dossier: {level: 3}\n",
    )
    rows = {s.id: s for s in build_annual_report(make_ws(tmp_path, inventory), 2026).systems}
    assert (rows["dvc"].level, rows["dvc"].level_source) == (3, "approved")
    assert (rows["qlvb"].level, rows["qlvb"].level_source) == (2, "proposed")
    assert (rows["camera"].level, rows["camera"].level_source) == (3, "declared")


def test_classification_problem_is_not_swallowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import attt_audit.classify as classify_module

    def broken(*_args: object, **_kwargs: object) -> object:
        raise InputError("row A1a: bad condition", location="checklists/classification/nd331.yaml:12:5")

    monkeypatch.setattr(classify_module, "classify", broken)
    with pytest.raises(InputError, match="nd331.yaml:12:5"):
        build_annual_report(make_ws(tmp_path), 2026)
