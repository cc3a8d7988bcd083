"""Why each unassigned visit waits, in words a dispatcher can act on, with the fixes.

Pure: reads the branch-day, the routing problem and plan, the day's load and the days
ahead with room. Each reason and fix is a stable code with parameters and its zh-CN and
English text, so the board, the CLI and the API say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from doorstep.core import i18n
from doorstep.teams.coverage import BASE_CERTIFICATE, SKILL_CERTIFICATES, effective_skills
from doorstep.teams.model import CERTIFICATE_LABELS, SKILL_LABELS, Team
from doorstep.visits.dispatch.model import BranchDay, VisitCandidate
from doorstep.visits.routing import RoutePlan, Unassigned, VisitRequest, clock

i18n.register({
    "routing.why.no_skill": ("当日值班团队中没有人具备「{skills}」技能",
                             "No team on duty has the skill: {skills}"),
    "routing.why.certificate": ("{names}的「{certs}」证书已失效，当日不能承担该技能",
                                "{names}: certificate {certs} has lapsed, so the skill "
                                "cannot be used that day"),
    "routing.why.window": ("客户时间窗 {window} 不在任何合适团队的班次（{shifts}）内",
                           "The customer's window {window} lies outside every suitable "
                           "team's shift ({shifts})"),
    "routing.why.hours": ("客户时间窗 {window} 不在允许的上门时段 {allowed} 内",
                          "The customer's window {window} lies outside the allowed visit "
                          "hours {allowed}"),
    "routing.why.over": ("当日超出容量约 {minutes} 分钟（需 {need} 分钟，值班团队共 {have} 分钟）；"
                         "收益较低的拜访顺延",
                         "The day is over capacity by about {minutes} minutes (needs {need}, "
                         "the teams on duty have {have}); the visits of least benefit wait"),
    "routing.why.cap": ("值班团队当日可安排的拜访已满（每组上限 {cap} 个）",
                        "The teams on duty are full for the day (cap {cap} visits per team)"),
    "routing.why.skill_full": ("具备「{skills}」技能的 {n} 个值班团队今日已排满",
                               "The {n} teams on duty with the skill {skills} are full today"),
    "routing.why.no_gap": ("合适的值班团队在客户时间窗 {window} 内已没有空档",
                           "The suitable teams on duty have no gap left in the customer's "
                           "window {window}"),
    "routing.why.unreachable": ("合适的团队无法在时间窗 {window} 内到达并在班次结束前返回",
                                "No suitable team can arrive within {window} and be back "
                                "before its shift ends"),
    "routing.why.no_team": ("当日没有值班团队", "No team is on duty that day"),
    "routing.why.solver": ("求解器未能在时限内找到可行方案，请加长求解时间重试",
                           "The solver found no feasible plan in its time limit; re-plan "
                           "with more time"),
    "routing.fix.move_day": ("改到 {day}（当日尚有约 {room} 个空位）",
                             "Move to {day} (about {room} places free)"),
    "routing.fix.assign_team": ("指派给 {team}（{day} 值班）", "Assign to {team} (on duty {day})"),
    "routing.fix.extend_shift": ("将 {team} 的班次延长至 {until}",
                                 "Extend {team}'s shift to {until}"),
    "routing.fix.earlier_shift": ("将 {team} 的班次提前至 {since} 开始",
                                  "Start {team}'s shift at {since}"),
    "routing.fix.add_team": ("增加一个值班团队", "Put one more team on duty"),
    "routing.fix.rebook": ("与客户改约到班次内的时间", "Agree a time within the shifts with the "
                           "customer"),
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


def _labels(keys: list[str], table: Mapping[str, str]) -> tuple[str, str]:
    zh = "、".join(i18n.label_in(table[k], "zh-CN") if k in table else k for k in keys)
    en = ", ".join(i18n.label_in(table[k], "en") if k in table else k for k in keys)
    return zh, en


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
        return _bilingual("routing.why.certificate", {"names": "、".join(names), "certs": zh},
                          {"names": ", ".join(names), "certs": en})
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
        shifts = "、".join(sorted({f"{t.shift[0]:%H:%M}–{t.shift[1]:%H:%M}" for t in fit}))
        return _say("routing.why.window", window=_window(visit), shifts=shifts)
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
