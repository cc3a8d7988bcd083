"""Row builders for what a case leaves behind: the case summary, visit records, agreement
instalments and survey answers, in the bank's words."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from random import Random
from typing import Any

from doorstep.cases.model import CaseType
from doorstep.demo.data_complaints import CATEGORY_LABELS
from doorstep.demo.data_visits import (
    CONSENT_NO_ENTRY,
    CUSTOMER_ACCOUNTS,
    FAILED_FINDINGS,
    FINDINGS,
    OUTCOME_NOTES,
    SIGNED_NOTE,
    SUGGESTIONS,
    SURVEY_COMMENTS,
)
from doorstep.demo.geography import distance_km, scatter
from doorstep.demo.repayments import bucket
from doorstep.demo.selection import CaseSeed
from doorstep.demo.staff import Team

#: Survey answers by visit outcome: weights of CSAT 1..5.
CSAT_WEIGHTS: dict[str, tuple[float, ...]] = {
    "resolved_fixed": (0.01, 0.02, 0.07, 0.3, 0.6),
    "resolved_explained": (0.02, 0.04, 0.12, 0.35, 0.47),
    "repayment_plan": (0.02, 0.05, 0.15, 0.4, 0.38),
    "follow_up": (0.05, 0.12, 0.35, 0.3, 0.18),
    "refused": (0.35, 0.3, 0.2, 0.1, 0.05),
    "pending": (0.03, 0.07, 0.25, 0.35, 0.3),
}
NPS_BY_CSAT = {1: (0, 3), 2: (1, 5), 3: (4, 7), 4: (6, 9), 5: (8, 10)}


def token_hash(seed: int, kind: str, row_id: int) -> str:
    """A stable stand-in for the hash of a customer link token."""
    return hashlib.sha256(f"doorstep-demo/{seed}/{kind}/{row_id}".encode()).hexdigest()


def case_summary(seed: CaseSeed) -> str:
    a, c = seed.account, seed.profile.complaints
    if seed.case_type == CaseType.OVERDUE_DEBT:
        text = f"{a.product}逾期{a.days_past_due}天（M{bucket(a.days_past_due)}），" \
               f"逾期金额¥{seed.overdue_amount:,.2f}"
        if seed.profile.broken_promises:
            text += f"；近12个月{seed.profile.broken_promises}次承诺还款未履行"
    elif seed.case_type == CaseType.WEALTH_DISPUTE:
        text = f"客户对{a.product}亏损约¥{seed.amount_at_stake:,.0f}有异议，质疑销售适当性"
    elif seed.case_type == CaseType.INSURANCE_DISPUTE:
        text = f"客户对{a.product}的理赔或退保结果有异议"
    elif seed.case_type == CaseType.ACCOUNT_PROBLEM:
        text = f"客户{a.product}账户存在使用问题，需上门核实并协助处理"
    else:
        topic = CATEGORY_LABELS[c.category] if c is not None else "服务质量"
        kind = "投诉" if c and c.max_severity >= 3 else "意见"
        text = f"客户就{topic}问题提出{kind}（{a.product}）"
    if c is not None:
        text += f"；近一年投诉{c.count}次，最高严重度{c.max_severity}"
        text += "，含监管转办投诉" if c.regulator else ""
    return text + "。"


def staff_present(team: Team) -> list[dict[str, Any]]:
    return [{"staff_id": m.id, "staff_no": m.staff_no, "name": m.name, "role": m.role}
            for m in team.members]


def check_in_place(rng: Random, lat: float, lon: float) -> tuple[float, float, float, bool]:
    """Where the phone checked in: at the door mostly, now and then from far away."""
    far = rng.random() < 0.02
    c_lat, c_lon = scatter(rng, lat, lon, rng.uniform(0.8, 3.0) if far else 0.04)
    meters = round(distance_km(lat, lon, c_lat, c_lon) * 1000, 1)
    return c_lat, c_lon, meters, meters > 500


def visit_texts(rng: Random, seed: CaseSeed, outcome: str | None,
                consent: bool) -> dict[str, Any]:
    """Findings, the customer's account and suggestions; failed attempts record only why."""
    met = outcome != "not_at_home"
    if not met:
        return {"findings": rng.choice(FAILED_FINDINGS), "customer_account": "",
                "customer_suggestions": "", "consent_to_enter": None, "signed_note": None}
    key = seed.case_type.value
    slots = {"product": seed.account.product, "amount": f"{seed.amount_at_stake:,.0f}"}
    findings = rng.choice(FINDINGS[key]).format_map(slots)
    if not consent:
        findings += CONSENT_NO_ENTRY
    if outcome in OUTCOME_NOTES:
        findings += rng.choice(OUTCOME_NOTES[outcome])
    signed = seed.is_debt or rng.random() < 0.5
    return {"findings": findings,
            "customer_account": rng.choice(CUSTOMER_ACCOUNTS[key]).format_map(slots),
            "customer_suggestions": rng.choice(SUGGESTIONS), "consent_to_enter": consent,
            "signed_note": SIGNED_NOTE if signed else None}


def survey_answer(rng: Random, outcome: str) -> tuple[int, int, str | None]:
    weights = CSAT_WEIGHTS.get(outcome, CSAT_WEIGHTS["pending"])
    csat = rng.choices(range(1, 6), weights=weights)[0]
    nps = rng.randint(*NPS_BY_CSAT[csat])
    comment = rng.choice(SURVEY_COMMENTS[csat]) if rng.random() < 0.7 else None
    return csat, nps, comment


def answered_at(rng: Random, sent: datetime, outcome: str, now: datetime) -> datetime | None:
    rate = 0.35 if outcome == "refused" else 0.62
    if rng.random() >= rate:
        return None
    day = sent.date() + timedelta(days=rng.choice((0, 1, 1, 2)))
    at = datetime.combine(day, datetime.min.time()) + timedelta(minutes=rng.randint(480, 1310))
    if at <= sent:
        at = sent + timedelta(minutes=rng.randint(10, 90))
    return at if at < now else None
