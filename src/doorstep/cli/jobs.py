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
from doorstep.core.i18n import translate

app = typer.Typer(help="后台任务 / background jobs", no_args_is_help=True)
DB = typer.Option(None, "--database-url", help="Default: DOORSTEP_DATABASE_URL")
STATE_LABELS = {"queued": "排队中", "running": "运行中", "done": "已完成", "failed": "失败"}


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
        err_console.print("[red]错误[/red] DOORSTEP_JOBS_BROKER=immediate:// 无需 worker")
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
        task = bar.add_task(f"任务 / job {job_id}", total=1.0)
        while True:
            with c.uow(write=False) as uow:
                job = uow.jobs.get(job_id)
            assert job is not None
            label = f"任务 {job_id} {STATE_LABELS[job.state]} {job.step}".strip()
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
        err_console.print(f"[red]错误[/red] {translate('not_found', entity='后台任务', id=job_id)}")
        raise typer.Exit(1)
    console.print(f"任务 / job {job.id} {job.kind}: {STATE_LABELS[job.state]} "
                  f"{job.progress:.0%} {job.step}")
    if job.error_code:
        console.print(error_text(job, "zh-CN"))
    link = result_link(job)
    if link:
        console.print(f"结果 / result: {link}")
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
    cols = [Col("id", "id", is_id=True), Col("任务 kind", "kind", is_id=True),
            Col("状态 state", "state"), Col("进度", "progress"), Col("发起人", "started_by"),
            Col("创建时间 (UTC)", "created_at")]
    rows = [{"id": j.id, "kind": j.kind, "state": j.state if as_json else STATE_LABELS[j.state],
             "progress": j.progress if as_json else f"{j.progress:.0%}",
             "started_by": j.started_by, "created_at": f"{j.created_at:%Y-%m-%d %H:%M:%S}"}
            for j in jobs]
    emit(console, cols, rows, as_json)
