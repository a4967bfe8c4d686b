"""Plain-language wording of a result for documents an officer signs (issue 13 §1).

The engine keeps its results machine-readable (control ids, check ids, question ids, source
tags); official documents speak plain administrative Vietnamese or English. This module turns
the structured parts of a :class:`~attt_audit.models.RequirementResult` into words at render
time:

* :func:`reason_text` — why a requirement has its status, composed from the answers, the probe
  observations and the requirement's applicability condition (never a rule expression);
* :func:`observation_text` — one probe observation in words (``Không mở cổng Telnet (23): đạt``);
* :func:`condition_text` — an ``applies_when`` condition in words, from the wording table
  ``checklists/wording/conditions.yaml`` and the classification rows' own labels;
* :func:`unmet_questions` / :func:`question_text` — the questions left unmet, by their text;
* :func:`strip_tags` — a text without its source tags (``[INF]``, ``[S1]``, ``[P2]``);
  the tags stay in JSON and the report's sources appendix states confidence in words.

Question texts and conditions are read from the bundled catalog by control id and level; a
control the catalog no longer holds falls back to generic wording (never to ids).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache
from typing import Any, NamedTuple

from attt_audit.models import Answer, Condition, LocalText, Observation, RequirementResult, Status
from attt_audit.models.common import STATUS_LABELS, Lang


def _t(vi: str, en: str) -> LocalText:
    return LocalText(vi=vi, en=en)


TAG = re.compile(r"\s*\[(?:INF|S\d|P\d)\]")
"""A source tag in a sentence: ``[INF]``, ``[S1]``, ``[P2]``."""

CONFIDENCE_WORDS: dict[str, LocalText] = {
    "A": _t("Văn bản gốc, đã đối chiếu", "Primary text, checked"),
    "P2": _t("Hai bản văn bản gốc thống nhất", "Two primary copies agree"),
    "P1": _t("Một bản văn bản gốc", "One primary copy"),
    "B": _t("Nguồn thứ cấp tin cậy", "Reliable secondary source"),
    "S2": _t("Hai nguồn thứ cấp thống nhất", "Two secondary sources agree"),
    "S1": _t("Một nguồn thứ cấp", "One secondary source"),
    "C": _t("Nguồn chưa kiểm chứng", "Unverified source"),
    "INF": _t("Suy luận của người soạn, chưa có văn bản xác nhận", "Our inference, no text confirms it"),
    "low": _t("Độ tin cậy thấp", "Low confidence"),
}
"""Source confidence codes in words (the sources appendix of the reports)."""

WEAK = {"C", "S1", "INF", "low"}

# ------------------------------------------------------------------------------ observations
# check id → what is checked (vi, en) and the evidence key listed when the check fails


class Check(NamedTuple):
    title: LocalText
    evidence_key: str | None


def _check(vi: str, en: str, evidence_key: str | None) -> Check:
    return Check(_t(vi, en), evidence_key)


CHECKS: dict[str, Check] = {
    "ports.telnet_closed": _check("Không mở cổng Telnet", "Telnet port closed", "open"),
    "ports.ftp_closed": _check("Không mở cổng FTP", "FTP ports closed", "open"),
    "ports.remote_desktop_closed": _check(
        "Không mở cổng điều khiển từ xa (RDP, VNC)",
        "Remote-desktop ports (RDP, VNC) closed",
        "open",
    ),
    "ports.file_sharing_closed": _check(
        "Không mở cổng chia sẻ tệp (SMB, NFS)",
        "File-sharing ports (SMB, NFS) closed",
        "open",
    ),
    "ports.database_closed": _check(
        "Không mở cổng cơ sở dữ liệu ra ngoài",
        "Database ports closed to the outside",
        "open",
    ),
    "ports.only_allowed_open": _check(
        "Chỉ mở các cổng đã đăng ký trong hồ sơ hệ thống",
        "Only the ports registered in the inventory are reachable",
        "not_allowed",
    ),
    "tls.legacy_protocols_disabled": _check(
        "Từ chối giao thức mã hóa cũ (TLS 1.0, 1.1)",
        "Legacy encryption protocols (TLS 1.0, 1.1) refused",
        "offered",
    ),
    "tls.modern_protocol_supported": _check(
        "Hỗ trợ TLS 1.2 hoặc 1.3",
        "TLS 1.2 or 1.3 supported",
        "offered",
    ),
    "tls.weak_ciphers_disabled": _check(
        "Không chấp nhận bộ mã hóa yếu",
        "No weak cipher suite accepted",
        "weak_accepted",
    ),
    "tls.certificate_valid": _check(
        "Chứng thư số còn hiệu lực",
        "Certificate within its validity period",
        "not_after",
    ),
    "tls.certificate_not_expiring": _check(
        "Chứng thư số chưa sắp hết hạn",
        "Certificate not about to expire",
        "days_left",
    ),
    "tls.certificate_trusted": _check("Chứng thư số được tin cậy", "Certificate chain trusted", "issuer"),
    "tls.certificate_hostname_match": _check(
        "Chứng thư số đúng tên miền",
        "Certificate matches the host name",
        "san",
    ),
    "tls.certificate_key_strength": _check(
        "Khóa của chứng thư số đủ mạnh", "Certificate key strong enough", "key"
    ),
    "tls.certificate_signature_strong": _check(
        "Thuật toán ký của chứng thư số đủ mạnh",
        "Certificate signature algorithm strong enough",
        "signature",
    ),
    "http.hsts": _check("Có tiêu đề HSTS (buộc dùng HTTPS)", "HSTS header present (HTTPS enforced)", None),
    "http.csp": _check(
        "Có chính sách bảo mật nội dung (CSP)", "Content Security Policy header present", None
    ),
    "http.frame_options": _check("Chặn nhúng trang vào khung", "Framing restricted", None),
    "http.content_type_options": _check(
        "Chặn đoán kiểu nội dung (nosniff)",
        "Content-type sniffing blocked (nosniff)",
        None,
    ),
    "http.cookie_flags": _check(
        "Cookie phiên có thuộc tính Secure và HttpOnly",
        "Session cookies carry Secure and HttpOnly",
        None,
    ),
    "http.no_version_disclosure": _check(
        "Không lộ phiên bản phần mềm máy chủ web",
        "Web server software version not disclosed",
        "server",
    ),
    "http.redirects_to_https": _check("Chuyển hướng HTTP sang HTTPS", "Plain HTTP redirected to HTTPS", None),
    "ssh.protocol_v2": _check("Chỉ dùng SSH phiên bản 2", "SSH protocol version 2 only", None),
    "ssh.software_current": _check(
        "Phần mềm SSH còn được hỗ trợ",
        "SSH software still supported",
        "software",
    ),
    "ssh.weak_kex_disabled": _check(
        "Không dùng thuật toán trao đổi khóa yếu", "No weak key exchange", "weak_kex"
    ),
    "ssh.weak_ciphers_disabled": _check("Không dùng bộ mã hóa yếu", "No weak cipher", "weak_ciphers"),
    "ssh.weak_macs_disabled": _check("Không dùng thuật toán MAC yếu", "No weak MAC", "weak_macs"),
}
OBS_RESULT: dict[str, LocalText] = {
    "pass": _t("đạt", "pass"),
    "fail": _t("không đạt", "fail"),
    "error": _t("lỗi khi kiểm tra", "error while checking"),
    "not_testable": _t("không kiểm tra được", "could not be tested"),
}
PROBE_RUN = _t("; lượt kiểm tra ngày ", "; probe run of ")
STALE = _t(" (đã cũ, không tính là đạt)", " (stale, not counted as a pass)")


def check_title(check: str, lang: Lang) -> str:
    """What a probe check verifies, in words (a check this table does not know: a generic phrase)."""
    entry = CHECKS.get(check)
    if entry is None:
        return "Kiểm tra kỹ thuật tự động" if lang == "vi" else "Automatic technical check"
    return entry.title.get(lang)


def _values(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def observation_text(obs: Observation, lang: Lang) -> str:
    """``192.0.2.10 — Không mở cổng Telnet: đạt`` (failures add the values that decided them)."""
    result = OBS_RESULT[obs.result].get(lang) if obs.result in OBS_RESULT else obs.result
    text = f"{obs.target} — {check_title(obs.check, lang)}: {result}"
    entry = CHECKS.get(obs.check)
    key = entry.evidence_key if entry is not None else None
    if obs.result == "fail" and key:
        shown = _values(obs.evidence.get(key))
        if shown:
            text += f" ({shown})"
    if obs.run:  # evidence gathered over several probe runs: say which run, and when it is too old
        text += PROBE_RUN.get(lang) + _probe_day(obs.observed_at, lang)
        if obs.stale:
            text += STALE.get(lang)
    return text


@lru_cache(maxsize=4096)
def _host(target: str) -> str:
    """``192.0.2.20:443`` → ``192.0.2.20``; ``[::1]:22`` → ``::1``; a URL or name stays."""
    if target.startswith("["):
        return target[1:].split("]", 1)[0]
    if target.count(":") == 1 and target.rsplit(":", 1)[1].isdigit():
        return target.rsplit(":", 1)[0]
    return target


def observation_details(observations: list[Observation], lang: Lang) -> list[str]:
    """Every check that failed, could not be tested or is stale, in full."""
    return [observation_text(o, lang) for o in observations if o.result != "pass" or o.stale]


@lru_cache(maxsize=1024)
def _probe_day(moment: dt.datetime, lang: Lang) -> str:
    """The day of a probe observation as a report prints it (remembered: a probe run stamps
    its checks with a few moments, and a workspace's systems share probe runs' days)."""
    return moment.strftime("%d/%m/%Y") if lang == "vi" else moment.strftime("%Y-%m-%d")


def observation_summary(observations: list[Observation], lang: Lang) -> list[str]:
    """Probe observations as a report prints them: passing checks summed up in one line per probe
    day (``Kiểm tra tự động ngày 18/11/2026: 12/12 kiểm tra đạt trên 192.0.2.20, 192.0.2.21``),
    then every check that failed, could not be tested or is stale, in full (issue 13)."""
    from attt_audit.render.labels import label

    days: dict[str, list[Observation]] = {}
    for o in observations:
        days.setdefault(_probe_day(o.observed_at, lang), []).append(o)
    out = []
    for day, group in days.items():
        passed = [o for o in group if o.result == "pass" and not o.stale]
        if not passed:
            continue
        hosts = list(dict.fromkeys(_host(o.target) for o in passed if o.target))
        key = "obs_summary" if hosts else "obs_summary_none"
        out.append(label(key, lang, date=day, passed=len(passed), total=len(group), targets=", ".join(hosts)))
    return out


# ------------------------------------------------------------------------------ catalog lookups
@cache
def _catalog() -> Any:
    from attt_audit.catalog import load_catalog

    return load_catalog()


def _variant(control: str, level: int) -> Any:
    try:
        ctrl = _catalog().controls.get(control)
    except Exception:  # noqa: BLE001  (a broken catalog must not stop a report being rendered)
        return None
    if ctrl is None:
        return None
    return ctrl.levels.get(level)


@lru_cache(maxsize=4096)
def _questions(control: str, level: int, lang: Lang) -> tuple[tuple[str, str], ...]:
    """(question id, text cited in ``lang``) of the control at ``level``, in catalog order.
    (Remembered: the catalog is fixed for the process, and every system's report words the
    same questions.)"""
    variant = _variant(control, level)
    if variant is None:
        return ()
    from attt_audit.render.legal_refs import cite_in_text

    return tuple((q.id, cite_in_text(str(q.vi if lang == "vi" else q.en), lang)) for q in variant.questions)


@lru_cache(maxsize=4096)
def _question_texts(control: str, level: int, lang: Lang) -> dict[str, str]:
    """:func:`_questions` by id (the first question of an id; read-only)."""
    texts: dict[str, str] = {}
    for qid, text in _questions(control, level, lang):
        texts.setdefault(qid, text)
    return texts


def question_text(control: str, level: int, qid: str, lang: Lang) -> str:
    """The question's own text; ``""`` when the catalog does not hold it."""
    return _question_texts(control, level, lang).get(qid, "")


@lru_cache(maxsize=4096)
def remediation_text(control: str, level: int, lang: Lang) -> str:
    """The corrective action written for the control at ``level`` (``remediation:`` in the catalog;
    remembered, as the catalog is fixed for the process)."""
    variant = _variant(control, level)
    text = getattr(variant, "remediation", None) if variant is not None else None
    if text is None:
        try:
            ctrl = _catalog().controls.get(control)
        except Exception:  # noqa: BLE001
            ctrl = None
        text = getattr(ctrl, "remediation", None)
    if text is None:
        return ""
    from attt_audit.render.legal_refs import cite_in_text

    return cite_in_text(str(text.get(lang)), lang)


def _status_of(answer: Answer | None) -> str:
    # ``_value_`` is ``.value`` without the enum property's call (a report reads ~600 answers)
    status = answer.status if answer is not None else None
    return status._value_ if status is not None else ""


_UNMET = (Status.FAIL.value, Status.PARTIAL.value)


def unmet_questions(row: RequirementResult, lang: Lang) -> list[str]:
    """Texts of the questions answered Không đạt or Một phần, then of those not answered yet."""
    unmet, unanswered = [], []
    answered = {key.rsplit("/", 1)[-1]: a for key, a in row.answers.items()}
    for qid, text in _questions(row.control, row.level, lang):
        a = answered.get(qid)
        if a is None:
            unanswered.append(text)
        elif _status_of(a) in _UNMET:
            unmet.append(text)
    return unmet + (unanswered if row.status is not Status.PASS else [])


# ------------------------------------------------------------------------------ conditions
@cache
def _fact_words() -> dict[str, Any]:
    from attt_audit.resources import data_dir
    from attt_audit.yamlio import read_yaml

    data = read_yaml(data_dir("checklists") / "wording" / "conditions.yaml").data
    return dict((data or {}).get("facts") or {})


@cache
def _criterion_labels(regime: str) -> dict[str, tuple[LocalText, str]]:
    """``nd85.9.3`` → (label, article), the labels joined over the rows under that reference."""
    from attt_audit.classify import load_ruleset

    try:
        rules = load_ruleset(regime)
    except Exception:  # noqa: BLE001
        return {}
    out: dict[str, list[Any]] = {}
    for row in rules.rows:
        parts = row.ref.split(".")
        for n in range(1, len(parts) + 1):
            out.setdefault(f"{regime}." + ".".join(parts[:n]), []).append(row)
    return {
        key: (
            _t(
                " hoặc ".join(dict.fromkeys(str(r.label.vi) for r in rows)),
                " or ".join(dict.fromkeys(str(r.label.en) for r in rows)),
            ),
            f"{rules.article_prefix} {key.split('.', 1)[1]}",
        )
        for key, rows in out.items()
    }


def _criterion_text(name: str, lang: Lang) -> str:
    regime = name.split(".", 1)[0]
    entry = _criterion_labels(regime).get(name)
    if entry is None:
        return (
            "thuộc một trường hợp xác định cấp độ khác"
            if lang == "vi"
            else "falls under another level criterion"
        )
    label = entry[0].get(lang)
    lead = "thuộc trường hợp" if lang == "vi" else "falls under"
    return f"{lead} “{label[:1].lower() + label[1:]}” ({ref_text(entry[1], lang)})"


def _fact_text(cond: Condition, lang: Lang) -> str | None:
    words = _fact_words().get(cond.fact or "") or {}
    for op in ("contains", "eq", "in"):
        attr = "in_" if op == "in" else op
        if op == "in":
            if cond.in_ is None:
                continue
            value = ", ".join(str(v) for v in cond.in_)
        else:
            if op not in cond.model_fields_set:
                continue
            value = str(getattr(cond, attr))
        entry = (words.get(op) or {}).get(value)
        if isinstance(entry, dict):
            return str(entry.get(lang) or entry.get("vi") or "")
    return None


def condition_text(cond: Condition, lang: Lang) -> str:
    """The condition in words, as a predicate of "the system" (``có vùng mạng LAN nội bộ``)."""
    vi = lang == "vi"
    if cond.all is not None:
        return (" và " if vi else " and ").join(condition_text(c, lang) for c in cond.all)
    if cond.any is not None:
        parts = [condition_text(c, lang) for c in cond.any]
        return (
            (" hoặc " if vi else " or ").join(parts)
            if len(parts) < 3
            else (("một trong các trường hợp: " if vi else "one of: ") + "; ".join(parts))
        )
    if cond.not_ is not None:
        return ("không " if vi else "not ") + condition_text(cond.not_, lang)
    if cond.criterion is not None:
        return _criterion_text(cond.criterion, lang)
    if cond.criteria_any is not None:
        return (" hoặc " if vi else " or ").join(_criterion_text(c, lang) for c in cond.criteria_any)
    words = _fact_text(cond, lang)
    if words is not None:
        return words
    return "đáp ứng điều kiện áp dụng của yêu cầu" if vi else "meets the requirement's condition"


def fact_wording_missing(cond: Condition) -> list[str]:
    """Facts/values of ``cond`` the wording table does not phrase (used by the tests)."""
    out: list[str] = []
    for child in (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ else []):
        out += fact_wording_missing(child)
    if cond.fact and _fact_text(cond, "vi") is None:
        out.append(f"{cond.fact} {cond.model_dump(exclude_none=True, by_alias=True)}")
    return out


# ------------------------------------------------------------------------------ reasons
def strip_tags(text: str) -> str:
    """``… làm tham chiếu [INF]`` → ``… làm tham chiếu``."""
    return TAG.sub("", text).strip()


def _joined(items: list[str], lang: Lang) -> str:
    return "; ".join(items)


@lru_cache(maxsize=4096)
def _not_applicable_by_condition(control: str, level: int, lang: Lang) -> str:
    """:func:`reason_text` of a requirement whose applicability condition the system does not
    meet: the condition is the catalog's, so the sentence is the same for every system."""
    variant = _variant(control, level)
    cond = variant.applies_when if variant is not None else None
    if cond is not None:
        words = condition_text(cond, lang)
        return (
            f"Không áp dụng: yêu cầu chỉ áp dụng khi hệ thống {words}; theo hồ sơ hệ thống, điều kiện này không thỏa."
            if lang == "vi"
            else f"Not applicable: the requirement applies only when the system {words}; the inventory shows it does not."
        )
    return (
        "Không áp dụng: hệ thống không thuộc trường hợp áp dụng của yêu cầu."
        if lang == "vi"
        else "Not applicable: the system is outside the requirement's scope."
    )


def reason_text(row: RequirementResult, lang: Lang) -> str:
    """Why the requirement has its status, in plain words (no ids, no rule expressions)."""
    vi = lang == "vi"
    parts: list[str] = []
    methods = row.methods
    if row.status is Status.NA and "condition" in methods:
        return _not_applicable_by_condition(row.control, row.level, lang)
    if row.status is Status.NA and "answer" in methods:
        return (
            "Đơn vị xác định yêu cầu không áp dụng, có nêu lý do."
            if vi
            else "The organisation states the requirement does not apply, with a justification."
        )
    answers = row.answers
    if answers:
        met = [a.status for a in answers.values()].count(Status.PASS)
        parts.append(
            f"Theo trả lời bảng hỏi: {met}/{len(answers)} câu đạt"
            if vi
            else f"From the questionnaire: {met} of {len(answers)} question(s) met"
        )
    fails = [o for o in row.observations if o.result == "fail"]
    if fails:
        parts.append(
            ("Kiểm tra tự động phát hiện điểm chưa đạt: " if vi else "Automatic checks found gaps: ")
            + "; ".join(f"{check_title(o.check, lang).lower()} ({o.target})" for o in fails)
        )
    elif row.observations:
        passes = sum(1 for o in row.observations if o.result == "pass")
        if passes:
            parts.append(
                f"Kiểm tra tự động đạt ({passes} phép kiểm tra)"
                if vi
                else f"Automatic checks passed ({passes} check(s))"
            )
    if row.status is Status.NOT_ASSESSED:
        variant_questions = _questions(row.control, row.level, lang)
        if row.advisories and row.confidence in WEAK:
            parts.append(
                "Nguồn của yêu cầu này chưa đủ tin cậy nên kết quả chưa đạt chỉ được nêu như khuyến nghị"
                if vi
                else "This requirement's source is not reliable enough, so its gap is reported as advice only"
            )
        elif not answers and variant_questions:
            parts.append("Chưa có câu trả lời bảng hỏi" if vi else "The questionnaire has not been answered")
        elif not answers and not row.observations:
            parts.append("Chưa đủ thông tin để kết luận" if vi else "Not enough information to conclude")
        if row.observations and not answers:
            parts.append(
                "kiểm tra tự động chỉ thấy một phần yêu cầu; cần trả lời bảng hỏi để kết luận"
                if vi
                else "automatic checks see only part of the requirement; the questionnaire must be answered"
            )
    if row.conflicts:
        parts.append(
            "Trả lời bảng hỏi khác với kết quả kiểm tra tự động; kết quả lấy theo kiểm tra tự động"
            if vi
            else "The answers disagree with the automatic checks; the checks decide"
        )
    if row.waived:
        parts.append("Có miễn trừ đã được phê duyệt" if vi else "Covered by an approved waiver")
    if "inventory" in methods and row.reason is not None:
        # Evaluators over inventory facts word their own reasons (dates, decisions): keep them.
        parts.append(strip_tags(str(row.reason.get(lang))))
    if not parts and row.reason is not None:
        parts.append(_scrub(str(row.reason.get(lang)), row, lang))
    return _sentence(_joined([p for p in parts if p], lang), lang)


@lru_cache(maxsize=8192)
def _sentence(text: str, lang: Lang) -> str:
    """:func:`reason_text`'s parts as one sentence: references cited, a capital, a full stop
    (remembered: most reasons repeat across rows and systems, ``Theo trả lời bảng hỏi: 2/3 câu đạt``)."""
    from attt_audit.render.legal_refs import cite_in_text

    text = cite_in_text(text, lang)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".") if text else ""


ID_IN_TEXT = re.compile(r"\b[a-z0-9]+(?:[._][a-z0-9-]+)+\b")


def _scrub(text: str, row: RequirementResult, lang: Lang) -> str:
    """An engine sentence without tags or ids (a last resort for reasons not composed above)."""
    text = strip_tags(text)
    text = re.sub(r"\((?:q\d+(?:,\s*)?)+\)", "", text)
    text = re.sub(r"\s*\((?:A|B|C|P\d|S\d|INF|low)\)", "", text)
    # Control ids start with a letter; a token starting with a digit is a number or an article (20.2.c).
    return ID_IN_TEXT.sub(lambda m: m.group(0) if m.group(0)[:1].isdigit() else "", text).strip(" ;:—")


def local(value: LocalText | dict[str, Any] | None, lang: Lang) -> str:
    """A localised text with its source tags removed."""
    if value is None:
        return ""
    if isinstance(value, LocalText):
        return strip_tags(str(value.get(lang)))
    if isinstance(value, dict):
        return strip_tags(str(value.get(lang) or value.get("vi") or value.get("en") or ""))
    return strip_tags(str(value))


def framework_title(framework: str, lang: Lang) -> str:
    """A checklist's title (``TCVN 11930:2017 — …``); an unknown id is shown as it is."""
    try:
        fw = _catalog().frameworks.get(framework)
    except Exception:  # noqa: BLE001
        fw = None
    return str(fw.title.get(lang)) if fw is not None else framework


@cache
def _profiles() -> dict[str, Any]:
    from attt_audit.catalog import load_profiles

    try:
        return dict(load_profiles(None))
    except Exception:  # noqa: BLE001
        return {}


def profile_title(profile: str, level: int, lang: Lang) -> str:
    """A profile's title (``Cấp độ 3 (Nghị định 85/2016, TCVN 11930:2017)``); a profile of the
    workspace the bundle does not know is named by its level."""
    found = _profiles().get(profile)
    if found is not None and getattr(found, "title", None) is not None:
        return str(found.title.get(lang))
    return f"Cấp độ {level}" if lang == "vi" else f"Level {level}"


def answer_lines(row: RequirementResult, lang: Lang) -> list[str]:
    """The answers that are not Đạt, each by its question text, with the officer's note."""
    lines = []
    texts: dict[str, str] | None = None
    for key, answer in row.answers.items():
        if answer.status == "pass":
            continue
        if texts is None:
            texts = _question_texts(row.control, row.level, lang)
        question = texts.get(key.rsplit("/", 1)[-1]) or (
            "Câu hỏi của bảng hỏi" if lang == "vi" else "Questionnaire item"
        )
        parts = [STATUS_LABELS[answer.status][lang]] if answer.status is not None else []
        for given in (answer.value, answer.note, answer.justification):
            if given not in (None, ""):
                parts.append(str(given))
        lines.append(
            f"{question} — {': '.join(parts[:1])}" + (f" ({'; '.join(parts[1:])})" if parts[1:] else "")
        )
    return lines


def conflict_lines(row: RequirementResult, lang: Lang) -> list[str]:
    if not row.conflicts:
        return []
    fails = [o for o in row.observations if o.result == "fail"]
    if fails:
        what = "; ".join(f"{check_title(o.check, lang).lower()} ({o.target})" for o in fails)
        return [
            f"Trả lời Đạt nhưng kiểm tra tự động không đạt: {what}"
            if lang == "vi"
            else f"Answered Pass but the automatic checks failed: {what}"
        ]
    return [_scrub(str(c.get(lang)), row, lang) for c in row.conflicts]


def advisory_lines(row: RequirementResult, lang: Lang) -> list[str]:
    out = []
    for a in row.advisories:
        text = str(a.get(lang))
        m = re.match(r"^(q\d+):\s*", text)
        if m:
            q = question_text(row.control, row.level, m.group(1), lang)
            text = (f"{q} — " if q else "") + text[m.end() :]
        text = re.sub(r";\s*(?:độ tin cậy|confidence)\s+\w+", "", text)
        out.append(_scrub(text, row, lang))
    return out


def ref_text(ref: str, lang: Lang) -> str:
    """A legal reference as a document's table cell cites it (``ND85 20.2.c`` → ``Điều 20.2.c
    NĐ 85/2016`` / ``Decree 85/2016 Art. 20.2.c``): :func:`attt_audit.render.legal_refs.cite`."""
    from attt_audit.render.legal_refs import cite

    return cite(ref, lang)


@cache
def _control_ids() -> re.Pattern[str] | None:
    try:
        ids = sorted(_catalog().controls, key=len, reverse=True)
    except Exception:  # noqa: BLE001
        return None
    if not ids:
        return None
    return re.compile(
        r"(?<![\w./-])(" + "|".join(re.escape(i) for i in ids) + r")(?:/(\d+)/(q\d+))?(?![\w-])"
    )


def replace_ids(text: str, lang: Lang) -> str:
    """Catalog control ids (and ``<id>/<level>/<question>`` answer keys) in a sentence → the
    requirement's title in quotes (and the question's text)."""
    pattern = _control_ids()
    if pattern is None or not text:
        return strip_tags(text)

    def title(m: re.Match[str]) -> str:
        ctrl = _catalog().controls.get(m.group(1))
        name = str(ctrl.title.get(lang)) if ctrl is not None else m.group(1)
        if m.group(3):
            q = question_text(m.group(1), int(m.group(2)), m.group(3), lang)
            return f"“{name}”" + (f" ({q})" if q else "")
        return f"“{name}”"

    text = pattern.sub(title, text)
    profiles = _profiles()
    if profiles:
        names = "|".join(re.escape(p) for p in sorted(profiles, key=len, reverse=True))
        text = re.sub(
            rf"(?<![\w./-])({names})(?![\w-])",
            lambda m: f"“{profile_title(m.group(1), 0, lang)}”",
            text,
        )
    return strip_tags(text)
