"""Data intake endpoints: upload a bank's file with its mapping (multipart) to import it as a
background job (or dry-run it at once), the import's report and rejected rows as .xlsx, and
the row count of each kind."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from doorstep.api.routers.jobs import JobPublic, accepted, job_public
from doorstep.core.access import Permission, Principal
from doorstep.core.errors import NotFound
from doorstep.core.i18n import Msg
from doorstep.http.deps import ContainerDep, ReadUowDep, UowDep, allow
from doorstep.http.language import language_of
from doorstep.intake.mapping import Mapping, MappingError, identity_mapping, parse_mapping
from doorstep.intake.model import Kind
from doorstep.intake.rejects import write_rejects
from doorstep.intake.service import ImportOptions, import_file
from doorstep.jobs import service as jobs
from doorstep.jobs.imports import files_of, import_result, mapping_of, report_from, submit_import

router = APIRouter(prefix="/api/v1/data", tags=["data"])
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


async def _mapping_text(mapping: UploadFile | None, kind: Kind | None) -> str:
    """The uploaded mapping's text, or ``identity:<kind>`` (checked before a job starts)."""
    if mapping is not None:
        try:
            text = (await mapping.read(1 << 20)).decode("utf-8")
        except UnicodeDecodeError:
            raise MappingError(problem="not UTF-8") from None
    elif kind is None:
        raise MappingError(problem="upload a mapping file or name the kind")
    else:
        text = f"identity:{kind.value}"
    mapping_of(text)
    return text


@router.post("/imports", response_model=None)
async def import_upload(
    request: Request, response: Response, container: ContainerDep, principal: Importer,
    file: Annotated[UploadFile, File()],
    mapping: Annotated[UploadFile | None, File()] = None,
    kind: Annotated[Kind | None, Form()] = None,
    dry_run: Annotated[bool, Form()] = False,
    keep_good_rows: Annotated[bool, Form()] = False,
) -> dict[str, Any] | JobPublic:
    """Import a file through its mapping as a background job: ``202 Accepted`` with the job's
    ``Location``; its ``result_url`` is the import's report. All or nothing unless
    keep_good_rows. A dry run checks and counts at once (``200`` with the report)."""
    text = await _mapping_text(mapping, kind)
    lang = language_of(request)
    if dry_run:
        with saved(file) as path, container.uow() as uow:
            report = import_file(uow, principal, path, mapping_of(text),
                                 ImportOptions(dry_run=True, keep_good_rows=keep_good_rows),
                                 file_name=file.filename)
        return report.public(lang)
    job_id = submit_import(container, principal, file.file, file.filename or "upload.csv",
                           text, keep_good_rows)
    accepted(response, job_id)
    with container.uow(write=False) as uow:
        return job_public(jobs.view(uow, principal, job_id), lang)


@router.get("/imports/{job_id}")
def import_report(job_id: int, request: Request, uow: ReadUowDep,
                  principal: Importer) -> dict[str, Any]:
    """The report of an import job: counts per kind and the problems by row and column in
    your language; ``rejects_url`` is the rejected rows as .xlsx when there are any."""
    result = import_result(uow, principal, job_id)
    body = report_from(result["report"]).public(language_of(request))
    body["rejects_url"] = (f"/api/v1/data/imports/{job_id}/rejects.xlsx"
                           if result.get("rejects_key") else None)
    return body


@router.get("/imports/{job_id}/rejects.xlsx", response_class=FileResponse)
def import_rejects(job_id: int, uow: ReadUowDep, container: ContainerDep,
                   principal: Importer) -> FileResponse:
    """The rejected rows of an import job as .xlsx, the problem beside each row."""
    key = import_result(uow, principal, job_id).get("rejects_key")
    if not key:
        raise NotFound(entity=Msg("Rejected rows"), id=job_id)
    folder = Path(tempfile.mkdtemp(prefix="doorstep-rejects-"))
    out = folder / "rejected_rows.xlsx"
    files_of(container).get_to(str(key), out)
    return FileResponse(out, media_type=XLSX, filename="rejected_rows.xlsx",
                        background=BackgroundTask(shutil.rmtree, folder, True))


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
