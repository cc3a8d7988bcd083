"""Effects of the kinds decided outside the field: screening lists, model promotion,
case-study publication and the do-not-visit flag."""

from __future__ import annotations

from doorstep.approvals.model import Kind
from doorstep.approvals.service import Effects
from doorstep.cases.compliance import Policy
from doorstep.core.errors import ValidationFailed


def effects_for(kind: Kind, policy: Policy) -> Effects:
    raise ValidationFailed(f"unsupported approval kind {kind.value}")
