"""At the door, from each member's own phone: check-out with the position, and the second
member's confirmation of presence. Each is an audited fact of the case, like the check-in."""

from __future__ import annotations

from typing import Any

from doorstep.cases.service import require, require_branch
from doorstep.core import i18n
from doorstep.core.access import Permission, Principal
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import ValidationFailed
from doorstep.core.uow import UnitOfWork
from doorstep.visits.records import rules
from doorstep.visits.records.field import CheckIn
from doorstep.visits.records.rules import FieldParams

i18n.register({
    "visit.not_member": ("只有本团队成员才能用自己的账号确认在场",
                         "Only a member of the visit's team can confirm presence, with their "
                         "own account"),
    "visit.wrong_appointment": ("预约与案件不对应", "The appointment is not of this case"),
})


class NotTeamMember(ValidationFailed):
    code = "visit.not_member"
    http_status = 403


class WrongAppointment(ValidationFailed):
    code = "visit.wrong_appointment"


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
    require_branch(principal, case.branch_id, "案件", cmd.case_id)
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
