"""``http``: one GET of the declared URL; redirect to HTTPS, security headers, cookies, versions.

Uses the standard library's ``http.client``, which does not follow redirects — the HTTP→HTTPS
check needs to see the first answer. The connection goes to the pinned IP; the declared name
is sent as Host (and SNI). At most 64 KB of body is read.
"""

from __future__ import annotations

import datetime as dt
import http.client
import re
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from attt_audit import __version__
from attt_audit.models.observations import Observation
from attt_audit.probes.capabilities import client_context
from attt_audit.probes.interface import Politeness, Probe, ProbeContext, ProbeResult, Target, observation

MAX_BODY = 64 * 1024
REDIRECTS = {301, 302, 303, 307, 308}
VERSION_HEADERS = ("server", "x-powered-by", "x-aspnet-version", "x-aspnetmvc-version", "x-generator")
_VERSION = re.compile(r"\d+(?:\.\d+)+|/\s*\d")


@dataclass(frozen=True)
class HttpResult(ProbeResult):
    """The first answer of an HTTP(S) endpoint to a GET."""

    url: str
    scheme: str
    status: int
    headers: dict[str, list[str]]
    """Response headers (lower-case names), every value kept."""
    hsts_min_max_age: int

    def _one(self, name: str) -> str | None:
        values = self.headers.get(name)
        return values[0] if values else None

    def cookies(self) -> list[dict[str, Any]]:
        out = []
        for raw in self.headers.get("set-cookie", []):
            parts = [p.strip() for p in raw.split(";")]
            attrs = {
                p.split("=", 1)[0].strip().lower(): (p.split("=", 1)[1] if "=" in p else "")
                for p in parts[1:]
            }
            out.append(
                {
                    "name": parts[0].split("=", 1)[0],
                    "secure": "secure" in attrs,
                    "httponly": "httponly" in attrs,
                    "samesite": attrs.get("samesite"),
                }
            )
        return out

    def observations(self) -> list[Observation]:
        at, t = self.observed_at, self.target
        out: list[Observation] = []
        base = {"url": self.url, "status": self.status}

        def add(check: str, result: str, evidence: dict[str, Any], detail: str) -> None:
            out.append(observation(check, result, t, "http", {**base, **evidence}, detail, at))

        location = self._one("location") or ""
        redirected = self.status in REDIRECTS
        if self.scheme == "http":
            to_https = redirected and location.lower().startswith("https://")
            add(
                "http.redirects_to_https",
                "pass" if to_https else "fail",
                {"location": location or None},
                f"answers {self.status} to {location}"
                if to_https
                else f"answers {self.status} without a redirect to https",
            )
        disclosed = {
            name: value
            for name in VERSION_HEADERS
            for value in self.headers.get(name, [])
            if _VERSION.search(value)
        }
        add(
            "http.no_version_disclosure",
            "fail" if disclosed else "pass",
            {"headers": {n: self.headers[n] for n in VERSION_HEADERS if n in self.headers}},
            ("discloses " + "; ".join(f"{k}: {v}" for k, v in disclosed.items()))
            if disclosed
            else "no version numbers in headers",
        )
        if self.scheme == "http" and redirected:
            return out  # the HTTPS endpoint answers for the headers
        if self.scheme == "https":
            hsts = self._one("strict-transport-security")
            match = re.search(r"max-age\s*=\s*\"?(\d+)", hsts or "", re.I)
            age = int(match.group(1)) if match else None
            ok = age is not None and age >= self.hsts_min_max_age
            add(
                "http.hsts",
                "pass" if ok else "fail",
                {"strict-transport-security": hsts, "min_max_age": self.hsts_min_max_age},
                f"HSTS max-age={age}" if hsts else "no Strict-Transport-Security header",
            )
        csp = self._one("content-security-policy")
        add(
            "http.csp",
            "pass" if csp and csp.strip() else "fail",
            {"content-security-policy": csp},
            "Content-Security-Policy set" if csp else "no Content-Security-Policy header",
        )
        xfo = self._one("x-frame-options")
        ancestors = bool(csp and re.search(r"(^|;)\s*frame-ancestors\s", csp, re.I))
        framing_ok = ancestors or (xfo or "").strip().upper() in ("DENY", "SAMEORIGIN")
        add(
            "http.frame_options",
            "pass" if framing_ok else "fail",
            {"x-frame-options": xfo, "csp_frame_ancestors": ancestors},
            "framing restricted" if framing_ok else "neither X-Frame-Options nor CSP frame-ancestors",
        )
        xcto = self._one("x-content-type-options")
        add(
            "http.content_type_options",
            "pass" if (xcto or "").strip().lower() == "nosniff" else "fail",
            {"x-content-type-options": xcto},
            "nosniff" if xcto else "no X-Content-Type-Options header",
        )
        cookies = self.cookies()
        bad = []
        for c in cookies:
            missing = [
                flag
                for flag, ok in (
                    ("Secure", c["secure"]),
                    ("HttpOnly", c["httponly"]),
                    ("SameSite", c["samesite"]),
                )
                if not ok
            ]
            if missing:
                bad.append(f"{c['name']} lacks {'/'.join(missing)}")
        add(
            "http.cookie_flags",
            "fail" if bad else "pass",
            {"cookies": cookies},
            "; ".join(bad)
            if bad
            else (f"{len(cookies)} cookie(s) flagged" if cookies else "no cookies set on this page"),
        )
        return out


class HttpProbe(Probe):
    """Security headers, cookies and redirects of an HTTP(S) endpoint."""

    name = "http"
    checks = (
        "http.redirects_to_https",
        "http.hsts",
        "http.csp",
        "http.frame_options",
        "http.content_type_options",
        "http.cookie_flags",
        "http.no_version_disclosure",
    )
    politeness = Politeness(connections_per_target=1)

    def run(self, target: Target, ctx: ProbeContext) -> ProbeResult:
        scheme = "https" if target.tls else "http"
        parts = urlsplit(target.url) if target.url else None
        path = (parts.path or "/") if parts else "/"
        if parts and parts.query:
            path += "?" + parts.query
        host = target.name or target.address
        default_port = 443 if scheme == "https" else 80
        host_header = host if target.port == default_port else f"{host}:{target.port}"
        if ":" in host and not host.startswith("["):
            host_header = f"[{host}]" if target.port == default_port else f"[{host}]:{target.port}"
        sock = ctx.connect(target)
        conn: http.client.HTTPConnection
        try:
            if scheme == "https":
                sslctx = client_context(max_version=None)
                sni = target.name if target.name and not _looks_ip(target.name) else None
                sock.settimeout(ctx.timeout())
                sock = sslctx.wrap_socket(sock, server_hostname=sni)
            conn = http.client.HTTPConnection(target.address, target.port, timeout=ctx.timeout())
            conn.sock = sock
            conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", host_header)
            conn.putheader("User-Agent", f"attt-audit/{__version__} (security probe)")
            conn.putheader("Accept", "*/*")
            conn.putheader("Connection", "close")
            conn.endheaders()
            response = conn.getresponse()
            response.read(MAX_BODY)
            headers: dict[str, list[str]] = {}
            for name, value in response.getheaders():
                headers.setdefault(name.lower(), []).append(value)
            status = response.status
        finally:
            sock.close()
        return HttpResult(
            target=target,
            observed_at=dt.datetime.now(dt.UTC),
            url=f"{scheme}://{host_header}{path}",
            scheme=scheme,
            status=status,
            headers=headers,
            hsts_min_max_age=ctx.settings.hsts_min_max_age,
        )


def _looks_ip(text: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


__all__ = ["HttpProbe", "HttpResult", "ssl"]
