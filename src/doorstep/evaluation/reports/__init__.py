"""Evaluation reports: everything a plan's (or the bank's) report shows, as one value, and
its Excel and PDF renderings."""

from doorstep.evaluation.reports.bundle import BREAKDOWN_METRICS, Report, build_report

__all__ = ["BREAKDOWN_METRICS", "Report", "build_report"]
