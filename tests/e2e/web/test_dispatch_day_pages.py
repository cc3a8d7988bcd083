"""The dispatcher's board and the field day end to end: capacity beside the visits due,
reasons with fixes, the map (tiles or plain drawing), the route on the phone, the
installable app, check-out with position and each member's own presence."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from doorstep.app import create_app
from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.store.tables import audit_events
from doorstep.visits.dispatch import service as dispatch
from doorstep.visits.routing import RoutingParams
from tests import factories as f
from tests import visit_factories as vf
from tests.e2e.web.conftest import login_csrf, page_csrf

TODAY = date(2026, 11, 2)
PARAMS = replace(RoutingParams(), seconds=0.5)


@pytest.fixture
def field(container: Container) -> Iterator[tuple[TestClient, vf.Field]]:
    """Two teams, field1/field2 in the first, today's scheduled visit, a dispatcher."""
    fx = vf.field_setup(container, confirmed=False)
    f.user(container, "disp", Role.DISPATCHER, "FT01")
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        yield client, fx


def _login(client: TestClient, username: str) -> None:
    r = client.post("/login", data={"username": username, "password": f.PASSWORD, "next": "/",
                                    "csrf_token": login_csrf(client)}, follow_redirects=False)
    assert r.status_code == 303, r.text


def _plan(c: Container, fx: vf.Field) -> None:
    with c.uow() as uow:
        dispatch.plan_day(uow, f.principal(c, "disp"), fx.branch, TODAY, PARAMS, 0)
        uow.commit()


def test_board_shows_capacity_and_draws_without_tiles(field: tuple[TestClient, vf.Field],
                                                      container: Container) -> None:
    """Before planning the board shows visits due beside the teams' capacity; with no tile
    URL the routes are the plain drawing, not the map script."""
    client, fx = field
    _login(client, "disp")
    before = client.get(f"/dispatch?day={TODAY}")
    assert before.status_code == 200 and 'data-testid="capacity"' in before.text
    assert "当日待拜访 1 个；2 个值班团队今日约可完成" in before.text
    _plan(container, fx)
    after = client.get(f"/dispatch?day={TODAY}")
    assert 'data-testid="route-map"' in after.text and "leaflet.js" not in after.text
    assert 'data-testid="workload"' in after.text


def test_board_gives_the_reason_in_words_and_the_fixes(field: tuple[TestClient, vf.Field],
                                                       container: Container) -> None:
    """A visit needing a legal advisor no team on duty has: the board names the skill and
    proposes what to do."""
    client, fx = field
    cust = f.customer(container, fx.branch, "法务客户", customer_no="C0000000099")
    f.case(container, cust, fx.branch, state="assigned", case_no="AJ2026000000099",
           priority=1, owner_team_id=fx.team)
    _plan(container, fx)
    _login(client, "disp")
    page = client.get(f"/dispatch?day={TODAY}")
    assert "当日值班团队中没有人具备「法律」技能" in page.text
    assert '<ul class="fixes">' in page.text


def test_board_uses_leaflet_over_the_configured_tiles(field: tuple[TestClient, vf.Field],
                                                      container: Container) -> None:
    """With a tile URL the board loads the vendored Leaflet and lets images from the tile
    server through its content policy, and nothing else."""
    client, fx = field
    container.settings.map_tile_url = "https://tiles.bank.test/{z}/{x}/{y}.png"
    _plan(container, fx)
    _login(client, "disp")
    page = client.get(f"/dispatch?day={TODAY}")
    assert "/static/vendor/leaflet/leaflet.js" in page.text and "data-routes=" in page.text
    assert "img-src 'self' data: https://tiles.bank.test;" in page.headers[
        "content-security-policy"]
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200


def test_field_agenda_lists_the_route_with_navigation(field: tuple[TestClient, vf.Field],
                                                      container: Container) -> None:
    """field1 sees today's route: stop order, planned arrival, travel, and navigation in
    AMap, Baidu Maps and Tencent Maps by coordinates."""
    client, fx = field
    _plan(container, fx)
    _login(client, "field1")
    page = client.get("/field")
    assert 'data-testid="route"' in page.text and "预计" in page.text and "路程约" in page.text
    for host in ("uri.amap.com/navigation", "api.map.baidu.com/direction",
                 "apis.map.qq.com/uri/v1/routeplan"):
        assert host in page.text
    assert '<link rel="manifest" href="/manifest.json">' in page.text


def test_installable_app_serves_its_worker_and_manifest_from_the_root(
        field: tuple[TestClient, vf.Field]) -> None:
    """/sw.js (whole-app scope) and /manifest.json (start at /field) are public."""
    client, _ = field
    sw = client.get("/sw.js")
    assert sw.status_code == 200 and "javascript" in sw.headers["content-type"]
    assert "caches.open" in sw.text and "/field/cases/" in sw.text
    manifest = client.get("/manifest.json").json()
    assert manifest["start_url"] == "/field" and manifest["display"] == "standalone"


def test_check_out_and_presence_come_from_each_members_own_phone(
        field: tuple[TestClient, vf.Field], container: Container) -> None:
    """field2 confirms presence and field1 checks out, each with a position; a member of
    another team and a dispatcher are refused with 403 and nothing is written."""
    client, fx = field
    body = {"case_id": fx.case, "appointment_id": fx.appointment, "lat": vf.HOME[0],
            "lon": vf.HOME[1]}
    for intruder in ("field3", "disp"):
        _login(client, intruder)
        page = client.get("/dispatch") if intruder == "disp" else client.get("/field")
        r = client.post("/field/presence", content=json.dumps(body),
                        headers={"X-CSRF-Token": page_csrf(page.text),
                                 "Content-Type": "application/json"})
        assert r.status_code == 403 and "本团队成员" in r.json()["error"]["message"]
        client.cookies.clear()
    with container.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(audit_events).where(
            audit_events.c.action == "visit.presence_confirmed")).scalar_one() == 0
    _login(client, "field2")
    csrf = page_csrf(client.get("/field").text)
    ok = client.post("/field/presence", content=json.dumps(body),
                     headers={"X-CSRF-Token": csrf, "Content-Type": "application/json"})
    assert ok.status_code == 200 and ok.json()["flagged"] is False
    client.cookies.clear()
    _login(client, "field1")
    brief = client.get(f"/field/cases/{fx.case}?appointment={fx.appointment}")
    assert f'data-testid="confirmed-{fx.members[1]}"' in brief.text
    out = client.post("/field/check-out", content=json.dumps({**body, "lat": 22.60}),
                      headers={"X-CSRF-Token": page_csrf(brief.text),
                               "Content-Type": "application/json"})
    assert out.status_code == 200 and out.json()["flagged"] is True


def test_tile_server_origin_for_the_image_policy() -> None:
    """Only the tile server's scheme and host widen img-src ({s} subdomains as *.); a
    same-site path needs nothing, and anything but http(s) is not a tile server."""
    from doorstep.web.dispatch_pages import _tile_origin

    assert _tile_origin("https://{s}.tiles.bank.cn/{z}/{x}/{y}.png") == "https://*.tiles.bank.cn"
    assert _tile_origin("http://10.0.0.5:8080/osm/{z}/{x}/{y}.png") == "http://10.0.0.5:8080"
    assert _tile_origin("/tiles/{z}/{x}/{y}.png") == ""
    assert _tile_origin("javascript:alert(1)//{z}") == ""
