"""The names a report prints for KPIs and breakdown dimensions, in the current language."""

from __future__ import annotations

from doorstep.core.i18n import Label, label_of
from doorstep.evaluation.kpis import KPI_LABELS
from doorstep.evaluation.model import DIMENSION_LABELS, Dimension


def _label(entry: Label | None, fallback: str) -> str:
    return fallback if entry is None else label_of(entry)


def kpi_name(metric: str) -> str:
    """A KPI's name, e.g. "Contact rate"."""
    return _label(KPI_LABELS.get(metric), metric)


def dimension_name(dim: Dimension) -> str:
    """A breakdown dimension's name, e.g. "Team"."""
    return _label(DIMENSION_LABELS.get(dim), str(dim))
