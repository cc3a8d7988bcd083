"""A working session in a fresh process, for the log test: its stderr is the app's log.

    python -m tests.e2e.security.log_run DATABASE_URL EVIDENCE_DIR CASE_ID CUSTOMER_ID

Logs in (API and web), reveals a phone and a national id, records a visit; prints on stdout a
JSON object with the secrets the log must not contain.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from doorstep.app import create_app
from doorstep.container import Container
from doorstep.core.clock import FixedClock
from doorstep.core.settings import Settings
from tests import factories as f
from tests import visit_factories as vf
from tests.e2e.web.conftest import login_csrf


def main(url: str, evidence: str, fx_json: str, customer: int) -> None:
    c = Container.build(Settings(environment="test", database_url=url,
                                 evidence_dir=Path(evidence)), clock=FixedClock())
    fx = vf.Field(**json.loads(fx_json))
    with TestClient(create_app(c), raise_server_exceptions=False) as client:
        r = client.post("/api/v1/auth/token", json={"username": "field1",
                                                    "password": f.PASSWORD})
        token = r.json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        client.post("/api/v1/auth/token", json={"username": "field1", "password": "13800000000"})
        values = [client.post(f"/api/v1/customers/{customer}/reveal", headers=auth,
                              json={"field": field, "purpose": "上门前核实身份"}).json()["value"]
                  for field in ("phone", "national_id")]
        visit = client.post("/api/v1/visits", headers=auth,
                            data={"record": json.dumps(vf.record(fx))})
        csrf = login_csrf(client)
        page = client.post("/login", data={"username": "field1", "password": f.PASSWORD,
                                           "next": "/", "csrf_token": csrf},
                           follow_redirects=False)
    print(json.dumps({"secrets": [f.PASSWORD, "13800000000", token, csrf,
                                  page.cookies.get("doorstep_session"), *values],
                      "visit_status": visit.status_code}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
