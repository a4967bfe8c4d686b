"""Signed report bundles: a SHA-256 manifest of every file in a folder plus an Ed25519 signature.

A bundle is a folder (usually a run folder) holding ``manifest.json`` and ``manifest.sig``:

* ``manifest.json`` lists every other file under the folder with its SHA-256 and size, the
  signer's public key (raw, base64) and its fingerprint;
* ``manifest.sig`` is the base64 Ed25519 signature over the exact bytes of ``manifest.json``.

:func:`verify_bundle` checks the signature (against the public key the user trusts, or, when
none is given, against the key inside the manifest, which proves integrity but not who
signed) and then names every file that was changed, added or removed since signing.

Private keys are PKCS#8 PEM encrypted with a passphrase. The passphrase never comes from a
plain command-line argument: a file, the ``ATTT_AUDIT_PASSPHRASE`` environment variable or a
hidden prompt (:func:`read_passphrase`).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attt_audit.errors import InputError, NotFoundError
from attt_audit.yamlio import atomic_write_bytes, within

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
FORMAT = "attt-audit-bundle/1"
PASSPHRASE_ENV = "ATTT_AUDIT_PASSPHRASE"
_CHUNK = 1 << 20


# ----------------------------------------------------------------------------- passphrase


def read_passphrase(
    passphrase_file: Path | None = None,
    *,
    confirm: bool = False,
    prompt: Callable[[str], str] | None = None,
) -> bytes:
    """The passphrase from ``passphrase_file``, else ``$ATTT_AUDIT_PASSPHRASE``, else a hidden prompt.

    A file's trailing newline is dropped (editors add one). ``prompt`` defaults to
    :func:`getpass.getpass` and is only used on an interactive terminal.
    """
    text: str | None = None
    if passphrase_file is not None:
        try:
            raw = Path(passphrase_file).read_bytes()
        except OSError as exc:
            raise InputError(
                f"cannot read the passphrase file: {exc.strerror}",
                location=str(passphrase_file),
                expected="a readable file holding the passphrase",
            ) from None
        try:
            text = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            raise InputError(
                "the passphrase file is not UTF-8 text", location=str(passphrase_file), expected="UTF-8 text"
            ) from None
    elif os.environ.get(PASSPHRASE_ENV):
        text = os.environ[PASSPHRASE_ENV]
    else:
        if prompt is None:
            if not sys.stdin.isatty():
                raise InputError(
                    "no passphrase given and no terminal to ask for one",
                    expected=f"--passphrase-file FILE or the environment variable {PASSPHRASE_ENV}",
                )
            import getpass

            prompt = getpass.getpass
        text = prompt("Passphrase: ")
        if confirm and prompt("Passphrase again: ") != text:
            raise InputError("the two passphrases differ", expected="the same passphrase twice")
    if not text:
        raise InputError("the passphrase is empty", expected="a non-empty passphrase")
    return text.encode("utf-8")


# ------------------------------------------------------------------------------------ keys


def generate_keypair(
    private_path: Path, public_path: Path, passphrase: bytes, *, force: bool = False
) -> None:
    """Write a new Ed25519 key pair: private key as passphrase-encrypted PKCS#8 PEM (mode 0600)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if not passphrase:
        raise InputError("the passphrase is empty", expected="a non-empty passphrase")
    for path in (private_path, public_path):
        if path.exists() and not force:
            raise InputError(
                "file exists; a key is never overwritten silently",
                location=str(path),
                expected="a new file name, or --force",
            )
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    atomic_write_bytes(private_path, private_pem)  # mkstemp: created 0600
    os.chmod(private_path, 0o600)
    atomic_write_bytes(public_path, public_pem)
    os.chmod(public_path, 0o644)


def load_private_key(path: Path, passphrase: bytes) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    data = _read_key_file(path, "private")
    try:
        key = serialization.load_pem_private_key(data, password=passphrase)
    except TypeError:
        raise InputError(
            "the private key is not encrypted",
            location=str(path),
            expected="a key written by 'attt-audit keys generate' (encrypted with a passphrase)",
        ) from None
    except ValueError:
        raise InputError(
            "wrong passphrase, or not a PEM private key",
            location=str(path),
            expected="the passphrase the key was generated with",
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(
            f"the key is {type(key).__name__}, not Ed25519",
            location=str(path),
            expected="an Ed25519 key from 'attt-audit keys generate'",
        )
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    data = _read_key_file(path, "public")
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        raise InputError(
            "not a PEM public key",
            location=str(path),
            expected="a .pub.pem file from 'attt-audit keys generate'",
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise InputError(
            f"the key is {type(key).__name__}, not Ed25519",
            location=str(path),
            expected="an Ed25519 public key from 'attt-audit keys generate'",
        )
    return key


def _read_key_file(path: Path, kind: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise NotFoundError(
            f"no {kind} key file", location=str(path), expected=f"an existing {kind} key"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read the {kind} key: {exc.strerror}", location=str(path)) from None


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(key: Ed25519PublicKey) -> str:
    """``SHA256:<hex>`` of the raw 32-byte public key, as shown to users."""
    return "SHA256:" + hashlib.sha256(raw_public_key(key)).hexdigest()


# -------------------------------------------------------------------------------- hashing


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _bundle_files(root: Path) -> tuple[dict[str, Path], list[str]]:
    """Every regular file under ``root`` except the manifest and its signature, by POSIX path;
    plus entries that are neither files nor folders (symbolic links, sockets …)."""
    files: dict[str, Path] = {}
    odd: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        for name in list(dirnames):
            if (base / name).is_symlink():
                odd.append((base / name).relative_to(root).as_posix())
                dirnames.remove(name)
        for name in filenames:
            path = base / name
            rel = path.relative_to(root).as_posix()
            if rel in (MANIFEST_NAME, SIGNATURE_NAME):
                continue
            if path.is_symlink() or not path.is_file():
                odd.append(rel)
                continue
            files[rel] = path
    return dict(sorted(files.items())), sorted(odd)


def _role(rel: str) -> str:
    if rel.startswith("evidence/"):
        return "evidence"
    if rel.startswith("inputs/"):
        return "input"
    return "report"


# -------------------------------------------------------------------------------- evidence


def collect_evidence(bundle_dir: Path, workspace: Path) -> list[Path]:
    """Copy what a run's reports rest on into the bundle, so the bundle stands on its own.

    * ``inputs/``: ``inventory.yaml``, ``waivers.yaml`` and ``answers/<system>.yaml`` of the
      systems in the run;
    * ``evidence/probes/<system>/``: the probe evidence files (JSON and raw nmap XML);
    * ``evidence/…``: files under the workspace's ``evidence/`` that answers cite by name.

    Returns the copied files. Systems come from ``run.json`` if present, else every
    ``<system>/result.json`` folder.
    """
    bundle_dir = Path(bundle_dir)
    workspace = Path(workspace)
    systems = _run_systems(bundle_dir)
    copied: list[Path] = []

    def copy(src: Path, rel: str) -> None:
        # A link (to a file or through a linked folder) never brings in a file from outside
        # the workspace, which nobody cited and the signer never saw.
        if not src.is_file() or src.is_symlink() or not within(src, workspace):
            return
        dest = bundle_dir / rel
        if dest.exists():
            return
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        copied.append(dest)

    for name in ("inventory.yaml", "waivers.yaml"):
        copy(workspace / name, f"inputs/{name}")
    evidence_root = workspace / "evidence"
    cited: set[str] = set()
    for system in systems:
        copy(workspace / "answers" / f"{system}.yaml", f"inputs/answers/{system}.yaml")
        probe_dir = evidence_root / "probes" / system
        if probe_dir.is_dir() and within(probe_dir, workspace):
            for src in sorted(probe_dir.rglob("*")):
                copy(src, "evidence/" + src.relative_to(evidence_root).as_posix())
        result_path = bundle_dir / system / "result.json"
        if result_path.is_file():
            try:
                data = json.loads(result_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            for req in data.get("results", []) or []:
                for ref in req.get("evidence", []) or []:
                    if isinstance(ref, str):
                        cited.add(ref)
    root = evidence_root.resolve()
    for ref in sorted(cited):
        candidate = (evidence_root / ref).resolve()
        # only files inside evidence/: a cited "../../etc/passwd" is never copied
        if candidate.is_relative_to(root) and candidate.is_file() and within(candidate, workspace):
            copy(candidate, "evidence/" + candidate.relative_to(root).as_posix())
    return copied


def _run_systems(bundle_dir: Path) -> list[str]:
    run_json = bundle_dir / "run.json"
    if run_json.is_file():
        try:
            data = json.loads(run_json.read_text(encoding="utf-8"))
            return [str(s["system"]) for s in data.get("systems", []) if "system" in s]
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return sorted(p.parent.name for p in bundle_dir.glob("*/result.json"))


# -------------------------------------------------------------------------------- signing


def sign_bundle(
    bundle_dir: Path,
    private_key_path: Path,
    passphrase: bytes,
    *,
    workspace: Path | None = None,
    now: dt.datetime | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Path:
    """Write ``manifest.json`` and ``manifest.sig`` into ``bundle_dir``; return the manifest path.

    With ``workspace``, first copies the run's inputs and evidence into the bundle
    (:func:`collect_evidence`). Signing again replaces the previous manifest and signature.
    """
    from attt_audit import __version__

    bundle_dir = Path(bundle_dir)
    if not bundle_dir.is_dir():
        raise NotFoundError("no such folder", location=str(bundle_dir), expected="a run folder to sign")
    key = load_private_key(Path(private_key_path), passphrase)
    if workspace is not None:
        collect_evidence(bundle_dir, Path(workspace))
    files, odd = _bundle_files(bundle_dir)
    if odd:
        raise InputError(
            f"the bundle holds entries that are not regular files: {', '.join(odd)}",
            location=str(bundle_dir),
            expected="only regular files (symbolic links are not signed)",
        )
    public = key.public_key()
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        "tool_version": __version__,
        "hash": "sha256",
        "signature": "ed25519",
        "public_key": base64.b64encode(raw_public_key(public)).decode("ascii"),
        "key_fingerprint": fingerprint(public),
        "files": [],
    }
    for done, (rel, path) in enumerate(files.items(), 1):
        manifest["files"].append(
            {"path": rel, "sha256": sha256_file(path), "size": path.stat().st_size, "role": _role(rel)}
        )
        if progress is not None:
            progress(done, len(files), rel)
    body = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    signature = key.sign(body)
    manifest_path = bundle_dir / MANIFEST_NAME
    atomic_write_bytes(manifest_path, body)
    atomic_write_bytes(bundle_dir / SIGNATURE_NAME, base64.b64encode(signature) + b"\n")
    return manifest_path


# ------------------------------------------------------------------------------ verifying


@dataclass
class VerifyReport:
    """What :func:`verify_bundle` found. ``ok`` only when the signature holds and nothing differs."""

    bundle: Path
    signature_valid: bool = False
    key_source: str = ""
    """``given`` (``--key``) or ``embedded`` (the key inside the manifest: integrity only)."""
    key_fingerprint: str = ""
    signed_fingerprint: str = ""
    """Fingerprint recorded in the manifest at signing time."""
    signed_at: str = ""
    files_checked: int = 0
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Why the signature could not be checked or does not match, in plain words."""

    @property
    def ok(self) -> bool:
        return self.signature_valid and not (self.changed or self.added or self.removed or self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "bundle": str(self.bundle),
            "ok": self.ok,
            "signature_valid": self.signature_valid,
            "key_source": self.key_source,
            "key_fingerprint": self.key_fingerprint,
            "signed_fingerprint": self.signed_fingerprint,
            "signed_at": self.signed_at,
            "files_checked": self.files_checked,
            "changed": self.changed,
            "added": self.added,
            "removed": self.removed,
            "problems": self.problems,
        }


def verify_bundle(
    bundle_dir: Path,
    public_key_path: Path | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> VerifyReport:
    """Check ``bundle_dir`` against its signed manifest.

    Raises :class:`NotFoundError` when the folder or its manifest is missing (not a bundle);
    every other finding (bad signature, wrong key, changed/added/removed file) is in the report.
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    bundle_dir = Path(bundle_dir)
    if not bundle_dir.is_dir():
        raise NotFoundError("no such folder", location=str(bundle_dir), expected="a signed bundle folder")
    manifest_path = bundle_dir / MANIFEST_NAME
    if not manifest_path.is_file():
        raise NotFoundError(
            f"no {MANIFEST_NAME}: the folder was never signed",
            location=str(bundle_dir),
            expected="a folder signed with 'attt-audit run --sign KEY'",
        )
    report = VerifyReport(bundle=bundle_dir)
    body = manifest_path.read_bytes()
    manifest: dict[str, Any] = {}
    try:
        parsed = json.loads(body.decode("utf-8"))
        if isinstance(parsed, dict):
            manifest = parsed
        else:
            report.problems.append(f"{MANIFEST_NAME} is not a JSON object")
    except (UnicodeDecodeError, ValueError):
        report.problems.append(f"{MANIFEST_NAME} is not valid JSON (it was altered)")
    report.signed_fingerprint = str(manifest.get("key_fingerprint", ""))
    report.signed_at = str(manifest.get("created_at", ""))

    key: Ed25519PublicKey | None = None
    if public_key_path is not None:
        key = load_public_key(Path(public_key_path))
        report.key_source = "given"
    else:
        report.key_source = "embedded"
        try:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(manifest["public_key"], validate=True))
        except (KeyError, TypeError, ValueError):
            report.problems.append(f"{MANIFEST_NAME} carries no usable public key")
    if key is not None:
        report.key_fingerprint = fingerprint(key)
        if (
            report.key_source == "given"
            and report.signed_fingerprint
            and (report.signed_fingerprint != report.key_fingerprint)
        ):
            report.problems.append(
                f"the bundle was signed with key {report.signed_fingerprint}, not with the given key"
                f" {report.key_fingerprint}"
            )

    sig_path = bundle_dir / SIGNATURE_NAME
    if not sig_path.is_file():
        report.problems.append(f"{SIGNATURE_NAME} is missing")
    elif key is not None:
        try:
            signature = base64.b64decode(sig_path.read_bytes().strip(), validate=True)
            key.verify(signature, body)
            report.signature_valid = True
        except (ValueError, InvalidSignature):
            report.problems.append(
                f"the signature does not match {MANIFEST_NAME} under key {report.key_fingerprint}"
            )

    listed: dict[str, dict[str, Any]] = {}
    for entry in manifest.get("files", []) if isinstance(manifest.get("files"), list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            listed[entry["path"]] = entry
    present, odd = _bundle_files(bundle_dir)
    for done, (rel, entry) in enumerate(listed.items(), 1):
        path = present.get(rel)
        if path is None:
            (report.changed if rel in odd else report.removed).append(rel)
            continue
        report.files_checked += 1
        if path.stat().st_size != entry.get("size") or sha256_file(path) != entry.get("sha256"):
            report.changed.append(rel)
        if progress is not None:
            progress(done, len(listed), rel)
    report.added = sorted([rel for rel in present if rel not in listed] + [r for r in odd if r not in listed])
    report.changed.sort()
    report.removed.sort()
    return report
