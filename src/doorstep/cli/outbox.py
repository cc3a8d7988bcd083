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
    """Deliver due messages in-process; failures are retried with back-off."""
    from doorstep.container import Container
    from doorstep.visits.appointments.outbox import (
        RecordingSmsGateway,
        SmtpEmailSender,
        deliver_pending,
    )

    c = Container.build()
    s = c.settings
    email = SmtpEmailSender(s.smtp_host, s.smtp_port, s.smtp_sender) if s.smtp_host else None
    sms = RecordingSmsGateway()
    started = time.perf_counter()
    for n in range(1, rounds + 1):
        report = deliver_pending(c.uow, sms, email, c.clock.now())
        typer.echo(f"第 {n} 轮：已发送 {report.sent}，失败待重试 {report.failed}，"
                   f"放弃 {report.gave_up}")
        if n < rounds:
            time.sleep(pause)
    typer.echo(f"用时 {time.perf_counter() - started:.1f} 秒")
