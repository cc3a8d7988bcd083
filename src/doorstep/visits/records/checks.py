"""Compliance at submission (DESIGN §5): the pure checks a visit record must pass."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from doorstep.cases import compliance
from doorstep.cases.compliance import Breach, Policy
from doorstep.visits.evidence.sniff import RECORDING_KINDS
from doorstep.visits.records.model import Outcome, VisitSubmission


@dataclass(frozen=True)
class VisitContext:
    """What the checks need beyond the submission, gathered by the service."""

    case_type: str
    staff_names: list[str]
    staff_numbers: list[str]
    bank_name: str
    contact_times: list[datetime]
    evidence_kinds: frozenset[str]


def breaches(policy: Policy, sub: VisitSubmission, ctx: VisitContext) -> list[Breach]:
    """Every rule the visit breaks, in the order a field officer would fix them."""
    found = [
        compliance.check_quiet_hours(policy, sub.check_in_at),
        compliance.check_visit_window(policy, sub.check_in_at,
                                      max(sub.check_out_at, sub.check_in_at)),
        compliance.check_two_staff(policy, len(sub.staff_present)),
        compliance.check_identification(policy, ctx.staff_names, ctx.staff_numbers,
                                        ctx.bank_name),
        compliance.check_frequency(policy, ctx.contact_times, sub.check_in_at),
    ]
    if sub.check_out_at == sub.check_in_at:
        found[1] = None
    if sub.outcome != Outcome.NOT_AT_HOME:
        signed = bool(sub.signed_note.strip()) or sub.signature_png is not None
        found += [
            compliance.check_consent_to_enter(policy, sub.inside_home, sub.consent_to_enter),
            compliance.check_evidence(policy, ctx.case_type,
                                      bool(ctx.evidence_kinds & RECORDING_KINDS), signed),
        ]
    return [b for b in found if b is not None]
