"""KPI figures as SQL aggregates (GROUP BY in the database, never row by row in Python).

Every query starts from the cases in scope that were open during the period (opened before
it ended, not closed before it began) and groups by (plan, owner team, business line,
branch): a handful of rows from which ``evaluation.model.rollup`` sums any breakdown.
Migration 0005's covering indexes let PostgreSQL answer the KPI pass from indexes alone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from doorstep.cases.model import DECIDED_STATES, ESCALATED_STATES
from doorstep.core.clock import naive_utc
from doorstep.evaluation.model import NOT_CONTACTED_OUTCOMES, Dimension, KpiCounts, Period, Scope
from doorstep.evaluation.ports import CubeKey, Key, ReportRun, SurveyComment
from doorstep.store.repositories.effect import EffectQueries
from doorstep.store.tables import (
    agreements,
    branches,
    cases,
    compliance_exceptions,
    instalments,
    plans,
    staff,
    surveys,
    teams,
    visits,
)
from doorstep.store.tables_evaluation import kpi_snapshots, report_runs

#: The finest grouping every KPI query returns: plan, owner team, business line, branch.
KEYS = (cases.c.plan_id, cases.c.owner_team_id, cases.c.business_line, cases.c.branch_id)


def _flag(cond: ColumnElement[bool]) -> Any:
    return func.sum(case((cond, 1), else_=0))


def _between(col: Any, period: Period) -> ColumnElement[bool]:
    return and_(col >= period.begins, col < period.ends)


class EvaluationRepository(EffectQueries):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- scope -------------------------------------------------------------------------
    def _where(self, scope: Scope, period: Period) -> list[ColumnElement[bool]]:
        out = [cases.c.opened_at < period.ends,
               or_(cases.c.closed_at.is_(None), cases.c.closed_at >= period.begins)]
        if scope.plan_id is not None:
            out.append(cases.c.plan_id == scope.plan_id)
        if scope.branch_id is not None:
            out.append(cases.c.branch_id == scope.branch_id)
        if scope.business_line is not None:
            out.append(cases.c.business_line == scope.business_line)
        if scope.team_id is not None:
            out.append(cases.c.owner_team_id == scope.team_id)
        return out

    def _grouped(self, stmt: Select[Any], scope: Scope, period: Period) -> list[Any]:
        stmt = stmt.where(*self._where(scope, period)).group_by(*KEYS, cases.c.state)
        return list(self.conn.execute(stmt))

    def _days(self) -> Any:
        if self.conn.dialect.name == "postgresql":
            return func.extract("epoch", cases.c.closed_at - cases.c.opened_at) / 86400.0
        return func.julianday(cases.c.closed_at) - func.julianday(cases.c.opened_at)

    # -- figures -----------------------------------------------------------------------
    def counts(self, scope: Scope, period: Period) -> dict[CubeKey, KpiCounts]:
        """KPI counts per (plan, team, business line, branch) in one GROUP BY query; every
        breakdown and total is a sum over these few groups."""
        self._fast_aggregates()
        return self._cube(scope, period)

    def _fast_aggregates(self) -> None:
        """PostgreSQL: no JIT compilation (it costs more than it saves on these short
        aggregates) and enough memory for the hash joins, for this transaction only."""
        if self.conn.dialect.name == "postgresql":
            self.conn.exec_driver_sql("SET LOCAL jit = off")
            self.conn.exec_driver_sql("SET LOCAL work_mem = '64MB'")

    def team_members(self, team_ids: list[int]) -> dict[int, tuple[int, int]]:
        """Each team's two members."""
        if not team_ids:
            return {}
        rows = self.conn.execute(select(teams.c.id, teams.c.member_a_id, teams.c.member_b_id)
                                 .where(teams.c.id.in_(team_ids)))
        return {int(r[0]): (int(r[1]), int(r[2])) for r in rows}

    def _events(self, period: Period) -> list[Any]:
        """Per-case aggregates of the period's visits, surveys, agreements, repayments and
        exceptions (each table scanned once, grouped by case)."""
        met = func.max(case((visits.c.outcome.not_in(NOT_CONTACTED_OUTCOMES), 1), else_=0))
        v = (select(visits.c.case_id, func.count().label("n"), met.label("met"))
             .where(_between(visits.c.created_at, period)).group_by(visits.c.case_id))
        answered, sent = _between(surveys.c.answered_at, period), _between(
            surveys.c.sent_at, period)
        sv = (select(surveys.c.case_id, _flag(sent).label("sent"),
                     _flag(answered).label("answered"),
                     func.sum(case((answered, surveys.c.csat), else_=None)).label("csat"),
                     func.count(case((answered, surveys.c.csat), else_=None)).label("csat_n"),
                     _flag(and_(answered, surveys.c.nps >= 9)).label("promoters"),
                     _flag(and_(answered, surveys.c.nps <= 6)).label("detractors"),
                     func.count(case((answered, surveys.c.nps), else_=None)).label("nps_n"))
              .where(or_(answered, sent)).group_by(surveys.c.case_id))
        ag = (select(agreements.c.case_id, _flag(agreements.c.state == "kept").label("kept"),
                     _flag(agreements.c.state == "broken").label("broken"))
              .where(agreements.c.created_at < period.ends).group_by(agreements.c.case_id))
        paid = (select(agreements.c.case_id, func.sum(instalments.c.paid_amount).label("paid"))
                .select_from(instalments.join(agreements,
                                              agreements.c.id == instalments.c.agreement_id))
                .where(instalments.c.paid_on >= period.start, instalments.c.paid_on <= period.end)
                .group_by(agreements.c.case_id))
        ex = (select(compliance_exceptions.c.case_id, func.count().label("n"))
              .where(_between(compliance_exceptions.c.at, period))
              .group_by(compliance_exceptions.c.case_id))
        return [q.subquery() for q in (v, sv, ag, paid, ex)]

    def _cube(self, scope: Scope, period: Period) -> dict[CubeKey, KpiCounts]:
        """One pass over the cases in scope, joined to the per-case event aggregates and
        grouped by the keys and the case state (the state flags are counted in Python, which
        spares the database four conditional sums over every case)."""
        v, sv, ag, paid, ex = self._events(period)
        closed_in = and_(cases.c.state == "resolved", _between(cases.c.closed_at, period))
        joined: Any = cases
        for sub in (v, sv, ag, paid, ex):
            joined = joined.outerjoin(sub, sub.c.case_id == cases.c.id)
        total = func.sum
        rows = self._grouped(select(
            *KEYS, cases.c.state, func.count(), total(cases.c.overdue_amount),
            total(case((closed_in, self._days()), else_=None)), func.count(case((closed_in, 1))),
            total(v.c.n), func.count(v.c.case_id), total(v.c.met),
            total(sv.c.sent), total(sv.c.answered), total(sv.c.csat), total(sv.c.csat_n),
            total(sv.c.promoters), total(sv.c.detractors), total(sv.c.nps_n),
            total(ag.c.kept), total(ag.c.broken), total(paid.c.paid), total(ex.c.n))
            .select_from(joined), scope, period)
        out: dict[CubeKey, KpiCounts] = {}
        for r in rows:
            key = _cube_key(r)
            out[key] = out.get(key, KpiCounts()) + _counts(str(r[4]), r[5:])
        return out

    # -- names -------------------------------------------------------------------------
    def names(self, dimension: Dimension, keys: list[Key]) -> dict[Key, str]:
        """Display names of a dimension's keys (business lines keep their code)."""
        ids = [int(k) for k in keys if k is not None and k.isdigit()]
        table, column = {Dimension.PLAN: (plans, plans.c.name),
                         Dimension.TEAM: (teams, teams.c.name),
                         Dimension.STAFF: (staff, staff.c.name),
                         Dimension.BRANCH: (branches, branches.c.name)}.get(
                             dimension, (None, None))
        if table is None or column is None or not ids:
            return {k: k or "—" for k in keys}
        found = {str(r[0]): str(r[1]) for r in self.conn.execute(
            select(table.c.id, column).where(table.c.id.in_(ids)))}
        return {k: found.get(k or "", "—") for k in keys}

    def visits_by_month(self, scope: Scope, period: Period) -> list[tuple[str, int]]:
        """Visits made per month (``YYYY-MM``) of the period, in the scope."""
        self._fast_aggregates()
        if self.conn.dialect.name == "postgresql":
            month: Any = func.to_char(visits.c.created_at, "YYYY-MM")
        else:
            month = func.strftime("%Y-%m", visits.c.created_at)
        stmt = (select(month, func.count())
                .select_from(visits.join(cases, cases.c.id == visits.c.case_id))
                .where(_between(visits.c.created_at, period), *self._where(scope, period))
                .group_by(month).order_by(month))
        return [(str(r[0]), int(r[1])) for r in self.conn.execute(stmt)]


    # -- satisfaction --------------------------------------------------------------------
    def survey_comments(self, scope: Scope, period: Period,
                        limit: int = 500) -> list[SurveyComment]:
        """Answered surveys with a comment in the period, newest first."""
        stmt = (select(surveys.c.id, cases.c.case_no, surveys.c.answered_at, surveys.c.csat,
                       surveys.c.nps, surveys.c.comment, surveys.c.dissatisfaction)
                .select_from(surveys.join(cases, cases.c.id == surveys.c.case_id))
                .where(_between(surveys.c.answered_at, period), surveys.c.comment.is_not(None),
                       surveys.c.comment != "", *self._where(scope, period))
                .order_by(surveys.c.answered_at.desc(), surveys.c.id.desc()).limit(limit))
        return [SurveyComment(**r._mapping) for r in self.conn.execute(stmt)]

    def unscored_comments(self, limit: int) -> list[tuple[int, str]]:
        rows = self.conn.execute(
            select(surveys.c.id, surveys.c.comment)
            .where(surveys.c.comment.is_not(None), surveys.c.comment != "",
                   surveys.c.dissatisfaction.is_(None)).order_by(surveys.c.id).limit(limit))
        return [(int(r[0]), str(r[1])) for r in rows]

    def store_comment_scores(self, scores: list[tuple[int, float]]) -> None:
        for survey_id, score in scores:
            self.conn.execute(update(surveys).where(surveys.c.id == survey_id)
                              .values(dissatisfaction=score))

    # -- KPI snapshots -------------------------------------------------------------------
    def _snapshot_key(self, plan_id: int, period: Period,
                      branch_id: int | None) -> list[ColumnElement[bool]]:
        s = kpi_snapshots.c
        branch = s.branch_id.is_(None) if branch_id is None else s.branch_id == branch_id
        return [s.plan_id == plan_id, s.period_start == period.start,
                s.period_end == period.end, branch]

    def snapshot(self, plan_id: int, period: Period,
                 branch_id: int | None) -> tuple[dict[str, Any], datetime] | None:
        """The stored figures and computed_at of exactly this key (``branch_id`` None: the
        whole bank), or None."""
        row = self.conn.execute(
            select(kpi_snapshots.c.figures, kpi_snapshots.c.computed_at)
            .where(*self._snapshot_key(plan_id, period, branch_id))
            .order_by(kpi_snapshots.c.id.desc()).limit(1)).first()
        return None if row is None else (dict(row[0]), row[1])

    def save_snapshot(self, plan_id: int, period: Period, branch_id: int | None,
                      figures: dict[str, Any], computed_at: datetime) -> None:
        """Replace the snapshot of this key."""
        self.conn.execute(delete(kpi_snapshots).where(
            *self._snapshot_key(plan_id, period, branch_id)))
        self.conn.execute(insert(kpi_snapshots).values(
            plan_id=plan_id, period_start=period.start, period_end=period.end,
            branch_id=branch_id, figures=figures, computed_at=naive_utc(computed_at)))

    def branch_ids(self) -> list[int]:
        """Every branch of the bank."""
        return [int(r[0]) for r in self.conn.execute(select(branches.c.id)
                                                     .order_by(branches.c.id))]

    # -- report runs ---------------------------------------------------------------------
    def last_report(self, kind: str, period_key: str,
                    plan_id: int | None) -> ReportRun | None:
        plan_cond = (report_runs.c.plan_id.is_(None) if plan_id is None
                     else report_runs.c.plan_id == plan_id)
        row = self.conn.execute(
            select(report_runs).where(report_runs.c.kind == kind,
                                      report_runs.c.period_key == period_key, plan_cond,
                                      report_runs.c.status == "done")
            .order_by(report_runs.c.id.desc()).limit(1)).first()
        return None if row is None else ReportRun(**row._mapping)

    def add_report_run(self, values: dict[str, Any]) -> int:
        key = self.conn.execute(insert(report_runs).values(**values)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def report_runs(self, limit: int = 20) -> list[ReportRun]:
        return [ReportRun(**r._mapping) for r in self.conn.execute(
            select(report_runs).order_by(report_runs.c.id.desc()).limit(limit))]


def _counts(state: str, r: Any) -> KpiCounts:
    """The counts of one (keys, state) group: the state decides the four state flags."""
    n = [0 if x is None else x for x in r]
    cases_n = int(n[0])
    return KpiCounts(
        cases=cases_n, resolved=cases_n if state == "resolved" else 0,
        decided=cases_n if state in DECIDED_STATES else 0,
        escalated=cases_n if state in ESCALATED_STATES else 0,
        litigation=cases_n if state == "litigation" else 0, overdue=float(n[1]),
        resolution_days_sum=float(n[2]), resolution_days_n=int(n[3]), visits_done=int(n[4]),
        cases_visited=int(n[5]), cases_contacted=int(n[6]), surveys_sent=int(n[7]),
        surveys_answered=int(n[8]), csat_sum=float(n[9]), csat_answers=int(n[10]),
        nps_promoters=int(n[11]), nps_detractors=int(n[12]), nps_answers=int(n[13]),
        agreements_kept=int(n[14]), agreements_broken=int(n[15]), recovered=float(n[16]),
        compliance_exceptions=int(n[17]))


def _cube_key(row: Any) -> CubeKey:
    def _id(v: Any) -> int | None:
        return None if v is None else int(v)
    return (_id(row[0]), _id(row[1]), str(row[2]), _id(row[3]))
