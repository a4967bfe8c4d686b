"""The TCVN 11930:2017, TT 12 design and ND 85 duty catalogs against the clause skeleton.

``tests/data/tcvn11930-clauses.yaml`` is a copy of the brief's clause list (TT 12/2022 Phụ lục I–V):
the catalog must carry exactly those clause numbers and headings per level, no more and no less.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from attt_audit.app.catalog import catalog_counts
from attt_audit.applicability import applicability
from attt_audit.catalog import Catalog, load_catalog, load_profiles, resolve_profile
from attt_audit.cli import main
from attt_audit.models import Confidence, System
from attt_audit.yamlio import read_yaml

DATA = Path(__file__).parent / "data" / "tcvn11930-clauses.yaml"
TCVN = "tcvn11930-2017"
MINE = {TCVN, "tt12-design", "nd85-duties"}
"""The frameworks this file checks closely (other engineers' catalogs have their own tests)."""
LEVELS = [1, 2, 3, 4, 5]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def counts() -> dict[int, dict[str, int]]:
    return catalog_counts(load_catalog(), "nd85")


def skeleton() -> tuple[dict[int, dict[str, str]], dict[int, set[str]], dict[str, str]]:
    """Per level: clause → heading; per level: low-confidence clauses; leaf clause → group heading."""
    data = read_yaml(DATA).data
    per_level: dict[int, dict[str, str]] = {lv: {} for lv in LEVELS}
    low: dict[int, set[str]] = {lv: set() for lv in LEVELS}
    group_of: dict[str, str] = {}
    for group in data["groups"]:
        for item in group["items"]:
            for level, clause in item["clauses"].items():
                per_level[int(level)][str(clause)] = item["heading"]
                group_of[str(clause)] = group["heading"]
                if item.get("confidence") == "low":
                    low[int(level)].add(str(clause))
    return per_level, low, group_of


def tcvn_clauses(catalog: Catalog) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = {lv: {} for lv in LEVELS}
    for cid, control in catalog.controls.items():
        if catalog.framework_of[cid] != TCVN:
            continue
        for level, variant in control.levels.items():
            assert variant.clause, f"{cid} level {level} has no clause"
            assert variant.clause not in found[level], f"clause {variant.clause} twice at level {level}"
            found[level][variant.clause] = control.title.vi
    return found


@pytest.mark.parametrize("level", LEVELS, ids=[f"level{lv}" for lv in LEVELS])
def test_exactly_the_skeleton_clauses_and_headings(catalog: Catalog, level: int) -> None:
    expected, _, _ = skeleton()
    assert tcvn_clauses(catalog)[level] == expected[level]


@pytest.mark.parametrize(
    ("level", "cited"), [(1, 26), (2, 33), (3, 41), (4, 41), (5, 41)], ids=[f"level{lv}" for lv in LEVELS]
)
def test_cited_clause_counts_and_low_confidence_x2_1_1(
    catalog: Catalog, counts: dict[int, dict[str, int]], level: int, cited: int
) -> None:
    _, low, _ = skeleton()
    assert read_yaml(DATA).data["leaf_clause_counts_cited_by_tt12"][level] == cited
    variants = {
        v.clause: v
        for cid, c in catalog.controls.items()
        if catalog.framework_of[cid] == TCVN
        for lv, v in c.levels.items()
        if lv == level
    }
    low_here = {clause for clause, v in variants.items() if v.confidence == Confidence.LOW}
    assert low_here == low[level] == {f"{level + 4}.2.1.1"}
    assert len(variants) - len(low_here) == cited
    assert counts[level]["tcvn11930-2017"] == cited
    assert counts[level]["tcvn11930-2017/uncited"] == 1


def test_controls_sit_in_their_clause_group(catalog: Catalog) -> None:
    _, _, group_of = skeleton()
    titles = {g.id: g.title.vi for g in catalog.frameworks[TCVN].groups}
    assert len(titles) == 11, "the 7 management + 4 technical groups of TT12 9.3–9.4"
    for cid, control in catalog.controls.items():
        if catalog.framework_of[cid] != TCVN:
            continue
        for variant in control.levels.values():
            assert variant.clause is not None
            assert titles[control.group] == group_of[variant.clause], cid
            assert control.kind == ("management" if variant.clause.split(".")[1] == "1" else "technical")


def test_heading_only_variants_say_their_text_is_not_verified(catalog: Catalog) -> None:
    recovered = {"7.2.1.4", "7.2.1.7", "7.2.2.1", "7.2.2.2", "7.2.2.3", "7.2.2.4", "7.2.2.5"}
    for cid, control in catalog.controls.items():
        if catalog.framework_of[cid] != TCVN:
            continue
        for level, v in control.levels.items():
            assert v.text_verified is False, f"{cid} L{level}: no item text was checked against the standard"
            if v.clause in recovered:
                assert v.confidence == Confidence.B and "S5" in v.source
            elif v.confidence != Confidence.LOW:
                assert v.confidence == Confidence.A, f"{cid} L{level}: heading known from TT 12"
            assert 2 <= len(v.questions) <= 6, f"{cid} L{level} has {len(v.questions)} questions"


def _texts(catalog: Catalog) -> list[tuple[str, str, str]]:
    out = []
    for cid, c in catalog.controls.items():
        if catalog.framework_of[cid] not in MINE:
            continue
        out.append((cid, c.title.vi, c.title.en))
        for level, v in c.levels.items():
            for q in v.questions:
                out.append((f"{cid}/{level}/{q.id}", q.vi, q.en))
            for e in v.evidence:
                out.append((f"{cid}/{level}/evidence", e.vi, e.en))
            if v.summary:
                out.append((f"{cid}/{level}/summary", v.summary.vi, v.summary.en))
    return out


def test_every_text_has_vietnamese_and_english(catalog: Catalog) -> None:
    viet = re.compile(r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.I)
    for where, vi, en in _texts(catalog):
        assert vi.strip() and en.strip(), where
        assert unicodedata.is_normalized("NFC", vi), where
        assert viet.search(vi), f"{where}: Vietnamese text without diacritics: {vi!r}"
        assert vi != en, where


def test_every_variant_has_a_source_and_a_reference(catalog: Catalog) -> None:
    for cid, c in catalog.controls.items():
        if catalog.framework_of[cid] not in MINE:
            continue
        for level, v in c.levels.items():
            assert v.source.strip(), f"{cid} L{level}"
            assert v.clause or v.refs, f"{cid} L{level} cites neither a clause nor an article"


def test_every_threshold_has_a_source_and_weak_ones_are_advisory(catalog: Catalog) -> None:
    for cid, c in catalog.controls.items():
        for level, v in c.levels.items():
            for name, p in v.params.items():
                where = f"{cid} L{level} {name}"
                assert p.source.strip(), where
                number = p.min if p.min is not None else p.max if p.max is not None else p.value
                if p.owner_defined:
                    assert number is None, f"{where}: an owner-defined value carries no number of ours"
                else:
                    assert number is not None, where
                    if p.confidence.advisory:
                        assert p.advisory, f"{where}: a weak threshold never fails a system on its own"
                    if catalog.framework_of[cid] in MINE:
                        assert p.advisory == p.confidence.advisory, f"{where}: advisory follows confidence"


@pytest.mark.parametrize(
    ("level", "expected"),
    [(1, None), (2, (1, "C", True)), (3, (3, "B", False)), (4, (6, "C", True)), (5, (12, "C", True))],
    ids=[f"level{lv}" for lv in LEVELS],
)
@pytest.mark.parametrize("cid", ["net.logging", "srv.logging"])
def test_log_retention_ladder(
    catalog: Catalog, cid: str, level: int, expected: tuple[int, str, bool] | None
) -> None:
    param = catalog.controls[cid].levels[level].params["log_retention_months"]
    if expected is None:
        assert param.owner_defined and param.min is None, "no level-1 figure exists: ask the owner's value"
    else:
        assert (param.min, param.confidence.value, param.advisory) == expected
    assert any(q.param == "log_retention_months" for q in catalog.controls[cid].levels[level].questions)


def test_owner_defined_values_are_asked_and_checked_against_the_quy_che(catalog: Catalog) -> None:
    auth = catalog.controls["srv.auth"].levels[3]
    assert {n for n, p in auth.params.items() if p.owner_defined} == {
        "password_min_length",
        "lockout_threshold",
    }
    assert {q.param for q in auth.questions if q.param} == {"password_min_length", "lockout_threshold"}
    assert any("Quy chế" in q.vi for q in auth.questions)
    timeout = catalog.controls["srv.access-control"].levels[3].params["idle_timeout_minutes"]
    assert timeout.owner_defined and timeout.min is None and timeout.value is None


def test_probe_checks_are_contract_ids(catalog: Catalog) -> None:
    from attt_audit.probes.registry import known_checks

    used = {check for c in catalog.controls.values() for check in c.checks}
    assert used <= known_checks()
    assert {"tls.legacy_protocols_disabled", "http.hsts"} <= set(catalog.controls["app.communication"].checks)
    assert "ports.only_allowed_open" in catalog.controls["net.external-access"].checks
    assert "ssh.weak_kex_disabled" in catalog.controls["srv.access-control"].checks


def test_catalog_lint_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["catalog", "lint"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("catalog ok:")


def test_catalog_stats_command(capsys: pytest.CaptureFixture[str], counts: dict[int, dict[str, int]]) -> None:
    code = main(["--lang", "en", "catalog", "stats", "--regime", "nd85"])
    out, err = capsys.readouterr()
    assert code == 0, err
    rows = {
        int(cells[0]): [int(x) for x in cells[1:]]
        for line in out.splitlines()
        if (cells := re.findall(r"\d+", line)) and re.match(r"^\W*[1-5]\W", line) and len(cells) >= 6
    }
    assert [rows[lv][0] for lv in LEVELS] == [26, 33, 41, 41, 41]
    for lv in LEVELS:
        row = counts[lv]
        assert list(row) == ["tcvn11930-2017", "tcvn11930-2017/uncited", "design", "duty", "layer"]
        assert rows[lv] == [*row.values(), sum(row.values())]
        assert row["design"] > 0 and row["duty"] > 0 and row["layer"] > 0


def test_profile_show_level3_lists_every_part_with_its_basis(
    catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    resolved = resolve_profile("level3", catalog, load_profiles())
    kinds = {r.control.kind for r in resolved.requirements}
    assert kinds == {"management", "technical", "design", "duty", "layer"}
    for r in resolved.requirements:
        ref = r.reference()
        assert ref.strip()
        if r.framework == TCVN:
            assert ref.startswith("TCVN 11930:2017 7."), ref
        if r.control.kind == "design":
            assert "TT12" in ref
    code = main(["--lang", "en", "profile", "show", "level3"])
    out, _ = capsys.readouterr()
    assert code == 0
    for text in (
        "TCVN 11930:2017 7.2.2.1",
        "design.waf",
        "TT12 Phụ lục III",
        "duty.periodic-inspection",
        "ND85 20.2.c",
        "layer1.specialised-unit",
    ):
        assert text in out, text


def system(**facts: object) -> System:
    return System.model_validate({"id": "s", "name": "Hệ thống", **facts})


@pytest.mark.parametrize(
    ("cid", "level", "facts", "criteria", "unknown", "expected", "missing"),
    [
        ("design.waf", 3, {}, {"nd85.9.2", "nd85.9"}, {}, True, []),
        ("design.waf", 3, {}, {"nd85.8.2"}, {}, False, []),
        ("design.waf", 3, {}, set(), {"nd85.9.2": frozenset({"users"})}, None, ["users"]),
        ("design.db-firewall", 3, {}, {"nd85.9.3"}, {}, None, ["service_roles"]),
        ("design.db-firewall", 3, {"service_roles": ["central_database"]}, {"nd85.9.3"}, {}, True, []),
        ("design.db-firewall", 3, {"service_roles": ["lan"]}, {"nd85.9.3"}, {}, False, []),
        ("design.dlp", 3, {"info_types": ["public", "personal"]}, {"nd85.9.2.c"}, {}, True, []),
        ("design.dlp", 3, {"info_types": ["public"]}, set(), {}, False, []),
        ("design.dlp", 3, {}, set(), {}, None, ["info_types"]),
        ("design.backup-site", 5, {}, set(), {}, True, []),
        ("design.hosting-separation", 3, {"hosting": "cloud"}, set(), {}, True, []),
        ("design.hosting-separation", 4, {"hosting": "own_premises"}, set(), {}, False, []),
        ("design.hosting-separation", 3, {}, set(), {}, None, ["hosting"]),
        ("design.email-security", 4, {"service_roles": ["email"]}, set(), {}, True, []),
        ("design.anti-ddos", 3, {"service_roles": ["integration"]}, {"nd85.9.3"}, {}, True, []),
        ("design.nac", 5, {}, set(), {}, True, []),
    ],
    ids=[
        "waf-l3-nd85-9.2",
        "waf-l3-other-criterion",
        "waf-l3-criterion-unknown",
        "dbf-l3-missing-roles",
        "dbf-l3-central-db",
        "dbf-l3-not-db",
        "dlp-l3-9.2.c",
        "dlp-l3-public-only",
        "dlp-l3-missing-info-types",
        "backup-site-l5-always",
        "hosting-l3-cloud",
        "hosting-l4-own-premises",
        "hosting-l3-missing",
        "email-l4-email-system",
        "ddos-l3-integration-9.3",
        "nac-l5-always",
    ],
)
def test_design_conditions(
    catalog: Catalog,
    cid: str,
    level: int,
    facts: dict[str, object],
    criteria: set[str],
    unknown: dict[str, frozenset[str]],
    expected: bool | None,
    missing: list[str],
) -> None:
    from attt_audit.catalog import Requirement

    control = catalog.controls[cid]
    req = Requirement(control=control, level=level, variant=control.levels[level], framework="tt12-design")
    [result] = applicability([req], system(**facts), criteria, unknown)
    assert result.outcome.value is expected
    assert result.missing == missing


def test_backup_site_distance_is_the_only_design_threshold(catalog: Catalog) -> None:
    params = {
        (cid, lv, name): p
        for cid, c in catalog.controls.items()
        if c.kind == "design"
        for lv, v in c.levels.items()
        for name, p in v.params.items()
    }
    assert list(params) == [("design.backup-site", 5, "backup_site_distance_km")]
    p = params[("design.backup-site", 5, "backup_site_distance_km")]
    assert (p.min, p.unit, p.confidence, p.advisory) == (30, "km", Confidence.A, False)


def test_catalog_stats_all_regimes_and_bad_regime(capsys: pytest.CaptureFixture[str]) -> None:
    every = catalog_counts(load_catalog())
    assert [every[lv]["tcvn11930-2017"] for lv in LEVELS] == [26, 33, 41, 41, 41]
    assert all(every[lv]["duty"] >= 8 for lv in LEVELS)
    code = main(["--lang", "en", "catalog", "stats", "--regime", "nd331"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "TCVN 11930 clauses" not in out, "TCVN 11930 is not a standard of the ND 331 regime"
    code = main(["--lang", "en", "catalog", "stats", "--regime", "nd99"])
    _, err = capsys.readouterr()
    assert code == 2
    assert "error: --regime 'nd99' is not a regime; expected nd85 or nd331" in err
