"""Disk full during an evidence upload: a clear 507 in Chinese, no partial file, no row, and
the same submission succeeds once there is room again."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from doorstep.app import create_app
from doorstep.container import Container
from doorstep.core.settings import Settings
from doorstep.store import tables as t
from doorstep.store.migrate import upgrade
from tests import factories as f
from tests import visit_factories as vf
from tests.e2e.test_visit_crash import Server, _body, _token

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60


def _photo(size: int) -> bytes:
    return JPEG + b"\x5a" * (size - len(JPEG))


def _stored(url: str, key: str) -> tuple[int, int]:
    """(visit rows with the key, evidence rows) in the database."""
    c = Container.build(Settings(environment="test", database_url=url))
    with c.engine.connect() as conn:
        visits = conn.execute(select(func.count()).select_from(t.visits).where(
            t.visits.c.idempotency_key == key)).scalar_one()
        evidence = conn.execute(select(func.count()).select_from(t.evidence)).scalar_one()
    c.engine.dispose()
    return int(visits), int(evidence)


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _assert_refused(r: Any) -> None:
    assert r.status_code == 507, r.text
    error = r.json()["error"]
    assert error["code"] == "evidence.storage_full"
    assert "存储空间不足" in error["message"] and "未提交" in error["message"]


def test_file_size_limit_refuses_cleanly_and_retry_succeeds(tmp_path: Path) -> None:
    """EFBIG from the kernel (RLIMIT_FSIZE on the app process) gives 507 and leaves nothing."""
    url = f"sqlite:///{tmp_path / 'disk.db'}"
    upgrade(url)
    c = Container.build(Settings(environment="test", database_url=url,
                                 evidence_dir=tmp_path / "evidence"))
    fx = vf.field_setup(c)
    c.engine.dispose()
    server = Server(url, tmp_path)
    server.start()
    assert server.proc is not None
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    try:
        token = _token(server)
        resource.prlimit(server.proc.pid, resource.RLIMIT_FSIZE, (4 * 1024 * 1024, hard))
        key = f"disk-{uuid.uuid4()}"
        files = [("files", ("a.jpg", _photo(2048), "image/jpeg")),
                 ("files", ("b.jpg", _photo(6 * 1024 * 1024), "image/jpeg"))]
        headers = {"Authorization": f"Bearer {token}"}
        r = httpx.post(f"{server.base}/api/v1/visits", data=_body(fx, fx.case, key),
                       files=files, headers=headers, timeout=30)
        _assert_refused(r)
        assert _stored(url, key) == (0, 0)
        assert _files(tmp_path / "evidence") == []
        resource.prlimit(server.proc.pid, resource.RLIMIT_FSIZE, (soft, hard))
        again = httpx.post(f"{server.base}/api/v1/visits", data=_body(fx, fx.case, key),
                           files=files[:1], headers=headers, timeout=30)
        assert again.status_code == 201, again.text
        assert _stored(url, key) == (1, 1) and len(_files(tmp_path / "evidence")) == 1
    finally:
        server.kill()


def _mount_tiny_tmpfs(path: Path) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(path)],
                          capture_output=True)
    return done.returncode == 0


def test_full_tmpfs_refuses_cleanly(container: Container, tmp_path: Path) -> None:
    """ENOSPC on a real 1 MB tmpfs gives 507 in Chinese; no file, visit or evidence row."""
    evidence = container.settings.evidence_dir
    if not _mount_tiny_tmpfs(evidence):
        pytest.skip("mounting a tmpfs needs root")
    try:
        fx = vf.field_setup(container)
        with TestClient(create_app(container), raise_server_exceptions=False) as client:
            r = client.post("/api/v1/auth/token", json={"username": "field1",
                                                        "password": f.PASSWORD})
            auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
            record = vf.record(fx, key="tmpfs-full-0001")
            r = client.post("/api/v1/visits", headers=auth,
                            data={"record": json.dumps(record)},
                            files=[("files", ("big.jpg", _photo(2 * 1024 * 1024),
                                              "image/jpeg"))])
            _assert_refused(r)
        assert _files(evidence) == []
        assert _stored(container.settings.database_url, "tmpfs-full-0001") == (0, 0)
    finally:
        subprocess.run(["umount", str(evidence)], check=False)


STORE_PROBE = """
import resource, sys
from pathlib import Path
from doorstep.visits.evidence.store import LocalFileStore, StorageFull
resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY))
try:
    LocalFileStore(Path(sys.argv[1])).put("case-1", ".jpg", b"x" * 200_000)
except StorageFull as exc:
    print("refused", exc.code)
"""


def test_store_refuses_and_removes_the_partial_file(tmp_path: Path) -> None:
    """The file store turns EFBIG into StorageFull and deletes its half-written temp file."""
    done = subprocess.run([sys.executable, "-c", STORE_PROBE, str(tmp_path / "ev")],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "refused evidence.storage_full", done.stderr
    assert (tmp_path / "ev" / "case-1").is_dir() and _files(tmp_path / "ev") == []
