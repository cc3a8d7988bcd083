"""A write that the database refuses for uniqueness (two requests racing for the same version
number) is a 409 with a message in the user's language, and nothing of it is kept."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from doorstep.app import create_app
from doorstep.container import Container
from doorstep.http.deps import UowDep
from doorstep.store.tables_screening import model_versions


def _version(uow: UowDep) -> None:
    """Writes a model version whose (kind, version) is already taken, after a first row."""
    row = {"kind": "escalation", "version": 1, "created_at": uow.clock.now().replace(tzinfo=None),
           "feature_names": [], "metrics": {}, "blob": b"x", "status": "candidate"}
    uow.conn.execute(insert(model_versions).values(**{**row, "version": 99}))
    uow.conn.execute(insert(model_versions).values(**row))
    uow.conn.execute(insert(model_versions).values(**row))
    uow.commit()


def test_a_unique_key_race_is_a_409_and_writes_nothing(container: Container) -> None:
    app = create_app(container)
    app.add_api_route("/test/conflict", _version, methods=["POST"])
    with TestClient(app, raise_server_exceptions=False) as client:
        zh = client.post("/test/conflict")
        en = client.post("/test/conflict", headers={"Accept-Language": "en"})
    assert zh.status_code == en.status_code == 409
    assert zh.json()["error"]["code"] == "request.conflict"
    assert "未作任何修改" in zh.json()["error"]["message"]
    assert "nothing was changed" in en.json()["error"]["message"]
    with container.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(model_versions)).scalar() == 0
