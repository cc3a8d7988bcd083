"""Imports as a background job (``data.import``): the upload is kept in the file store before
the job is submitted, so any worker on any machine can read it; the job runs the import
service, keeps the rejected rows as .xlsx in the file store, and leaves the import's report
in its result, where the API, the page and the CLI read it in their user's language.

The import is exactly-once by the job's own transaction (its commit marks the job done) and by
the import's rule that the same file twice changes nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from doorstep.intake.mapping import Mapping, identity_mapping, parse_mapping
from doorstep.intake.model import Kind, RowError

if TYPE_CHECKING:
    from doorstep.container import Container
    from doorstep.core.access import Principal
    from doorstep.core.uow import UnitOfWork
    from doorstep.intake.service import ImportReport
    from doorstep.jobs.runner import JobContext
    from doorstep.visits.evidence.store import FileStore

KIND = "data.import"
#: The job's result names this entity; its id is the job's own id.
RESULT_KIND = "data_import"
#: Where uploads and rejected-row files live in the file store.
UPLOADS, REJECTS = "imports/uploads", "imports/rejects"
#: The problems a report keeps (every bad row is still counted).
ERRORS_KEPT = 200
_SUFFIXES = {".csv", ".txt", ".xlsx", ".xlsm", ".parquet", ".pq"}


def mapping_of(text: str) -> Mapping:
    """A mapping from its TOML text, or ``identity:<kind>`` for a file `data export` wrote."""
    if text.startswith("identity:"):
        return identity_mapping(Kind(text.removeprefix("identity:")))
    return parse_mapping(text)


def suffix_of(file_name: str) -> str:
    suffix = Path(file_name).suffix.lower()
    return suffix if suffix in _SUFFIXES else ".csv"


def files_of(container: Container) -> FileStore:
    from doorstep.visits.records.config import file_store

    return file_store(container.settings)


def submit_import(container: Container, principal: Principal, source: BinaryIO,
                  file_name: str, mapping_text: str, keep_good_rows: bool) -> int:
    """Keep the upload in the file store, then start the import job; the job's id.

    Who may import is checked before anything is stored."""
    from doorstep.core.access import Permission, require
    from doorstep.jobs.service import start

    require(principal, Permission.DATA_IMPORT)
    mapping_of(mapping_text)  # a bad mapping is refused now, not in the worker
    files = files_of(container)
    key = files.put_stream(UPLOADS, suffix_of(file_name), source)
    try:
        return start(container, principal, KIND, {
            "file_key": key, "file_name": Path(file_name).name[:200],
            "mapping": mapping_text, "keep_good_rows": bool(keep_good_rows)})
    except Exception:
        files.delete(key)
        raise


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | float | bool | str | None) else str(value)


def report_data(report: ImportReport) -> dict[str, Any]:
    """The report as JSON the jobs table keeps (problems as codes, translated when read)."""
    return report.summary() | {
        "file": report.file, "seconds": round(report.seconds, 3), "previous": {
            k: _plain(v) for k, v in report.previous.items()},
        "errors": [{"row": e.row, "column": e.column, "code": e.code,
                    "params": {k: _plain(v) for k, v in e.params.items()}}
                   for e in report.errors[:ERRORS_KEPT]]}


def report_from(data: dict[str, Any]) -> ImportReport:
    """The report a job kept, to show in a reader's language (``ImportReport.public``)."""
    from doorstep.intake.service import ImportReport

    by_kind: dict[str, dict[str, int]] = data.get("by_kind") or {}
    return ImportReport(
        file=str(data.get("file", "")), kinds=list(by_kind) or str(data["kind"]).split(","),
        rows=int(data.get("rows", 0)),
        inserted={k: v["inserted"] for k, v in by_kind.items()},
        updated={k: v["updated"] for k, v in by_kind.items()},
        unchanged={k: v["unchanged"] for k, v in by_kind.items()},
        rejected=int(data.get("rejected", 0)),
        errors=[RowError(int(e["row"]), str(e["column"]), str(e["code"]), dict(e["params"]))
                for e in data.get("errors", [])],
        status=str(data.get("status", "imported")), run_id=data.get("run_id"),
        seconds=float(data.get("seconds", 0.0)), previous=dict(data.get("previous") or {}))


def import_result(uow: UnitOfWork, principal: Principal, job_id: int) -> dict[str, Any]:
    """The result of an import job ``principal`` may follow, once it is done."""
    from doorstep.core.errors import NotFound
    from doorstep.core.i18n import Msg
    from doorstep.jobs.model import JobState
    from doorstep.jobs.service import view

    job = view(uow, principal, job_id)
    if job.kind != KIND or job.state != JobState.DONE or "report" not in job.result:
        raise NotFound(entity=Msg("Import report"), id=job_id)
    return job.result


class _Share:
    """Progress of an import whose length is known only once its rows were checked: the
    check creeps towards half way, the write goes from half way to the end."""

    def __init__(self, ctx: JobContext) -> None:
        self.ctx, self.rows = ctx, 0

    def __call__(self, phase: str, n: int) -> None:
        if phase == "check":
            self.rows = max(self.rows, n)
            self.ctx.progress(0.05 + 0.45 * n / (n + 50_000), "check")
        else:
            self.ctx.progress(0.5 + 0.5 * min(1.0, n / max(self.rows, 1)), "write")


def run_import(ctx: JobContext, p: dict[str, Any]) -> dict[str, Any]:
    """The job: fetch the upload, import it (one transaction), keep the rejected rows."""
    from doorstep.core.errors import DoorstepError, ValidationFailed
    from doorstep.core.i18n import N_
    from doorstep.intake.service import ImportOptions, import_file

    key, name = str(p.get("file_key") or ""), str(p.get("file_name") or "upload.csv")
    if not key.startswith(UPLOADS + "/") or not p.get("mapping"):
        raise ValidationFailed(N_("The import job has no stored file or no mapping"))
    mapping = mapping_of(str(p["mapping"]))
    files = files_of(ctx.container)
    with tempfile.TemporaryDirectory(prefix="doorstep-import-") as folder:
        path = Path(folder) / f"upload{suffix_of(name)}"
        files.get_to(key, path)
        ctx.progress(0.05, "check")
        try:
            with ctx.uow() as uow:
                report = import_file(uow, ctx.principal, path, mapping,
                                     ImportOptions(keep_good_rows=bool(p.get("keep_good_rows"))),
                                     file_name=name, progress=_Share(ctx))
                if report.status == "imported":  # a rejected file leaves nothing behind
                    uow.commit()
        except DoorstepError:
            files.delete(key)  # the file cannot be imported: a retry would not help
            raise
        rejects = _keep_rejects(files, path, mapping, report, ctx.principal.language)
    files.delete(key)
    return {"kind": RESULT_KIND, "id": str(ctx.job.id), "report": report_data(report),
            "rejects_key": rejects}


def _keep_rejects(files: FileStore, path: Path, mapping: Mapping, report: ImportReport,
                  lang: str) -> str | None:
    """The rejected rows as .xlsx in the file store (in the starter's language), if any."""
    from doorstep.intake.rejects import write_rejects

    if not report.errors:
        return None
    out = path.with_name("rejected_rows.xlsx")
    write_rejects(path, mapping, report.errors, out, lang)
    with out.open("rb") as source:
        return files.put_stream(REJECTS, ".xlsx", source)
