"""Propose appointment slots: quiet hours, the visit window, the customer's preferred
times and the team's availability (shift and existing appointments). Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from doorstep.cases import compliance
from doorstep.cases.compliance import Policy
from doorstep.core.clock import BANK_TZ

_WINDOW = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")
Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class SlotRequest:
    """What a slot must respect; all datetimes are local (Beijing) and naive."""

    day: date
    shift: tuple[time, time]
    busy: tuple[Interval, ...] = ()
    preferred: str = ""
    quiet_hours_consent: bool = False
    length: timedelta = timedelta(hours=1)
    step: timedelta = timedelta(minutes=30)
    travel_buffer: timedelta = timedelta(minutes=30)
    count: int = 3


def preferred_hours(label: str) -> tuple[time, time] | None:
    """``"14:00-17:30"`` (after a word for the afternoon) → (14:00, 17:30); None when the
    customer stated no hours."""
    found = _WINDOW.search(label or "")
    if not found:
        return None
    h1, m1, h2, m2 = (int(g) for g in found.groups())
    if not (0 <= h1 < 24 and 0 <= h2 <= 24) or (h2, m2) <= (h1, m1):
        return None
    return time(h1, m1), time(min(h2, 23), 59 if h2 == 24 else m2)


def _allowed(policy: Policy, req: SlotRequest, start: datetime, end: datetime) -> bool:
    aware_s, aware_e = start.replace(tzinfo=BANK_TZ), end.replace(tzinfo=BANK_TZ)
    if compliance.check_visit_window(policy, aware_s, aware_e) is not None:
        return False
    consent = req.quiet_hours_consent
    if compliance.check_quiet_hours(policy, aware_s, consent) or compliance.check_quiet_hours(
            policy, aware_e - timedelta(seconds=1), consent):
        return False
    if start.time() < req.shift[0] or end.time() > req.shift[1]:
        return False
    pad = req.travel_buffer
    return all(end + pad <= b_start or start >= b_end + pad for b_start, b_end in req.busy)


def _candidates(policy: Policy, req: SlotRequest, lo: time, hi: time) -> list[Interval]:
    out: list[Interval] = []
    start = datetime.combine(req.day, lo)
    last = datetime.combine(req.day, hi)
    while start + req.length <= last and len(out) < req.count:
        end = start + req.length
        if _allowed(policy, req, start, end):
            out.append((start, end))
        start += req.step
    return out


def propose_slots(policy: Policy, req: SlotRequest) -> list[Interval]:
    """Up to ``req.count`` slots, earliest first, in the customer's preferred hours when
    possible, otherwise anywhere in the allowed visit window."""
    preferred = preferred_hours(req.preferred)
    if preferred is not None:
        found = _candidates(policy, req, *preferred)
        if found:
            return found
    return _candidates(policy, req, policy.visit_start, policy.visit_end)
