"""The case-file ZIP: the PDF, every evidence file, and a manifest (JSON and text) with each
file's SHA-256 and size. Evidence is checked against its recorded hash first. Pure."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime

from doorstep.core.i18n import _, using_language
from doorstep.legal.case_file import EvidenceRef
from doorstep.legal.model import EvidenceTampered

#: Fixed timestamp inside the ZIP so the same content gives the same archive.
ZIP_TIME = (2026, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class ManifestEntry:
    path: str
    size: int
    sha256: str


def verify(files: list[tuple[EvidenceRef, bytes]]) -> None:
    """Raise :class:`EvidenceTampered` naming the first file whose bytes changed."""
    for ref, data in files:
        if hashlib.sha256(data).hexdigest() != ref.sha256 or len(data) != ref.size:
            raise EvidenceTampered(filename=ref.filename, evidence_id=ref.id)


def _entry(path: str, data: bytes) -> ManifestEntry:
    return ManifestEntry(path, len(data), hashlib.sha256(data).hexdigest())


def manifest_text(case_no: str, at: datetime, entries: list[ManifestEntry]) -> str:
    with using_language("zh-CN"):  # filed with the court, like the case file
        title = _("Case file %(no)s, list of files (prepared %(at)s UTC)", no=case_no,
                  at=f"{at:%Y-%m-%d %H:%M}")
    lines = [title, ""]
    lines += [f"{e.sha256}  {e.size:>12}  {e.path}" for e in entries]
    return "\n".join(lines) + "\n"


def build_zip(case_no: str, at: datetime, pdf: bytes,
              files: list[tuple[EvidenceRef, bytes]]) -> bytes:
    """Verify the evidence, then pack PDF + evidence + manifest.json + manifest.txt."""
    verify(files)
    contents = [(f"{case_no}.pdf", pdf)] + [(ref.archive_name, data) for ref, data in files]
    entries = [_entry(path, data) for path, data in contents]
    manifest = {"case_no": case_no, "prepared_at": at.isoformat(),
                "files": [e.__dict__ for e in entries]}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in contents:
            zf.writestr(zipfile.ZipInfo(path, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
        zf.writestr(zipfile.ZipInfo("manifest.json", ZIP_TIME),
                    json.dumps(manifest, ensure_ascii=False, indent=2))
        zf.writestr(zipfile.ZipInfo("manifest.txt", ZIP_TIME),
                    manifest_text(case_no, at, entries))
    return buf.getvalue()
