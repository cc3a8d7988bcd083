"""Export a case file (PDF + ZIP with evidence and manifest) for mediation or court.

Only a legal officer may export; the customer's full name and national id go into the file,
so the export is audited as a reveal. Every evidence file is checked against its stored
SHA-256 first: a tampered file stops the export and is named.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from doorstep.cases.compliance import Policy
from doorstep.contacts.collection import effective_collection, overdue_since
from doorstep.core.access import Permission, Principal, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import local
from doorstep.core.i18n import N_
from doorstep.core.uow import UnitOfWork
from doorstep.documents.pdf import FontChoice
from doorstep.legal.case_file import CaseFile, EvidenceRef, build_case_file
from doorstep.legal.document import render_pdf
from doorstep.legal.interest import DEFAULT_ANNUAL_RATE
from doorstep.legal.model import LegalInvalid
from doorstep.legal.package import build_zip, verify
from doorstep.visits.evidence.store import FileStore


@dataclass(frozen=True)
class CaseFileExport:
    case_no: str
    pdf: bytes
    zip: bytes
    evidence_count: int

    @property
    def zip_name(self) -> str:
        return f"{self.case_no}-case-file.zip"


def _read(files: FileStore, refs: tuple[EvidenceRef, ...]) -> list[tuple[EvidenceRef, bytes]]:
    out = []
    for ref in refs:
        try:
            data = files.get(ref.storage_key)
        except (OSError, ValueError):
            data = b""
        out.append((ref, data))
    return out


def export_case_file(uow: UnitOfWork, principal: Principal, case_id: int, files: FileStore,
                     font: FontChoice, bank_name: str,
                     annual_rate: Decimal = DEFAULT_ANNUAL_RATE,
                     policy: Policy | None = None) -> CaseFileExport:
    """Assemble, verify, render and pack the case file; audit the export as a reveal."""
    require(principal, Permission.LEGAL_EXPORT)
    row = uow.legal.case_row(case_id)
    require_branch(principal, row.branch_id, N_("Case"), case_id)
    if not Decimal("0") <= annual_rate <= Decimal("0.24"):
        raise LegalInvalid(N_("The annual interest rate must be 0–24%%"))
    now = uow.clock.now()
    facts = replace(uow.legal.case_facts(case_id, bank_name),
                    mediation=uow.legal.mediation_of(case_id))
    case_file: CaseFile = build_case_file(facts, principal.display_name or principal.username,
                                          now, local(now).date(), annual_rate)
    case_file = replace(case_file, collection=effective_collection(
        policy or Policy.from_toml(), uow.contacts.of_case(case_id),
        overdue_since(uow.contacts.overdue_months(case_id))))
    evidence = _read(files, case_file.evidence)
    verify(evidence)
    pdf = render_pdf(case_file, font)
    archive = build_zip(facts.case_no, now, pdf, evidence)
    uow.audit(AuditEntry(principal.actor, "customer.reveal", "customer", str(row.customer_id),
                         None, {"field": "name,national_id,phone,address",
                                "purpose": f"case file export {facts.case_no}"}, now))
    uow.audit(AuditEntry(principal.actor, "legal.case_file_export", "case_file", str(case_id), None,
                         {"evidence_files": len(evidence), "annual_rate": str(annual_rate),
                          "zip_bytes": len(archive)}, now))
    return CaseFileExport(facts.case_no, pdf, archive, len(evidence))
