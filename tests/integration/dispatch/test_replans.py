"""Re-plans when things move (a team off sick, a visit running long, a customer moving an
appointment), the teams told through the outbox, and the planner's refusals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from doorstep.app import create_app
from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.core.clock import local
from doorstep.store.tables import audit_events
from doorstep.store.tables_dispatch import outbox, route_plans
from doorstep.visits.appointments.links import LinkContext
from doorstep.visits.appointments.service import (
    OfferAppointment,
    offer_appointment,
    replan_for_customer,
    respond,
)
from doorstep.visits.dispatch import service as dispatch
from doorstep.visits.routing import RoutingParams
from tests import factories as f

TODAY = date(2026, 11, 2)  # the fixed clock: Monday 10:00 in Shenzhen
TOMORROW = TODAY + timedelta(days=1)
PARAMS = replace(RoutingParams(), seconds=1.0)
CTX = LinkContext("test-secret", "http://bank.test", "深圳示范银行", "95500")


@pytest.fixture
def day(container: Container) -> dict[str, object]:
    """Branch FT01 with two teams on duty and six approved visits of the first team."""
    ft = f.branch(container)
    one, two = f.team(container, ft), f.team(container, ft, size=3)
    cases = []
    for i in range(6):
        cust = f.customer(container, ft, f"客户{i}", customer_no=f"C{i:010d}",
                          lat=22.54 + i * 0.004, lon=114.06 + (i % 2) * 0.004)
        cases.append(f.case(container, cust, ft, state="assigned", case_no=f"AJ2026{i:09d}",
                            owner_team_id=one))
    f.user(container, "disp", Role.DISPATCHER, "FT01")
    f.user(container, "field", Role.FIELD_STAFF, "FT01")
    return {"branch": ft, "one": one, "two": two, "cases": cases}


def _messages(c: Container) -> list[object]:
    with c.engine.connect() as conn:
        return list(conn.execute(select(outbox).where(outbox.c.kind == "route.changed")))


def test_every_approved_visit_is_routed_over_both_teams(container: Container,
                                                         day: dict[str, object]) -> None:
    """Six flexible approved visits and two teams: all six routed, both teams working."""
    with container.uow() as uow:
        result = dispatch.plan_day(uow, f.principal(container, "disp"), day["branch"],
                                   TOMORROW, PARAMS, 0)
        uow.commit()
    stats = result.stored.stats
    assert stats["routed"] == 6 and stats["teams_used"] == 2 and stats["capacity"] >= 6
    assert stats["max_visits_per_team"] - stats["min_visits_per_team"] <= 2


def test_team_off_sick_hands_its_visits_over_and_both_teams_are_told(
        container: Container, day: dict[str, object]) -> None:
    """A team calls in sick: its visits go to the other team, the absence is kept for the
    day, and each member of each affected team gets a message in the outbox."""
    disp = f.principal(container, "disp")
    with container.uow() as uow:
        dispatch.plan_day(uow, disp, day["branch"], TOMORROW, PARAMS, 0)
        uow.commit()
    with container.uow() as uow:
        result = dispatch.replan_day(uow, disp, day["branch"], TOMORROW, 0, PARAMS, 0,
                                     frozenset({day["one"]}), why="sick")
        uow.commit()
    assert {s.team_id for s in result.stored.stops} == {day["two"]}
    assert result.stored.stats["absent_teams"] == [day["one"]]
    sent = _messages(container)
    assert len(sent) == 4 and all("有团队请假" in m.body for m in sent)
    with container.uow() as uow:  # a fresh plan of that day still leaves the team out
        again = dispatch.plan_day(uow, disp, day["branch"], TOMORROW, PARAMS, 0)
        uow.commit()
    assert {s.team_id for s in again.stored.stops} == {day["two"]}


def test_visit_running_long_pushes_the_rest_of_the_day(container: Container,
                                                       day: dict[str, object]) -> None:
    """A started visit runs 40 minutes long: it keeps its place and ends 40 minutes later."""
    disp = f.principal(container, "disp")
    with container.uow() as uow:
        first = dispatch.plan_day(uow, disp, day["branch"], TODAY, PARAMS, 0)
        uow.commit()
    started = min(first.stored.stops, key=lambda s: s.arrival)
    begun = local(started.arrival)
    now = begun.hour * 3600 + begun.minute * 60 + 600  # ten minutes into the first visit
    with container.uow() as uow:
        after = dispatch.replan_day(uow, disp, day["branch"], TODAY, now, PARAMS, 0,
                                    running_long={started.case_id: 40}, why="long")
        uow.commit()
    same = next(s for s in after.stored.stops if s.case_id == started.case_id)
    assert same.team_id == started.team_id and same.seq == started.seq
    assert same.departure - started.departure == timedelta(minutes=40)
    assert all("有拜访超时" in m.body for m in _messages(container))


def test_customer_moving_an_appointment_replans_the_routed_day(
        container: Container, day: dict[str, object]) -> None:
    """The customer picks another slot through the link: the day is re-planned with the
    confirmed slot in the route, and the teams whose route changed are told."""
    disp = f.principal(container, "disp")
    with container.uow() as uow:
        dispatch.plan_day(uow, disp, day["branch"], TOMORROW, PARAMS, 0)
        uow.commit()
    case_id = day["cases"][0]  # type: ignore[index]
    with container.uow() as uow:
        offer = offer_appointment(uow, disp, OfferAppointment(case_id, day["two"], TOMORROW),
                                  CTX, container.policy)
        uow.commit()
    with container.uow() as uow:
        view = respond(uow, offer.token, "choose", 1, CTX, container.policy)
        uow.commit()
    assert view.done == "moved"
    with container.uow() as uow:
        assert replan_for_customer(uow, case_id) == 1
        uow.commit()
    with container.uow(write=False) as uow:
        plan = uow.dispatch.latest(day["branch"], TOMORROW)
        confirmed = [a for a in uow.appointments.of_case(case_id) if a.state == "confirmed"]
    stop = next(s for s in plan.stops if s.case_id == case_id)
    assert stop.appointment_id == confirmed[0].id and stop.team_id == day["two"]
    assert confirmed[0].slot_start <= stop.arrival or stop.arrival <= confirmed[0].slot_end
    assert any("客户改约" in m.body for m in _messages(container))


def test_planner_refusals_write_nothing(container: Container, day: dict[str, object]) -> None:
    """Field staff may not re-plan; a team of another branch or a visit not yet started
    cannot be named; each answer is a 4xx with a clear message and no new plan."""
    other = f.branch(container, "NS01", "南山支行")
    stranger = f.team(container, other, size=4)
    with container.uow() as uow:
        dispatch.plan_day(uow, f.principal(container, "disp"), day["branch"], TOMORROW,
                          PARAMS, 0)
        uow.commit()
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        def auth(user: str) -> dict[str, str]:
            r = client.post("/api/v1/auth/token", json={"username": user,
                                                         "password": f.PASSWORD})
            return {"Authorization": f"Bearer {r.json()['access_token']}"}

        body = {"branch_id": day["branch"], "day": TOMORROW.isoformat(), "seconds": 0.5}
        field = client.post("/api/v1/dispatch/plans/replan", headers=auth("field"), json=body)
        assert field.status_code == 403
        foreign = client.post("/api/v1/dispatch/plans/replan", headers=auth("disp"),
                              json={**body, "dropped_team_ids": [stranger]})
        assert foreign.status_code == 422 and "不属于该网点" in foreign.json()["error"]["message"]
        early = client.post("/api/v1/dispatch/plans/replan", headers=auth("disp"),
                            json={**body, "running_long": {str(day["cases"][0]): 30}})  # type: ignore[index]
        assert early.status_code == 422 and "尚未开始" in early.json()["error"]["message"]
    with container.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(route_plans)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(audit_events).where(
            audit_events.c.action == "route_plan.replanned")).scalar_one() == 0
