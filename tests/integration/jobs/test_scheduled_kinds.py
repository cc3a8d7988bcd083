"""The scheduled jobs wrap the existing services and leave a followable record: timers,
retention, outbox delivery, and tomorrow's routes (one child job per branch)."""

from __future__ import annotations

from datetime import timedelta

from doorstep.container import Container
from doorstep.jobs import service
from doorstep.jobs.model import JobState
from tests import factories as f


def _run(c: Container, kind: str) -> dict[str, object]:
    job_id = service.start(c, service.scheduler_principal(kind), kind, {})
    with c.uow(write=False) as uow:
        job = uow.jobs.get(job_id)
    assert job.state == JobState.DONE, job
    return job.result


def test_timers_count_what_fell_overdue(container: Container) -> None:
    """A case past its SLA is counted by the timers job, with the other clocks at zero."""
    branch = f.branch(container)
    f.case(container, f.customer(container, branch, "张伟"), branch)
    container.clock.advance(timedelta(days=400))  # type: ignore[attr-defined]
    result = _run(container, "timers")
    assert result["sla_overdue"] == 1 and result["mediation_overdue"] == 0
    assert {"complaints_overdue", "reminders", "certificates_expiring_30d"} <= set(result)


def test_retention_and_outbox_delivery_run_as_jobs(container: Container) -> None:
    """The retention purge and an outbox round finish as done jobs with their counts."""
    assert "purged" in _run(container, "ops.retention")
    assert _run(container, "outbox.deliver") == {"sent": 0, "failed": 0, "gave_up": 0,
                                                  "held": 0, "receipts": 0}


def test_tomorrows_routes_are_one_job_per_branch(container: Container) -> None:
    """The nightly route job starts a route-planning job for each branch, for tomorrow."""
    f.branch(container)
    f.branch(container, "NS01", "南山支行")
    result = _run(container, "routes.plan_tomorrow")
    assert result["day"] == "2026-11-03" and len(result["jobs"]) == 2  # type: ignore[arg-type]
    with container.uow(write=False) as uow:
        children = [uow.jobs.get(i) for i in result["jobs"]]  # type: ignore[attr-defined]
    assert {j.kind for j in children} == {"routes.plan"}
    assert all(j.state == JobState.DONE and j.result_kind == "route_plan" for j in children)


def test_the_monthly_report_runs_as_a_job_and_is_kept_when_repeated(
        container: Container) -> None:
    """Last month's report is written by the job; a second run with the same data keeps it."""
    first = _run(container, "reports.monthly")
    again = _run(container, "reports.monthly")
    assert first["month"] == again["month"] == "2026-10"
    assert first["out_dir"].endswith("reports")  # type: ignore[union-attr]
