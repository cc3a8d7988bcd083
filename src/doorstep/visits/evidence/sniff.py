"""What a file really is, read from its first bytes, never from its name (an .exe named
.jpg is refused). Pure: bytes in, a verdict out."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_

#: Families of evidence and the file-name extensions each may carry.
EXTENSIONS: dict[str, frozenset[str]] = {
    "image/jpeg": frozenset({"jpg", "jpeg"}),
    "image/png": frozenset({"png"}),
    "image/heic": frozenset({"heic", "heif"}),
    "audio/mpeg": frozenset({"mp3"}),
    "audio/mp4": frozenset({"m4a", "mp4"}),
    "audio/wav": frozenset({"wav"}),
    "video/mp4": frozenset({"mp4", "mov", "m4v"}),
    "application/pdf": frozenset({"pdf"}),
}
KINDS = {"image": "photo", "audio": "audio", "video": "video", "application": "document"}
RECORDING_KINDS = frozenset({"audio", "video"})
HEIC_BRANDS = (b"heic", b"heix", b"heif", b"mif1", b"msf1", b"hevc")


class EvidenceRejected(ValidationFailed):
    code = "visit.evidence_rejected"


@dataclass(frozen=True)
class SniffedFile:
    filename: str
    content_type: str
    kind: str
    size: int
    sha256: str
    data: bytes


def content_type_of(head: bytes) -> str | None:
    """The MIME type the leading bytes prove, or ``None`` for anything unknown."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in HEIC_BRANDS:
            return "image/heic"
        return "audio/mp4" if brand == b"M4A " else "video/mp4"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    return None


def safe_name(filename: str) -> str:
    """The last path segment, without control characters, at most 120 characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in name if c.isprintable())[-120:] or "file"


def sniff(filename: str, data: bytes, max_bytes: int) -> SniffedFile:
    """Accept ``data`` as evidence or raise :class:`EvidenceRejected` with the reason."""
    name = safe_name(filename)
    if not data:
        raise EvidenceRejected(N_("The file %(name)s is empty"), name=name)
    if len(data) > max_bytes:
        raise EvidenceRejected(N_("The file %(name)s is larger than the limit of %(mb)s MB"),
                               name=name, mb=max_bytes // (1024 * 1024))
    content_type = content_type_of(data[:64])
    if content_type is None:
        raise EvidenceRejected(N_("The file %(name)s is not an allowed photo, audio, video or PDF"),
                               name=name)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext and ext not in EXTENSIONS[content_type]:
        raise EvidenceRejected(N_("The extension of file %(name)s does not match its content "
                                  "(%(type)s)"), name=name, type=content_type)
    kind = KINDS[content_type.split("/")[0]]
    return SniffedFile(name, content_type, kind, len(data), hashlib.sha256(data).hexdigest(),
                       data)
