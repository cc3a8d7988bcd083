"""Uploaded evidence read into memory up to the configured size, for API and pages alike."""

from __future__ import annotations

from fastapi import UploadFile

from doorstep.container import Container
from doorstep.core.i18n import N_
from doorstep.visits.evidence.sniff import EvidenceRejected
from doorstep.visits.records.config import field_params
from doorstep.visits.records.model import Upload


async def read_uploads(container: Container, files: list[UploadFile]) -> list[Upload]:
    """Read each upload up to the size limit (+1 byte, so an oversized file is seen)."""
    limit = field_params(container.settings).evidence_max_bytes
    out = []
    for f in files:
        data = await f.read(limit + 1)
        if len(data) > limit:
            raise EvidenceRejected(N_("The file %(name)s is larger than the limit of %(mb)s MB"),
                                   name=f.filename, mb=limit // 1048576)
        out.append(Upload(f.filename or "file", data))
    return out
