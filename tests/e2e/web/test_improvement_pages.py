"""The 持续改进 page: what changed, candidate vs current model with PSI, promotion by form."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from doorstep.app import create_app
from doorstep.container import Container
from doorstep.demo.context import DEMO_PASSWORD
from doorstep.evaluation.improvement import service
from doorstep.screening.features import make_engine
from tests.e2e.web.conftest import login_csrf, page_csrf
from tests.integration.improvement.bank import ANALYST, AS_OF, prepare_improvement_bank


def _login(client: TestClient, username: str) -> None:
    token = login_csrf(client)
    r = client.post("/login", data={"username": username, "password": DEMO_PASSWORD,
                                    "next": "/", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text


@pytest.fixture
def retrained(container: Container) -> Iterator[TestClient]:
    """The app over a demo bank with a current model and one retrained candidate."""
    prepare_improvement_bank(container)
    with container.uow() as uow:
        service.retrain(uow, ANALYST, make_engine("duckdb"), service.Retrain(as_of=AS_OF))
        uow.commit()
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        yield client


def test_manager_reviews_and_promotes_the_candidate_by_form(retrained: TestClient) -> None:
    """The manager sees the menu entry, KPI changes, both models' AUC, the PSI table and staff
    to train; promoting needs the CSRF token and a reason, then shows who decided."""
    client = retrained
    _login(client, "manager")
    page = client.get("/improvement", params={"end": AS_OF.isoformat()})
    assert page.status_code == 200 and 'href="/improvement"' in page.text
    for text in ("本期变化", "上门次数", "候选模型", "当前模型", "人群漂移（PSI）", "稳定",
                 "建议收紧的规则", "建议参加培训的员工", 'data-testid="decision-form"'):
        assert text in page.text, text
    url = page.text.split('action="/improvement/candidates/')[1].split('"')[0]
    action = f"/improvement/candidates/{url}"
    assert client.post(action, data={"action": "promote", "reason": "更好"}).status_code == 403
    token = page_csrf(page.text)
    empty = client.post(action, data={"action": "promote", "reason": " ", "csrf_token": token})
    assert empty.status_code == 422 and "须填写理由" in empty.text
    done = client.post(action, data={"action": "promote", "reason": "留出期更好",
                                     "csrf_token": token})
    assert done.status_code == 200 and "候选模型已审批上线" in done.text
    assert "已上线" in done.text and "decision-form" not in done.text


def test_auditor_reads_without_buttons_and_dispatcher_is_refused(retrained: TestClient) -> None:
    """Reading the review needs evaluation.read; the decision form needs model.promote."""
    client = retrained
    _login(client, "auditor")
    page = client.get("/improvement")
    assert page.status_code == 200 and "人群漂移（PSI）" in page.text
    assert "decision-form" not in page.text
    client.cookies.clear()
    _login(client, "dispatcher")
    assert client.get("/improvement").status_code == 403
    assert 'href="/improvement"' not in client.get("/").text
