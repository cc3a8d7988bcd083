"""Evaluation values: periods, dimensions and the counts KPIs are computed from.

Plain dataclasses; free of I/O.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from doorstep.core.clock import BANK_TZ
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, Msg, codes

codes({
    "evaluation.bad_period": N_("Invalid period: %(value)s"),
})


class BadPeriod(ValidationFailed):
    code = "evaluation.bad_period"


class Dimension(StrEnum):
    """What KPIs can be broken down by."""

    PLAN = "plan"
    TEAM = "team"
    STAFF = "staff"
    BUSINESS_LINE = "business_line"
    BRANCH = "branch"


DIMENSION_LABELS: dict[Dimension, str] = {
    Dimension.PLAN: N_("Plan"),
    Dimension.TEAM: N_("Field team"),
    Dimension.STAFF: N_("Staff"),
    Dimension.BUSINESS_LINE: N_("Business line"),
    Dimension.BRANCH: N_("Branch"),
}


def _utc_naive(day: date) -> datetime:
    return datetime.combine(day, time.min, BANK_TZ).astimezone(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Period:
    """Calendar days ``start`` to ``end``, both included (local dates)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise BadPeriod(value=f"{self.start}–{self.end}")

    @property
    def begins(self) -> datetime:
        """The first instant of the period: local midnight as naive UTC, as stored."""
        return _utc_naive(self.start)

    @property
    def ends(self) -> datetime:
        """The first instant after the period (exclusive bound), naive UTC."""
        return _utc_naive(self.end + timedelta(days=1))

    @property
    def label(self) -> Msg:
        """"2026-10-01 to 2026-10-31", in the reader's language."""
        return Msg(N_("%(start)s to %(end)s"),
                   {"start": self.start.isoformat(), "end": self.end.isoformat()})

    @classmethod
    def month(cls, value: str) -> Period:
        """``"2026-10"`` → 1 to 31 October 2026; anything else raises :class:`BadPeriod`."""
        match = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise BadPeriod(value=value)
        year, month = int(match.group(1)), int(match.group(2))
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def parse(cls, start: str, end: str) -> Period:
        """Two ISO dates; a bad date raises :class:`BadPeriod`."""
        try:
            return cls(date.fromisoformat(start), date.fromisoformat(end))
        except ValueError:
            raise BadPeriod(value=f"{start}–{end}") from None


@dataclass(frozen=True)
class Scope:
    """Which cases count: a plan, a branch (the viewer's), a business line, a team."""

    plan_id: int | None = None
    branch_id: int | None = None
    business_line: str | None = None
    team_id: int | None = None


#: Visit outcomes that did not reach the customer: such a visit counts as made
#: (``visits_done``, ``cases_visited``) but not as contact (DESIGN §8 "contact rate").
NOT_CONTACTED_OUTCOMES = ("not_at_home",)


@dataclass(frozen=True)
class KpiCounts:
    """Figures over the cases in scope that were open during the period.

    A case counts when it was opened before the period ended and not closed before it
    began; events (visits, surveys, repayments, exceptions) count when they happened in
    the period; states are the cases' current states.
    """

    cases: int = 0
    visits_done: int = 0
    cases_visited: int = 0
    cases_contacted: int = 0  # a visit met the customer (not "not at home")
    resolved: int = 0
    decided: int = 0  # resolved, escalated, mediation, litigation, closed_unreachable
    escalated: int = 0  # escalated, mediation or litigation
    litigation: int = 0
    resolution_days_sum: float = 0.0
    resolution_days_n: int = 0
    surveys_sent: int = 0
    surveys_answered: int = 0
    csat_sum: float = 0.0
    csat_answers: int = 0
    nps_promoters: int = 0
    nps_detractors: int = 0
    nps_answers: int = 0
    agreements_kept: int = 0
    agreements_broken: int = 0
    recovered: float = 0.0  # paid through agreements in the period, yuan
    overdue: float = 0.0  # overdue amount of the cases, yuan
    compliance_exceptions: int = 0

    def __add__(self, other: KpiCounts) -> KpiCounts:
        return KpiCounts(**{f.name: getattr(self, f.name) + getattr(other, f.name)
                            for f in fields(self)})


@dataclass(frozen=True)
class GroupKpis:
    """One row of a breakdown: the group's key, its name and its counts."""

    key: str
    name: str
    counts: KpiCounts


#: (plan id, owner team id, business line, branch id): the groups the store returns.
CubeKey = tuple[int | None, int | None, str, int | None]
_POSITION = {Dimension.PLAN: 0, Dimension.TEAM: 1, Dimension.BUSINESS_LINE: 2,
             Dimension.BRANCH: 3}


def total(cube: dict[CubeKey, KpiCounts]) -> KpiCounts:
    """All groups added up."""
    return sum(cube.values(), KpiCounts())


def rollup(cube: dict[CubeKey, KpiCounts], dimension: Dimension,
           members: dict[int, tuple[int, int]] | None = None) -> dict[str | None, KpiCounts]:
    """Sum the groups by one dimension; by staff, a team's counts go to both its members
    (``members``: team id -> member ids). Keys are strings (``None``: no plan/team)."""
    out: dict[str | None, KpiCounts] = {}
    for key, counts in cube.items():
        targets: list[str | None]
        if dimension is Dimension.STAFF:
            team = key[1]
            targets = [str(m) for m in (members or {}).get(team, ())] if team else []
        else:
            value = key[_POSITION[dimension]]
            targets = [None if value is None else str(value)]
        for target in targets:
            out[target] = out.get(target, KpiCounts()) + counts
    return out
