"""Data intake: a bank's own exports in through a TOML column mapping, validated, upserted by
the bank's keys, and back out again (docs/data-import.md)."""

from doorstep.intake.mapping import Mapping, load_mapping
from doorstep.intake.model import Kind, RowError
from doorstep.intake.service import ImportOptions, ImportReport, import_file

__all__ = ["ImportOptions", "ImportReport", "Kind", "Mapping", "RowError", "import_file",
           "load_mapping"]
