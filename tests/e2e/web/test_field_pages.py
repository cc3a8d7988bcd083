"""Field pages end to end: English agenda, the visit form's compliance override, fee waivers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from doorstep.app import create_app
from doorstep.container import Container
from doorstep.store import tables as t
from tests import factories as f
from tests import visit_factories as vf

LATE = {"check_in_at": "2026-11-01T13:00:00+00:00", "check_out_at": "2026-11-01T13:20:00+00:00"}


@pytest.fixture
def field(container: Container) -> Iterator[tuple[TestClient, vf.Field]]:
    """A team with one scheduled visit today and an app client (not logged in)."""
    fx = vf.field_setup(container)
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        yield client, fx


def _login(client: TestClient, username: str) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    r = client.post("/login", data={"username": username, "password": f.PASSWORD, "next": "/",
                                    "csrf_token": token.group(1)}, follow_redirects=False)
    assert r.status_code == 303, r.text


def _csrf(html: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert match is not None and match.group(1)
    return match.group(1)


def test_agenda_and_visit_form_render_in_english(field: tuple[TestClient, vf.Field]) -> None:
    """With the lang=en cookie the agenda and visit form speak English, not the Chinese text."""
    client, fx = field
    _login(client, "field1")
    zh = client.get("/field")
    assert zh.status_code == 200 and "上门登记" in zh.text and "今日外访" in zh.text
    client.cookies.set("lang", "en")
    agenda = client.get("/field")
    assert agenda.status_code == 200
    assert "Today&#39;s visits" in agenda.text or "Today's visits" in agenda.text
    assert "Record visit" in agenda.text and "Navigate" in agenda.text
    assert "上门登记" not in agenda.text and "导航" not in agenda.text
    visit = client.get(f"/field/cases/{fx.case}", params={"appointment": fx.appointment})
    assert visit.status_code == 200
    assert "Customer brief" in visit.text and "Compliance override (optional)" in visit.text
    assert "客户简况" not in visit.text and "提交上门记录" not in visit.text
    msgs = re.search(r"data-msgs='([^']+)'", visit.text)
    assert msgs is not None
    assert json.loads(msgs.group(1).replace("&#34;", '"'))["submitting"] == "Submitting…"


def test_visit_form_posts_a_compliance_override(field: tuple[TestClient, vf.Field],
                                               container: Container) -> None:
    """The form asks only for a reason (no approver name); an after-hours visit posted with it
    is stored and waits for an approval; the case does not move."""
    client, fx = field
    _login(client, "field1")
    page = client.get(f"/field/cases/{fx.case}", params={"appointment": fx.appointment})
    assert 'name="override_approver"' not in page.text and 'name="override_reason"' in page.text
    assert "合规例外审批（可选）" in page.text
    headers = {"X-CSRF-Token": _csrf(page.text)}
    refused = client.post("/field/visits", headers=headers,
                          data={"record": json.dumps(vf.record(fx, key="late-0001-refused",
                                                               **LATE))})
    assert refused.status_code >= 400 and "超出允许时段" in refused.json()["error"]["message"]
    override = {"reason": "客户本人要求晚间上门"}
    ok = client.post("/field/visits", headers=headers, data={"record": json.dumps(
        vf.record(fx, key="late-0002-approved", override=override, **LATE))})
    assert ok.status_code == 201, ok.text
    assert ok.json()["case_state"] == "scheduled" and ok.json()["approval_id"] >= 1
    with container.engine.connect() as conn:
        rows = conn.execute(select(t.compliance_exceptions)).all()
        visits = conn.execute(select(t.visits.c.idempotency_key)).scalars().all()
        pending = conn.execute(select(t.visits.c.approval_id)).scalars().all()
    assert rows == [] and visits == ["late-0002-approved"] and pending == [
        ok.json()["approval_id"]]


def test_manager_approves_a_pending_fee_waiver(field: tuple[TestClient, vf.Field],
                                               container: Container) -> None:
    """A manager sees the pending waiver with its figures and approves it; field staff may not."""
    client, fx = field
    auth = client.post("/api/v1/auth/token",
                       json={"username": "field1", "password": f.PASSWORD}).json()
    plan = {**vf.plan(), "fee_waiver_amount": "500.00"}
    r = client.post("/api/v1/visits",
                    headers={"Authorization": f"Bearer {auth['access_token']}"},
                    data={"record": json.dumps(vf.record(fx, outcome="repayment_plan",
                                                         agreement=plan))})
    assert r.status_code == 201, r.text
    agreement = r.json()["agreement_id"]

    _login(client, "field1")
    assert client.get("/agreements/waivers").status_code == 403
    assert 'href="/agreements/waivers"' not in client.get("/field").text
    client.cookies.clear()

    _login(client, "manager")
    page = client.get("/agreements/waivers")
    assert page.status_code == 200 and 'href="/agreements/waivers"' in page.text
    row = re.search(rf'<tr data-testid="waiver-{agreement}">(.*?)</tr>', page.text, re.S)
    assert row is not None
    for text in ("AJ2026000000001", "客户1", "¥12,000.00", "¥500.00", "user:field1",
                 "2026-11-02 10:00"):
        assert text in row.group(1)
    token = _csrf(page.text)
    assert client.post(f"/agreements/{agreement}/approve-fee-waiver",
                       follow_redirects=False).status_code == 403
    done = client.post(f"/agreements/{agreement}/approve-fee-waiver",
                       data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    after = client.get(done.headers["location"])
    assert "waivers-empty" in after.text and f"已批准协议 {agreement} 的减免" in after.text
    with container.engine.connect() as conn:
        state = conn.execute(select(t.agreements.c.state, t.agreements.c.fee_waiver_approved_by)
                             .where(t.agreements.c.id == agreement)).one()
        audited = conn.execute(select(t.audit_events.c.actor).where(
            t.audit_events.c.action == "agreement.approve_fee_waiver")).scalars().all()
    assert tuple(state) == ("active", "manager") and audited == ["user:manager"]
    again = client.post(f"/agreements/{agreement}/approve-fee-waiver",
                        data={"csrf_token": token})
    assert again.status_code >= 400 and "没有待审批的减免" in again.text
