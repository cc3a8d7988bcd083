"""`doorstep evaluation simulate` (prove the effect estimator) and
`doorstep evaluation backtest-uplift` (Qini of the per-customer uplift model)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from doorstep.cli.common import console, container, err_console, user_errors
from doorstep.cli.reports import DB, evaluation_app
from doorstep.core.i18n import _
from doorstep.evaluation.simulate import simulate as run_simulation
from doorstep.screening.uplift_history import backtest_latest


@evaluation_app.command("simulate")
def simulate(
    customers: Annotated[int, typer.Option("--customers", help="Customers per portfolio")] = 2000,
    true_effect: Annotated[float, typer.Option("--true-effect",
                                               help="True effect on the 90-day cure rate "
                                                    "(0.04 = 4 points)")] = 0.0,
    runs: Annotated[int, typer.Option("--runs", help="Simulated portfolios")] = 100,
    seed: Annotated[int, typer.Option("--seed")] = 7,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """Build portfolios with a known effect, run them through the effect page's estimator
    and print coverage of the 95 % interval, bias and power."""
    try:
        result = run_simulation(customers, true_effect, runs, seed)
    except ValueError as exc:
        err_console.print(_("[red]Error[/red] %(exc)s", exc=exc))
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(result.as_dict()))
        return
    console.print(_("%(runs)s simulations (%(customers)s customers each, true effect "
                    "%(true_effect)s): coverage %(coverage)s, bias %(bias)s, power %(power)s",
                    runs=result.runs, customers=customers, true_effect=true_effect,
                    coverage=f'{result.coverage:.3f}', bias=f'{result.bias:+.4f}',
                    power=f'{result.power:.3f}'))


@evaluation_app.command("backtest-uplift")
def uplift_backtest(
    measure: Annotated[str, typer.Option(help="Outcome, e.g. cured_60")] = "cured_60",
    seed: Annotated[int, typer.Option("--seed")] = 7,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
    database_url: str | None = DB,
) -> None:
    """Train the per-customer uplift model on earlier randomised runs and measure Qini /
    AUUC on the latest one against a random ranking and against risk × amount."""
    c = container(database_url)
    with user_errors(), c.uow(write=False) as uow:
        report = backtest_latest(uow, measure, seed)
    r = report.result
    doc = {"test_run": report.test_run, "train_runs": report.train_runs, "measure": measure,
           "train_n": list(r.train_n), "test_n": list(r.test_n),
           "qini": {k: round(v, 5) for k, v in r.qini.items()},
           "auuc": {k: round(v, 5) for k, v in r.auuc.items()}}
    if as_json:
        typer.echo(json.dumps(doc))
        return
    console.print(_("Test run %(test_run)s (training runs %(train_runs)s): Qini coefficient model "
                    "%(model)s, random %(random)s, risk×amount %(risk_x_amount)s",
                    test_run=report.test_run, train_runs=report.train_runs,
                    model=f"{r.qini['model']:.4f}", random=f"{r.qini['random']:.4f}",
                    risk_x_amount=f"{r.qini['risk_x_amount']:.4f}"))
