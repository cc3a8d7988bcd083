"""Roles, permissions and the ONE table that decides who may do what (DESIGN §1, §9).

Routes, pages and CLI commands name a :class:`Permission`; nothing else decides access.
Branch scoping: a user tied to a branch sees only that branch's customers and cases;
head-office users (no branch) see every branch.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from doorstep.core.errors import NotFound, PermissionDenied
from doorstep.core.i18n import N_, Msg, as_msg


class Role(StrEnum):
    PROGRAMME_MANAGER = "programme_manager"
    ANALYST = "analyst"
    DISPATCHER = "dispatcher"
    FIELD_STAFF = "field_staff"
    LEGAL_OFFICER = "legal_officer"
    AUDITOR = "auditor"
    TRAINER = "trainer"
    ADMIN = "admin"


ROLE_LABELS: dict[Role, str] = {
    Role.PROGRAMME_MANAGER: N_("Programme manager"),
    Role.ANALYST: N_("Analyst"),
    Role.DISPATCHER: N_("Dispatcher"),
    Role.FIELD_STAFF: N_("Field staff"),
    Role.LEGAL_OFFICER: N_("Legal officer"),
    Role.AUDITOR: N_("Compliance / auditor"),
    Role.TRAINER: N_("Trainer"),
    Role.ADMIN: N_("Administrator"),
}


class Permission(StrEnum):
    CASE_READ = "case.read"
    CASE_EXPORT = "case.export"
    CASE_APPROVE = "case.approve"
    CASE_DISPATCH = "case.dispatch"
    CASE_VISIT = "case.visit"
    CASE_RESOLVE = "case.resolve"
    CASE_ESCALATE = "case.escalate"
    CASE_LEGAL = "case.legal"
    CASE_CLOSE = "case.close"
    COMPLIANCE_OVERRIDE = "compliance.override"
    APPROVAL_DECIDE = "approval.decide"
    CUSTOMER_READ = "customer.read"
    CUSTOMER_REVEAL = "customer.reveal"
    AUDIT_READ = "audit.read"
    USER_MANAGE = "user.manage"
    PLAN_READ = "plan.read"
    PLAN_MANAGE = "plan.manage"
    TEAM_READ = "team.read"
    TEAM_MANAGE = "team.manage"
    SCREENING_READ = "screening.read"
    SCREENING_RUN = "screening.run"
    SCREENING_APPROVE = "screening.approve"
    ROUTE_READ = "route.read"
    ROUTE_PLAN = "route.plan"
    APPOINTMENT_MANAGE = "appointment.manage"
    AGREEMENT_APPROVE = "agreement.approve"
    EVALUATION_READ = "evaluation.read"
    REPORT_EXPORT = "report.export"
    MODEL_PROMOTE = "model.promote"
    CASEBOOK_READ = "casebook.read"
    CASEBOOK_WRITE = "casebook.write"
    CASEBOOK_PUBLISH = "casebook.publish"
    TRAINING_READ = "training.read"
    TRAINING_MANAGE = "training.manage"
    LEGAL_EXPORT = "legal.export"
    CONTACT_RECORD = "contact.record"
    COMPLAINT_MANAGE = "complaint.manage"
    DATA_IMPORT = "data.import"
    DATA_EXPORT = "data.export"
    SELF = "self"


R = Role
_ALL = frozenset(Role)
PERMISSIONS: dict[Permission, frozenset[Role]] = {
    Permission.SELF: _ALL,
    Permission.CASE_READ: frozenset(
        {R.PROGRAMME_MANAGER, R.ANALYST, R.DISPATCHER, R.FIELD_STAFF, R.LEGAL_OFFICER,
         R.AUDITOR, R.ADMIN}
    ),
    Permission.CASE_EXPORT: frozenset({R.PROGRAMME_MANAGER, R.ANALYST, R.AUDITOR, R.LEGAL_OFFICER}),
    Permission.CASE_APPROVE: frozenset({R.ANALYST, R.PROGRAMME_MANAGER}),
    Permission.CASE_DISPATCH: frozenset({R.DISPATCHER}),
    Permission.CASE_VISIT: frozenset({R.FIELD_STAFF, R.DISPATCHER}),
    Permission.CASE_RESOLVE: frozenset({R.FIELD_STAFF, R.DISPATCHER, R.LEGAL_OFFICER}),
    Permission.CASE_ESCALATE: frozenset({R.FIELD_STAFF, R.DISPATCHER, R.LEGAL_OFFICER}),
    Permission.CASE_LEGAL: frozenset({R.LEGAL_OFFICER}),
    Permission.CASE_CLOSE: frozenset({R.DISPATCHER, R.LEGAL_OFFICER}),
    Permission.COMPLIANCE_OVERRIDE: frozenset({R.PROGRAMME_MANAGER, R.LEGAL_OFFICER}),
    # 待我审批: roles that may decide at least one kind of approval request (approvals/).
    Permission.APPROVAL_DECIDE: frozenset(
        {R.PROGRAMME_MANAGER, R.LEGAL_OFFICER, R.ANALYST, R.TRAINER}),
    Permission.CUSTOMER_READ: frozenset(
        {R.PROGRAMME_MANAGER, R.ANALYST, R.DISPATCHER, R.FIELD_STAFF, R.LEGAL_OFFICER,
         R.AUDITOR, R.ADMIN}
    ),
    Permission.CUSTOMER_REVEAL: frozenset({R.FIELD_STAFF, R.LEGAL_OFFICER}),
    Permission.AUDIT_READ: frozenset({R.AUDITOR, R.ADMIN}),
    Permission.USER_MANAGE: frozenset({R.ADMIN}),
    Permission.PLAN_READ: frozenset(
        {R.PROGRAMME_MANAGER, R.ANALYST, R.DISPATCHER, R.AUDITOR, R.ADMIN}
    ),
    Permission.PLAN_MANAGE: frozenset({R.PROGRAMME_MANAGER}),
    Permission.TEAM_READ: frozenset(
        {R.PROGRAMME_MANAGER, R.DISPATCHER, R.AUDITOR, R.TRAINER, R.ADMIN}
    ),
    Permission.TEAM_MANAGE: frozenset({R.DISPATCHER}),
    Permission.AGREEMENT_APPROVE: frozenset({R.PROGRAMME_MANAGER}),
    Permission.SCREENING_READ: frozenset(
        {R.PROGRAMME_MANAGER, R.ANALYST, R.AUDITOR, R.ADMIN}
    ),
    Permission.SCREENING_RUN: frozenset({R.ANALYST, R.PROGRAMME_MANAGER}),
    Permission.SCREENING_APPROVE: frozenset({R.PROGRAMME_MANAGER, R.ANALYST}),
    Permission.ROUTE_READ: frozenset(
        {R.PROGRAMME_MANAGER, R.DISPATCHER, R.FIELD_STAFF, R.AUDITOR, R.ADMIN}
    ),
    Permission.ROUTE_PLAN: frozenset({R.DISPATCHER}),
    Permission.APPOINTMENT_MANAGE: frozenset({R.DISPATCHER}),
    Permission.EVALUATION_READ: frozenset(
        {R.PROGRAMME_MANAGER, R.ANALYST, R.AUDITOR, R.TRAINER, R.ADMIN}
    ),
    Permission.REPORT_EXPORT: frozenset({R.PROGRAMME_MANAGER, R.ANALYST, R.AUDITOR}),
    Permission.MODEL_PROMOTE: frozenset({R.PROGRAMME_MANAGER, R.ANALYST}),
    Permission.CASEBOOK_READ: frozenset(
        {R.PROGRAMME_MANAGER, R.ANALYST, R.DISPATCHER, R.FIELD_STAFF, R.LEGAL_OFFICER,
         R.AUDITOR, R.TRAINER, R.ADMIN}
    ),
    Permission.CASEBOOK_WRITE: frozenset({R.LEGAL_OFFICER, R.TRAINER, R.PROGRAMME_MANAGER}),
    Permission.CASEBOOK_PUBLISH: frozenset({R.TRAINER, R.PROGRAMME_MANAGER}),
    Permission.TRAINING_READ: frozenset(
        {R.PROGRAMME_MANAGER, R.DISPATCHER, R.FIELD_STAFF, R.AUDITOR, R.TRAINER, R.ADMIN}
    ),
    Permission.TRAINING_MANAGE: frozenset({R.TRAINER}),
    Permission.LEGAL_EXPORT: frozenset({R.LEGAL_OFFICER}),
    # Calls, letters, SMS and e-mails recorded by hand (visits record themselves).
    Permission.CONTACT_RECORD: frozenset({R.FIELD_STAFF, R.DISPATCHER, R.LEGAL_OFFICER}),
    # Complaints registered, extended and closed (any case reader may see them).
    Permission.COMPLAINT_MANAGE: frozenset({R.DISPATCHER, R.PROGRAMME_MANAGER}),
    Permission.DATA_IMPORT: frozenset({R.ADMIN}),
    Permission.DATA_EXPORT: frozenset({R.ADMIN}),
}


def allows(role: Role, permission: Permission) -> bool:
    return role in PERMISSIONS[permission]


@dataclass(frozen=True)
class Principal:
    """Who is acting: the user, their role and the branch they are scoped to."""

    user_id: int
    username: str
    role: Role
    branch_id: int | None
    staff_id: int | None = None
    language: str = "zh-CN"
    display_name: str = ""
    branch_name: str | None = None

    def can(self, permission: Permission) -> bool:
        return allows(self.role, permission)

    def sees_branch(self, branch_id: int) -> bool:
        return self.branch_id is None or self.branch_id == branch_id

    @property
    def actor(self) -> str:
        return f"user:{self.username}"


SYSTEM = Principal(user_id=0, username="system", role=Role.ADMIN, branch_id=None)


def require(principal: Principal, permission: Permission) -> None:
    """Refuse an action the principal's role does not allow."""
    if not principal.can(permission):
        raise PermissionDenied(permission=permission.value)


def require_branch(principal: Principal, branch_id: int, entity: str | Msg,
                   entity_id: int) -> None:
    """Out-of-scope records look exactly like missing ones: nothing leaks. ``entity`` is a
    msgid (``N_("Case")``), translated where the error is shown."""
    if not principal.sees_branch(branch_id):
        raise NotFound(entity=as_msg(entity), id=entity_id)
