"""Certificates for the loopback lab, made with ``cryptography`` at session start.

The SHA-1 certificate in ``data/`` is static (made once with ``openssl req -x509 -sha1``):
cryptography ≥ 46 refuses to sign with SHA-1. It is a throw-away test key, valid until 2126.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

DATA = Path(__file__).parent / "data"
SHA1_CERT = DATA / "sha1-cert.pem"
SHA1_KEY = DATA / "sha1-key.pem"


@dataclass(frozen=True)
class Pair:
    cert: Path
    key: Path


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _write(folder: Path, stem: str, cert: x509.Certificate, key: object) -> Pair:
    cert_path, key_path = folder / f"{stem}-cert.pem", folder / f"{stem}-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(  # type: ignore[attr-defined]
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return Pair(cert_path, key_path)


def _san(dns: list[str], ips: list[str]) -> x509.SubjectAlternativeName:
    names: list[x509.GeneralName] = [x509.DNSName(d) for d in dns]
    names += [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
    return x509.SubjectAlternativeName(names)


def make_lab_certs(folder: Path, good_ips: list[str]) -> dict[str, Pair]:
    """ca, good (CA-signed EC P-256), soon (CA-signed, 10 days left), weak (RSA-1024, self-signed, expired)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("attt-audit lab CA"))
        .issuer_name(_name("attt-audit lab CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    out = {"ca": _write(folder, "ca", ca_cert, ca_key)}

    def leaf(stem: str, days: int) -> Pair:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name("good.lab.test"))
            .issuer_name(ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(_san(["good.lab.test"], good_ips), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
            )
            .add_extension(x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        return _write(folder, stem, cert, key)

    out["good"] = leaf("good", 365)
    out["soon"] = leaf("soon", 10)
    weak_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    weak_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("weak.lab.invalid"))
        .issuer_name(_name("weak.lab.invalid"))
        .public_key(weak_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=400))
        .not_valid_after(now - dt.timedelta(days=10))
        .add_extension(_san(["weak.lab.invalid"], []), critical=False)
        .sign(weak_key, hashes.SHA256())
    )
    out["weak"] = _write(folder, "weak", weak_cert, weak_key)
    out["sha1"] = Pair(SHA1_CERT, SHA1_KEY)
    return out
