"""The timers act on what the clock made due: each overdue item is told to the staff who
must act on it, exactly once per item and occasion (the outbox idempotency key and a
same-day audit check make a re-run or a run after a crash add nothing).

Staff messages name a case or complaint number only, never the customer's personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from doorstep.core import i18n
from doorstep.core.access import Role
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import local
from doorstep.core.i18n import N_, codes
from doorstep.store.repositories import timers as repo
from doorstep.store.uow import SqlUnitOfWork as UnitOfWork

ACTOR = "system:timers"

codes({
    "timer.sla_due": N_("Doorstep: case %(case_no)s is past its deadline (%(due)s); please act "
                        "on it."),
    "timer.complaint_overdue": N_("Doorstep: complaint %(complaint_no)s is past its deadline "
                                  "(%(due)s); please close it."),
    "timer.mediation_overdue": N_("Doorstep: the mediation of case %(case_no)s is past its "
                                  "deadline (%(due)s); please act on it or extend it."),
    "timer.certificate_expiring": N_("Doorstep: staff %(staff_no)s's %(kind)s certificate "
                                     "expires on %(expires)s; please schedule a renewal."),
})

#: Who handles a complaint (the roles holding ``complaint.manage``).
COMPLAINT_ROLES = [Role.DISPATCHER.value, Role.PROGRAMME_MANAGER.value]


@dataclass
class Notices:
    """What one run of the timers did: new items noticed and new messages queued."""

    sla_cases: int = 0
    sla_messages: int = 0
    complaints: int = 0
    complaint_messages: int = 0
    mediations: int = 0
    mediation_messages: int = 0
    certificates: int = 0
    certificate_messages: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _day_start(now: datetime) -> datetime:
    """The start of the bank's local day holding ``now``."""
    here = local(now)
    return datetime.combine(here.date(), time(0), tzinfo=here.tzinfo)


def sla_due(uow: UnitOfWork, notices: Notices) -> None:
    """Each open case past its SLA: its branch's dispatchers and owning team are told once a
    day, and the case history shows ``case.sla_overdue`` once a day."""
    now = uow.clock.now()
    day = local(now).date().isoformat()
    for case in repo.sla_overdue_cases(uow.conn, now):
        if repo.audited_since(uow.conn, "case.sla_overdue", str(case.id), _day_start(now)):
            continue
        body = i18n.translate("timer.sla_due", "zh-CN", case_no=case.case_no,
                              due=f"{local(case.sla_due):%Y-%m-%d}")
        people = dict(repo.branch_role_staff(uow.conn, case.branch_id,
                                             [Role.DISPATCHER.value]))
        people.update(repo.team_staff(uow.conn, case.owner_team_id))
        sent = sum(repo.queue_staff(uow.conn, kind="timer.sla_due", phone_enc=phone, body=body,
                                    key=f"timer-sla-{case.id}-{day}-{sid}", at=now)
                   for sid, phone in sorted(people.items()))
        notices.sla_cases += 1
        notices.sla_messages += sent
        uow.audit(AuditEntry(ACTOR, "case.sla_overdue", "case", str(case.id), None,
                             {"day": day, "told": sorted(people)}, now))


def complaints_overdue(uow: UnitOfWork, notices: Notices) -> None:
    """Each open complaint past its deadline: the branch's complaint managers are told once
    per complaint, with one ``complaint.overdue`` audit event."""
    now = uow.clock.now()
    for row in repo.overdue_complaints(uow.conn, now):
        if repo.audited_since(uow.conn, "complaint.overdue", str(row.id), None):
            continue
        due = row.due_at or row.received_at + timedelta(days=repo.COMPLAINT_DAYS)
        body = i18n.translate("timer.complaint_overdue", "zh-CN",
                              complaint_no=row.complaint_no or f"#{row.id}",
                              due=f"{local(due):%Y-%m-%d}")
        people = repo.branch_role_staff(uow.conn, row.branch_id, COMPLAINT_ROLES)
        sent = sum(repo.queue_staff(uow.conn, kind="timer.complaint", phone_enc=phone,
                                    body=body, key=f"timer-complaint-{row.id}-{sid}", at=now)
                   for sid, phone in people)
        notices.complaints += 1
        notices.complaint_messages += sent
        uow.audit(AuditEntry(ACTOR, "complaint.overdue", "complaint", str(row.id), None,
                             {"told": [sid for sid, _ in people]}, now))


def mediations_overdue(uow: UnitOfWork, notices: Notices) -> None:
    """Each open mediation past its due date is flagged overdue once (per due date: an
    extension clears the flag) and the legal officers of its branch are told."""
    now = uow.clock.now()
    for row in repo.overdue_mediations(uow.conn, now):
        if not repo.flag_mediation(uow.conn, row.id, now):
            continue
        due = f"{local(row.due_at):%Y-%m-%d}"
        body = i18n.translate("timer.mediation_overdue", "zh-CN", case_no=row.case_no, due=due)
        people = repo.branch_role_staff(uow.conn, row.branch_id, [Role.LEGAL_OFFICER.value])
        sent = sum(repo.queue_staff(uow.conn, kind="timer.mediation", phone_enc=phone,
                                    body=body, key=f"timer-med-{row.id}-{due}-{sid}", at=now)
                   for sid, phone in people)
        notices.mediations += 1
        notices.mediation_messages += sent
        uow.audit(AuditEntry(ACTOR, "mediation.overdue", "case", str(row.case_id), None,
                             {"mediation": row.id, "due": due,
                              "told": [sid for sid, _ in people]}, now))


def certificates_expiring(uow: UnitOfWork, expiring: list[tuple[int, str, str, str]],
                          notices: Notices) -> None:
    """Each certificate expiring within 30 days: the staff member and the trainers of their
    branch are told once per certificate and expiry date (``(staff id, staff no, kind,
    expires on)`` each)."""
    now = uow.clock.now()
    for staff_id, staff_no, kind, expires in expiring:
        own = repo.staff_contact(uow.conn, staff_id)
        if own is None:
            continue
        people = dict(repo.branch_role_staff(uow.conn, own[0], [Role.TRAINER.value]))
        people[staff_id] = own[1]
        body = i18n.translate("timer.certificate_expiring", "zh-CN", staff_no=staff_no,
                              kind=kind, expires=expires)
        sent = sum(repo.queue_staff(
            uow.conn, kind="timer.certificate", phone_enc=phone, body=body,
            key=f"timer-cert-{staff_id}-{kind}-{expires}-{sid}"[:80], at=now)
            for sid, phone in sorted(people.items()))
        notices.certificates += bool(sent)
        notices.certificate_messages += sent
