"""Use cases of ``dossier new`` and ``dossier status``: draft every document of a system's level
dossier, and show where each file stands with its next legal deadline. Plain arguments, no CLI."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from attt_audit.dossier.facts import Gap, Problem
    from attt_audit.dossier.tracking import TrackState
    from attt_audit.models.common import Lang

FORMATS = ("docx", "md", "html")
STATUS_FORMATS = ("table", "md", "json")


@dataclass
class DossierOutcome:
    """One system's dossier as written."""

    system_id: str
    name: str
    regime: str
    level: int | None
    folder: Path
    documents: list[str]
    files: list[Path]
    kept: list[tuple[Path, Path]]
    """(file the officer edited, new version written beside it)."""
    gaps: list[Gap]
    problems: list[Problem]


@dataclass
class NewResult:
    outcomes: list[DossierOutcome] = field(default_factory=list)

    @property
    def gap_count(self) -> int:
        return sum(len(o.gaps) for o in self.outcomes)


def parse_formats(text: str | list[str]) -> list[str]:
    from attt_audit.errors import InputError

    items = text.split(",") if isinstance(text, str) else list(text)
    out: list[str] = []
    for item in items:
        name = item.strip().lower()
        if name not in FORMATS:
            raise InputError(f"--format {item!r} is not a dossier format", expected=", ".join(FORMATS))
        if name not in out:
            out.append(name)
    if not out:
        raise InputError("--format names no format", expected=", ".join(FORMATS))
    return out


def default_folder(workspace: Path, system_id: str) -> Path:
    return workspace / "dossiers" / system_id


def new_dossiers(
    workspace: Path,
    *,
    system: str | None = None,
    all_systems: bool = False,
    regime: str | None = None,
    formats: str | list[str] = FORMATS,  # type: ignore[assignment]
    out: Path | None = None,
    lang: Lang = "vi",
    today: dt.date | None = None,
    templates: Path | None = None,
) -> NewResult:
    """Draft the dossier of ``system`` (or of every system) and write it, one folder per system.

    ``out``: the folder for one system, or the parent of one folder per system with ``all_systems``
    (default ``<workspace>/dossiers/<system>/``)."""
    from attt_audit.dossier.changes import scope_now
    from attt_audit.dossier.documents import build_documents
    from attt_audit.dossier.facts import collect
    from attt_audit.dossier.render import render_docx, render_text
    from attt_audit.dossier.writer import write_dossier
    from attt_audit.errors import InputError
    from attt_audit.resources import data_dir
    from attt_audit.workspace import Workspace

    if lang not in ("vi", "en"):
        raise InputError(f"--lang {lang!r} is not a language", expected="vi or en")
    if (system is None) == (not all_systems):
        raise InputError("name one system, or pass --all", expected="SYSTEM or --all")
    chosen = parse_formats(formats)
    ws = Workspace(Path(workspace))
    inventory = ws.inventory()
    ids = [s.id for s in inventory.systems] if all_systems else [ws.system(system or "").id]
    folder_tpl = templates or data_dir("reports")
    day = today or dt.date.today()
    result = NewResult()
    for sid in ids:
        facts = collect(ws.root, sid, regime=regime, today=day, inventory=inventory)
        docs = build_documents(facts)
        files: dict[str, bytes] = {}
        author = inventory.organisation.name
        for doc in docs:
            stem = doc.file.get(lang)
            for fmt in chosen:
                if fmt == "docx":
                    files[f"{stem}.docx"] = render_docx(doc, lang, folder_tpl, author)
                else:
                    files[f"{stem}.{fmt}"] = render_text(doc, lang, fmt, folder_tpl).encode("utf-8")
        if out is None:
            folder = default_folder(ws.root, sid)
        else:
            folder = Path(out) / sid if all_systems else Path(out)
        gaps = facts.gaps
        meta: dict[str, Any] = {
            "system": sid,
            "regime": facts.regime,
            "level": facts.level,
            "lang": lang,
            "drafted_on": day.isoformat(),
            "scope": {**scope_now(facts.system), "recorded_on": day.isoformat()},
            "gaps": [
                {"field": g.field, "location": g.location, "vi": g.label.vi, "en": g.label.en} for g in gaps
            ],
        }
        written = write_dossier(folder, files, meta)
        result.outcomes.append(
            DossierOutcome(
                system_id=sid,
                name=facts.system.name,
                regime=facts.regime,
                level=facts.level,
                folder=folder,
                documents=[d.id for d in docs],
                files=written.files,
                kept=written.kept,
                gaps=list(gaps),
                problems=list(facts.problems),
            )
        )
    return result


# ---------------------------------------------------------------------------- status


def dossier_status(
    workspace: Path, *, today: dt.date | None = None, regime: str | None = None
) -> list[TrackState]:
    """The state of every system's file: last step, next legal deadline, changes since approval."""
    from attt_audit.classify import choose_regime
    from attt_audit.dossier.tracking import track
    from attt_audit.workspace import Workspace
    from attt_audit.yamlio import read_yaml

    ws = Workspace(Path(workspace))
    inventory = ws.inventory()
    located = read_yaml(ws.inventory_path)
    day = today or dt.date.today()
    default = choose_regime(regime, day)
    return [
        track(
            s,
            index=i,
            today=day,
            default_regime=default,
            located=located,
            dossier_folder=default_folder(ws.root, s.id),
        )
        for i, s in enumerate(inventory.systems)
    ]


def _fmt_date(day: dt.date | None, lang: Lang) -> str:
    if day is None:
        return ""
    from attt_audit.text import format_date

    return format_date(day, lang)


def status_rows(states: list[TrackState], lang: Lang) -> tuple[list[str], list[list[str]]]:
    """Columns and rows of the status table (terminal and Markdown share them)."""
    from attt_audit.dossier.rules import load_rules

    rules = load_rules()
    lg: Lang = "en" if lang == "en" else "vi"
    vi = lang == "vi"
    columns = (
        [
            "Hệ thống",
            "Cấp độ",
            "Chế độ",
            "Bước hiện tại",
            "Ngày",
            "Số văn bản",
            "Thời hạn tiếp theo",
            "Căn cứ",
            "Ghi chú",
        ]
        if vi
        else [
            "System",
            "Level",
            "Regime",
            "Current step",
            "Date",
            "Document no.",
            "Next deadline",
            "Basis",
            "Notes",
        ]
    )
    rows = []
    for st in states:
        step = (
            rules.step_name(st.step.kind).get(lg) if st.step else ("chưa có hồ sơ" if vi else "no file yet")
        )
        nxt = ""
        basis = ""
        if st.next is not None:
            unit = (
                ("ngày làm việc" if vi else "working days")
                if st.next.unit == "working"
                else ("ngày" if vi else "days")
            )
            what = rules.step_name(st.next.step).get(lg)
            left = (
                (f"quá hạn {-st.next.left} {unit}" if vi else f"overdue by {-st.next.left} {unit}")
                if st.next.overdue
                else (f"còn {st.next.left} {unit}" if vi else f"{st.next.left} {unit} left")
            )
            nxt = f"{what}: {_fmt_date(st.next.due, lang)} ({left})"
            basis = f"{st.next.rule.ref} ({st.next.days} {unit})"
        notes = []
        if st.waiting is not None and st.step is not None:
            notes.append(st.waiting.get(lg))
        if st.changes:
            red = rules.redetermination
            notes.append(
                f"{red.text.get(lg)} ({red.ref.get(st.regime, '')}): "  # type: ignore[call-overload]
                + "; ".join(c.text.get(lg) for c in st.changes)
            )
        notes += [f"{p.location}: {p.text.get(lg)}" for p in st.problems]
        rows.append(
            [
                st.system_id,
                "" if st.level is None else str(st.level),
                st.regime,
                step,
                _fmt_date(st.step.date if st.step else None, lang),
                (st.step.number or "") if st.step else "",
                nxt,
                basis,
                " | ".join(notes),
            ]
        )
    return columns, rows


def status_json(states: list[TrackState]) -> str:
    out = []
    for st in states:
        out.append(
            {
                "system": st.system_id,
                "name": st.name,
                "regime": st.regime,
                "level": st.level,
                "step": None
                if st.step is None
                else {"kind": st.step.kind, "date": st.step.date.isoformat(), "number": st.step.number},
                "next_deadline": None
                if st.next is None
                else {
                    "step": st.next.step,
                    "from": st.next.start.isoformat(),
                    "due": st.next.due.isoformat(),
                    "days": st.next.days,
                    "unit": st.next.unit,
                    "left": st.next.left,
                    "overdue": st.next.overdue,
                    "ref": st.next.rule.ref,
                    "confidence": st.next.rule.confidence,
                },
                "waiting": None if st.waiting is None else st.waiting.model_dump(),
                "redetermine": st.redetermine,
                "changes": [c.text.model_dump() for c in st.changes],
                "snapshot_source": st.snapshot_source,
                "scope_now": st.scope,
                "problems": [{"location": p.location, **p.text.model_dump()} for p in st.problems],
            }
        )
    return json.dumps(out, ensure_ascii=False, indent=2)


def status_markdown(states: list[TrackState], lang: Lang) -> str:
    from attt_audit.render.jinja import md_cell

    columns, rows = status_rows(states, lang)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
