"""Plan pages, the team roster forms, board actions and the appointment page in English."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from doorstep.container import Container
from doorstep.visits.appointments.links import LinkContext
from doorstep.visits.appointments.service import OfferAppointment, offer_appointment
from tests import factories as f
from tests.e2e.web.conftest import Login, page_csrf

FORM = {"name": "第四季度贷款化解计划", "period_start": "2026-10-01", "period_end": "2026-12-31",
        "business_lines": ["loan"], "branch_ids": "", "visit_budget": "120",
        "holdout_share": "0.1", "goal_metric": ["resolution_rate", ""],
        "goal_comparator": [">=", ">="], "goal_target": ["0.6", ""],
        "step_id": ["", ""], "step_title": ["审批上门名单", ""],
        "step_due": ["2026-10-10", ""], "step_owner": ["programme_manager", ""]}


def test_manager_creates_a_plan_and_sees_its_progress(client: TestClient,
                                                      login: Login) -> None:
    """The plan form creates a plan; the progress page shows goals, badges and late steps."""
    login("programme_manager")
    page = client.get("/plans/new")
    assert "项目计划" in page.text
    bad = client.post("/plans/new", data={**FORM, "holdout_share": "0.8",
                                          "csrf_token": page_csrf(page.text)})
    assert bad.status_code == 422 and "对照组比例须在 0 至 0.5 之间" in bad.text
    r = client.post("/plans/new", data={**FORM, "csrf_token": page_csrf(page.text)})
    assert r.status_code == 200 and "化解率" in r.text and "暂无数据" in r.text
    assert "已逾期" in r.text and "programme_manager" in r.text
    edit = client.get(str(r.url) + "/edit")
    assert 'name="version" value="1"' in edit.text
    assert "第四季度贷款化解计划" in client.get("/plans").text
    scoped = client.post("/plans/new", data={**FORM, "branch_ids": "1",
                                             "csrf_token": page_csrf(page.text)})
    assert scoped.status_code == 200 and "福田支行" in scoped.text and "≥" in scoped.text


def test_roster_labels_in_english_and_forming_a_team(container: Container, client: TestClient,
                                                     login: Login,
                                                     seeded: dict[str, int]) -> None:
    """The roster translates roles and skills; the 组建团队 form pairs two free staff."""
    f.staff(container, seeded["ft"], "X1", "赵六")
    f.staff(container, seeded["ft"], "X2", "钱七")
    login("dispatcher")
    page = client.get("/teams")
    assert "客户经理" in page.text and "组建团队" in page.text and "自动配对建议" in page.text
    r = client.post("/teams/form", data={"member_a_id": "0", "member_b_id": "0",
                                         "csrf_token": page_csrf(page.text)})
    assert "团队须由两名不同的员工组成" in r.text
    client.get("/lang/en", params={"next": "/teams"})
    english = client.get("/teams")
    assert "Customer manager" in english.text and "Loans" in english.text


def test_board_offers_slots_for_an_assigned_case(container: Container, client: TestClient,
                                                 login: Login, seeded: dict[str, int]) -> None:
    """发送预约 on the board offers the customer slots and says which."""
    case = f.case(container, seeded["customer"], seeded["ft"], state="assigned",
                  owner_team_id=seeded["team"], case_no="AJ2026110000055")
    login("dispatcher")
    page = client.get("/dispatch", params={"day": "2026-12-01"})
    assert f'data-testid="offer-{case}"' in page.text
    assert "逾期欠款" in page.text and "overdue_debt</td>" not in page.text
    r = client.post("/dispatch/offer", data={
        "branch_id": seeded["ft"], "day": "2026-12-01", "case_id": case,
        "team_id": seeded["team"], "csrf_token": page_csrf(page.text)})
    assert r.status_code == 200 and "已向客户发送预约链接" in r.text
    replan = client.post("/dispatch/replan", data={
        "branch_id": seeded["ft"], "day": "2026-12-01", "csrf_token": page_csrf(page.text)})
    assert "路线方案" in replan.text  # nothing planned yet: a clear message, not a crash


def test_appointment_page_in_english(container: Container, client: TestClient,
                                     seeded: dict[str, int]) -> None:
    """The customer's link page speaks English when the browser asks for it."""
    case = f.case(container, seeded["customer"], seeded["ft"], state="assigned",
                  owner_team_id=seeded["team"], case_no="AJ2026110000066")
    ctx = LinkContext(container.settings.secret_key, "http://testserver", "深圳示范银行", "95500")
    with container.uow() as uow:
        offer = offer_appointment(uow, f.principal(container, "dispatcher"), OfferAppointment(
            case, seeded["team"], date(2026, 12, 1)), ctx,
            container.policy)
        uow.commit()
    r = client.get(f"/a/{offer.token}", headers={"Accept-Language": "en"})
    assert r.status_code == 200 and "Choose a time for the visit" in r.text
    assert "Customer manager" in r.text
    zh = client.get(f"/a/{offer.token}")
    assert "请选择上门时段" in zh.text and "客户经理" in zh.text
