"""Stored-XSS payloads in every text field a page renders, for the HTML and browser tests."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import insert

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.store import tables as t
from tests import factories as f

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
BOTH = f"客户{SCRIPT}备注{IMG}"
#: What must never appear raw in a page's HTML.
RAW = ("<script>alert(1)", "<img src=x onerror", "onerror=alert(1)>")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
AT = datetime(2026, 10, 20, 2, 0)


def _add(c: Container, table: Any, **values: Any) -> int:
    with c.engine.begin() as conn:
        return int(conn.execute(insert(table).values(**values)).inserted_primary_key[0])


def _team(c: Container, branch: int) -> int:
    staff = [_add(c, t.staff, staff_no=f"X{n}", name=name, role="customer_manager",
                  skills=["loans"], branch_id=branch, phone_enc=c.cipher.seal("13900000000"),
                  home_lat=22.55, home_lon=114.05, shift_start=time(9), shift_end=time(18),
                  weekdays=[1, 2, 3, 4, 5]) for n, name in enumerate((SCRIPT, IMG))]
    return _add(c, t.teams, name=f"组{SCRIPT}"[:64], branch_id=branch, member_a_id=staff[0],
                member_b_id=staff[1], formed_on=date(2026, 1, 1))


def _casebook(c: Container, case: int) -> int | None:
    try:
        from doorstep.store.tables_casebook import case_studies
    except ImportError:  # the casebook is optional in this test
        return None
    return _add(c, case_studies, title=f"案例{SCRIPT}", background=BOTH, problem=BOTH,
                actions=BOTH, outcome=BOTH, lessons=BOTH, business_line="loan",
                case_type="overdue_debt", outcome_tag="resolved", tags=[SCRIPT, IMG],
                search_text="案例 客户", status="published", source_case_id=case,
                created_by="trainer", created_at=AT, published_by="trainer", published_at=AT)


def seed_xss(c: Container) -> dict[str, int | None]:
    """A branch whose customer, complaint, case, visit, plan, team and case study all carry
    script payloads; users for every role (password ``f.PASSWORD``)."""
    ft = f.branch(c)
    customer = f.customer(c, ft, SCRIPT)
    f.customer(c, ft, IMG)
    team = _team(c, ft)
    plan = _add(c, t.plans, name=f"计划{SCRIPT}", period_start=date(2026, 10, 1),
                period_end=date(2026, 12, 31), business_lines=["loan"], branch_ids=[ft],
                visit_budget=10, holdout_share=0.1, created_at=AT)
    _add(c, t.plan_steps, plan_id=plan, title=f"步骤{IMG}", due_on=date(2026, 11, 10))
    case = f.case(c, customer, ft, state="visited", summary=BOTH, owner_team_id=team,
                  plan_id=plan)
    _add(c, t.complaints, customer_id=customer, branch_id=ft, channel="hotline",
         category=f"类{IMG}"[:32], text=BOTH, severity=4, received_at=AT)
    visit = _add(c, t.visits, case_id=case, team_id=team, staff_present=[1, 2], findings=BOTH,
                 customer_account=BOTH, customer_suggestions=BOTH, third_parties=BOTH,
                 signed_note=BOTH, outcome="resolved_explained", check_in_at=AT,
                 check_out_at=AT, consent_to_enter=True, created_at=AT)
    for role in Role:
        f.user(c, role.value, role, "FT01" if role in (Role.DISPATCHER, Role.FIELD_STAFF)
               else None)
    return {"branch": ft, "customer": customer, "case": case, "plan": plan, "team": team,
            "visit": visit, "study": _casebook(c, case),
            **_more(c, ft, customer, case, plan, visit)}


def _more(c: Container, ft: int, customer: int, case: int, plan: int,
          visit: int) -> dict[str, int | None]:
    """Survey comments, a training course and session, a screening run with a manual
    reason, an escalated case for the legal desk, a third-party contact, an overdue
    complaint and a rejected candidate model, all carrying payloads."""
    from doorstep.store import tables_screening as ts
    from doorstep.store import tables_training as tt

    _add(c, t.surveys, case_id=case, visit_id=visit, sent_at=AT, answered_at=AT, csat=2,
         nps=3, comment=BOTH)
    course = _add(c, tt.courses, code="XSS01", title=f"课程{SCRIPT}", category="compliance",
                  description=BOTH, hours=2, pass_mark=60)
    session = _add(c, tt.training_sessions, course_id=course, starts_at=AT, trainer="trainer",
                   place=f"教室{IMG}"[:100], capacity=10, created_at=AT)
    strategy = _add(c, ts.strategies, name=f"策略{SCRIPT}", version=1, rule_set_ids=[],
                    ranking={}, created_at=AT, created_by="analyst")
    run = _add(c, ts.screening_runs, plan_id=plan, strategy_id=strategy, holdout_share=0.1,
               engine="duckdb", seed=7, status="draft", summary={}, started_at=AT,
               started_by="analyst")
    _add(c, ts.screening_selections, run_id=run, customer_id=customer, business_line="loan",
         case_type="overdue_debt", arm="champion", outcome_group="selected", rank=1, risk=0.5,
         expected_benefit=10.0, amount_at_stake=100, matched_rules=[SCRIPT],
         reason_codes=[{"feature": "dpd", "value": None, "contribution": 0.1, "text": BOTH,
                        "increases_risk": True}], manual_reason=BOTH, manual_by="analyst")
    legal_case = f.case(c, customer, ft, state="escalated", summary=BOTH,
                        case_no="AJ2026110000909")
    _add(c, t.contacts, case_id=case, channel="phone", at=AT, outcome="reached",
         confirmed=False, third_party=True, party="other", relation=SCRIPT, note=BOTH)
    _add(c, t.complaints, customer_id=customer, branch_id=ft, channel="regulator",
         category=f"类{SCRIPT}"[:32], text=BOTH, severity=5, received_at=AT,
         due_at=datetime(2026, 10, 25, 2, 0))
    return {"course": course, "session": session, "run": run, "legal_case": legal_case,
            "candidate": _candidate(c)}


def _candidate(c: Container) -> int:
    """A retrained candidate, rejected with a payload as its reason, its drift report naming
    a payload feature (the improvement page shows both)."""
    from doorstep.store import tables_improvement as ti
    from doorstep.store import tables_screening as ts

    model = _add(c, ts.model_versions, kind="escalation", version=1, created_at=AT,
                 feature_names=[SCRIPT], metrics={}, blob=b"", status="rejected")
    return _add(c, ti.model_comparisons, model_version_id=model, champion_id=None,
                inputs_key="xss", cutoff=date(2026, 9, 1), as_of=date(2026, 10, 1), seed=7,
                counts={"test_rows": 10, "test_positives": 2},
                comparison={"candidate": {"auc": 0.7, "brier": 0.2}, "champion": None},
                drift=[{"feature": BOTH, "psi": 0.3, "level": "major",
                        "reference_shares": [0.5, 0.5], "current_shares": [0.2, 0.8]}],
                verdict="no_champion", decision="rejected", created_at=AT, created_by=IMG,
                decided_by="manager", decided_at=AT, reason=BOTH)


def pages(ids: dict[str, int | None]) -> dict[str, list[str]]:
    """Per role: the pages that show the seeded texts."""
    manager = ["/cases", f"/cases/{ids['case']}", f"/customers/{ids['customer']}", "/plans",
               f"/plans/{ids['plan']}", "/teams", "/dispatch"]
    if ids["study"] is not None:
        manager += ["/casebook", f"/casebook/{ids['study']}"]
    manager += [f"/evaluation/plans/{ids['plan']}/satisfaction", f"/screening/runs/{ids['run']}",
                "/screening", "/screening/strategies", "/improvement", "/complaints?show=all",
                f"/complaints?customer={ids['customer']}"]
    return {"programme_manager": manager,
            "dispatcher": ["/", "/dispatch", "/cases", "/complaints", "/complaints?show=overdue"],
            "auditor": [f"/cases/{ids['case']}", "/audit"],
            "legal_officer": [f"/cases/{ids['case']}", "/legal",
                              f"/legal/cases/{ids['legal_case']}"],
            "field_staff": [f"/field/cases/{ids['case']}"],
            "trainer": [f"/training/courses/{ids['course']}",
                        f"/training/sessions/{ids['session']}"]}
