"""Regime rules as data (``checklists/regimes/*.yaml``): loading, typed accessors, errors."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from attt_audit.errors import InputError
from attt_audit.models import RegimeRules
from attt_audit.regime import load_regimes, regime, regime_for_date, regime_ids, standard_label, successor
from attt_audit.resources import data_dir
from attt_audit.yamlio import read_yaml

CHECKLISTS = data_dir("checklists")


def test_both_regimes_load_oldest_first() -> None:
    regimes = load_regimes()
    assert list(regimes) == ["nd85", "nd331"] == list(regime_ids())
    assert all(isinstance(r, RegimeRules) for r in regimes.values())
    assert successor(regimes["nd85"]) is regimes["nd331"]
    assert successor(regimes["nd331"]) is None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2010-01-01", "nd85"),  # before any regime: the oldest one
        ("2016-07-01", "nd85"),
        ("2026-07-01", "nd85"),  # Law 116 in force, Decree 331 not yet
        ("2026-08-18", "nd85"),
        ("2026-08-19", "nd331"),
        ("2030-01-01", "nd331"),
    ],
)
def test_regime_for_date_follows_the_start_dates(day: str, expected: str) -> None:
    assert regime_for_date(dt.date.fromisoformat(day)).id == expected


def test_start_dates_and_transitions() -> None:
    nd331 = regime("nd331")
    assert nd331.starts.date == dt.date(2026, 8, 19) and nd331.starts.ref == "ND331 38"
    assert nd331.date("law-in-force") == dt.date(2026, 7, 1)
    assert nd331.date("new-measures-by") == dt.date(2027, 7, 1)
    nd85 = regime("nd85")
    assert nd85.ends is None  # open in the sources: no repeal clause found
    ct09 = nd85.dates["running-systems-approved-by"]
    assert (ct09.date, ct09.precision, ct09.confidence.value) == (dt.date(2024, 9, 30), "month", "S2")
    with pytest.raises(KeyError, match="no date 'nope'"):
        nd85.date("nope")


def test_inspection_cadence_stated_or_inferred() -> None:
    nd85, nd331 = regime("nd85"), regime("nd331")
    assert [nd85.inspection_interval_months(lv) for lv in range(1, 6)] == [24, 24, 12, 12, 6]
    assert all(nd85.inspection[lv].stated for lv in range(1, 6))
    # Decree 331 sets no number: the interval is the tool's inference, and it says so.
    assert not any(nd331.inspection[lv].stated for lv in range(1, 6))
    assert all(nd331.inspection[lv].confidence.advisory for lv in range(1, 6))


@pytest.mark.parametrize(
    ("regime_id", "step", "level", "count", "unit", "ref"),
    [
        ("nd85", "appraisal", 3, 15, "days", "ND85 16.2"),
        ("nd85", "appraisal", 4, 30, "days", "ND85 16.2.b"),
        ("nd85", "approval", 3, 7, "working_days", "ND85 17.2"),
        ("nd331", "appraisal", 3, 15, "working_days", "ND331 23.3"),
        ("nd331", "appraisal", 5, 25, "working_days", "ND331 23.3.b"),
        ("nd331", "approval", 1, 7, "working_days", "ND331 24.2"),
        ("nd331", "completeness-check", None, 5, "working_days", "ND331 23.2"),
    ],
)
def test_deadlines_as_data(
    regime_id: str, step: str, level: int | None, count: int, unit: str, ref: str
) -> None:
    found = regime(regime_id).deadline(step, level)
    assert found is not None and found.period is not None
    assert (found.period.count, found.period.unit, found.ref) == (count, unit, ref)


def test_no_deadline_where_the_regime_sets_none() -> None:
    assert regime("nd85").deadline("appraisal", 2) is None
    assert regime("nd85").deadline("completeness-check") is None


def test_authorities_per_level() -> None:
    nd85, nd331 = regime("nd85"), regime("nd331")
    assert "Bộ Thông tin và Truyền thông" in nd85.appraising_body(4).vi
    assert "Bộ Công an" in nd331.appraising_body(4).vi
    assert nd331.approving_body(3).vi == "Chủ quản hệ thống thông tin"
    assert [nd331.approval[lv].approver for lv in range(1, 6)] == ["security_unit"] * 2 + ["owner"] * 3
    assert [nd85.approval[lv].appraiser for lv in range(1, 6)] == ["security_unit"] * 3 + ["central"] * 2


def test_reporting_calendar() -> None:
    for rules in load_regimes().values():
        cal = rules.reporting_calendar
        assert cal.period(2026) == (dt.date(2025, 12, 15), dt.date(2026, 12, 14))
        assert (cal.internal_deadline.on(2026), cal.external_deadline.on(2026)) == (
            dt.date(2026, 12, 20),
            dt.date(2026, 12, 25),
        )
    nd85 = regime("nd85")
    assert "Bộ Thông tin và Truyền thông" in nd85.report_recipient(dt.date(2024, 12, 14)).vi
    assert "Bộ Công an" in nd85.report_recipient(dt.date(2025, 12, 14)).vi
    assert "Thông tư số 12/2022/TT-BTTTT" in nd85.reporting.legal_basis.vi
    assert regime("nd331").reporting.form_notes  # Mẫu 08 notes travel with the regime


def test_legal_basis_sentences() -> None:
    assert regime("nd85").legal_basis("vi").startswith("Nghị định 85/2016/NĐ-CP")
    assert regime("nd331").legal_basis("en").startswith("Cybersecurity Law 116/2025/QH15")


def test_layer_names_come_from_the_four_layer_framework() -> None:
    data = read_yaml(CHECKLISTS / "four-layer-model.yaml").data
    titles = {g["id"]: g["title"]["vi"] for g in data["framework"]["groups"]}
    layers = regime("nd331").layers
    assert sorted(layers) == [1, 2, 3, 4]
    for n, name in layers.items():
        assert titles[f"layer-{n}"].endswith(name.vi[1:]), (n, name.vi)
    assert layers == regime("nd85").layers


def test_standard_labels() -> None:
    assert standard_label("tcvn11930-2017") == "TCVN 11930:2017"
    assert standard_label("tcvn14423-2026-annex-a") == "TCVN 14423:2026"
    assert standard_label("tcvn11930-2017-custom") == "TCVN 11930:2017"  # derived id
    assert standard_label("nd85-duties") is None


def test_unknown_regime_is_an_input_error() -> None:
    with pytest.raises(InputError, match="regime 'nd99' is not known; expected nd85 or nd331"):
        regime("nd99")


@pytest.mark.parametrize("name", ["nd85", "nd331"])
def test_classification_tables_hold_no_regime_fact(name: str) -> None:
    """A fact lives once: the decision tables hold rows only; the rest is in regimes/."""
    data = read_yaml(CHECKLISTS / "classification" / f"{name}.yaml").data
    assert set(data) == {"regime", "article_prefix", "source", "rows"}


# ------------------------------------------------------------------------------ errors


def _copy_checklists(tmp_path: Path) -> Path:
    folder = tmp_path / "checklists"
    (folder / "regimes").mkdir(parents=True)
    shutil.copy(CHECKLISTS / "four-layer-model.yaml", folder)
    for path in (CHECKLISTS / "regimes").glob("*.yaml"):
        shutil.copy(path, folder / "regimes")
    return folder


def test_copy_loads_like_the_bundle(tmp_path: Path) -> None:
    folder = _copy_checklists(tmp_path)
    assert regime_for_date(dt.date(2026, 9, 1), folder).id == "nd331"


def test_bad_value_names_file_and_line(tmp_path: Path) -> None:
    folder = _copy_checklists(tmp_path)
    path = folder / "regimes" / "nd331.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  period_end: {month: 12, day: 14}", "  period_end: {month: 13, day: 14}"
    )
    path.write_text(text, encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "month: 13" in s)
    with pytest.raises(InputError, match=rf"nd331\.yaml:{line}:\d+: .*month"):
        load_regimes(folder)


def test_missing_level_is_an_error(tmp_path: Path) -> None:
    folder = _copy_checklists(tmp_path)
    path = folder / "regimes" / "nd85.yaml"
    text = path.read_text(encoding="utf-8").replace("  4: *inspection_mid\n", "")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"nd85\.yaml.*inspection has no entry for level\(s\) \[4\]"):
        load_regimes(folder)


def test_file_name_must_match_id(tmp_path: Path) -> None:
    folder = _copy_checklists(tmp_path)
    (folder / "regimes" / "nd85.yaml").rename(folder / "regimes" / "old.yaml")
    with pytest.raises(InputError, match=r"old\.yaml: the file declares regime 'nd85'; expected id: old"):
        load_regimes(folder)


def test_unknown_recipient_date_is_an_error(tmp_path: Path) -> None:
    folder = _copy_checklists(tmp_path)
    path = folder / "regimes" / "nd85.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("since: mic-to-mps", "since: nope"), encoding="utf-8"
    )
    with pytest.raises(InputError, match="since 'nope': no such date"):
        load_regimes(folder)


def test_missing_layer_framework_is_an_error(tmp_path: Path) -> None:
    folder = _copy_checklists(tmp_path)
    (folder / "four-layer-model.yaml").unlink()
    with pytest.raises(InputError, match=r"nd331\.yaml: layers: framework 'four-layer-model' has no file"):
        load_regimes(folder)


def test_no_regime_files_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no regime files"):
        load_regimes(tmp_path)
