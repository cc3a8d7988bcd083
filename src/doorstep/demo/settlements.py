"""Agreements reached with customers and their instalments: repayment plans that are kept
or broken, single promises to pay, fee waivers, and mediation settlements."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from random import Random
from typing import Any

from doorstep.demo.context import IdSequence, to_utc


@dataclass
class Agreement:
    """An agreement row and its instalment rows; ``state`` may change as the story goes."""

    row: dict[str, Any]
    instalments: list[dict[str, Any]] = field(default_factory=list)

    def settle(self, state: str) -> None:
        self.row["state"] = state


def instalment_plan(total: float, count: int, first: date,
                    step_days: int = 30) -> list[tuple[date, float]]:
    """``count`` equal instalments (the last takes the rounding) that sum to ``total``."""
    each = math.floor(total / count * 100) / 100
    plan = [(first + timedelta(days=step_days * i), each) for i in range(count - 1)]
    last = round(total - each * (count - 1), 2)
    plan.append((first + timedelta(days=step_days * (count - 1)), last))
    return plan


def instalment_states(dues: list[date], ending: str | None, missed: int,
                      today: date) -> list[str]:
    """Paid, missed, cancelled or pending, by how the plan ends (kept, broken or still open)."""
    if ending == "kept":
        return ["paid"] * len(dues)
    if ending == "broken":
        return ["paid" if i < missed else "missed" if i == missed else "cancelled"
                for i in range(len(dues))]
    return ["paid" if due < today else "pending" for due in dues]


def new_agreement(ids: IdSequence, case_id: int, visit_id: int | None, kind: str, total: float,
                  created: datetime, waiver: float = 0.0, state: str = "active") -> Agreement:
    return Agreement({
        "id": ids.take("agreements"), "case_id": case_id, "visit_id": visit_id, "kind": kind,
        "total_amount": round(total, 2), "fee_waiver_amount": round(waiver, 2),
        "fee_waiver_approved_by": "manager" if waiver > 0 else None, "state": state,
        "created_at": to_utc(created)})


def add_instalments(rng: Random, ids: IdSequence, agreement: Agreement,
                    plan: list[tuple[date, float]], states: list[str]) -> None:
    for (due, amount), state in zip(plan, states, strict=True):
        paid = amount if state == "paid" else (
            round(amount * rng.uniform(0.0, 0.3), 2) if state == "missed" else 0.0)
        agreement.instalments.append({
            "id": ids.take("instalments"), "agreement_id": agreement.row["id"], "due_on": due,
            "amount": amount, "paid_amount": paid,
            "paid_on": due - timedelta(days=rng.randint(0, 3)) if state == "paid" else None,
            "state": state})
