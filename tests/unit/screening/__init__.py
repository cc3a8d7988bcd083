"""Unit tests of screening: rules, text detector, escalation model and their CLI."""
