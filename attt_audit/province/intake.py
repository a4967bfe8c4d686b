"""Intake (``province collect``): verify each unit's bundle, then accept or reject it.

A bundle is a folder signed by ``attt-audit sign`` (``manifest.json`` + ``manifest.sig``) holding
the unit's ``báo-cáo-năm-YYYY.json`` (and whatever else it sends: Word, Excel, run folders).

* Accepted: copied, in one read of every file (hashed while copied), to
  ``accepted/<unit>/<year>/bundle/`` with the normalised ``intake.json`` beside it; then every
  file and folder under ``accepted/<unit>/<year>/`` is made read-only (``chmod a-w``).
* Rejected: ``rejected/<unit>/<bundle>.md`` (one page) and ``.json`` name the unit, the file and
  the rule of every failed check; nothing is copied.
* The same bundle again is a no-op that says so; a different bundle for an accepted unit and
  year is rejected (accepted files are never replaced).

A hand-filed Excel Mẫu 08 goes through the same content checks and is accepted marked unsigned.
Rules, their basis and whether they reject or warn come from ``checklists/province/province.yaml``.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import shutil
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from attt_audit.annual.model import (
    DOSSIER_STATUS_LABELS,
    INSPECTION_BOTH_SEPARATOR,
    INSPECTION_LABELS,
    MAU08_COLUMNS,
    PLAN_STATUS_LABELS,
    AnnualReport,
    FormTotals,
    SystemRow,
)
from attt_audit.dates import VIETNAM
from attt_audit.models.province import ProvinceFile, Unit
from attt_audit.province.model import Finding, UnitReport
from attt_audit.province.workspace import ProvinceWorkspace, province_data
from attt_audit.signing import MANIFEST_NAME, SIGNATURE_NAME

_CHUNK = 1 << 20

Outcome = Literal["accepted", "rejected", "unchanged"]


@dataclass
class IntakeResult:
    source: Path
    outcome: Outcome
    unit: str | None = None
    year: int | None = None
    signed: bool = True
    findings: list[Finding] = field(default_factory=list)
    destination: Path | None = None
    note: str = ""

    @property
    def reasons(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "reject"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "outcome": self.outcome,
            "unit": self.unit,
            "year": self.year,
            "signed": self.signed,
            "destination": None if self.destination is None else str(self.destination),
            "note": self.note,
            "findings": [f.model_dump() for f in self.findings],
        }


@functools.cache
def data_period(year: int) -> tuple[dt.date, dt.date]:
    """The annual data period of the ``year`` report (15/12 of the year before → 14/12), from the
    reporting calendar of the regime in force at the period's end (``checklists/regimes``)."""
    from attt_audit.regime import regime_for_date

    rules = regime_for_date(dt.date(year, 12, 31))
    return rules.reporting_calendar.period(year)


def _nfc_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class _Checks:
    """Collects findings; each takes its severity and basis from the rule data."""

    def __init__(self) -> None:
        self.items: list[Finding] = []
        self.data = province_data()

    def fail(self, rule_id: str, file: str, message: str) -> None:
        rule = self.data.rule(rule_id)
        self.items.append(
            Finding(rule=rule_id, file=file, message=message, severity=rule.on_fail, basis=rule.basis)
        )

    @property
    def rejected(self) -> bool:
        return any(f.severity == "reject" for f in self.items)


# ------------------------------------------------------------------------------ identity


_UNIT_INDEX: list[tuple[ProvinceFile, dict[str, Unit], dict[str, Unit]]] = []
"""The last province's units by name and id (holding the province itself, so a match is by identity)."""


def _find_unit(province: ProvinceFile, report: AnnualReport | None, fingerprint: str) -> Unit | None:
    """The unit a report names: its owner name (NFC, case-insensitive) or its code equal to a unit id."""
    if report is None:
        return None
    if not _UNIT_INDEX or _UNIT_INDEX[0][0] is not province:
        _UNIT_INDEX[:] = [
            (province, {_nfc_key(u.name): u for u in province.units}, {u.id: u for u in province.units})
        ]
    _, by_name, by_id = _UNIT_INDEX[0]
    names = [str(report.organisation.get("name", ""))] + [b.name for b in report.units if b.role == "owner"]
    for name in names:
        unit = by_name.get(_nfc_key(name))
        if unit is not None:
            return unit
    code = str(report.organisation.get("code") or "").lower()
    return by_id.get(code) if code else None


def _unit_by_fingerprint(ws: ProvinceWorkspace, province: ProvinceFile, fingerprint: str) -> Unit | None:
    if not fingerprint:
        return None
    for unit in province.units:
        if _fingerprint_of(ws, unit) == fingerprint:
            return unit
    return None


_FP_CACHE: dict[bytes, str] = {}
_KEY_CACHE: dict[bytes, Any] = {}


def _unit_key(ws: ProvinceWorkspace, unit: Unit) -> Any:
    """The unit's registered Ed25519 public key, or None when it files unsigned; a bad key is an InputError."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from attt_audit.errors import InputError

    pem = ws.public_key_pem(unit)
    if pem is None:
        return None
    if pem in _KEY_CACHE:
        return _KEY_CACHE[pem]
    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError:
        raise InputError(
            f"the public key of unit {unit.id} is not a PEM public key",
            location=str(ws.province_path),
            expected="an Ed25519 .pub.pem from 'attt-audit keys generate'",
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise InputError(
            f"the public key of unit {unit.id} is not Ed25519",
            location=str(ws.province_path),
            expected="an Ed25519 public key",
        )
    _KEY_CACHE[pem] = key
    return key


def _fingerprint_of(ws: ProvinceWorkspace, unit: Unit) -> str:
    from attt_audit.signing import fingerprint

    pem = ws.public_key_pem(unit)
    if pem is None:
        return ""
    if pem not in _FP_CACHE:
        _FP_CACHE[pem] = fingerprint(_unit_key(ws, unit))
    return _FP_CACHE[pem]


# ------------------------------------------------------------------------------ content


def _report_checks(
    checks: _Checks, report_file: str, systems: list[SystemRow], totals: FormTotals | None
) -> None:
    """Mẫu 08 consistency (rows against §1 totals), exact column values, and the Art 36 items."""
    approved = [s for s in systems if s.dossier_status == "approved"]
    if totals is not None:
        pairs = [
            ("tổng số hệ thống", totals.total, len(systems)),
            ("số hệ thống đã được phê duyệt", totals.approved, len(approved)),
            (
                "số hệ thống đã phê duyệt và kiểm tra định kỳ",
                totals.approved_inspected,
                sum(1 for s in approved if "periodic" in s.inspection_kinds),
            ),
        ]
        for label, given, counted in pairs:
            if given != counted:
                checks.fail(
                    "mau08.consistency",
                    report_file,
                    f"Mẫu 08 mục 1 ghi {label} là {given} nhưng bảng hệ thống có {counted} dòng",
                )
    for row in systems:
        where = f"{report_file} (dòng {row.stt}: {row.name})"
        if row.dossier_status is not None and row.dossier_status not in DOSSIER_STATUS_LABELS:
            checks.fail("mau08.values", where, f"cột 6 có giá trị {row.dossier_status!r} không thuộc mẫu")
        if row.plan_status is not None and row.plan_status not in PLAN_STATUS_LABELS:
            checks.fail("mau08.values", where, f"cột 10 có giá trị {row.plan_status!r} không thuộc mẫu")
        bad_kinds = [k for k in row.inspection_kinds if k not in INSPECTION_LABELS and k != "ad_hoc"]
        if bad_kinds:
            checks.fail("mau08.values", where, f"cột 12 có giá trị không thuộc mẫu: {', '.join(bad_kinds)}")
        if row.level is None:
            checks.fail("content.items", where, "thiếu cấp độ đề xuất (cột 5)")
        if row.dossier_status is None:
            checks.fail("content.items", where, "thiếu tình trạng phê duyệt cấp độ (cột 6)")
        if row.plan_status is None:
            checks.fail("content.items", where, "thiếu tình trạng triển khai phương án (cột 10)")
        if row.dossier_status == "approved" and not row.approval_decision:
            checks.fail("content.items", where, "đã phê duyệt nhưng thiếu quyết định phê duyệt (cột 7)")
        if row.dossier_status == "approved" and not (row.quy_che_number or row.quy_che_date):
            checks.fail("content.items", where, "đã phê duyệt nhưng thiếu Quy chế (cột 8)")
        if row.dossier_status == "approved" and row.level is not None and row.level >= 4:
            cited = f"{row.approver or ''} {row.approval_decision or ''}"
            if not any(m.casefold() in cited.casefold() for m in checks.data.ministry_markers):
                checks.fail(
                    "cross.approver",
                    where,
                    f"hệ thống cấp độ {row.level} nhưng quyết định phê duyệt không nêu ý kiến thẩm định của Bộ Công an",
                )
        if row.quy_che_date and row.approval_date and row.quy_che_date > row.approval_date:
            checks.fail(
                "cross.quy_che_first",
                where,
                f"Quy chế ban hành ngày {row.quy_che_date:%d/%m/%Y}, sau ngày phê duyệt {row.approval_date:%d/%m/%Y}",
            )
    seen: dict[str, int] = {}
    for row in systems:
        key = _nfc_key(row.name) + "|" + _nfc_key(row.owner)
        if key in seen:
            checks.fail(
                "cross.unique",
                report_file,
                f"hệ thống {row.name!r} xuất hiện hai lần (dòng {seen[key]} và {row.stt})",
            )
        seen[key] = row.stt


def _timeliness(
    checks: _Checks, file: str, deadline: dt.date, received: dt.date, signed_at: dt.datetime | None
) -> bool:
    on_time = True
    if signed_at is not None and signed_at.astimezone(VIETNAM).date() > deadline:
        checks.fail(
            "identity.on_time",
            file,
            f"ký ngày {signed_at.astimezone(VIETNAM):%d/%m/%Y}, sau hạn nội bộ {deadline:%d/%m/%Y}",
        )
        on_time = False
    if received > deadline:
        checks.fail(
            "identity.on_time", file, f"đến ngày {received:%d/%m/%Y}, sau hạn nội bộ {deadline:%d/%m/%Y}"
        )
        on_time = False
    return on_time


def _period_check(checks: _Checks, file: str, year: int, start: dt.date, end: dt.date) -> None:
    want_start, want_end = data_period(year)
    if (start, end) != (want_start, want_end):
        checks.fail(
            "identity.period",
            file,
            f"kỳ số liệu {start:%d/%m/%Y}–{end:%d/%m/%Y}, không phải {want_start:%d/%m/%Y}–{want_end:%d/%m/%Y}",
        )


# ------------------------------------------------------------------------------ bundles


_WRITE = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


def _scan(root: Path) -> tuple[dict[str, str], list[str], list[str]]:
    """Regular files (relative path → path, the manifest and signature left out), odd entries
    (links, devices) and sub-folders (parents first) under ``root``, from the folder listings
    alone (``os.scandir``: no ``stat`` per entry)."""
    files: dict[str, str] = {}  # plain strings: no pathlib work per file
    odd: list[str] = []
    dirs: list[str] = []
    stack: list[tuple[str, str]] = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    dirs.append(rel)
                    stack.append((entry.path, rel + "/"))
                elif entry.is_file(follow_symlinks=False):
                    if rel not in (MANIFEST_NAME, SIGNATURE_NAME):
                        files[rel] = entry.path
                else:
                    odd.append(rel)
    dirs.sort(key=lambda d: d.count("/"))
    return files, odd, dirs


@dataclass
class _Read:
    sha256: str
    size: int
    mode: int
    linked: bool
    """The file has other hard links (a move would leave a writable name for the accepted bytes)."""
    data: bytes | None = None


def _read_hashing(
    path: str | Path, *, keep: bool = False, freeze: bool = False, dest: str | Path | None = None
) -> _Read:
    """Read ``path`` once: its SHA-256 and size; its bytes with ``keep``; made read-only in
    place with ``freeze`` (``fchmod`` on the open file); written to ``dest`` (created read-only)
    when given. System calls: open, fstat, one read for a file under 1 MiB, (fchmod), close."""
    digest = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
    out = -1
    try:
        st = os.fstat(fd)
        mode = stat.S_IMODE(st.st_mode)
        if dest is not None:
            out = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode & ~_WRITE | 0o400)
        want = min(st.st_size + 1, _CHUNK)
        parts: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, want)
            if not chunk:
                break
            digest.update(chunk)
            size += len(chunk)
            if keep:
                parts.append(chunk)
            if out >= 0:
                view = memoryview(chunk)
                while view:
                    view = view[os.write(out, view) :]
            if len(chunk) < want and size >= st.st_size:
                break  # a short read past the size fstat gave: end of file
        if freeze:
            os.fchmod(fd, mode & ~_WRITE)
    finally:
        os.close(fd)
        if out >= 0:
            os.close(out)
    return _Read(digest.hexdigest(), size, mode, st.st_nlink > 1, b"".join(parts) if keep else None)


def _freeze(path: Path) -> None:
    os.chmod(path, stat.S_IMODE(os.stat(path).st_mode) & ~_WRITE)


def _freeze_dirs(root: Path, dirs: list[str]) -> None:
    """``chmod a-w`` on the sub-folders ``dirs`` of ``root`` (deepest first), then on ``root``."""
    for rel in reversed(dirs):
        _freeze(root / rel)
    _freeze(root)


def _make_writable(root: Path) -> None:
    if root.is_file():
        os.chmod(root, stat.S_IMODE(os.lstat(root).st_mode) | stat.S_IWUSR)
        return
    for dirpath, _dirs, filenames in os.walk(root):
        os.chmod(dirpath, stat.S_IMODE(os.lstat(dirpath).st_mode) | stat.S_IWUSR)
        for name in filenames:
            p = os.path.join(dirpath, name)
            os.chmod(p, stat.S_IMODE(os.lstat(p).st_mode) | stat.S_IWUSR)


def _remove_staging(path: Path) -> None:
    if path.exists():
        _make_writable(path)
        shutil.rmtree(path, ignore_errors=True)


@functools.lru_cache(maxsize=64)
def _real(folder: str) -> str:
    return os.path.realpath(folder)


@functools.lru_cache(maxsize=8)
def _device(folder: str) -> int:
    return os.stat(folder).st_dev


def _in_inbox(ws: ProvinceWorkspace, source: Path) -> bool:
    """``source`` sits in the workspace's own ``inbox/`` (folders resolved once per collect)."""
    try:
        inbox = _real(os.path.abspath(ws.inbox))
        parent = _real(os.path.dirname(os.path.abspath(source)))
    except OSError:
        return False
    return parent == inbox or parent.startswith(inbox + os.sep)


def _can_move(ws: ProvinceWorkspace, source: Path) -> bool:
    """Bundles in the workspace's own inbox, on the workspace's filesystem, are moved (renamed)
    into ``accepted/`` or ``rejected/``; any other source is copied and left where it is."""
    if not _in_inbox(ws, source):
        return False
    try:
        return os.stat(source).st_dev == _device(os.path.abspath(ws.root))
    except OSError:
        return False


def _find_report_files(names: list[str]) -> list[str]:
    return sorted(
        n
        for n in names
        if Path(n).suffix == ".json"
        and (
            unicodedata.normalize("NFC", Path(n).name).startswith("báo-cáo-năm-")
            or Path(n).name.startswith("annual-report-")
        )
    )


def _read_report(raw: bytes) -> AnnualReport:
    """The annual report, validated without its per-requirement appendix (intake does not use it;
    ``conclude`` reads and validates the accepted copy in full). Raises ValueError when unreadable."""
    from pydantic_core import from_json  # parses bytes as they are, faster than json.loads

    data = from_json(raw)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    for row in data.get("systems") or []:
        if isinstance(row, dict):
            row.pop("requirements", None)
    return AnnualReport.model_validate(data)


def _existing(ws: ProvinceWorkspace, unit: str, year: int) -> UnitReport | None:
    path = ws.accepted / unit / str(year) / "intake.json"
    if not path.is_file():
        return None
    return UnitReport.model_validate_json(path.read_bytes())


def collect_bundle(
    ws: ProvinceWorkspace,
    province: ProvinceFile,
    bundle: Path,
    *,
    received: dt.date,
    now: dt.datetime,
) -> IntakeResult:
    """Verify one signed bundle folder and accept or reject it."""
    from cryptography.exceptions import InvalidSignature

    from attt_audit.signing import fingerprint

    checks = _Checks()
    result = IntakeResult(source=bundle, outcome="rejected")
    name = bundle.name
    manifest_path = bundle / MANIFEST_NAME
    sig_path = bundle / SIGNATURE_NAME
    manifest: dict[str, Any] = {}
    body = b""
    if not manifest_path.is_file():
        checks.fail("bundle.signed", f"{name}/{MANIFEST_NAME}", "không có bản kê: gói chưa được ký")
    else:
        body = manifest_path.read_bytes()
        try:
            from pydantic_core import from_json

            parsed = from_json(body)
            manifest = parsed if isinstance(parsed, dict) else {}
        except ValueError:
            checks.fail(
                "bundle.integrity", f"{name}/{MANIFEST_NAME}", "bản kê không phải JSON hợp lệ (đã bị sửa)"
            )
    if manifest_path.is_file() and not sig_path.is_file():
        checks.fail("bundle.signed", f"{name}/{SIGNATURE_NAME}", "không có chữ ký của bản kê")

    files, odd, dirs = _scan(bundle)
    move = _can_move(ws, bundle)
    # the report, read from the bundle as it is (its integrity is judged below)
    report: AnnualReport | None = None
    report_read: _Read | None = None
    report_files = _find_report_files(list(files))
    report_file = report_files[0] if len(report_files) == 1 else ""
    if len(report_files) != 1:
        checks.fail(
            "bundle.report",
            name,
            "không có báo cáo năm dạng dữ liệu"
            if not report_files
            else f"có {len(report_files)} báo cáo năm",
        )
    else:
        try:
            report_read = _read_hashing(files[report_file], keep=True)
            assert report_read.data is not None
            report = _read_report(report_read.data)
        except ValueError as exc:
            first = str(exc).splitlines()[0] if str(exc) else "không đọc được"
            checks.fail("bundle.report", f"{name}/{report_file}", f"không đọc được báo cáo năm ({first})")

    signed_fp = str(manifest.get("key_fingerprint", ""))
    unit = _find_unit(province, report, signed_fp) or _unit_by_fingerprint(ws, province, signed_fp)
    result.unit = unit.id if unit else None
    if unit is None:
        claimed = str(report.organisation.get("name", "")) if report else "(không rõ)"
        checks.fail(
            "identity.unit",
            f"{name}/{report_file or MANIFEST_NAME}",
            f"đơn vị {claimed!r} không có trong danh sách của tỉnh",
        )

    # signature against the unit's registered key
    signed_at: dt.datetime | None = None
    try:
        signed_at = dt.datetime.fromisoformat(str(manifest.get("created_at", "")))
        if signed_at.tzinfo is None:
            signed_at = signed_at.replace(tzinfo=dt.UTC)
    except ValueError:
        signed_at = None
    if unit is not None and body and sig_path.is_file():
        key = _unit_key(ws, unit)
        if key is None:
            checks.fail(
                "bundle.key",
                f"{name}/{SIGNATURE_NAME}",
                f"tỉnh chưa đăng ký khóa công khai cho đơn vị {unit.id}",
            )
        else:
            registered = fingerprint(key)
            if signed_fp and signed_fp != registered:
                other = _unit_by_fingerprint(ws, province, signed_fp)
                whose = f"khóa của đơn vị {other.id}" if other else "một khóa không được đăng ký"
                checks.fail(
                    "bundle.key",
                    f"{name}/{SIGNATURE_NAME}",
                    f"gói được ký bằng {whose} ({signed_fp}), không phải khóa đã đăng ký của {unit.id} ({registered})",
                )
            else:
                try:
                    key.verify(base64.b64decode(sig_path.read_bytes().strip(), validate=True), body)
                except (ValueError, InvalidSignature):
                    checks.fail(
                        "bundle.integrity",
                        f"{name}/{MANIFEST_NAME}",
                        f"chữ ký không khớp bản kê theo khóa đã đăng ký của {unit.id} (bản kê hoặc chữ ký đã bị sửa)",
                    )
                embedded = str(manifest.get("public_key", ""))
                try:
                    if embedded and base64.b64decode(embedded) != _raw(key):
                        checks.fail(
                            "bundle.key",
                            f"{name}/{MANIFEST_NAME}",
                            "khóa ghi trong bản kê khác khóa đã đăng ký",
                        )
                except ValueError:
                    checks.fail(
                        "bundle.integrity", f"{name}/{MANIFEST_NAME}", "khóa ghi trong bản kê không đọc được"
                    )

    year = report.year if report else None
    result.year = year
    sig_bytes = sig_path.read_bytes() if sig_path.is_file() else b""
    digest = hashlib.sha256(body + b"\0" + sig_bytes + b"\0").hexdigest()
    if report is not None and unit is not None:
        existing = _existing(ws, unit.id, report.year)
        if existing is not None:
            if existing.bundle_digest == digest:
                result.outcome = "unchanged"
                result.destination = ws.accepted / unit.id / str(report.year)
                result.note = "gói này đã được tiếp nhận trước đây; không thay đổi gì"
                return result
            checks.fail(
                "identity.duplicate",
                f"{name}/{MANIFEST_NAME}",
                f"đã tiếp nhận một gói khác của {unit.id} cho năm {report.year}; bản đã tiếp nhận không bao giờ bị thay thế",
            )
        _period_check(checks, f"{name}/{report_file}", report.year, report.period_start, report.period_end)
        deadline = province.reporting.deadline(report.year)
        _timeliness(checks, f"{name}/{SIGNATURE_NAME}", deadline, received, signed_at)
        totals = report.totals
        _report_checks(checks, f"{name}/{report_file}", report.systems, totals)
        if not [b for b in report.units if b.role == "owner"]:
            checks.fail("content.items", f"{name}/{report_file}", "thiếu thông tin chủ quản (Mẫu 08 mục 2.a)")
        if not [b for b in report.units if b.role == "specialised_unit"]:
            checks.fail(
                "content.items",
                f"{name}/{report_file}",
                "thiếu thông tin đơn vị chuyên trách (Mẫu 08 mục 2.b)",
            )

    # integrity: one read of every file. A bundle in the inbox is hashed and made read-only in
    # place, then moved; any other source is copied into staging while hashed.
    listed: dict[str, dict[str, Any]] = {}
    for entry in manifest.get("files", []) if isinstance(manifest.get("files"), list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            listed[entry["path"]] = entry
    for rel in sorted(set(listed) - set(files)):
        checks.fail("bundle.integrity", f"{name}/{rel}", "tệp có trong bản kê đã bị xoá khỏi gói")
    for rel in sorted(odd):
        checks.fail("bundle.integrity", f"{name}/{rel}", "mục không phải tệp thường (liên kết…)")
    for rel in sorted(set(files) - set(listed)):
        if manifest:
            checks.fail("bundle.integrity", f"{name}/{rel}", "tệp được thêm vào sau khi ký")
    can_accept = not checks.rejected and unit is not None and report is not None
    staging: Path | None = None
    if can_accept:
        assert unit is not None
        staging = ws.root / ".intake-staging" / f"{unit.id}-{os.getpid()}-{digest[:12]}"
        _remove_staging(staging)

    def verify(copy_to: Path | None, freeze: bool) -> bool:
        """Hash every listed file (copying it under ``copy_to``); False when one is hard-linked."""
        base = ""
        if copy_to is not None:
            base = str(copy_to / "bundle")
            os.makedirs(base)
            for rel in dirs:
                os.mkdir(os.path.join(base, rel))
        linked = False
        for rel, path in files.items():
            entry = listed.get(rel)
            if entry is None:
                continue
            dest = None if copy_to is None or checks.rejected else os.path.join(base, rel)
            if rel == report_file and report_read is not None:
                read = report_read
                if dest is not None:
                    assert read.data is not None
                    _write_read_only(dest, read.data, read.mode)
                elif freeze and not checks.rejected:
                    os.chmod(path, read.mode & ~_WRITE)
            else:
                read = _read_hashing(path, freeze=freeze and not checks.rejected, dest=dest)
            linked = linked or read.linked
            if read.size != entry.get("size") or read.sha256 != entry.get("sha256"):
                checks.fail(
                    "bundle.integrity", f"{name}/{rel}", "nội dung tệp khác với bản kê đã ký (đã bị sửa)"
                )
        return not linked

    try:
        moved = False
        if staging is not None and move:
            if not verify(None, freeze=True) and not checks.rejected:
                # a hard-linked file: copy (a second read) so no other name reaches the accepted bytes
                move = False
                verify(staging, freeze=False)
        else:
            verify(staging, freeze=False)
        if checks.rejected or staging is None or unit is None or report is None:
            if staging is not None:
                _remove_staging(staging)
            return _reject(ws, result, checks, name, bundle, move=move)
        receipt = UnitReport(
            unit=unit.id,
            unit_name=unit.name,
            year=report.year,
            period_start=report.period_start,
            period_end=report.period_end,
            source="bundle",
            signed=True,
            key_fingerprint=signed_fp,
            signed_at=signed_at,
            received=received,
            deadline=province.reporting.deadline(report.year),
            on_time=True,
            bundle_name=name,
            bundle_digest=digest,
            report_file=report_file,
            systems=report.systems,  # read without their requirement lines (_read_report)
            totals=report.totals,
            unit_blocks=report.units,
            requests=report.requests,
            warnings=checks.items,
            accepted_at=now,
        )
        if move:
            staging.mkdir(parents=True)
            os.rename(bundle, staging / "bundle")
            moved = True
            _freeze(staging / "bundle" / MANIFEST_NAME)
            _freeze(staging / "bundle" / SIGNATURE_NAME)
        else:
            _write_read_only(staging / "bundle" / MANIFEST_NAME, body, 0o444)
            _write_read_only(staging / "bundle" / SIGNATURE_NAME, sig_bytes, 0o444)
        _freeze_dirs(staging / "bundle", dirs)
        return _accept(ws, result, receipt, staging)
    except BaseException:
        if staging is not None:
            if moved:  # put the unit's bundle back where it was, then drop the staging folder
                _make_writable(staging / "bundle")
                os.rename(staging / "bundle", bundle)
            _remove_staging(staging)
        raise


def _write_read_only(path: str | Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode & ~_WRITE | 0o400)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _raw(key: Any) -> bytes:
    from attt_audit.signing import raw_public_key

    return raw_public_key(key)


def _accept(ws: ProvinceWorkspace, result: IntakeResult, receipt: UnitReport, staging: Path) -> IntakeResult:
    """Write ``intake.json`` beside the (already read-only) ``staging/bundle`` and rename the staging
    folder to ``accepted/<unit>/<year>``: the year folder appears complete or not at all."""
    _write_read_only(staging / "intake.json", (receipt.model_dump_json(indent=1) + "\n").encode(), 0o444)
    dest = ws.accepted / receipt.unit / str(receipt.year)
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.rename(staging, dest)
    _freeze(dest)
    result.outcome = "accepted"
    result.destination = dest
    result.signed = receipt.signed
    result.findings = receipt.warnings
    return result


def _free_stem(folder: Path, name: str) -> str:
    """``name``, or ``name-2``, ``name-3`` … when a rejected bundle of that name is already there."""
    stem = unicodedata.normalize("NFC", name)
    n = 1
    while True:
        candidate = stem if n == 1 else f"{stem}-{n}"
        if not any((folder / c).exists() for c in (candidate, f"{candidate}.md", f"{candidate}.json")):
            return candidate
        n += 1


def _reject(
    ws: ProvinceWorkspace,
    result: IntakeResult,
    checks: _Checks,
    name: str,
    source: Path,
    *,
    move: bool = False,
) -> IntakeResult:
    """Write the one-page reason (``.md``) and its data (``.json``) under ``rejected/<unit>/``.

    With ``move`` (a source in the workspace's inbox) the bundle itself goes beside them
    (``rejected/<unit>/<name>/``, ``<name>-2`` … if that name was rejected before), so the inbox
    holds only what is still to collect; any other source is left where it is."""
    from attt_audit.yamlio import atomic_write_text

    result.outcome = "rejected"
    result.findings = checks.items
    folder = ws.rejected / (result.unit or "không-rõ-đơn-vị")
    stem = _free_stem(folder, name) if move else unicodedata.normalize("NFC", name)
    md_path = folder / f"{stem}.md"
    json_path = folder / f"{stem}.json"
    payload = {
        "bundle": name,
        "unit": result.unit,
        "year": result.year,
        "outcome": "rejected",
        "reasons": [f.model_dump() for f in checks.items if f.severity == "reject"],
        "warnings": [f.model_dump() for f in checks.items if f.severity == "warn"],
    }
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if json_path.is_file() and json_path.read_text(encoding="utf-8") == text:
        result.outcome = "unchanged"
        result.note = "gói này đã bị từ chối trước đây với cùng lý do; không thay đổi gì"
        result.destination = md_path
        return result
    data = province_data()
    lines = [
        f"# Không tiếp nhận báo cáo: {name}",
        "",
        f"- Đơn vị: {result.unit or 'không xác định được'}",
        f"- Năm báo cáo: {result.year or 'không xác định được'}",
        f"- Nguồn: {source.name}",
        *(
            [f"- Gói đã chuyển khỏi hộp thư đến, lưu tại: {ws.rejected.name}/{folder.name}/{stem}"]
            if move
            else []
        ),
        "",
        "## Lý do",
        "",
        "| Quy tắc | Tệp | Nội dung | Căn cứ |",
        "|---|---|---|---|",
    ]
    for f in checks.items:
        if f.severity == "reject":
            lines.append(f"| {data.rule(f.rule).text} | `{f.file}` | {f.message} | {f.basis} |")
    warns = [f for f in checks.items if f.severity == "warn"]
    if warns:
        lines += ["", "## Lưu ý khác", ""]
        lines += [f"- `{f.file}`: {f.message}" for f in warns]
    lines += [
        "",
        "Đề nghị đơn vị kiểm tra, lập lại gói báo cáo, ký số và gửi lại. Gói bị từ chối không được tính vào số liệu tổng hợp.",
        "",
    ]
    atomic_write_text(md_path, "\n".join(lines))
    atomic_write_text(json_path, text)
    result.destination = md_path
    if move:
        os.rename(source, folder / stem)
        result.note = f"đã chuyển khỏi hộp thư đến vào {ws.rejected.name}/{folder.name}/{stem}"
    return result


# ------------------------------------------------------------------------------ Excel


def _parse_ref(text: str) -> tuple[str | None, dt.date | None, str | None]:
    """``512/QĐ-SGTVT, ngày 18/05/2023, Giám đốc Sở`` → number, date, body."""
    parts = [p.strip() for p in text.split(",")]
    number = parts[0] if parts and parts[0] and parts[0] != "(số chưa có)" else None
    day: dt.date | None = None
    rest: list[str] = []
    for p in parts[1:]:
        if p.startswith("ngày "):
            try:
                day = dt.datetime.strptime(p[5:].strip(), "%d/%m/%Y").date()
            except ValueError:
                rest.append(p)
        else:
            rest.append(p)
    return number, day, ", ".join(rest) or None


def _cell_date(value: object, where: str) -> dt.date | None:
    from attt_audit.errors import InputError

    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
    except ValueError:
        raise InputError(f"{value!r} is not a date", location=where, expected="DD/MM/YYYY") from None


def read_excel_mau08(path: Path) -> tuple[list[SystemRow], tuple[dt.date, dt.date] | None, list[Finding]]:
    """The Mẫu 08 table of a hand-filed workbook (sheet ``Hệ thống``, the 12 headers exactly).

    Returns the rows, the data period if the ``Tổng hợp`` sheet states it, and value findings
    (each naming ``sheet!cell``). A workbook that cannot be read at all raises InputError.
    """
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from attt_audit.errors import InputError

    checks = _Checks()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise InputError(
            f"cannot open the workbook ({type(exc).__name__})", location=str(path), expected="an .xlsx file"
        ) from None
    sheet_name = "Hệ thống" if "Hệ thống" in wb.sheetnames else wb.sheetnames[0]
    sheet = wb[sheet_name]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        raise InputError(
            "the sheet is empty", location=f"{path}:{sheet_name}!A1", expected="the Mẫu 08 table"
        )
    header = [str(c or "").strip() for c in rows[0][:12]]
    for i, name in enumerate(MAU08_COLUMNS, 1):
        want = f"({i}) {name}"
        got = header[i - 1] if i - 1 < len(header) else ""
        if unicodedata.normalize("NFC", got) != want:
            checks.fail(
                "mau08.values",
                f"{path.name}:{sheet_name}!{get_column_letter(i)}1",
                f"tiêu đề cột là {got!r}, mẫu quy định {want!r}",
            )
    rev6 = {v: k for k, v in DOSSIER_STATUS_LABELS.items()}
    rev10 = {v: k for k, v in PLAN_STATUS_LABELS.items()}
    rev12 = {v: k for k, v in INSPECTION_LABELS.items()}
    systems: list[SystemRow] = []
    for r, values in enumerate(rows[1:], start=2):
        cells = list(values[:12]) + [None] * (12 - len(values[:12]))
        if all(c in (None, "") for c in cells):
            break
        text = [unicodedata.normalize("NFC", str(c).strip()) if c not in (None, "") else "" for c in cells]

        def at(col: int, row: int = r) -> str:
            return f"{path.name}:{sheet_name}!{get_column_letter(col)}{row}"

        status6 = rev6.get(text[5]) if text[5] else None
        if text[5] and status6 is None:
            checks.fail("mau08.values", at(6), f"giá trị {text[5]!r} không thuộc mẫu ({' · '.join(rev6)})")
        status10 = rev10.get(text[9]) if text[9] else None
        if text[9] and status10 is None:
            checks.fail("mau08.values", at(10), f"giá trị {text[9]!r} không thuộc mẫu ({' · '.join(rev10)})")
        kinds: list[str] = []
        for part in [p.strip() for p in text[11].split(INSPECTION_BOTH_SEPARATOR.strip()) if p.strip()]:
            if part in rev12:
                kinds.append(rev12[part])
            else:
                checks.fail("mau08.values", at(12), f"giá trị {part!r} không thuộc mẫu ({' · '.join(rev12)})")
        level: int | None = None
        if text[4]:
            try:
                level = int(float(text[4]))
                if not 1 <= level <= 5:
                    raise ValueError
            except ValueError:
                checks.fail("mau08.values", at(5), f"cấp độ {text[4]!r} không phải số từ 1 đến 5")
                level = None
        decision, approval_date, approver = _parse_ref(text[6]) if text[6] else (None, None, None)
        qc_number, qc_date, qc_issuer = _parse_ref(text[7]) if text[7] else (None, None, None)
        try:
            stt = int(float(text[0])) if text[0] else r - 1
        except ValueError:
            stt = r - 1
        systems.append(
            SystemRow(
                stt=stt,
                id=f"dong-{r}",
                name=text[1],
                owner=text[2],
                operator=text[3],
                level=level,
                level_source="declared",
                dossier_status=status6,
                approval_decision=decision,
                approval_date=approval_date,
                approver=approver,
                approval_expected=_cell_date(cells[8], at(9)),
                quy_che_number=qc_number,
                quy_che_date=qc_date,
                quy_che_issuer=qc_issuer,
                plan_status=status10,
                plan_full_expected=_cell_date(cells[10], at(11)),
                inspection_kinds=kinds,
            )
        )
    period: tuple[dt.date, dt.date] | None = None
    if "Tổng hợp" in wb.sheetnames:
        for values in wb["Tổng hợp"].iter_rows(values_only=True, max_col=2):
            if values and str(values[0] or "").strip() == "Kỳ số liệu" and values[1]:
                start_text, _, end_text = str(values[1]).replace("–", "-").partition("-")
                try:
                    period = (
                        dt.datetime.strptime(start_text.strip(), "%d/%m/%Y").date(),
                        dt.datetime.strptime(end_text.strip(), "%d/%m/%Y").date(),
                    )
                except ValueError:
                    period = None
                break
    wb.close()
    return systems, period, checks.items


def collect_excel(
    ws: ProvinceWorkspace,
    province: ProvinceFile,
    path: Path,
    *,
    received: dt.date,
    now: dt.datetime,
    unit_id: str | None = None,
    year: int | None = None,
) -> IntakeResult:
    """Import a hand-filed Excel Mẫu 08: the same content checks, accepted marked unsigned."""
    from attt_audit.errors import InputError

    checks = _Checks()
    result = IntakeResult(source=path, outcome="rejected", signed=False)
    move = _can_move(ws, path)
    systems, period, value_findings = read_excel_mau08(path)
    checks.items.extend(value_findings)
    unit: Unit | None = province.unit(unit_id) if unit_id else None
    if unit_id and unit is None:
        raise InputError(
            f"no unit {unit_id!r} in province.yaml",
            location=str(ws.province_path),
            expected="a unit id listed under units",
        )
    if unit is None:
        owners = {_nfc_key(s.owner) for s in systems if s.owner}
        unit = next((u for u in province.units if _nfc_key(u.name) in owners), None)
    if unit is None:
        checks.fail(
            "identity.unit",
            path.name,
            "không xác định được đơn vị: chủ quản (cột 3) không có trong danh sách của tỉnh",
        )
    result.unit = unit.id if unit else None
    if period is not None:
        report_year = period[1].year
    elif year is not None:
        report_year = year
        period = data_period(year)
    else:
        checks.fail(
            "identity.period", path.name, "tệp không ghi kỳ số liệu (trang Tổng hợp) và không có --year"
        )
        return _reject(ws, result, checks, path.name, path, move=move)
    result.year = report_year
    _period_check(checks, path.name, report_year, period[0], period[1])
    deadline = province.reporting.deadline(report_year)
    on_time = _timeliness(checks, path.name, deadline, received, None)
    _report_checks(checks, path.name, systems, None)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if unit is not None:
        existing = _existing(ws, unit.id, report_year)
        if existing is not None:
            if existing.bundle_digest == digest:
                result.outcome = "unchanged"
                result.destination = ws.accepted / unit.id / str(report_year)
                result.note = "tệp này đã được tiếp nhận trước đây; không thay đổi gì"
                return result
            checks.fail(
                "identity.duplicate",
                path.name,
                f"đã tiếp nhận một báo cáo khác của {unit.id} cho năm {report_year}; bản đã tiếp nhận không bao giờ bị thay thế",
            )
    if checks.rejected or unit is None:
        return _reject(ws, result, checks, path.name, path, move=move)
    staging = ws.root / ".intake-staging" / f"{unit.id}-{os.getpid()}-{digest[:12]}"
    _remove_staging(staging)
    moved = False
    try:
        (staging / "bundle").mkdir(parents=True)
        if move:
            os.rename(path, staging / "bundle" / path.name)
            moved = True
            _freeze(staging / "bundle" / path.name)
        elif _read_hashing(path, dest=staging / "bundle" / path.name).sha256 != digest:
            raise InputError(
                "the file changed while it was being collected",
                location=str(path),
                expected="collect it again",
            )
        _freeze_dirs(staging / "bundle", [])
        approved = [s for s in systems if s.dossier_status == "approved"]
        receipt = UnitReport(
            unit=unit.id,
            unit_name=unit.name,
            year=report_year,
            period_start=period[0],
            period_end=period[1],
            source="excel",
            signed=False,
            received=received,
            deadline=deadline,
            on_time=on_time,
            bundle_name=path.name,
            bundle_digest=digest,
            report_file=path.name,
            systems=systems,
            totals=FormTotals(
                total=len(systems),
                classified=sum(1 for s in systems if s.level is not None),
                dossier_built=sum(
                    1 for s in systems if s.dossier_status in ("submitted", "appraised", "approved")
                ),
                appraised=sum(1 for s in systems if s.dossier_status in ("appraised", "approved")),
                approved=len(approved),
                approved_inspected=sum(1 for s in approved if "periodic" in s.inspection_kinds),
            ),
            warnings=checks.items,
            accepted_at=now,
        )
        return _accept(ws, result, receipt, staging)
    except BaseException:
        if moved:
            _make_writable(staging / "bundle")
            os.rename(staging / "bundle" / path.name, path)
        _remove_staging(staging)
        raise


# ------------------------------------------------------------------------------ entry


def collect(
    ws: ProvinceWorkspace,
    sources: list[Path],
    *,
    now: dt.datetime | None = None,
    unit_id: str | None = None,
    year: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[IntakeResult]:
    """Collect bundle folders and Excel files (a folder holding neither a manifest nor a report
    is taken as a folder of bundles: ``collect inbox/``). ``progress(done, total, name)`` is
    called after each one.

    What happens to the sources: a bundle or workbook in the workspace's own ``inbox/`` (same
    filesystem) is moved, once verified, to ``accepted/<unit>/<year>/bundle/`` or, rejected, to
    ``rejected/<unit>/<name>/`` beside its reasons; the inbox keeps only ``received.yaml`` and
    what is still to collect. Any other source (another folder, another filesystem, a bundle with
    hard-linked files) is copied and left in place. Naming an inbox entry that an earlier collect
    moved out (``collect inbox/*`` again) is a no-op that says where it went; an empty inbox
    gives no result (the CLI says there was nothing new)."""
    from attt_audit.errors import InputError, NotFoundError
    from attt_audit.province.workspace import REGISTER_FILE

    province = ws.load()
    _real.cache_clear()  # folders may have been moved or mounted since the last call
    _device.cache_clear()
    now = now or dt.datetime.now(dt.UTC)
    register = ws.received_register()
    today = now.astimezone(VIETNAM).date()
    expanded: list[Path] = []
    earlier: list[IntakeResult] = []
    for src in sources:
        src = Path(src)
        if not src.exists():
            if _in_inbox(ws, src):
                if any(c in src.name for c in "*?["):
                    continue  # an unexpanded shell pattern: the inbox is empty
                found = _moved_earlier(ws, src)
                if found is not None:
                    earlier.append(found)
                    continue
            raise NotFoundError(
                "no such bundle", location=str(src), expected="a signed bundle folder or an .xlsx file"
            )
        if src.is_file() and src.name == REGISTER_FILE and src.parent.resolve() == ws.inbox.resolve():
            continue  # the register of arrival dates, not a report (``collect inbox/*``)
        if src.is_file() and src.suffix.lower() != ".xlsx":
            raise InputError(
                "is neither a bundle folder nor an Excel Mẫu 08",
                location=str(src),
                expected="a signed bundle folder or an .xlsx file",
            )
        if (
            src.is_dir()
            and not (src / MANIFEST_NAME).exists()
            and not _find_report_files([p.name for p in src.iterdir()])
        ):
            expanded.extend(
                sorted(
                    p
                    for p in src.iterdir()
                    if (p.is_dir() and not p.name.startswith(".")) or p.suffix.lower() == ".xlsx"
                )
            )
        else:
            expanded.append(src)
    ws.accepted.mkdir(parents=True, exist_ok=True)
    ws.rejected.mkdir(parents=True, exist_ok=True)
    results: list[IntakeResult] = list(earlier)
    for done, src in enumerate(expanded, 1):
        received = register.get(src.name, today)
        if src.is_file():
            results.append(
                collect_excel(ws, province, src, received=received, now=now, unit_id=unit_id, year=year)
            )
        else:
            results.append(collect_bundle(ws, province, src, received=received, now=now))
        if progress is not None:
            progress(done, len(expanded), src.name)
    with contextlib.suppress(OSError):  # removed only when empty: leftovers of a crash stay visible
        (ws.root / ".intake-staging").rmdir()
    return results


def _moved_earlier(ws: ProvinceWorkspace, src: Path) -> IntakeResult | None:
    """The outcome of an inbox entry an earlier collect moved out, found by its name."""
    name = unicodedata.normalize("NFC", src.name)
    if ws.accepted.is_dir():
        for intake in sorted(ws.accepted.glob("*/*/intake.json")):
            receipt = UnitReport.model_validate_json(intake.read_bytes())
            if unicodedata.normalize("NFC", receipt.bundle_name) == name:
                where = intake.parent.relative_to(ws.root).as_posix()
                return IntakeResult(
                    source=src,
                    outcome="unchanged",
                    unit=receipt.unit,
                    year=receipt.year,
                    signed=receipt.signed,
                    destination=intake.parent,
                    note=f"đã được tiếp nhận trước đây và chuyển vào {where}/bundle; không thay đổi gì",
                )
    if ws.rejected.is_dir():
        for folder in sorted(p for p in ws.rejected.iterdir() if p.is_dir()):
            if (folder / name).exists():
                where = (folder / name).relative_to(ws.root).as_posix()
                return IntakeResult(
                    source=src,
                    outcome="unchanged",
                    unit=None if folder.name == "không-rõ-đơn-vị" else folder.name,
                    destination=folder / f"{name}.md",
                    note=f"đã bị từ chối trước đây và chuyển vào {where} (lý do: {where}.md); không thay đổi gì",
                )
    return None


def accepted_reports(ws: ProvinceWorkspace, year: int) -> list[UnitReport]:
    """Every accepted unit report for ``year``, ordered by unit id."""
    out: list[UnitReport] = []
    if not ws.accepted.is_dir():
        return out
    for unit_dir in sorted(ws.accepted.iterdir()):
        if unit_dir.name.startswith("."):
            continue
        path = unit_dir / str(year) / "intake.json"
        if path.is_file():
            out.append(UnitReport.model_validate_json(path.read_bytes()))
    return out
