"""Loopback lab: TLS, HTTP, fake SSH and bare TCP services in one asyncio process.

Run as ``python server.py CONFIG.json``. The config lists services; each binds port 0 on its
127.0.0.x address (never anything else), and the process prints one JSON line
``{"ready": {"<name>": PORT, ...}}`` once every socket listens. SIGTERM stops it.

Service kinds:
  ``tls_http``  TLS (cert/key; ``legacy``: TLS 1.0+ and every suite at SECLEVEL 0) then HTTP
  ``http``      plain HTTP
  ``ssh``       sends ``banner`` and a KEXINIT offering ``algorithms``; never goes further
  ``tcp``       accepts and closes (stands for a telnet or database port)
HTTP ``headers``: ``none`` (old Server/X-Powered-By, flagless cookie), ``all`` (every security
header) or ``redirect`` (301 to ``https://<redirect_host>:<port of service redirect_to>/``).
``delay`` (seconds) is waited after each accept: it stands in for network latency.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import ssl
import struct
import sys
import warnings
from typing import Any

NONE_HEADERS = [
    ("Server", "Apache/2.2.15 (CentOS)"),
    ("X-Powered-By", "PHP/5.4.16"),
    ("Set-Cookie", "PHPSESSID=lab0001; path=/"),
]
ALL_HEADERS = [
    ("Server", "nginx"),
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Set-Cookie", "sid=lab0002; Path=/; Secure; HttpOnly; SameSite=Strict"),
]


def tls_context(service: dict[str, Any]) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if service.get("legacy"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        ctx.set_ciphers("ALL:COMPLEMENTOFALL:@SECLEVEL=0")
    else:
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.set_ciphers("ECDHE+AESGCM:ECDHE+CHACHA20" + (":@SECLEVEL=0" if service.get("seclevel0") else ""))
    ctx.load_cert_chain(service["cert"], service["key"])
    return ctx


def kexinit(algorithms: dict[str, list[str]]) -> bytes:
    order = [
        "kex",
        "host_keys",
        "ciphers",
        "ciphers",
        "macs",
        "macs",
        "compression",
        "compression",
        "lang",
        "lang",
    ]
    payload = bytes([20]) + os.urandom(16)
    for key in order:
        raw = ",".join(algorithms.get(key, ["none"] if key == "compression" else [])).encode()
        payload += struct.pack(">I", len(raw)) + raw
    payload += b"\x00" + b"\x00\x00\x00\x00"
    pad = 8 - ((5 + len(payload)) % 8)
    if pad < 4:
        pad += 8
    return struct.pack(">IB", 1 + len(payload) + pad, pad) + payload + b"\x00" * pad


class Lab:
    def __init__(self, services: list[dict[str, Any]]) -> None:
        self.services = services
        self.ports: dict[str, int] = {}
        self.sockets: dict[str, socket.socket] = {}

    def bind(self) -> None:
        for s in self.services:
            host = s["host"]
            if not (host.startswith("127.") or host == "::1"):
                raise SystemExit(f"lab refuses non-loopback address {host}")
            sock = socket.socket(socket.AF_INET6 if host == "::1" else socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, 0))
            sock.listen(256)
            sock.setblocking(False)
            self.sockets[s["name"]] = sock
            self.ports[s["name"]] = sock.getsockname()[1]

    async def serve(self, service: dict[str, Any]) -> None:
        loop = asyncio.get_running_loop()
        sock = self.sockets[service["name"]]
        ctx = tls_context(service) if service["kind"] == "tls_http" else None
        while True:
            conn, _ = await loop.sock_accept(sock)
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            loop.create_task(self.handle(conn, service, ctx))

    async def handle(self, conn: socket.socket, service: dict[str, Any], ctx: ssl.SSLContext | None) -> None:
        writer = None
        try:
            if service.get("delay"):
                await asyncio.sleep(service["delay"])
            kind = service["kind"]
            if kind == "tcp":
                conn.close()
                return
            loop = asyncio.get_running_loop()
            reader = asyncio.StreamReader()
            protocol = asyncio.StreamReaderProtocol(reader)
            transport, _ = await loop.connect_accepted_socket(
                lambda: protocol, conn, ssl=ctx, ssl_handshake_timeout=5 if ctx else None
            )
            writer = asyncio.StreamWriter(transport, protocol, reader, loop)
            if kind == "ssh":
                writer.write(service["banner"].encode() + b"\r\n")
                await writer.drain()
                await asyncio.wait_for(reader.readline(), 5)
                writer.write(kexinit(service.get("algorithms", {})))
                await writer.drain()
                await asyncio.wait_for(reader.read(1), 5)
                return
            request = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            if not request:
                return
            writer.write(self.response(service))
            await writer.drain()
        except Exception:  # handshake refusals, clients that hang up: expected in a probe lab
            pass
        finally:
            if writer is not None:
                writer.close()
            else:
                conn.close()

    def response(self, service: dict[str, Any]) -> bytes:
        mode = service.get("headers", "none")
        body = b"<html><body>attt-audit lab</body></html>"
        if mode == "redirect":
            port = self.ports[service["redirect_to"]]
            status, headers = (
                "301 Moved Permanently",
                [
                    ("Server", "nginx"),
                    ("Location", f"https://{service['redirect_host']}:{port}/"),
                ],
            )
        else:
            status, headers = "200 OK", ALL_HEADERS if mode == "all" else NONE_HEADERS
        head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
        head += f"Content-Type: text/html\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        return head.encode() + body


async def main(config: str) -> None:
    with open(config, encoding="utf-8") as fh:
        services = json.load(fh)["services"]
    lab = Lab(services)
    lab.bind()
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda _loop, _ctx: None)  # failed handshakes are the point
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    tasks = [loop.create_task(lab.serve(s)) for s in services]
    print(json.dumps({"ready": lab.ports}), flush=True)
    await stop.wait()
    for task in tasks:
        task.cancel()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
