"""Road travel times from an OSRM table server, tested against a local HTTP server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from doorstep.visits.dispatch.solve import plan_stats, solve_day
from doorstep.visits.routing import (
    GeoPoint,
    HaversineMatrix,
    RoutingParams,
    RoutingProblem,
    TeamShift,
    VisitRequest,
    validate_plan,
)
from doorstep.visits.routing.osrm import OsrmMatrix, TableMatrix, day_matrix, provider_from

PARAMS = replace(RoutingParams(), seconds=0.5)


class _Osrm(BaseHTTPRequestHandler):
    """Answers /table/v1/driving/{lon,lat;...} like OSRM: 100 s per unit of index distance."""

    mode = "ok"
    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).asked.append(self.path)
        coords = self.path.split("/table/v1/driving/")[1].split("?")[0].split(";")
        n = len(coords)
        body: dict[str, Any] = {"code": "Ok",
                                "durations": [[100.0 * abs(i - j) for j in range(n)]
                                              for i in range(n)],
                                "distances": [[700.0 * abs(i - j) for j in range(n)]
                                              for i in range(n)]}
        if self.mode == "no_route":
            body["durations"][0][1] = None
        if self.mode == "error":
            body = {"code": "InvalidQuery", "message": "bad"}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def osrm() -> Iterator[str]:
    """A local server answering in OSRM's table format."""
    _Osrm.mode, _Osrm.asked = "ok", []
    server = HTTPServer(("127.0.0.1", 0), _Osrm)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


POINTS = [GeoPoint(22.54, 114.05), GeoPoint(22.55, 114.06), GeoPoint(22.56, 114.07)]


def test_osrm_table_gives_road_durations_and_distances(osrm: str) -> None:
    """The provider asks the table service once with lon,lat pairs and returns its matrices."""
    m = OsrmMatrix(osrm)
    assert m.durations(POINTS).tolist() == [[0, 100, 200], [100, 0, 100], [200, 100, 0]]
    assert m.distances(POINTS)[0, 2] == 1400
    assert len(_Osrm.asked) == 1 and "114.050000,22.540000;" in _Osrm.asked[0]
    assert "annotations=duration,distance" in _Osrm.asked[0]


def test_day_matrix_fetches_once_and_answers_sub_tables(osrm: str) -> None:
    """The day's table is fetched once; any sub-table of its places comes from it."""
    matrix, failure = day_matrix(POINTS, OsrmMatrix(osrm), HaversineMatrix())
    assert failure is None and isinstance(matrix, TableMatrix)
    assert matrix.durations([POINTS[2], POINTS[0]]).tolist() == [[0, 200], [200, 0]]
    assert len(_Osrm.asked) == 1


@pytest.mark.parametrize("mode", ["no_route", "error"])
def test_bad_answer_falls_back_to_the_estimate_and_says_why(osrm: str, mode: str) -> None:
    """A missing route or an error code means the embedded estimate, with the reason."""
    _Osrm.mode = mode
    matrix, failure = day_matrix(POINTS, OsrmMatrix(osrm), HaversineMatrix())
    assert isinstance(matrix, HaversineMatrix) and failure and "OSRM" in failure


def test_unreachable_server_falls_back_and_the_plan_says_so() -> None:
    """No server listening: the day is planned on the estimate and its stats say why."""
    visits = (VisitRequest("c1", 22.55, 114.06, 9 * 3600, 17 * 3600, 1800),)
    team = TeamShift("1", POINTS[0], POINTS[0], 9 * 3600, 18 * 3600)
    solved = solve_day(RoutingProblem(visits, (team,)), PARAMS, 0,
                       OsrmMatrix("http://127.0.0.1:9", timeout=1.0))
    stats = plan_stats(solved, 1, 0.1)
    assert stats["travel_source"] == "estimate" and "unreachable" in str(stats["travel_failure"])
    assert solved.plan.assigned_ids == ("c1",)


def test_plan_with_road_times_validates_against_the_same_table(osrm: str) -> None:
    """A day planned on OSRM's times passes the validator with those times."""
    visits = tuple(VisitRequest(f"c{i}", 22.55 + i * 0.01, 114.06, 9 * 3600, 17 * 3600, 1800)
                   for i in range(3))
    team = TeamShift("1", POINTS[0], POINTS[0], 9 * 3600, 18 * 3600)
    solved = solve_day(RoutingProblem(visits, (team,)), PARAMS, 0, OsrmMatrix(osrm))
    assert plan_stats(solved, 3, 0.1)["travel_source"] == "road"
    assert len(solved.plan.assigned_ids) == 3
    assert validate_plan(solved.plan, PARAMS, solved.matrix) == []


def test_provider_setting_chooses_osrm_only_with_a_url() -> None:
    """The setting picks OSRM when a URL is given; otherwise the embedded estimate."""
    assert isinstance(provider_from("osrm", "http://osrm.local:5000"), OsrmMatrix)
    assert provider_from("osrm", None) is None and provider_from("estimate", "x") is None
