"""What the legal use cases need from settings: file store, font, bank name, size limit."""

from __future__ import annotations

from dataclasses import dataclass

from doorstep.core.settings import Settings
from doorstep.documents.pdf import FontChoice, find_chinese_font
from doorstep.visits.evidence.store import FileStore
from doorstep.visits.records.config import file_store


@dataclass(frozen=True)
class LegalConfig:
    files: FileStore
    bank_name: str
    max_bytes: int
    settings: Settings

    def font(self) -> FontChoice:
        return find_chinese_font(self.settings.pdf_font)


def legal_config(settings: Settings) -> LegalConfig:
    return LegalConfig(file_store(settings), settings.bank_name,
                       settings.evidence_max_mb * 1024 * 1024, settings)
