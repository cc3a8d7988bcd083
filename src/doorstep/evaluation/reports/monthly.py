"""Exports and the scheduled monthly report job: idempotent, every run recorded.

A month's report for a plan (or the whole bank) is written as ``.xlsx`` and ``.pdf``. When a
finished run for the same month and plan exists and its files are still on disk unchanged,
a rerun writes nothing and is recorded as ``skipped``; ``force`` regenerates and overwrites.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from doorstep.core.access import Permission, Principal, require
from doorstep.core.audit import AuditEntry
from doorstep.core.uow import UnitOfWork
from doorstep.documents.pdf import FontChoice
from doorstep.evaluation.model import Period
from doorstep.evaluation.reports.bundle import Report, build_report
from doorstep.evaluation.reports.excel import report_workbook
from doorstep.evaluation.reports.pdf import report_pdf

KIND = "monthly"


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    media_type: str


@dataclass(frozen=True)
class MonthlyRun:
    """What a run of the monthly job did."""

    run_id: int
    status: str  # "done" or "skipped"
    files: list[Path]
    cases: int


def export_report(uow: UnitOfWork, principal: Principal, plan_id: int | None, period: Period,
                  fmt: str, font: FontChoice | None = None) -> Export:
    """The report as ``xlsx`` or ``pdf`` (PDF needs ``font``); needs ``report.export``."""
    require(principal, Permission.REPORT_EXPORT)
    report = build_report(uow, principal, plan_id, period)
    stem = _stem(plan_id, period)
    if fmt == "pdf":
        if font is None:
            raise ValueError("a PDF needs a Chinese font")
        return Export(f"{stem}.pdf", report_pdf(report, font), "application/pdf")
    return Export(f"{stem}.xlsx", report_workbook(report),
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _stem(plan_id: int | None, period: Period) -> str:
    who = f"plan{plan_id}" if plan_id is not None else "bank"
    return f"doorstep-evaluation-{who}-{period.start.isoformat()}-{period.end.isoformat()}"


def _sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _unchanged(files: list[dict[str, str]], out_dir: Path) -> bool:
    return bool(files) and all(_sha(out_dir / f["name"]) == f["sha256"] for f in files)


def _write(path: Path, content: bytes) -> dict[str, str]:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(content)
    os.replace(tmp, path)
    return {"name": path.name, "sha256": hashlib.sha256(content).hexdigest()}


def run_monthly(uow: UnitOfWork, principal: Principal, month: str, plan_id: int | None,
                out_dir: Path, font: FontChoice, *, force: bool = False) -> MonthlyRun:
    """Write (or keep) the month's Excel and PDF report and record the run.

    Parameters
    ----------
    month : str
        ``YYYY-MM``.
    plan_id : int, optional
        One plan, or the whole bank by plan.
    out_dir : Path
        Created if missing; files are overwritten atomically.
    force : bool
        Regenerate even if an unchanged earlier run exists.
    """
    require(principal, Permission.REPORT_EXPORT)
    period = Period.month(month)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = uow.clock.now().replace(tzinfo=None)
    last = uow.evaluation.last_report(KIND, month, plan_id)
    values = {"kind": KIND, "period_key": month, "plan_id": plan_id,
              "out_dir": str(out_dir.resolve()), "actor": principal.actor,
              "started_at": started}
    if last is not None and not force and Path(last.out_dir) == out_dir.resolve() \
            and _unchanged(list(last.files), out_dir):
        run_id = uow.evaluation.add_report_run({**values, "status": "skipped",
                                                "files": list(last.files), "cases": last.cases,
                                                "finished_at": started})
        return MonthlyRun(run_id, "skipped", [out_dir / f["name"] for f in last.files],
                          int(last.cases))
    report: Report = build_report(uow, principal, plan_id, period)
    stem = _stem(plan_id, period)
    files = [_write(out_dir / f"{stem}.xlsx", report_workbook(report)),
             _write(out_dir / f"{stem}.pdf", report_pdf(report, font))]
    run_id = uow.evaluation.add_report_run({**values, "status": "done", "files": files,
                                            "cases": report.totals.cases,
                                            "finished_at": uow.clock.now().replace(tzinfo=None)})
    uow.audit(AuditEntry(principal.actor, "report.monthly", "report_run", str(run_id), None,
                         {"month": month, "plan_id": plan_id, "files": [f["name"] for f in files]},
                         uow.clock.now()))
    return MonthlyRun(run_id, "done", [out_dir / f["name"] for f in files], report.totals.cases)
