"""Accounts across the five business lines, with repayment history for lending products
and the product-level troubles (losses, denied claims, freezes) that later drive
complaints and cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from typing import Any

from doorstep.cases.model import BusinessLine
from doorstep.demo.context import IdSequence
from doorstep.demo.data_products import ACCOUNT_PREFIX, LENDING_KINDS, PRODUCTS, Product
from doorstep.demo.people import Customer
from doorstep.demo.repayments import History, pick_pattern, simulate
from doorstep.demo.sampling import lognormal_amount, round_to

_CARD_LIMITS = {"信用卡（普卡）": (5_000, 30_000), "信用卡（金卡）": (20_000, 80_000),
                "白金信用卡": (50_000, 300_000)}


@dataclass(frozen=True, slots=True)
class AccountInfo:
    """What screening and case generation need to know about an account."""

    id: int
    line: BusinessLine
    product: str
    kind: str
    balance: float
    days_past_due: int
    overdue_amount: float
    broken_promises: int
    pattern: str
    issue: str


@dataclass
class AccountBatch:
    accounts: list[dict[str, Any]]
    repayments: list[dict[str, Any]]


def _annuity(principal: float, yearly_rate: float, months: int) -> float:
    r = yearly_rate / 12
    return principal * r / (1 - (1 + r) ** -months)


_BOOSTED = frozenset({"card", "consumer", "card_instalment"})


def held_products(rng: Random, age: int, stress: float) -> list[Product]:
    """The products a customer holds; money trouble comes with more cards and credit."""
    boost = 1.0 + 1.5 * stress
    return [p for p in PRODUCTS if p.min_age <= age <= p.max_age
            and rng.random() < p.holders * (boost if p.kind in _BOOSTED else 1.0)]


def _loan_terms(rng: Random, p: Product, as_of: date) -> tuple[float, float, date]:
    """(monthly instalment, remaining principal, opened on) of a lending account."""
    principal = round_to(lognormal_amount(rng, p.amount, p.spread, p.low, p.high), 1000)
    term = rng.randint(*p.term_months)
    elapsed = rng.randint(13, term - 1)
    rate = rng.uniform(*p.rate)
    instalment = round(_annuity(principal, rate, term), 2)
    remaining = round(principal * (1 - elapsed / term) ** 0.85, 2)
    return instalment, max(remaining, instalment), as_of - timedelta(days=int(elapsed * 30.4))


def _issue(rng: Random, kind: str, line: BusinessLine) -> str:
    """A trouble with the product that a customer may complain about."""
    u = rng.random()
    if line == BusinessLine.WEALTH and kind in ("wealth_nav", "fund", "wealth_fixed"):
        return "loss" if u < 0.16 else ""
    if line == BusinessLine.INSURANCE:
        return "claim_denied" if u < 0.06 else ("surrender_loss" if u < 0.12 else "")
    if line == BusinessLine.DEPOSIT and kind == "savings":
        return "frozen" if u < 0.012 else ""
    return ""


def _account_no(line: BusinessLine, account_id: int) -> str:
    prefix = ACCOUNT_PREFIX[line]
    width = 19 - len(prefix) if line in (BusinessLine.DEPOSIT, BusinessLine.CREDIT_CARD) else 12
    return f"{prefix}{account_id:0{width}d}"


def _lending(rng: Random, p: Product, c: Customer, months: list[date],
             as_of: date) -> tuple[History, float, float | None, date]:
    """Repayment history, balance, credit limit and opening date of a loan or card."""
    pattern = pick_pattern(rng, c.stress)
    if p.kind == "card":
        low, high = _CARD_LIMITS[p.name]
        limit = round_to(rng.uniform(low, high), 1000)
        used = round(limit * min(1.0, rng.betavariate(1.5, 3.0) + (0.4 if pattern != "current"
                                                                    else 0.0)), 2)
        due = round(max(100.0, used * 0.1), 2)
        opened = as_of - timedelta(days=rng.randint(400, 4000))
        history = simulate(rng, pattern, due, months)
        return history, max(used, history.overdue_amount), limit, opened
    instalment, remaining, opened = _loan_terms(rng, p, as_of)
    history = simulate(rng, pattern, instalment, months)
    return history, round(remaining + history.overdue_amount, 2), None, opened


def _row(aid: int, c: Customer, p: Product, opened: date, balance: float, limit: float | None,
         dpd: int, overdue: float, status: str) -> dict[str, Any]:
    return {"id": aid, "customer_id": c.id, "account_no": _account_no(p.line, aid),
            "business_line": p.line.value, "product": p.name, "opened_on": opened,
            "balance": balance, "credit_limit": limit, "days_past_due": dpd,
            "overdue_amount": overdue, "status": status}


def make_accounts(rng: Random, c: Customer, ids: IdSequence, months: list[date], as_of: date,
                  batch: AccountBatch) -> list[AccountInfo]:
    """Every account of one customer; rows go into ``batch``, summaries are returned."""
    age = as_of.year - c.birth.year
    held = held_products(rng, age, c.stress)
    if not held:
        held = [PRODUCTS[0]]
    out: list[AccountInfo] = []
    for p in held:
        aid = ids.take("accounts")
        if p.kind in LENDING_KINDS:
            h, balance, limit, opened = _lending(rng, p, c, months, as_of)
            status = "frozen" if p.kind == "card" and h.days_past_due > 90 else "active"
            batch.accounts.append(_row(aid, c, p, opened, balance, limit, h.days_past_due,
                                       h.overdue_amount, status))
            batch.repayments.extend(
                {"account_id": aid, "month": month, "amount_due": due, "amount_paid": paid,
                 "days_past_due": dpd, "promise_broken": broken}
                for month, due, paid, dpd, broken in h.months)
            out.append(AccountInfo(aid, p.line, p.name, p.kind, balance, h.days_past_due,
                                   h.overdue_amount, h.broken_promises, h.pattern, ""))
            continue
        balance = lognormal_amount(rng, p.amount, p.spread, p.low, p.high)
        issue = _issue(rng, p.kind, p.line)
        opened = as_of - timedelta(days=rng.randint(60, 3650))
        status = "frozen" if issue == "frozen" else "active"
        batch.accounts.append(_row(aid, c, p, opened, balance, None, 0, 0.0, status))
        out.append(AccountInfo(aid, p.line, p.name, p.kind, balance, 0, 0.0, 0, "", issue))
    return out
