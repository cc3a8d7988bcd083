"""Why each unassigned visit waits, in words a dispatcher can act on, with the fixes.

Pure: reads the branch-day, the routing problem and plan, the day's load and the days
ahead with room. Each reason and fix is a stable code with parameters and its zh-CN and
English text, so the board, the CLI and the API say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from doorstep.core import i18n
from doorstep.core.i18n import N_, codes
from doorstep.teams.coverage import BASE_CERTIFICATE, SKILL_CERTIFICATES, effective_skills
from doorstep.teams.model import CERTIFICATE_LABELS, SKILL_LABELS, Team
from doorstep.visits.dispatch.model import BranchDay, VisitCandidate
from doorstep.visits.routing import RoutePlan, Unassigned, VisitRequest, clock

#: Between the items of a list ("、" in Chinese).
LIST_SEPARATOR = N_(", ")

codes({
    "routing.why.no_skill": N_("No team on duty has the skill: %(skills)s"),
    "routing.why.certificate": N_("%(names)s: certificate %(certs)s has lapsed, so the skill "
                                  "cannot be used that day"),
    "routing.why.window": N_("The customer's window %(window)s lies outside every suitable "
                             "team's shift (%(shifts)s)"),
    "routing.why.hours": N_("The customer's window %(window)s lies outside the allowed visit "
                            "hours %(allowed)s"),
    "routing.why.over": N_("The day is over capacity by about %(minutes)s minutes (needs "
                           "%(need)s, the teams on duty have %(have)s); the visits of least "
                           "benefit wait"),
    "routing.why.cap": N_("The teams on duty are full for the day (cap %(cap)s visits per team)"),
    "routing.why.skill_full": N_("The %(n)s teams on duty with the skill %(skills)s are full "
                                 "today"),
    "routing.why.no_gap": N_("The suitable teams on duty have no gap left in the customer's "
                             "window %(window)s"),
    "routing.why.unreachable": N_("No suitable team can arrive within %(window)s and be back "
                                  "before its shift ends"),
    "routing.why.no_team": N_("No team is on duty that day"),
    "routing.why.solver": N_("The solver found no feasible plan in its time limit; re-plan "
                             "with more time"),
    "routing.fix.move_day": N_("Move to %(day)s (about %(room)s places free)"),
    "routing.fix.assign_team": N_("Assign to %(team)s (on duty %(day)s)"),
    "routing.fix.extend_shift": N_("Extend %(team)s's shift to %(until)s"),
    "routing.fix.earlier_shift": N_("Start %(team)s's shift at %(since)s"),
    "routing.fix.add_team": N_("Put one more team on duty"),
    "routing.fix.rebook": N_("Agree a time within the shifts with the customer"),
})


@dataclass(frozen=True)
class DayLoad:
    """The day in minutes: what the visits need and what the teams on duty have."""

    need_minutes: int
    have_minutes: int
    cap: int

    @property
    def over_minutes(self) -> int:
        return max(0, self.need_minutes - self.have_minutes)


def _say(code: str, **params: Any) -> dict[str, Any]:
    return {"code": code, "params": params, "message": i18n.translate(code, "zh-CN", **params),
            "message_en": i18n.translate(code, "en", **params)}


def _joined(items: Iterable[str], lang: str) -> str:
    """A list in ``lang``, with its separator (an ideographic comma in Chinese)."""
    return i18n.translate_in(lang, LIST_SEPARATOR).join(items)


def _labels(keys: list[str], table: Mapping[str, Any]) -> tuple[str, str]:
    def shown(lang: str) -> str:  # an unknown key is shown as it is
        return _joined((i18n.label_in(table[k], lang) if k in table else k for k in keys), lang)

    return shown("zh-CN"), shown("en")


def _bilingual(code: str, zh: dict[str, Any], en: dict[str, Any]) -> dict[str, Any]:
    return {"code": code, "params": en, "message": i18n.translate(code, "zh-CN", **zh),
            "message_en": i18n.translate(code, "en", **en)}


def _skills_why(visit: VisitRequest, on_duty: list[Team], day: date) -> dict[str, Any]:
    needed = sorted(s for s in visit.skills if not s.startswith("team:"))
    have = frozenset().union(*(effective_skills(m, day) for t in on_duty for m in t.members))
    missing = [s for s in needed if s not in have]
    lapsed = [(m.name, SKILL_CERTIFICATES.get(s, BASE_CERTIFICATE)) for t in on_duty
              for m in t.members for s in missing if s in m.skills]
    if lapsed:
        names = sorted({n for n, _ in lapsed})
        zh, en = _labels(sorted({c for _, c in lapsed}), CERTIFICATE_LABELS)
        return _bilingual("routing.why.certificate",
                          {"names": _joined(names, "zh-CN"), "certs": zh},
                          {"names": _joined(names, "en"), "certs": en})
    zh, en = _labels(missing or needed, SKILL_LABELS)
    return _bilingual("routing.why.no_skill", {"skills": zh}, {"skills": en})


def _window(visit: VisitRequest) -> str:
    return f"{clock(visit.window_start)}–{clock(visit.window_end + visit.service)}"


def _capable(teams: tuple[Team, ...], visit: VisitRequest, day: date) -> list[Team]:
    needed = {s for s in visit.skills if not s.startswith("team:")}
    return [t for t in teams if needed <= (effective_skills(t.members[0], day)
                                           | effective_skills(t.members[1], day))]


def _next_duty(team: Team, ahead: list[date]) -> date | None:
    return next((d for d in ahead if team.on_duty(d)), None)


def why(reason: Unassigned, visit: VisitRequest, day: BranchDay, load: DayLoad,
        allowed: str, room: dict[int, bool] | None = None) -> dict[str, Any]:
    """The reason in words, with what is missing named. ``room`` tells, per team id,
    whether the team still had visits left under its cap in the plan."""
    on_duty = [t for t in day.teams if t.on_duty(day.day)]
    if reason is Unassigned.NO_TEAM:
        return _say("routing.why.no_team")
    if reason is Unassigned.NO_SKILLED_TEAM:
        return _skills_why(visit, on_duty, day.day)
    if reason is Unassigned.OUTSIDE_VISIT_HOURS:
        return _say("routing.why.hours", window=_window(visit), allowed=allowed)
    if reason is Unassigned.WINDOW_OUTSIDE_SHIFT:
        fit = [t for t in _capable(tuple(on_duty), visit, day.day)] or on_duty
        shifts = sorted({f"{t.shift[0]:%H:%M}–{t.shift[1]:%H:%M}" for t in fit})
        return _bilingual("routing.why.window",
                          {"window": _window(visit), "shifts": _joined(shifts, "zh-CN")},
                          {"window": _window(visit), "shifts": _joined(shifts, "en")})
    if reason is Unassigned.UNREACHABLE:
        return _say("routing.why.unreachable", window=_window(visit))
    if reason is Unassigned.SOLVER_FAILED:
        return _say("routing.why.solver")
    capable = _capable(tuple(on_duty), visit, day.day)
    needed = sorted(s for s in visit.skills if not s.startswith("team:"))
    if any((room or {}).get(t.id, False) for t in capable):
        return _say("routing.why.no_gap", window=_window(visit))
    if needed and 0 < len(capable) < len(on_duty):
        zh, en = _labels(needed, SKILL_LABELS)
        return _bilingual("routing.why.skill_full", {"skills": zh, "n": len(capable)},
                          {"skills": en, "n": len(capable)})
    if load.over_minutes:
        return _say("routing.why.over", minutes=load.over_minutes, need=load.need_minutes,
                    have=load.have_minutes)
    return _say("routing.why.cap", cap=load.cap)


def _shift_fix(on_duty: list[Team], visit: VisitRequest) -> dict[str, Any]:
    """Start the earliest team sooner, or keep the latest team longer, to meet the window."""
    earliest = min(on_duty, key=lambda t: t.shift[0])
    if visit.window_end < earliest.shift[0].hour * 3600 + earliest.shift[0].minute * 60:
        return _say("routing.fix.earlier_shift", team=earliest.name,
                    since=clock(max(0, visit.window_start - 1800)))
    latest = max(on_duty, key=lambda t: t.shift[1])
    until = min(visit.window_end + visit.service + 1800, 20 * 3600)
    return _say("routing.fix.extend_shift", team=latest.name, until=clock(until))


def fixes(reason: Unassigned, visit: VisitRequest, day: BranchDay, ahead: list[date],
          moved_to: tuple[date, int] | None) -> list[dict[str, Any]]:
    """What the dispatcher can do on the spot, most direct first."""
    out: list[dict[str, Any]] = []
    capable = _capable(day.teams, visit, day.day)
    if reason is Unassigned.NO_SKILLED_TEAM:
        for team in capable[:2]:
            when = _next_duty(team, ahead)
            if when is not None:
                out.append(_say("routing.fix.assign_team", team=team.name, day=when.isoformat()))
    if reason in (Unassigned.WINDOW_OUTSIDE_SHIFT, Unassigned.UNREACHABLE):
        on_duty = [t for t in capable if t.on_duty(day.day)]
        if on_duty:
            out.append(_shift_fix(on_duty, visit))
        out.append(_say("routing.fix.rebook"))
    if reason in (Unassigned.CAPACITY, Unassigned.NOT_WORTH_IT, Unassigned.NO_SKILLED_TEAM,
                  Unassigned.NO_TEAM) and moved_to is not None:
        out.append(_say("routing.fix.move_day", day=moved_to[0].isoformat(), room=moved_to[1]))
    if reason in (Unassigned.CAPACITY, Unassigned.NOT_WORTH_IT):
        idle = [t for t in capable if not t.on_duty(day.day)]
        when = _next_duty(idle[0], ahead) if idle else None
        if idle and when is not None:
            out.append(_say("routing.fix.assign_team", team=idle[0].name, day=when.isoformat()))
        out.append(_say("routing.fix.add_team"))
    return out


def propose_days(waiting: list[VisitCandidate], rooms: list[tuple[date, int]]
                 ) -> dict[int, tuple[date, int]]:
    """Spread the waiting visits (most valuable first) over the days ahead with room:
    ``case_id -> (day, places left there before this visit)``."""
    left = {d: room for d, room in rooms if room > 0}
    out: dict[int, tuple[date, int]] = {}
    for c in waiting:
        day = next((d for d, room in left.items() if room > 0), None)
        if day is None:
            break
        out[c.case_id] = (day, left[day])
        left[day] -= 1
    return out


def explained(plan: RoutePlan, day: BranchDay, load: DayLoad, allowed: str,
              ahead: list[date], moves: dict[int, tuple[date, int]]) -> list[dict[str, Any]]:
    """Every unassigned visit with its reason in words and the fixes."""
    by_id = {(f"a{c.appointment_id}" if c.fixed else f"c{c.case_id}"): c for c in day.visits}
    room = {int(t.team_id): len(r.visit_ids) < t.max_visits if (r := plan.route_of(t.team_id))
            else t.max_visits > 0 for t in plan.problem.teams if t.team_id.isdigit()}
    out: list[dict[str, Any]] = []
    for u in plan.unassigned:
        c = by_id[u.visit_id]
        visit = plan.problem.visit(u.visit_id)
        text = why(u.reason, visit, day, load, allowed, room)
        out.append({"case_id": c.case_id, "case_no": c.case_no, "visit_id": u.visit_id,
                    "reason": u.reason.value, "message": text["message"],
                    "message_en": text["message_en"], "why": text, "fixed": c.fixed,
                    "fixes": fixes(u.reason, visit, day, ahead, moves.get(c.case_id))})
    return out
