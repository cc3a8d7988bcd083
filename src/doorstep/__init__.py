"""Doorstep: pre-litigation home-visit management for banks (pre-litigation visits)."""

__version__ = "0.1.0"
