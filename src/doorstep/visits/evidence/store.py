"""Where evidence files live: a :class:`FileStore` port with a local-disk default."""

from __future__ import annotations

import errno
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Protocol

from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import N_, codes

codes({
    "evidence.storage_full": N_("Evidence storage is full; the upload was not saved and the "
                                "record was not submitted. Try again later or contact an "
                                "administrator"),
})

#: Errors that mean "no room": a full disk, a quota, or a file-size limit.
NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


class StorageFull(DoorstepError):
    """The evidence store has no room; nothing was kept (HTTP 507 Insufficient Storage)."""

    code = "evidence.storage_full"
    http_status = 507


class FileStore(Protocol):
    def put(self, prefix: str, suffix: str, data: bytes) -> str:
        """Store ``data`` under a new unique key and return the key."""
        ...

    def get(self, key: str) -> bytes:
        """The bytes stored under ``key``."""
        ...

    def delete(self, key: str) -> None:
        """Remove ``key`` if present (used to undo a failed submission)."""
        ...

    def put_stream(self, prefix: str, suffix: str, source: BinaryIO) -> str:
        """Store what ``source`` holds (read in chunks, never whole) under a new key."""
        ...

    def get_to(self, key: str, target: Path) -> None:
        """Copy what is stored under ``key`` into the file ``target`` (in chunks)."""
        ...


class LocalFileStore:
    """Files under one directory, written atomically (temp file, fsync, rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"bad storage key {key!r}")
        return path

    def put(self, prefix: str, suffix: str, data: bytes) -> str:
        return self._write(prefix, suffix, lambda fh: fh.write(data))

    def put_stream(self, prefix: str, suffix: str, source: BinaryIO) -> str:
        return self._write(prefix, suffix, lambda fh: shutil.copyfileobj(source, fh, 1 << 20))

    def _write(self, prefix: str, suffix: str, fill: Callable[[BinaryIO], object]) -> str:
        key = f"{prefix}/{uuid.uuid4().hex}{suffix}"
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        try:
            with open(tmp, "wb") as fh:
                fill(fh)
                fh.flush()
                os.fsync(fh.fileno())
            tmp.replace(path)
        except BaseException as exc:
            tmp.unlink(missing_ok=True)  # never leave a half-written file behind
            if isinstance(exc, OSError) and exc.errno in NO_ROOM:
                raise StorageFull(os.strerror(exc.errno)) from exc
            raise
        return key

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def get_to(self, key: str, target: Path) -> None:
        with self._path(key).open("rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)
