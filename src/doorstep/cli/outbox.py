"""`doorstep outbox deliver`: send due SMS and e-mail, idempotently, with retries."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from doorstep.core.i18n import _

app = typer.Typer(help="Message outbox", no_args_is_help=True)


@app.callback()
def _outbox() -> None:
    """Message outbox."""


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
        typer.echo(_("Round %(n)s: %(sent)s sent, %(failed)s failed to retry, %(gave_up)s given "
                     "up, %(held)s held for quiet hours, %(receipts)s receipts", n=n,
                     sent=report.sent, failed=report.failed, gave_up=report.gave_up,
                     held=report.held, receipts=report.receipts))
        if n < rounds:
            time.sleep(pause)
    typer.echo(_("Took %(v)s s", v=f'{time.perf_counter() - started:.1f}'))
