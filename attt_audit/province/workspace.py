"""The province workspace: ``province.yaml``, ``inbox/``, ``accepted/``, ``rejected/``, ``runs/``.

``inbox/received.yaml`` (optional) is the incoming-document register: for each bundle or Excel file
name, the date it arrived (and its incoming number). A bundle not in the register arrived when
``collect`` first sees it.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from attt_audit.errors import InputError, NotFoundError
from attt_audit.models.province import ProvinceData, ProvinceFile, Unit

PROVINCE_FILE = "province.yaml"
REGISTER_FILE = "received.yaml"


@dataclass(frozen=True)
class ProvinceWorkspace:
    root: Path

    @property
    def province_path(self) -> Path:
        return self.root / PROVINCE_FILE

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def accepted(self) -> Path:
        return self.root / "accepted"

    @property
    def rejected(self) -> Path:
        return self.root / "rejected"

    @property
    def runs(self) -> Path:
        return self.root / "runs"

    def load(self) -> ProvinceFile:
        from attt_audit.yamlio import load_model

        if not self.province_path.is_file():
            raise NotFoundError(
                "no province.yaml",
                location=str(self.province_path),
                expected="a province workspace ('attt-audit province init DIR')",
            )
        return load_model(ProvinceFile, self.province_path)

    def received_register(self) -> dict[str, dt.date]:
        """``inbox/received.yaml``: name → arrival date."""
        from attt_audit.yamlio import read_yaml

        path = self.inbox / REGISTER_FILE
        if not path.is_file():
            return {}
        located = read_yaml(path)
        data = located.data if hasattr(located, "data") else located
        out: dict[str, dt.date] = {}
        if not isinstance(data, dict):
            raise InputError("not a mapping", location=str(path), expected="bundle name: {date: YYYY-MM-DD}")
        for name, entry in data.items():
            value = entry.get("date") if isinstance(entry, dict) else entry
            if isinstance(value, str):
                try:
                    value = dt.date.fromisoformat(value)
                except ValueError:
                    value = None
            if not isinstance(value, dt.date):
                raise InputError(
                    f"entry {name!r} has no arrival date", location=str(path), expected="date: YYYY-MM-DD"
                )
            out[str(name)] = value
        return out

    def public_key_pem(self, unit: Unit) -> bytes | None:
        if not unit.public_key:
            return None
        text = unit.public_key.strip()
        if text.startswith("-----BEGIN"):
            return text.encode("ascii") + b"\n"
        path = self.root / text
        try:
            return path.read_bytes()
        except OSError:
            raise NotFoundError(
                f"public key of unit {unit.id} not found",
                location=str(path),
                expected="the unit's .pub.pem file (path relative to the workspace) or inline PEM",
            ) from None


@functools.cache
def province_data() -> ProvinceData:
    """``checklists/province/province.yaml``: indicator definitions, intake rules, outlines."""
    from attt_audit.resources import data_dir
    from attt_audit.yamlio import load_model

    return load_model(ProvinceData, data_dir("checklists") / "province" / "province.yaml")


@dataclass(frozen=True)
class InitResult:
    directory: Path
    province_yaml: Path
    folders: list[Path]


def init_province(directory: Path, *, force: bool = False) -> InitResult:
    """Create ``province.yaml`` (annotated template) and the four folders; never overwrite silently."""
    from attt_audit.yamlio import atomic_write_text

    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise InputError("is not a folder", location=str(directory), expected="a folder or a new path")
    ws = ProvinceWorkspace(directory)
    if ws.province_path.exists() and not force:
        raise InputError(
            "province.yaml already exists and was left unchanged",
            location=str(ws.province_path),
            expected="another folder, or --force to replace it (the old file is kept as a backup)",
        )
    directory.mkdir(parents=True, exist_ok=True)
    if ws.province_path.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        atomic_write_text(
            ws.province_path.with_name(f"province.yaml.bak-{stamp}"),
            ws.province_path.read_text(encoding="utf-8"),
        )
    atomic_write_text(ws.province_path, province_data().workspace_template)
    folders = [ws.inbox, ws.accepted, ws.rejected, ws.runs]
    for folder in folders:
        folder.mkdir(exist_ok=True)
    return InitResult(directory, ws.province_path, folders)
