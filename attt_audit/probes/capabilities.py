"""What the local OpenSSL can still offer as a client, checked once at start-up.

A TLS probe can only learn that a server accepts TLS 1.0 or an RC4 suite if our own client is
able to offer it. Debian 12's OpenSSL 3 has no SSLv3, RC4, DES or EXPORT suites at all, and
offers TLS 1.0/1.1 only at ``@SECLEVEL=0``. Whatever the check below finds missing is reported
as "not testable here", never as "not offered". The check is an in-memory handshake start
(``MemoryBIO``): no network traffic.
"""

from __future__ import annotations

import functools
import ssl
import warnings
from typing import Any

VERSIONS: dict[str, str] = {
    "SSLv3": "SSLv3",
    "TLSv1.0": "TLSv1",
    "TLSv1.1": "TLSv1_1",
    "TLSv1.2": "TLSv1_2",
    "TLSv1.3": "TLSv1_3",
}
"""Our names for protocol versions → :class:`ssl.TLSVersion` member names."""

LEGACY_VERSIONS = ("SSLv3", "TLSv1.0", "TLSv1.1")
MODERN_VERSIONS = ("TLSv1.2", "TLSv1.3")

WEAK_CIPHER_CLASSES: dict[str, str] = {
    "NULL": "eNULL",
    "anonymous": "aNULL",
    "EXPORT": "EXPORT",
    "DES": "DES:!3DES",
    "3DES": "3DES",
    "RC4": "RC4",
    "MD5": "MD5",
    "static_RSA": "kRSA",
}
"""Weak cipher-suite classes (TLS ≤ 1.2) → OpenSSL cipher strings."""

ALL_CIPHERS = "ALL:COMPLEMENTOFALL:@SECLEVEL=0"


def tls_version(name: str) -> ssl.TLSVersion:
    return getattr(ssl.TLSVersion, VERSIONS[name])  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=64)
def client_context(
    version: str | None = None, ciphers: str = ALL_CIPHERS, max_version: str | None = None
) -> ssl.SSLContext:
    """An unverifying client context able to offer legacy versions and suites where OpenSSL can.

    Cached: a context is safe to share between threads for ``wrap_socket``; building one per
    handshake would cost more CPU than the handshake on loopback.
    """
    with warnings.catch_warnings():  # minimum_version=TLSv1 warns (deprecated) — here it is the point
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        if version is not None:
            ctx.minimum_version = tls_version(version)
            ctx.maximum_version = tls_version(version)
        else:
            ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
            if max_version is not None:
                ctx.maximum_version = tls_version(max_version)
        ctx.set_ciphers(ciphers)
    return ctx


def _can_start(ctx: ssl.SSLContext) -> bool:
    """True if the context writes a ClientHello into memory (it can offer what it is set to)."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    conn = ctx.wrap_bio(incoming, outgoing, server_side=False)
    try:
        conn.do_handshake()
    except ssl.SSLWantReadError:
        return outgoing.pending > 0
    except ssl.SSLError:
        return False
    return True


@functools.cache
def local_capabilities() -> dict[str, Any]:
    """Which versions and cipher classes this machine's OpenSSL can offer as a client."""
    versions: dict[str, bool] = {}
    for name in VERSIONS:
        try:
            versions[name] = _can_start(client_context(name))
        except (ssl.SSLError, ValueError, AttributeError):
            versions[name] = False
    classes: dict[str, bool] = {}
    for name, cipher_string in WEAK_CIPHER_CLASSES.items():
        try:
            ctx = client_context(ciphers=f"{cipher_string}:@SECLEVEL=0", max_version="TLSv1.2")
        except ssl.SSLError:  # "No cipher can be selected": not compiled in
            classes[name] = False
            continue
        classes[name] = _can_start(ctx)
    return {
        "openssl": ssl.OPENSSL_VERSION,
        "versions": versions,
        "weak_cipher_classes": classes,
    }
