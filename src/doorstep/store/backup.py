"""Backup and restore of the database and the evidence directory (SQLite and PostgreSQL).

SQLite is copied with the online backup API (consistent while the app runs); PostgreSQL with
``pg_dump -Fc`` and ``pg_restore --clean``. Every table is fingerprinted at backup time and again
after restore; a restore that does not reproduce the fingerprints is reported as failed.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy.engine import make_url

from doorstep.ops.backup import (
    EVIDENCE_PREFIX,
    DatabaseNotEmpty,
    Manifest,
    RestoreMismatch,
    TableFingerprint,
    ToolMissing,
    evidence_files,
    fingerprint_rows,
    read_archive,
    write_archive,
)
from doorstep.store.db import make_engine
from doorstep.store.schema import metadata


@dataclass(frozen=True)
class BackupResult:
    archive: Path
    tables: int
    rows: int
    evidence_files: int


def table_fingerprints(engine: Engine) -> dict[str, TableFingerprint]:
    """Row count and content hash of every table of ours present in the database."""
    with engine.connect() as conn:
        return _fingerprints(conn)


def _fingerprints(conn: Connection) -> dict[str, TableFingerprint]:
    present = set(inspect(conn).get_table_names())
    out: dict[str, TableFingerprint] = {}
    for table in metadata.sorted_tables:
        if table.name in present:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(select(table).order_by(*order)).mappings()
            out[table.name] = fingerprint_rows(dict(r) for r in rows)
    return out


def non_empty_tables(engine: Engine) -> list[str]:
    """Our tables that hold at least one row."""
    present = set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        return [t.name for t in metadata.sorted_tables if t.name in present
                and conn.execute(select(text("1")).select_from(t).limit(1)).first()]


def create_backup(engine: Engine, evidence_dir: Path, out: Path, now: datetime) -> BackupResult:
    """Write one archive with the database dump, every evidence file and the manifest."""
    dialect = engine.dialect.name
    with tempfile.TemporaryDirectory(prefix="doorstep-backup-") as tmp:
        member = "database.sqlite" if dialect == "sqlite" else "database.pgdump"
        dump = Path(tmp) / member
        fingerprints = _dump(engine, dump)
        manifest = Manifest(dialect=dialect, database_member=member, created_at=now.isoformat(),
                            tables=fingerprints)
        files = [(member, dump), *evidence_files(evidence_dir)]
        out.parent.mkdir(parents=True, exist_ok=True)
        write_archive(out, manifest, files)
    return BackupResult(out, len(fingerprints), sum(f.rows for f in fingerprints.values()),
                        len(files) - 1)


def restore_backup(engine: Engine, evidence_dir: Path, archive: Path, *,
                   force: bool = False) -> Manifest:
    """Check the archive, then replace the database and the evidence directory with it."""
    with tempfile.TemporaryDirectory(prefix="doorstep-restore-") as tmp:
        manifest = read_archive(archive, Path(tmp))
        if manifest.dialect != engine.dialect.name:
            raise RestoreMismatch(detail=f"archive is {manifest.dialect}, "
                                         f"target is {engine.dialect.name}")
        busy = non_empty_tables(engine)
        if busy and not force:
            raise DatabaseNotEmpty(tables=", ".join(busy[:5]))
        dump = Path(tmp) / manifest.database_member
        if manifest.dialect == "sqlite":
            engine.dispose()
            _sqlite_copy(dump, _sqlite_path(engine))
        else:
            engine.dispose()
            _run("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                 "-d", _libpq_url(engine), str(dump))
        _replace_evidence(Path(tmp) / EVIDENCE_PREFIX.rstrip("/"), evidence_dir)
    engine.dispose()
    _verify(engine, manifest)
    return manifest


def _dump(engine: Engine, dump: Path) -> dict[str, TableFingerprint]:
    """Dump the database and fingerprint exactly what was dumped."""
    if engine.dialect.name == "sqlite":
        _sqlite_copy(_sqlite_path(engine), dump)
        copy = make_engine(f"sqlite:///{dump}")
        try:
            return table_fingerprints(copy)
        finally:
            copy.dispose()
    with engine.connect() as conn:  # one snapshot for pg_dump and the fingerprints
        conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        _run("pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(dump),
             _libpq_url(engine))
        return _fingerprints(conn)


def _verify(engine: Engine, manifest: Manifest) -> None:
    restored = table_fingerprints(engine)
    for name, expected in manifest.tables.items():
        if restored.get(name) != expected:
            raise RestoreMismatch(detail=f"table {name}")


def _replace_evidence(source: Path, evidence_dir: Path) -> None:
    if evidence_dir.exists():
        shutil.rmtree(evidence_dir)
    if source.is_dir():
        shutil.copytree(source, evidence_dir)
    else:
        evidence_dir.mkdir(parents=True, exist_ok=True)


def _sqlite_path(engine: Engine) -> str:
    database = engine.url.database
    if not database or database == ":memory:":
        raise RestoreMismatch(detail="an in-memory SQLite database cannot be backed up")
    return database


def _sqlite_copy(source: str | Path, target: str | Path) -> None:
    """Page-by-page copy with SQLite's online backup API (safe while others read/write)."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _libpq_url(engine: Engine) -> str:
    url = make_url(engine.url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _run(tool: str, *args: str) -> None:
    if shutil.which(tool) is None:
        raise ToolMissing(tool=tool)
    done = subprocess.run([tool, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RestoreMismatch(detail=f"{tool} failed: {done.stderr.strip()[:300]}")
