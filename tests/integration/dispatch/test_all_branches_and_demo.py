"""`doorstep routes plan --all-branches --json`, and the demo's first day: a promoted
screening model and every branch's day routed, so every field user has an agenda."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import typer
from sqlalchemy import select
from typer.testing import CliRunner

from doorstep.cli import routes
from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.demo import load_demo
from doorstep.demo.today import prepare_today
from doorstep.store import tables as t
from doorstep.store.tables_screening import model_versions
from doorstep.visits.records import field
from tests import factories as f

DAY = date(2026, 11, 3)
KEYS = {"visits", "routed", "capacity", "teams_on_duty", "teams_used", "travel_minutes",
        "unassigned"}


def _cli() -> typer.Typer:
    app = typer.Typer()
    app.command("plan")(routes.plan)
    app.command("noop")(lambda: None)  # two commands keep the subcommand name
    return app


def test_all_branches_json_gives_the_figures_and_reasons_per_branch(
        container: Container) -> None:
    """Each branch's line has the figures of item 9; a visit needing a skill no team has is
    listed with the skill named and a fix."""
    for code, name in (("FT01", "福田支行"), ("NS01", "南山支行")):
        branch = f.branch(container, code, name)
        team = f.team(container, branch, size=int(code[-1]) + 1 + len(name))
        for i in range(3):
            cust = f.customer(container, branch, f"{code}客户{i}", customer_no=f"{code}{i:08d}")
            f.case(container, cust, branch, state="assigned", case_no=f"AJ{code}{i:08d}",
                   owner_team_id=team, priority=3)
    cust = f.customer(container, 1, "法务客户", customer_no="LEGAL0000001")
    f.case(container, cust, 1, state="assigned", case_no="AJLEGAL000001", priority=1,
           overdue_amount=Decimal("5000"))
    url = container.engine.url.render_as_string(hide_password=False)
    out = CliRunner().invoke(_cli(), ["plan", "--all-branches", "--date", DAY.isoformat(),
                                      "--json", "--seconds", "0.5", "--database-url", url])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout.strip().splitlines()[-1])
    assert [r["branch"] for r in rows] == ["FT01", "NS01"]
    assert all(set(r) >= KEYS for r in rows)
    ft = rows[0]
    assert ft["visits"] == 4 and ft["routed"] == 3 and ft["teams_on_duty"] == 1
    legal = ft["unassigned"][0]
    assert legal["reason"] == "no_skilled_team" and "法律" in legal["message"]


def test_demo_first_day_has_a_current_model_and_every_field_user_an_agenda(
        container: Container) -> None:
    """After the demo's day step a model is current and field1 opens a route of stops."""
    load_demo(container.engine, customers=1500, seed=7, as_of=date(2026, 11, 2),
              cipher=container.cipher)
    report = prepare_today(container.uow, date(2026, 11, 2), seconds=0.3)
    assert report.model_id is not None and report.model_error == ""
    assert len(report.branches) == 12 and sum(b["routed"] for b in report.branches) > 0
    # the demo's visits fit its teams: every visit of the day is routed in every branch
    left = {b["branch"]: [u["reason"] for u in b["unassigned"]] for b in report.branches
            if b["routed"] != b["visits"]}
    assert left == {}, left
    assert all(b["visits"] <= b["capacity"] for b in report.branches)
    with container.uow(write=False) as uow:
        status = uow.conn.execute(select(model_versions.c.status).where(
            model_versions.c.id == report.model_id)).scalar_one()
        users = list(uow.conn.execute(select(t.users.c.username, t.users.c.staff_id).where(
            t.users.c.role == "field_staff")))
        assert status == "current" and users
        for name, staff_id in users:
            who = Principal(user_id=1, username=name, role=Role.FIELD_STAFF, branch_id=None,
                            staff_id=staff_id)
            assert field.day_route(uow, who), f"{name} has no stops today"
