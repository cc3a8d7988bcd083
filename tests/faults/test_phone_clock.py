"""Phones with wrong clocks: times are judged on the server's clock when the phone says when
it sent the record; the phone's claim is kept in the audit trail; inconsistent or future
times without that are refused with a clear message."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from doorstep.app import create_app
from doorstep.container import Container
from doorstep.core.clock import FixedClock
from doorstep.store import tables as t
from doorstep.visits.records.model import VisitRefused
from doorstep.visits.records.rules import MAX_CLOCK_SKEW, server_times
from tests import factories as f
from tests import visit_factories as vf

NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # 10:00 in Shenzhen (the fixed test clock)


def test_times_stand_without_sent_at_or_within_tolerance() -> None:
    """A phone that does not say when it sent, or is within 10 minutes, is taken at its word."""
    cin, cout = NOW - timedelta(hours=1), NOW - timedelta(minutes=30)
    assert server_times(cin, cout, None, NOW).corrected is False
    near = server_times(cin, cout, NOW - MAX_CLOCK_SKEW + timedelta(seconds=1), NOW)
    assert (near.check_in_at, near.check_out_at, near.corrected) == (cin, cout, False)


def test_slow_and_fast_phone_clocks_are_shifted_by_their_error() -> None:
    """A phone 2 days slow or 5 hours fast has both times moved by exactly its error."""
    slow = server_times(NOW - timedelta(days=2, minutes=30), NOW - timedelta(days=2, minutes=5),
                        NOW - timedelta(days=2), NOW)
    assert slow.skew == timedelta(days=2)
    assert (slow.check_in_at, slow.check_out_at) == (NOW - timedelta(minutes=30),
                                                     NOW - timedelta(minutes=5))
    fast = server_times(NOW + timedelta(hours=4), NOW + timedelta(hours=4, minutes=30),
                        NOW + timedelta(hours=5), NOW)
    assert fast.skew == -timedelta(hours=5) and fast.check_in_at == NOW - timedelta(hours=1)


def test_check_out_after_the_phone_sent_the_record_is_refused() -> None:
    """A record whose check-out is later than its own send time (phone clock) is inconsistent."""
    with pytest.raises(VisitRefused, match="请检查手机时间"):
        server_times(NOW - timedelta(hours=1), NOW + timedelta(hours=2), NOW - timedelta(hours=3),
                     NOW)


def _submit(c: Container, fx: vf.Field, key: str, **times: Any) -> Any:
    record = vf.record(fx, key=key, **{k: v.isoformat() for k, v in times.items()})
    with TestClient(create_app(c), raise_server_exceptions=False) as client:
        r = client.post("/api/v1/auth/token", json={"username": "field1",
                                                    "password": f.PASSWORD})
        auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
        return client.post("/api/v1/visits", headers=auth, data={"record": json.dumps(record)})


def test_phone_two_days_slow_is_recorded_on_server_time(container: Container) -> None:
    """Accepted with server-time check-in/out; the phone's claim and skew are audited."""
    fx = vf.field_setup(container)
    lag = timedelta(days=2)
    cin = NOW - timedelta(minutes=30)
    r = _submit(container, fx, "clock-slow-0001", check_in_at=cin - lag,
                check_out_at=cin - lag + timedelta(minutes=20), sent_at=NOW - lag)
    assert r.status_code == 201, r.text
    assert r.json()["clock_skew_s"] == 2 * 86400
    with container.engine.connect() as conn:
        visit = conn.execute(select(t.visits).where(
            t.visits.c.idempotency_key == "clock-slow-0001")).one()
        audit = conn.execute(select(t.audit_events).where(
            t.audit_events.c.action == "visit.clock_corrected")).one()
    assert visit.check_in_at == cin.replace(tzinfo=None)
    payload = audit.after if isinstance(audit.after, dict) else json.loads(audit.after)
    assert payload["skew_s"] == 2 * 86400
    assert payload["phone_check_in_at"] == (cin - lag).isoformat()


def test_visit_window_is_judged_on_server_time(container: Container) -> None:
    """A phone 3 h slow claiming 18:10 at 21:30 real time breaks the 09:00–20:00 window."""
    real = datetime(2026, 11, 2, 13, 30, tzinfo=UTC)  # 21:30 in Shenzhen
    late = Container.build(container.settings, clock=FixedClock(real))
    fx = vf.field_setup(late)
    lag = timedelta(hours=3)
    r = _submit(late, fx, "clock-late-0001", check_in_at=real - lag - timedelta(minutes=20),
                check_out_at=real - lag - timedelta(minutes=5), sent_at=real - lag)
    late.engine.dispose()
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "compliance.violation"
    assert "21:10" in r.json()["error"]["message"]


def test_future_times_without_sent_at_are_refused(container: Container) -> None:
    """Without a send time, check-in/out ahead of the server clock is refused clearly."""
    fx = vf.field_setup(container)
    r = _submit(container, fx, "clock-future-01", check_in_at=NOW + timedelta(hours=3),
                check_out_at=NOW + timedelta(hours=3, minutes=20))
    assert r.status_code == 422 and "请检查手机时间" in r.json()["error"]["message"]
