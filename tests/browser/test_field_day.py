"""Browser at phone size: a field team walks one visit from the agenda to a repayment plan."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from doorstep.container import Container
from doorstep.store import tables as t
from tests import factories as f
from tests import visit_factories as vf
from tests.browser.serving import ARGS, CHROMIUM, serving

pytestmark = pytest.mark.browser


@pytest.fixture
def field_server(container: Container) -> Iterator[tuple[str, vf.Field]]:
    """The real app in a thread over a team with one scheduled visit today."""
    fx = vf.field_setup(container)
    with serving(container) as base:
        yield base, fx


def _jpeg(tmp: Path) -> Path:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 80, 40)).save(buf, "JPEG")
    path = tmp / "door.jpg"
    path.write_bytes(buf.getvalue())
    return path


def _field_staff_on_a_phone(browser: Any, base: str) -> tuple[Any, Any, list[str]]:
    """A 390×844 phone at the customer's door, clock at 10:05, logged in as field1."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                              geolocation={"latitude": 22.5405, "longitude": 114.06},
                              permissions=["geolocation"])
    page = ctx.new_page()
    page.clock.install(time="2026-11-02T02:05:00Z")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/login?next=/field")
    page.fill("input[name=username]", "field1")
    page.fill("input[name=password]", f.PASSWORD)
    page.click("button[type=submit]")
    return ctx, page, errors


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_team_records_a_visit_with_a_repayment_plan(field_server: tuple[str, vf.Field],
                                                    container: Container,
                                                    tmp_path: Path) -> None:
    """Agenda → check-in → record → JPEG upload → repayment plan: case monitored, audited."""
    from playwright.sync_api import expect, sync_playwright

    base, fx = field_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            ctx, page, errors = _field_staff_on_a_phone(browser, base)
            expect(page.locator("[data-testid=agenda] li")).to_have_count(1)
            page.click("[data-testid=open-visit]")
            expect(page.locator("[data-testid=brief]")).to_contain_text("****")
            page.click("[data-testid=check-in]")
            expect(page.locator("[data-testid=check-in-result]")).to_contain_text("距客户地址")
            page.check("[data-testid=staff-1]")
            page.check("[data-testid=staff-2]")
            page.fill("textarea[name=findings]", "客户因失业暂时无力还款，愿意分期")
            page.fill("textarea[name=customer_account]", "收入中断三个月")
            page.fill("input[name=signed_note]", "本人确认以上记录属实")
            page.set_input_files("[data-testid=files]", str(_jpeg(tmp_path)))
            page.select_option("[data-testid=outcome]", "repayment_plan")
            page.fill("[data-testid=instalments]", "2026-11-20 4000\n2026-12-20 4000")
            page.click("[data-testid=submit]")
            expect(page.locator("[data-testid=submit-result]")).to_contain_text("monitoring")
            page.screenshot(path=str(tmp_path / "field-phone.png"), full_page=True)
            assert errors == []
        finally:
            browser.close()
    with container.engine.connect() as conn:
        state = conn.execute(select(t.cases.c.state).where(t.cases.c.id == fx.case)).scalar()
        actions = list(conn.execute(select(t.audit_events.c.action)).scalars())
        kinds = list(conn.execute(select(t.evidence.c.content_type)).scalars())
        n_instalments = len(conn.execute(select(t.instalments)).all())
    assert state == "monitoring" and n_instalments == 2 and kinds == ["image/jpeg"]
    assert {"visit.check_in", "visit.record", "case.record_visit", "case.monitor"} <= set(actions)


IDB_COUNT = """() => new Promise((resolve, reject) => {
  const req = indexedDB.open("doorstep-field", 1);
  req.onupgradeneeded = () => req.result.createObjectStore("files");
  req.onsuccess = () => {
    const count = req.result.transaction("files").objectStore("files").count();
    count.onsuccess = () => resolve(count.result);
    count.onerror = () => reject(count.error);
  };
  req.onerror = () => reject(req.error);
})"""


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_offline_record_keeps_its_files_across_a_closed_page(
        field_server: tuple[str, vf.Field], container: Container, tmp_path: Path) -> None:
    """Submitted offline, the page closed: a reopened page sends the record with its photo once."""
    from playwright.sync_api import expect, sync_playwright

    base, fx = field_server
    visit_url = f"{base}/field/cases/{fx.case}?appointment={fx.appointment}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            ctx, page, errors = _field_staff_on_a_phone(browser, base)
            page.goto(visit_url)
            page.click("[data-testid=check-in]")
            expect(page.locator("[data-testid=check-in-result]")).to_contain_text("距客户地址")
            page.check("[data-testid=staff-1]")
            page.check("[data-testid=staff-2]")
            page.fill("textarea[name=findings]", "客户已当面了解罚息计算")
            page.fill("input[name=signed_note]", "本人确认以上记录属实")
            page.select_option("[data-testid=outcome]", "resolved_explained")
            page.set_input_files("[data-testid=files]", str(_jpeg(tmp_path)))
            expect(page.locator("[data-testid=files-kept]")).to_contain_text("1")
            ctx.set_offline(True)
            page.click("[data-testid=submit]")
            expect(page.locator("[data-testid=submit-result]")).to_contain_text("网络不可用")
            assert page.evaluate(IDB_COUNT) == 1
            page.close()
            ctx.set_offline(False)
            again = ctx.new_page()
            again.on("pageerror", lambda e: errors.append(str(e)))
            again.goto(visit_url)
            expect(again.locator("[data-testid=submit-result]")).to_contain_text("resolved")
            expect(again.locator("[data-testid=files-kept]")).to_have_text("")
            assert again.evaluate(IDB_COUNT) == 0
            assert errors == []
        finally:
            browser.close()
    with container.engine.connect() as conn:
        visits = conn.execute(select(t.visits.c.id)).scalars().all()
        kinds = list(conn.execute(select(t.evidence.c.content_type)).scalars())
    assert len(visits) == 1 and kinds == ["image/jpeg"]


def _large_jpeg(tmp: Path) -> Path:
    """A 4000×3000 phone photo of about 10 MB (noise does not compress)."""
    import numpy as np
    from PIL import Image

    pixels = np.random.default_rng(16).integers(0, 256, (3000, 4000, 3), dtype=np.uint8)
    path = tmp / "IMG_0001.jpg"
    Image.fromarray(pixels).save(path, "JPEG", quality=95)
    return path


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_a_large_photo_is_shrunk_on_the_phone_before_upload(
        field_server: tuple[str, vf.Field], container: Container, tmp_path: Path) -> None:
    """A 12-megapixel photo chosen in the field form is stored as a JPEG of at most 1600
    pixels on its longer side, several times smaller than the file on the phone."""
    from PIL import Image
    from playwright.sync_api import expect, sync_playwright

    from doorstep.visits.records.config import file_store

    base, fx = field_server
    photo = _large_jpeg(tmp_path)
    original = photo.stat().st_size
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            ctx, page, errors = _field_staff_on_a_phone(browser, base)
            page.goto(f"{base}/field/cases/{fx.case}?appointment={fx.appointment}")
            page.click("[data-testid=check-in]")
            expect(page.locator("[data-testid=check-in-result]")).to_contain_text("距客户地址")
            page.check("[data-testid=staff-1]")
            page.check("[data-testid=staff-2]")
            page.fill("textarea[name=findings]", "客户已当面了解罚息计算")
            page.fill("input[name=signed_note]", "本人确认以上记录属实")
            page.select_option("[data-testid=outcome]", "resolved_explained")
            page.set_input_files("[data-testid=files]", str(photo))
            page.click("[data-testid=submit]")
            expect(page.locator("[data-testid=submit-result]")).to_contain_text(
                "resolved", timeout=30_000)
            assert errors == []
        finally:
            browser.close()
    with container.engine.connect() as conn:
        row = conn.execute(select(t.evidence.c.content_type, t.evidence.c.size,
                                  t.evidence.c.storage_key)).one()
    stored = file_store(container.settings).get(row.storage_key)
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "JPEG" and max(img.size) <= 1600
    assert row.content_type == "image/jpeg" and row.size == len(stored)
    assert original > 5_000_000 and len(stored) < original / 4, (original, len(stored))
