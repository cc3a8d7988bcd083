"""A team's appointments as an iCalendar (RFC 5545) feed. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime  # UTC, naive
    end: datetime
    summary: str
    description: str = ""


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space."""
    out: list[str] = []
    current = ""
    for ch in line:
        if len((current + ch).encode()) > 75:
            out.append(current)
            current = " " + ch
        else:
            current += ch
    return [*out, current]


def _stamp(at: datetime) -> str:
    return at.strftime("%Y%m%dT%H%M%SZ")


def calendar(name: str, events: list[CalendarEvent], stamp: datetime) -> str:
    """The feed's text with CRLF line ends."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Doorstep//Pre-litigation visits//ZH",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_escape(name)}"]
    for e in events:
        lines += ["BEGIN:VEVENT", f"UID:{e.uid}", f"DTSTAMP:{_stamp(stamp)}",
                  f"DTSTART:{_stamp(e.start)}", f"DTEND:{_stamp(e.end)}",
                  f"SUMMARY:{_escape(e.summary)}", f"DESCRIPTION:{_escape(e.description)}",
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
