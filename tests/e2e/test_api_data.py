"""数据接入 over the API: the multipart import and its attackers, the rejected rows as .xlsx."""

from __future__ import annotations

import io
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.store.tables import accounts, customers
from doorstep.store.tables_intake import import_runs
from doorstep.store.tables_legal import legal_events
from tests import factories as f
from tests.e2e.conftest import token_for
from tests.integration.intake.conftest import EXAMPLES
from tests.integration.legal.legal_setup import escalated_case

MAPPING = """
[[target]]
kind = "customers"
[target.fields]
customer_no = "客户号"
name = "姓名"
national_id = "身份证号"
branch_code = { value = "FT01" }
"""
GOOD = "客户号,姓名,身份证号\nC1,张伟,11010519491231002X\n"
BAD = GOOD + "C2,李静,110105194912310021\n"


def _files(data: str) -> dict[str, tuple[str, bytes]]:
    return {"file": ("c.csv", data.encode("gbk")), "mapping": ("m.toml", MAPPING.encode())}


def _count(c: Container, table: object) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def imported(client: TestClient, headers: dict[str, str], r: Any) -> dict[str, Any]:
    """Follow an import job (202 + Location) to its report (the test broker runs it at once)."""
    assert r.status_code == 202, r.text
    job = client.get(r.headers["Location"], headers=headers).json()
    assert job["state"] == "done" and job["kind"] == "data.import", job
    assert job["result_page"] == f"/admin/data/imports/{job['id']}"
    report = client.get(job["result_url"], headers=headers)
    assert report.status_code == 200, report.text
    body: dict[str, Any] = report.json()
    return body


def test_api_import_reports_per_row_in_chinese_or_english(client: TestClient,
                                                         container: Container) -> None:
    """A bad row refuses the whole file with its row, column and message; English on request;
    keep_good_rows imports the rest; the stats count them."""
    admin = token_for(client, "admin")
    before = _count(container, customers)
    r = client.post("/api/v1/data/imports", headers=admin, files=_files(BAD))
    body = imported(client, admin, r)
    assert body["status"] == "rejected" and body["rejected"] == 1
    assert body["errors"][0]["row"] == 2 and body["errors"][0]["column"] == "身份证号"
    assert "校验位" in body["errors"][0]["message"]
    english = admin | {"Accept-Language": "en"}
    en = client.get(r.headers["Location"].replace("jobs", "data/imports"), headers=english)
    assert "check digit" in en.json()["errors"][0]["message"]
    assert _count(container, customers) == before
    xlsx = client.get(body["rejects_url"], headers=admin)
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(xlsx.content)).active.rows]
    assert rows[1][0] == "C2" and "校验位" in rows[1][-1]
    kept = imported(client, admin, client.post("/api/v1/data/imports", headers=admin,
                                               files=_files(BAD),
                                               data={"keep_good_rows": "true"}))
    assert kept["status"] == "imported" and kept["inserted"] == 1
    stats = client.get("/api/v1/data/stats", headers=admin).json()
    assert stats["customers"] == before + 1


def test_rejected_rows_download_has_the_problem_beside_each_row(client: TestClient) -> None:
    """The rejects endpoint returns an .xlsx of the bad rows with 行号 and 问题 columns."""
    r = client.post("/api/v1/data/rejects", headers=token_for(client, "admin"), files=_files(BAD))
    assert r.status_code == 200
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(r.content)).active.rows]
    assert rows[0][-2:] == ["行号", "问题"]
    assert rows[1][0] == "C2" and rows[1][-2] == 2 and "校验位" in rows[1][-1]


def test_least_privileged_roles_cannot_import_or_read_counts(client: TestClient,
                                                            container: Container) -> None:
    """Field staff, analysts and auditors get 403 with a message, and nothing is written."""
    runs = _count(container, import_runs)
    for role in ("field_staff", "analyst", "auditor", "programme_manager"):
        h = token_for(client, role)
        r = client.post("/api/v1/data/imports", headers=h, files=_files(GOOD))
        assert r.status_code == 403 and r.json()["error"]["message"]
        assert client.get("/api/v1/data/stats", headers=h).status_code == 403
    assert client.post("/api/v1/data/imports", files=_files(GOOD)).status_code == 401
    assert _count(container, import_runs) == runs


def test_a_dry_run_answers_at_once_and_writes_nothing(client: TestClient,
                                                      container: Container) -> None:
    """dry_run stays synchronous: 200 with the report, no job, nothing imported."""
    admin = token_for(client, "admin")
    before = _count(container, customers), _count(container, import_runs)
    r = client.post("/api/v1/data/imports", headers=admin, files=_files(GOOD),
                    data={"dry_run": "true"})
    assert r.status_code == 200 and r.json()["status"] == "dry_run" and r.json()["rows"] == 1
    assert "Location" not in r.headers
    assert (_count(container, customers), _count(container, import_runs)) == before


def test_the_upload_is_kept_in_the_file_store_until_the_job_has_run(
        client: TestClient, container: Container) -> None:
    """Submitted to a queue no worker reads yet, the import is 'queued' with its upload in the
    file store; a worker runs it once (a second send changes nothing) and removes the upload;
    a field officer cannot read the report."""
    from doorstep.jobs.queue import JobQueue

    admin = token_for(client, "admin")
    container._queue = JobQueue(container, f"sqlite:///{container.settings.evidence_dir.parent}"
                                           "/queue.db", name="doorstep-import-test")
    before = _count(container, customers)
    r = client.post("/api/v1/data/imports", headers=admin, files=_files(GOOD))
    assert r.status_code == 202 and r.json()["state"] == "queued"
    uploads = container.settings.evidence_dir / "imports" / "uploads"
    assert len(list(uploads.iterdir())) == 1 and _count(container, customers) == before
    job_id = r.json()["id"]
    container.job_queue().send(job_id)
    assert container.job_queue().drain() == 2
    job = client.get(r.headers["Location"], headers=admin).json()
    assert job["state"] == "done" and job["attempts"] == 1
    assert list(uploads.iterdir()) == [] and _count(container, customers) == before + 1
    report = client.get(job["result_url"], headers=admin).json()
    assert report["inserted"] == 1 and report["rejects_url"] is None
    field = token_for(client, "field_staff")
    assert client.get(job["result_url"], headers=field).status_code == 403


LEGAL = (EXAMPLES / "mappings" / "legal_events.toml").read_text(encoding="utf-8")


def test_court_events_imported_over_the_api_show_on_the_legal_case(
        client: TestClient, container: Container, seeded: dict[str, int]) -> None:
    """An administrator imports the legal system's events for an escalated case's account;
    the legal officer sees them on the case's legal page and in the legal API; a legal
    officer may not import them (403, nothing written)."""
    f.user(container, "legal_ft", Role.LEGAL_OFFICER, "FT01")
    case = escalated_case(container, seeded["ft"], seeded["customer"], seeded["team"])
    with container.engine.connect() as conn:
        account_no = conn.execute(select(accounts.c.account_no).where(
            accounts.c.customer_id == seeded["customer"])).scalar_one()
    data = ("案号,事项,日期,法院,账号,客户号,金额\n"
            f"(2026)粤0304民初1234号,立案,2026-09-01,福田区人民法院,{account_no},,12000\n"
            f"(2026)粤0304民初1234号,判决,2026-11-20,福田区人民法院,{account_no},,11850\n")
    files = {"file": ("l.csv", data.encode("gb18030")), "mapping": ("m.toml", LEGAL.encode())}
    denied = client.post("/api/v1/data/imports", headers=token_for(client, "legal_officer"),
                         files=files)
    assert denied.status_code == 403 and _count(container, legal_events) == 0
    admin = token_for(client, "admin")
    r = client.post("/api/v1/data/imports", headers=admin, files=files)
    assert imported(client, admin, r)["inserted"] == 2
    officer = token_for(client, "legal_officer")
    body = client.get(f"/api/v1/legal/cases/{case.case_id}", headers=officer).json()
    assert [(e["event"], e["amount"]) for e in body["court_events"]] == [
        ("filing", "12000.00"), ("judgment", "11850.00")]
    page = client.get(f"/legal/cases/{case.case_id}", headers=officer)
    assert page.status_code == 200
    assert "(2026)粤0304民初1234号" in page.text and "判决" in page.text
