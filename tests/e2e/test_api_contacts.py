"""Contacts and complaints through the API, tried by the least-privileged role that can
reach them (field staff records contacts; a dispatcher handles complaints): every broken
rule is a 4xx with a clear message, and nothing is written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from doorstep.container import Container
from doorstep.store import tables as t
from tests.e2e.conftest import token_for

NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # the fixed clock: 10:00 Beijing


def _counts(c: Container) -> tuple[int, int]:
    with c.engine.connect() as conn:
        return (conn.execute(select(func.count()).select_from(t.contacts)).scalar_one(),
                conn.execute(select(func.count()).select_from(t.audit_events)).scalar_one())


def _failed(c: Container, case_id: int, days_ago: list[int]) -> None:
    with c.engine.begin() as conn:
        for d in days_ago:
            conn.execute(insert(t.contacts).values(
                case_id=case_id, channel="phone", at=(NOW - timedelta(days=d)).replace(
                    tzinfo=None), outcome="no_answer", confirmed=False, third_party=False))


def _call(client: TestClient, h: dict[str, str], case_id: int, **body: Any) -> Any:
    payload = {"channel": "phone", "outcome": "reached"} | body
    return client.post(f"/api/v1/cases/{case_id}/contacts", headers=h, json=payload)


def test_field_officer_records_a_call_and_reads_the_log(client: TestClient,
                                                       seeded: dict[str, int]) -> None:
    """A call is recorded with its proof and appears in the log; an auditor may read it
    but not record one (403)."""
    h = token_for(client, "field_staff")
    r = _call(client, h, seeded["case"], proof="recording")
    assert r.status_code == 201, r.text
    assert r.json()["channel"] == "phone" and r.json()["proof"] == "recording"
    log = client.get(f"/api/v1/cases/{seeded['case']}/contacts",
                     headers=token_for(client, "auditor"))
    assert log.status_code == 200 and len(log.json()) == 1
    assert _call(client, token_for(client, "auditor"), seeded["case"]).status_code == 403


def test_attacker_calls_a_third_party_early(client: TestClient, container: Container,
                                           seeded: dict[str, int]) -> None:
    """A relative called after only two failed attempts is refused (422), nothing written;
    after the third, a call without a relation or disclosing the debt is refused too."""
    h = token_for(client, "field_staff")
    _failed(container, seeded["case"], [5, 4])
    before = _counts(container)
    r = _call(client, h, seeded["case"], party="spouse_or_relative", relation="配偶")
    assert r.status_code == 422 and "连续 3 次联系不上" in r.json()["error"]["message"]
    assert _counts(container) == before
    _failed(container, seeded["case"], [3])
    before = _counts(container)
    r = _call(client, h, seeded["case"], party="employer")
    assert r.status_code == 422 and "关系" in r.json()["error"]["message"]
    r = _call(client, h, seeded["case"], party="employer", relation="单位人事",
              message="请转告他信用卡欠款已逾期")
    assert r.status_code == 422 and "不得透露债务" in r.json()["error"]["message"]
    assert _counts(container) == before
    ok = _call(client, h, seeded["case"], party="employer", relation="单位人事",
               message="请转告他回电本行客户经理")
    assert ok.status_code == 201, ok.text


def test_attacker_exceeds_the_daily_cap_across_channels(client: TestClient,
                                                        container: Container,
                                                        seeded: dict[str, int]) -> None:
    """After an SMS today, a call the same day is refused (the cap counts every channel)."""
    h = token_for(client, "field_staff")
    assert _call(client, h, seeded["case"], channel="sms", outcome="delivered",
                 at=(NOW - timedelta(hours=1)).isoformat()).status_code == 201
    before = _counts(container)
    r = _call(client, h, seeded["case"])
    assert r.status_code == 422 and "每日上限" in r.json()["error"]["message"]
    assert _counts(container) == before


def test_attacker_records_a_call_at_23(client: TestClient, container: Container,
                                       seeded: dict[str, int]) -> None:
    """A call at 23:00 local time without recorded consent is refused; nothing written."""
    h = token_for(client, "field_staff")
    before = _counts(container)
    r = _call(client, h, seeded["case"], at="2026-11-01T23:00:00+08:00")
    assert r.status_code == 422 and "禁止联系时段" in r.json()["error"]["message"]
    assert _counts(container) == before
    en = client.post(f"/api/v1/cases/{seeded['case']}/contacts",
                     headers=h | {"Accept-Language": "en"},
                     json={"channel": "phone", "outcome": "reached",
                           "at": "2026-11-01T23:00:00+08:00"})
    assert "quiet hours" in en.json()["error"]["message"]


def test_other_branch_case_is_not_found(client: TestClient, seeded: dict[str, int]) -> None:
    """A field officer of one branch cannot record a contact on another branch's case."""
    r = _call(client, token_for(client, "field_staff"), seeded["case_ns"])
    assert r.status_code == 404


def test_effective_collection_names_the_contacts(client: TestClient,
                                                 seeded: dict[str, int]) -> None:
    """有效催收 is computed from recorded contacts with proof, 30 days apart."""
    h = token_for(client, "field_staff")
    for at in ("2026-09-01T10:00:00+08:00", "2026-10-15T10:00:00+08:00"):
        assert _call(client, h, seeded["case"], proof="recording", at=at).status_code == 201
    got = client.get(f"/api/v1/cases/{seeded['case']}/effective-collection", headers=h).json()
    assert got["met"] and len(got["contacts"]) == 2 and got["missing"] is None


def test_complaints_clock_and_regulator_flag(client: TestClient, container: Container,
                                            seeded: dict[str, int]) -> None:
    """A 12378 complaint flags the customer and is due in 15 days; one extension with a
    reason makes it 30; a second is refused (409); overdue ones are listed."""
    h = token_for(client, "dispatcher")
    body = {"customer_id": seeded["customer"], "channel": "regulator", "category": "催收方式",
            "text": "外访人员态度不好", "severity": 4,
            "received_at": "2026-10-01T10:00:00+08:00"}
    r = client.post("/api/v1/complaints", headers=h, json=body)
    assert r.status_code == 201, r.text
    cid = r.json()["id"]
    with container.engine.connect() as conn:
        flag = conn.execute(select(t.customers.c.under_regulator_complaint).where(
            t.customers.c.id == seeded["customer"])).scalar_one()
    assert flag is True
    overdue = client.get("/api/v1/complaints/overdue", headers=h).json()
    assert [o["id"] for o in overdue] == [cid] and overdue[0]["days_overdue"] == 17
    assert client.post(f"/api/v1/complaints/{cid}/extension", headers=h,
                       json={"reason": "x"}).status_code == 422
    ext = client.post(f"/api/v1/complaints/{cid}/extension", headers=h,
                      json={"reason": "需调取通话录音核实"})
    assert ext.status_code == 200 and ext.json()["due_at"].startswith("2026-10-31")
    again = client.post(f"/api/v1/complaints/{cid}/extension", headers=h,
                        json={"reason": "再次延期"})
    assert again.status_code == 409 and "延长过一次" in again.json()["error"]["message"]
    field = token_for(client, "field_staff")
    assert client.post("/api/v1/complaints", headers=field, json=body).status_code == 403
