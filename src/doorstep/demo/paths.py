"""The shape of a case's story, before it is placed in time: the steps that lead to its
final state, each with its gap in days and the details drawn for it (appointment lead
time and slot, instalment counts). ``histories`` later walks these steps through the real
lifecycle, so every path here must be legal there."""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from doorstep.cases.model import BusinessLine, CaseState
from doorstep.demo.sampling import pick_weighted
from doorstep.demo.selection import CaseSeed

S = CaseState
VISIT_MINUTES = 60
LAST_VISIT_START = 1140  # 19:00, so that a one-hour visit ends by 20:00


@dataclass(frozen=True)
class Step:
    """One step of a story. ``gap`` is days after the previous step; ``minute`` is the
    preferred local time of day. Other fields matter only to some kinds."""

    kind: str
    gap: int
    minute: int
    lead: int = 0
    instalments: int = 0
    first_due: int = 0
    missed: int = -1
    final: bool = False
    by_sms: bool = False


def office(rng: Random) -> int:
    return rng.randint(555, 1050)


def slot_minute(rng: Random, window: tuple[int, int]) -> int:
    """A half-hour slot start inside the customer's preferred window and the visit window."""
    start = max(window[0], 540)
    end = min(window[1] - VISIT_MINUTES, LAST_VISIT_START)
    if end < start:
        start, end = 540, LAST_VISIT_START
    return rng.randrange(start // 30, end // 30 + 1) * 30


class PathBuilder:
    """Builds the step list of one case; methods append and return ``self``."""

    def __init__(self, rng: Random, seed: CaseSeed) -> None:
        self.rng = rng
        self.seed = seed
        self.steps: list[Step] = []

    def add(self, kind: str, gap: int, minute: int | None = None, **extra: int | bool) -> None:
        at = office(self.rng) if minute is None else minute
        self.steps.append(Step(kind, gap, at, **extra))  # type: ignore[arg-type]

    def start(self, assign: bool = True) -> PathBuilder:
        self.add("approve", self.rng.randint(1, 4))
        if assign:
            self.add("assign", self.rng.randint(0, 2))
        return self

    def attempt(self, ok: bool, final_booking: bool = False, by_sms: bool = False) -> PathBuilder:
        lead = self.rng.randint(2, 7)
        slot = slot_minute(self.rng, self.seed.profile.contact_window)
        after_fail = bool(self.steps) and self.steps[-1].kind == "fail"
        self.add("book", self.rng.randint(1, 4) if after_fail else self.rng.randint(1, 3),
                 lead=lead, final=final_booking, by_sms=by_sms)
        if not final_booking:
            self.add("visit" if ok else "fail", lead, slot)
        return self

    def fails(self, n: int) -> PathBuilder:
        for _ in range(n):
            self.attempt(ok=False)
        return self

    def met(self, max_fails: int = 2) -> PathBuilder:
        """Approve, assign, perhaps a failed attempt or two, then a visit that happens.

        Bookings and attempts are contacts: a path that books again later keeps to fewer
        failed attempts, so that no 30 days hold more contacts than the cap allows.
        """
        fails = pick_weighted(self.rng, {0: 0.75, 1: 0.2, 2: 0.05})
        return self.start().fails(min(fails, max_fails)).attempt(ok=True)

    def monitor(self, instalments: int) -> PathBuilder:
        self.add("monitor", self.rng.randint(0, 2), instalments=instalments,
                 first_due=self.rng.randint(15, 30))
        return self

    def kept(self) -> PathBuilder:
        m = self.steps[-1]
        self.add("kept", m.first_due + 30 * (m.instalments - 1) + self.rng.randint(1, 5))
        return self

    def broken(self) -> PathBuilder:
        m = self.steps[-1]
        missed = self.rng.randrange(m.instalments)
        self.add("broken", m.first_due + 30 * missed + self.rng.randint(7, 15), missed=missed)
        return self

    def escalated(self, allow_broken: bool = True) -> PathBuilder:
        """One of the ways to reach ``escalated``: refusal, a broken plan, no-shows, override."""
        if self.seed.profile.do_not_visit:
            self.start(assign=False).add("override_escalate", self.rng.randint(2, 10))
            return self
        ways = {"refused": 0.5, "broken": 0.3 if allow_broken and self.seed.is_debt else 0.0,
                "no_show": 0.2}
        way = pick_weighted(self.rng, ways)
        if way == "refused":
            self.met().add("escalate", self.rng.randint(0, 3))
        elif way == "broken":
            self.met().monitor(self.rng.randint(3, 9)).broken()
        else:
            self.start().fails(2).add("escalate", self.rng.randint(1, 4))
        return self

    def mediate(self) -> PathBuilder:
        self.add("mediate", self.rng.randint(3, 10))
        return self


def _resolved(b: PathBuilder) -> None:
    rng, seed = b.rng, b.seed
    way = pick_weighted(rng, {"direct": 0.35 if seed.is_debt else 0.7,
                              "plan": 0.35 if seed.is_debt else 0.0, "again": 0.12,
                              "mediation": 0.05 + 0.3 * seed.risk})
    if way == "direct":
        b.met().add("resolve", rng.randint(0, 3) if not seed.is_debt else rng.randint(2, 8))
    elif way == "plan":
        b.met().monitor(rng.randint(2, 6)).kept()
    elif way == "again":
        b.met(max_fails=0).add("follow_up", rng.randint(0, 2))
        b.attempt(ok=True).add("resolve", rng.randint(0, 3))
    else:
        b.escalated(allow_broken=False).mediate().add("mediation_resolve", rng.randint(10, 40))


def _litigation(b: PathBuilder) -> None:
    b.escalated()
    card = b.seed.line == BusinessLine.CREDIT_CARD
    if card or b.rng.random() < 0.6:
        b.mediate().add("litigate", b.rng.randint(33, 45))
    else:
        b.add("litigate", b.rng.randint(7, 20))


#: The story of a customer not met after three attempts; it ends in legal review (§10).
UNREACHABLE = S.CLOSED_UNREACHABLE


def ended_in(target: CaseState) -> CaseState:
    """The state a story for ``target`` ends in (unreachable customers go to legal review)."""
    return S.ESCALATED if target == UNREACHABLE else target


def build_path(rng: Random, seed: CaseSeed) -> list[Step]:
    """The steps from ``screened`` to the seed's target state."""
    b = PathBuilder(rng, seed)
    t = seed.target
    if t == S.APPROVED:
        b.start(assign=False)
    elif t == S.ASSIGNED:
        b.start()
    elif t == S.SCHEDULED:
        b.start().fails(1 if rng.random() < 0.15 else 0).attempt(ok=True, final_booking=True)
    elif t == S.VISITED:
        b.met()
    elif t == S.RESOLVED:
        _resolved(b)
    elif t == S.MONITORING:
        b.met().monitor(rng.randint(3, 12))
    elif t == S.FOLLOW_UP:
        if rng.random() < 0.5:
            b.start().fails(rng.randint(1, 2))
        else:
            b.met().add("follow_up", rng.randint(0, 2))
    elif t == S.ESCALATED:
        b.escalated()
    elif t == S.MEDIATION:
        b.escalated().mediate()
    elif t == S.LITIGATION:
        _litigation(b)
    elif t == UNREACHABLE:
        b.start()
        for _ in range(3):
            b.attempt(ok=False, by_sms=True)
        b.add("close", rng.randint(2, 6))
    return b.steps


def tail_days(rng: Random, target: CaseState, steps: list[Step]) -> int:
    """Days from the last step to the demo date, so that open cases look current."""
    total = sum(s.gap for s in steps)
    last = steps[-1] if steps else None
    if target == S.SCHEDULED and last is not None:
        return rng.randint(1, last.lead)
    if target == S.MONITORING and last is not None:
        return rng.randint(1, last.first_due + 30 * (last.instalments - 1) - 1)
    short = {S.SCREENED: 14, S.APPROVED: 10, S.ASSIGNED: 7, S.VISITED: 3, S.FOLLOW_UP: 7,
             S.ESCALATED: 10, S.MEDIATION: 29, UNREACHABLE: 10}
    if target in short:
        return rng.randint(1, short[target])
    return rng.randint(1, max(1, 230 - total))
