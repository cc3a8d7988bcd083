"""Complaints in natural Chinese: the category follows the customer's real trouble (arrears,
a wealth loss, a denied claim, a frozen account), the tone follows their temper and the
trouble's depth, and the channel follows the tone (threats go to the regulator)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from random import Random
from typing import Any

from doorstep.complaints.clock import HANDLING_DAYS
from doorstep.demo.accounts import AccountInfo
from doorstep.demo.context import DemoConfig, IdSequence, at_minute, to_utc
from doorstep.demo.data_complaints import CALM, DEMANDS, HEATED, OPENERS, REGULATOR_PREFIXES
from doorstep.demo.people import Customer
from doorstep.demo.sampling import pick_weighted

_CHANNEL_HOURS = {"app": (420, 1430), "hotline": (480, 1320), "branch": (540, 1050),
                  "regulator": (540, 1020)}
_ISSUE_CATEGORY = {"loss": "wealth_loss", "claim_denied": "insurance_claim",
                   "surrender_loss": "insurance_claim", "frozen": "account_freeze"}


@dataclass(frozen=True, slots=True)
class ComplaintInfo:
    """A customer's complaints as screening sees them."""

    count: int
    max_severity: int
    strong: int
    regulator: bool
    regulator_since: datetime | None
    category: str
    account_id: int | None
    received: datetime


def _category_weights(accounts: list[AccountInfo]) -> dict[str, float]:
    w = {"service": 1.0, "privacy": 0.3, "inquiry": 1.2}
    for a in accounts:
        if a.days_past_due > 0 or a.broken_promises:
            w["collection_calls"] = 3.0
            w["credit_report"] = w.get("credit_report", 0.0) + 0.6
        if a.pattern in ("cured", "late"):
            w["credit_report"] = w.get("credit_report", 0.0) + 0.8
        if a.kind in ("card", "card_instalment"):
            w["fees"] = 1.0
        if a.line.value == "loan":
            w["loan_terms"] = 0.6
        if a.issue:
            w[_ISSUE_CATEGORY[a.issue]] = 5.0
    return w


def _account_for(rng: Random, category: str, accounts: list[AccountInfo]) -> AccountInfo | None:
    if category in ("collection_calls", "credit_report"):
        return max(accounts, key=lambda a: (a.days_past_due, a.broken_promises, a.balance))
    wanted = {"wealth_loss": ("loss",), "insurance_claim": ("claim_denied", "surrender_loss"),
              "account_freeze": ("frozen",)}.get(category)
    if wanted is not None:
        return next((a for a in accounts if a.issue in wanted), None)
    if category == "fees":
        return next((a for a in accounts if a.kind.startswith("card")), None)
    if category == "loan_terms":
        return next((a for a in accounts if a.line.value == "loan"), None)
    return None if category == "service" else rng.choice(accounts)


def _tone(rng: Random, c: Customer, category: str, a: AccountInfo | None, repeat: int) -> int:
    if category == "inquiry":
        return 1
    z = c.temper * 5.0 + rng.gauss(0.0, 1.0) + 0.8 * repeat
    if a is not None and (a.days_past_due > 30 or a.issue):
        z += 0.7
    return min(5, max(1, 1 + int(z)))


def _slots(rng: Random, a: AccountInfo | None, branch_name: str) -> dict[str, Any]:
    loss_pct = rng.randint(5, 35)
    base = a.balance if a is not None else rng.uniform(200, 5000)
    amount = base * loss_pct / 100 if a is not None and a.issue == "loss" else (
        rng.uniform(50, 2000) if a is None or a.kind.startswith("card") else base * 0.05)
    return {"product": a.product if a is not None else "借记卡", "amount": f"{amount:,.0f}",
            "months": rng.randint(1, 6), "times": rng.randint(3, 12),
            "days": rng.randint(5, 60), "branch": branch_name, "loss_pct": loss_pct}


def compose_text(rng: Random, category: str, tone: int, channel: str,
                 slots: dict[str, Any]) -> str:
    """Opening, body and demand in the register of the tone, slots filled."""
    heated = HEATED.get(category) if tone >= 3 else None
    body = rng.choice(heated or CALM[category])
    opener = "" if channel == "regulator" else rng.choice(OPENERS[tone])
    prefix = rng.choice(REGULATOR_PREFIXES) if channel == "regulator" else ""
    return (prefix + opener + body + rng.choice(DEMANDS[tone])).format_map(slots)


def _channel(rng: Random, tone: int) -> str:
    weights = {5: {"regulator": 0.75, "hotline": 0.25},
               4: {"hotline": 0.45, "branch": 0.25, "app": 0.2, "regulator": 0.1}}.get(
        tone, {"branch": 0.35, "hotline": 0.4, "app": 0.25, "regulator": 0.04 * (tone == 3)})
    return pick_weighted(rng, weights)


def _times(rng: Random, cfg: DemoConfig, channel: str,
           tone: int) -> tuple[datetime, datetime | None]:
    day = cfg.as_of - timedelta(days=rng.randint(1, 360))
    start, end = _CHANNEL_HOURS[channel]
    received = at_minute(day, rng.randint(start, end))
    days = rng.randint(10, 45) if channel == "regulator" else rng.randint(1, 6 + 5 * tone)
    closed: datetime | None = received + timedelta(days=days, hours=rng.randint(1, 8))
    if closed is not None and (closed >= cfg.now_local or rng.random() < 0.03 * tone):
        closed = None
    return received, closed


def make_complaints(rng: Random, cfg: DemoConfig, ids: IdSequence, c: Customer,
                    accounts: list[AccountInfo], branch_name: str,
                    rows: list[dict[str, Any]]) -> ComplaintInfo | None:
    """Zero to three complaints of one customer; rows go into ``rows``."""
    troubled = any(a.days_past_due > 0 or a.issue for a in accounts)
    p = 0.02 + 0.22 * c.temper + (0.16 if troubled else 0.0)
    if rng.random() >= p:
        return None
    n = 1 + (rng.random() < 0.25) + (rng.random() < 0.08)
    weights = _category_weights(accounts)
    made: list[tuple[int, str, int | None, datetime, str, datetime | None]] = []
    for repeat in range(n):
        category = pick_weighted(rng, weights)
        account = _account_for(rng, category, accounts)
        tone = _tone(rng, c, category, account, repeat)
        channel = _channel(rng, tone)
        received, closed = _times(rng, cfg, channel, tone)
        severity = min(5, tone + (1 if tone >= 3 and account and account.balance > 100_000 else 0))
        rows.append({"id": ids.take("complaints"), "customer_id": c.id,
                     "account_id": account.id if account else None, "branch_id": c.branch_id,
                     "channel": channel, "category": category,
                     "text": compose_text(rng, category, tone, channel,
                                          _slots(rng, account, branch_name)),
                     "dissatisfaction": None, "strong_dissatisfaction": None,
                     "severity": severity, "received_at": to_utc(received),
                     "closed_at": to_utc(closed) if closed else None,
                     "due_at": to_utc(received + timedelta(days=HANDLING_DAYS)),
                     "extended_at": None, "extension_reason": None, "recorded_by": None})
        made.append((severity, category, account.id if account else None, received, channel,
                     closed))
    worst = max(made, key=lambda m: (m[0], m[3]))
    return ComplaintInfo(
        count=n, max_severity=worst[0], strong=sum(1 for m in made if m[0] >= 4),
        regulator=any(m[4] == "regulator" for m in made),
        regulator_since=min((m[3] for m in made if m[4] == "regulator" and m[5] is None),
                            default=None),
        category=worst[1], account_id=worst[2], received=worst[3])
