"""Regenerate the example workspace's answers and recorded probe evidence.

    python examples/so-gtvt/generate_example.py

The answers follow the catalog at each system's approved level, so re-run this after the
catalog changes (then review the diff and update the golden files with
``pytest tests/test_engine_golden.py --update-golden``). What each system has done is written
down below per control; controls not named get a deterministic answer drawn from the
system's maturity, with notes and evidence that fit the control's group. The output is
deterministic: the same catalog gives the same files.

Everything here is illustrative: a fictitious province, documentation addresses (RFC 5737,
RFC 2606), no real documents.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from attt_audit.catalog import Requirement, load_catalog, load_profiles, resolve_profile  # noqa: E402
from attt_audit.models import Inventory, Observation, ProbeRun, answer_key  # noqa: E402
from attt_audit.probes.evidence import write_run  # noqa: E402
from attt_audit.yamlio import atomic_write_text, dump_yaml, load_model  # noqa: E402

VN = dt.timezone(dt.timedelta(hours=7))
ASSESSOR = "Trần Thị Lan"

# Documents in evidence/ (stand-ins named like the real ones).
QD88 = "qđ-88-giao-đơn-vị-chuyên-trách-attt.md"
QUY_CHE = "quy-chế-bảo-đảm-attt-sở-gtvt-2023.md"
INCIDENT_PLAN = "kế-hoạch-ứng-phó-sự-cố-attt-2026.md"
DRILL = "biên-bản-diễn-tập-ứng-cứu-sự-cố-2026.md"
WEEKLY = "báo-cáo-giám-sát-tuần-46-2026.md"
AUDIT = "báo-cáo-kiểm-tra-đánh-giá-26-2026-bc-anm.md"
ZONES = "sơ-đồ-phân-vùng-mạng-2026.md"
BACKUP = "nhật-ký-sao-lưu-tháng-10-2026.md"


def evidence_for(control: str) -> list[str]:
    """The stand-in document that would back a control of this group."""
    table = [
        ("layer1.", QD88),
        ("mgmt.org.", QD88),
        ("mgmt.policy.", QUY_CHE),
        ("mgmt.hr.", QUY_CHE),
        ("mgmt.ops.incidents", INCIDENT_PLAN),
        ("mgmt.ops.monitoring", WEEKLY),
        ("mgmt.ops.data", BACKUP),
        ("mgmt.ops.", QUY_CHE),
        ("layer2.", WEEKLY),
        ("design.siem", WEEKLY),
        ("design.it-monitoring", WEEKLY),
        ("design.central-backup", BACKUP),
        ("layer3.", AUDIT),
        ("net.", ZONES),
        ("design.", ZONES),
    ]
    return [doc for prefix, doc in table if control.startswith(prefix)][:1] or [QUY_CHE]


# Per system: the share of controls done (pass), half-done (partial), not done (fail),
# not yet answered, in that order; controls listed in PLAN override the draw.
MATURITY: dict[str, tuple[int, int, int, int]] = {
    "cong-ttdt": (55, 20, 10, 15),
    "qlvb-dh": (60, 15, 10, 15),
    "dvc-truc-tuyen": (70, 15, 5, 10),
    "camera-gt": (45, 25, 15, 15),
}

PASS_NOTES = [
    "Đã thực hiện theo Quy chế của Sở; hồ sơ lưu tại Văn phòng Sở.",
    "Đã triển khai từ năm 2024, duy trì đến nay.",
    "Đã thực hiện; minh chứng kèm theo.",
    "Thực hiện đầy đủ, được kiểm tra trong đợt tự kiểm tra gần nhất.",
]
GAP_NOTES = [
    "Chưa thực hiện; đã đưa vào kế hoạch ứng dụng công nghệ thông tin năm 2027.",
    "Chưa có văn bản quy định; đang dự thảo.",
    "Chưa bố trí được kinh phí; đề xuất trong dự toán năm 2027.",
    "Thực hiện chưa thường xuyên, chưa có hồ sơ ghi nhận.",
]

# Explicit answers: control → {"all": status} or per question {qid: status | (status, value)},
# with optional "note", "evidence", "justification" (N/A).
PLAN: dict[str, dict[str, dict[str, Any]]] = {
    "cong-ttdt": {
        "layer1.specialised-unit": {"all": "Đạt", "evidence": [QD88]},
        "net.logging": {
            "q1": "Đạt",
            "q2": "Không đạt",
            "q3": ("Đạt", 2),
            "note": "Nhật ký lưu trên từng thiết bị, chưa có cơ chế chống sửa xoá.",
        },
        "design.waf": {"all": "Không đạt", "note": "Cổng thông tin chưa đặt sau WAF; chỉ có tường lửa biên."},
        "design.inhouse-software": {
            "all": "Không áp dụng",
            "justification": "Cổng dùng nền tảng thương mại của nhà cung cấp; Sở không tự phát triển phần mềm.",
        },
        "mgmt.build.outsourced-development": {
            "all": "Đạt",
            "note": "Hợp đồng 15/2019/HĐ-SGTVT có điều khoản bảo mật và bàn giao mã nguồn.",
        },
    },
    "qlvb-dh": {
        "layer1.specialised-unit": {"all": "Đạt", "evidence": [QD88]},
        "design.inhouse-software": {
            "all": "Không áp dụng",
            "justification": "Hệ thống dùng phần mềm quản lý văn bản thương mại, thuê dịch vụ bảo trì; Sở không tự phát triển.",
        },
        "net.device-protection": {
            "q1": "Đạt",
            "q2": "Đạt",
            "q3": "Một phần",
            "note": "Máy chủ SSH còn cho phép thuật toán trao đổi khoá cũ; đã yêu cầu nhà cung cấp cấu hình lại.",
        },
        "mgmt.ops.incidents": {"all": "Đạt", "evidence": [INCIDENT_PLAN, DRILL]},
    },
    "dvc-truc-tuyen": {
        "layer1.specialised-unit": {"all": "Đạt", "evidence": [QD88]},
        "layer2.watch-and-reports": {"q1": "Đạt", "q2": "Đạt", "q3": ("Đạt", 90), "evidence": [WEEKLY]},
        "layer3.independent-assessment": {"all": "Đạt", "evidence": [AUDIT]},
        "layer3.assessment-scope": {"all": "Đạt", "evidence": [AUDIT]},
        "layer3.remediation-follow-up": {
            "q1": "Đạt",
            "q2": "Một phần",
            "note": "Đã khắc phục 4/6 điểm yếu mức trung bình; 2 điểm còn lại chờ nâng cấp phiên bản ứng dụng.",
            "evidence": [AUDIT],
        },
        "layer4.national-monitoring-link": {
            "all": "Không đạt",
            "note": "Chưa kết nối với hệ thống giám sát quốc gia; đã có văn bản đề nghị hướng dẫn kỹ thuật.",
        },
        # Answered Đạt, but the recorded HTTP probe sees the web server's version in its headers.
        "design.waf": {
            "all": "Đạt",
            "note": "WAF của trung tâm dữ liệu tỉnh, chế độ chặn.",
            "evidence": [ZONES],
        },
        "design.wireless-security": {
            "all": "Không áp dụng",
            "justification": "Vùng máy chủ của hệ thống không có mạng không dây; Wi-Fi văn phòng tách biệt vật lý.",
        },
        "mgmt.ops.vulnerabilities": {
            "q1": "Đạt",
            "q2": "Không đạt",
            "q3": "Một phần",
            "note": "Chu kỳ dò quét 6 tháng theo Quy chế nhưng lần gần nhất là 04/2026; kiểm toán kiến nghị 3 tháng.",
            "evidence": [AUDIT],
        },
        "mgmt.ops.incidents": {"all": "Đạt", "evidence": [INCIDENT_PLAN, DRILL]},
        "mgmt.ops.data": {"all": "Đạt", "evidence": [BACKUP]},
        "design.central-backup": {"all": "Đạt", "evidence": [BACKUP]},
        "net.logging": {"q1": "Đạt", "q2": "Đạt", "q3": "Đạt", "q4": ("Đạt", 6), "evidence": [WEEKLY]},
        "design.siem": {"all": "Đạt", "evidence": [WEEKLY]},
    },
    "camera-gt": {
        "layer1.specialised-unit": {"all": "Đạt", "evidence": [QD88]},
        # The recorded port scan finds the database port open on the storage server.
        "net.external-access": {
            "all": "Đạt",
            "note": "Chỉ mở HTTPS ra Internet qua tường lửa biên.",
            "evidence": [ZONES],
        },
        "layer2.watch-and-reports": {
            "q1": "Đạt",
            "q2": "Một phần",
            "q3": ("Đạt", 14),
            "note": "Có báo cáo tuần; chưa có báo cáo ngày. Dữ liệu giám sát chỉ lưu 14 ngày.",
            "evidence": [WEEKLY],
        },
        "layer4.national-monitoring-link": {
            "all": "Không đạt",
            "note": "Chưa kết nối; chờ hoàn thành dự án nâng cấp hạ tầng lưu trữ.",
        },
        "design.siem": {
            "q1": "Một phần",
            "q2": "Không đạt",
            "q3": "Không đạt",
            "note": "Nhật ký camera và máy chủ lưu trữ chưa đưa về hệ thống giám sát tập trung của Sở.",
        },
        "design.central-backup": {
            "q1": "Đạt",
            "q2": "Không đạt",
            "note": "Sao lưu cơ sở dữ liệu lỗi do thiếu dung lượng (18/10/2026).",
            "evidence": [BACKUP],
        },
        "net.logging": {
            "q1": "Đạt",
            "q2": "Không đạt",
            "q3": "Một phần",
            "q4": ("Một phần", 1),
            "note": "Nhật ký camera lưu 1 tháng do giới hạn dung lượng.",
        },
        "design.wireless-security": {
            "all": "Không áp dụng",
            "justification": "Camera kết nối bằng cáp quang và mạng truyền số liệu chuyên dùng; không dùng mạng không dây.",
        },
    },
}


def _draw(system: str, control: str, maturity: tuple[int, int, int, int]) -> str | None:
    roll = int(hashlib.sha256(f"{system}/{control}".encode()).hexdigest()[:8], 16) % 100
    done, half, fail, _ = maturity
    if roll < done:
        return "Đạt"
    if roll < done + half:
        return "Một phần"
    if roll < done + half + fail:
        return "Không đạt"
    return None


def _status(given: Any) -> str:
    return str(given[0] if isinstance(given, tuple) else given)


def _pick(options: list[str], key: str) -> str:
    return options[int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % len(options)]


def answers_for(system: str, requirements: list[Requirement], level: int, day: dt.datetime) -> dict[str, Any]:
    plan = PLAN.get(system, {})
    out: dict[str, Any] = {}
    for req in requirements:
        cid = req.control.id
        questions = req.variant.questions
        if not questions:
            continue
        spec = plan.get(cid)
        per_q: dict[str, Any] = {}
        if spec is None:
            drawn = _draw(system, cid, MATURITY[system])
            if drawn is None:
                continue  # not answered yet
            if drawn == "Một phần" and len(questions) > 1:
                # Some items done, one not: the last question is the gap.
                per_q = {q.id: "Đạt" for q in questions[:-1]} | {questions[-1].id: "Không đạt"}
            else:
                per_q = {q.id: drawn for q in questions}
            spec = {}
        elif "all" in spec:
            per_q = {q.id: spec["all"] for q in questions}
        else:
            per_q = {q.id: spec[q.id] for q in questions if q.id in spec}
        evidence = spec.get("evidence")
        gaps = [q for q in per_q if _status(per_q[q]) in ("Không đạt", "Một phần")]
        note_on = gaps[0] if gaps else questions[0].id  # the officer's note sits where it explains most
        for index, q in enumerate(questions):
            if q.id not in per_q:
                continue
            given = per_q[q.id]
            status, value = given if isinstance(given, tuple) else (given, None)
            if q.param is not None and value is None:
                param = req.variant.params.get(q.param)
                value = int(param.min) * (2 if status == "Đạt" else 1) if param and param.min else None
            answer: dict[str, Any] = {"status": status}
            if value is not None:
                answer["value"] = value
            first = index == 0
            if status == "Không áp dụng":
                answer["justification"] = spec["justification"]
            elif q.id == note_on and spec.get("note"):
                answer["note"] = spec["note"]
            elif first and status == "Đạt":
                answer["note"] = _pick(PASS_NOTES, f"{system}/{cid}")
            elif status in ("Không đạt", "Một phần"):
                answer["note"] = _pick(GAP_NOTES, f"{system}/{cid}/{q.id}")
            if status == "Đạt" and first:
                answer["evidence"] = evidence or evidence_for(cid)
            answer["answered_by"] = ASSESSOR
            answer["answered_at"] = day.isoformat()
            out[answer_key(cid, level, q.id)] = answer
    return out


# ---------------------------------------------------------------------- probe evidence

STARTED = {
    "cong-ttdt": dt.datetime(2026, 11, 18, 2, 5, tzinfo=dt.UTC),
    "qlvb-dh": dt.datetime(2026, 11, 18, 2, 20, tzinfo=dt.UTC),
    "dvc-truc-tuyen": dt.datetime(2026, 11, 18, 2, 40, tzinfo=dt.UTC),
    "camera-gt": dt.datetime(2026, 11, 18, 3, 10, tzinfo=dt.UTC),
}
RISKY = {
    "ports.telnet_closed": ("telnet", [23]),
    "ports.ftp_closed": ("ftp", [20, 21]),
    "ports.remote_desktop_closed": ("remote_desktop", [3389, 5900]),
    "ports.file_sharing_closed": ("file_sharing", [139, 445, 2049]),
    "ports.database_closed": ("database", [1433, 1521, 3306, 5432, 27017]),
}


def port_observations(
    host: str, allowed: list[int], open_ports: list[int], at: dt.datetime
) -> list[Observation]:
    out = []
    for check, (category, ports) in RISKY.items():
        opened = [p for p in ports if p in open_ports]
        evidence = {"category_ports": ports, "scanned": ports, "open": opened, "method": "nmap"}
        result, detail = (
            ("fail", f"{category} port(s) {', '.join(map(str, opened))} open")
            if opened
            else ("pass", f"{category} port(s) {', '.join(map(str, ports))} not open")
        )
        out.append(
            Observation(
                check=check,
                result=result,
                target=host,
                probe="ports",
                evidence=evidence,
                detail=detail,
                observed_at=at,
            )
        )
    extra = [p for p in open_ports if p not in allowed]
    out.append(
        Observation(
            check="ports.only_allowed_open",
            result="fail" if extra else "pass",
            target=host,
            probe="ports",
            evidence={"open": open_ports, "allowed": allowed, "method": "nmap", "not_allowed": extra},
            detail=f"open but not declared: {', '.join(map(str, extra))}"
            if extra
            else "every open scanned port is declared",
            observed_at=at,
        )
    )
    return out


def tls_observations(target: str, *, legacy: list[str], days_left: int, at: dt.datetime) -> list[Observation]:
    def obs(check: str, ok: bool, evidence: dict[str, Any], detail: str) -> Observation:
        return Observation(
            check=check,
            result="pass" if ok else "fail",
            target=target,
            probe="tls",
            evidence=evidence,
            detail=detail,
            observed_at=at,
        )

    return [
        obs(
            "tls.legacy_protocols_disabled",
            not legacy,
            {"offered": legacy + ["TLSv1.2", "TLSv1.3"]},
            f"legacy protocol(s) accepted: {', '.join(legacy)}" if legacy else "TLS 1.0 and 1.1 refused",
        ),
        obs(
            "tls.modern_protocol_supported",
            True,
            {"offered": ["TLSv1.2", "TLSv1.3"]},
            "TLS 1.2 or 1.3 offered",
        ),
        obs("tls.weak_ciphers_disabled", True, {"weak_accepted": []}, "no weak cipher suite accepted"),
        obs(
            "tls.certificate_valid",
            True,
            {"not_after": (at + dt.timedelta(days=days_left)).date().isoformat()},
            "certificate within its validity period",
        ),
        obs(
            "tls.certificate_not_expiring",
            days_left > 30,
            {"days_left": days_left},
            f"certificate expires in {days_left} days",
        ),
        obs(
            "tls.certificate_hostname_match",
            True,
            {"san": [target.split(":")[0]]},
            "host name matches the certificate",
        ),
        obs("tls.certificate_key_strength", True, {"key": "RSA 2048"}, "RSA 2048-bit key"),
        obs(
            "tls.certificate_signature_strong",
            True,
            {"signature": "sha256WithRSAEncryption"},
            "SHA-256 signature",
        ),
        obs(
            "tls.certificate_trusted",
            True,
            {"issuer": "Example Public CA (RFC 2606 example)"},
            "chain validates against the system trust store",
        ),
    ]


def http_observations(
    target: str, *, server: str | None, hsts: bool, csp: bool, at: dt.datetime, redirect: bool | None = None
) -> list[Observation]:
    def obs(check: str, ok: bool, evidence: dict[str, Any], detail: str) -> Observation:
        return Observation(
            check=check,
            result="pass" if ok else "fail",
            target=target,
            probe="http",
            evidence=evidence,
            detail=detail,
            observed_at=at,
        )

    out = []
    if redirect is not None:
        out.append(
            obs(
                "http.redirects_to_https",
                redirect,
                {"status": 301 if redirect else 200},
                "plain HTTP redirects to HTTPS" if redirect else "plain HTTP serves content",
            )
        )
        return out
    out += [
        obs(
            "http.hsts",
            hsts,
            {"strict-transport-security": "max-age=31536000" if hsts else None},
            "HSTS header present" if hsts else "no Strict-Transport-Security header",
        ),
        obs(
            "http.csp",
            csp,
            {"content-security-policy": "default-src 'self'" if csp else None},
            "CSP header present" if csp else "no Content-Security-Policy header",
        ),
        obs("http.frame_options", True, {"x-frame-options": "SAMEORIGIN"}, "framing restricted"),
        obs("http.content_type_options", True, {"x-content-type-options": "nosniff"}, "nosniff set"),
        obs(
            "http.cookie_flags",
            True,
            {"cookies": ["SESSION; Secure; HttpOnly; SameSite=Lax"]},
            "session cookies are Secure and HttpOnly",
        ),
        obs(
            "http.no_version_disclosure",
            server is None,
            {"server": server or "nginx"},
            f"Server header discloses {server}" if server else "no version in Server header",
        ),
    ]
    return out


def ssh_observations(
    target: str, *, weak_kex: list[str], software: str, current: bool, at: dt.datetime
) -> list[Observation]:
    def obs(check: str, ok: bool, evidence: dict[str, Any], detail: str) -> Observation:
        return Observation(
            check=check,
            result="pass" if ok else "fail",
            target=target,
            probe="ssh",
            evidence=evidence,
            detail=detail,
            observed_at=at,
        )

    return [
        obs("ssh.protocol_v2", True, {"banner": f"SSH-2.0-{software}"}, "SSH protocol 2.0 only"),
        obs(
            "ssh.weak_kex_disabled",
            not weak_kex,
            {"weak_kex": weak_kex},
            f"weak key exchange offered: {', '.join(weak_kex)}"
            if weak_kex
            else "no weak key exchange offered",
        ),
        obs("ssh.weak_ciphers_disabled", True, {"weak_ciphers": []}, "no weak cipher offered"),
        obs("ssh.weak_macs_disabled", True, {"weak_macs": []}, "no weak MAC offered"),
        obs(
            "ssh.software_current",
            current,
            {"software": software},
            f"{software} is a supported release" if current else f"{software} is past its support window",
        ),
    ]


SERVICES = {
    20: "ftp-data",
    21: "ftp",
    22: "ssh",
    23: "telnet",
    80: "http",
    139: "netbios-ssn",
    443: "https",
    445: "microsoft-ds",
    1433: "ms-sql-s",
    1521: "oracle",
    2049: "nfs",
    3306: "mysql",
    3389: "ms-wbt-server",
    5432: "postgresql",
    5900: "vnc",
    27017: "mongod",
}


def nmap_xml(address: str, allowed: list[int], open_ports: list[int], at: dt.datetime) -> bytes:
    """A small nmap XML report like the port probe saves beside its run (recorded example)."""
    scanned = sorted({p for _, ports in RISKY.values() for p in ports} | set(allowed))
    start = int(at.timestamp())
    ports = "\n".join(
        f'<port protocol="tcp" portid="{p}"><state state="open" reason="syn-ack" reason_ttl="0"/>'
        f'<service name="{SERVICES.get(p, "unknown")}" method="table" conf="3"/></port>'
        for p in sorted(open_ports)
    )
    closed = len(scanned) - len(open_ports)
    args = f"nmap -oX - -sT -Pn -n -T4 --max-retries 1 --host-timeout 60s --max-rate 100 --max-parallelism 10 -p {','.join(map(str, scanned))} {address}"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="{args}" start="{start}" version="7.94" xmloutputversion="1.05">
<scaninfo type="connect" protocol="tcp" numservices="{len(scanned)}" services="{",".join(map(str, scanned))}"/>
<host starttime="{start}" endtime="{start + 3}"><status state="up" reason="user-set" reason_ttl="0"/>
<address addr="{address}" addrtype="ipv4"/>
<ports><extraports state="closed" count="{closed}"><extrareasons reason="conn-refused" count="{closed}"/></extraports>
{ports}
</ports>
</host>
<runstats><finished time="{start + 3}" elapsed="2.87" exit="success"/><hosts up="1" down="0" total="1"/></runstats>
</nmaprun>
""".encode()


PORT_HOSTS = {
    "cong-ttdt": [("192.0.2.10", [80, 443], [80, 443])],
    "qlvb-dh": [("192.0.2.30", [22, 443], [22, 443])],
    "dvc-truc-tuyen": [("192.0.2.20", [80, 443], [80, 443]), ("192.0.2.21", [22], [22])],
    "camera-gt": [("192.0.2.40", [443], [443]), ("192.0.2.41", [22], [22, 5432])],
}


def probe_runs() -> dict[str, ProbeRun]:
    runs: dict[str, list[Observation]] = {}
    at = STARTED
    ports = {
        system: [
            o for host, allowed, opened in hosts for o in port_observations(host, allowed, opened, at[system])
        ]
        for system, hosts in PORT_HOSTS.items()
    }
    runs["cong-ttdt"] = (
        ports["cong-ttdt"]
        + tls_observations(
            "congtt.sogtvt-binhan.example:443",
            legacy=["TLSv1.0", "TLSv1.1"],
            days_left=24,
            at=at["cong-ttdt"],
        )
        + http_observations(
            "congtt.sogtvt-binhan.example:443",
            server="Apache/2.4.29 (Ubuntu)",
            hsts=False,
            csp=False,
            at=at["cong-ttdt"],
        )
        + http_observations(
            "congtt.sogtvt-binhan.example:80",
            server=None,
            hsts=False,
            csp=False,
            at=at["cong-ttdt"],
            redirect=True,
        )
    )
    runs["qlvb-dh"] = (
        ports["qlvb-dh"]
        + tls_observations("qlvb.sogtvt-binhan.example:443", legacy=[], days_left=210, at=at["qlvb-dh"])
        + http_observations(
            "qlvb.sogtvt-binhan.example:443", server=None, hsts=True, csp=False, at=at["qlvb-dh"]
        )
        + ssh_observations(
            "192.0.2.30:22",
            weak_kex=["diffie-hellman-group1-sha1"],
            software="OpenSSH_7.4",
            current=False,
            at=at["qlvb-dh"],
        )
    )
    runs["dvc-truc-tuyen"] = (
        ports["dvc-truc-tuyen"]
        + tls_observations(
            "dichvucong.sogtvt-binhan.example:443", legacy=[], days_left=143, at=at["dvc-truc-tuyen"]
        )
        + http_observations(
            "dichvucong.sogtvt-binhan.example:443",
            server="nginx/1.18.0",
            hsts=True,
            csp=True,
            at=at["dvc-truc-tuyen"],
        )
        + http_observations(
            "dichvucong.sogtvt-binhan.example:80",
            server=None,
            hsts=False,
            csp=False,
            at=at["dvc-truc-tuyen"],
            redirect=True,
        )
        + ssh_observations(
            "192.0.2.21:22", weak_kex=[], software="OpenSSH_8.9p1", current=True, at=at["dvc-truc-tuyen"]
        )
    )
    runs["camera-gt"] = (
        ports["camera-gt"]
        + tls_observations("camera.sogtvt-binhan.example:443", legacy=[], days_left=320, at=at["camera-gt"])
        + http_observations(
            "camera.sogtvt-binhan.example:443", server=None, hsts=True, csp=False, at=at["camera-gt"]
        )
        + ssh_observations(
            "192.0.2.41:22", weak_kex=[], software="OpenSSH_8.2p1", current=True, at=at["camera-gt"]
        )
    )
    out = {}
    for system, observations in runs.items():
        started = at[system]
        out[system] = ProbeRun(
            system=system,
            started_at=started,
            finished_at=started + dt.timedelta(minutes=3, seconds=42),
            tool_version="0.1.0",
            tools={"nmap": "7.94", "openssl": "OpenSSL 3.0.13", "python": "3.11.9"},
            targets=sorted({o.target for o in observations}),
            observations=observations,
            capabilities={
                "tls_versions": ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
                "note": "recorded example run",
            },
        )
    return out


def main() -> None:
    inventory = load_model(Inventory, HERE / "inventory.yaml")
    catalog = load_catalog()
    profiles = load_profiles(HERE)
    day = dt.datetime(2026, 11, 16, 9, 30, tzinfo=VN)
    for system in inventory.systems:
        level = (system.approval.level if system.approval else None) or system.declared_level or 3
        resolved = resolve_profile(f"level{level}", catalog, profiles)
        data = {
            "schema_version": 1,
            "system": system.id,
            "level": level,
            "profile": f"level{level}",
            "answers": answers_for(system.id, resolved.requirements, level, day),
        }
        header = (
            f"# Câu trả lời bảng hỏi — {system.name} (cấp độ {level}).\n"
            "# Ví dụ minh hoạ; tạo bởi generate_example.py từ danh mục yêu cầu hiện hành.\n"
        )
        atomic_write_text(HERE / "answers" / f"{system.id}.yaml", header + dump_yaml(data))
    probes_dir = HERE / "evidence" / "probes"
    for system_id, run in probe_runs().items():
        folder = probes_dir / system_id
        for old in folder.glob("*") if folder.is_dir() else []:
            old.unlink()  # this script owns the recorded runs: rewrite, never pile up
        artifacts = {
            f"{host}.nmap.xml": nmap_xml(host, allowed, opened, run.started_at)
            for host, allowed, opened in PORT_HOSTS[system_id]
        }
        write_run(probes_dir, run, artifacts)


if __name__ == "__main__":
    main()
