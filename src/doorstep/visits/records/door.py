"""At the door, from each member's own phone: check-out with the position, and the second
member's confirmation of presence. Each is an audited fact of the case, like the check-in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from doorstep.core import i18n
from doorstep.core.access import Permission, Principal, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import utc
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, codes
from doorstep.core.uow import UnitOfWork
from doorstep.visits.records import rules
from doorstep.visits.records.field import CheckIn
from doorstep.visits.records.rules import FieldParams

codes({
    "visit.not_member": N_("Only a member of the visit's team can confirm presence, with their "
                           "own account"),
    "visit.wrong_appointment": N_("The appointment is not of this case"),
})
i18n.codes({"visit.presence_unconfirmed": i18n.N_(
    "Team member %(names)s has not confirmed presence from their own phone for this visit; "
    "ask them to tap 'I am here', then submit again")})


class NotTeamMember(ValidationFailed):
    code = "visit.not_member"
    http_status = 403


class WrongAppointment(ValidationFailed):
    code = "visit.wrong_appointment"


class PresenceUnconfirmed(ValidationFailed):
    """A member listed as present has not confirmed it from their own phone."""

    code = "visit.presence_unconfirmed"
    http_status = 409


def _team_members(uow: UnitOfWork, cmd: CheckIn) -> tuple[Any, set[int]]:
    case = uow.cases.get(cmd.case_id)
    team_id = case.owner_team_id
    if cmd.appointment_id is not None:
        appt = uow.visits.appointment(cmd.appointment_id)
        if appt.case_id != case.id:
            raise WrongAppointment()
        team_id = appt.team_id
    return case, {m.id for m in uow.visits.team(team_id)} if team_id else set()


def _record(uow: UnitOfWork, principal: Principal, cmd: CheckIn, params: FieldParams,
            action: str) -> tuple[float | None, bool]:
    require(principal, Permission.CASE_VISIT)
    case, members = _team_members(uow, cmd)
    require_branch(principal, case.branch_id, N_("Case"), cmd.case_id)
    if principal.staff_id is None or principal.staff_id not in members:
        raise NotTeamMember()
    point = uow.visits.customer_point(case.customer_id)
    distance, flagged = rules.check_in_distance(cmd.lat, cmd.lon, point.lat, point.lon, params)
    uow.audit(AuditEntry(principal.actor, action, "case", str(case.id), None,
                         {"distance_m": distance, "flagged": flagged,
                          "staff_id": principal.staff_id,
                          "appointment_id": cmd.appointment_id}, uow.clock.now()))
    return distance, flagged


def check_out(uow: UnitOfWork, principal: Principal, cmd: CheckIn,
              params: FieldParams) -> tuple[float | None, bool]:
    """Check out at the door with the phone's position: distance recorded and flagged."""
    return _record(uow, principal, cmd, params, "visit.check_out")


def confirm_presence(uow: UnitOfWork, principal: Principal, cmd: CheckIn,
                     params: FieldParams) -> tuple[float | None, bool]:
    """A team member confirms, from their own phone and account, that they are at the door."""
    return _record(uow, principal, cmd, params, "visit.presence_confirmed")


def confirmed_present(uow: UnitOfWork, case_id: int) -> set[int]:
    """Staff ids who confirmed presence for the case (from the audit trail)."""
    rows = uow.audit_trail.events("case", str(case_id), None, None, 200)
    return {int(r.after["staff_id"]) for r in rows if r.action == "visit.presence_confirmed"
            and isinstance(r.after, dict) and r.after.get("staff_id") is not None}


@dataclass(frozen=True)
class Confirmation:
    """One member's confirmation of presence: who, for which appointment, and when."""

    staff_id: int
    appointment_id: int | None
    at: datetime


def unconfirmed(staff_present: Iterable[int], submitter: int | None,
                confirmations: Iterable[Confirmation], appointment_id: int | None,
                since: datetime | None) -> list[int]:
    """Members listed as present who did not confirm it themselves (DESIGN §5, two staff).

    The member who submits speaks for themself; every other member listed counts only
    with a confirmation from their own account for the same case, for the same appointment
    when the record names one, made no earlier than the case's previous visit record
    (``since``), so a confirmation does not vouch for a later visit.
    """
    ok = {c.staff_id for c in confirmations
          if (appointment_id is None or c.appointment_id == appointment_id)
          and (since is None or utc(c.at) >= utc(since))}
    return [s for s in dict.fromkeys(staff_present) if s != submitter and s not in ok]


def confirmations(uow: UnitOfWork, case_id: int) -> list[Confirmation]:
    """The case's confirmations of presence, from the audit trail."""
    rows = uow.audit_trail.events("case", str(case_id), None, None, 500)
    out = []
    for r in rows:
        after = r.after if isinstance(r.after, dict) else {}
        if r.action == "visit.presence_confirmed" and after.get("staff_id") is not None:
            appt = after.get("appointment_id")
            out.append(Confirmation(int(after["staff_id"]), int(appt) if appt else None, r.at))
    return out


def require_presence(uow: UnitOfWork, principal: Principal, case_id: int,
                     appointment_id: int | None, staff_present: Iterable[int],
                     names: dict[int, str]) -> None:
    """Refuse a visit record while a listed partner has not confirmed presence."""
    missing = unconfirmed(staff_present, principal.staff_id, confirmations(uow, case_id),
                          appointment_id, uow.visits.last_recorded_at(case_id))
    if missing:
        raise PresenceUnconfirmed(names=", ".join(names.get(s, str(s)) for s in missing))
