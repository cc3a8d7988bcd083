"""Rules to tighten are computed from approved screening selections and their cases."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select, update

from doorstep.container import Container
from doorstep.evaluation.improvement import service
from doorstep.screening.approval import approve_run
from doorstep.screening.features import make_engine
from doorstep.screening.runs import RunScreening, run_screening
from doorstep.store.tables import cases
from doorstep.store.tables_screening import screening_selections
from tests.integration.improvement.bank import ANALYST, AS_OF, MANAGER

PLAN = 1


def test_escalated_cases_of_a_rule_make_it_a_rule_to_tighten(
        champion_bank: tuple[Container, int]) -> None:
    """Per rule of the current rule set, the customers it selected in approved runs are
    counted; when their cases escalate the rule is recommended for tightening."""
    c, _ = champion_bank
    with c.uow() as uow:
        run_id = run_screening(uow, ANALYST, RunScreening(PLAN, AS_OF, 7), make_engine("duckdb"))
        uow.commit()
    with c.uow() as uow:
        approve_run(uow, MANAGER, run_id)
        uow.commit()
    s = screening_selections.c
    with c.engine.connect() as conn:
        rows = conn.execute(select(s.matched_rules, s.case_id).where(
            s.run_id == run_id, s.outcome_group == "selected")).all()
    per_rule = Counter(name for r in rows for name in set(r.matched_rules))
    rule, selected = per_rule.most_common(1)[0]
    with c.uow(write=False) as uow:
        names = uow.improvement.current_rule_names()
        stats = {x.rule: x for x in uow.improvement.rule_stats(names)}
    assert rule in names and stats[rule].selected == selected and stats[rule].escalated == 0
    hit = [r.case_id for r in rows if rule in r.matched_rules]
    with c.engine.begin() as conn:
        conn.execute(update(cases).where(cases.c.id.in_(hit)).values(state="escalated"))
    with c.uow(write=False) as uow:
        review = service.period_review(uow, MANAGER, AS_OF, 30)
    flagged = {a.rule: a for a in review.rules}
    assert rule in flagged and flagged[rule].stats.escalation_rate == 1.0
    assert f"升级率 100%（{selected} 位客户）" in flagged[rule].reasons
