"""Browser: a dispatcher plans a demo branch's day; a customer confirms and moves a slot."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.demo import load_demo
from doorstep.visits.appointments.links import LinkContext
from doorstep.visits.appointments.service import OfferAppointment, offer_appointment
from tests import factories as f
from tests.browser.serving import ARGS, CHROMIUM, serving

DAY = date(2026, 12, 1)
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is missing")]


def _serve(container: Container) -> Iterator[str]:
    with serving(container) as base:
        yield base


@pytest.fixture
def demo_server(container: Container) -> Iterator[str]:
    """The app over a small demo bank."""
    load_demo(container.engine, customers=1500, seed=7, cipher=container.cipher)
    with container.engine.connect() as conn:
        branch, code = conn.execute(text(
            "SELECT c.branch_id, b.code FROM cases c JOIN branches b ON b.id = c.branch_id "
            "WHERE c.state IN ('assigned', 'follow_up') GROUP BY c.branch_id, b.code "
            "ORDER BY COUNT(*) DESC, c.branch_id LIMIT 1")).one()
    f.user(container, "busy.dispatcher", Role.DISPATCHER, code)
    for url in _serve(container):
        yield f"{url}|{branch}"


@pytest.fixture
def link_server(container: Container) -> Iterator[tuple[str, Container]]:
    """The app over one branch with an assigned case and a team on duty."""
    ft = f.branch(container)
    cust = f.customer(container, ft, "王小明", preferred_contact_times="下午 14:00-17:30")
    team = f.team(container, ft)
    f.case(container, cust, ft, state="assigned", owner_team_id=team)
    f.user(container, "disp", Role.DISPATCHER, "FT01")
    container.bag = {"team": team}  # type: ignore[attr-defined]
    for url in _serve(container):
        yield url, container


def _offer(c: Container, base: str) -> str:
    ctx = LinkContext(c.settings.secret_key, base, "深圳示范银行", "95500")
    with c.uow() as uow:
        offer = offer_appointment(uow, f.principal(c, "disp"), OfferAppointment(
            1, c.bag["team"], DAY), ctx, c.policy)  # type: ignore[attr-defined]
        uow.commit()
    return offer.url


def test_dispatcher_plans_a_whole_day_in_the_browser(demo_server: str) -> None:
    """Clicking 规划路线 on the board draws each team's route and lists unassigned reasons."""
    from playwright.sync_api import expect, sync_playwright

    demo_server, branch = demo_server.split("|")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{demo_server}/login")
            page.fill("input[name=username]", "busy.dispatcher")
            page.fill("input[name=password]", f.PASSWORD)
            page.click("button[type=submit]")
            page.click("nav >> text=调度")
            page.goto(f"{demo_server}/dispatch?branch={branch}&day={DAY}")
            expect(page.locator("h1")).to_contain_text("调度台")
            expect(page.locator("[data-testid=visits] tbody tr a").first).to_be_visible()
            page.click("[data-testid=plan-routes]")
            expect(page.locator("[data-testid=plan-summary]")).to_contain_text("已安排")
            expect(page.locator("svg[data-testid=route-map] polyline").first).to_be_attached()
            assert page.locator("svg[data-testid=route-map] circle").count() >= 1
            page.screenshot(path=str(Path(__file__).resolve().parents[2] / "docs" / "img"
                                     / "dispatch-board.png"), full_page=True)
            summary = page.locator("[data-testid=plan-summary]").inner_text()
            if "未安排 0 个" not in summary:
                expect(page.locator("[data-testid=unassigned] tbody tr").first).to_be_visible()
            assert errors == []
        finally:
            browser.close()


def test_customer_confirms_then_moves_an_appointment(
        link_server: tuple[str, Container]) -> None:
    """A customer confirms through one link, then picks another slot through a second."""
    from playwright.sync_api import expect, sync_playwright

    base, c = link_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
            page.goto(_offer(c, base))
            expect(page.locator("[data-testid=staff]")).to_contain_text("工号")
            page.click("[data-testid=confirm]")
            expect(page.locator("[data-testid=link-message]")).to_contain_text("预约已确认")
            with c.uow(write=False) as uow:
                assert uow.cases.get(1).state.value == "scheduled"
            second = _offer(c, base)
            page.goto(second)
            page.locator("input[name=choice]").nth(1).check()
            page.click("[data-testid=confirm]")
            expect(page.locator("[data-testid=link-message]")).to_contain_text("改约")
            page.goto(second)
            expect(page.locator("[data-testid=link-message]")).to_contain_text("已使用")
            with c.uow(write=False) as uow:
                states = [a.state for a in uow.appointments.of_case(1)]
            assert states.count("confirmed") == 1 and "rescheduled" in states
        finally:
            browser.close()
