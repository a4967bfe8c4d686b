"""The annual report holds one object per distinct requirement line and top gap (issue 17 §3):
systems that share a requirement with the same status and roadmap share the line, so the
report's size grows by a list of references a system; lines that differ stay apart."""

from __future__ import annotations

from attt_audit.annual import build_annual_report
from attt_audit.workspace import Workspace
from tests.test_annual import ws  # noqa: F401  (fixture)


def test_equal_lines_are_one_object_and_different_ones_are_not(ws: Workspace) -> None:  # noqa: F811
    report = build_annual_report(ws, 2026)
    rows = {r.id: r for r in report.systems}
    portal = {line.control: line for line in rows["portal"].requirements}
    dvc = {line.control: line for line in rows["dvc"].requirements}
    qlvb = {line.control: line for line in rows["qlvb"].requirements}
    # l1 passes in all three systems (same reference, no roadmap): one line
    assert portal["l1"] is dvc["l1"] is qlvb["l1"]
    # l4 fails in portal and dvc: the same line only if the roadmap (due, owner) is the same too
    same_roadmap = (portal["l4"].due, portal["l4"].owner) == (dvc["l4"].due, dvc["l4"].owner)
    assert (portal["l4"] is dvc["l4"]) == same_roadmap
    assert portal["l4"] == dvc["l4"] if same_roadmap else portal["l4"] != dvc["l4"]
    # l3 is partial in portal, passed in dvc: two lines with their own status
    assert portal["l3"] is not dvc["l3"]
    assert (portal["l3"].status, portal["l3"].met) == ("partial", False)
    assert (dvc["l3"].status, dvc["l3"].met) == ("pass", True)
    everything = [line for r in report.systems for line in r.requirements]
    distinct = {id(line) for line in everything}
    assert len(distinct) < len(everything)
    assert len(distinct) == len({line.model_dump_json() for line in everything})


def test_shared_tables_are_emptied_after_a_build(ws: Workspace) -> None:  # noqa: F811
    from attt_audit.annual import build

    build_annual_report(ws, 2026)
    assert not (build._LINES or build._GAPS or build._TITLES or build._TEXTS or build._REFERENCES)
