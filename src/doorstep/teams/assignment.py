"""The fact an assignment needs from teams: whether the team's valid skills and certificates
cover the case (DESIGN §7). ``cases`` does not know skills; whoever issues ASSIGN brings this."""

from __future__ import annotations

from dataclasses import replace

from doorstep.cases.lifecycle import Command
from doorstep.cases.service import TransitionCase
from doorstep.core.clock import local
from doorstep.core.errors import NotFound
from doorstep.core.uow import UnitOfWork
from doorstep.teams.coverage import CaseNeed, team_covers


def with_coverage(uow: UnitOfWork, cmd: TransitionCase) -> TransitionCase:
    """``cmd`` with ``team_covers_case`` filled in for ASSIGN (other commands unchanged).
    A case or team that cannot be read is left to ``transition_case`` to report."""
    if cmd.command != Command.ASSIGN:
        return cmd
    try:
        case = uow.cases.get(cmd.case_id)
        team_id = cmd.team_id if cmd.team_id is not None else case.owner_team_id
        if team_id is None:
            return cmd
        need = CaseNeed(case.case_type.value, case.business_line.value, case.state.value,
                        case.priority, case.overdue_amount > 0)
        covers = team_covers(uow.teams.get(team_id), need, local(uow.clock.now()).date())
    except NotFound:
        return cmd
    return replace(cmd, team_covers_case=covers)
