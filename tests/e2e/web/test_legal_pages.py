"""Legal pages: the queue in the menu, starting mediation by form, the 422 on an extension
without reason, the ZIP download, and refusal for other roles and branches."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from doorstep.container import Container
from doorstep.core.access import Role
from tests import factories as f
from tests.e2e.web.conftest import Login, page_csrf
from tests.integration.legal.legal_setup import escalated_case


@pytest.fixture
def legal_cases(container: Container, seeded: dict[str, int]) -> dict[str, Any]:
    f.user(container, "legal_ft", Role.LEGAL_OFFICER, "FT01")
    ns_team = f.team(container, seeded["ns"], size=3)
    return {"card": escalated_case(container, seeded["ft"], seeded["customer"], seeded["team"]),
            "ns": escalated_case(container, seeded["ns"], seeded["customer_ns"], ns_team,
                                 "AJ2026110000103", line="loan")}


def test_officer_mediates_from_the_pages(login: Login, legal_cases: dict[str, Any]) -> None:
    """The queue is in the menu; the form starts mediation; an extension without reason shows a
    422 in Chinese."""
    client = login("legal_officer")
    queue = client.get("/legal")
    assert queue.status_code == 200 and "诉前调解" in queue.text
    assert "AJ2026110000101" in queue.text and "客户拒绝" in queue.text
    case_id = legal_cases["card"].case_id
    page = client.get(f"/legal/cases/{case_id}")
    assert "两次有效联系间隔不少于 30 天" in page.text
    r = client.post(f"/legal/cases/{case_id}/mediation", follow_redirects=False,
                    data={"csrf_token": page_csrf(page.text), "version": "1",
                          "mediator": "福田调委会"})
    assert r.status_code == 303
    page = client.get(f"/legal/cases/{case_id}")
    assert 'data-testid="days-left">30<' in page.text
    bad = client.post(f"/legal/cases/{case_id}/extend",
                      data={"csrf_token": page_csrf(page.text), "days": "10", "reason": ""})
    assert bad.status_code == 422 and "延期须填写理由" in bad.text
    z = client.get(f"/legal/cases/{case_id}/case-file.zip")
    assert z.status_code == 200
    with zipfile.ZipFile(io.BytesIO(z.content)) as zf:
        assert {"manifest.json", "manifest.txt"} <= set(zf.namelist())


def test_pages_refused_to_other_roles_and_branches(login: Login,
                                                   legal_cases: dict[str, Any]) -> None:
    """A dispatcher may not open the legal pages; a branch officer cannot see another branch's
    case file."""
    client = login("dispatcher")
    assert client.get("/legal").status_code == 403
    client = login("legal_ft")
    r = client.get(f"/legal/cases/{legal_cases['ns'].case_id}/case-file.zip")
    assert r.status_code == 404 and "未找到" in r.text


def test_escalated_case_page_links_to_the_legal_desk(login: Login,
                                                     legal_cases: dict[str, Any]) -> None:
    """An escalated case's page links the legal officer to its legal desk; others see no link."""
    case_id = legal_cases["card"].case_id
    page = login("legal_officer").get(f"/cases/{case_id}")
    assert f'href="/legal/cases/{case_id}"' in page.text
    assert 'data-testid="legal-link"' not in login("auditor").get(f"/cases/{case_id}").text
