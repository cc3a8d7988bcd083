"""The composition root: settings → engine, cipher, policy, clock → units of work."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from doorstep.approvals.model import Authority
from doorstep.auth.service import LoginPolicy
from doorstep.cases.compliance import DEFAULT_POLICY, Policy
from doorstep.core.clock import Clock, SystemClock
from doorstep.core.crypto import FieldCipher
from doorstep.core.settings import Settings, get_settings
from doorstep.store.db import make_engine
from doorstep.store.uow import SqlUnitOfWork

if TYPE_CHECKING:
    from doorstep.jobs.queue import JobQueue


@dataclass
class Container:
    settings: Settings
    engine: Engine
    cipher: FieldCipher
    policy: Policy
    clock: Clock = field(default_factory=SystemClock)
    authority: Authority = field(
        default_factory=lambda: Authority.from_toml(DEFAULT_POLICY))
    _queue: JobQueue | None = field(default=None, repr=False)

    @classmethod
    def build(cls, settings: Settings | None = None, clock: Clock | None = None) -> Container:
        s = settings or get_settings()
        return cls(settings=s, engine=make_engine(s.database_url), cipher=s.cipher(),
                   policy=Policy.from_toml(s.policy_file or DEFAULT_POLICY),
                   clock=clock or SystemClock(),
                   authority=Authority.from_toml(s.policy_file or DEFAULT_POLICY))

    def uow(self, *, write: bool = True) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, self.cipher, self.clock, write=write)

    def job_queue(self) -> JobQueue:
        """The job queue on the configured broker (built on first use)."""
        if self._queue is None:
            from doorstep.jobs.queue import JobQueue

            self._queue = JobQueue(self, self.settings.jobs_broker)
        return self._queue

    @property
    def login_policy(self) -> LoginPolicy:
        s = self.settings
        return LoginPolicy(max_failures=s.login_max_failures,
                           lockout=timedelta(minutes=s.login_lockout_minutes),
                           session_length=timedelta(hours=s.session_hours))
