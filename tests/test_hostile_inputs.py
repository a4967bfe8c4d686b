"""A corpus of bad inputs thrown at the commands users run (issue 16 §2).

Every case: exit code 2, exactly one line on standard error naming the file (with its line
where there is one), no traceback, no "internal error", and every input file byte-for-byte
unchanged. The cases are generated: field mutations of the inventory, YAML breakages, answers,
waivers, annual.yaml and probes.yaml mutations, and broken workbooks.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from attt_audit import xlsx_safe, yamlio
from attt_audit.cli import main

INVENTORY = """\
schema_version: 1
organisation:
  name: Sở Thử nghiệm
  province: Bình An
systems:
  - id: portal
    name: Cổng thông tin
    owner: Sở Thử nghiệm
    system_type: citizen_business
    info_types: [public]
    declared_level: 2
    quy_che_date: 2024-02-29
    approval:
      decision: 12/QĐ-STN
      date: 2024-03-01
      approver: Giám đốc Sở
      level: 2
    hosts:
      - address: 127.0.0.1
        allowed_ports: [443]
    endpoints:
      - host: 127.0.0.1
        port: 443
        kinds: [tls]
    extra:
      note: x
  - id: qlvb
    name: Quản lý văn bản
    declared_level: 2
"""

ANSWERS = """\
system: portal
level: 2
answers:
  app.code-security/2/q1:
    status: Đạt
    evidence: [a.pdf]
"""

WAIVERS = """\
waivers:
  - id: w1
    system: portal
    control: app.code-security
    justification: Đang nâng cấp
    approver: Giám đốc Sở
    approved_on: 2026-01-01
    expires_on: 2026-12-31
"""

ANNUAL = """\
schema_version: 1
report:
  number: 125/STN-VP
  place: Bình An
  date: 2026-12-10
systems:
  portal:
    dossier_status: approved
    plan_status: full
    quy_che:
      number: 45/QĐ-STN
      date: 2023-04-10
      issuer: Giám đốc Sở
"""

PROBES = """\
cert_expiry_warning_days: 30
default_scan_ports: [22, 443]
"""

PROFILE = 'id: tiny\ntitle: {vi: "Nhỏ", en: "Tiny"}\nregime: nd331\nlevel: 2\ninclude: [app.code-security]\n'

FILES = {
    "inventory.yaml": INVENTORY,
    "answers/portal.yaml": ANSWERS,
    "waivers.yaml": WAIVERS,
    "annual.yaml": ANNUAL,
    "probes.yaml": PROBES,
    "profiles/tiny.yaml": PROFILE,
}

RUN = ["run", "-w", "{ws}", "-p", "tiny", "--date", "2026-11-20", "--format", "json", "--out", "{out}"]
COMMANDS = {
    "inventory.yaml": ["classify", "-w", "{ws}", "--format", "json", "--date", "2026-11-20"],
    "answers/portal.yaml": RUN,
    "waivers.yaml": RUN,
    "annual.yaml": ["report", "annual", "--year", "2026", "-w", "{ws}", "--format", "json", "--out", "{out}"],
    "probes.yaml": ["probe", "-w", "{ws}", "--all", "--dry-run"],
    "q.xlsx": ["questionnaire", "import", "{ws}/q.xlsx", "-s", "portal", "-w", "{ws}"],
}


@dataclass
class Case:
    id: str
    file: str
    mutate: Callable[[bytes], bytes] | None = None
    expect: str = ""
    """A fragment stderr must hold (default: the file name)."""
    command: list[str] | None = None
    patch: Callable[[pytest.MonkeyPatch], None] | None = None
    setup: Callable[[Path], None] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def text_mutation(func: Callable[[str], str]) -> Callable[[bytes], bytes]:
    return lambda raw: func(raw.decode("utf-8")).encode("utf-8")


def set_field(block_start: str, name: str, raw: str, indent: str = "    ") -> Callable[[bytes], bytes]:
    """Set ``name`` to the raw YAML ``raw`` in the mapping starting at line ``block_start``."""

    def apply(text: str) -> str:
        lines = text.split("\n")
        start = lines.index(block_start)
        end = start + 1
        while end < len(lines) and (lines[end].startswith(indent) or not lines[end].strip()):
            end += 1
        kept = lines[: start + 1]
        skipping = False
        for line in lines[start + 1 : end]:
            if line.startswith(f"{indent}{name}:"):
                skipping = True
                continue
            if skipping and line.startswith(indent + " "):
                continue
            skipping = False
            kept.append(line)
        kept.insert(start + 1, f"{indent}{name}: {raw}")
        return "\n".join(kept + lines[end:])

    return text_mutation(apply)


def replace(old: str, new: str) -> Callable[[bytes], bytes]:
    def apply(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return text_mutation(apply)


# ------------------------------------------------------------------------------ the corpus

SYSTEM_FIELDS: list[tuple[str, str]] = [
    ("declared_level", "true"),
    ("declared_level", "0"),
    ("declared_level", "6"),
    ("declared_level", "ba"),
    ("declared_level", "2.5"),
    ("declared_level", "[2]"),
    ("declared_level", "{a: 1}"),
    ("declared_level", '"2"'),
    ("users", "-1"),
    ("users", "true"),
    ("users", "nhiều"),
    ("subjects_basic", "1.5"),
    ("system_type", "citizen_busines"),
    ("system_type", "5"),
    ("system_type", "[internal]"),
    ("info_types", "public"),
    ("info_types", "[secret]"),
    ("public_service_level", "5"),
    ("public_service_level", "true"),
    ("quy_che_date", "2024-02-30"),
    ("quy_che_date", "2023-02-29"),
    ("quy_che_date", "2024-13-01"),
    ("quy_che_date", "'2024-02-30'"),
    ("quy_che_date", "31/12/2024"),
    ("quy_che_date", "hôm qua"),
    ("go_live_date", "2024-00-10"),
    ("plan_implemented_date", "2025-04-31"),
    ("hosting", "moon"),
    ("service_roles", "[email, teleport]"),
    ("infra_scope", "galaxy"),
    ("ics_grade", "V"),
    ("ns_damage", "catastrophic"),
    ("needs_24x7", "[yes]"),
    ("id", "'Bad Id'"),
    ("id", "''"),
    ("id", "-portal"),
    ("id", "qlvb"),
    ("name", "''"),
    ("name", "'   '"),
    ("name", '"Cổng\\0"'),
    ("name", '"Cổng\\x07"'),
    ("name", '"Cổng\\u001b[31m"'),
    ("levle", "3"),
    ("monitoring", "[1, 2]"),
    ("extra", "[1]"),
    ("extra", "{a: " * 900 + "1" + "}" * 900),
    ("extra", "[" * 500 + "]" * 500),
    ("hosts", "[{address: 127.0.0.1, allowed_ports: [70000]}]"),
    ("hosts", "[{address: 127.0.0.1, allowed_ports: [true]}]"),
    ("hosts", "[{address: 127.0.0.1, allowed_ports: '443'}]"),
    ("hosts", "[{addr: 127.0.0.1}]"),
    ("hosts", "{address: 127.0.0.1}"),
    ("endpoints", "[{host: 127.0.0.1, port: 0}]"),
    ("endpoints", "[{host: 127.0.0.1, port: 65536}]"),
    ("endpoints", "[{host: 127.0.0.1, port: https}]"),
    ("endpoints", "[{host: 127.0.0.1, port: 443, kinds: [telnet]}]"),
    ("endpoints", "[{host: 127.0.0.1}]"),
    ("approval", "{decision: x}"),
    ("approval", "{decision: x, date: 2024-02-30, approver: y}"),
    ("approval", "{decision: x, date: 2024-01-01, approver: y, level: true}"),
    ("approval", "{decision: x, date: 2024-01-01, approver: y, regime: nd99}"),
    ("last_inspection", "{date: 2025-02-29, by: x}"),
    ("last_inspection", "2025-01-01"),
]

ORG_FIELDS: list[tuple[str, str]] = [
    ("name", "''"),
    ("name", "[a]"),
    ("annual_report_date", "2025-02-29"),
    ("annual_report_date", "12/2025"),
    ("code", "{a: b}"),
    ("head", '"x\\0"'),
    ("unknown_field", "1"),
]

YAML_BREAKAGES: list[tuple[str, Callable[[bytes], bytes]]] = [
    ("unclosed-flow", replace("info_types: [public]", "info_types: [public")),
    ("unclosed-quote", replace("name: Cổng thông tin", 'name: "Cổng thông tin')),
    ("bad-indent", replace("    owner: Sở", "      owner: Sở")),
    ("tab-indent", replace("    owner: Sở", "\towner: Sở")),
    ("colon-in-text", replace("name: Cổng thông tin", "name: Cổng: thông tin")),
    ("duplicate-key", replace("    owner: Sở Thử nghiệm\n", "    owner: Sở Thử nghiệm\n    owner: B\n")),
    ("duplicate-top-key", text_mutation(lambda t: t + t.split("\n")[0] + "\n")),
    ("two-documents", text_mutation(lambda t: t + "---\na: 1\n")),
    ("empty", lambda raw: b""),
    ("only-comment", lambda raw: b"# nothing\n"),
    ("top-level-list", lambda raw: b"- a\n- b\n"),
    ("top-level-scalar", lambda raw: b"just text\n"),
    ("not-utf8", lambda raw: raw.replace("Cổng".encode(), b"C\xf4ng")),
    ("utf16", lambda raw: raw.decode("utf-8").encode("utf-16")),
    ("nul-byte", lambda raw: raw.replace("Cổng".encode(), b"C\x00ng", 1)),
    ("raw-escape-char", lambda raw: raw.replace("Cổng".encode(), b"C\x1bng", 1)),
    ("python-tag", replace("name: Cổng thông tin", "name: !!python/object/apply:os.system [ls]")),
    ("custom-tag", replace("name: Cổng thông tin", "name: !vault abc")),
    ("binary-tag", replace("name: Cổng thông tin", "name: !!binary '%%%'")),
    ("merge-scalar", replace("    owner: Sở Thử nghiệm\n", "    <<: 5\n")),
    ("merge-list-of-scalars", replace("    owner: Sở Thử nghiệm\n", "    <<: [1, 2]\n")),
    ("alias-undefined", replace("name: Cổng thông tin", "name: *nothing")),
    ("alias-inside-itself", text_mutation(lambda t: t + "loop: &x [1, *x]\n")),
    (
        "billion-laughs",
        text_mutation(
            lambda t: (
                "\n".join(
                    ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
                    + [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 9)]
                )
                + "\n"
                + t.replace("  name: Sở Thử nghiệm", "  name: Sở Thử nghiệm\n  extra: *l8")
            )
        ),
    ),
    ("directive-garbage", lambda raw: b"%YAML 9.9\n---\n" + raw),
    ("stray-brace", replace("    owner: Sở Thử nghiệm\n", "    owner: 'Sở' Thử nghiệm\n")),
    ("systems-scalar", replace("systems:\n  - id: portal", "systems: 5\nx:\n  - id: portal")),
    ("no-organisation", replace("organisation:\n  name: Sở Thử nghiệm\n  province: Bình An\n", "")),
    ("schema-version-2", replace("schema_version: 1", "schema_version: 2")),
    ("key-is-a-list", replace("    owner: Sở Thử nghiệm\n", "    ? [a, b]\n    : 1\n")),
]

ANSWER_MUTATIONS: list[tuple[str, Callable[[bytes], bytes], str]] = [
    ("status-typo", replace("status: Đạt", "status: Dat"), "'Dat' is not a status"),
    ("status-number", replace("status: Đạt", "status: 5"), "answers/portal.yaml:"),
    ("status-list", replace("status: Đạt", "status: [Đạt]"), "answers/portal.yaml:"),
    (
        "another-system",
        replace("system: portal", "system: qlvb"),
        "answers/portal.yaml:1:9: the answers file is for system 'qlvb'",
    ),
    ("bad-system-id", replace("system: portal", "system: 'Cổng'"), "answers/portal.yaml:1:"),
    ("level-true", replace("level: 2", "level: true"), "answers/portal.yaml:2:8:"),
    ("level-9", replace("level: 2", "level: 9"), "answers/portal.yaml:2:8:"),
    ("answers-list", replace("answers:\n", "answers: []\nx:\n"), "answers/portal.yaml:"),
    (
        "unknown-field",
        replace("    status: Đạt", "    status: Đạt\n    statsu: Đạt"),
        "answers/portal.yaml:6:5:",
    ),
    (
        "answered-at-impossible",
        replace("    status: Đạt", "    status: Đạt\n    answered_at: 2026-02-30T10:00:00"),
        "answers/portal.yaml:6:18:",
    ),
    ("evidence-mapping", replace("evidence: [a.pdf]", "evidence: {a: 1}"), "answers/portal.yaml:"),
    (
        "note-nul",
        replace("    status: Đạt", '    status: Đạt\n    note: "a\\0b"'),
        "answers/portal.yaml:6:11:",
    ),
    (
        "duplicate-answer",
        text_mutation(lambda t: t + "  app.code-security/2/q1:\n    status: Đạt\n"),
        "answers/portal.yaml:7:3: duplicate key",
    ),
    ("syntax", replace("status: Đạt", "status: [Đạt"), "answers/portal.yaml:"),
    ("merge-scalar", replace("    status: Đạt", "    <<: 5"), "answers/portal.yaml:5:9:"),
    ("empty", lambda raw: b"", "answers/portal.yaml:1:1: the file is empty"),
    ("not-utf8", lambda raw: raw.replace("Đạt".encode(), b"\xd0\x61t"), "answers/portal.yaml:"),
]

WAIVER_MUTATIONS: list[tuple[str, Callable[[bytes], bytes], str]] = [
    ("expires-30-02", replace("expires_on: 2026-12-31", "expires_on: 2026-02-30"), "waivers.yaml:8:17:"),
    (
        "approved-month-13",
        replace("approved_on: 2026-01-01", "approved_on: 2026-13-01"),
        "waivers.yaml:7:18:",
    ),
    (
        "approved-29-02-2025",
        replace("approved_on: 2026-01-01", "approved_on: 2025-02-29"),
        "waivers.yaml:7:18:",
    ),
    (
        "expires-quoted-impossible",
        replace("expires_on: 2026-12-31", "expires_on: '2026-02-30'"),
        "waivers.yaml:8:17:",
    ),
    (
        "expires-before-approved",
        replace("expires_on: 2026-12-31", "expires_on: 2025-12-31"),
        "waivers.yaml:8:",
    ),
    ("unknown-system", replace("system: portal", "system: nope"), "waivers.yaml:3:13:"),
    ("missing-approver", replace("    approver: Giám đốc Sở\n", ""), "waivers.yaml:"),
    ("duplicate-id", text_mutation(lambda t: t + t.split("\n", 1)[1]), "waivers.yaml:9:"),
    ("waivers-scalar", lambda raw: b"waivers: 5\n", "waivers.yaml:1:10:"),
    (
        "unknown-field",
        replace("    approver:", "    aprover:"),
        "waivers.yaml:2:5: at waivers[0].approver: required",
    ),
    ("bad-id", replace("id: w1", "id: 'W 1'"), "waivers.yaml:2:"),
    (
        "control-char",
        replace("justification: Đang nâng cấp", 'justification: "Đang\\x07"'),
        "waivers.yaml:5:",
    ),
]

ANNUAL_MUTATIONS: list[tuple[str, Callable[[bytes], bytes], str]] = [
    (
        "unknown-system",
        replace("  portal:\n", "  cong-khong-co:\n"),
        "annual.yaml:7:3: annual.yaml names systems that are not in the inventory: cong-khong-co",
    ),
    ("report-date-30-02", replace("date: 2026-12-10", "date: 2026-02-30"), "annual.yaml:5:9:"),
    ("quy-che-date-impossible", replace("date: 2023-04-10", "date: 2023-04-31"), "annual.yaml:"),
    (
        "dossier-status-typo",
        replace("dossier_status: approved", "dossier_status: aproved"),
        "annual.yaml:8:21:",
    ),
    ("plan-status-number", replace("plan_status: full", "plan_status: 3"), "annual.yaml:9:18:"),
    ("unknown-field", replace("  place: Bình An", "  plaec: Bình An"), "annual.yaml:4:3:"),
    ("schema-version-2", replace("schema_version: 1", "schema_version: 2"), "annual.yaml:1:17:"),
    ("systems-list", replace("systems:\n  portal:", "systems: []\nx:\n  portal:"), "annual.yaml:"),
    ("syntax", replace("  place: Bình An", "  place: [Bình An"), "annual.yaml:"),
    ("nul", replace("  place: Bình An", '  place: "Bình\\0An"'), "annual.yaml:4:10:"),
]

PROBE_MUTATIONS: list[tuple[str, Callable[[bytes], bytes], str]] = [
    ("port-70000", replace("[22, 443]", "[22, 70000]"), "probes.yaml:"),
    ("days-negative", replace("days: 30", "days: -1"), "probes.yaml:1:"),
    ("days-text", replace("days: 30", "days: ba mươi"), "probes.yaml:1:"),
    ("unknown-field", text_mutation(lambda t: t + "scan_everything: true\n"), "probes.yaml:3:1:"),
    ("syntax", replace("[22, 443]", "[22, 443"), "probes.yaml:"),
    ("top-level-list", lambda raw: b"- 1\n", "probes.yaml:1:1:"),
]


def _xlsx_rewrite(
    replace_parts: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()
) -> Callable[[bytes], bytes]:
    def apply(raw: bytes) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(raw)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
            for info in old.infolist():
                if info.filename in drop:
                    continue
                data = old.read(info.filename)
                for name, value in (replace_parts or {}).items():
                    if info.filename == name:
                        data = _insert(data, value)
                new.writestr(info.filename, data)
        return out.getvalue()

    return apply


def _insert(data: bytes, value: bytes) -> bytes:
    """``value`` whole, or a declaration put after the XML declaration (or first)."""
    if not value.startswith(b"<!"):
        return value
    if b"?>" in data[:200]:
        return data.replace(b"?>", b"?>" + value, 1)
    return value + data


def _first_sheet(raw: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))[1]


def _with_sheet_declaration(declaration: bytes) -> Callable[[bytes], bytes]:
    return lambda raw: _xlsx_rewrite({_first_sheet(raw): declaration})(raw)


def _set_limit(name: str, value: int) -> Callable[[pytest.MonkeyPatch], None]:
    return lambda mp: mp.setattr(xlsx_safe, name, value)


XLSX_MUTATIONS: list[Case] = [
    Case("xlsx-not-a-zip", "q.xlsx", lambda raw: b"<html>not a workbook</html>", "q.xlsx"),
    Case("xlsx-empty", "q.xlsx", lambda raw: b"", "q.xlsx"),
    Case("xlsx-truncated", "q.xlsx", lambda raw: raw[: len(raw) // 2], "q.xlsx"),
    Case("xlsx-no-workbook-part", "q.xlsx", _xlsx_rewrite(drop=("xl/workbook.xml",)), "q.xlsx"),
    Case(
        "xlsx-entity-bomb",
        "q.xlsx",
        _with_sheet_declaration(b'<!DOCTYPE l [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'),
        "declares a DOCTYPE or entities",
    ),
    Case(
        "xlsx-external-entity",
        "q.xlsx",
        _with_sheet_declaration(b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'),
        "declares a DOCTYPE or entities",
    ),
    Case(
        "xlsx-external-dtd",
        "q.xlsx",
        _with_sheet_declaration(b'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">'),
        "declares a DOCTYPE or entities",
    ),
    Case(
        "xlsx-xml-too-large",
        "q.xlsx",
        None,
        "the workbook's XML expands to",
        patch=_set_limit("MAX_XML_BYTES", 2000),
    ),
    Case("xlsx-too-many-cells", "q.xlsx", None, "more than 10 cells", patch=_set_limit("MAX_CELLS", 10)),
    Case(
        "xlsx-is-a-folder",
        "q.xlsx",
        None,
        "q.xlsx",
        setup=lambda ws: ((ws / "q.xlsx").unlink(), (ws / "q.xlsx").mkdir()),
    ),
]


def _cases() -> list[Case]:
    cases: list[Case] = []
    for i, (name, raw) in enumerate(SYSTEM_FIELDS):
        cases.append(
            Case(
                f"inventory-system-{name}-{i}",
                "inventory.yaml",
                set_field("  - id: portal", name, raw),
                "inventory.yaml:",
            )
        )
    for i, (name, raw) in enumerate(ORG_FIELDS):
        cases.append(
            Case(
                f"inventory-org-{name}-{i}",
                "inventory.yaml",
                set_field("organisation:", name, raw, "  "),
                "inventory.yaml:",
            )
        )
    for name, mutate in YAML_BREAKAGES:
        cases.append(Case(f"inventory-yaml-{name}", "inventory.yaml", mutate, "inventory.yaml"))
    groups = [
        ("answers", "answers/portal.yaml", ANSWER_MUTATIONS),
        ("waivers", "waivers.yaml", WAIVER_MUTATIONS),
        ("annual", "annual.yaml", ANNUAL_MUTATIONS),
        ("probes", "probes.yaml", PROBE_MUTATIONS),
    ]
    for prefix, file, mutations in groups:
        for name, mutate, expect in mutations:
            cases.append(Case(f"{prefix}-{name}", file, mutate, expect))
    for file in ("answers/portal.yaml", "waivers.yaml", "annual.yaml", "probes.yaml"):
        for name, mutate in YAML_BREAKAGES[:12]:
            if name in ("empty", "only-comment") and file != "answers/portal.yaml":
                continue
            try:
                mutate(FILES[file].encode())
            except AssertionError:
                continue  # the mutation's anchor text is not in this file
            cases.append(Case(f"{file.split('/')[0].removesuffix('.yaml')}-yaml-{name}", file, mutate, file))
    cases += XLSX_MUTATIONS
    cases += _disk_cases()
    return cases


# -------------------------------------------------------------------------- broken disks


def _refuse_mkstemp(code: int) -> Callable[[pytest.MonkeyPatch], None]:
    real = tempfile.mkstemp

    def fake(*args: Any, **kwargs: Any) -> Any:
        folder = str(kwargs.get("dir", ""))
        if folder.endswith("answers"):
            raise OSError(code, os.strerror(code), folder)
        return real(*args, **kwargs)

    return lambda mp: mp.setattr(tempfile, "mkstemp", fake)


def _disk_full(mp: pytest.MonkeyPatch) -> None:
    def fake_fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    mp.setattr(os, "fsync", fake_fsync)


def _unreadable(name: str) -> Callable[[pytest.MonkeyPatch], None]:
    real = Path.read_bytes

    def fake(self: Path) -> bytes:
        if self.name == name:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    return lambda mp: mp.setattr(Path, "read_bytes", fake)


def _make_folder(rel: str) -> Callable[[Path], None]:
    def setup(ws: Path) -> None:
        path = ws / rel
        path.unlink()
        path.mkdir()
        (path / "x").write_text("keep", encoding="utf-8")

    return setup


def _a_file(ws: Path) -> None:
    (ws / "plain-file").write_text("not a folder", encoding="utf-8")


IMPORT = ["questionnaire", "import", "{ws}/q.xlsx", "-s", "portal", "-w", "{ws}"]


def _disk_cases() -> list[Case]:
    return [
        Case(
            "disk-read-only-answers-folder",
            "q.xlsx",
            None,
            "no permission to write here",
            command=IMPORT,
            patch=_refuse_mkstemp(errno.EACCES),
        ),
        Case(
            "disk-read-only-filesystem",
            "q.xlsx",
            None,
            "the disk is read-only",
            command=IMPORT,
            patch=_refuse_mkstemp(errno.EROFS),
        ),
        Case("disk-full", "q.xlsx", None, "the disk is full", command=IMPORT, patch=_disk_full),
        Case(
            "disk-unreadable-inventory",
            "inventory.yaml",
            None,
            "inventory.yaml: no permission to read this file",
            patch=_unreadable("inventory.yaml"),
        ),
        Case(
            "disk-unreadable-answers",
            "answers/portal.yaml",
            None,
            "portal.yaml: no permission to read this file",
            patch=_unreadable("portal.yaml"),
        ),
        Case(
            "disk-inventory-is-a-folder",
            "inventory.yaml",
            None,
            "inventory.yaml",
            setup=_make_folder("inventory.yaml"),
        ),
        Case(
            "disk-answers-is-a-folder",
            "answers/portal.yaml",
            None,
            "portal.yaml: is a folder, not a file",
            setup=_make_folder("answers/portal.yaml"),
        ),
        Case(
            "disk-waivers-is-a-folder",
            "waivers.yaml",
            None,
            "waivers.yaml",
            setup=_make_folder("waivers.yaml"),
        ),
        Case(
            "disk-schema-out-under-a-file",
            "inventory.yaml",
            None,
            "plain-file: a file is in the way",
            command=["schema", "--out", "{ws}/plain-file/x"],
            setup=_a_file,
        ),
        Case(
            "disk-diff-out-under-a-file",
            "inventory.yaml",
            None,
            "plain-file: a file is in the way",
            command=["diff", "{ws}/runs/base", "{ws}/runs/base", "--out", "{ws}/plain-file/d.md"],
            setup=_a_file,
        ),
        Case(
            "disk-diff-out-is-a-folder",
            "inventory.yaml",
            None,
            "is a folder, not a file",
            command=["diff", "{ws}/runs/base", "{ws}/runs/base", "--out", "{ws}/answers"],
        ),
        Case(
            "disk-keys-under-a-file",
            "inventory.yaml",
            None,
            "plain-file: a file is in the way",
            command=["keys", "generate", "{ws}/plain-file/k", "--passphrase-file", "{ws}/pass.txt"],
            setup=_a_file,
        ),
        Case(
            "disk-run-out-under-a-file",
            "inventory.yaml",
            None,
            "plain-file/run",
            command=[*RUN[:-1], "{ws}/plain-file/run"],
            setup=_a_file,
        ),
    ]


CASES = _cases()

# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid workspace on which every command of the corpus succeeds."""
    ws = tmp_path_factory.mktemp("hostile") / "ws"
    for rel, text in FILES.items():
        (ws / rel).parent.mkdir(parents=True, exist_ok=True)
        (ws / rel).write_text(text, encoding="utf-8")
    (ws / "pass.txt").write_text("a long enough passphrase\n", encoding="utf-8")
    assert (
        main(
            [
                "run",
                "-w",
                str(ws),
                "-p",
                "tiny",
                "--date",
                "2026-11-20",
                "--format",
                "json",
                "--out",
                str(ws / "runs" / "base"),
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "questionnaire",
                "new",
                "-s",
                "portal",
                "-p",
                "tiny",
                "-f",
                "xlsx",
                "-o",
                str(ws / "q.xlsx"),
                "-w",
                str(ws),
            ]
        )
        == 0
    )
    return ws


@pytest.fixture(scope="module")
def catalog() -> Any:
    from attt_audit.catalog import load_catalog

    return load_catalog()


@pytest.fixture(autouse=True)
def _catalog_once(catalog: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled catalog is not under test here: load it once, not once per command."""
    monkeypatch.setattr("attt_audit.app.catalog.workspace_catalog", lambda workspace: catalog)


def _fill(args: list[str], ws: Path, out: Path) -> list[str]:
    return ["--lang", "en"] + [a.replace("{ws}", str(ws)).replace("{out}", str(out)) for a in args]


def _hashes(ws: Path) -> dict[str, str]:
    return {
        p.relative_to(ws).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(ws.rglob("*"))
        if p.is_file() and not p.relative_to(ws).as_posix().startswith("runs/")
    }


def test_the_base_workspace_passes_every_command(
    base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for i, (file, command) in enumerate(COMMANDS.items()):
        ws = tmp_path / f"ws{i}"
        shutil.copytree(base, ws)
        code = main(_fill(command, ws, tmp_path / f"out{i}"))
        _, err = capsys.readouterr()
        assert code in (0, 1), (file, err)  # 1: a probe or a run found gaps, not an input error


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 150, len(CASES)
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_one_line_exit_2_and_nothing_changes(
    case: Case,
    base: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(base, ws)
    if case.mutate is not None:
        target = ws / case.file
        target.write_bytes(case.mutate(target.read_bytes()))
    if case.setup is not None:
        case.setup(ws)
    before = _hashes(ws)
    with pytest.MonkeyPatch.context() as patched:
        if case.patch is not None:
            case.patch(patched)
        code = main(_fill(case.command or COMMANDS[case.file], ws, tmp_path / "out"))
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, (code, err, out[-500:])
    assert len(lines) == 1, err
    assert "Traceback" not in err + out and "internal error" not in err, err
    assert (case.expect or case.file) in err, err
    assert _hashes(ws) == before


def test_yamlio_translates_write_errors_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old\n", encoding="utf-8")
    _disk_full(monkeypatch)
    with pytest.raises(yamlio.InputError) as info:
        yamlio.atomic_write_text(target, "new\n")
    monkeypatch.undo()
    assert (
        info.value.render()
        == f"{target}: the disk is full (no space left); expected free space on the disk, then run again"
    )
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]  # the temporary file is gone


def test_run_exit_codes_match_the_readme(
    base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README: gaps alone are not a failure (0); --fail-under turns a low score into 1; bad input is 2."""
    ws = tmp_path / "ws"
    shutil.copytree(base, ws)
    assert main(_fill(RUN, ws, tmp_path / "a")) == 0  # portal has a gap (50% without waivers)
    fail_under = [*RUN[:-2], "--fail-under", "100", "--out", "{out}"]
    assert main(_fill(fail_under, ws, tmp_path / "b")) == 1
    assert main(_fill([*RUN[:-2], "--format", "", "--out", "{out}"], ws, tmp_path / "c")) == 2
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "`0` done (a `run` that found gaps is done" in readme and "`run --fail-under N`" in readme
    capsys.readouterr()
