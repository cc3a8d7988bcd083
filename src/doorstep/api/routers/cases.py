"""Case endpoints: list, detail, open, transitions, CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, StreamingResponse

from doorstep.api.schemas import (
    CaseCreate,
    CaseDetailPublic,
    CasePagePublic,
    CasePublic,
    HistoryPublic,
    TransitionCreate,
)
from doorstep.approvals.case_overrides import submit_transition
from doorstep.cases import lifecycle, service
from doorstep.cases.model import STATE_LABELS, BusinessLine, CaseState, CaseType
from doorstep.cases.queries import CaseListItem, CaseQuery, SortKey
from doorstep.core.access import Permission, Principal
from doorstep.core.i18n import label_of, pgettext, translate
from doorstep.evaluation.holdout_lock import refuse_if_locked
from doorstep.http.deps import ContainerDep, ReadUowDep, UowDep, allow

router = APIRouter(prefix="/api/v1/cases", tags=["cases"])


def to_public(item: CaseListItem, now_naive: object) -> CasePublic:
    overdue = item.sla_due is not None and item.state.value not in (
        "resolved", "litigation", "closed_unreachable") and item.sla_due < now_naive  # type: ignore[operator]
    return CasePublic(**{k: getattr(item, k) for k in CasePublic.model_fields
                         if hasattr(item, k)}, state_label=label_of(STATE_LABELS[item.state]),
                      overdue=overdue)


def _query(state: list[CaseState] | None, branch_id: int | None,
           business_line: BusinessLine | None, case_type: CaseType | None, plan_id: int | None,
           team_id: int | None, priority: int | None, overdue: bool, q: str, sort: SortKey,
           page: int, page_size: int) -> CaseQuery:
    return CaseQuery(states=tuple(state or ()), branch_id=branch_id, business_line=business_line,
                     case_type=case_type, plan_id=plan_id, team_id=team_id, priority=priority,
                     overdue_only=overdue, text=q, sort=sort, page=page, page_size=page_size)


StateQ = Annotated[list[CaseState] | None, Query(description="One or more states")]


@router.get("", response_model=CasePagePublic)
def list_cases(
    uow: ReadUowDep, principal: Annotated[Principal, allow(Permission.CASE_READ)],
    state: StateQ = None, branch_id: int | None = Query(None, ge=1),
    business_line: BusinessLine | None = None, case_type: CaseType | None = None,
    plan_id: int | None = Query(None, ge=1), team_id: int | None = Query(None, ge=1),
    priority: int | None = Query(None, ge=1, le=5), overdue: bool = False,
    q: str = Query("", max_length=64), sort: SortKey = "sla_due",
    page: int = Query(1, ge=1, le=100_000), page_size: int = Query(50, ge=1, le=200),
) -> CasePagePublic:
    """List cases in your branch scope, filtered and paginated (total counted to 10,000)."""
    query = _query(state, branch_id, business_line, case_type, plan_id, team_id, priority,
                   overdue, q, sort, page, page_size)
    result = service.list_cases(uow, principal, query)
    now = uow.clock.now().replace(tzinfo=None)
    return CasePagePublic(items=[to_public(i, now) for i in result.items], total=result.total,
                          total_is_capped=result.total_is_capped, page=result.page,
                          page_size=result.page_size)


def _export_header() -> list[str]:
    """The export's column headings in the user's language (its Chinese is the bank's)."""
    return [pgettext("csv column", "Case no."), pgettext("csv column", "Customer"),
            pgettext("csv column", "Branch"), pgettext("csv column", "Type"),
            pgettext("csv column", "Business line"), pgettext("csv column", "State"),
            pgettext("csv column", "Priority"), pgettext("csv column", "Overdue amount"),
            pgettext("csv column", "Amount at stake"), pgettext("csv column", "SLA due")]


@router.get("/export.csv", response_class=StreamingResponse)
def export_cases(
    uow: ReadUowDep, principal: Annotated[Principal, allow(Permission.CASE_EXPORT)],
    state: StateQ = None, business_line: BusinessLine | None = None,
) -> StreamingResponse:
    """Export the cases in your scope as CSV (personal data never included)."""
    rows: list[list[str]] = [_export_header()]
    page = 1
    while page <= 50:
        query = CaseQuery(states=tuple(state or ()), business_line=business_line, sort="id",
                          page=page, page_size=200)
        result = service.list_cases(uow, principal, query)
        rows += [[i.case_no, i.customer_name, i.branch_name, i.case_type.value,
                  i.business_line.value, label_of(STATE_LABELS[i.state]), str(i.priority),
                  str(i.overdue_amount), str(i.amount_at_stake), str(i.sla_due or "")]
                 for i in result.items]
        if len(result.items) < 200:
            break
        page += 1

    def body() -> Iterator[str]:
        buf = io.StringIO()
        buf.write("\ufeff")
        csv.writer(buf).writerows(rows)
        yield buf.getvalue()

    return StreamingResponse(body(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": "attachment; filename=cases.csv"})


@router.get("/{case_id}", response_model=CaseDetailPublic)
def get_case(case_id: int, uow: ReadUowDep,
             principal: Annotated[Principal, allow(Permission.CASE_READ)]) -> CaseDetailPublic:
    """One case with its history and the commands it can take next."""
    d = service.case_detail(uow, principal, case_id)
    base = to_public(d.item, uow.clock.now().replace(tzinfo=None))
    return CaseDetailPublic(
        **base.model_dump(), summary=d.summary, failed_attempts=d.failed_attempts,
        closed_at=d.closed_at, team_name=d.team_name, plan_name=d.plan_name,
        allowed_commands=lifecycle.allowed_commands(d.item.state),
        history=[HistoryPublic(**h.__dict__) for h in d.history],
    )


@router.post("", response_model=CaseDetailPublic, status_code=201)
def open_case(body: CaseCreate, uow: UowDep, container: ContainerDep,
              principal: Annotated[Principal, allow(Permission.CASE_APPROVE)]
              ) -> CaseDetailPublic:
    """Open a case by hand for a customer in your scope."""
    case = service.open_case(uow, principal, service.OpenCase(**body.model_dump()),
                             refuse_if_locked)
    uow.commit()
    assert case.id is not None
    with container.uow(write=False) as read:
        return get_case(case.id, read, principal)


@router.post("/{case_id}/transitions", response_model=CaseDetailPublic,
             responses={202: {"description": "Sent for approval (a compliance override)"}})
def transition(case_id: int, body: TransitionCreate, uow: UowDep, container: ContainerDep,
               principal: Annotated[Principal, allow(Permission.CASE_READ)]
               ) -> CaseDetailPublic | JSONResponse:
    """Apply a lifecycle command; send the version you read (409 if stale or illegal).

    With ``override.reason`` and a breach the policy lets an approver override, the command
    is filed as an approval request (202 with its id) and the case does not move until
    another authorised person approves it."""
    override = service.Override(body.override.reason) if body.override else None
    cmd = service.TransitionCase(
        case_id=case_id, command=body.command, expected_version=body.version,
        team_id=body.team_id, note=body.note, override=override)
    done = submit_transition(uow, principal, cmd, container.policy)
    uow.commit()
    if isinstance(done, service.Pending):
        message = translate("approval.pending", principal.language, id=done.approval_id)
        return JSONResponse({"approval_id": done.approval_id, "state": "pending",
                             "message": message}, status_code=202)
    with container.uow(write=False) as read:
        return get_case(case_id, read, principal)
