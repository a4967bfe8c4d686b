"""The interactive filler: scripted in-process sessions, and the real command driven through
pipes, killed with SIGKILL mid-answer and resumed with nothing lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_questionnaire import KEYS3, make_workspace, tiny_questionnaire

from attt_audit.models import Answer, AnswerSet, Status
from attt_audit.questionnaire import InteractiveForm, QuestionItem, build_questionnaire, merge
from attt_audit.questionnaire.interactive import Session
from attt_audit.workspace import Workspace
from attt_audit.yamlio import load_model


def run_session(tmp_path: Path, lines: list[str], answers: AnswerSet | None = None, **options: object):  # type: ignore[no-untyped-def]
    q = tiny_questionnaire(tmp_path)
    path = tmp_path / "answers.yaml"
    feed: Iterator[str] = iter(lines)
    prompts: list[str] = []
    said: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    session = Session(
        q,
        answers or AnswerSet(system="web"),
        path,
        ask=ask,
        say=said.append,
        **options,  # type: ignore[arg-type]
    )
    result = session.run()
    return result, load_model(AnswerSet, path), prompts, "\n".join(said)


def test_answers_each_question_and_saves(tmp_path: Path) -> None:
    lines = [
        "1", "QĐ 88/QĐ-SGTVT; sơ-đồ.pdf", "Hai lớp tường lửa",  # firewall q1: Đạt
        "Không đạt", "20", "", "",  # firewall q2 (days): status, value, evidence, note
        "4", "", "Không có truy cập từ xa", "", "",  # vpn: N/A asks again until justified
        ":q",
    ]  # fmt: skip
    result, saved, prompts, said = run_session(tmp_path, lines, answered_by="Lan")
    assert saved == result
    fw = saved.answers["net.firewall/3/q1"]
    assert (fw.status, fw.evidence, fw.note, fw.answered_by, fw.source) == (
        Status.PASS,
        ["QĐ 88/QĐ-SGTVT", "sơ-đồ.pdf"],
        "Hai lớp tường lửa",
        "Lan",
        "fill",
    )
    assert fw.answered_at is not None
    assert (saved.answers["net.firewall/3/q2"].status, saved.answers["net.firewall/3/q2"].value) == (
        Status.FAIL,
        20,
    )
    vpn = saved.answers["net.vpn/3/q1"]
    assert (vpn.status, vpn.justification) == (Status.NA, "Không có truy cập từ xa")
    assert "Không áp dụng cần ghi lý do" in said
    assert saved.answers["mgmt.policy/3/q1"].status is None
    assert "Lệnh: Enter = giữ giá trị hiện có · :b = quay lại câu trước · :s = bỏ qua câu này" in said
    assert (
        "Điều khoản: 7.2.1" in said
        and "Câu hỏi / Question: Có tường lửa giữa các vùng mạng không?" in said
        and "Bằng chứng gợi ý: Sơ đồ mạng" in said
    )
    assert prompts[0].startswith(
        "Trạng thái [1 Đạt · 2 Một phần · 3 Không đạt · 4 Không áp dụng · 5 Chưa đánh giá]"
    )


def test_rejects_bad_status_and_requires_evidence_for_pass_at_level3(tmp_path: Path) -> None:
    lines = ["Dzt", "Đạt", "", "ảnh.png", "", ":q"]
    _r, saved, _p, said = run_session(tmp_path, lines)
    assert (
        "'Dzt' không phải là trạng thái; nhập số 1–5 hoặc một trong: Đạt, Một phần, Không đạt, Không áp dụng,"
        " Chưa đánh giá" in said
    )
    assert "Cần ít nhất một tham chiếu bằng chứng" in said
    assert saved.answers["net.firewall/3/q1"].evidence == ["ảnh.png"]
    # With the rule off, Enter leaves evidence empty.
    _r, saved, _p, _s = run_session(tmp_path / "off", ["1", "", "", ":q"], evidence_from_level=None)
    assert saved.answers["net.firewall/3/q1"].status is Status.PASS


def test_back_skip_and_keep(tmp_path: Path) -> None:
    lines = [
        "2", "", "",  # q1 Một phần
        ":s",  # skip firewall q2
        ":b",  # back to firewall q2
        ":b",  # back to q1
        "", "a.pdf", "",  # q1: keep status, add evidence
        ":q",
    ]  # fmt: skip
    _r, saved, prompts, said = run_session(tmp_path, lines)
    q1 = saved.answers["net.firewall/3/q1"]
    assert (q1.status, q1.evidence) == (Status.PARTIAL, ["a.pdf"])
    assert saved.answers["net.firewall/3/q2"].status is None
    assert said.count("[1/4] Mạng · net.firewall/3/q1") == 2
    assert said.count("[2/4] Mạng · net.firewall/3/q2") == 3
    assert said.count("[3/4] Mạng · net.vpn/3/q1") == 1
    assert "Hiện tại: Một phần" in said


def test_resumes_at_first_unanswered_and_only_unanswered(tmp_path: Path) -> None:
    q = tiny_questionnaire(tmp_path)
    existing = merge(q, None)
    existing.answers["net.firewall/3/q1"] = Answer(status=Status.FAIL)
    existing.answers["net.vpn/3/q1"] = Answer(status=Status.FAIL)
    _r, _s, _p, said = run_session(tmp_path, [":q"], existing)
    assert "[2/4] Mạng · net.firewall/3/q2" in said and "[1/4]" not in said
    _r, saved, _p, said = run_session(tmp_path / "o", ["", "", ":s", ":q"], existing, only_unanswered=True)
    assert "[1/2] Mạng · net.firewall/3/q2" in said
    assert "[2/2] Quản lý · mgmt.policy/3/q1" in said
    assert saved.answers["net.firewall/3/q1"].status is Status.FAIL


def test_end_of_input_keeps_saved_answers(tmp_path: Path) -> None:
    _r, saved, _p, said = run_session(tmp_path, ["3", "", ""])
    assert saved.answers["net.firewall/3/q1"].status is Status.FAIL
    assert "Đã lưu 1 câu trả lời; đã trả lời 1/4. Chạy lại lệnh để tiếp tục." in said
    assert list(saved.answers) == KEYS3


def test_interactive_source_keeps_stale_answers(tmp_path: Path) -> None:
    q = tiny_questionnaire(tmp_path)
    old = AnswerSet(system="web", answers={"gone/3/q1": Answer(status=Status.PASS, evidence=["x"])})
    path = tmp_path / "a.yaml"
    source = InteractiveForm(ask=lambda prompt: ":q", say=lambda text: None)
    result = source.read_answers(q, old, path)
    assert result.answers["gone/3/q1"] == old.answers["gone/3/q1"]
    assert load_model(AnswerSet, path).answers["gone/3/q1"] == old.answers["gone/3/q1"]


# --------------------------------------------------------------- the real command via pipes

PROFILE = """\
id: qtest3
title: {vi: "Thử: mô hình 4 lớp, cấp độ 3", en: "Test: 4-layer model, level 3"}
regime: nd85
level: 3
frameworks: [four-layer-model]
"""


def _wait_blocked_reading(proc: subprocess.Popen[bytes]) -> None:
    """Wait until the process sleeps in a read of its input, as when a user presses Ctrl-C.

    A SIGINT that lands after the prompt is written but before the read starts is only acted
    on once the read returns (CPython checks signals when a call is interrupted), so sending it
    on seeing the prompt could leave the process waiting for input on a loaded machine."""
    wchan = Path(f"/proc/{proc.pid}/wchan")
    if not wchan.exists():  # not Linux: a pause is the best we can do
        time.sleep(0.5)
        return
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        where = wchan.read_text(errors="replace")
        if "pipe" in where and "read" in where:
            return
        time.sleep(0.02)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Filler:
    """``attt-audit questionnaire fill`` in a subprocess, its output collected by a thread."""

    def __init__(self, ws: Path, *args: str) -> None:
        env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "attt_audit", "questionnaire", "fill", "-s", "web", "-p", "qtest3"]
            + ["-w", str(ws), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            # Ctrl-C as at a terminal even when the tests run with SIGINT ignored (a background
            # job of a non-interactive shell): Python then starts without KeyboardInterrupt
            preexec_fn=_default_sigint,
        )
        self.out = b""
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        while chunk := self.proc.stdout.read1(4096):  # type: ignore[attr-defined]
            with self.lock:
                self.out += chunk

    @property
    def text(self) -> str:
        with self.lock:
            return self.out.decode("utf-8", errors="replace")

    def send(self, *lines: str) -> None:
        assert self.proc.stdin is not None
        for line in lines:
            self.proc.stdin.write((line + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def wait_for(self, what: str, count: int = 1) -> None:
        deadline = time.monotonic() + 120  # a guard against hanging, not a speed test
        while self.text.count(what) < count:
            if self.proc.poll() is not None and self.text.count(what) < count:
                time.sleep(0.2)
                if self.text.count(what) < count:
                    raise AssertionError(f"exited before {what!r}: {self.text[-2000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what!r} in output: {self.text[-2000:]}")
            time.sleep(0.05)


def _answer_lines(item: QuestionItem, status: str, evidence: str, note: str) -> list[str]:
    lines = [status]
    if item.is_value:
        lines.append("45")
    lines.append(evidence)
    lines.append(note)
    return lines


def _saved(path: Path) -> AnswerSet | None:
    return load_model(AnswerSet, path) if path.is_file() else None


def _wait_saved(path: Path, key: str) -> AnswerSet:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        saved = _saved(path)
        if saved is not None and key in saved.answers and saved.answers[key].status is not None:
            return saved
        time.sleep(0.05)
    raise AssertionError(f"{key} never saved")


@pytest.mark.slow
def test_fill_killed_midway_and_resumed_loses_nothing(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    (ws / "profiles" / "qtest3.yaml").write_text(PROFILE, encoding="utf-8")
    system = Workspace(ws).system("web")
    q = build_questionnaire(system, profile="qtest3", workspace=ws)
    items = list(q.items)
    assert len(items) >= 5
    path = Workspace(ws).answers_path("web")

    first = Filler(ws, "--by", "Trần Thị Lan")
    first.wait_for("Trạng thái [")
    first.send(*_answer_lines(items[0], "1", "QĐ 88/QĐ-SGTVT; biên bản.pdf", "đã kiểm tra"))
    first.send(*_answer_lines(items[1], "Không đạt", "", "chưa có văn bản"))
    _wait_saved(path, items[1].key)
    # Third answer half typed (status only), then the process is killed without warning.
    first.send("2")
    first.wait_for("Tham chiếu bằng chứng", count=3)
    first.proc.send_signal(signal.SIGKILL)
    first.proc.wait(timeout=60)
    assert first.proc.returncode == -signal.SIGKILL

    saved = load_model(AnswerSet, path)
    a0, a1 = saved.answers[items[0].key], saved.answers[items[1].key]
    assert (a0.status, a0.evidence, a0.note, a0.answered_by) == (
        Status.PASS,
        ["QĐ 88/QĐ-SGTVT", "biên bản.pdf"],
        "đã kiểm tra",
        "Trần Thị Lan",
    )
    assert (a1.status, a1.note) == (Status.FAIL, "chưa có văn bản")
    assert saved.answers[items[2].key].status is None  # only the answer being typed is lost
    assert list(saved.answers) == q.asked_keys()

    second = Filler(ws)
    second.wait_for(f"[3/{len(items)}]")
    assert items[2].key in second.text.split(f"[3/{len(items)}]", 1)[1]
    assert f"[1/{len(items)}]" not in second.text
    second.send(*_answer_lines(items[2], "Một phần", "", ""))
    second.send(":q")
    assert second.proc.wait(timeout=120) == 0
    saved = load_model(AnswerSet, path)
    assert [saved.answers[i.key].status for i in items[:3]] == [Status.PASS, Status.FAIL, Status.PARTIAL]

    third = Filler(ws, "--only-unanswered")
    third.wait_for(f"[1/{len(items) - 3}]")
    assert items[3].key in third.text
    third.send(":q")
    assert third.proc.wait(timeout=120) == 0
    assert load_model(AnswerSet, path) == saved


# ------------------------------------------------------------------ issue 16: nothing dropped silently


def test_statuses_typed_without_diacritics_in_any_form(tmp_path: Path) -> None:
    import unicodedata

    from attt_audit.questionnaire.interactive import parse_status

    typed = {
        "dat": Status.PASS,
        "DAT": Status.PASS,
        "khong dat": Status.FAIL,
        "Không  ĐẠT": Status.FAIL,
        "kad": Status.NA,
        "khong ap dung": Status.NA,
        "chua danh gia": Status.NOT_ASSESSED,
        "mot phan": Status.PARTIAL,
        unicodedata.normalize("NFD", "Một phần"): Status.PARTIAL,
    }
    for text, status in typed.items():
        assert parse_status(text) is status, text
    with pytest.raises(ValueError):
        parse_status("d")  # one letter is ambiguous
    lines = ["khong dat", "", "", ":q"]
    _r, saved, _p, _s = run_session(tmp_path, lines)
    assert saved.answers["net.firewall/3/q1"].status is Status.FAIL


def test_a_changed_status_clears_the_old_na_justification(tmp_path: Path) -> None:
    q = tiny_questionnaire(tmp_path)
    answers = merge(q, None)
    answers.answers["net.firewall/3/q1"] = Answer(status=Status.NA, justification="giả định không áp dụng")
    lines = [":b", "dat", "so-do.pdf", "", ":q"]  # it resumes at q2: go back to q1
    _r, saved, _p, said = run_session(tmp_path, lines, answers=answers)
    got = saved.answers["net.firewall/3/q1"]
    assert got.status is Status.PASS and got.justification is None and got.evidence == ["so-do.pdf"]
    assert "Đã xoá lý do không áp dụng cũ (giả định không áp dụng)" in said
    # Keeping the status (Enter) keeps the justification.
    answers.answers["net.firewall/3/q1"] = Answer(status=Status.NA, justification="không có")
    _r, saved, _p, _s = run_session(tmp_path / "keep", [":b", "", "", "", "", ":q"], answers=answers)
    assert saved.answers["net.firewall/3/q1"].justification == "không có"


def test_quit_mid_question_says_it_was_not_saved_and_resume_shows_progress(tmp_path: Path) -> None:
    _r, saved, _p, said = run_session(tmp_path, ["1", "a.pdf", "", "3", ":q"])
    assert "Câu net.firewall/3/q2 đang trả lời dở: chưa được lưu." in said
    assert "Đã lưu 1 câu trả lời; đã trả lời 1/4." in said
    assert saved.answers["net.firewall/3/q2"].status is None
    _r, _saved, _p, said = run_session(tmp_path, [":q"], answers=saved)
    assert "Đã trả lời 1/4 câu; còn 3 câu." in said


def test_errors_in_the_chosen_language(tmp_path: Path) -> None:
    _r, _s, _p, said = run_session(tmp_path, ["xyz", ":q"], lang="en")
    assert (
        "'xyz' is not a status; type 1–5 or one of: Pass, Partial, Fail, Not applicable, Not assessed" in said
    )
    assert "không phải" not in said
    assert "0/4 answered; 4 to go." in said


def test_ctrl_c_says_how_many_answers_were_saved(tmp_path: Path) -> None:
    q = tiny_questionnaire(tmp_path)
    feed = iter(["1", "a.pdf", "", "3"])
    said: list[str] = []

    def ask(prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise KeyboardInterrupt from None

    session = Session(q, AnswerSet(system="web"), tmp_path / "a.yaml", ask=ask, say=said.append)
    with pytest.raises(KeyboardInterrupt):
        session.run()
    text = "\n".join(said)
    assert (
        "Đã dừng (Ctrl-C): đã lưu 1 câu trả lời trong phiên này; câu net.firewall/3/q2 đang trả lời dở"
        in text
    )
    assert load_model(AnswerSet, tmp_path / "a.yaml").answers["net.firewall/3/q1"].status is Status.PASS


@pytest.mark.slow
def test_fill_interrupted_with_ctrl_c_says_what_was_saved(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    (ws / "profiles" / "qtest3.yaml").write_text(PROFILE, encoding="utf-8")
    system = Workspace(ws).system("web")
    items = list(build_questionnaire(system, profile="qtest3", workspace=ws).items)
    path = Workspace(ws).answers_path("web")
    filler = Filler(ws)
    filler.wait_for("còn")
    filler.send(*_answer_lines(items[0], "dat", "a.pdf", ""))
    _wait_saved(path, items[0].key)
    filler.send("khong dat")
    filler.wait_for("Tham chiếu bằng chứng", count=2)
    _wait_blocked_reading(filler.proc)
    filler.proc.send_signal(signal.SIGINT)
    filler.proc.wait(timeout=120)
    filler.thread.join(timeout=10)
    assert filler.proc.returncode == 130
    assert (
        f"đã lưu 1 câu trả lời trong phiên này; câu {items[1].key} đang trả lời dở chưa được lưu"
        in filler.text
    )
    assert load_model(AnswerSet, path).answers[items[0].key].status is Status.PASS
