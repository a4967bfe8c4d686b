"""The loopback probe lab: start the lab server process, and write a workspace pointing at it.

Everything listens on 127.0.0.x with ports the kernel picks at run time; nothing needs root.
The process is started with :func:`running_lab` and always terminated *and waited for*.
"""

from __future__ import annotations

import json
import select
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lab.certs import Pair, make_lab_certs

SERVER = Path(__file__).parent / "server.py"

WEAK = "127.0.0.2"
SSH_OLD = "127.0.0.3"
GOOD = "127.0.0.4"
SOON = "127.0.0.5"
SHA1 = "127.0.0.6"
SSH_GOOD = "127.0.0.7"

OLD_SSH = {
    "kex": ["diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1", "curve25519-sha256"],
    "host_keys": ["ssh-dss", "ssh-rsa"],
    "ciphers": ["3des-cbc", "arcfour", "aes128-ctr"],
    "macs": ["hmac-md5", "hmac-sha1", "hmac-sha2-256"],
}
MODERN_SSH = {
    "kex": ["sntrup761x25519-sha512@openssh.com", "curve25519-sha256"],
    "host_keys": ["ssh-ed25519"],
    "ciphers": ["chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com"],
    "macs": ["hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com"],
}


@dataclass
class RunningLab:
    services: dict[str, dict[str, Any]]
    ports: dict[str, int]
    certs: dict[str, Pair]
    folder: Path

    def host(self, name: str) -> str:
        return str(self.services[name]["host"])

    def label(self, name: str) -> str:
        host = self.host(name)
        return f"[{host}]:{self.ports[name]}" if ":" in host else f"{host}:{self.ports[name]}"


@contextmanager
def running_lab(services: list[dict[str, Any]], folder: Path, certs: dict[str, Pair]) -> Iterator[RunningLab]:
    """Start the lab server with these services; stop it (SIGTERM, then wait) on exit."""
    for s in services:
        assert s["host"].startswith("127.") or s["host"] == "::1", "the lab listens on loopback only"
    config = folder / "lab.json"
    config.write_text(json.dumps({"services": services}), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(SERVER), str(config)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 30)
        line = proc.stdout.readline() if ready else ""
        if not line:
            proc.kill()
            _, err = proc.communicate(timeout=5)
            raise RuntimeError(f"lab server did not start: {err.strip()[-500:]}")
        ports = json.loads(line)["ready"]
        yield RunningLab({s["name"]: s for s in services}, ports, certs, folder)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def standard_services(certs: dict[str, Pair]) -> list[dict[str, Any]]:
    def tls(name: str, host: str, pair: str, headers: str, **extra: Any) -> dict[str, Any]:
        return {
            "name": name,
            "kind": "tls_http",
            "host": host,
            "cert": str(certs[pair].cert),
            "key": str(certs[pair].key),
            "headers": headers,
            **extra,
        }

    return [
        tls("weak_tls", WEAK, "weak", "none", legacy=True),
        {"name": "weak_http", "kind": "http", "host": WEAK, "headers": "none"},
        {"name": "telnet", "kind": "tcp", "host": WEAK},
        tls("good_tls", GOOD, "good", "all"),
        {
            "name": "good_http",
            "kind": "http",
            "host": GOOD,
            "headers": "redirect",
            "redirect_to": "good_tls",
            "redirect_host": "good.lab.test",
        },
        tls("soon_tls", SOON, "soon", "all"),
        tls("sha1_tls", SHA1, "sha1", "all", seclevel0=True),
        {
            "name": "ssh_old",
            "kind": "ssh",
            "host": SSH_OLD,
            "banner": "SSH-2.0-OpenSSH_7.2p2 Ubuntu-4ubuntu2.10",
            "algorithms": OLD_SSH,
        },
        {
            "name": "ssh_good",
            "kind": "ssh",
            "host": SSH_GOOD,
            "banner": "SSH-2.0-OpenSSH_9.6",
            "algorithms": MODERN_SSH,
        },
    ]


@contextmanager
def standard_lab(folder: Path) -> Iterator[RunningLab]:
    certs = make_lab_certs(folder, [GOOD, SOON])
    with running_lab(standard_services(certs), folder, certs) as lab:
        yield lab


def write_workspace(lab: RunningLab, root: Path) -> Path:
    """A workspace with two systems: ``lab-weak`` (every defect) and ``lab-good`` (none)."""
    p = lab.ports
    root.mkdir(parents=True, exist_ok=True)
    inventory = {
        "organisation": {"name": "Phòng thí nghiệm kiểm thử (loopback)"},
        "systems": [
            {
                "id": "lab-weak",
                "name": "Cổng thông tin cũ",
                "hosts": [{"address": WEAK, "scan_ports": [p["telnet"], p["weak_tls"], p["weak_http"]]}],
                "endpoints": [
                    {
                        "host": WEAK,
                        "port": p["weak_tls"],
                        "kinds": ["tls", "http"],
                        "url": f"https://{WEAK}:{p['weak_tls']}/",
                    },
                    {"host": WEAK, "port": p["weak_http"], "kinds": ["http"]},
                    {
                        "host": SOON,
                        "port": p["soon_tls"],
                        "kinds": ["tls"],
                        "url": f"https://good.lab.test:{p['soon_tls']}/",
                    },
                    {
                        "host": SHA1,
                        "port": p["sha1_tls"],
                        "kinds": ["tls"],
                        "url": f"https://sha1.lab.test:{p['sha1_tls']}/",
                    },
                    {"host": SSH_OLD, "port": p["ssh_old"], "kinds": ["ssh"]},
                ],
            },
            {
                "id": "lab-good",
                "name": "Cổng thông tin mới",
                "hosts": [
                    {
                        "address": GOOD,
                        "scan_ports": [p["telnet"], p["good_tls"], p["good_http"]],
                        "allowed_ports": [p["good_tls"], p["good_http"]],
                    }
                ],
                "endpoints": [
                    {
                        "host": GOOD,
                        "port": p["good_tls"],
                        "kinds": ["tls", "http"],
                        "url": f"https://good.lab.test:{p['good_tls']}/",
                    },
                    {
                        "host": GOOD,
                        "port": p["good_http"],
                        "kinds": ["http"],
                        "url": f"http://good.lab.test:{p['good_http']}/",
                    },
                    {"host": SSH_GOOD, "port": p["ssh_good"], "kinds": ["ssh"]},
                ],
            },
        ],
    }
    settings = {"service_ports": {"telnet": [p["telnet"]]}, "ca_files": [str(lab.certs["ca"].cert)]}
    (root / "inventory.yaml").write_text(
        json.dumps(inventory, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (root / "probes.yaml").write_text(json.dumps(settings, indent=2), encoding="utf-8")
    return root
