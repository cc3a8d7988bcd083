"""`doorstep jobs work` (runs jobs and the schedule) and `doorstep jobs show | follow | list`."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from doorstep.cli.common import console, container, err_console
from doorstep.cli.tables import JSON, Col, emit
from doorstep.container import Container
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, Msg, _, get_language

app = typer.Typer(help="Background jobs", no_args_is_help=True)
DB = typer.Option(None, "--database-url", help="Default: DOORSTEP_DATABASE_URL")
STATE_LABELS = {"queued": N_("Queued"), "running": N_("Running"), "done": N_("Done"),
                "failed": N_("Failed")}


def metrics_folder(folder: Path, *, fresh: bool) -> None:
    """Prometheus multiprocess mode for this process and its children (before any metric)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    if fresh and folder.exists():
        shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder.resolve())


@app.command("work")
def worker(
    threads: int | None = typer.Option(None, min=1, help="Jobs run at once (threads)"),
    scheduler: bool = typer.Option(True, help="Also fire the periodic schedule (run one)"),
    parent: int | None = typer.Option(None, "--exit-with", hidden=True,
                                      help="Stop when this process (`doorstep web serve`) ends"),
    database_url: str | None = DB,
) -> None:
    """Run background jobs from the broker (DOORSTEP_JOBS_BROKER) until stopped."""
    from doorstep.core.settings import get_settings

    metrics_folder(get_settings().metrics_dir, fresh=False)
    from doorstep.jobs.runner import recover

    c = container(database_url)
    queue = c.job_queue()
    if queue.immediate:
        err_console.print(_("[red]Error[/red] DOORSTEP_JOBS_BROKER=immediate:// needs no worker"))
        raise typer.Exit(2)
    recovered = recover(c, queue, resend_queued=True)
    err_console.print(f"worker: broker {queue.broker}, {recovered} job(s) re-sent")
    if parent is not None:
        _exit_with(parent)
    consumer = queue.huey.create_consumer(workers=threads or c.settings.job_worker_threads,
                                          worker_type="thread", periodic=scheduler,
                                          check_worker_health=True)
    consumer.run()


def _exit_with(parent: int) -> None:
    """Stop this worker gracefully once ``parent`` is gone (however it ended)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def follow(c: Container, job_id: int, timeout: float = 3600.0, out: Console | None = None) -> str:
    """A progress bar (on ``out``, default stdout) until the job ends; its final state."""
    bar = Progress(TextColumn("{task.description}"), BarColumn(),
                   TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
                   console=out or console)
    deadline = time.monotonic() + timeout
    with bar:
        task = bar.add_task(_("Job %(job_id)s", job_id=job_id), total=1.0)
        while True:
            with c.uow(write=False) as uow:
                job = uow.jobs.get(job_id)
            assert job is not None
            label = _("Job %(job_id)s %(v)s %(step)s", job_id=job_id, v=_(STATE_LABELS[job.state]),
                      step=job.step).strip()
            bar.update(task, completed=job.progress, description=label)
            if job.final or time.monotonic() > deadline:
                return str(job.state)
            time.sleep(0.5)


def _show(c: Container, job_id: int) -> str:
    from doorstep.jobs.model import result_link
    from doorstep.jobs.service import error_text

    with c.uow(write=False) as uow:
        job = uow.jobs.get(job_id)
    if job is None:
        missing = NotFound(entity=Msg(N_("Background job")), id=job_id)
        err_console.print(_("[red]Error[/red] %(translate)s",
                            translate=missing.message_in(get_language())))
        raise typer.Exit(1)
    console.print(_("Job %(id)s %(kind)s: %(v)s %(progress)s %(step)s", id=job.id, kind=job.kind,
                    v=_(STATE_LABELS[job.state]), progress=f'{job.progress:.0%}', step=job.step))
    if job.error_code:
        console.print(error_text(job, get_language()))
    link = result_link(job)
    if link:
        console.print(_("Result: %(link)s", link=link))
    return str(job.state)


@app.command("show")
def show(job_id: int, database_url: str | None = DB) -> None:
    """One job: state, progress, result or error (exit 1 if it failed)."""
    if _show(container(database_url), job_id) == "failed":
        raise typer.Exit(1)


@app.command("follow")
def follow_cmd(job_id: int, database_url: str | None = DB) -> None:
    """Show a progress bar until the job ends (exit 1 if it failed)."""
    c = container(database_url)
    follow(c, job_id)
    if _show(c, job_id) == "failed":
        raise typer.Exit(1)


@app.command("list")
def list_jobs(limit: int = 20, as_json: JSON = False, database_url: str | None = DB) -> None:
    """The newest jobs (ids and kinds never cut; ``--json`` for scripts)."""
    c = container(database_url)
    with c.uow(write=False) as uow:
        jobs = uow.jobs.recent(None, limit)
    cols = [Col("id", "id", is_id=True), Col(N_("Job kind"), "kind", is_id=True),
            Col(N_("Job state"), "state"), Col(N_("Progress"), "progress"),
            Col(N_("Started by"), "started_by"), Col(N_("Created (UTC)"), "created_at")]
    rows = [{"id": j.id, "kind": j.kind, "state": j.state if as_json else _(STATE_LABELS[j.state]),
             "progress": j.progress if as_json else f"{j.progress:.0%}",
             "started_by": j.started_by, "created_at": f"{j.created_at:%Y-%m-%d %H:%M:%S}"}
            for j in jobs]
    emit(console, cols, rows, as_json)
