"""Visit API end to end: 201 then 200 on replay, 422 for bad input, survey link works once."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from doorstep.app import create_app
from doorstep.container import Container
from doorstep.store import tables as t
from tests import factories as f
from tests import visit_factories as vf


def _token(client: TestClient, user: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/token", json={"username": user, "password": f.PASSWORD})
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_submit_replay_and_refusals(container: Container) -> None:
    """A new visit answers 201, the same key 200 with the same id; bad input 422, no row."""
    fx = vf.field_setup(container)
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        auth = _token(client, "field1")
        missing = client.post("/api/v1/visits", headers=auth,
                              data={"record": json.dumps({"case_id": fx.case})})
        assert missing.status_code == 422 and "idempotency_key" in missing.text
        exe = client.post("/api/v1/visits", headers=auth,
                          data={"record": json.dumps(vf.record(fx))},
                          files={"files": ("photo.jpg", b"MZ\x90\x00" * 50, "image/jpeg")})
        assert exe.status_code == 422 and "不是允许的" in exe.json()["error"]["message"]
        first = client.post("/api/v1/visits", headers=auth,
                            data={"record": json.dumps(vf.record(fx))})
        again = client.post("/api/v1/visits", headers=auth,
                            data={"record": json.dumps(vf.record(fx))})
        assert first.status_code == 201 and again.status_code == 200
        assert first.json()["visit_id"] == again.json()["visit_id"]
        assert first.json()["case_state"] == "resolved"


def test_survey_link_answers_once(container: Container) -> None:
    """The survey link queued after a visit stores CSAT/NPS once and refuses a second answer."""
    from doorstep.store.tables_dispatch import outbox

    fx = vf.field_setup(container)
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        auth = _token(client, "field1")
        client.post("/api/v1/visits", headers=auth, data={"record": json.dumps(vf.record(fx))})
        with container.engine.connect() as conn:
            body = conn.execute(select(outbox.c.body)).scalar_one()
        path = body[body.index("/survey/"):]
        assert client.get(path).status_code == 200
        ok = client.post(path, data={"csat": "5", "nps": "9", "comment": "很耐心"})
        assert "感谢您的评价" in ok.text
        again = client.post(path, data={"csat": "1", "nps": "0"})
        assert "已提交过" in again.text
    with container.engine.connect() as conn:
        row = conn.execute(select(t.surveys.c.csat, t.surveys.c.nps)).one()
    assert (row.csat, row.nps) == (5, 9)


def _written(c: Container) -> tuple[int, int, int]:
    from doorstep.store.tables_dispatch import outbox

    with c.engine.connect() as conn:
        return tuple(conn.execute(select(func.count()).select_from(table)).scalar_one()
                     for table in (t.visits, t.contacts, outbox))  # type: ignore[return-value]


def test_first_member_cannot_submit_before_the_partner_confirms_presence(
        container: Container) -> None:
    """Attacker: field1 lists field2 as present, but field2 never confirmed from their own
    phone → 409 with the partner named in the user's language, nothing written; then field2
    confirms from their phone and the same record goes in."""
    fx = vf.field_setup(container, confirmed=False)
    body = vf.record(fx)
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        first, second = _token(client, "field1"), _token(client, "field2")
        before = _written(container)
        refused = client.post("/api/v1/visits", headers=first,
                              data={"record": json.dumps(body)})
        assert refused.status_code == 409, refused.text
        error = refused.json()["error"]
        assert error["code"] == "visit.presence_unconfirmed" and "确认在场" in error["message"]
        english = client.post("/api/v1/visits", headers={**first, "Accept-Language": "en"},
                              data={"record": json.dumps(body)})
        assert english.status_code == 409
        assert "not confirmed presence" in english.json()["error"]["message"]
        # field1 confirming for field2 does not count: only field2's own account does
        client.post("/api/v1/visits/presence", headers=first,
                    json={"case_id": fx.case, "appointment_id": fx.appointment,
                          "lat": vf.HOME[0], "lon": vf.HOME[1]})
        again = client.post("/api/v1/visits", headers=first, data={"record": json.dumps(body)})
        assert again.status_code == 409
        assert _written(container) == before
        with container.engine.connect() as conn:
            assert conn.execute(select(t.cases.c.state).where(
                t.cases.c.id == fx.case)).scalar_one() == "scheduled"
        confirmed = client.post("/api/v1/visits/presence", headers=second,
                                json={"case_id": fx.case, "appointment_id": fx.appointment,
                                      "lat": vf.HOME[0], "lon": vf.HOME[1]})
        assert confirmed.status_code == 200, confirmed.text
        ok = client.post("/api/v1/visits", headers=first, data={"record": json.dumps(body)})
        assert ok.status_code == 201, ok.text
        assert ok.json()["case_state"] == "resolved"
    assert _written(container)[0] == before[0] + 1


def test_a_confirmation_at_another_case_does_not_count(container: Container) -> None:
    """field2's confirmation at another case of the team does not stand in for this
    one: 409, no visit row."""
    fx = vf.field_setup(container, confirmed=False)
    case2, appt2 = vf.scheduled_case(container, fx.branch, fx.team, 2)
    vf.confirm_presence(container, fx.members[1], case2, appt2)
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        r = client.post("/api/v1/visits", headers=_token(client, "field1"),
                        data={"record": json.dumps(vf.record(fx))})
    assert r.status_code == 409 and r.json()["error"]["code"] == "visit.presence_unconfirmed"
    assert _written(container)[0] == 0
