"""Casebook pages: write a study, the refused publish naming the finding, publish after the
fix, Chinese search, drafts from closed cases and the similar-case panel."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import update

from doorstep.container import Container
from doorstep.store import tables as t
from tests.e2e.web.conftest import Login, page_csrf

FORM = {"title": "网银账户故障经技术人员上门修复", "background": "客户网银无法登录。",
        "problem": "客户反映转账失败，情绪激动。", "actions": "技术人员上门重置安全设备。",
        "outcome": "故障修复，客户满意。", "lessons": "技术故障尽快派技术人员到场。",
        "business_line": "deposit", "case_type": "account_problem", "outcome_tag": "fixed",
        "tags": "账户故障，技术上门", "amount_band": "<1万", "dpd_band": "未逾期"}


def test_trainer_writes_checks_publishes_and_finds_a_study(client: TestClient,
                                                           login: Login) -> None:
    """A phone number blocks publishing with a named finding; once removed the author may
    not publish their own study, a manager publishes it and it is found."""
    login("trainer")
    page = client.get("/casebook/new")
    assert "新建案例" in page.text and "经验教训" in page.text
    token = page_csrf(page.text)
    leaked = {**FORM, "actions": "技术人员上门，客户留下电话13912345678。", "csrf_token": token}
    shown = client.post("/casebook/new", data=leaked)
    assert shown.status_code == 200 and "第3段发现手机号 139****5678" in shown.text
    study_url = str(shown.url)
    refused = client.post(study_url + "/publish", data={"csrf_token": token})
    assert refused.status_code == 422 and "第3段发现手机号" in refused.text
    fixed = client.post(study_url + "/edit", data={**FORM, "version": "1", "csrf_token": token})
    assert fixed.status_code == 200 and "未发现个人信息" in fixed.text
    own = client.post(study_url + "/publish", data={"csrf_token": token})
    assert own.status_code == 403 and "不能审批自己提交的申请" in own.text
    client.cookies.clear()
    login("programme_manager")
    token = page_csrf(client.get(study_url).text)
    done = client.post(study_url + "/publish", data={"csrf_token": token})
    assert done.status_code == 200 and "案例已发布" in done.text
    found = client.get("/casebook", params={"q": "账户故障"})
    assert "搜索结果（1 条" in found.text and FORM["title"] in found.text
    assert "没有找到" in client.get("/casebook", params={"q": "信用卡 分期"}).text


def test_closed_case_becomes_a_draft_and_cases_show_similar_panel(
        client: TestClient, login: Login, container: Container, seeded: dict[str, int]) -> None:
    """A case number of a closed case opens an anonymised draft; the case page loads the panel."""
    with container.engine.begin() as conn:
        conn.execute(update(t.cases).where(t.cases.c.id == seeded["case"]).values(
            state="resolved", summary="客户张伟对逾期罚息有异议"))
    login("programme_manager")
    token = page_csrf(client.get("/casebook").text)
    draft = client.post("/casebook/from-case", data={"case_no": "AJ2026110000001",
                                                     "csrf_token": token})
    assert draft.status_code == 200 and "修改案例" in draft.text
    assert "张某" in draft.text and "张伟" not in draft.text
    case_page = client.get(f"/cases/{seeded['case_ns']}")
    assert f'hx-get="/casebook/similar/{seeded["case_ns"]}"' in case_page.text
    panel = client.get(f"/casebook/similar/{seeded['case_ns']}")
    assert panel.status_code == 200 and "相似案例" in panel.text


def test_field_staff_read_but_cannot_write(client: TestClient, login: Login) -> None:
    """The casebook is in field staff's menu; the new-study form is refused to them."""
    login("field_staff")
    home = client.get("/casebook")
    assert home.status_code == 200 and 'href="/casebook"' in home.text
    assert client.get("/casebook/new").status_code == 403
