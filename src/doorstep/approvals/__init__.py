"""Approvals (双人复核, maker-checker): one request mechanism for every second-person decision."""
