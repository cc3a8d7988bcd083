"""Administration: schema migrations, users, audit verification, key rotation, policy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer

from doorstep.approvals.model import Authority
from doorstep.auth.service import CreateUser, create_user
from doorstep.cases.compliance import Policy
from doorstep.cli.common import console, container, err_console, user_errors
from doorstep.cli.tables import JSON, Col, emit
from doorstep.core.access import SYSTEM, Role
from doorstep.core.i18n import N_, _
from doorstep.core.settings import Settings

db_app = typer.Typer(help="Database schema", no_args_is_help=True)
users_app = typer.Typer(help="Users", no_args_is_help=True)
audit_app = typer.Typer(help="Audit trail", no_args_is_help=True)
keys_app = typer.Typer(help="Field encryption keys", no_args_is_help=True)
policy_app = typer.Typer(help="Compliance policy", no_args_is_help=True)
web_app = typer.Typer(help="The web app and API", no_args_is_help=True)

DbUrl = typer.Option(None, "--database-url", help="Defaults to DOORSTEP_DATABASE_URL")


@db_app.command("upgrade")
def db_upgrade(database_url: str | None = DbUrl, revision: str = "heads") -> None:
    """Build or migrate the schema to the newest revision."""
    from doorstep.store.migrate import current, upgrade

    c = container(database_url)
    url = c.engine.url.render_as_string(hide_password=False)
    upgrade(url, revision)
    console.print(_("Database migrated to %(current)s (%(render_as_string)s)",
                    current=current(url), render_as_string=c.engine.url.render_as_string()))


@users_app.command("create")
def users_create(
    username: str, role: Role = typer.Option(..., help="Role of DESIGN §1"),
    display_name: str = typer.Option("", help="Shown in the UI"),
    branch: str | None = typer.Option(None, help="Branch code; omit for head office"),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
    database_url: str | None = DbUrl,
) -> None:
    """Create a login for a member of staff."""
    c = container(database_url)
    with user_errors(), c.uow() as uow:
        uid = create_user(uow, CreateUser(username=username, display_name=display_name or username,
                                          password=password, role=role, branch_code=branch),
                          SYSTEM.actor)
        uow.commit()
    console.print(_("Created user %(username)s (id %(uid)s, role %(value)s)", username=username,
                    uid=uid, value=role.value))


@audit_app.command("verify")
def audit_verify(database_url: str | None = DbUrl) -> None:
    """Check the hash chain; exit 1 naming the first altered, deleted or reordered row."""
    from doorstep.store.audit_log import verify

    c = container(database_url)
    with c.engine.connect() as conn:
        count, broken = verify(conn)
    if broken is not None:
        err_console.print(_("[red]Audit chain broken[/red] at row %(seq)s: %(reason)s (%(count)s "
                            "rows checked)", seq=broken.seq, reason=broken.reason, count=count))
        raise typer.Exit(1)
    console.print(_("Audit chain intact: all %(count)s rows verified", count=count))


@keys_app.command("generate")
def keys_generate(key_id: str = typer.Option("k1", help="Short id stored with each value")) -> None:
    """Print a fresh key line for DOORSTEP_FIELD_KEYS or a key file."""
    from doorstep.core.crypto import generate_key

    console.print(f"{key_id}:{generate_key()}")


@keys_app.command("rotate")
def keys_rotate(database_url: str | None = DbUrl) -> None:
    """Re-seal every personal-data column with the active key (one transaction)."""
    from doorstep.store.keys import reseal_personal_data

    c = container(database_url)
    with c.uow() as uow:
        changed = reseal_personal_data(uow.conn, c.cipher)
        uow.commit()
    console.print(_("Re-encrypted %(changed)s rows with key %(active_key_id)s",
                    active_key_id=c.cipher.active_key_id, changed=changed))


@policy_app.command("check")
def policy_check(path: Path, as_json: JSON = False) -> None:
    """Validate a compliance policy file and print the rules it sets."""
    with user_errors():
        policy = Policy.from_toml(path)
        authority = Authority.from_toml(path)
    rows = [{"rule": name, "value": str(value)} for name, value in policy.__dict__.items()]
    rows += [{"rule": f"approvals.{role.value}.{kind.value}", "value": str(limit)}
             for (role, kind), limit in sorted(authority.limits.items())]
    emit(console, [Col(N_("Rule"), "rule", True), Col(N_("Rule value"), "value")], rows,
         as_json)


@web_app.command("serve")
def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
          reload: bool = False) -> None:
    """Start the web app and API (and, by default, a job worker beside it)."""
    import uvicorn

    from doorstep.cli.jobs import metrics_folder
    from doorstep.core.settings import get_settings

    settings = get_settings()
    metrics_folder(settings.metrics_dir, fresh=True)
    worker = _embedded_worker(settings)
    try:
        uvicorn.run("doorstep.asgi:app", host=host, port=port, workers=workers,
                    reload=reload, proxy_headers=True, access_log=False)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)


def _embedded_worker(settings: Settings) -> subprocess.Popen[bytes] | None:
    """`make run` needs no other server: a `doorstep jobs work` process on the SQLite broker."""
    if not settings.jobs_embedded_worker or settings.jobs_broker == "immediate://":
        return None
    err_console.print(_("Job worker: %(jobs_broker)s", jobs_broker=settings.jobs_broker))
    return subprocess.Popen([sys.executable, "-m", "doorstep.cli.main", "jobs", "work",
                             "--exit-with", str(os.getpid())])
