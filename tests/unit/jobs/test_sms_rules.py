"""Pure rules of outgoing SMS: the gateway signature and the quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime

from doorstep.cases.compliance import DEFAULT_POLICY, Policy
from doorstep.visits.appointments.outbox import quiet_until
from doorstep.visits.appointments.sms_signing import sign_headers, verify

AT = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
POLICY = Policy.from_toml(DEFAULT_POLICY)


def test_a_signature_verifies_only_with_the_same_secret_body_and_time() -> None:
    """A request verifies with its key and secret; another secret, an altered body or a
    timestamp outside five minutes does not."""
    body = b'{"PhoneNumbers": "13800000000"}'
    headers = sign_headers("key", "secret", "POST", "/sms/send", body, AT, "n1")
    assert verify(headers, "key", "secret", "POST", "/sms/send", body, AT)
    assert not verify(headers, "key", "other", "POST", "/sms/send", body, AT)
    assert not verify(headers, "key", "secret", "POST", "/sms/send", body + b" ", AT)
    assert not verify(headers, "key", "secret", "POST", "/sms/send", body,
                      AT.replace(minute=6))
    assert not verify({}, "key", "secret", "POST", "/sms/send", body, AT)


def test_quiet_hours_run_from_ten_at_night_to_eight_in_the_morning_beijing_time() -> None:
    """At 23:00 and 07:59 Beijing an SMS waits for 08:00; at 08:00 and 21:59 it goes."""
    eight = datetime(2026, 11, 3, 0, 0, tzinfo=UTC)  # 08:00 Beijing on 3 November
    assert quiet_until(datetime(2026, 11, 2, 15, 0, tzinfo=UTC), POLICY) == eight
    assert quiet_until(datetime(2026, 11, 2, 23, 59, tzinfo=UTC), POLICY) == eight
    assert quiet_until(eight, POLICY) is None
    assert quiet_until(datetime(2026, 11, 2, 13, 59, tzinfo=UTC), POLICY) is None
