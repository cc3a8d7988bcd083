"""数据接入 endpoints: upload a bank's file with its mapping (multipart), get the dry-run or
import report, the rejected rows as .xlsx, and the row count of each kind."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from doorstep.api.deps import ReadUowDep, UowDep, allow
from doorstep.api.errors import language_of
from doorstep.core.access import Permission, Principal
from doorstep.intake.mapping import Mapping, MappingError, identity_mapping, parse_mapping
from doorstep.intake.model import Kind
from doorstep.intake.rejects import write_rejects
from doorstep.intake.service import ImportOptions, import_file

router = APIRouter(prefix="/api/v1/data", tags=["data 数据接入"])
Importer = Annotated[Principal, allow(Permission.DATA_IMPORT)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def read_mapping(mapping: UploadFile | None, kind: Kind | None) -> Mapping:
    """The uploaded mapping file, or the identity mapping of an exported ``kind``."""
    if mapping is not None:
        try:
            return parse_mapping((await mapping.read(1 << 20)).decode("utf-8"))
        except UnicodeDecodeError:
            raise MappingError(problem="not UTF-8") from None
    if kind is None:
        raise MappingError(problem="upload a mapping file or name the kind")
    return identity_mapping(kind)


@contextmanager
def saved(upload: UploadFile) -> Iterator[Path]:
    """The upload on disk (copied in chunks), removed afterwards."""
    suffix = Path(upload.filename or "upload.csv").suffix or ".csv"
    with tempfile.TemporaryDirectory(prefix="doorstep-import-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            shutil.copyfileobj(upload.file, out, 1 << 20)
        yield path


@router.post("/imports")
async def import_upload(
    request: Request, uow: UowDep, principal: Importer, file: Annotated[UploadFile, File()],
    mapping: Annotated[UploadFile | None, File()] = None,
    kind: Annotated[Kind | None, Form()] = None,
    dry_run: Annotated[bool, Form()] = False,
    keep_good_rows: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    """Check and import a file through its mapping; all or nothing unless keep_good_rows."""
    m = await read_mapping(mapping, kind)
    with saved(file) as path:
        report = import_file(uow, principal, path, m, ImportOptions(dry_run, keep_good_rows),
                             file_name=file.filename)
        if report.status == "imported":  # a dry run or a rejected file is rolled back
            uow.commit()
    return report.public(language_of(request))


@router.post("/rejects", response_class=FileResponse)
async def rejected_rows(
    request: Request, uow: UowDep, principal: Importer, file: Annotated[UploadFile, File()],
    mapping: Annotated[UploadFile | None, File()] = None,
    kind: Annotated[Kind | None, Form()] = None,
) -> FileResponse:
    """The file's rows with problems as .xlsx, each problem beside its row (nothing written)."""
    m = await read_mapping(mapping, kind)
    folder = Path(tempfile.mkdtemp(prefix="doorstep-rejects-"))
    out = folder / "rejected_rows.xlsx"
    with saved(file) as path:
        report = import_file(uow, principal, path, m, ImportOptions(dry_run=True))
        if report.status == "imported":  # a dry run or a rejected file is rolled back
            uow.commit()
        write_rejects(path, m, report.errors, out, language_of(request))
    return FileResponse(out, media_type=XLSX, filename="rejected_rows.xlsx",
                        background=BackgroundTask(shutil.rmtree, folder, True))


@router.get("/stats")
def stats(uow: ReadUowDep, principal: Importer) -> dict[str, int]:
    """The row count of each kind."""
    return dict(uow.intake.stats())
