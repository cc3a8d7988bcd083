"""Uploads kept between the preview and the import on the admin page: a folder per random
token under the var directory, holding the data file and its mapping text."""

from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path
from typing import BinaryIO

from doorstep.core.errors import NotFound

_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_SUFFIXES = {".csv", ".txt", ".xlsx", ".xlsm", ".parquet", ".pq"}


def stage(root: Path, filename: str, data: BinaryIO, mapping_text: str) -> str:
    """Copy the upload (in chunks) and its mapping under a new token; the token."""
    token = secrets.token_hex(16)
    folder = root / token
    folder.mkdir(parents=True)
    suffix = Path(filename).suffix.lower()
    with (folder / f"data{suffix if suffix in _SUFFIXES else '.csv'}").open("wb") as out:
        shutil.copyfileobj(data, out, 1 << 20)
    (folder / "mapping.toml").write_text(mapping_text, encoding="utf-8")
    (folder / "name.txt").write_text(Path(filename).name[:200], encoding="utf-8")
    return token


def staged(root: Path, token: str) -> tuple[Path, str, str]:
    """The staged data file, mapping text and original file name of ``token``."""
    folder = root / token
    if not _TOKEN.match(token) or not folder.is_dir():
        raise NotFound(entity="upload", id=token[:32])
    data = next(p for p in folder.iterdir() if p.name.startswith("data"))
    return (data, (folder / "mapping.toml").read_text(encoding="utf-8"),
            (folder / "name.txt").read_text(encoding="utf-8"))


def discard(root: Path, token: str) -> None:
    if _TOKEN.match(token):
        shutil.rmtree(root / token, ignore_errors=True)
