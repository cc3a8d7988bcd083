"""Browser: the dispatcher's board with the routes on map tiles, and a customer moving an
appointment through the link, after which the day's routes follow and the teams are told."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.store import tables as t
from doorstep.store.tables import audit_events
from doorstep.store.tables_dispatch import outbox
from doorstep.visits.appointments.links import LinkContext
from doorstep.visits.appointments.service import OfferAppointment, offer_appointment
from tests import factories as f
from tests.browser.serving import ARGS, CHROMIUM, serving

TOMORROW = date(2026, 11, 3)
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is missing")]


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (256, 256), (225, 232, 238)).save(buf, "PNG")
    return buf.getvalue()


class _Tiles(BaseHTTPRequestHandler):
    """A stand-in for the bank's tile server: the same light PNG for every tile."""

    body = b""
    served = 0

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).served += 1
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def tiles() -> Iterator[str]:
    """A local tile server; yields its URL template."""
    _Tiles.body, _Tiles.served = _png(), 0
    server = HTTPServer(("127.0.0.1", 0), _Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def bank(container: Container) -> dict[str, Any]:
    """福田 with two teams and eight approved visits spread over the district."""
    ft = f.branch(container)
    one, two = f.team(container, ft), f.team(container, ft, size=3)
    cases = []
    for i in range(8):
        cust = f.customer(container, ft, f"客户{i}", customer_no=f"C{i:010d}",
                          lat=22.53 + (i % 4) * 0.01, lon=114.03 + (i // 4) * 0.02,
                          preferred_contact_times="全天 09:00-18:00")
        cases.append(f.case(container, cust, ft, state="assigned", case_no=f"AJ2026{i:09d}",
                            owner_team_id=one))
    f.user(container, "disp", Role.DISPATCHER, "FT01")
    return {"branch": ft, "one": one, "two": two, "cases": cases}


def _dispatcher(browser: Any, base: str) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/login?next=/dispatch")
    page.fill("input[name=username]", "disp")
    page.fill("input[name=password]", f.PASSWORD)
    page.click("button[type=submit]")
    return page, errors


def test_board_draws_the_routes_over_map_tiles(container: Container, bank: dict[str, Any],
                                               tiles: str) -> None:
    """With a tile URL set, planning draws every team's route with Leaflet over the tiles,
    beside the visits due and what the teams can make."""
    from playwright.sync_api import expect, sync_playwright

    container.settings.map_tile_url = tiles
    container.settings.map_tile_attribution = "© 示范银行地图"
    with serving(container) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page, errors = _dispatcher(browser, base)
            page.goto(f"{base}/dispatch?day={TOMORROW}")
            expect(page.locator("[data-testid=capacity]")).to_contain_text("当日待拜访 8 个")
            page.click("[data-testid=plan-routes]")
            expect(page.locator("[data-testid=plan-summary]")).to_contain_text("已安排 8 个")
            expect(page.locator("[data-testid=workload]")).to_contain_text("2/2 个团队有任务")
            board = page.locator("[data-testid=leaflet-map]")
            expect(board).to_have_attribute("data-ready", "1")
            expect(board.locator("img.leaflet-tile-loaded").first).to_be_visible()
            expect(board.locator("path.team-route-line")).to_have_count(2)
            expect(board.locator(".map-stop-number")).to_have_count(8)
            expect(board.locator(".leaflet-control-attribution")).to_contain_text("示范银行地图")
            assert _Tiles.served > 0
            page.screenshot(path=str(Path(__file__).resolve().parents[2] / "docs" / "img"
                                     / "dispatch-map.png"), full_page=True)
            assert errors == []
        finally:
            browser.close()


def test_customer_moves_an_appointment_and_the_day_is_replanned(
        container: Container, bank: dict[str, Any]) -> None:
    """The dispatcher plans the day on the board; a customer moves the offered slot on the
    phone; the day's routes are re-planned with the confirmed slot and the teams told."""
    from playwright.sync_api import expect, sync_playwright

    with serving(container) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page, errors = _dispatcher(browser, base)
            page.goto(f"{base}/dispatch?day={TOMORROW}")
            page.click("[data-testid=plan-routes]")
            expect(page.locator("[data-testid=plan-summary]")).to_contain_text("已安排 8 个")
            expect(page.locator("svg[data-testid=route-map] polyline")).to_have_count(2)
            case_id = bank["cases"][0]
            ctx = LinkContext(container.settings.secret_key, base, "深圳示范银行", "95500")
            with container.uow() as uow:
                offer = offer_appointment(uow, f.principal(container, "disp"), OfferAppointment(
                    case_id, bank["two"], TOMORROW), ctx, container.policy)
                uow.commit()
            phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
            phone.goto(offer.url)
            phone.locator("input[name=choice]").nth(1).check()
            phone.click("[data-testid=confirm]")
            expect(phone.locator("[data-testid=link-message]")).to_contain_text("改约")
            page.reload()
            row = page.locator("[data-testid=visits] tbody tr", has_text="AJ2026000000000")
            start, end = offer.slots[1]
            expect(row).to_contain_text(f"{start:%H:%M}–{end:%H:%M}")
            expect(row).to_contain_text("已排入路线")
            with container.uow(write=False) as uow:
                plan = uow.dispatch.latest(bank["branch"], TOMORROW)
                actions = [r.actor for r in uow.conn.execute(select(audit_events).where(
                    audit_events.c.action == "route_plan.replanned"))]
                told = list(uow.conn.execute(select(outbox.c.body).where(
                    outbox.c.kind == "route.changed")))
            stop = next(s for s in plan.stops if s.case_id == case_id)
            assert stop.appointment_id is not None and stop.team_id == bank["two"]
            utc = timedelta(hours=8)  # stops are stored in UTC, slots shown in Beijing time
            assert start - utc <= stop.departure and stop.arrival <= end - utc
            assert actions and "customer-link:" in actions[-1]
            assert told and all("客户改约" in m.body for m in told)
            assert errors == []
        finally:
            browser.close()


def test_field_app_opens_the_agenda_and_a_brief_without_network(
        container: Container, bank: dict[str, Any]) -> None:
    """After the agenda was opened once, the phone loses its network: the agenda and a
    brief never opened before still open from the service worker's copy."""
    from dataclasses import replace as _replace

    from playwright.sync_api import expect, sync_playwright

    from doorstep.visits.dispatch import service as dispatch
    from doorstep.visits.routing import RoutingParams
    from tests import visit_factories as vf

    with container.engine.begin() as conn:
        member = conn.execute(select(t.teams.c.member_a_id).where(
            t.teams.c.id == bank["one"])).scalar_one()
    vf.link_user(container, "walker", Role.FIELD_STAFF, member)
    with container.uow() as uow:
        dispatch.plan_day(uow, f.principal(container, "disp"), bank["branch"],
                          date(2026, 11, 2), _replace(RoutingParams(), seconds=0.5), 0)
        uow.commit()
    with serving(container) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
            page = ctx.new_page()
            page.goto(f"{base}/login?next=/field")
            page.fill("input[name=username]", "walker")
            page.fill("input[name=password]", f.PASSWORD)
            page.click("button[type=submit]")
            expect(page.locator("[data-testid=stop]").first).to_be_visible()
            expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
            brief = page.locator("a[data-testid=open-visit]").last.get_attribute("href")
            ctx.set_offline(True)
            page.reload()
            expect(page.locator("[data-testid=stop]").first).to_be_visible()
            page.goto(f"{base}{brief}")
            expect(page.locator("[data-testid=brief]")).to_be_visible()
        finally:
            browser.close()
