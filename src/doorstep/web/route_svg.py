"""Each team's route as geometry: lat/lon scaled into an SVG view box (the drawing without
map tiles) and the same route in degrees for the Leaflet map over the configured tiles."""

from __future__ import annotations

from dataclasses import dataclass, field

from doorstep.visits.dispatch.model import BranchDay, StoredPlan

WIDTH, HEIGHT, PAD = 640, 420, 24
COLOURS = ("#c0392b", "#2471a3", "#1e8449", "#b9770e", "#7d3c98", "#117a65", "#a04000",
           "#2e4053")


@dataclass
class TeamDrawing:
    team_id: int
    name: str
    colour: str
    home: tuple[float, float]
    stops: list[tuple[float, float, int, str]] = field(default_factory=list)
    home_geo: tuple[float, float] = (0.0, 0.0)
    geo_stops: list[tuple[float, float, int, str]] = field(default_factory=list)

    def to_geo(self) -> dict[str, object]:
        """The route in degrees for the map script: home base, then numbered stops."""
        return {"team": self.team_id, "name": self.name, "colour": self.colour,
                "home": list(self.home_geo),
                "stops": [[lat, lon, n, case_no] for lat, lon, n, case_no in self.geo_stops]}

    @property
    def path(self) -> str:
        points = [self.home, *[(x, y) for x, y, _, _ in self.stops], self.home]
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _scaler(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    lats = [p[0] for p in points] or [0.0]
    lons = [p[1] for p in points] or [0.0]
    span = max(max(lats) - min(lats), max(lons) - min(lons), 1e-3)
    return min(lons), max(lats), span, span


def drawings(day: BranchDay, plan: StoredPlan | None) -> list[TeamDrawing]:
    """One drawing per team with stops in the plan, numbered in route order."""
    if plan is None:
        return []
    where = {c.case_id: (c.lat, c.lon, c.case_no) for c in day.visits}
    teams = {t.id: t for t in day.teams}
    used = sorted({s.team_id for s in plan.stops if s.team_id in teams})
    homes = {t: (teams[t].members[0].home_lat, teams[t].members[0].home_lon) for t in used}
    pts = list(homes.values()) + [where[s.case_id][:2] for s in plan.stops if s.case_id in where]
    min_lon, max_lat, span_lon, span_lat = _scaler(pts)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (PAD + (lon - min_lon) / span_lon * (WIDTH - 2 * PAD),
                PAD + (max_lat - lat) / span_lat * (HEIGHT - 2 * PAD))

    out: list[TeamDrawing] = []
    for i, team_id in enumerate(used):
        d = TeamDrawing(team_id, teams[team_id].name, COLOURS[i % len(COLOURS)],
                        xy(*homes[team_id]), home_geo=homes[team_id])
        for s in sorted((s for s in plan.stops if s.team_id == team_id), key=lambda s: s.seq):
            if s.case_id in where:
                lat, lon, case_no = where[s.case_id]
                d.stops.append((*xy(lat, lon), s.seq + 1, case_no))
                d.geo_stops.append((lat, lon, s.seq + 1, case_no))
        out.append(d)
    return out
