"""Visit submission schemas, shared by the JSON API and the field pages."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from doorstep.core.i18n import N_
from doorstep.visits.records.model import (
    AgreementTerms,
    ComplianceOverride,
    Instalment,
    Outcome,
    SubmitResult,
    Upload,
    VisitRefused,
    VisitSubmission,
)

PNG_DATA_URL = "data:image/png;base64,"


class InstalmentIn(BaseModel):
    due_on: date
    amount: Decimal = Field(gt=0, max_digits=14, decimal_places=2)


class AgreementIn(BaseModel):
    instalments: list[InstalmentIn] = Field(min_length=1, max_length=60)
    fee_waiver_amount: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)


class OverrideIn(BaseModel):
    """A request for a compliance override: the maker's reason only. The approver is
    whoever approves it in the app; an ``approver`` field is refused (422)."""

    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=4, max_length=500)


class VisitRecordIn(BaseModel):
    """One visit as the phone sends it; ``idempotency_key`` is a UUID made on the phone."""

    idempotency_key: str = Field(min_length=8, max_length=64)
    case_id: int = Field(ge=1)
    appointment_id: int | None = Field(None, ge=1)
    check_in_at: datetime
    check_out_at: datetime
    check_in_lat: float | None = Field(None, ge=-90, le=90)
    check_in_lon: float | None = Field(None, ge=-180, le=180)
    staff_present: list[int] = Field(min_length=1, max_length=4)
    outcome: Outcome
    findings: str = Field("", max_length=5000)
    customer_account: str = Field("", max_length=5000)
    customer_suggestions: str = Field("", max_length=2000)
    inside_home: bool = False
    consent_to_enter: bool | None = None
    third_parties: str = Field("", max_length=500)
    signed_note: str = Field("", max_length=2000)
    signature: str = Field("", max_length=1_500_000, description="data:image/png;base64,…")
    agreement: AgreementIn | None = None
    override: OverrideIn | None = None
    sent_at: datetime | None = Field(
        None, description="The phone's clock when it sent this record (ISO 8601 with offset); "
                          "lets the server correct check-in/out times from a wrong phone clock")


class CheckInIn(BaseModel):
    case_id: int = Field(ge=1)
    appointment_id: int | None = Field(None, ge=1)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)


class VisitResultPublic(BaseModel):
    visit_id: int
    case_id: int
    case_state: str
    outcome: str
    replayed: bool
    check_in_distance_m: float | None
    check_in_flagged: bool
    agreement_id: int | None
    survey_queued: bool
    transitions: list[str]
    clock_skew_s: int = 0
    approval_id: int | None = None


def parse_record(raw: str) -> VisitRecordIn:
    """The ``record`` form field as JSON; a problem names the fields (422)."""
    try:
        return VisitRecordIn.model_validate_json(raw)
    except ValidationError as exc:
        fields = sorted({".".join(str(p) for p in e["loc"]) or "record" for e in exc.errors()})
        raise VisitRefused(N_("The visit record lacks or has wrong values for: %(fields)s"),
                           fields=", ".join(fields)) from None


def _signature(value: str) -> bytes | None:
    if not value:
        return None
    if not value.startswith(PNG_DATA_URL):
        raise VisitRefused(N_("The handwritten signature must be a PNG image"))
    try:
        return base64.b64decode(value[len(PNG_DATA_URL):], validate=True)
    except (binascii.Error, ValueError):
        raise VisitRefused(N_("The handwritten signature's data is invalid")) from None


def to_submission(body: VisitRecordIn, uploads: list[Upload]) -> VisitSubmission:
    terms = None
    if body.agreement is not None:
        terms = AgreementTerms(
            kind=body.outcome.value,
            instalments=tuple(Instalment(i.due_on, i.amount) for i in body.agreement.instalments),
            fee_waiver_amount=body.agreement.fee_waiver_amount)
    return VisitSubmission(
        idempotency_key=body.idempotency_key, case_id=body.case_id,
        appointment_id=body.appointment_id, check_in_at=body.check_in_at,
        check_out_at=body.check_out_at, check_in_lat=body.check_in_lat,
        check_in_lon=body.check_in_lon, staff_present=tuple(body.staff_present),
        outcome=body.outcome, findings=body.findings, customer_account=body.customer_account,
        customer_suggestions=body.customer_suggestions, inside_home=body.inside_home,
        consent_to_enter=body.consent_to_enter, third_parties=body.third_parties,
        signed_note=body.signed_note, signature_png=_signature(body.signature),
        uploads=tuple(uploads), agreement=terms,
        override=(ComplianceOverride(body.override.reason)
                  if body.override else None), sent_at=body.sent_at)


def to_public(result: SubmitResult) -> VisitResultPublic:
    return VisitResultPublic(**{**result.__dict__, "transitions": list(result.transitions)})
