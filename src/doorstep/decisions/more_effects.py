"""Effects of the kinds decided on their own queue entry (not through a capability's
button): the do-not-visit flag and a trained model's promotion. Screening lists and
case-study publication are decided on their own pages (``decide_on_subject``), where the
request is filed and decided in one step."""

from __future__ import annotations

from doorstep.approvals.model import KIND_LABELS, Kind, Request
from doorstep.approvals.service import Effects
from doorstep.cases.compliance import Policy
from doorstep.core.access import Principal
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, Msg
from doorstep.core.uow import UnitOfWork


def _nothing(uow: UnitOfWork, who: Principal, request: Request) -> None:
    return None


def _promote(uow: UnitOfWork, decider: Principal, request: Request) -> None:
    """A trained model version approved from the queue becomes ``current``."""
    model_id = request.subject_id
    version = uow.screening.model_version(model_id)
    now = uow.clock.now()
    uow.screening.make_current(model_id, decider.username, now)
    uow.audit(AuditEntry(decider.actor, "model.promote", "model_version", str(model_id),
                         {"status": version.status},
                         {"status": "current", "approval_id": request.id}, now))


def effects_for(kind: Kind, policy: Policy) -> Effects:
    if kind == Kind.MODEL_PROMOTION:
        return Effects(_promote, _nothing)
    if kind == Kind.DO_NOT_VISIT:
        from doorstep.customers.flags import flag_decided

        return Effects(flag_decided, _nothing)
    raise ValidationFailed(N_("Decide %(kind)s requests on their own page"),
                           kind=Msg(KIND_LABELS[kind]))
