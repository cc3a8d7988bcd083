"""The administrator's data import page: upload → preview → dry run → import, rejected rows
as .xlsx, and who may not use it."""

from __future__ import annotations

import re
from pathlib import Path

from doorstep.container import Container
from doorstep.store.tables import customers
from tests.e2e.test_api_data import BAD, GOOD, _count, _files
from tests.e2e.web.conftest import Login, page_csrf


def test_admin_page_previews_dry_runs_then_imports(login: Login, container: Container,
                                                   tmp_path: Path) -> None:
    """Upload → the first rows as mapped (id masked) and a dry run that writes nothing →
    the import; the rejected rows of a bad file download as .xlsx."""
    client = login("admin")
    token = page_csrf(client.get("/admin/data").text)
    before = _count(container, customers)
    r = client.post("/admin/data/preview", data={"csrf_token": token}, files=_files(GOOD))
    assert r.status_code == 200, r.text[:300]
    assert "张伟" in r.text and "11010519491231002X" not in r.text and "110***" in r.text
    assert _count(container, customers) == before
    staged = re.search(r'name="token" value="([0-9a-f]{32})"', r.text)
    assert staged is not None
    done = client.post("/admin/data/import", data={"csrf_token": token,
                                                   "token": staged.group(1)})
    # a background job: the job page, done at once with the test broker, opens the report
    assert done.status_code == 200 and re.search(r"/admin/data/imports/\d+$", str(done.url))
    assert done.history[0].headers["location"].startswith("/jobs/")
    assert _count(container, customers) == before + 1
    bad = client.post("/admin/data/preview", data={"csrf_token": token}, files=_files(
        BAD.replace("C1,", "C9,")))
    link = re.search(r'href="(/admin/data/rejects/[0-9a-f]{32}\.xlsx)"', bad.text)
    assert link is not None and "校验位" in bad.text
    xlsx = client.get(link.group(1))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    again = re.search(r'name="token" value="([0-9a-f]{32})"', bad.text)
    assert again is not None
    kept = client.post("/admin/data/import", data={"csrf_token": token, "keep_good_rows": "true",
                                                   "token": again.group(1)})
    assert kept.status_code == 200 and "校验位" in kept.text
    assert _count(container, customers) == before + 2
    rejects = re.search(r'href="(/admin/data/imports/\d+/rejects\.xlsx)"', kept.text)
    assert rejects is not None
    xlsx = client.get(rejects.group(1))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_job_page_follows_a_queued_import_until_its_report(
        login: Login, container: Container) -> None:
    """With a real queue the import waits for a worker: the job page polls (数据导入, 排队中);
    once a worker ran it, the poll is told to open the import's report."""
    from doorstep.jobs.queue import JobQueue

    container._queue = JobQueue(container, f"sqlite:///{container.settings.evidence_dir.parent}"
                                           "/queue.db", name="doorstep-import-page")
    client = login("admin")
    token = page_csrf(client.get("/admin/data").text)
    r = client.post("/admin/data/preview", data={"csrf_token": token}, files=_files(GOOD))
    staged = re.search(r'name="token" value="([0-9a-f]{32})"', r.text)
    assert staged is not None
    page = client.post("/admin/data/import", data={"csrf_token": token,
                                                   "token": staged.group(1)})
    job = re.search(r"/jobs/(\d+)$", str(page.url))
    assert job is not None and 'hx-trigger="every 1s"' in page.text
    assert "数据导入" in page.text and "排队中" in page.text
    assert container.job_queue().drain() == 1
    part = client.get(f"/jobs/{job.group(1)}", headers={"HX-Request": "true"})
    assert part.headers["HX-Redirect"] == f"/admin/data/imports/{job.group(1)}"
    report = client.get(part.headers["HX-Redirect"])
    assert report.status_code == 200 and 'data-testid="report"' in report.text


def test_page_refuses_other_roles_and_forms_without_csrf(login: Login) -> None:
    """A dispatcher cannot open the page; an admin's post without the CSRF token is refused."""
    client = login("dispatcher")
    assert client.get("/admin/data").status_code == 403
    client.post("/logout", data={"csrf_token": page_csrf(client.get("/").text)})
    admin = login("admin")
    r = admin.post("/admin/data/preview", files=_files(GOOD))
    assert r.status_code == 403
    assert admin.get("/admin/data/rejects/../../etc.xlsx").status_code in (403, 404)
