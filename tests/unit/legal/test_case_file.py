"""The case file: assembled content, the Chinese PDF, the ZIP with manifest and hash checks,
and the effective-collection message naming what is missing."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from doorstep.cases.compliance import missing_effective_collection
from doorstep.documents.pdf import find_chinese_font
from doorstep.legal.case_file import (
    AccountRef,
    CaseFacts,
    EvidenceRef,
    Party,
    VisitRow,
    build_case_file,
)
from doorstep.legal.document import render_pdf
from doorstep.legal.model import EvidenceTampered
from doorstep.legal.package import build_zip
from tests.pdf_text import pdf_text

AT = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
PHOTO = b"\xff\xd8\xff\xe0" + b"photo" * 20


def ref(data: bytes, eid: int = 1, name: str = "门口照片.jpg") -> EvidenceRef:
    return EvidenceRef(eid, 3, "photo", name, "image/jpeg", len(data),
                       hashlib.sha256(data).hexdigest(), f"case-1/{eid}.jpeg")


def facts() -> CaseFacts:
    visit = VisitRow(3, AT - timedelta(days=20), AT - timedelta(days=20, hours=-1), "福田一组",
                     "王强、李娜", "客户承认欠款但称收入下降", "客户称失业三个月，愿意分期",
                     "refused", True, (ref(PHOTO),))
    return CaseFacts(
        1, "AJ2026110000001", "overdue_debt", "credit_card", "escalated",
        "信用卡逾期欠款纠纷，客户对利息计算有异议", Decimal("12000.00"), Decimal("80000.00"),
        AT - timedelta(days=100), "福田支行", "深圳示范银行",
        Party("C0100000001", "张伟", "440301198501011234", "13812345678",
              "广东省深圳市福田区福华路8号3栋501"),
        (AccountRef("6222000011112222", "标准信用卡", "credit_card", date(2020, 1, 5),
                    Decimal("15000"), Decimal("12000"), 90, "active"),),
        visits=(visit,), complaints=("催收电话太频繁",))


def test_case_file_content() -> None:
    """The assembled file carries the dispute summary, interest per overdue account and every
    evidence file."""
    cf = build_case_file(facts(), "法务专员", AT, AT.date())
    assert "利息计算有异议" in cf.dispute_summary and "客户称失业三个月" in cf.dispute_summary
    assert cf.interest.interest_total == Decimal("130.50")
    assert [e.filename for e in cf.evidence] == ["门口照片.jpg"]


def test_pdf_keeps_the_chinese_text() -> None:
    """The PDF's text, extracted back, holds the customer's name, the dispute summary and an
    amount."""
    pdf = render_pdf(build_case_file(facts(), "法务专员", AT, AT.date()), find_chinese_font())
    text = pdf_text(pdf)
    assert "张伟" in text and "440301198501011234" in text
    assert "信用卡逾期欠款纠纷" in text and "¥12,130.50" in text


def test_zip_holds_pdf_evidence_and_manifest() -> None:
    """The ZIP holds the PDF, each evidence file and a manifest listing every file's SHA-256 and
    size."""
    data = build_zip("AJ1", AT, b"%PDF-1.4 x", [(ref(PHOTO), PHOTO)])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        text = zf.read("manifest.txt").decode()
    assert names == {"AJ1.pdf", "evidence/000001_门口照片.jpg", "manifest.json", "manifest.txt"}
    photo = next(f for f in manifest["files"] if f["path"].startswith("evidence/"))
    assert photo["sha256"] == hashlib.sha256(PHOTO).hexdigest() and photo["size"] == len(PHOTO)
    assert photo["sha256"] in text


def test_tampered_evidence_is_named_and_refused() -> None:
    """A file whose bytes no longer match the stored hash stops the export, naming the file."""
    with pytest.raises(EvidenceTampered) as err:
        build_zip("AJ1", AT, b"%PDF", [(ref(PHOTO), PHOTO), (ref(PHOTO, 2, "录音.m4a"),
                                                             PHOTO + b"x")])
    assert err.value.params["filename"] == "录音.m4a"


def test_effective_collection_names_what_is_missing() -> None:
    """The litigation check says how many confirmed contacts are missing or how short the gap is."""
    none = missing_effective_collection([])
    assert none is not None and "还缺 2 次" in none.in_language("zh-CN")
    one = missing_effective_collection([AT])
    assert one is not None and "仅有 1 次" in one.in_language("zh-CN") and "2026-11-02" in str(one)
    short = missing_effective_collection([AT, AT + timedelta(days=12)])
    assert short is not None and "仅相隔 12 天" in short.in_language("zh-CN")
    assert missing_effective_collection([AT, AT + timedelta(days=30)]) is None
