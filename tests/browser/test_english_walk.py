"""Browser: every demo role chooses English with the language switch and walks every page of
its main navigation; the page chrome (headings, table headers, labels, buttons, navigation and
the options of a choice) holds no CJK character. Data the bank entered (names of people,
branches, teams, plans, courses) may be Chinese: it is taken out before the check, as are
options that pick a record by its id."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import String, Text, func, select

from doorstep.container import Container
from doorstep.core.access import PERMISSIONS
from doorstep.core.clock import FixedClock
from doorstep.core.settings import Settings
from doorstep.demo import load_demo
from doorstep.demo.context import DEMO_PASSWORD
from doorstep.demo.users import DEMO_USERS
from doorstep.store.migrate import upgrade
from doorstep.store.schema import metadata
from doorstep.web.rendering import NAV
from tests.browser.serving import ARGS, CHROMIUM, log_in, serving

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is missing")]

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")
CHROME = "h1, h2, h3, th, label, button, nav, option"
#: Columns that hold what the bank entered: shown as entered, in any language.
DATA_COLUMNS = {"name", "title", "display_name", "place", "trainer", "mediator"}
#: One login per role (the second dispatcher and field worker see what the first ones see).
ROLES = tuple(u for u in DEMO_USERS if u.username not in ("dispatcher_ns", "field2"))
#: The base URL, the bank's data strings, the first id of some tables.
Demo = tuple[str, set[str], dict[str, int]]
#: Pages reached from the menu pages, as (role, path with the first record's id).
DETAILS = (("manager", "/screening/strategies"), ("manager", "/screening/runs/{screening_runs}"),
           ("manager", "/plans/new"), ("manager", "/plans/{plans}"),
           ("manager", "/plans/{plans}/edit"), ("trainer", "/training/certificates"),
           ("trainer", "/training/recommendations"), ("trainer", "/training/courses/{courses}"),
           ("trainer", "/training/sessions/{training_sessions}"),
           ("legal", "/legal/cases/{legal_mediations}"))


def _walk() -> list[Any]:
    params = []
    for user in ROLES:
        for href, permission in NAV:
            if user.role not in PERMISSIONS[permission]:
                continue
            params.append(pytest.param(user.username, href, id=f"{user.username}:{href}"))
    return params


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The app over a small demo bank (its own database), the bank's data strings, and the
    first id of the tables :data:`DETAILS` needs."""
    folder = tmp_path_factory.mktemp("english")
    url = f"sqlite:///{folder / 'demo.db'}"
    upgrade(url)
    container = Container.build(Settings(environment="test", database_url=url,
                                         evidence_dir=folder / "evidence"), clock=FixedClock())
    load_demo(container.engine, customers=300, seed=7, cipher=container.cipher)
    data: set[str] = set()
    ids: dict[str, int] = {}
    with container.engine.connect() as conn:
        for name in ("screening_runs", "plans", "courses", "training_sessions"):
            ids[name] = conn.scalar(select(func.min(metadata.tables[name].c.id)))
        ids["legal_mediations"] = conn.scalar(
            select(func.min(metadata.tables["legal_mediations"].c.case_id)))
        for table in metadata.sorted_tables:
            for column in table.columns:
                if column.name in DATA_COLUMNS and isinstance(column.type, String | Text):
                    data.update(v for v in conn.scalars(select(column).distinct())
                                if isinstance(v, str) and v)
    with serving(container) as base:
        yield base, data, ids
    container.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def english_pages(demo: Demo,
                  browser: Any) -> Iterator[Callable[[str], Any]]:
    """One page per role, logged in, English chosen with the switch in the top bar."""
    base = demo[0]
    pages: dict[str, Any] = {}

    def page_of(username: str) -> Any:
        if username not in pages:
            page = browser.new_context(locale="zh-CN").new_page()
            log_in(page, f"{base}/login", username, DEMO_PASSWORD)
            page.wait_for_url(f"{base}/")
            page.click(".lang a")  # the switch: English
            page.wait_for_selector("html[lang=en]")
            pages[username] = page
        return pages[username]

    yield page_of
    for page in pages.values():
        page.context.close()


def _chinese_chrome(page: Any, data: set[str]) -> list[str]:
    texts: list[str] = page.eval_on_selector_all(
        CHROME, """els => els
            .filter(e => !(e.tagName === 'OPTION' && /^[0-9]+$/.test(e.value)))
            .map(e => e.tagName.toLowerCase() + ': ' + e.innerText)""")
    found = []
    longest_first = sorted(data, key=len, reverse=True)
    for text in texts:
        rest = text
        for value in longest_first:
            if value in rest:
                rest = rest.replace(value, "")
        if CJK.search(rest):
            found.append(text.strip()[:120])
    return found


@pytest.mark.parametrize(("username", "href"), _walk())
def test_the_chrome_speaks_english(username: str, href: str, demo: Demo,
                                   english_pages: Callable[[str], Any]) -> None:
    base, data, _ids = demo
    page = english_pages(username)
    response = page.goto(f"{base}{href}")
    assert response is not None and response.status == 200, href
    assert page.locator("html").get_attribute("lang") == "en"
    assert _chinese_chrome(page, data) == []


@pytest.mark.parametrize(("username", "path"), DETAILS, ids=[f"{u}:{p}" for u, p in DETAILS])
def test_the_pages_behind_the_menu_speak_english(
        username: str, path: str, demo: Demo,
        english_pages: Callable[[str], Any]) -> None:
    base, data, ids = demo
    page = english_pages(username)
    response = page.goto(base + path.format(**ids))
    assert response is not None and response.status == 200, path
    assert _chinese_chrome(page, data) == []


def test_the_check_sees_chinese_chrome(demo: Demo, browser: Any) -> None:
    """The same page in Chinese fails the check: the walk above is not vacuous."""
    base, data, _ids = demo
    page = browser.new_context(locale="zh-CN").new_page()
    try:
        log_in(page, f"{base}/login", "manager", DEMO_PASSWORD)
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/plans")
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        assert any(text.startswith("th: ") for text in _chinese_chrome(page, data))
    finally:
        page.context.close()


def test_every_role_walks_at_least_one_of_these_pages() -> None:
    walked = {p.values[0] for p in _walk()}
    assert walked == {u.username for u in ROLES}
