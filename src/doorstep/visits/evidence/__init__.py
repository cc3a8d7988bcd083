"""Visit evidence: content sniffing by magic bytes and a file store behind a Protocol."""

from doorstep.visits.evidence.sniff import EvidenceRejected, SniffedFile, sniff
from doorstep.visits.evidence.store import FileStore, LocalFileStore, StorageFull

__all__ = ["EvidenceRejected", "FileStore", "LocalFileStore", "SniffedFile", "StorageFull",
           "sniff"]
