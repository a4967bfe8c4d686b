"""The province's Word documents convert with LibreOffice and read right, page by page."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from attt_audit.app import province as app

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "tinh-binh-an"
NOW = dt.datetime(2026, 12, 20, 3, 0, tzinfo=dt.UTC)
INTERNAL = re.compile(r"\[(?:INF|S1|S2|P1|P2)\]|\bP\d{1,2}\b|\bND\d{2,3}\b|\bTT\d{2}\b|Law116|_")


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.skip("LibreOffice (soffice) or pdftotext (poppler-utils) is not installed")
    tmp = tmp_path_factory.mktemp("provdocs")
    root = tmp / "tinh"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("accepted", "rejected", "runs"))
    app.collect(root, [], now=NOW)
    docs = [
        *app.report(root, 2026, formats=["docx"], now=NOW).written,
        *app.plan(root, 2027, formats=["docx"], now=NOW)[1],
        *app.conclude(root, "so-yte", issued=dt.date(2027, 4, 20), formats=["docx"])[1],
    ]
    out = tmp / "pdf"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp / 'lo').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, docs),
        ],
        capture_output=True,
        check=True,
        timeout=240,
    )
    pages: dict[str, list[str]] = {}
    for doc in docs:
        pdf = out / (doc.stem + ".pdf")
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
        match = re.search(r"Pages:\s+(\d+)", info)
        count = int(match.group(1)) if match else 1
        pages[doc.stem] = [
            subprocess.run(
                [pdftotext, "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for n in range(1, count + 1)
        ]
    return pages


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("stem", "kind", "subject"),
    [
        ("báo-cáo-tình-hình-2026", "BÁO CÁO", "Tình hình bảo đảm an ninh mạng"),
        ("kế-hoạch-kiểm-tra-2027", "KẾ HOẠCH", "Kiểm tra, đánh giá an ninh mạng"),
        ("thông-báo-kết-luận-so-yte", "THÔNG BÁO", "Kết luận kiểm tra"),
    ],
)
def test_first_page_has_decree30_header_and_title(
    documents: dict[str, list[str]], stem: str, kind: str, subject: str
) -> None:
    page = documents[stem][0]
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in page.splitlines())  # one line
    # the issuer's full name, wrapped in its column, read down the left of the header
    left = _flat(" ".join(re.split(r"\s{3,}", line.strip())[0] for line in page.splitlines()[:8]))
    assert "PHÒNG AN NINH MẠNG VÀ PHÒNG, CHỐNG TỘI PHẠM SỬ DỤNG CÔNG NGHỆ CAO" in left, page
    first = _flat(page)
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert "CÔNG AN TỈNH BÌNH AN" in first
    assert kind in first and subject in first
    assert re.search(r"Số:\s*/(?:BC|KH|TB)-PA05", first)


@pytest.mark.parametrize(
    "stem", ["báo-cáo-tình-hình-2026", "kế-hoạch-kiểm-tra-2027", "thông-báo-kết-luận-so-yte"]
)
def test_signature_and_no_internal_notation(documents: dict[str, list[str]], stem: str) -> None:
    pages = documents[stem]
    signed = [i for i, p in enumerate(pages) if "Đặng Quốc Khánh" in p and "Nơi nhận" in p]
    assert signed, "the signer's name and Nơi nhận are on one page"
    body = _flat(" ".join(pages))
    assert "KT. TRƯỞNG PHÒNG" in body
    assert not INTERNAL.search(body.replace("PA05", "")), INTERNAL.search(body.replace("PA05", ""))


def test_status_report_content(documents: dict[str, list[str]]) -> None:
    text = _flat(" ".join(documents["báo-cáo-tình-hình-2026"]))
    # pdftotext may split a word of a justified line ("đ ơn v ị"): compare without spaces
    assert "tiếpnhậnbáocáocủa5/8đơnvị" in text.replace(" ", "")
    assert "13/16 (81,2%)" in text and "không có số liệu" in text
    assert "Văn phòng Ủy ban nhân dân tỉnh Bình An" in text  # rejected unit named in the overdue list
    assert "Phụ lục I" in text and "BẢNG TỔNG HỢP HỆ THỐNG THÔNG TIN" in text


def test_plan_and_conclusion_content(documents: dict[str, list[str]]) -> None:
    plan = _flat(" ".join(documents["kế-hoạch-kiểm-tra-2027"]))
    assert "Sở Y tế tỉnh Bình An" in plan and "Trưởng đoàn" in plan and "Từ 01/03/2027 đến 02/03/2027" in plan
    conclusion = _flat(" ".join(documents["thông-báo-kết-luận-so-yte"]))
    assert "331/2026/NĐ-CP" in conclusion and "Điều 18" in conclusion  # the basis, spelt out
    assert "trước ngày 20/05/2027" in conclusion
    assert "IV. YÊU CẦU KHẮC PHỤC" in conclusion and "Thời" in conclusion and "hạn" in conclusion
