"""Users, web sessions and API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from doorstep.auth.model import Credential, UserRecord
from doorstep.core.errors import Conflict, NotFound
from doorstep.core.i18n import N_, Msg
from doorstep.store.tables import api_tokens, branches, users, web_sessions


def _user(row: Any) -> UserRecord:
    return UserRecord(
        id=row.id, username=row.username, display_name=row.display_name,
        password_hash=row.password_hash, role=row.role, branch_id=row.branch_id,
        staff_id=row.staff_id, language=row.language, failed_logins=row.failed_logins,
        locked_until=row.locked_until, active=bool(row.active),
        branch_name=getattr(row, "branch_name", None))


class UserRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def _with_branch(self, base: Any, *cols: Any) -> Any:
        """Users (joined onto ``base`` when given) with their branch's name."""
        source = users if base is None else base.join(users, users.c.id == base.c.user_id)
        source = source.outerjoin(branches, branches.c.id == users.c.branch_id)
        return select(*cols, users, branches.c.name.label("branch_name")).select_from(source)

    def by_username(self, username: str) -> UserRecord | None:
        row = self.conn.execute(
            self._with_branch(None).where(users.c.username == username)).first()
        return None if row is None else _user(row)

    def by_id(self, user_id: int) -> UserRecord:
        row = self.conn.execute(self._with_branch(None).where(users.c.id == user_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("User")), id=user_id)
        return _user(row)

    def branch_id_by_code(self, code: str) -> int:
        bid = self.conn.execute(select(branches.c.id).where(branches.c.code == code)).scalar()
        if bid is None:
            raise NotFound(entity=Msg(N_("Branch")), id=code)
        return int(bid)

    def add(self, **values: Any) -> int:
        if self.by_username(values["username"]) is not None:
            raise Conflict(N_("Username %(username)s already exists"), username=values["username"])
        key = self.conn.execute(insert(users).values(**values)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def record_failure(self, user_id: int, failures: int, locked_until: datetime | None) -> None:
        self.conn.execute(update(users).where(users.c.id == user_id)
                          .values(failed_logins=failures, locked_until=locked_until))

    def record_success(self, user_id: int) -> None:
        self.conn.execute(update(users).where(users.c.id == user_id)
                          .values(failed_logins=0, locked_until=None))

    def add_session(self, id_hash: str, user_id: int, csrf: str, now: datetime,
                    expires: datetime) -> None:
        self.conn.execute(insert(web_sessions).values(
            id_hash=id_hash, user_id=user_id, csrf_token=csrf, created_at=now, expires_at=expires))

    def session(self, id_hash: str) -> Credential | None:
        row = self.conn.execute(
            self._with_branch(web_sessions, web_sessions.c.csrf_token, web_sessions.c.expires_at)
            .where(web_sessions.c.id_hash == id_hash)
        ).first()
        return None if row is None else Credential(_user(row), row.expires_at, row.csrf_token)

    def drop_session(self, id_hash: str) -> None:
        self.conn.execute(delete(web_sessions).where(web_sessions.c.id_hash == id_hash))

    def add_token(self, user_id: int, token_hash: str, name: str, now: datetime,
                  expires: datetime) -> None:
        self.conn.execute(insert(api_tokens).values(
            user_id=user_id, token_hash=token_hash, name=name, created_at=now,
            expires_at=expires))

    def token(self, token_hash: str) -> Credential | None:
        row = self.conn.execute(
            self._with_branch(api_tokens, api_tokens.c.expires_at)
            .where(api_tokens.c.token_hash == token_hash, api_tokens.c.revoked.is_(False))
        ).first()
        return None if row is None else Credential(_user(row), row.expires_at)
