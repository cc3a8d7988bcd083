"""The administrator's data import page: upload → the first 20 rows as mapped → dry-run
report (rejected rows downloadable as .xlsx) → import as a background job, followed on the
job page → the import's report."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.background import BackgroundTask

from doorstep.container import Container
from doorstep.core.access import Permission, Principal
from doorstep.core.errors import NotFound
from doorstep.core.i18n import Msg
from doorstep.http.deps import ContainerDep, ReadUowDep, UowDep
from doorstep.http.language import language_of
from doorstep.intake import staging
from doorstep.intake.mapping import MappingError
from doorstep.intake.model import FIELDS, Kind
from doorstep.intake.preview import preview
from doorstep.intake.rejects import write_rejects
from doorstep.intake.service import ImportOptions, import_file
from doorstep.jobs.imports import (
    files_of,
    import_result,
    mapping_of,
    report_from,
    submit_import,
)
from doorstep.web.guards import page, page_form
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)
Admin = Annotated[Principal, page(Permission.DATA_IMPORT)]
AdminForm = Annotated[Principal, page_form(Permission.DATA_IMPORT)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _root(c: Container) -> Path:
    return c.settings.evidence_dir.parent / "imports"


@router.get("/admin/data")
def data_page(request: Request, uow: ReadUowDep, principal: Admin) -> Response:
    """The upload form and the record count of each kind."""
    return render(request, "intake/index.html", {"counts": uow.intake.stats(),
                                                 "kinds": [k.value for k in Kind]})


@router.post("/admin/data/preview")
async def data_preview(request: Request, uow: UowDep, container: ContainerDep,
                       principal: AdminForm, file: Annotated[UploadFile, File()],
                       mapping: Annotated[UploadFile | None, File()] = None,
                       kind: Annotated[str, Form()] = "") -> Response:
    """Stage the upload, show its first rows as mapped and the dry-run report."""
    if mapping is not None and mapping.filename:
        text = (await mapping.read(1 << 20)).decode("utf-8", errors="replace")
    elif kind in FIELDS:
        text = f"identity:{kind}"
    else:
        raise MappingError(problem="upload a mapping file or choose a kind")
    m = mapping_of(text)
    token = staging.stage(_root(container), file.filename or "upload.csv", file.file, text)
    path, _, name = staging.staged(_root(container), token)
    report = import_file(uow, principal, path, m, ImportOptions(dry_run=True), file_name=name)
    if report.status == "imported":  # a dry run or a rejected file is rolled back
        uow.commit()
    return render(request, "intake/preview.html", {
        "token": token, "name": name, "previews": preview(path, m),
        "report": report.public(language_of(request))})


@router.post("/admin/data/import")
async def data_import(container: ContainerDep, principal: AdminForm,
                      token: Annotated[str, Form()],
                      keep_good_rows: Annotated[bool, Form()] = False) -> Response:
    """Import the staged file for real as a background job (all or nothing unless good rows
    only is ticked): the upload goes to the file store, the job page follows it and opens
    the import's report when it is done."""
    path, text, name = staging.staged(_root(container), token)
    with path.open("rb") as source:
        job_id = submit_import(container, principal, source, name, text, keep_good_rows)
    staging.discard(_root(container), token)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


@router.get("/admin/data/imports/{job_id}")
def import_report(request: Request, uow: ReadUowDep, principal: Admin,
                  job_id: int) -> Response:
    """What an import job did: the counts, the problems, the rejected rows to download."""
    result = import_result(uow, principal, job_id)
    return render(request, "intake/done.html", {
        "report": report_from(result["report"]).public(language_of(request)),
        "counts": uow.intake.stats(), "job_id": job_id,
        "rejects_url": f"/admin/data/imports/{job_id}/rejects.xlsx"
        if result.get("rejects_key") else None})


@router.get("/admin/data/imports/{job_id}/rejects.xlsx")
def import_rejects(uow: ReadUowDep, container: ContainerDep, principal: Admin,
                   job_id: int) -> Response:
    """The import job's rejected rows as .xlsx (kept in the file store)."""
    key = import_result(uow, principal, job_id).get("rejects_key")
    if not key:
        raise NotFound(entity=Msg("Rejected rows"), id=job_id)
    out = Path(tempfile.mkstemp(suffix=".xlsx")[1])
    files_of(container).get_to(str(key), out)
    return FileResponse(out, media_type=XLSX, filename="rejected_rows.xlsx",
                        background=BackgroundTask(out.unlink, True))


@router.get("/admin/data/rejects/{token}.xlsx")
def data_rejects(request: Request, uow: UowDep, container: ContainerDep,
                 principal: Admin, token: str) -> Response:
    """The staged file's rows with problems as .xlsx, the problem beside each row."""
    path, text, _ = staging.staged(_root(container), token)
    m = mapping_of(text)
    report = import_file(uow, principal, path, m, ImportOptions(dry_run=True))
    if report.status == "imported":  # a dry run or a rejected file is rolled back
        uow.commit()
    out = Path(tempfile.mkstemp(suffix=".xlsx")[1])
    write_rejects(path, m, report.errors, out, language_of(request))
    return FileResponse(out, media_type=XLSX, filename="rejected_rows.xlsx",
                        background=BackgroundTask(out.unlink, True))
