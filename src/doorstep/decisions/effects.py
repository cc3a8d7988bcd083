"""What approving or refusing each kind of request does, and the one ``decide`` the API,
pages and CLI call. Maps a kind to the handler of the capability that asked for it."""

from __future__ import annotations

from doorstep.approvals import case_overrides as overrides
from doorstep.approvals import service
from doorstep.approvals.model import Authority, Kind, Request
from doorstep.approvals.service import Effects
from doorstep.auth.service import principal_of
from doorstep.cases.compliance import Policy
from doorstep.core.access import Principal
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, Msg
from doorstep.core.uow import UnitOfWork
from doorstep.visits.records import approved as visits


def maker_of(uow: UnitOfWork, request: Request) -> Principal:
    """The person who made the request, as they act now (role and branch from the store)."""
    row = uow.users.by_username(request.requested_by)
    if row is None:
        raise NotFound(entity=Msg(N_("User")), id=request.requested_by)
    return principal_of(row)


def _override_effects(policy: Policy) -> Effects:
    def approved(uow: UnitOfWork, decider: Principal, request: Request) -> None:
        maker = maker_of(uow, request)
        if request.payload.get("action") == "visit":
            visits.visit_approved(uow, maker, decider, request, policy)
        else:
            overrides.approved_transition(uow, maker, decider, request, policy)

    def refused(uow: UnitOfWork, decider: Principal, request: Request) -> None:
        overrides.record_refusal(uow, decider, request, int(request.payload["case_id"]))

    return Effects(approved, refused)


def _waiver_effects() -> Effects:
    return Effects(lambda uow, who, req: visits.waiver_decided(uow, who, req, True),
                   lambda uow, who, req: visits.waiver_decided(uow, who, req, False))


def effects_for(kind: Kind, policy: Policy) -> Effects:
    if kind == Kind.COMPLIANCE_OVERRIDE:
        return _override_effects(policy)
    if kind == Kind.FEE_WAIVER:
        return _waiver_effects()
    from doorstep.decisions import more_effects

    return more_effects.effects_for(kind, policy)


def decide(uow: UnitOfWork, decider: Principal, approval_id: int, approve: bool, reason: str,
           authority: Authority, policy: Policy) -> Request:
    """Approve or refuse a request: rule, effect and audit in one transaction."""
    kind: Kind = service.get(uow, decider, approval_id).kind
    return service.decide(uow, decider, approval_id, approve, reason, authority,
                          effects_for(kind, policy))
