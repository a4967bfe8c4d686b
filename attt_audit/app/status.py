"""Use case of ``status``: where each system stands, on one screen.

Per system: the level it is assessed at and what it rests on (approved, proposed, declared:
:func:`attt_audit.levels.assessed_level`), how many questions of its profile are answered and
which are not, the last probe of each kind and its age, the last run and its score, the next
deadlines (the dossier step running, from :mod:`attt_audit.dossier.tracking`; the periodic
inspection, from the classification; the organisation's annual report, from the regime's
reporting calendar) and the problems (overdue, stale evidence, level to re-determine).

Reads files only; writes nothing. The catalog is loaded once, for the answered counts.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from attt_audit.catalog import Catalog
    from attt_audit.models import Profile, System
    from attt_audit.workspace import Workspace

FORMATS = ("table", "md", "json")


@dataclass(frozen=True)
class Note:
    """A line in both languages (a problem, a waiting state)."""

    vi: str
    en: str

    def get(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


@dataclass
class ProbeSeen:
    kind: str
    """ports, tls, http, ssh."""
    at: dt.datetime
    age_days: int
    stale: bool


@dataclass
class Deadline:
    what: str
    """``dossier:<step>``, ``inspection`` or ``annual_report``."""
    label: Note
    due: dt.date | None
    """None: due now (nothing recorded to count from)."""
    overdue: bool
    note: Note | None = None


@dataclass
class SystemStatus:
    id: str
    name: str
    level: int | None
    level_basis: str | None
    """approved, proposed, declared or classified: which one is used."""
    approved_level: int | None
    proposed_level: int | None
    """The dossier's proposed level."""
    declared_level: int | None
    profile: str | None
    asked: int | None
    answered: int | None
    unanswered: list[tuple[str, str, str]] = field(default_factory=list)
    """(key, question in Vietnamese, in English) of each question without an answer."""
    probes: list[ProbeSeen] = field(default_factory=list)
    last_run: str | None = None
    last_run_on: dt.date | None = None
    score: float | None = None
    dossier_step: str | None = None
    deadlines: list[Deadline] = field(default_factory=list)
    problems: list[Note] = field(default_factory=list)


@dataclass
class StatusReport:
    today: dt.date
    regime: str
    evidence_max_age: int
    systems: list[SystemStatus]
    annual: Deadline | None = None
    """The organisation's annual report (one for every system)."""

    def to_json(self) -> str:
        def default(value: Any) -> Any:
            if isinstance(value, (dt.date, dt.datetime)):
                return value.isoformat()
            raise TypeError(type(value).__name__)

        data = asdict(self)
        for system in data["systems"]:
            system["unanswered"] = [{"key": k, "vi": vi, "en": en} for k, vi, en in system["unanswered"]]
        return json.dumps(data, ensure_ascii=False, indent=2, default=default) + "\n"


def workspace_status(
    workspace: Path,
    *,
    system: str | None = None,
    today: dt.date | None = None,
    evidence_max_age: int | None = None,
    with_questions: bool = True,
) -> StatusReport:
    """Where each system of the workspace stands (or only ``system``).

    ``with_questions=False`` skips the answered counts (and the catalog load they need).
    """
    from attt_audit.classify import choose_regime
    from attt_audit.errors import InputError
    from attt_audit.probes.evidence import DEFAULT_MAX_AGE_DAYS
    from attt_audit.workspace import Workspace

    ws = Workspace(Path(workspace))
    inventory = ws.inventory()
    day = today or _today()
    max_age = DEFAULT_MAX_AGE_DAYS if evidence_max_age is None else evidence_max_age
    if max_age < 0:
        raise InputError(f"--evidence-max-age {max_age} is negative", expected="a number of days, 0 or more")
    systems = [ws.system(system)] if system is not None else list(inventory.systems)
    regime = choose_regime(None, day)
    runs = _last_runs(ws)
    catalog = profiles = None
    if with_questions:
        from attt_audit.app.catalog import workspace_catalog
        from attt_audit.catalog import load_profiles

        catalog, profiles = workspace_catalog(ws.root), load_profiles(ws.root)
    index = {s.id: i for i, s in enumerate(inventory.systems)}
    out = [_system_status(ws, s, index[s.id], day, regime, max_age, runs, catalog, profiles) for s in systems]
    return StatusReport(day, regime, max_age, out, _annual(inventory.organisation.annual_report_date, day))


def _today() -> dt.date:
    from attt_audit.dates import today_vn

    return today_vn()


def _system_status(
    ws: Workspace,
    system: System,
    index: int,
    today: dt.date,
    regime: str,
    max_age: int,
    runs: dict[str, tuple[str, dt.date, float | None]],
    catalog: Catalog | None,
    profiles: dict[str, Profile] | None,
) -> SystemStatus:
    from attt_audit.classify import classify
    from attt_audit.levels import assessed_level

    classification = classify(system, regime, today)
    choice = assessed_level(system, classification)
    dossier_level = system.dossier.level if system.dossier is not None else None
    status = SystemStatus(
        id=system.id,
        name=system.name,
        level=choice.level,
        level_basis=choice.basis,
        approved_level=system.approval.level if system.approval is not None else None,
        proposed_level=dossier_level,
        declared_level=system.declared_level,
        profile=None,
        asked=None,
        answered=None,
    )
    if catalog is not None and profiles is not None:
        _answers(ws, system, status, catalog, profiles, today)
    _probes(ws, system.id, status, today, max_age)
    if system.id in runs:
        status.last_run, status.last_run_on, status.score = runs[system.id]
    _dossier(ws, system, index, status, today, regime)
    _inspection(classification, status, today)
    if classification.mismatch and choice.basis != "approved":
        status.problems.append(
            Note(
                f"cấp độ khai báo khác cấp độ đề xuất theo tiêu chí phân loại ({classification.proposed_level})",
                f"the declared level differs from the level the classification proposes ({classification.proposed_level})",
            )
        )
    return status


def _answers(
    ws: Workspace,
    system: System,
    status: SystemStatus,
    catalog: Catalog,
    profiles: dict[str, Profile],
    today: dt.date,
) -> None:
    from attt_audit.errors import AuditError
    from attt_audit.levels import profile_for_level
    from attt_audit.models import Status
    from attt_audit.questionnaire.build import build_questionnaire

    answers = ws.answers(system.id)
    profile = answers.profile if answers is not None and answers.profile in profiles else None
    if profile is None and status.level is not None:
        found = profile_for_level(profiles, status.level, "nd85")
        profile = found.id if found is not None else None
    if profile is None:
        status.problems.append(
            Note("chưa xác định được cấp độ nên chưa có bảng câu hỏi", "no level yet, so no questionnaire")
        )
        return
    try:
        q = build_questionnaire(
            system, profile=profile, catalog=catalog, workspace=ws.root, today=today, profiles=profiles
        )
    except AuditError as exc:
        status.problems.append(Note(f"bảng câu hỏi: {exc.render()}", f"questionnaire: {exc.render()}"))
        return
    given = answers.answers if answers is not None else {}
    status.profile = q.profile
    status.asked = len(q.items)
    answered = 0
    for item in q.items:
        a = given.get(item.key)
        done = a is not None and (
            (a.status is not None and a.status is not Status.NOT_ASSESSED)
            or (item.is_value and a.value not in (None, ""))
        )
        if done:
            answered += 1
        else:
            status.unanswered.append((item.key, item.question.vi, item.question.en))
    status.answered = answered


def _probes(ws: Workspace, system_id: str, status: SystemStatus, today: dt.date, max_age: int) -> None:
    from attt_audit.probes.evidence import last_per_kind

    for kind, at in sorted(last_per_kind(ws.root, system_id).items()):
        age = (today - at.date()).days
        status.probes.append(ProbeSeen(kind, at, age, age > max_age))
    stale = [p.kind for p in status.probes if p.stale]
    if stale:
        status.problems.append(
            Note(
                f"bằng chứng kiểm tra tự động đã cũ (quá {max_age} ngày): {', '.join(stale)}",
                f"stale probe evidence (older than {max_age} days): {', '.join(stale)}",
            )
        )


def _last_runs(ws: Workspace) -> dict[str, tuple[str, dt.date, float | None]]:
    """System id → (run id, assessed on, overall score) of the newest run that assessed it."""
    best: dict[str, tuple[tuple[dt.date, str, str], tuple[str, dt.date, float | None]]] = {}
    if not ws.runs_dir.is_dir():
        return {}
    for run_json in ws.runs_dir.glob("*/run.json"):
        try:
            data = json.loads(run_json.read_text(encoding="utf-8"))
            on = dt.date.fromisoformat(str(data["assessed_on"]))
            stamp = str(data.get("generated_at") or "")
            entries = list(data.get("systems") or [])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not a run we can read; 'render' or 'diff' names the problem when asked
        run_id = str(data.get("run_id") or run_json.parent.name)
        for entry in entries:
            if not isinstance(entry, dict) or "system" not in entry:
                continue
            key = (on, stamp, run_json.parent.name)
            sid = str(entry["system"])
            score = entry.get("overall_percent")
            if sid not in best or key > best[sid][0]:
                best[sid] = (key, (run_id, on, float(score) if isinstance(score, (int, float)) else None))
    return {sid: value for sid, (_key, value) in best.items()}


def _dossier(
    ws: Workspace,
    system: System,
    index: int,
    status: SystemStatus,
    today: dt.date,
    regime: str,
) -> None:
    if system.dossier is None and system.approval is None:
        return
    from attt_audit.app.dossier import default_folder
    from attt_audit.dossier.rules import load_rules
    from attt_audit.dossier.tracking import track

    names = {s.kind: s.name for s in load_rules().steps}

    def step_label(kind: str, lang: str) -> str:
        name = names.get(kind)  # type: ignore[call-overload]
        return kind if name is None else (name.vi if lang == "vi" else name.en)

    folder = default_folder(ws.root, system.id)
    state = track(system, index=index, today=today, default_regime=regime, dossier_folder=folder)
    if state.problems:
        # name each problem's line: the inventory's positions are read only when there is one
        from attt_audit.yamlio import read_yaml

        located = read_yaml(ws.inventory_path)
        state = track(
            system, index=index, today=today, default_regime=regime, located=located, dossier_folder=folder
        )
    if state.step is not None:
        status.dossier_step = state.step.kind
    if state.next is not None:
        nxt = state.next
        status.deadlines.append(
            Deadline(
                f"dossier:{nxt.step}",
                Note(
                    f"hồ sơ cấp độ: {step_label(nxt.step, 'vi')}",
                    f"level dossier: {step_label(nxt.step, 'en')}",
                ),
                nxt.due,
                nxt.overdue,
            )
        )
        if nxt.overdue:
            status.problems.append(
                Note(
                    f"hồ sơ cấp độ quá hạn bước {step_label(nxt.step, 'vi')} (hạn {nxt.due:%d/%m/%Y})",
                    f"level dossier overdue: {step_label(nxt.step, 'en')} was due on {nxt.due:%Y-%m-%d}",
                )
            )
    elif state.waiting is not None and state.step is not None:
        status.deadlines.append(
            Deadline(
                "dossier:waiting",
                Note("hồ sơ cấp độ", "level dossier"),
                None,
                False,
                Note(state.waiting.vi, state.waiting.en),
            )
        )
    if state.redetermine:
        from attt_audit.dossier.changes import redetermination_for

        # the sentence and the article come from the dossier data; the article is the regime in
        # force today (as in 'classify'): a change now is re-determined under today's rules
        red = redetermination_for(state.changes, regime, state.snapshot_source)
        if red is not None:
            status.problems.append(Note(red.line("vi"), red.line("en")))
    for problem in state.problems:
        status.problems.append(Note(problem.text.vi, problem.text.en))


def _inspection(classification: Any, status: SystemStatus, today: dt.date) -> None:
    interval = classification.inspection_interval_months
    if interval is None:
        return
    due = classification.next_inspection_due
    overdue = bool(classification.inspection_overdue)
    status.deadlines.append(
        Deadline(
            "inspection",
            Note(
                f"kiểm tra định kỳ ({interval} tháng/lần)", f"periodic inspection (every {interval} months)"
            ),
            due,
            overdue,
        )
    )
    if overdue:
        status.problems.append(
            Note(
                f"quá hạn kiểm tra định kỳ (hạn {due:%d/%m/%Y})" if due else "chưa ghi nhận lần kiểm tra nào",
                f"periodic inspection overdue (due {due:%Y-%m-%d})" if due else "no inspection recorded",
            )
        )


def _annual(sent: dt.date | None, today: dt.date) -> Deadline:
    """The owner's annual report: this year's deadline until a report counting for it is sent."""
    from attt_audit.regime import regime_for_date

    calendar = regime_for_date(today).reporting_calendar
    year = today.year
    sent_this_year = sent is not None and sent >= calendar.counts_from.on(year)
    if sent_this_year:
        due = calendar.external_deadline.on(year + 1)
        note = Note(
            f"báo cáo năm {year} đã gửi ngày {sent:%d/%m/%Y}", f"the {year} report was sent on {sent}"
        )
        return Deadline("annual_report", Note("báo cáo năm", "annual report"), due, False, note)
    due = calendar.external_deadline.on(year)
    return Deadline("annual_report", Note("báo cáo năm", "annual report"), due, today >= due)
