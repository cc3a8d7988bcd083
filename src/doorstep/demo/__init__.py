"""The realistic demo bank: a deterministic Shenzhen bank with customers, accounts,
complaints, staff, plans and cases in every lifecycle state (``doorstep demo load``)."""

from doorstep.demo.loader import DatabaseNotEmpty, load_demo

__all__ = ["DatabaseNotEmpty", "load_demo"]
