"""The demo's legal desk (DESIGN §10): a mediation record for every case that went to
mediation, with its 30-day clock; extensions on long-running ones; the failure reason of
each mediation that ended in litigation; and one imported, signed mediation agreement
whose file sits in the evidence store, hashed like evidence."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from random import Random
from typing import Any

from sqlalchemy import Connection, insert

from doorstep.core.audit import AuditEntry
from doorstep.core.clock import local, naive_utc, utc
from doorstep.core.settings import get_settings
from doorstep.demo.context import DemoConfig, to_utc
from doorstep.demo.story import CaseRows
from doorstep.legal.mediation import MEDIATION_DAYS
from doorstep.legal.model import FailureReason, MediationState
from doorstep.store import tables as t
from doorstep.store.tables_legal import legal_agreements, legal_extensions, legal_mediations

EXTEND_AFTER_DAYS = 20
REASONS = (FailureReason.CUSTOMER_REFUSED, FailureReason.EXPIRED, FailureReason.UNREACHABLE)
AGREEMENT_PDF = (b"%PDF-1.4\n% Doorstep demo: signed mediation agreement\n"
                 b"1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
#: Where the demo agreement lives in the evidence store (see ``LocalFileStore``).
DEMO_KEY = "demo/mediation-agreement.pdf"



def _journeys(rows: CaseRows) -> dict[int, dict[str, Any]]:
    """Per case that went to mediation: when it started and how it ended (event, time)."""
    out: dict[int, dict[str, Any]] = {}
    for _at, case_id, version, entry in sorted(rows.events, key=lambda e: (e[0], e[1], e[2])):
        if entry.action == "case.start_mediation":
            out[case_id] = {"start": utc(entry.at), "version": version, "end": None}
        elif case_id in out and entry.action in ("case.resolve", "case.litigate"):
            out[case_id]["end"] = (entry.action, utc(entry.at), version)
    return out


class LegalDemo:
    """Adds the legal rows inside the loader's transaction on ``conn``."""

    def __init__(self, conn: Connection, rows: CaseRows, rng: Random, now: datetime) -> None:
        self.conn, self.rows, self.rng, self.now = conn, rows, rng, now
        self.counts = {"legal_mediations": 0, "legal_extensions": 0, "legal_agreements": 0}

    def run(self) -> dict[str, int]:
        imported = False
        for case_id, j in sorted(_journeys(self.rows).items()):
            m_id = self._mediation(case_id, j)
            end = j["end"]
            if end is None and (self.now - j["start"]).days >= EXTEND_AFTER_DAYS:
                self._extend(case_id, m_id, j)
            if end is not None and end[0] == "case.resolve" and not imported:
                imported = self._agreement(case_id, m_id, end[1])
        return self.counts

    def _mediation(self, case_id: int, j: dict[str, Any]) -> int:
        end = j["end"]
        state = (MediationState.OPEN if end is None else MediationState.AGREED
                 if end[0] == "case.resolve" else MediationState.FAILED)
        reason = self.rng.choice(REASONS) if state == MediationState.FAILED else None
        key = self.conn.execute(insert(legal_mediations).values(
            case_id=case_id, state=state.value, started_at=naive_utc(j["start"]),
            due_at=naive_utc(j["start"] + timedelta(days=MEDIATION_DAYS)), started_by="legal",
            mediator="深圳市金融纠纷人民调解委员会",
            failure_reason=reason.value if reason else None,
            failure_text="", ended_at=naive_utc(end[1]) if end else None)).inserted_primary_key
        self.counts["legal_mediations"] += 1
        assert key is not None
        return int(key[0])

    def _extend(self, case_id: int, m_id: int, j: dict[str, Any]) -> None:
        at = j["start"] + timedelta(days=EXTEND_AFTER_DAYS)
        old = j["start"] + timedelta(days=MEDIATION_DAYS)
        new = old + timedelta(days=15)
        reason = "客户申请补充还款能力证明材料，双方同意延长调解期限"
        self.conn.execute(insert(legal_extensions).values(
            mediation_id=m_id, days=15, reason=reason, by="legal", at=naive_utc(at),
            old_due_at=naive_utc(old), new_due_at=naive_utc(new)))
        self.conn.execute(legal_mediations.update().where(legal_mediations.c.id == m_id)
                          .values(due_at=naive_utc(new)))
        self.rows.events.append((local(at).replace(tzinfo=None), case_id, j["version"],
                                 AuditEntry("user:legal", "legal.mediation_extend", "mediation",
                                            str(case_id), {"due_at": old.isoformat()},
                                            {"due_at": new.isoformat(), "days": 15,
                                             "reason": reason}, naive_utc(at))))
        self.counts["legal_extensions"] += 1

    def _agreement(self, case_id: int, m_id: int, at: datetime) -> bool:
        found = [a for a in self.rows.agreements
                 if a["case_id"] == case_id and a["kind"] == "mediation_agreement"]
        if not found:
            return False
        total = Decimal(str(found[0]["total_amount"])).quantize(Decimal("0.01"))
        evidence_id = self.conn.execute(insert(t.evidence).values(
            visit_id=None, case_id=case_id, kind="document", filename="诉前调解协议书.pdf",
            content_type="application/pdf", size=len(AGREEMENT_PDF),
            sha256=hashlib.sha256(AGREEMENT_PDF).hexdigest(), storage_key=DEMO_KEY,
            uploaded_at=naive_utc(at), uploaded_by="legal")).inserted_primary_key
        assert evidence_id is not None
        self.conn.execute(insert(legal_agreements).values(
            mediation_id=m_id, case_id=case_id, amount=total, instalments=6,
            terms=f"被申请人自签署之日起分 6 期归还欠款 {total:,.2f} 元，申请人免收逾期罚息",
            signed_on=local(at).date(), evidence_id=int(evidence_id[0]), imported_by="legal",
            imported_at=naive_utc(at)))
        self.counts["legal_agreements"] += 1
        return True


def write_agreement_file(evidence_dir: Path) -> None:
    """The demo's signed agreement at a fixed key of the local evidence store (idempotent:
    every demo load shares the one file instead of adding another)."""
    path = evidence_dir / DEMO_KEY
    if path.is_file() and path.read_bytes() == AGREEMENT_PDF:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(AGREEMENT_PDF)
    tmp.replace(path)


def add_legal(conn: Connection, cfg: DemoConfig, rows: CaseRows) -> dict[str, int]:
    """The loader's legal step: mediation rows for the generated cases; rows per table."""
    write_agreement_file(get_settings().evidence_dir)
    now = to_utc(cfg.now_local).replace(tzinfo=UTC)
    return LegalDemo(conn, rows, cfg.rng("legal"), now).run()
