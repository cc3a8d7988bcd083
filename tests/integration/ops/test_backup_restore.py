"""Backup and restore round trips on SQLite and PostgreSQL, and refusals of bad archives."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import delete, text, update

from doorstep.container import Container
from doorstep.ops.backup import BackupCorrupt, DatabaseNotEmpty, RestoreMismatch, sha256_file
from doorstep.store import tables as t
from doorstep.store.backup import create_backup, restore_backup, table_fingerprints
from doorstep.store.db import make_engine
from doorstep.store.schema import metadata
from tests.integration.ops.helpers import small_bank


def _evidence_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): sha256_file(p) for p in root.rglob("*") if p.is_file()}


def _wipe(c: Container) -> None:
    with c.engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def banked(container: Container) -> Container:
    small_bank(container)
    with container.engine.begin() as conn:  # a row every table type: audit chain, JSON, money
        assert conn.execute(text("SELECT count(*) FROM audit_events")).scalar_one() > 0
    return container


def test_round_trip_restores_every_table_and_evidence_file(banked: Container,
                                                           tmp_path: Path) -> None:
    """After backup, damage and restore --force, every table's row count and content hash and
    every evidence file's hash equal what they were at backup time."""
    c = banked
    before_tables = table_fingerprints(c.engine)
    before_files = _evidence_hashes(c.settings.evidence_dir)
    archive = tmp_path / "b.tar.gz"
    result = create_backup(c.engine, c.settings.evidence_dir, archive, c.clock.now())
    assert result.evidence_files == 2 and result.rows == sum(
        f.rows for f in before_tables.values())

    with c.engine.begin() as conn:  # damage: a changed amount, a deleted evidence row
        conn.execute(update(t.cases).values(overdue_amount=1))
        conn.execute(delete(t.evidence).where(t.evidence.c.id == t.evidence.c.id))
    next(c.settings.evidence_dir.rglob("*.png")).write_bytes(b"overwritten")
    (c.settings.evidence_dir / "stray.txt").write_text("not in the backup")
    assert table_fingerprints(c.engine) != before_tables

    manifest = restore_backup(c.engine, c.settings.evidence_dir, archive, force=True)
    assert table_fingerprints(c.engine) == before_tables == manifest.tables
    assert _evidence_hashes(c.settings.evidence_dir) == before_files
    assert manifest.evidence_count() == 2


def test_restore_refuses_a_non_empty_database_without_force(banked: Container,
                                                            tmp_path: Path) -> None:
    """Restoring over a database that holds rows is refused unless --force is given."""
    archive = tmp_path / "b.tar.gz"
    create_backup(banked.engine, banked.settings.evidence_dir, archive, banked.clock.now())
    with pytest.raises(DatabaseNotEmpty):
        restore_backup(banked.engine, banked.settings.evidence_dir, archive)
    before = table_fingerprints(banked.engine)
    _wipe(banked)
    restore_backup(banked.engine, banked.settings.evidence_dir, archive)  # empty: allowed
    assert table_fingerprints(banked.engine) == before


def test_sqlite_backup_restores_into_a_new_database_file(banked: Container,
                                                         tmp_path: Path) -> None:
    """A SQLite archive restores into a fresh file elsewhere with identical tables."""
    if banked.engine.dialect.name != "sqlite":
        pytest.skip("SQLite file copy")
    archive = tmp_path / "b.tar.gz"
    create_backup(banked.engine, banked.settings.evidence_dir, archive, banked.clock.now())
    target = make_engine(f"sqlite:///{tmp_path / 'new' / 'restored.db'}")
    try:
        restore_backup(target, tmp_path / "new-evidence", archive)
        assert table_fingerprints(target) == table_fingerprints(banked.engine)
    finally:
        target.dispose()
    assert _evidence_hashes(tmp_path / "new-evidence") == \
        _evidence_hashes(banked.settings.evidence_dir)


def _rewrite(archive: Path, out: Path, change: dict[str, bytes]) -> None:
    """Copy an archive member by member, replacing (or adding) the named members."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            data = change.pop(member.name, None)
            raw = src.extractfile(member).read() if data is None else data  # type: ignore[union-attr]
            member.size = len(raw)
            dst.addfile(member, io.BytesIO(raw))
        for name, data in change.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


def test_restore_refuses_tampered_corrupt_and_unsafe_archives(banked: Container,
                                                              tmp_path: Path) -> None:
    """A changed evidence file, an extra member, a path outside the archive or a truncated file
    is refused before anything in the database or the evidence directory is touched."""
    archive = tmp_path / "b.tar.gz"
    create_backup(banked.engine, banked.settings.evidence_dir, archive, banked.clock.now())
    with tarfile.open(archive) as tar:
        photo = next(n for n in tar.getnames() if n.startswith("evidence/"))
    before = table_fingerprints(banked.engine)
    bad = {"tampered": {photo: b"edited photo"}, "extra": {"evidence/extra.png": b"x"},
           "unsafe": {"../../etc/passwd": b"root"}, "database": {"database.sqlite": b"junk"}}
    for name, change in bad.items():
        out = tmp_path / f"{name}.tar.gz"
        _rewrite(archive, out, dict(change))
        with pytest.raises(BackupCorrupt):
            restore_backup(banked.engine, banked.settings.evidence_dir, out, force=True)
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[:2000])
    with pytest.raises(BackupCorrupt):
        restore_backup(banked.engine, banked.settings.evidence_dir, truncated, force=True)
    assert table_fingerprints(banked.engine) == before
    assert not (tmp_path.parent / "etc").exists()


def test_restore_refuses_an_archive_from_another_backend(container: Container,
                                                         tmp_path: Path) -> None:
    """A PostgreSQL archive is refused by a SQLite target (the dump formats differ)."""
    if container.engine.dialect.name == "sqlite":
        pytest.skip("needs a PostgreSQL archive")
    archive = tmp_path / "b.tar.gz"
    create_backup(container.engine, container.settings.evidence_dir, archive,
                  container.clock.now())
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(RestoreMismatch, match="archive is postgresql"):
        restore_backup(engine, tmp_path / "ev", archive)
    engine.dispose()
