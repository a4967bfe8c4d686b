"""A small catalog and helpers shared by the engine tests (not a test module)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping, Set
from functools import cache
from pathlib import Path
from typing import Any

from attt_audit.catalog import Catalog, ResolvedProfile, load_catalog, resolve_profile
from attt_audit.engine import assess
from attt_audit.models import (
    Answer,
    AnswerSet,
    AssessmentResult,
    LocalText,
    Observation,
    Organisation,
    ProbeRun,
    Profile,
    RequirementResult,
    System,
    Waiver,
)

TODAY = dt.date(2026, 11, 23)

CATALOG = """\
framework:
  id: demo
  title: {vi: "Thử", en: "Demo"}
  regimes: [nd85]
  version: "7"
  source: "test"
  groups:
    - {id: mgmt, title: {vi: "Quản lý", en: "Management"}}
    - {id: net, title: {vi: "Mạng", en: "Network"}}
    - {id: layer-2, title: {vi: "Lớp 2", en: "Layer 2"}}
controls:
  - id: demo.policy
    group: mgmt
    kind: management
    title: {vi: "Chính sách", en: "Policy"}
    levels:
      3:
        clause: "7.1.1"
        source: "test"
        confidence: A
        questions:
          - {id: q1, vi: "Có chính sách?", en: "Policy?"}
          - {id: q2, vi: "Có phổ biến?", en: "Published?"}
          - {id: q3, vi: "Lưu bao nhiêu ngày?", en: "Days kept?", answer_type: days, param: retention_days}
        params:
          retention_days: {min: 30, unit: days, source: "TT31 5", confidence: P1}
  - id: demo.tls
    group: net
    kind: technical
    severity: high
    title: {vi: "Mã hoá", en: "Encryption"}
    checks: [tls.legacy_protocols_disabled, http.hsts]
    levels:
      3:
        clause: "7.2.1"
        source: "test"
        confidence: A
        questions:
          - {id: q1, vi: "Có mã hoá?", en: "Encrypted?"}
  - id: demo.waf
    group: net
    kind: technical
    title: {vi: "WAF", en: "WAF"}
    levels:
      3:
        source: "test"
        confidence: A
        applies_when: {criterion: nd85.9.2}
        questions:
          - {id: q1, vi: "Có WAF?", en: "WAF?"}
  - id: demo.web
    group: net
    kind: technical
    title: {vi: "Web", en: "Web"}
    levels:
      3:
        source: "test"
        confidence: A
        applies_when: {fact: system_type, eq: citizen_business}
        questions:
          - {id: q1, vi: "Có web?", en: "Web?"}
  - id: demo.provider
    group: layer-2
    kind: layer
    layer: 2
    title: {vi: "Nhà cung cấp", en: "Provider"}
    levels:
      3:
        source: "test"
        confidence: S1
        questions:
          - {id: q1, vi: "Có giấy phép?", en: "Licensed?"}
  - id: demo.inspect
    group: mgmt
    kind: duty
    severity: high
    title: {vi: "Kiểm tra định kỳ", en: "Periodic inspection"}
    levels:
      3:
        refs: ["ND85 20.2.c"]
        source: "test"
        confidence: P1
        evaluate: inventory.last_inspection_within_interval
        params:
          interval_months: {value: 24, source: "ND85 20.2.c", confidence: P1}
  - id: demo.heading
    group: net
    kind: technical
    title: {vi: "Tiêu đề", en: "Heading"}
    levels:
      3:
        clause: "7.2.2"
        source: "test"
        confidence: B
        text_verified: false
        questions:
          - {id: q1, vi: "Đạt?", en: "Met?"}
  - id: demo.logs
    group: net
    kind: technical
    title: {vi: "Nhật ký", en: "Logs"}
    weight: 2
    levels:
      3:
        clause: "7.2.3"
        source: "test"
        confidence: B
        questions:
          - {id: q1, vi: "Lưu bao nhiêu tháng?", en: "Months kept?", answer_type: months, param: months}
        params:
          months: {min: 6, unit: months, source: "secondary", confidence: C, advisory: true}
"""


class FakeClassification:
    """Stands in for attt_audit.classify.Classification: only what the engine reads."""

    def __init__(self, criteria: Set[str] = frozenset(), unknown: Mapping[str, frozenset[str]] | None = None):
        self.criteria = set(criteria)
        self.unknown_criteria = dict(unknown or {})
        self.proposed_level: int | None = 3

    def model_dump(self, *, mode: str = "python") -> dict[str, Any]:
        return {
            "regime": "nd85",
            "outcome": "ok",
            "authority": {"vi": "Bộ chủ quản", "en": "The governing ministry"},
            "criteria": self.criteria,
            "unknown_criteria": self.unknown_criteria,
            "proposed_level": 3,
        }


@cache
def demo_catalog() -> Catalog:
    folder = Path(tempfile.mkdtemp(prefix="attt-engine-"))
    (folder / "demo.yaml").write_text(CATALOG, encoding="utf-8")
    return load_catalog([folder])


@cache
def demo_profile() -> ResolvedProfile:
    profile = Profile(
        id="demo3", title=LocalText(vi="Thử 3", en="Demo 3"), regime="nd85", level=3, frameworks=["demo"]
    )
    return resolve_profile("demo3", demo_catalog(), {"demo3": profile})


def system(**facts: Any) -> System:
    base: dict[str, Any] = {"id": "portal", "name": "Cổng thông tin", "declared_level": 3}
    base.update(facts)
    return System.model_validate(base)


ORG = Organisation(name="Sở Giao thông vận tải")


def run(
    catalog: Catalog,
    resolved: ResolvedProfile,
    answers: dict[str, dict[str, Any]] | None = None,
    *,
    sys: System | None = None,
    observations: list[tuple[str, str]] = (),  # type: ignore[assignment]
    waivers: list[Waiver] = (),  # type: ignore[assignment]
    classification: FakeClassification | None = None,
    today: dt.date = TODAY,
) -> AssessmentResult:
    answer_set = AnswerSet(
        system="portal", answers={k: Answer.model_validate(v) for k, v in (answers or {}).items()}
    )
    probe_run = None
    if observations:
        at = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
        probe_run = ProbeRun(
            system="portal",
            started_at=at,
            finished_at=at,
            tool_version="test",
            observations=[
                Observation(
                    check=c, result=r, target="portal.example:443", probe=c.split(".")[0], observed_at=at
                )  # type: ignore[arg-type]
                for c, r in observations
            ],
        )
    return assess(
        sys or system(),
        ORG,
        resolved,
        catalog,
        today=today,
        answers=answer_set,
        probe_run=probe_run,
        probe_ref="evidence/probes/portal/run-1.json",
        waivers=waivers,
        classification=classification if classification is not None else FakeClassification(),
        generated_at=dt.datetime(2026, 11, 23, tzinfo=dt.UTC),
    )


def by_id(result: AssessmentResult, control: str) -> RequirementResult:
    return next(r for r in result.results if r.control == control)
