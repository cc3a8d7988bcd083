"""Pure job rules: who follows a job, when a lease has run out, how long to wait."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from doorstep.core.access import Principal, Role
from doorstep.jobs.model import (
    Job,
    JobState,
    api_link,
    lease_expired,
    may_follow,
    result_link,
    retry_delay,
)

NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def _job(**kw: object) -> Job:
    values: dict[str, object] = {"id": 5, "kind": "screening.run", "state": JobState.RUNNING,
                                 "progress": 0.3, "params": {}, "started_by": "analyst",
                                 "created_at": NOW}
    return Job(**(values | kw))  # type: ignore[arg-type]


def test_only_the_starter_or_an_administrator_follows_a_job() -> None:
    """A job is visible to whoever started it and to administrators, to nobody else."""
    job = _job()
    assert may_follow(Principal(1, "analyst", Role.ANALYST, None), job)
    assert may_follow(Principal(2, "root", Role.ADMIN, None), job)
    assert not may_follow(Principal(3, "manager", Role.PROGRAMME_MANAGER, None), job)


def test_a_lease_runs_out_only_for_running_jobs_past_it() -> None:
    """A running job whose lease lies in the past is presumed dead; others are not."""
    assert lease_expired(_job(lease_until=NOW - timedelta(seconds=1)), NOW)
    assert not lease_expired(_job(lease_until=NOW + timedelta(seconds=1)), NOW)
    assert not lease_expired(_job(state=JobState.DONE, lease_until=NOW - timedelta(1)), NOW)


def test_retries_back_off_exponentially_up_to_ten_minutes() -> None:
    """Each retry waits twice as long as the one before, never more than 10 minutes."""
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [10, 20, 40]
    assert retry_delay(30) == timedelta(minutes=10)


def test_a_screening_job_links_to_its_run_page_and_resource() -> None:
    """The result of a screening job is its run: a page and an API resource."""
    job = _job(state=JobState.DONE, result_kind="screening_run", result_id="12")
    assert result_link(job) == "/screening/runs/12"
    assert api_link(job) == "/api/v1/screening/runs/12"
    assert result_link(_job()) is None


def test_a_job_error_reads_in_the_users_language_even_without_its_own_message() -> None:
    """A known code is translated with its parameters; an unknown one shows its detail
    through the generic message, in Chinese or English."""
    from doorstep.jobs.service import error_text

    missing = _job(state=JobState.FAILED, error_code="not_found",
                   error_params={"entity": "计划", "id": 9})
    assert error_text(missing, "zh-CN") == "未找到计划（编号 9）"
    odd = _job(state=JobState.FAILED, error_code="screening.odd", error_params={"detail": "x"})
    assert error_text(odd, "en") == "The operation failed: x"
    assert error_text(_job(), "en") == ""
