"""``status`` kept fast (issue 16 §5): the holiday calendar and the regimes come from the user's
cache, the questionnaire package loads only what is used, and the results stay the same."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "so-gtvt"


def _python(code: str, **env: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, **env},
    )
    return proc.stdout


DEADLINE = (
    "import datetime as dt, sys\n"
    "from attt_audit.dossier.workdays import add_working_days, working_days_between\n"
    "due = add_working_days(dt.date(2027, 2, 3), 5)\n"  # across Tết 2027
    "print(due.isoformat(), working_days_between(dt.date(2026, 11, 20), dt.date(2026, 12, 14)),"
    " 'holidays' in sys.modules)\n"
)


def test_holidays_come_from_the_cache_without_importing_the_package(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = _python(DEADLINE, ATTT_AUDIT_CACHE_DIR=str(cache)).split()
    assert cold == ["2027-02-17", "15", "True"]
    assert sorted(p.name.split("-")[2] for p in cache.glob("holidays-vn-*.pickle")) == ["2026", "2027"]
    warm = _python(DEADLINE, ATTT_AUDIT_CACHE_DIR=str(cache)).split()
    assert warm == ["2027-02-17", "15", "False"]  # same days, the package not even imported
    off = _python(DEADLINE, ATTT_AUDIT_CACHE_DIR=str(tmp_path / "unused"), ATTT_AUDIT_NO_CACHE="1").split()
    assert off == cold and not (tmp_path / "unused").exists()


def test_cached_holidays_are_the_packages_vietnam_calendar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import holidays

    from attt_audit.dossier import workdays

    monkeypatch.setenv("ATTT_AUDIT_CACHE_DIR", str(tmp_path))
    workdays._holidays.cache_clear()
    try:
        for year in (2016, 2025, 2026, 2027, 2030):
            expected = frozenset(holidays.country_holidays("VN", years=year).keys())
            assert workdays._holidays(year) == expected  # computed and stored
            workdays._holidays.cache_clear()
            assert workdays._holidays(year) == expected  # read back
        assert workdays.holiday_name(dt.date(2027, 4, 16)) is not None  # Giỗ Tổ Hùng Vương
        assert workdays.holiday_name(dt.date(2027, 4, 15)) is None
    finally:
        workdays._holidays.cache_clear()


def test_cached_regimes_equal_the_parsed_ones(tmp_path: Path) -> None:
    code = (
        "from attt_audit.regime import load_regimes\n"
        "r = load_regimes()\n"
        "print({k: (v.model_dump(mode='json'), {n: t.vi for n, t in v._layers.items()}) for k, v in r.items()})\n"
    )
    cold = _python(code, ATTT_AUDIT_CACHE_DIR=str(tmp_path))
    assert list(tmp_path.glob("regimes-*.pickle"))
    warm = _python(code, ATTT_AUDIT_CACHE_DIR=str(tmp_path))
    off = _python(code, ATTT_AUDIT_NO_CACHE="1")
    assert cold == warm == off


def test_questionnaire_package_loads_forms_on_first_use() -> None:
    out = _python(
        "import sys\n"
        "from attt_audit.questionnaire.build import build_questionnaire\n"
        "from attt_audit.questionnaire import check, merge\n"
        "print(callable(check), callable(merge), 'attt_audit.questionnaire.xlsx' in sys.modules,"
        " 'attt_audit.questionnaire.interactive' in sys.modules)\n"
        "from attt_audit.questionnaire import XlsxForm, InteractiveForm, YamlForm, QuestionItem\n"
        "print(XlsxForm.__name__, InteractiveForm.__name__)\n"
    )
    assert out.split() == ["True", "True", "False", "False", "XlsxForm", "InteractiveForm"]


def test_status_json_is_the_same_with_and_without_caches(tmp_path: Path) -> None:
    cmd = "import sys; from attt_audit.cli import main; sys.argv = sys.argv[:1] + {!r}; main()"
    args = ["status", "--workspace", str(EXAMPLE), "--format", "json", "--date", "2026-12-01"]
    code = cmd.format(args)
    cold = _python(code, ATTT_AUDIT_CACHE_DIR=str(tmp_path))
    warm = _python(code, ATTT_AUDIT_CACHE_DIR=str(tmp_path))
    off = _python(code, ATTT_AUDIT_NO_CACHE="1")
    assert cold == warm == off
    assert json.loads(warm)["systems"]
