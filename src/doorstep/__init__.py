"""Doorstep: pre-litigation home-visit management for banks (诉前上门)."""

__version__ = "0.1.0"
