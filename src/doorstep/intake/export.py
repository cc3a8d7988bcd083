"""`doorstep data export`: one kind in the import's own columns, personal data in the clear
for an administrator only (the export is audited)."""

from __future__ import annotations

from pathlib import Path

from doorstep.core.access import Permission, Principal, require
from doorstep.core.audit import AuditEntry
from doorstep.core.uow import UnitOfWork
from doorstep.intake.files import write_rows
from doorstep.intake.model import FIELDS, Kind


def export_kind(uow: UnitOfWork, principal: Principal, kind: Kind, out: Path) -> int:
    """Write every record of ``kind`` to ``out`` (.csv, .xlsx, .parquet); the count."""
    require(principal, Permission.DATA_EXPORT)
    header = list(FIELDS[kind])
    rows = ([r.get(h) for h in header] for r in uow.intake.export_rows(kind))
    n = write_rows(out, header, rows)
    uow.audit(AuditEntry(principal.actor, "data.export", kind.value, out.name, None,
                         {"rows": n}, uow.clock.now()))
    return n
