"""Visit API end to end: 201 then 200 on replay, 422 for bad input, survey link works once."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import select

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
