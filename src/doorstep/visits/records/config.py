"""Field parameters and the evidence store from the one settings class."""

from __future__ import annotations

from doorstep.core.settings import Settings
from doorstep.visits.evidence.store import FileStore, LocalFileStore
from doorstep.visits.records.rules import FieldParams


def field_params(settings: Settings) -> FieldParams:
    return FieldParams(
        max_check_in_distance_m=settings.field_check_in_max_distance_m,
        refused_goes_to=settings.field_refused_goes_to,
        broken_goes_to=settings.agreement_broken_goes_to,
        grace_days=settings.agreement_grace_days,
        evidence_max_bytes=settings.evidence_max_mb * 1024 * 1024,
        public_base_url=settings.public_base_url,
        bank_name=settings.bank_name,
    )


def file_store(settings: Settings) -> FileStore:
    """Evidence files: local disk (``evidence_dir``, the default) or an S3-compatible bucket."""
    if settings.evidence_store == "s3":
        from doorstep.visits.evidence.s3 import S3FileStore

        return S3FileStore(settings.s3_bucket, settings.s3_prefix,
                           endpoint_url=settings.s3_endpoint_url,
                           access_key=settings.s3_access_key, secret_key=settings.s3_secret_key,
                           region=settings.s3_region)
    return LocalFileStore(settings.evidence_dir)
