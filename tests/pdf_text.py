"""Text of a PDF for assertions: pypdf's extraction with the NULs and spaces it inserts removed."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """All pages' text, without whitespace or NUL (fpdf2's CID fonts extract with NULs)."""
    reader = PdfReader(io.BytesIO(data))
    raw = "".join(page.extract_text() or "" for page in reader.pages)
    return "".join(raw.replace("\x00", "").split())
