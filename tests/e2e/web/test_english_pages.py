"""With English chosen, the chrome of every page (headings, table heads, labels, buttons, menu)
holds no Chinese character; only data the bank entered (names, addresses, notes) may."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from fastapi.testclient import TestClient
from sqlalchemy import select

from doorstep.container import Container
from doorstep.store import tables as t
from tests.e2e.web.conftest import Login, page_csrf

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60]")
CHROME = {"h1", "h2", "h3", "th", "label", "button", "nav", "legend", "summary", "dt",
          "caption", "title"}
#: Elements inside the chrome that carry data (a select's options are teams, branches, ...).
DATA = {"option", "textarea", "script", "style"}
#: Every page of this half of the web layer, by a role allowed to see it.
PAGES: dict[str, tuple[str, ...]] = {
    "analyst": ("/", "/cases", "/cases/{case}", "/customers/{customer}", "/casebook",
                "/evaluation", "/no-such-page"),
    "programme_manager": ("/", "/approvals", "/complaints", "/agreements/waivers",
                          "/evaluation"),
    "auditor": ("/", "/audit"),
    "dispatcher": ("/", "/cases", "/dispatch", "/teams/{team}/agenda"),
    "field_staff": ("/", "/field", "/field/cases/{case}"),
    "trainer": ("/", "/casebook/new"), "legal_officer": ("/",), "admin": ("/",),
}


class _Chrome(HTMLParser):
    """Collects the text inside chrome elements, leaving out data-bearing children."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in {"input", "br", "meta", "link", "img", "hr"}:
            self.open.append(tag)
        for name, value in attrs:
            if name in {"placeholder", "aria-label", "title"} and value:
                self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if CHROME & set(self.open) and not DATA & set(self.open) and data.strip():
            self.texts.append(data.strip())


def _bank_data(container: Container) -> list[str]:
    """Words the bank entered: names of branches, people, teams; addresses; complaint text."""
    columns = [t.branches.c.name, t.branches.c.district, t.branches.c.address,
               t.customers.c.name, t.staff.c.name, t.teams.c.name, t.users.c.display_name,
               t.plans.c.name]
    words = {container.settings.bank_name}
    with container.engine.connect() as conn:
        for column in columns:
            words |= {str(v) for v in conn.execute(select(column)).scalars() if v}
    return sorted(words, key=len, reverse=True)


def _chinese_chrome(html: str, data: list[str]) -> list[str]:
    parser = _Chrome()
    parser.feed(html)
    found = []
    for text in parser.texts:
        for word in data:
            text = text.replace(word, "")
        if CJK.search(text):
            found.append(text)
    return found


def test_english_pages_show_no_chinese_chrome(client: TestClient, login: Login,
                                              container: Container,
                                              seeded: dict[str, int]) -> None:
    """Every page rendered in English shows its headings, labels, buttons and menu in English."""
    found: dict[str, list[str]] = {}
    for role, paths in PAGES.items():
        login(role)
        client.get("/lang/en", params={"next": "/"}, follow_redirects=False)
        data = _bank_data(container)
        for path in paths:
            r = client.get(path.format(**seeded))
            assert r.status_code in (200, 404), (role, path, r.status_code)
            assert "<h1" in r.text or "<h2" in r.text, (role, path)
            assert r.status_code == 404 or ("Log out" in r.text and ">Today<" in r.text), path
            if chinese := _chinese_chrome(r.text, data):
                found[f"{role} {path}"] = chinese
        client.cookies.clear()
    assert found == {}


def test_public_appointment_link_is_english_when_chosen(client: TestClient,
                                                        container: Container) -> None:
    """The customer's appointment page (an unknown link) speaks English when English is chosen."""
    client.cookies.set("lang", "en")
    r = client.get("/a/not-a-real-token")
    assert r.status_code == 404 and "This link is not valid" in r.text
    assert _chinese_chrome(r.text, [container.settings.bank_name]) == []
    assert not CJK.search(r.text.split('data-testid="link-message">')[1].split("<")[0])


def test_the_check_finds_chinese_chrome(client: TestClient, login: Login) -> None:
    """The page check itself flags a Chinese heading (the default language shows them)."""
    login("analyst")
    r = client.get("/cases")
    assert _chinese_chrome(r.text, []) != []


def test_refused_input_is_explained_in_english(client: TestClient, login: Login,
                                               seeded: dict[str, int]) -> None:
    """A reveal without a purpose and a non-numeric team id are refused in English."""
    login("field_staff")
    client.cookies.set("lang", "en")
    url = f"/customers/{seeded['customer']}"
    page = client.get(url)
    r = client.post(f"{url}/reveal/phone", data={"purpose": ""},
                    headers={"HX-Request": "true", "X-CSRF-Token": page_csrf(page.text)})
    assert r.status_code == 422 and "Please give the purpose of viewing" in r.text
    assert "13812345678" not in r.text and "请填写查看用途" not in r.text
    login("dispatcher")
    client.cookies.set("lang", "en")
    case_url = f"/cases/{seeded['case']}"
    page = client.get(case_url)
    r = client.post(f"{case_url}/transition", data={
        "command": "assign", "version": "1", "team_id": "x", "csrf_token": page_csrf(page.text)})
    assert r.status_code == 422 and "The team id must be a number" in r.text
