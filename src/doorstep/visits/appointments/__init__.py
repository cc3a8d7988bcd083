"""Appointments (预约): slot proposals, signed customer links, the outbox and calendars."""
