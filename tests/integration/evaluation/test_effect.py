"""Effect of visits against a real database: both arms measured from account, complaint and
litigation data over closed windows, by the draw, with hand-added customers apart."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.documents.pdf import find_chinese_font
from doorstep.evaluation import service
from doorstep.evaluation.model import Period
from doorstep.evaluation.reports.monthly import export_report
from doorstep.store import tables as t
from doorstep.store.tables_screening import screening_selections
from tests import factories as f
from tests.integration.evaluation.known_bank import known_bank, screening
from tests.pdf_text import pdf_text

CURED = ((date(2026, 8, 1), 0, 45), (date(2026, 9, 1), 2400, 0), (date(2026, 10, 1), 800, 0))
ROLLING = ((date(2026, 8, 1), 0, 45), (date(2026, 9, 1), 0, 75), (date(2026, 10, 1), 0, 105))


def _months(conn: Any, customer: int, n: int, months: tuple[tuple[date, int, int], ...]) -> None:
    account = int(conn.execute(insert(t.accounts).values(
        customer_id=customer, account_no=f"6222{n:012d}", business_line="loan",
        product="个人消费贷", opened_on=date(2024, 1, 1), balance=Decimal("10000"),
        days_past_due=months[-1][2])).inserted_primary_key[0])
    for month, paid, dpd in months:
        conn.execute(insert(t.repayments).values(
            account_id=account, month=month, amount_due=Decimal("800"),
            amount_paid=Decimal(paid), days_past_due=dpd))


@pytest.fixture
def bank(container: Container) -> dict[str, Any]:
    ids = known_bank(container, {"pm": (Role.PROGRAMME_MANAGER, None)})
    cu = ids["customers"]
    run = screening(container, ids["plan"], [(cu[0], "champion", ids["c1"]),
                                             (cu[1], "champion", ids["c2"]),
                                             (cu[2], "challenger", ids["c3"]),
                                             (cu[3], "challenger", ids["c4"])], [cu[6], cu[8]])
    with container.engine.begin() as conn:
        conn.execute(insert(t.complaints).values(
            customer_id=cu[8], branch_id=ids["ns"], channel="regulator", category="催收方式",
            text="向监管投诉", severity=4, received_at=datetime(2026, 10, 5)))
        for n, (customer, months) in enumerate(((cu[0], CURED), (cu[1], CURED),
                                                (cu[2], ROLLING), (cu[3], ROLLING),
                                                (cu[6], ROLLING), (cu[8], ROLLING),
                                                (cu[4], CURED))):
            _months(conn, customer, n, months)
        conn.execute(insert(screening_selections).values(  # hand-added, not randomised
            run_id=run, customer_id=cu[4], business_line="loan", case_type="overdue_debt",
            arm="manual", outcome_group="selected", risk=0.0, expected_benefit=0.0,
            amount_at_stake=Decimal("0"), matched_rules=["人工添加"], reason_codes=[],
            manual_by="analyst"))
    return ids


def test_both_arms_are_measured_from_account_data(container: Container,
                                                  bank: dict[str, Any]) -> None:
    """Cure, roll and complaints over the closed 30-day window come from repayments and
    complaints alike for both arms; the 60- and 90-day windows have not closed yet."""
    with container.uow(write=False) as uow:
        e = service.effect_of_visits(uow, f.principal(container, "pm"), bank["plan"])
    v = {x.measure: (x.treated, x.control, x.difference) for x in e.visits.estimates}
    assert (e.visits.treated_n, e.visits.control_n) == (4, 2)
    assert v["cured_30"][:2] == (0.5, 0.0) and v["rolled_30"][:2] == (0.5, 1.0)
    assert v["complaint_30"][:2] == (0.0, 0.5) and v["repaid_30"][:2] == (1600.0, 0.0)
    assert "cured_60" not in v and "cured_90" not in v
    assert e.figures.manual_n == 1 and e.figures.manual_means["cured_30"] == 1.0
    c = {x.measure: x.difference for x in e.challenger.estimates}
    assert c["cured_30"] == -1.0


def test_small_groups_are_not_judged(container: Container, bank: dict[str, Any]) -> None:
    """With a handful of customers the verdicts warn, and the headline says so too."""
    with container.uow(write=False) as uow:
        e = service.effect_of_visits(uow, f.principal(container, "pm"), bank["plan"])
    assert e.visits.too_small
    assert e.visit_verdicts["cured_30"].startswith("样本量不足（拜访组 4 人，对照组 2 人")
    assert e.headline == e.visit_verdicts["cured_30"]
    assert any("样本较小" in c for c in e.caveats)
    assert any("人工添加的 1 名客户" in c for c in e.caveats)


def test_visited_holdout_customer_is_contamination(container: Container,
                                                   bank: dict[str, Any]) -> None:
    """A holdout customer visited after the run stays in the holdout (intention to treat)
    and is counted as contamination."""
    cu = bank["customers"]
    case = f.case(container, cu[6], bank["ns"], state="visited", case_no="AJ2026100009999")
    with container.engine.begin() as conn:
        conn.execute(insert(t.visits).values(case_id=case, team_id=bank["team"],
                                             staff_present=[1, 2], outcome="refused",
                                             created_at=datetime(2026, 10, 2)))
    with container.uow(write=False) as uow:
        e = service.effect_of_visits(uow, f.principal(container, "pm"), bank["plan"])
    assert e.visits.control_n == 2 and e.figures.contaminated == 1
    assert any("对照组受到污染" in c for c in e.caveats)


def test_excel_and_pdf_carry_the_same_sentence(container: Container,
                                               bank: dict[str, Any]) -> None:
    """The Excel effect sheet and the PDF show the page's headline, caveats and figures."""
    pm = f.principal(container, "pm")
    with container.uow(write=False) as uow:
        e = service.effect_of_visits(uow, pm, bank["plan"])
        xlsx = export_report(uow, pm, bank["plan"], Period.month("2026-10"), "xlsx")
        pdf = export_report(uow, pm, bank["plan"], Period.month("2026-10"), "pdf",
                            find_chinese_font())
    sheet = list(load_workbook(io.BytesIO(xlsx.content))["拜访效果"].iter_rows(values_only=True))
    assert sheet[1][-1] == e.headline and any(r[-1] == e.caveats[0] for r in sheet)
    assert any(r[1] == "30 天内逾期转正常的比例" and r[6] == 0.5 for r in sheet)
    text = pdf_text(pdf.content)
    assert e.headline.replace(" ", "") in text and "实际上门的效果" in text


def test_the_uplift_history_port_gives_the_randomised_customers(container: Container,
                                                                bank: dict[str, Any]) -> None:
    """``uow.evaluation.uplift_rows`` (screening's only way to its uplift history) gives each
    randomised customer whose window closed, visited or held out, never the hand-added one."""
    with container.uow(write=False) as uow:
        today = uow.clock.now().date()
        rows = uow.evaluation.uplift_rows(today, "cured_30")
        closed_later = uow.evaluation.uplift_rows(today, "cured_90")
    assert sorted(r.treated for r in rows) == [False, False, True, True, True, True]
    assert sum(r.outcome for r in rows if r.treated) == 2.0 and closed_later == []
