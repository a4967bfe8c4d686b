"""Signed bundles: key generation, signing with evidence, and verify catching every kind of change."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from attt_audit.cli import main
from attt_audit.errors import InputError
from attt_audit.signing import (
    MANIFEST_NAME,
    PASSPHRASE_ENV,
    SIGNATURE_NAME,
    generate_keypair,
    read_passphrase,
    sign_bundle,
    verify_bundle,
)

PASS = b"correct horse battery staple"

# Every file type a signed run bundle holds: reports, the canonical result, inputs, evidence.
BUNDLE_FILES = {
    "run.json": b'{"run_id": "2026-11-20-level3", "systems": [{"system": "portal"}]}',
    "portal/result.json": json.dumps({"results": [{"evidence": ["quyết-định-05.pdf"]}]}).encode(),
    "portal/báo-cáo-đánh-giá.html": "<html><body>Đạt</body></html>".encode(),
    "portal/báo-cáo-đánh-giá.md": "# Báo cáo\n".encode(),
    "portal/báo-cáo-đánh-giá.docx": b"PK\x03\x04" + bytes(range(256)) * 4,
    "annual/báo-cáo-năm.xlsx": b"PK\x03\x04" + bytes(reversed(range(256))) * 4,
}
WORKSPACE_FILES = {
    "inventory.yaml": "organisation:\n  name: Sở Giao thông vận tải\n".encode(),
    "waivers.yaml": b"waivers: []\n",
    "answers/portal.yaml": b"system: portal\n",
    "evidence/probes/portal/2026-11-20.json": b'{"system": "portal"}',
    "evidence/probes/portal/2026-11-20-nmap.xml": b"<nmaprun></nmaprun>",
    "evidence/quyết-định-05.pdf": b"%PDF-1.4 fake",
    "evidence/not-cited.pdf": b"%PDF-1.4 other",
}


def write_files(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("keys")
    generate_keypair(folder / "a.key.pem", folder / "a.pub.pem", PASS)
    generate_keypair(folder / "b.key.pem", folder / "b.pub.pem", PASS)
    return folder / "a.key.pem", folder / "a.pub.pem", folder / "b.pub.pem"


@pytest.fixture(scope="module")
def signed_template(tmp_path_factory: pytest.TempPathFactory, keys: tuple[Path, Path, Path]) -> Path:
    root = tmp_path_factory.mktemp("template")
    ws = root / "ws"
    bundle = root / "bundle"
    write_files(ws, WORKSPACE_FILES)
    write_files(bundle, BUNDLE_FILES)
    sign_bundle(bundle, keys[0], PASS, workspace=ws)
    return bundle


@pytest.fixture
def bundle(tmp_path: Path, signed_template: Path) -> Path:
    copy = tmp_path / "bundle"
    shutil.copytree(signed_template, copy)
    return copy


def all_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


EXPECTED_BUNDLE = sorted(
    list(BUNDLE_FILES)
    + [
        "inputs/inventory.yaml",
        "inputs/waivers.yaml",
        "inputs/answers/portal.yaml",
        "evidence/probes/portal/2026-11-20.json",
        "evidence/probes/portal/2026-11-20-nmap.xml",
        "evidence/quyết-định-05.pdf",
        MANIFEST_NAME,
        SIGNATURE_NAME,
    ]
)


def test_sign_copies_inputs_and_cited_evidence_only(signed_template: Path) -> None:
    assert all_files(signed_template) == EXPECTED_BUNDLE
    manifest = json.loads((signed_template / MANIFEST_NAME).read_text(encoding="utf-8"))
    roles = {f["path"]: f["role"] for f in manifest["files"]}
    assert roles["evidence/quyết-định-05.pdf"] == "evidence"
    assert roles["inputs/answers/portal.yaml"] == "input"
    assert roles["portal/result.json"] == "report"
    assert manifest["key_fingerprint"].startswith("SHA256:")


def test_untouched_bundle_verifies(bundle: Path, keys: tuple[Path, Path, Path]) -> None:
    report = verify_bundle(bundle, keys[1])
    assert report.ok, report.to_dict()
    assert report.files_checked == len(EXPECTED_BUNDLE) - 2
    embedded = verify_bundle(bundle)
    assert embedded.ok and embedded.key_source == "embedded"


@pytest.mark.parametrize("rel", EXPECTED_BUNDLE, ids=EXPECTED_BUNDLE)
def test_flipped_byte_is_caught_in_every_file(bundle: Path, keys: tuple[Path, Path, Path], rel: str) -> None:
    path = bundle / rel
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    report = verify_bundle(bundle, keys[1])
    assert not report.ok
    if rel in (MANIFEST_NAME, SIGNATURE_NAME):
        assert not report.signature_valid
        assert any("signature does not match" in p or "not valid JSON" in p for p in report.problems)
    else:
        assert report.signature_valid
        assert report.changed == [rel]
        assert report.added == [] and report.removed == []


def test_added_file_is_named(bundle: Path, keys: tuple[Path, Path, Path]) -> None:
    (bundle / "portal" / "extra.html").write_text("<p>thêm</p>", encoding="utf-8")
    report = verify_bundle(bundle, keys[1])
    assert not report.ok and report.signature_valid
    assert report.added == ["portal/extra.html"] and report.changed == [] and report.removed == []


def test_removed_file_is_named(bundle: Path, keys: tuple[Path, Path, Path]) -> None:
    (bundle / "evidence" / "probes" / "portal" / "2026-11-20-nmap.xml").unlink()
    report = verify_bundle(bundle, keys[1])
    assert not report.ok
    assert report.removed == ["evidence/probes/portal/2026-11-20-nmap.xml"] and report.changed == []


def test_swapped_public_key_fails(bundle: Path, keys: tuple[Path, Path, Path]) -> None:
    report = verify_bundle(bundle, keys[2])
    assert not report.signature_valid and not report.ok
    assert any("signature does not match" in p for p in report.problems)
    assert any("was signed with key" in p for p in report.problems)


def test_resigned_by_attacker_passes_only_without_trusted_key(
    bundle: Path, keys: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    generate_keypair(tmp_path / "evil.key.pem", tmp_path / "evil.pub.pem", b"x")
    (bundle / "portal" / "báo-cáo-đánh-giá.md").write_text("# Đã sửa\n", encoding="utf-8")
    sign_bundle(bundle, tmp_path / "evil.key.pem", b"x")
    assert verify_bundle(bundle).ok  # integrity holds under the embedded key …
    assert not verify_bundle(bundle, keys[1]).ok  # … but not under the key the reader trusts


def test_missing_signature_file(bundle: Path, keys: tuple[Path, Path, Path]) -> None:
    (bundle / SIGNATURE_NAME).unlink()
    report = verify_bundle(bundle, keys[1])
    assert not report.ok and report.problems == ["manifest.sig is missing"]


def test_symlink_in_bundle_is_refused(tmp_path: Path, keys: tuple[Path, Path, Path]) -> None:
    folder = tmp_path / "b"
    write_files(folder, {"a.txt": b"a"})
    (folder / "link").symlink_to(folder / "a.txt")
    with pytest.raises(InputError, match="not regular files: link"):
        sign_bundle(folder, keys[0], PASS)


@pytest.mark.parametrize(
    ("passphrase", "message"),
    [(b"wrong", "wrong passphrase"), (b"", "the private key is not encrypted")],
    ids=["wrong-passphrase", "no-passphrase"],
)
def test_private_key_passphrase_errors(
    tmp_path: Path, keys: tuple[Path, Path, Path], passphrase: bytes, message: str
) -> None:
    (tmp_path / "b").mkdir()
    if passphrase == b"":
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        plain = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        (tmp_path / "plain.pem").write_bytes(plain)
        with pytest.raises(InputError, match=message):
            sign_bundle(tmp_path / "b", tmp_path / "plain.pem", b"anything")
    else:
        with pytest.raises(InputError, match=message):
            sign_bundle(tmp_path / "b", keys[0], passphrase)


def test_private_key_is_encrypted_and_private(keys: tuple[Path, Path, Path]) -> None:
    text = keys[0].read_text()
    assert "BEGIN ENCRYPTED PRIVATE KEY" in text
    assert stat.S_IMODE(keys[0].stat().st_mode) == 0o600


def test_read_passphrase_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "pass.txt"
    f.write_text("từ tệp\n", encoding="utf-8")
    monkeypatch.setenv(PASSPHRASE_ENV, "from-env")
    assert read_passphrase(f) == "từ tệp".encode()
    assert read_passphrase(None) == b"from-env"
    monkeypatch.delenv(PASSPHRASE_ENV)
    assert read_passphrase(None, prompt=lambda _: "typed") == b"typed"
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("mật".encode("utf-16"))
    with pytest.raises(InputError, match="the passphrase file is not UTF-8 text"):
        read_passphrase(bad)
    answers = iter(["one", "two"])
    with pytest.raises(InputError, match="the two passphrases differ"):
        read_passphrase(None, confirm=True, prompt=lambda _: next(answers))


# ------------------------------------------------------------------------------------ CLI


def test_cli_keys_sign_verify_roundtrip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pf = tmp_path / "pass.txt"
    pf.write_bytes(PASS)
    assert main(["keys", "generate", str(tmp_path / "k"), "--passphrase-file", str(pf)]) == 0
    assert (tmp_path / "k.key.pem").is_file() and (tmp_path / "k.pub.pem").is_file()
    assert "SHA256:" in capsys.readouterr().out
    # never overwritten silently
    assert main(["keys", "generate", str(tmp_path / "k"), "--passphrase-file", str(pf)]) == 2
    assert "a key is never overwritten silently" in capsys.readouterr().err

    bundle = tmp_path / "run"
    write_files(bundle, BUNDLE_FILES)
    ws = tmp_path / "ws"
    write_files(ws, WORKSPACE_FILES)
    assert (
        main(
            [
                "sign",
                str(bundle),
                "--key",
                str(tmp_path / "k.key.pem"),
                "--passphrase-file",
                str(pf),
                "-w",
                str(ws),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["--lang", "en", "verify", str(bundle), "--key", str(tmp_path / "k.pub.pem")]) == 0
    assert "OK: signature valid, 12 files match" in capsys.readouterr().out

    (bundle / "portal" / "result.json").write_bytes(b"{}")
    assert main(["--lang", "en", "verify", str(bundle), "--key", str(tmp_path / "k.pub.pem")]) == 1
    out = capsys.readouterr().out
    assert "CHANGED: portal/result.json" in out and "NOT valid." in out
    assert main(["verify", str(bundle), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["changed"] == ["portal/result.json"]


def test_cli_passphrase_is_never_an_argument(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "generate", str(tmp_path / "k"), "--passphrase", "secret"]) == 2
    assert "No such option" in capsys.readouterr().err


def test_cli_verify_unsigned_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(tmp_path)]) == 2
    assert "no manifest.json: the folder was never signed" in capsys.readouterr().err


def test_run_sign_checks_the_passphrase_before_running(
    tmp_path: Path, keys: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "so-gtvt"
    if not (example / "inventory.yaml").is_file():
        pytest.skip("examples/so-gtvt is not in this checkout")
    ws = tmp_path / "ws"
    shutil.copytree(example, ws, ignore=shutil.ignore_patterns("runs", "reports"))
    pf = tmp_path / "wrong.txt"
    pf.write_text("not the passphrase", encoding="utf-8")
    code = main(
        ["run", "--profile", "level3", "-w", str(ws), "--sign", str(keys[0]), "--passphrase-file", str(pf)]
    )
    assert code == 2
    assert "wrong passphrase" in capsys.readouterr().err
    assert not (ws / "runs").exists()
