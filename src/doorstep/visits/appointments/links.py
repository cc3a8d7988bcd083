"""What the customer's link shows: valid, used, expired or forged, and the details."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from doorstep.core.uow import UnitOfWork
from doorstep.visits.appointments import tokens


@dataclass(frozen=True)
class LinkContext:
    """The bank's details and the signing secret, from settings."""

    secret: str
    base_url: str
    bank_name: str
    hotline: str
    link_hours: int = 72


@dataclass(frozen=True)
class LinkView:
    """``status``: ok | used | expired | invalid | done; ``done`` names what was just done;
    ``staff`` holds (name, staff number, role code)."""

    status: str
    bank_name: str
    hotline: str
    appointment: Any = None
    slots: list[tuple[datetime, datetime]] = field(default_factory=list)
    branch_name: str = ""
    branch_address: str = ""
    staff: list[tuple[str, str, str]] = field(default_factory=list)
    customer_name: str = ""
    done: str = ""


def _mask_name(name: str) -> str:
    return name[:1] + "*" * max(1, len(name) - 1)


def link_view(uow: UnitOfWork, token: str, ctx: LinkContext, done: str = "") -> LinkView:
    """Check the token (signature, stored hash, use, expiry) and gather what to show."""
    bare = LinkView("invalid", ctx.bank_name, ctx.hotline)
    payload = tokens.read(ctx.secret, token)
    if payload is None:
        return bare
    appt = uow.appointments.by_token_hash(tokens.token_hash(token))
    if appt is None or appt.id != payload.appointment_id:
        return bare
    case = uow.cases.get(appt.case_id)
    customer = uow.appointments.customer_contact(case.customer_id)
    team = uow.teams.get(appt.team_id)
    view = LinkView(
        status="ok", bank_name=ctx.bank_name, hotline=ctx.hotline, appointment=appt,
        slots=[tokens.parse_slot(s) for s in payload.alternatives],
        branch_name=customer.branch_name, branch_address=customer.branch_address,
        staff=[(m.name, m.staff_no, m.role) for m in team.members],
        customer_name=_mask_name(customer.name), done=done)
    now = uow.clock.now().replace(tzinfo=None)
    if done:
        return _with(view, "done")
    if appt.token_used_at is not None or appt.state != "proposed":
        return _with(view, "used")
    if appt.token_expires_at is not None and appt.token_expires_at <= now:
        return _with(view, "expired")
    return view


def _with(view: LinkView, status: str) -> LinkView:
    from dataclasses import replace

    return replace(view, status=status)
