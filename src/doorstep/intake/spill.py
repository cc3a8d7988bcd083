"""The check's per-row state on disk, so that memory stays flat in the file's size: each
record's key and content digests and each unsettled reference go to a private temporary
SQLite database (deleted on close) in batches; duplicates and dangling references are then
found set-based there, with SQLite's small page cache as the only memory they take."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

from doorstep.intake.model import ORDER, Kind

BATCH = 10_000
CHUNK = 5_000  # referenced values asked of the database at a time
_SCHEMA = """
CREATE TABLE keys (kind INTEGER, digest INTEGER, content INTEGER, row INTEGER);
CREATE TABLE refs (kind INTEGER, field TEXT, col TEXT, value TEXT, digest INTEGER,
                   row INTEGER);
CREATE TABLE missing (kind INTEGER, value TEXT, PRIMARY KEY (kind, value));
"""


class Spill:
    """Key digests and unsettled references of the rows checked so far."""

    def __init__(self) -> None:
        # "" is SQLite's private temporary on-disk database, removed when closed
        self.db = sqlite3.connect("", isolation_level=None)
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                              "PRAGMA cache_size=-8192;" + _SCHEMA)
        self._keys: list[tuple[int, int, int, int]] = []
        self._refs: list[tuple[int, str, str, str, int, int]] = []

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def key(self, kind: Kind, digest: int, content: int, row: int) -> None:
        self._keys.append((ORDER.index(kind), digest, content, row))
        if len(self._keys) >= BATCH:
            self.flush()

    def ref(self, kind: Kind, field: str, column: str, value: str, digest: int,
            row: int) -> None:
        self._refs.append((ORDER.index(kind), field, column, value, digest, row))
        if len(self._refs) >= BATCH:
            self.flush()

    def flush(self) -> None:
        self.db.execute("BEGIN")
        self.db.executemany("INSERT INTO keys VALUES (?, ?, ?, ?)", self._keys)
        self.db.executemany("INSERT INTO refs VALUES (?, ?, ?, ?, ?, ?)", self._refs)
        self.db.execute("COMMIT")
        self._keys, self._refs = [], []

    def index(self) -> None:
        """Indexes for the final queries, built once after the last row."""
        self.flush()
        self.db.execute("CREATE INDEX keys_by_digest ON keys (kind, digest, content, row)")
        self.db.execute("CREATE INDEX refs_by_value ON refs (kind, value)")

    def duplicates(self, kind: Kind) -> Iterator[tuple[int, int]]:
        """(row, the first other row with the same key and different data), by row."""
        k = ORDER.index(kind)
        yield from self.db.execute(
            "SELECT a.row, (SELECT min(b.row) FROM keys b WHERE b.kind = a.kind"
            " AND b.digest = a.digest AND b.content <> a.content)"
            " FROM keys a WHERE a.kind = ? AND a.digest IN (SELECT digest FROM keys"
            " WHERE kind = ? GROUP BY digest HAVING count(DISTINCT content) > 1)"
            " ORDER BY a.row", (k, k))

    def dangling(self, kind: Kind, exists_in_db: Callable[[Kind, list[str]], set[str]]
                 ) -> Iterator[Any]:
        """(row, column, field, value) of each reference to ``kind`` found neither in the
        file nor, asked in chunks, in the database; by row."""
        k = ORDER.index(kind)
        values = self.db.execute(
            "SELECT DISTINCT value FROM refs r WHERE kind = ? AND NOT EXISTS (SELECT 1 FROM"
            " keys k WHERE k.kind = r.kind AND k.digest = r.digest) ORDER BY value", (k,))
        while chunk := [v for (v,) in values.fetchmany(CHUNK)]:
            found = exists_in_db(kind, chunk)
            self.db.executemany("INSERT INTO missing VALUES (?, ?)",
                                [(k, v) for v in chunk if v not in found])
        yield from self.db.execute(
            "SELECT r.row, r.col, r.field, r.value FROM refs r JOIN missing m"
            " ON m.kind = r.kind AND m.value = r.value WHERE r.kind = ? ORDER BY r.row, r.col",
            (k,))
