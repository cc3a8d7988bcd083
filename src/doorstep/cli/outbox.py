"""`doorstep outbox deliver`: send due SMS and e-mail, idempotently, with retries."""

from __future__ import annotations

import time
from typing import Annotated

import typer

app = typer.Typer(help="消息发件箱 / outbox", no_args_is_help=True)


@app.callback()
def _outbox() -> None:
    """消息发件箱 / outbox."""


@app.command("deliver")
def deliver(
    rounds: Annotated[int, typer.Option(min=1, help="delivery rounds (retries due ones)")] = 1,
    pause: Annotated[float, typer.Option(min=0, help="seconds between rounds")] = 0.0,
) -> None:
    """Deliver due messages now (the configured SMS gateway and SMTP; SMS held in quiet
    hours) and store delivery receipts; failures are retried with back-off."""
    from doorstep.container import Container
    from doorstep.jobs.delivery import deliver_now

    c = Container.build()
    started = time.perf_counter()
    for n in range(1, rounds + 1):
        report = deliver_now(c)
        typer.echo(f"第 {n} 轮：已发送 {report.sent}，失败待重试 {report.failed}，"
                   f"放弃 {report.gave_up}，禁扰时段暂缓 {report.held}，回执 {report.receipts}")
        if n < rounds:
            time.sleep(pause)
    typer.echo(f"用时 {time.perf_counter() - started:.1f} 秒")
