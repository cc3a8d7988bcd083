"""Appointments, outbox delivery and route plans against a real database."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select, text

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.demo import load_demo
from doorstep.store.tables import audit_events
from doorstep.visits.appointments.links import LinkContext, link_view
from doorstep.visits.appointments.outbox import (
    RecordingSmsGateway,
    SmtpEmailSender,
    deliver_pending,
)
from doorstep.visits.appointments.service import OfferAppointment, offer_appointment, respond
from doorstep.visits.dispatch import service as dispatch
from doorstep.visits.routing import RoutingParams, validate_plan
from tests import factories as f

DAY = date(2026, 12, 1)
CTX = LinkContext("test-secret", "http://bank.test", "深圳示范银行", "95500")


@pytest.fixture
def bank(container: Container) -> dict[str, int]:
    ft = f.branch(container)
    cust = f.customer(container, ft, "王小明")
    team = f.team(container, ft)
    case = f.case(container, cust, ft, state="assigned", owner_team_id=team)
    f.user(container, "disp", Role.DISPATCHER, "FT01")
    return {"team": team, "case": case, "branch": ft, "customer": cust}


def _offer(c: Container, bank: dict[str, int], email: str | None = None) -> Any:
    with c.uow() as uow:
        done = offer_appointment(uow, f.principal(c, "disp"),
                                 OfferAppointment(bank["case"], bank["team"], DAY, email),
                                 CTX, c.policy)
        uow.commit()
        return done


def test_confirming_through_the_link_schedules_the_case(container: Container,
                                                         bank: dict[str, int]) -> None:
    """A confirmed link moves the case to scheduled and writes audit events."""
    offer = _offer(container, bank)
    with container.uow() as uow:
        view = respond(uow, offer.token, "choose", 0, CTX, container.policy)
        uow.commit()
    assert view.status == "done" and view.done == "confirmed"
    with container.uow(write=False) as uow:
        assert uow.cases.get(bank["case"]).state.value == "scheduled"
        actions = [r.action for r in uow.conn.execute(select(audit_events.c.action))]
    assert {"appointment.offered", "appointment.confirmed", "case.schedule"} <= set(actions)


def test_used_expired_and_forged_links_are_refused(container: Container,
                                                   bank: dict[str, int]) -> None:
    """A link works once, not after it expires, and never when forged."""
    first = _offer(container, bank)
    with container.uow() as uow:
        respond(uow, first.token, "decline", 0, CTX, container.policy)
        uow.commit()
    second = _offer(container, bank)
    container.clock.advance(timedelta(days=40))  # type: ignore[attr-defined]
    with container.uow(write=False) as uow:
        assert link_view(uow, first.token, CTX).status == "used"
        assert link_view(uow, second.token, CTX).status == "expired"
        assert link_view(uow, second.token[:-3] + "abc", CTX).status == "invalid"


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, _Inbox]]:
    """A real SMTP server (aiosmtpd) on a free local port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


def test_outbox_delivers_email_over_smtp_once(container: Container, bank: dict[str, int],
                                              smtp: tuple[int, _Inbox]) -> None:
    """The delivery job sends the SMS and the e-mail, and a second run sends nothing."""
    port, inbox = smtp
    _offer(container, bank, email="wang@example.com")
    sms = RecordingSmsGateway()
    email = SmtpEmailSender("127.0.0.1", port, "noreply@bank.test")
    now = container.clock.now()
    first = deliver_pending(container.uow, sms, email, now)
    again = deliver_pending(container.uow, sms, email, now)
    assert (first.sent, first.failed, again.sent) == (2, 0, 0)
    assert len(inbox.messages) == 1 and b"wang@example.com" in inbox.messages[0]
    assert len(sms.sent) == 1


def test_failed_delivery_is_retried_later(container: Container, bank: dict[str, int]) -> None:
    """An unreachable SMTP server counts an attempt and leaves the message for later."""
    _offer(container, bank, email="wang@example.com")
    now = container.clock.now()
    report = deliver_pending(container.uow, RecordingSmsGateway(),
                             SmtpEmailSender("127.0.0.1", 1, "x@bank.test", 0.5), now)
    assert (report.sent, report.failed) == (1, 1)
    later = deliver_pending(container.uow, RecordingSmsGateway(), None, now)
    assert later.sent == 0  # back-off: not due yet


def _busiest(c: Container) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(text(
            "SELECT branch_id FROM cases WHERE state IN ('assigned', 'follow_up') "
            "GROUP BY branch_id ORDER BY COUNT(*) DESC, branch_id LIMIT 1")).scalar_one())


def test_route_plan_of_a_demo_branch_day_is_stored_and_valid(container: Container) -> None:
    """Planning a demo branch-day stores a valid plan; re-planning keeps started visits."""
    load_demo(container.engine, customers=1500, seed=7, cipher=container.cipher)
    branch = _busiest(container)
    who = _dispatcher()
    params = replace(RoutingParams(), seconds=1.0)
    with container.uow() as uow:
        result = dispatch.plan_day(uow, who, branch, DAY, params, seed=3)
        uow.commit()
    assert validate_plan(result.plan, params) == []
    with container.uow(write=False) as uow:
        stored = uow.dispatch.latest(branch, DAY)
    assert stored is not None and len(stored.stops) == len(result.plan.assigned_ids) > 0
    assert len(stored.unassigned) + len(stored.stops) == stored.stats["visits"]
    first = result.plan.routes[0]
    now = first.stops[0].start + 60
    with container.uow() as uow:
        again = dispatch.replan_day(uow, who, branch, DAY, now, params, seed=3)
        uow.commit()
    route = again.plan.route_of(first.team_id)
    assert route is not None and route.visit_ids[0] == first.visit_ids[0]
    assert route.stops[0].start == first.stops[0].start
    with container.engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(text("route_plans"))).scalar()
    assert count == 2


def _dispatcher() -> Any:
    from doorstep.core.access import Principal

    return Principal(user_id=0, username="test", role=Role.DISPATCHER, branch_id=None)


def test_day_overview_counts_what_the_branch_day_holds(container: Container,
                                                       bank: dict[str, int]) -> None:
    """The board's counts come from SQL; they equal the loaded branch-day's, with confirmed
    and flexible visits and a flexible list longer than its cap."""
    offer = _offer(container, bank)
    with container.uow() as uow:
        respond(uow, offer.token, "choose", 0, CTX, container.policy)
        uow.commit()
    for i in range(5):
        f.case(container, bank["customer"], bank["branch"], state="follow_up",
               owner_team_id=bank["team"], case_no=f"AJ20261100009{i:02d}")
    part_time = f.team(container, bank["branch"], size=3)
    with container.engine.begin() as conn:  # its second member works Mondays and Tuesdays
        conn.execute(text("UPDATE staff SET weekdays = '[1, 2]' WHERE id = "
                          "(SELECT member_b_id FROM teams WHERE id = :t)"), {"t": part_time})
    who = _dispatcher()
    on_duty = []
    for day in (DAY, DAY + timedelta(days=1)):
        with container.uow(write=False) as uow:
            full = uow.dispatch.branch_day(bank["branch"], day)
            seen = dispatch.day_overview(uow, who, bank["branch"], day)
            capped = uow.dispatch.visit_count(bank["branch"], day, limit=3)
            fixed = uow.dispatch.confirmed(bank["branch"], day)
        assert seen.visits == len(full.visits) == len(fixed) + 5
        assert seen.teams_on_duty == sum(1 for t in full.teams if t.on_duty(day))
        assert capped == len(fixed) + 3
        on_duty.append(seen.teams_on_duty)
    assert on_duty == [2, 1]  # Tuesday both teams, Wednesday only the full-time one
    assert len(fixed) == 0  # the confirmed visit is on DAY only
    with container.uow(write=False) as uow:
        assert len(uow.dispatch.confirmed(bank["branch"], DAY)) == 1
