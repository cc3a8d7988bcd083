"""The administrator's data import page: upload → the first 20 rows as mapped → dry-run
report (rejected rows downloadable as .xlsx) → import."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from doorstep.api.deps import ContainerDep, ReadUowDep, UowDep
from doorstep.api.errors import language_of
from doorstep.container import Container
from doorstep.core.access import Permission, Principal
from doorstep.intake import staging
from doorstep.intake.mapping import MappingError, identity_mapping, parse_mapping
from doorstep.intake.model import FIELDS, Kind
from doorstep.intake.preview import preview
from doorstep.intake.rejects import write_rejects
from doorstep.intake.service import ImportOptions, import_file
from doorstep.web import intake_text  # noqa: F401  (registers the page's strings)
from doorstep.web.guards import page, page_form
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)
Admin = Annotated[Principal, page(Permission.DATA_IMPORT)]
AdminForm = Annotated[Principal, page_form(Permission.DATA_IMPORT)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _root(c: Container) -> Path:
    return c.settings.evidence_dir.parent / "imports"


def _mapping_text(text: str):  # type: ignore[no-untyped-def]
    if text.startswith("identity:"):
        return identity_mapping(Kind(text.removeprefix("identity:")))
    return parse_mapping(text)


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
    m = _mapping_text(text)
    token = staging.stage(_root(container), file.filename or "upload.csv", file.file, text)
    path, _, name = staging.staged(_root(container), token)
    report = import_file(uow, principal, path, m, ImportOptions(dry_run=True), file_name=name)
    if report.status == "imported":  # a dry run or a rejected file is rolled back
        uow.commit()
    return render(request, "intake/preview.html", {
        "token": token, "name": name, "previews": preview(path, m),
        "report": report.public(language_of(request))})


@router.post("/admin/data/import")
async def data_import(request: Request, uow: UowDep, container: ContainerDep,
                      principal: AdminForm, token: Annotated[str, Form()],
                      keep_good_rows: Annotated[bool, Form()] = False) -> Response:
    """Import the staged file for real (all or nothing unless good rows only is ticked)."""
    path, text, name = staging.staged(_root(container), token)
    report = import_file(uow, principal, path, _mapping_text(text),
                         ImportOptions(keep_good_rows=keep_good_rows), file_name=name)
    if report.status == "imported":  # a dry run or a rejected file is rolled back
        uow.commit()
    if report.status != "rejected":
        staging.discard(_root(container), token)
    return render(request, "intake/done.html", {"report": report.public(language_of(request)),
                                                "counts": uow.intake.stats()})


@router.get("/admin/data/rejects/{token}.xlsx")
def data_rejects(request: Request, uow: UowDep, container: ContainerDep,
                 principal: Admin, token: str) -> Response:
    """The staged file's rows with problems as .xlsx, the problem beside each row."""
    path, text, _ = staging.staged(_root(container), token)
    m = _mapping_text(text)
    report = import_file(uow, principal, path, m, ImportOptions(dry_run=True))
    if report.status == "imported":  # a dry run or a rejected file is rolled back
        uow.commit()
    out = Path(tempfile.mkstemp(suffix=".xlsx")[1])
    write_rejects(path, m, report.errors, out, language_of(request))
    return FileResponse(out, media_type=XLSX, filename="rejected_rows.xlsx",
                        background=BackgroundTask(out.unlink, True))
