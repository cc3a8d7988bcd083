"""A small bank built by hand whose every KPI for October 2026 is known (see EXPECTED)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.store import tables as t
from doorstep.store.tables_screening import screening_runs, screening_selections, strategies
from tests import factories as f

OPENED = datetime(2026, 9, 20, 2, 0)

#: plan "known" over October 2026 (local dates)
EXPECTED: dict[str, Any] = {
    "cases": 5, "visits_done": 5, "contact_rate": 0.6, "csat": 11 / 3, "nps": 0.0,
    "survey_response_rate": 0.75, "resolution_rate": 0.5, "agreements_kept_rate": 0.5,
    "amount_recovered": 700.0, "recovery_rate": 0.07, "escalation_rate": 0.4,
    "litigation_rate": 0.2, "time_to_resolution": 15.0, "compliance_exceptions": 1.0,
}


def _add(conn: Any, table: Any, **values: Any) -> int:
    return int(conn.execute(insert(table).values(**values)).inserted_primary_key[0])


def _case(c: Container, n: int, customer: int, branch: int, state: str, **kw: Any) -> int:
    values: dict[str, Any] = {"opened_at": OPENED, "overdue_amount": Decimal(n * 1000)}
    values.update(kw)
    return f.case(c, customer, branch, state=state, case_no=f"AJ20261000{n:05d}", **values)


def known_bank(c: Container, users: dict[str, tuple[Role, str | None]]) -> dict[str, Any]:
    """Branches FT01 and NS01, a team in FT01, the known bank (:func:`build`), and ``users``
    (username → role and branch code); the ids with ``ft``, ``ns`` and ``team``."""
    ft = f.branch(c)
    ns = f.branch(c, "NS01", "南山支行")
    team = f.team(c, ft)
    ids = build(c, ft, ns, team)
    for username, (role, branch_code) in users.items():
        f.user(c, username, role, branch_code)
    return {**ids, "ft": ft, "ns": ns, "team": team}


def build(c: Container, ft: int, ns: int, team: int) -> dict[str, int]:
    """Plan, cases, visits, surveys, agreements, repayments and exceptions with known sums."""
    with c.engine.begin() as conn:
        plan = _add(conn, t.plans, name="十月化解计划", period_start=date(2026, 10, 1),
                    period_end=date(2026, 12, 31), business_lines=["loan", "credit_card"],
                    branch_ids=[], visit_budget=100, holdout_share=0.1,
                    created_at=OPENED, version=1)
        other = _add(conn, t.plans, name="其他计划", period_start=date(2026, 10, 1),
                     period_end=date(2026, 12, 31), business_lines=["loan"], branch_ids=[ns],
                     visit_budget=10, holdout_share=0.1, created_at=OPENED, version=1)
        for metric, comparator, target in (("resolution_rate", ">=", 0.5),
                                           ("csat", ">=", 4.0), ("escalation_rate", "<=", 0.1)):
            _add(conn, t.plan_goals, plan_id=plan, metric=metric, comparator=comparator,
                 target=target)
    cu = [f.customer(c, ft if i < 5 else ns, f"客户{i}") for i in range(9)]
    ids = {"plan": plan, "other_plan": other}
    ids["c1"] = _case(c, 1, cu[0], ft, "resolved", plan_id=plan, owner_team_id=team,
                      opened_at=datetime(2026, 10, 1), closed_at=datetime(2026, 10, 11))
    ids["c2"] = _case(c, 2, cu[1], ft, "resolved", plan_id=plan, owner_team_id=team,
                      business_line="credit_card", opened_at=datetime(2026, 10, 1),
                      closed_at=datetime(2026, 10, 21))
    ids["c3"] = _case(c, 3, cu[2], ft, "escalated", plan_id=plan, owner_team_id=team)
    ids["c4"] = _case(c, 4, cu[3], ft, "litigation", plan_id=plan, owner_team_id=team)
    ids["c5"] = _case(c, 0, cu[5], ns, "visited", plan_id=plan)
    ids["c6"] = _case(c, 6, cu[4], ft, "resolved", plan_id=plan,
                      closed_at=datetime(2026, 9, 25))  # closed before October
    ids["c7"] = _case(c, 7, cu[6], ns, "approved", plan_id=plan,
                      opened_at=datetime(2026, 11, 1, 12))  # opened after October
    ids["c8"] = _case(c, 8, cu[7], ns, "resolved", plan_id=other)
    _history(c, ids, team)
    ids["customers"] = cu  # type: ignore[assignment]
    return ids


def _history(c: Container, ids: dict[str, int], team: int) -> None:
    with c.engine.begin() as conn:
        def visit(case: str, at: datetime, outcome: str) -> int:
            return _add(conn, t.visits, case_id=ids[case], team_id=team, staff_present=[1, 2],
                        outcome=outcome, created_at=at)
        visit("c1", datetime(2026, 10, 3), "not_at_home")
        v1 = visit("c1", datetime(2026, 10, 8), "resolved_fixed")
        visit("c1", datetime(2026, 9, 25), "not_at_home")  # before October
        visit("c2", datetime(2026, 10, 5), "not_at_home")
        visit("c3", datetime(2026, 10, 9), "escalate")
        visit("c5", datetime(2026, 10, 12), "refused")

        def survey(case: str, sent: datetime, answered: datetime | None = None,
                   csat: int | None = None, nps: int | None = None,
                   comment: str | None = None) -> None:
            _add(conn, t.surveys, case_id=ids[case], sent_at=sent, answered_at=answered,
                 csat=csat, nps=nps, comment=comment)
        survey("c1", datetime(2026, 10, 5), datetime(2026, 10, 6), 5, 10,
               "两位工作人员很有耐心，非常满意。")
        survey("c2", datetime(2026, 10, 7), datetime(2026, 10, 8), 2, 3,
               "态度敷衍，问题一点没解决，还不如不来。")
        survey("c3", datetime(2026, 10, 9))
        survey("c5", datetime(2026, 9, 28), datetime(2026, 10, 2), 4, 8)
        survey("c4", datetime(2026, 10, 10))

        def agreement(case: str, state: str, at: datetime) -> int:
            return _add(conn, t.agreements, case_id=ids[case], visit_id=v1,
                        kind="repayment_plan", total_amount=Decimal("1000"), state=state,
                        created_at=at)
        a1 = agreement("c1", "kept", datetime(2026, 10, 3))
        a2 = agreement("c2", "broken", datetime(2026, 10, 4))
        agreement("c3", "active", datetime(2026, 10, 4))
        agreement("c1", "kept", datetime(2026, 11, 1))  # after October
        for agr, paid, on in ((a1, "500", date(2026, 10, 15)), (a1, "300", date(2026, 9, 30)),
                              (a2, "200", date(2026, 10, 31))):
            _add(conn, t.instalments, agreement_id=agr, due_on=on, amount=Decimal(paid),
                 paid_amount=Decimal(paid), paid_on=on, state="paid")
        for case, at in (("c3", datetime(2026, 10, 10)), ("c1", datetime(2026, 11, 2))):
            _add(conn, t.compliance_exceptions, case_id=ids[case], rule="quiet_hours",
                 detail="夜间联系", approver="pm", reason="客户同意", actor="user:pm", at=at)


def screening(c: Container, plan: int, visited: list[tuple[int, str, int | None]],
              holdout: list[int]) -> int:
    """An approved run of ``plan``: visited ``(customer, arm, case)`` and holdout customers."""
    with c.engine.begin() as conn:
        strategy = _add(conn, strategies, name="冠军策略", version=1, rule_set_ids=[],
                        ranking={}, created_at=OPENED, created_by="analyst")
        run = _add(conn, screening_runs, plan_id=plan, strategy_id=strategy, holdout_share=0.1,
                   engine="duckdb", seed=7, status="approved", summary={}, started_at=OPENED,
                   approved_at=OPENED, started_by="analyst")
        rows = [(cu, arm, "selected", case) for cu, arm, case in visited]
        rows += [(cu, "holdout", "holdout", None) for cu in holdout]
        for cu, arm, group, case in rows:
            _add(conn, screening_selections, run_id=run, customer_id=cu, business_line="loan",
                 case_type="overdue_debt", arm=arm, outcome_group=group, risk=0.5,
                 expected_benefit=1.0, amount_at_stake=Decimal("1000"), matched_rules=[],
                 reason_codes=[], case_id=case)
    return run
