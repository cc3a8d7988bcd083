"""Where evidence files live: a :class:`FileStore` port with a local-disk default."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Protocol


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
        key = f"{prefix}/{uuid.uuid4().hex}{suffix}"
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
        return key

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)
