"""The names a report prints for KPIs and breakdown dimensions, in the current language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from doorstep.core.i18n import _, get_language
from doorstep.evaluation.kpis import KPI_LABELS
from doorstep.evaluation.model import DIMENSION_LABELS, Dimension


def _label(entry: Any, fallback: str) -> str:
    if entry is None:
        return fallback
    if isinstance(entry, tuple):  # (zh-CN, en, …) pairs of the older tables
        return str(entry[1] if get_language() == "en" else entry[0])
    return _(str(entry))


def kpi_name(metric: str) -> str:
    """A KPI's name, e.g. "Contact rate"."""
    table: Mapping[str, Any] = KPI_LABELS
    return _label(table.get(metric), metric)


def dimension_name(dim: Dimension) -> str:
    """A breakdown dimension's name, e.g. "Team"."""
    table: Mapping[Any, Any] = DIMENSION_LABELS
    return _label(table.get(dim), str(dim))
