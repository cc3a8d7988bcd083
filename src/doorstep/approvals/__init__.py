"""Approvals (maker-checker): one request mechanism for every second-person decision."""
