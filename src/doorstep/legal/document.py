"""The case file as one PDF for the court, on ``documents.pdf.ChineseDocument``.

A case file goes to a Chinese court, so it is written in Chinese whatever the language of the
person who prepares it; its wording is in the catalogues like every message (English msgids).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from doorstep.cases.model import BUSINESS_LINE_LABELS, CASE_TYPE_LABELS, STATE_LABELS
from doorstep.contacts.model import PARTY_LABELS, PROOF_LABELS
from doorstep.core.clock import local
from doorstep.core.i18n import N_, _, using_language
from doorstep.documents.pdf import ChineseDocument, FontChoice
from doorstep.legal.case_file import CaseFile
from doorstep.legal.model import FAILURE_REASON_LABELS, MEDIATION_STATE_LABELS
from doorstep.visits.records.model import OUTCOME_LABELS

#: The language of the court the file is filed with.
COURT_LANGUAGE = "zh-CN"
CHANNELS = {"visit": N_("Visit"), "phone": N_("Phone call"), "sms": N_("SMS"),
            "letter": N_("Letter")}


def _money(v: Decimal) -> str:
    return f"¥{v:,.2f}"


def _label(labels: Mapping[Any, Any], value: object) -> str:
    """A label table's text for ``value`` in the document's language."""
    for key, text in labels.items():
        if str(key) == str(value):
            return str(text[0]) if isinstance(text, tuple) else _(text)
    return str(value)


def _when(v: object) -> str:
    return local(v).strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime) else "—"


def _parties(doc: ChineseDocument, cf: CaseFile) -> None:
    f, p = cf.facts, cf.facts.party
    doc.heading(_("1. The parties"))
    doc.key_values([(_("Applicant (creditor)"), _("%(bank)s (%(branch)s)", bank=f.bank_name,
                                                     branch=f.branch_name)),
                    (_("Respondent (customer)"), p.name), (_("Customer no."), p.customer_no),
                    (_("National ID no."), p.national_id), (_("Telephone"), p.phone),
                    (_("Address"), p.address)])


def _matter(doc: ChineseDocument, cf: CaseFile) -> None:
    f = cf.facts
    doc.heading(_("2. The case and the dispute"))
    doc.key_values([
        (_("Case no."), f.case_no), (_("Case type"), _label(CASE_TYPE_LABELS, f.case_type)),
        (_("Business line"), _label(BUSINESS_LINE_LABELS, f.business_line)),
        (_("Current state"), _label(STATE_LABELS, f.state)),
        (_("Opened"), _when(f.opened_at)),
        (_("Overdue amount"), _money(f.overdue_amount)),
        (_("Amount at stake"), _money(f.amount_at_stake))])
    doc.paragraph(cf.dispute_summary)


def _interest(doc: ChineseDocument, cf: CaseFile) -> None:
    t = cf.interest
    doc.heading(_("3. Amounts and interest"))
    doc.paragraph(_("Method: interest = overdue principal × annual rate × days overdue ÷ 360 "
                    "(simple interest, rounded to the fen)"), 9)
    rows: list[tuple[object, ...]] = [
        (ln.label, _money(ln.overdue_amount), f"{ln.annual_rate * 100:.2f}%",
         f"{ln.daily_rate * 100:.5f}%", ln.days, _money(ln.interest), _money(ln.total))
        for ln in t.lines]
    rows.append((_("Total"), _money(t.overdue_total), "", "", "", _money(t.interest_total),
                 _money(t.claim_total)))
    doc.table([_("Account"), _("Overdue principal"), _("Annual rate"), _("Daily rate"),
               _("Days overdue"), _("Interest"), _("Principal and interest")], rows,
              (46, 24, 16, 18, 16, 22, 28))


def _contracts(doc: ChineseDocument, cf: CaseFile) -> None:
    doc.heading(_("4. Contracts and accounts"))
    doc.table([_("Account no."), _("Product"), _("Business line"), _("Opened on"),
               _("Balance"), _("Overdue amount"), _("Days overdue"), _("Status")],
              [(a.account_no, a.product, _label(BUSINESS_LINE_LABELS, a.business_line),
                a.opened_on.isoformat(), _money(a.balance), _money(a.overdue_amount),
                a.days_past_due, a.status) for a in cf.facts.accounts] or [("—",) * 8])
    doc.heading(_("5. Repayments"))
    doc.table([_("Account no."), _("Month"), _("Due"), _("Paid"), _("Days overdue"),
               _("Promise broken")],
              [(r.account_no, r.month.strftime("%Y-%m"), _money(r.amount_due),
                _money(r.amount_paid), r.days_past_due,
                _("Yes") if r.promise_broken else _("No"))
               for r in cf.facts.repayments] or [("—",) * 6])


def _contacts(doc: ChineseDocument, cf: CaseFile) -> None:
    doc.heading(_("6. Contacts"))
    doc.table([_("Time"), _("Channel"), _("Party"), _("Outcome"), _("Proof of receipt")],
              [(_when(c.at), _label(CHANNELS, c.channel), _label(PARTY_LABELS, c.party),
                _label(OUTCOME_LABELS, c.outcome), _label(PROOF_LABELS, c.proof))
               for c in cf.facts.contacts]
              or [("—",) * 5])
    _collection(doc, cf)
    doc.heading(_("7. Visits"))
    for v in cf.facts.visits:
        doc.key_values([(_("Visit time"), _("%(start)s to %(end)s", start=_when(v.check_in_at),
                                            end=_when(v.check_out_at))),
                        (_("Visiting team"), _("%(team)s (%(staff)s)", team=v.team_name,
                                                 staff=v.staff_present)),
                        (_("Outcome"), _label(OUTCOME_LABELS, v.outcome)),
                        (_("Findings"), v.findings),
                        (_("Customer's account"), v.customer_account)])
    if not cf.facts.visits:
        doc.paragraph(_("(no visits)"))


def _collection(doc: ChineseDocument, cf: CaseFile) -> None:
    """Effective collection: met or not, and the contacts that satisfy it."""
    got = cf.collection
    if got is None:
        return
    verdict = _("met") if got.met else _("not met")
    doc.paragraph(_("Effective collection: %(verdict)s (needs %(need)s contacts after the debt "
                    "fell overdue, at least %(gap)s days apart, each with proof of receipt)",
                    verdict=verdict, need=got.need, gap=got.gap_days))
    doc.table([_("Time"), _("Channel"), _("Proof of receipt")],
              [(_when(c.at), _label(CHANNELS, c.channel), _label(PROOF_LABELS, c.proof))
               for c in got.contacts] or [("—",) * 3])
    if got.missing:
        doc.paragraph(_("Still missing: %(missing)s", missing=str(got.missing)))


def _evidence(doc: ChineseDocument, cf: CaseFile) -> None:
    doc.heading(_("8. Evidence (SHA-256)"))
    doc.table([_("File"), _("Kind"), _("Size (bytes)"), "SHA-256"],
              [(e.archive_name, e.kind, e.size, e.sha256) for e in cf.evidence]
              or [("—",) * 4], (50, 16, 22, 102))


def _agreements(doc: ChineseDocument, cf: CaseFile) -> None:
    doc.heading(_("9. Agreements and mediation"))
    doc.table([_("Kind"), _("Amount"), _("Waiver"), _("State"), _("Signed"),
               _("Instalments")],
              [(a.kind, _money(a.total_amount), _money(a.fee_waiver_amount), a.state,
                _when(a.created_at), len(a.instalments)) for a in cf.facts.agreements]
              or [("—",) * 6])
    m = cf.facts.mediation
    if m is None:
        doc.paragraph(_("(not in pre-litigation mediation yet)"))
        return
    pairs = [(_("Mediation state"), _label(MEDIATION_STATE_LABELS, m.state.value)),
             (_("Started"), _when(m.started_at)), (_("Deadline"), _when(m.due_at)),
             (_("Extensions"), str(len(m.extensions)))]
    if m.failure_reason is not None:
        pairs.append((_("Why it failed"),
                      f"{_label(FAILURE_REASON_LABELS, m.failure_reason)} "
                      f"{m.failure_text}".strip()))
    if m.agreement is not None and cf.confirmation is not None:
        a = m.agreement
        pairs += [(_("Mediation agreement"), a.terms), (_("Agreed amount"), _money(a.amount)),
                  (_("Instalments"), str(a.instalments)),
                  (_("Signed on"), a.signed_on.isoformat()),
                  (_("Deadline to apply for judicial confirmation"),
                   cf.confirmation.deadline.isoformat())]
    doc.key_values(pairs)


def render_pdf(cf: CaseFile, font: FontChoice, lang: str = COURT_LANGUAGE) -> bytes:
    """The case file as PDF bytes, Chinese text embedded and extractable."""
    with using_language(lang):
        doc = ChineseDocument(_("Pre-litigation case file %(no)s", no=cf.facts.case_no), font,
                              footer=_("%(bank)s · case file %(no)s", bank=cf.facts.bank_name,
                                       no=cf.facts.case_no))
        doc.paragraph(_("Prepared %(when)s  by %(who)s", when=_when(cf.prepared_at),
                        who=cf.prepared_by), 9)
        for part in (_parties, _matter, _interest, _contracts, _contacts, _evidence,
                     _agreements):
            part(doc, cf)
        return doc.to_bytes()
