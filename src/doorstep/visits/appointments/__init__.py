"""Appointments: slot proposals, signed customer links, the outbox and calendars."""
