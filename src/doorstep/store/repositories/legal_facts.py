"""Everything about one case the case-file export needs, read in one transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from doorstep.core.clock import utc
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, Msg, _, pgettext
from doorstep.legal.case_file import (
    AccountRef,
    AgreementRow,
    CaseFacts,
    ContactRow,
    EvidenceRef,
    Party,
    RepaymentRow,
    VisitRow,
)
from doorstep.legal.ports import CaseRow
from doorstep.store.tables import (
    accounts,
    agreements,
    branches,
    cases,
    complaints,
    contacts,
    customers,
    evidence,
    instalments,
    repayments,
    staff,
    teams,
    visits,
)


def _ref(e: Any) -> EvidenceRef:
    return EvidenceRef(e.id, e.visit_id, e.kind, e.filename, e.content_type, int(e.size),
                       e.sha256, e.storage_key)


def _person(entry: Any, names: dict[int, str]) -> str:
    """A present staff member: stored as a staff id, or as a dict with name and number."""
    if isinstance(entry, dict):
        return _("%(name)s (%(staff_no)s)", name=entry.get("name", ""),
                 staff_no=entry.get("staff_no", ""))
    return names.get(int(entry), str(entry))


class LegalFactsReader:
    def __init__(self, conn: Connection, cipher: Any) -> None:
        self.conn = conn
        self.cipher = cipher

    def case_row(self, case_id: int) -> CaseRow:
        row = self.conn.execute(
            select(cases, branches.c.name.label("branch_name"))
            .join(branches, branches.c.id == cases.c.branch_id)
            .where(cases.c.id == case_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Case")), id=case_id)
        return CaseRow(**row._mapping)

    def _party(self, customer_id: int) -> Party:
        r = self.conn.execute(select(customers).where(customers.c.id == customer_id)).one()
        return Party(r.customer_no, r.name, self.cipher.open(r.national_id_enc) or "",
                     self.cipher.open(r.phone_enc) or "", self.cipher.open(r.address_enc) or "")

    def _accounts(self, c: Any) -> list[Any]:
        base = select(accounts).where(accounts.c.customer_id == c.customer_id)
        if c.account_id is not None:
            return list(self.conn.execute(base.where(accounts.c.id == c.account_id)))
        same_line: list[Any] = list(self.conn.execute(
            base.where(accounts.c.business_line == c.business_line).order_by(accounts.c.id)))
        if same_line:
            return same_line
        every: list[Any] = list(self.conn.execute(base.order_by(accounts.c.id)))
        return every

    def _repayments(self, accts: list[Any]) -> tuple[RepaymentRow, ...]:
        numbers = {a.id: a.account_no for a in accts}
        rows = self.conn.execute(select(repayments).where(
            repayments.c.account_id.in_(list(numbers))).order_by(
            repayments.c.account_id, repayments.c.month))
        return tuple(RepaymentRow(numbers[r.account_id], r.month, r.amount_due, r.amount_paid,
                                  r.days_past_due, bool(r.promise_broken)) for r in rows)

    def _visits(self, case_id: int) -> tuple[VisitRow, ...]:
        names = {r.id: r.name for r in self.conn.execute(select(staff.c.id, staff.c.name))}
        out = []
        for v in self.conn.execute(
                select(visits, teams.c.name.label("team_name"))
                .join(teams, teams.c.id == visits.c.team_id)
                .where(visits.c.case_id == case_id).order_by(visits.c.check_in_at, visits.c.id)):
            files = tuple(_ref(e) for e in self.conn.execute(
                select(evidence).where(evidence.c.visit_id == v.id).order_by(evidence.c.id)))
            sep = pgettext("list separator", ", ")
            present = sep.join(_person(s, names) for s in (v.staff_present or []))
            out.append(VisitRow(v.id, utc(v.check_in_at) if v.check_in_at else None,
                                utc(v.check_out_at) if v.check_out_at else None, v.team_name,
                                present, v.findings, v.customer_account, v.outcome or "",
                                v.consent_to_enter, files))
        return tuple(out)

    def _agreements(self, case_id: int) -> tuple[AgreementRow, ...]:
        out = []
        for a in self.conn.execute(select(agreements).where(agreements.c.case_id == case_id)
                                   .order_by(agreements.c.id)):
            parts = tuple((i.due_on, i.amount, i.state) for i in self.conn.execute(
                select(instalments).where(instalments.c.agreement_id == a.id)
                .order_by(instalments.c.due_on)))
            out.append(AgreementRow(a.kind, a.total_amount, a.fee_waiver_amount, a.state,
                                    utc(a.created_at), parts))
        return tuple(out)

    def case_facts(self, case_id: int, bank_name: str) -> CaseFacts:
        """The case, its customer in clear, accounts, repayments, contacts, visits, files."""
        c = self.case_row(case_id)
        accts = self._accounts(c)
        return CaseFacts(
            c.id, c.case_no, c.case_type, c.business_line, c.state, c.summary,
            c.overdue_amount, c.amount_at_stake, utc(c.opened_at), c.branch_name, bank_name,
            self._party(c.customer_id),
            tuple(AccountRef(a.account_no, a.product, a.business_line, a.opened_on, a.balance,
                             a.overdue_amount, a.days_past_due, a.status) for a in accts),
            self._repayments(accts),
            tuple(ContactRow(utc(r.at), r.channel, r.outcome, bool(r.confirmed), r.party,
                             r.proof)
                  for r in self.conn.execute(select(contacts).where(
                      contacts.c.case_id == case_id).order_by(contacts.c.at))),
            self._visits(case_id), self._agreements(case_id),
            tuple(self.conn.execute(select(complaints.c.text).where(
                complaints.c.customer_id == c.customer_id)
                .order_by(complaints.c.received_at.desc()).limit(3)).scalars()),
            None,
            tuple(_ref(e) for e in self.conn.execute(select(evidence).where(
                evidence.c.case_id == case_id, evidence.c.visit_id.is_(None))
                .order_by(evidence.c.id))))
