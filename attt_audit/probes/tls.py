"""``tls``: protocol versions, weak cipher classes and the certificate of one endpoint.

Pure Python: one handshake per protocol version (pinned min = max), one per weak cipher class
(capped at TLS 1.2), one verifying handshake for the chain; the leaf certificate is parsed with
``cryptography``. A version or class the local OpenSSL cannot offer is "not testable here"
(see :mod:`attt_audit.probes.capabilities`), never "not offered". It never sends application
data and never authenticates.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import ipaddress
import os
import re
import ssl
import warnings
from dataclasses import dataclass, field
from typing import Any

from attt_audit.errors import ProbeError
from attt_audit.models.observations import Observation
from attt_audit.probes.capabilities import (
    LEGACY_VERSIONS,
    MODERN_VERSIONS,
    VERSIONS,
    WEAK_CIPHER_CLASSES,
    client_context,
    local_capabilities,
)
from attt_audit.probes.interface import Politeness, Probe, ProbeContext, ProbeResult, Target, observation

OFFERED = "offered"
NOT_OFFERED = "not offered"
NOT_TESTABLE = "not testable here"

MIN_RSA_BITS = 2048
MIN_EC_BITS = 256
WEAK_HASHES = {"md2", "md4", "md5", "sha1"}


@dataclass(frozen=True)
class Handshake:
    version: str
    cipher: str
    der: bytes = field(repr=False)


def _handshake(target: Target, ctx: ProbeContext, sslctx: ssl.SSLContext) -> Handshake | str:
    """A completed handshake, or why the server refused it. Connection failures raise."""
    sock = ctx.connect(target)
    try:
        sni = target.name if target.name and not _is_ip(target.name) else None
        try:
            tls = sslctx.wrap_socket(sock, server_hostname=sni, do_handshake_on_connect=False)
            tls.settimeout(ctx.timeout())
            tls.do_handshake()
        except ssl.SSLCertVerificationError:
            raise
        except ssl.SSLError as exc:
            return f"refused: {exc.reason or exc}"
        except (ConnectionResetError, BrokenPipeError) as exc:
            return f"refused: connection closed during handshake ({exc.strerror or 'reset'})"
        except TimeoutError:
            raise ProbeError(
                "no answer to the TLS handshake in time (not a TLS service?)", location=target.label
            ) from None
        try:
            return Handshake(tls.version() or "?", (tls.cipher() or ("?",))[0], tls.getpeercert(True) or b"")
        finally:
            tls.close()
    finally:
        sock.close()


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def calendar_days_left(not_after: dt.datetime, now: dt.datetime) -> int:
    """Whole calendar days from ``now`` to ``not_after``, both read in Asia/Ho_Chi_Minh: 0 on the
    last day of validity, -5 five calendar days after it (never floored from a negative interval)."""
    from attt_audit.dates import VIETNAM

    return (not_after.astimezone(VIETNAM).date() - now.astimezone(VIETNAM).date()).days


def parse_certificate(der: bytes, now: dt.datetime) -> dict[str, Any]:
    """The facts about a leaf certificate the checks need."""
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

    cert = x509.load_der_x509_certificate(der)
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        key_type, bits = "RSA", key.key_size
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key_type, bits = f"EC {key.curve.name}", key.curve.key_size
    elif isinstance(key, dsa.DSAPublicKey):
        key_type, bits = "DSA", key.key_size
    elif isinstance(key, ed25519.Ed25519PublicKey):
        key_type, bits = "Ed25519", 256
    elif isinstance(key, ed448.Ed448PublicKey):
        key_type, bits = "Ed448", 456
    else:
        key_type, bits = type(key).__name__, 0
    try:
        hash_alg = cert.signature_hash_algorithm
        sig_hash = hash_alg.name if hash_alg is not None else None
    except Exception:  # unknown algorithm: keep the OID name
        sig_hash = "unknown"
    dns: list[str] = []
    ips: list[str] = []
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        dns = [str(n) for n in san.get_values_for_type(x509.DNSName)]
        ips = [str(n) for n in san.get_values_for_type(x509.IPAddress)]
        has_san = True
    except x509.ExtensionNotFound:
        has_san = False
    cns = [str(a.value) for a in cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)]
    self_issued = cert.issuer == cert.subject
    self_signed = False
    if self_issued:
        try:
            cert.verify_directly_issued_by(cert)
            self_signed = True
        except Exception:  # SHA-1 and other algorithms cryptography will not verify: issuer == subject
            self_signed = True
    not_before = cert.not_valid_before_utc
    not_after = cert.not_valid_after_utc
    return {
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "serial": format(cert.serial_number, "x"),
        "not_before": not_before.isoformat(),
        "not_after": not_after.isoformat(),
        "days_left": calendar_days_left(not_after, now),
        "not_yet_valid": now < not_before,
        "expired": now > not_after,
        "key_type": key_type,
        "key_bits": bits,
        "signature_algorithm": cert.signature_algorithm_oid._name,
        "signature_hash": sig_hash,
        "san_dns": dns,
        "san_ip": ips,
        "has_san": has_san,
        "common_names": cns,
        "self_signed": self_signed,
        "sha256": hashlib.sha256(der).hexdigest(),
    }


def name_matches(name: str, cert: dict[str, Any]) -> bool:
    """RFC 6125 matching: IP SANs for addresses; DNS SANs (left-most ``*`` only), CN if no SAN."""
    if _is_ip(name):
        want = ipaddress.ip_address(name)
        return any(ipaddress.ip_address(ip) == want for ip in cert["san_ip"])
    patterns = cert["san_dns"] if cert["has_san"] else cert["common_names"]
    host = name.rstrip(".").lower()
    for pattern in patterns:
        pattern = pattern.rstrip(".").lower()
        if pattern == host:
            return True
        if pattern.startswith("*.") and "." in host:
            first, rest = host.split(".", 1)
            if rest == pattern[2:] and first:
                return True
    return False


@dataclass(frozen=True)
class TlsResult(ProbeResult):
    """What one endpoint's TLS service accepts, and its certificate."""

    versions: dict[str, str]
    """Version → offered / not offered / not testable here / refused reason."""
    negotiated: dict[str, str]
    """Version → cipher suite negotiated when offered."""
    cipher_classes: dict[str, str]
    """Weak class → offered (with the suite) / not offered / not testable here."""
    certificate: dict[str, Any]
    name_checked: str
    trust: dict[str, Any]
    """``verified`` (bool or None when undecided) and ``message`` (OpenSSL's first failure)."""
    expiry_warning_days: int
    openssl: str
    deep: dict[str, Any] = field(default_factory=dict)
    """``--deep-tls``: what nmap ``ssl-enum-ciphers`` decided that the local OpenSSL could not."""
    xml: bytes | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data.pop("xml", None)
        return data

    def artifacts(self) -> dict[str, bytes]:
        return {"ssl-enum-ciphers.xml": self.xml} if self.xml else {}

    def _deep_note(self) -> dict[str, Any]:
        return {"deep_tls": {k: v for k, v in self.deep.items() if k != "ciphers"}} if self.deep else {}

    def observations(self) -> list[Observation]:
        at, t = self.observed_at, self.target
        out: list[Observation] = []

        def add(check: str, result: str, evidence: dict[str, Any], detail: str) -> None:
            out.append(observation(check, result, t, "tls", evidence, detail, at))

        # legacy protocols
        legacy = {v: self.versions[v] for v in LEGACY_VERSIONS}
        offered = [v for v, s in legacy.items() if s == OFFERED]
        untestable = [v for v, s in legacy.items() if s == NOT_TESTABLE]
        tested = [v for v, s in legacy.items() if s not in (NOT_TESTABLE, OFFERED)]
        ev: dict[str, Any] = {"versions": legacy, "openssl": self.openssl, **self._deep_note()}
        if offered:
            add("tls.legacy_protocols_disabled", "fail", ev, f"accepts {', '.join(offered)}")
        elif not tested:
            add("tls.legacy_protocols_disabled", "not_testable", ev, "no legacy protocol is testable here")
        else:
            note = f"; {', '.join(untestable)} not testable here" if untestable else ""
            add("tls.legacy_protocols_disabled", "pass", ev, f"refuses {', '.join(tested)}{note}")
        # modern protocol
        modern = {v: self.versions[v] for v in MODERN_VERSIONS}
        good = [v for v, s in modern.items() if s == OFFERED]
        if good:
            add("tls.modern_protocol_supported", "pass", {"versions": modern}, f"accepts {', '.join(good)}")
        elif all(s == NOT_TESTABLE for s in modern.values()):
            add("tls.modern_protocol_supported", "not_testable", {"versions": modern}, "not testable here")
        else:
            add(
                "tls.modern_protocol_supported",
                "fail",
                {"versions": modern},
                "accepts neither TLS 1.2 nor 1.3",
            )
        # weak cipher classes
        accepted = {c: s for c, s in self.cipher_classes.items() if s.startswith(OFFERED)}
        untestable = [c for c, s in self.cipher_classes.items() if s == NOT_TESTABLE]
        ev = {"classes": self.cipher_classes, "openssl": self.openssl, **self._deep_note()}
        if accepted:
            add("tls.weak_ciphers_disabled", "fail", ev, f"accepts weak suites: {', '.join(accepted)}")
        elif len(untestable) == len(self.cipher_classes):
            add("tls.weak_ciphers_disabled", "not_testable", ev, "no weak cipher class is testable here")
        else:
            note = f"; {', '.join(untestable)} not testable here" if untestable else ""
            add("tls.weak_ciphers_disabled", "pass", ev, f"no weak cipher class accepted{note}")
        # certificate
        c = self.certificate
        ev = {k: c[k] for k in ("subject", "issuer", "not_before", "not_after", "days_left", "sha256")}
        if c["expired"]:
            ago = "today" if c["days_left"] >= 0 else f"{-c['days_left']} day(s) ago"
            add("tls.certificate_valid", "fail", ev, f"expired {ago} ({c['not_after']})")
        elif c["not_yet_valid"]:
            add("tls.certificate_valid", "fail", ev, f"not valid before {c['not_before']}")
        else:
            add("tls.certificate_valid", "pass", ev, f"valid until {c['not_after']}")
        ev = {**ev, "warning_days": self.expiry_warning_days}
        if c["days_left"] >= self.expiry_warning_days:
            add("tls.certificate_not_expiring", "pass", ev, f"{c['days_left']} day(s) left")
        else:
            add("tls.certificate_not_expiring", "fail", ev, f"{c['days_left']} day(s) left")
        ev = {
            "name": self.name_checked,
            "san_dns": c["san_dns"],
            "san_ip": c["san_ip"],
            "cn": c["common_names"],
        }
        if name_matches(self.name_checked, c):
            add("tls.certificate_hostname_match", "pass", ev, f"certificate covers {self.name_checked}")
        else:
            add(
                "tls.certificate_hostname_match",
                "fail",
                ev,
                f"certificate does not cover {self.name_checked}",
            )
        ev = {"key_type": c["key_type"], "key_bits": c["key_bits"]}
        weak_key = (
            (c["key_type"] in ("RSA", "DSA") and c["key_bits"] < MIN_RSA_BITS)
            or (c["key_type"] == "DSA")
            or (c["key_type"].startswith("EC ") and c["key_bits"] < MIN_EC_BITS)
        )
        add(
            "tls.certificate_key_strength",
            "fail" if weak_key else "pass",
            ev,
            f"{c['key_type']} {c['key_bits']} bits" + (" is too weak" if weak_key else ""),
        )
        ev = {"signature_algorithm": c["signature_algorithm"], "signature_hash": c["signature_hash"]}
        weak_sig = (c["signature_hash"] or "") in WEAK_HASHES
        add(
            "tls.certificate_signature_strong",
            "fail" if weak_sig else "pass",
            ev,
            f"signed with {c['signature_algorithm']}" + (" (weak hash)" if weak_sig else ""),
        )
        ev = {**self.trust, "self_signed": c["self_signed"], "issuer": c["issuer"]}
        verified = self.trust.get("verified")
        if verified is True:
            add("tls.certificate_trusted", "pass", ev, "chain verifies against the trust store")
        elif verified is False:
            message = str(self.trust.get("message"))
            why = "self-signed; " if c["self_signed"] and "self-signed" not in message else ""
            add("tls.certificate_trusted", "fail", ev, f"{why}{message}")
        else:
            add("tls.certificate_trusted", "error", ev, f"could not verify: {self.trust.get('message')}")
        return out


class TlsProbe(Probe):
    """TLS versions, weak cipher classes and certificate facts of an endpoint."""

    name = "tls"
    checks = (
        "tls.legacy_protocols_disabled",
        "tls.modern_protocol_supported",
        "tls.weak_ciphers_disabled",
        "tls.certificate_valid",
        "tls.certificate_not_expiring",
        "tls.certificate_hostname_match",
        "tls.certificate_key_strength",
        "tls.certificate_signature_strong",
        "tls.certificate_trusted",
    )
    politeness = Politeness(
        connections_per_target=len(VERSIONS) + len(WEAK_CIPHER_CLASSES) + 1, exclusive_per_host=True
    )

    def run(self, target: Target, ctx: ProbeContext) -> ProbeResult:
        caps = ctx.capabilities or local_capabilities()
        versions: dict[str, str] = {}
        negotiated: dict[str, str] = {}
        leaf: bytes | None = None
        for version in VERSIONS:
            if not caps["versions"].get(version):
                versions[version] = NOT_TESTABLE
                continue
            got = _handshake(target, ctx, client_context(version))
            if isinstance(got, Handshake):
                versions[version] = OFFERED
                negotiated[version] = got.cipher
                leaf = got.der or leaf
            else:
                versions[version] = NOT_OFFERED
        if leaf is None:
            raise ProbeError(
                "no TLS handshake succeeded: not a TLS service, or no common protocol", location=target.label
            )
        classes: dict[str, str] = {}
        speaks_old = any(versions[v] == OFFERED for v in VERSIONS if v != "TLSv1.3")
        for name, cipher_string in WEAK_CIPHER_CLASSES.items():
            if not caps["weak_cipher_classes"].get(name):
                classes[name] = NOT_TESTABLE
            elif not speaks_old:
                classes[name] = NOT_OFFERED
            else:
                sslctx = client_context(ciphers=f"{cipher_string}:@SECLEVEL=0", max_version="TLSv1.2")
                got = _handshake(target, ctx, sslctx)
                classes[name] = f"{OFFERED}: {got.cipher}" if isinstance(got, Handshake) else NOT_OFFERED
        deep: dict[str, Any] = {}
        xml: bytes | None = None
        if ctx.deep_tls:
            deep, xml = _deep_tls(target, ctx, versions, classes)
        now = dt.datetime.now(dt.UTC)
        certificate = parse_certificate(leaf, now)
        trust = self._verify(target, ctx)
        return TlsResult(
            target=target,
            observed_at=now,
            versions=versions,
            negotiated=negotiated,
            cipher_classes=classes,
            certificate=certificate,
            name_checked=target.name or target.address,
            trust=trust,
            expiry_warning_days=ctx.settings.cert_expiry_warning_days,
            openssl=str(caps.get("openssl", ssl.OPENSSL_VERSION)),
            deep=deep,
            xml=xml,
        )

    def describe(self, target: Target, ctx: ProbeContext) -> str:
        line = super().describe(target, ctx)
        if ctx.deep_tls:
            line += (
                f"; then nmap {' '.join(deep_tls_arguments(target, ctx))} -p {target.port} {target.address}"
            )
        return line

    def _verify(self, target: Target, ctx: ProbeContext) -> dict[str, Any]:
        """Verify the chain (not the name: that is its own check) against the system store + declared CAs."""
        stores = tuple(str(p) for p in ctx.ca_files())
        stamps = tuple(_stamp(p) for p in stores)
        sslctx = _verify_context(stores, stamps)
        try:
            got = _handshake(target, ctx, sslctx)
        except ssl.SSLCertVerificationError as exc:
            return {
                "verified": False,
                "message": exc.verify_message,
                "code": exc.verify_code,
                "extra_cas": list(stores),
            }
        if isinstance(got, Handshake):
            return {"verified": True, "message": "ok", "extra_cas": list(stores)}
        return {"verified": None, "message": got, "extra_cas": list(stores)}


def _stamp(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return -1.0


@functools.lru_cache(maxsize=16)
def _verify_context(ca_files: tuple[str, ...], _stamps: tuple[float, ...]) -> ssl.SSLContext:
    """Loading the system trust store costs tens of milliseconds: build each verifying context once."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        sslctx = ssl.create_default_context()
        sslctx.check_hostname = False
        sslctx.verify_mode = ssl.CERT_REQUIRED
        sslctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        sslctx.set_ciphers("ALL:@SECLEVEL=0")  # key size is judged separately
    for path in ca_files:
        try:
            sslctx.load_verify_locations(cafile=path)
        except (OSError, ssl.SSLError) as exc:
            raise ProbeError(f"cannot read CA file {path}: {exc}", location=path) from None
    return sslctx


# ------------------------------------------------------------------------- --deep-tls (nmap)

NMAP_CLASSES: dict[str, re.Pattern[str]] = {
    "NULL": re.compile(r"_WITH_NULL_"),
    "anonymous": re.compile(r"_anon_", re.I),
    "EXPORT": re.compile(r"EXPORT"),
    "DES": re.compile(r"_WITH_DES(40)?_CBC_"),
    "3DES": re.compile(r"3DES"),
    "RC4": re.compile(r"RC4"),
    "MD5": re.compile(r"_MD5$"),
    "static_RSA": re.compile(r"^(TLS|SSL)_RSA_"),
}
"""IANA suite names (as nmap prints them) → our weak classes."""
NMAP_VERSIONS = {
    "SSLv3": "SSLv3",
    "TLSv1.0": "TLSv1.0",
    "TLSv1.1": "TLSv1.1",
    "TLSv1.2": "TLSv1.2",
    "TLSv1.3": "TLSv1.3",
}
_SERVER_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$")


def deep_tls_arguments(target: Target, ctx: ProbeContext) -> list[str]:
    """nmap options for ``ssl-enum-ciphers``: fixed, plus a validated host-timeout and server name."""
    timeout = max(1, int(min(ctx.target_timeout, max(ctx.remaining(), 1))))
    args = [
        "-sT",
        "-Pn",
        "-n",
        "--max-retries",
        "1",
        "--host-timeout",
        f"{timeout}s",
        "--script",
        "ssl-enum-ciphers",
    ]
    if target.name and _SERVER_NAME.match(target.name) and not _is_ip(target.name):
        args += ["--script-args", f"tls.servername={target.name}"]
    if ":" in target.address:
        args.append("-6")
    return args


def parse_ssl_enum_ciphers(xml: bytes, port: int) -> dict[str, list[str]] | None:
    """Version → suite names from nmap's XML, or None when the script produced nothing."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(xml)
    script = root.find(f".//port[@portid='{int(port)}']/script[@id='ssl-enum-ciphers']")
    if script is None:
        return None
    found: dict[str, list[str]] = {}
    for table in script.findall("table"):
        version = table.get("key", "")
        names = [e.text or "" for e in table.findall("./table[@key='ciphers']/table/elem[@key='name']")]
        found[version] = names
    return found


def _deep_tls(
    target: Target, ctx: ProbeContext, versions: dict[str, str], classes: dict[str, str]
) -> tuple[dict[str, Any], bytes | None]:
    """Fill in, in place, the versions and classes the local OpenSSL could not test."""
    from attt_audit.probes.ports import new_scanner, nmap_path

    if nmap_path() is None:
        return {"source": "nmap ssl-enum-ciphers", "error": "nmap not found"}, None
    import nmap

    arguments = " ".join(deep_tls_arguments(target, ctx))
    ctx.timeout()
    ctx.budget.take_connection()
    scanner = new_scanner()
    try:
        scanner.scan(
            hosts=target.address,
            ports=str(int(target.port or 0)),
            arguments=arguments,
            timeout=max(1, int(ctx.remaining()) + 5),
        )
    except (nmap.PortScannerError, nmap.PortScannerTimeout) as exc:
        return {"source": "nmap ssl-enum-ciphers", "error": str(exc).strip()}, None
    xml = scanner.get_nmap_last_output() or b""
    found = parse_ssl_enum_ciphers(xml, int(target.port or 0)) if xml else None
    note: dict[str, Any] = {
        "source": "nmap ssl-enum-ciphers",
        "command": f"nmap {arguments} -p {target.port} {target.address}",
    }
    if found is None:
        note["error"] = "ssl-enum-ciphers reported nothing"
        return note, xml or None
    filled: dict[str, str] = {}
    for version, state in versions.items():
        if state == NOT_TESTABLE:
            versions[version] = OFFERED if NMAP_VERSIONS[version] in found else NOT_OFFERED
            filled[version] = versions[version]
    suites = [name for names in found.values() for name in names]
    for name, state in classes.items():
        if state == NOT_TESTABLE:
            hits = [s for s in suites if NMAP_CLASSES[name].search(s)]
            classes[name] = f"{OFFERED}: {hits[0]}" if hits else NOT_OFFERED
            filled[name] = classes[name]
    note["filled"] = filled
    note["ciphers"] = found
    return note, xml
