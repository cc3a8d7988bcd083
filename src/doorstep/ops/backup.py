"""Backup archives: one tar.gz holding the database dump, the evidence files and a manifest.

The manifest lists the SHA-256 of every other member and, per table, the row count and a content
hash taken at backup time; restore refuses an archive whose members do not match it and checks
the restored tables against it. Pure apart from reading and writing the archive file.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import N_, codes

FORMAT = "doorstep-backup/1"
MANIFEST = "manifest.json"
EVIDENCE_PREFIX = "evidence/"

codes({
    "backup.corrupt": N_("The backup is corrupt or tampered with: %(detail)s"),
    "backup.not_empty": N_("The target database is not empty (%(tables)s); add --force to "
                           "overwrite"),
    "backup.mismatch": N_("The restored data differs from the backup manifest: %(detail)s"),
    "backup.tool_missing": N_("%(tool)s not found; install the PostgreSQL client tools"),
})


class BackupCorrupt(DoorstepError):
    code = "backup.corrupt"
    http_status = 422


class DatabaseNotEmpty(DoorstepError):
    code = "backup.not_empty"
    http_status = 409


class RestoreMismatch(DoorstepError):
    code = "backup.mismatch"
    http_status = 500


class ToolMissing(DoorstepError):
    code = "backup.tool_missing"
    http_status = 500


@dataclass(frozen=True)
class TableFingerprint:
    """A table's row count and the SHA-256 of its rows in primary-key order."""

    rows: int
    sha256: str


@dataclass
class Manifest:
    """What an archive holds: the database dump's kind and every member's hash."""

    dialect: str
    database_member: str
    created_at: str
    tables: dict[str, TableFingerprint] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> bytes:
        body = {"format": FORMAT, "dialect": self.dialect, "created_at": self.created_at,
                "database_member": self.database_member, "files": self.files,
                "tables": {k: {"rows": v.rows, "sha256": v.sha256}
                           for k, v in sorted(self.tables.items())}}
        return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            body = json.loads(raw)
            if body.get("format") != FORMAT:
                raise BackupCorrupt(detail=f"unknown format {body.get('format')!r}")
            tables = {k: TableFingerprint(int(v["rows"]), str(v["sha256"]))
                      for k, v in body["tables"].items()}
            return cls(dialect=body["dialect"], database_member=body["database_member"],
                       created_at=body["created_at"], tables=tables, files=dict(body["files"]))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupCorrupt(detail=f"unreadable manifest ({type(exc).__name__})") from None

    def evidence_count(self) -> int:
        return sum(1 for name in self.files if name.startswith(EVIDENCE_PREFIX))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fingerprint_rows(rows: Iterator[Mapping[str, Any]]) -> TableFingerprint:
    """Row count and content hash of rows given in a stable order."""
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        line = json.dumps({k: _plain(v) for k, v in row.items()}, sort_keys=True, default=str)
        digest.update(line.encode() + b"\n")
        count += 1
    return TableFingerprint(count, digest.hexdigest())


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat() if value.tzinfo is None else \
            value.isoformat()
    if isinstance(value, bytes | memoryview):
        return hashlib.sha256(bytes(value)).hexdigest()
    return value


def evidence_files(root: Path) -> list[tuple[str, Path]]:
    """Every file under the evidence directory as (archive member name, path), sorted."""
    if not root.is_dir():
        return []
    found = [p for p in root.rglob("*") if p.is_file() and not p.name.endswith(".part")]
    return sorted((EVIDENCE_PREFIX + p.relative_to(root).as_posix(), p) for p in found)


def write_archive(out: Path, manifest: Manifest, members: list[tuple[str, Path]]) -> None:
    """The archive: manifest first, then every member; hashes are filled into the manifest."""
    for name, path in members:
        manifest.files[name] = sha256_file(path)
    tmp = out.with_name(out.name + ".part")
    with tarfile.open(tmp, "w:gz") as tar:
        raw = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(raw)
        tar.addfile(info, io.BytesIO(raw))
        for name, path in members:
            tar.add(path, arcname=name, recursive=False)
    tmp.replace(out)


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name != ""


def read_archive(archive: Path, into: Path) -> Manifest:
    """Unpack into ``into`` after checking every member against the manifest; raise if not."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            names = [m.name for m in members]
            if not names or names[0] != MANIFEST:
                raise BackupCorrupt(detail="manifest missing")
            bad = [m.name for m in members if not (m.isfile() and _safe_name(m.name))]
            if bad:
                raise BackupCorrupt(detail=f"unsafe member {bad[0]!r}")
            raw = tar.extractfile(members[0])
            manifest = Manifest.from_json(raw.read() if raw else b"")
            tar.extractall(into, members=members[1:], filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupCorrupt(detail=f"unreadable archive ({type(exc).__name__})") from None
    _check_members(manifest, into, set(names[1:]))
    return manifest


def _check_members(manifest: Manifest, root: Path, present: set[str]) -> None:
    listed = set(manifest.files)
    if present != listed:
        extra = sorted(present ^ listed)[0]
        raise BackupCorrupt(detail=f"member {extra!r} not as listed in the manifest")
    if manifest.database_member not in listed:
        raise BackupCorrupt(detail="database dump missing")
    for name, expected in manifest.files.items():
        if sha256_file(root / name) != expected:
            raise BackupCorrupt(detail=f"checksum of {name!r} differs")
