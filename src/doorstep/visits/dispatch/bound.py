"""A true upper bound on the visits of a day that the teams on duty can make (pure).

No plan can route more visits than this. It counts a visit only for the teams that may
legally make it (skills and valid certificates, an appointment window that meets the
team's shift with time to get there and back, room under the team's visit cap), and holds
each team to its time: the visits it makes, with at least the shortest drive into each,
and its lunch break fit in its working day and in every stretch of the day that their
windows confine them to (three legal visits due before noon for a team that starts at
11:00 cannot all be made). It is the optimum of the linear relaxation of that model,
rounded down, so it never undercounts what a plan could do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from doorstep.visits.routing import RoutingParams, RoutingProblem, TravelMatrix, VisitRequest
from doorstep.visits.routing.diagnose import allowed_window
from doorstep.visits.routing.pinning import TeamStart, team_starts
from doorstep.visits.routing.places import Places

#: Interval ends are rounded outwards to this many seconds (fewer intervals, still valid).
GRID = 300
#: HiGHS method (interior point: much faster than simplex on these wide, sparse models)
HIGHS_METHOD = "highs-ipm"
#: Seconds HiGHS may take; past it the bound falls back to the visits some team may make.
TIME_LIMIT = 5.0
#: Stretches of the day checked per team, the most overfilled first.
MAX_INTERVAL_ROWS = 24
#: Tolerance when rounding the relaxation's optimum down.
EPSILON = 1e-6


@dataclass(frozen=True)
class Pair:
    """Team ``team`` may make visit ``visit`` between ``first`` (start) and ``end``."""

    visit: int
    team: int
    first: int
    last: int
    end: int
    work: int  # service plus the shortest drive into the visit
    drive: int  # that drive


def _nearest_in(free: Sequence[VisitRequest], places: Places) -> list[int]:
    """For each visit, the shortest drive into it from another visit's address."""
    idx = np.array([places.index[v.point] for v in free])
    sub = places.durations[np.ix_(idx, idx)].astype(np.int64)
    np.fill_diagonal(sub, np.iinfo(np.int64).max)
    return [int(x) for x in sub.min(axis=0)] if len(free) > 1 else [np.iinfo(np.int64).max]


def pairs_of(free: Sequence[VisitRequest], starts: Sequence[TeamStart], params: RoutingParams,
             places: Places) -> list[Pair]:
    """Every (visit, team) that may legally go together, with the stretch of the day."""
    nearest = np.array(_nearest_in(free, places), dtype=np.int64)
    where = np.array([places.index[v.point] for v in free])
    windows = [allowed_window(v, params) for v in free]
    open_ = np.array([w is not None for w in windows])
    lo = np.array([w[0] if w else 0 for w in windows], dtype=np.int64)
    hi = np.array([w[1] if w else 0 for w in windows], dtype=np.int64)
    service = np.array([v.service for v in free], dtype=np.int64)
    out = []
    for j, s in enumerate(starts):
        if s.visit_room <= 0:
            continue
        into = places.durations[places.index[s.point], where].astype(np.int64)
        back = places.durations[where, places.index[s.team.end]].astype(np.int64)
        first = np.maximum(lo, s.ready + into)
        last = np.minimum(hi, s.team.shift_end - service - back)
        skilled = np.array([v.skills <= s.team.skills for v in free])
        drive = np.minimum(into, nearest)
        for i in np.flatnonzero(open_ & skilled & (first <= last)):
            out.append(Pair(int(i), j, int(first[i]), int(last[i]), int(last[i] + service[i]),
                            int(service[i] + drive[i]), int(drive[i])))
    return sorted(out, key=lambda p: (p.visit, p.team))


def _lunch(s: TeamStart) -> int:
    return s.team.lunch_duration if s.needs_lunch else 0


def _interval_rows(s: TeamStart, mine: list[tuple[int, Pair]]) -> list[tuple[list[int], list[
        float], float]]:
    """Rows ``sum(work x) <= b - a + longest drive - lunch`` for the stretches [a, b] that
    the visits confined to them would overfill (rows that cannot cut are left out)."""
    if len(mine) < 2:
        return []
    cols = np.array([c for c, _ in mine])
    first = np.array([p.first // GRID * GRID for _, p in mine])
    end = np.array([-(-p.end // GRID) * GRID for _, p in mine])
    work = np.array([p.work for _, p in mine])
    drive = np.array([p.drive for _, p in mine])
    team = s.team
    rows = []
    for a in np.unique(first):
        sel = np.flatnonzero(first >= a)
        order = sel[np.argsort(end[sel], kind="stable")]
        total = np.cumsum(work[order])
        longest = np.maximum.accumulate(drive[order])
        ends = end[order]
        last_of_end = np.r_[ends[1:] != ends[:-1], True]  # the last visit ending at each b
        lunch = np.where((a <= team.lunch_start) & (team.lunch_end <= ends), _lunch(s), 0)
        # the first drive may start before a, unless the team's day starts at a or later
        slack = longest if a > s.ready else np.zeros_like(longest)
        room = ends - max(int(a), s.ready) + slack - lunch
        ratio = np.where(last_of_end & (room > 0), total / np.maximum(room, 1), 0.0)
        k = int(np.argmax(ratio))
        if ratio[k] > 1:  # the stretch [a, b] that its visits overfill the most
            rows.append((total[k] / ratio[k], [int(c) for c in cols[order[: k + 1]]],
                         [float(w) for w in work[order[: k + 1]]], float(room[k])))
    rows.sort(key=lambda r: -r[0])
    return [(cs, ws, rhs) for _, cs, ws, rhs in rows[:MAX_INTERVAL_ROWS]]


def _conflict_rows(mine: list[tuple[int, Pair]], free: Sequence[VisitRequest],
                   places: Places) -> list[tuple[list[int], list[float], float]]:
    """Rows ``sum(x) <= 1`` over groups of visits no two of which one team can make, in
    either order (the first ends too late to reach the other in its window); groups are
    grown greedily from each visit."""
    if len(mine) < 2:
        return []
    cols = [c for c, _ in mine]
    idx = np.array([places.index[free[p.visit].point] for _, p in mine])
    legs = places.durations[np.ix_(idx, idx)].astype(np.int64)
    first = np.array([p.first for _, p in mine], dtype=np.int64)
    last = np.array([p.last for _, p in mine], dtype=np.int64)
    service = np.array([free[p.visit].service for _, p in mine], dtype=np.int64)
    then = (first + service)[:, None] + legs <= last[None, :]  # u, then v
    clash = ~(then | then.T)
    np.fill_diagonal(clash, False)
    rows, seen = [], set()
    for u in np.argsort(-clash.sum(axis=1), kind="stable"):
        if not clash[u].any():
            continue
        group = [int(u)]
        common = clash[u].copy()
        while common.any():
            v = int(np.flatnonzero(common)[np.argmax(clash[common].sum(axis=1))])
            group.append(v)
            common &= clash[v]
        key = frozenset(group)
        if key not in seen:
            seen.add(key)
            rows.append(([cols[g] for g in group], [1.0] * len(group), 1.0))
    return rows


def servable_bound(problem: RoutingProblem, params: RoutingParams,
                   matrix: TravelMatrix) -> int:
    """At most how many of the day's visits any plan can route (pinned ones included)."""
    free = [v for v in problem.visits if v.pinned is None]
    pinned = len(problem.visits) - len(free)
    starts = team_starts(problem, matrix)
    if not free or not starts:
        return pinned
    points = [v.point for v in free] + [p for s in starts for p in (s.point, s.team.end)]
    places = Places.of(points, matrix)
    pairs = pairs_of(free, starts, params, places)
    if not pairs:
        return pinned
    rows: list[tuple[list[int], list[float], float]] = []
    by_visit: dict[int, list[int]] = {}
    by_team: dict[int, list[tuple[int, Pair]]] = {}
    for c, p in enumerate(pairs):
        by_visit.setdefault(p.visit, []).append(c)
        by_team.setdefault(p.team, []).append((c, p))
    for cs in by_visit.values():
        rows.append((cs, [1.0] * len(cs), 1.0))
    for j, mine in by_team.items():
        s = starts[j]
        cs = [c for c, _ in mine]
        rows.append((cs, [1.0] * len(cs), float(s.visit_room)))
        day = s.team.shift_end - s.ready - _lunch(s)
        rows.append((cs, [float(p.work) for _, p in mine], float(day)))
        rows.extend(_interval_rows(s, mine))
        rows.extend(_conflict_rows(mine, free, places))
    return pinned + _solve(len(pairs), rows, len(by_visit))


def _solve(n: int, rows: list[tuple[list[int], list[float], float]], visits: int) -> int:
    """The relaxation's optimum rounded down; ``visits`` (those with some team) when HiGHS
    stops early."""
    r = [i for i, (cs, _, _) in enumerate(rows) for _ in cs]
    c = [col for cs, _, _ in rows for col in cs]
    vals = [w for _, ws, _ in rows for w in ws]
    a = coo_matrix((vals, (r, c)), shape=(len(rows), n)).tocsr()
    b = np.array([rhs for _, _, rhs in rows])
    res = linprog(-np.ones(n), A_ub=a, b_ub=b, bounds=(0, 1), method=HIGHS_METHOD,
                  options={"time_limit": TIME_LIMIT})
    if res.status != 0 or res.fun is None:
        return visits
    return min(visits, int(np.floor(-res.fun + EPSILON)))
