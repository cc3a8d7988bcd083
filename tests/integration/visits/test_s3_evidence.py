"""Evidence files in S3-compatible object storage, against a local S3 server (moto, started as
a subprocess): the same FileStore port as the local disk, chosen by DOORSTEP_EVIDENCE_STORE."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from doorstep.container import Container
from doorstep.core.settings import Settings
from doorstep.http.visit_schemas import parse_record, to_submission
from doorstep.ops.retention import RetentionSchedule
from doorstep.store import tables as t
from doorstep.store.retention import run_purge
from doorstep.visits.evidence.s3 import S3FileStore
from doorstep.visits.records import service
from doorstep.visits.records.config import field_params, file_store
from doorstep.visits.records.model import Upload
from tests import factories as f
from tests import visit_factories as vf

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
KEYS = {"access_key": "test-access", "secret_key": "test-secret"}


@pytest.fixture(scope="module")
def s3_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A moto S3 server on a free local port, stopped after the module."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(tmp_path_factory.mktemp("moto") / "moto.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                             str(port)], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("moto S3 server did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def _store(url: str, bucket: str, prefix: str = "") -> S3FileStore:
    store = S3FileStore(bucket, prefix, endpoint_url=url, **KEYS)
    store.client.create_bucket(Bucket=bucket)
    return store


def test_put_get_delete_round_trip(s3_url: str) -> None:
    """A put returns a fresh key under the given prefix; get returns the bytes; delete removes
    the object; a missing key reads as FileNotFoundError; a key escaping the prefix is refused."""
    store = _store(s3_url, "roundtrip", prefix="bank-a/evidence")
    key = store.put("visit/7", ".jpg", JPEG)
    assert key.startswith("visit/7/") and key.endswith(".jpg")
    assert store.get(key) == JPEG
    listed = store.client.list_objects_v2(Bucket="roundtrip")["Contents"]
    assert [o["Key"] for o in listed] == [f"bank-a/evidence/{key}"]
    assert store.put("visit/7", ".jpg", JPEG) != key
    store.delete(key)
    with pytest.raises(FileNotFoundError):
        store.get(key)
    with pytest.raises(ValueError, match="bad storage key"):
        store.get("../other-bank/secret.pdf")


def test_visit_evidence_goes_to_the_bucket(container: Container, s3_url: str,
                                           tmp_path: Path) -> None:
    """With DOORSTEP_EVIDENCE_STORE=s3 a submitted visit's photo is an object in the bucket,
    readable by another server's store, and nothing is written to the local evidence folder."""
    settings = Settings(environment="test", database_url=container.settings.database_url,
                        evidence_dir=tmp_path / "evidence", evidence_store="s3",
                        s3_endpoint_url=s3_url, s3_bucket="visits", s3_access_key="test-access",
                        s3_secret_key="test-secret")
    files = file_store(settings)
    assert isinstance(files, S3FileStore)
    files.client.create_bucket(Bucket="visits")
    fx = vf.field_setup(container)
    sub = to_submission(parse_record(json.dumps(vf.record(fx))), [Upload("door.jpg", JPEG)])
    result = service.submit_visit(container.uow, f.principal(container, "field1"), sub,
                                  container.policy, field_params(settings), files)
    assert result.case_state == "resolved"
    objects = files.client.list_objects_v2(Bucket="visits")["Contents"]
    assert len(objects) == 1
    other_server = file_store(settings)
    assert other_server.get(objects[0]["Key"]) == JPEG
    assert not (tmp_path / "evidence").exists()


def test_retention_purge_deletes_expired_objects(container: Container, s3_url: str,
                                                tmp_path: Path) -> None:
    """The retention purge removes an expired evidence row and then its object in the bucket,
    through the same port; a recent one keeps its row and its object."""
    store = _store(s3_url, "retention")
    c = container
    ft = f.branch(c)
    # A case closed long ago: evidence of live cases is held whatever its age.
    case_id = f.case(c, f.customer(c, ft, "张伟"), ft, state="resolved",
                     closed_at=datetime(2024, 6, 1), updated_at=datetime(2024, 6, 1))
    keys = {}
    for name, at in (("old", datetime(2024, 10, 1)), ("recent", datetime(2026, 10, 1))):
        keys[name] = store.put(f"case-{case_id}", ".png", b"\x89PNG photo")
        with c.engine.begin() as conn:
            conn.execute(insert(t.evidence).values(
                visit_id=None, case_id=case_id, kind="photo", filename="门牌.png",
                content_type="image/png", size=10,
                sha256=hashlib.sha256(b"\x89PNG photo").hexdigest(), storage_key=keys[name],
                uploaded_at=at, uploaded_by="field1"))
    report = run_purge(c.engine, tmp_path / "unused", RetentionSchedule(), c.clock.now(),
                       actor="system:test", dry_run=False, files=store)
    assert report.files == [keys["old"]]
    with pytest.raises(FileNotFoundError):
        store.get(keys["old"])
    assert store.get(keys["recent"]) == b"\x89PNG photo"
    with c.engine.connect() as conn:
        assert list(conn.execute(select(t.evidence.c.storage_key)).scalars()) == [keys["recent"]]


def test_an_import_job_reads_its_upload_from_the_bucket(container: Container, s3_url: str,
                                                        tmp_path: Path) -> None:
    """With the S3 store an upload is streamed into the bucket before the import job runs;
    the job reads it from there, keeps the rejected rows there, and removes the upload."""
    import io

    from doorstep.core.access import Principal, Role
    from doorstep.core.clock import FixedClock
    from doorstep.jobs.imports import REJECTS, UPLOADS, submit_import
    from tests.e2e.test_api_data import BAD, MAPPING

    settings = Settings(environment="test", database_url=container.settings.database_url,
                        evidence_dir=tmp_path / "evidence", evidence_store="s3",
                        s3_endpoint_url=s3_url, s3_bucket="imports", **{
                            f"s3_{k}": v for k, v in KEYS.items()})
    c = Container.build(settings, clock=FixedClock())
    files = file_store(settings)
    assert isinstance(files, S3FileStore)
    files.client.create_bucket(Bucket="imports")
    admin = Principal(user_id=0, username="admin", role=Role.ADMIN, branch_id=None)
    job_id = submit_import(c, admin, io.BytesIO(BAD.encode("gbk")), "c.csv", MAPPING, False)
    with c.uow(write=False) as uow:
        job = uow.jobs.get(job_id)
    assert job is not None and job.state == "done", job
    assert job.result["report"]["status"] == "rejected"
    keys = [o["Key"] for o in files.client.list_objects_v2(Bucket="imports")["Contents"]]
    assert [k for k in keys if k.startswith(UPLOADS)] == []
    assert keys == [job.result["rejects_key"]] and keys[0].startswith(REJECTS)
    out = tmp_path / "rejects.xlsx"
    files.get_to(keys[0], out)
    assert out.read_bytes()[:2] == b"PK" and not (tmp_path / "evidence").exists()
