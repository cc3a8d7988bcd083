"""Times of day for the route planner: integer seconds since local midnight.

The planner works in whole seconds because travel times come from the travel matrix in
seconds; rounding them to minutes would make the validator's re-check of travel times lossy.
These helpers convert to and from the ``"HH:MM"`` text a dispatcher reads.
"""

from __future__ import annotations

from datetime import datetime, time

#: Seconds in a day; every time of day lies in ``[0, DAY]``.
DAY = 86_400


def hhmm(text: str) -> int:
    """Parse ``"HH:MM"`` (or ``"HH:MM:SS"``) into seconds since midnight.

    Parameters
    ----------
    text
        A 24-hour clock time; ``"24:00"`` is allowed and means the end of the day.

    Returns
    -------
    int
        Seconds since local midnight.

    Raises
    ------
    ValueError
        When the text is not a valid time of day.
    """
    parts = text.strip().split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        raise ValueError(f"expected a time of day as HH:MM, got {text!r}")
    hours, minutes, seconds = (int(p) for p in [*parts, "0"][:3])
    if minutes > 59 or seconds > 59:
        raise ValueError(f"expected a time of day as HH:MM, got {text!r}")
    value = hours * 3600 + minutes * 60 + seconds
    if value > DAY:
        raise ValueError(f"a time of day cannot be later than 24:00, got {text!r}")
    return value


def clock(seconds: int) -> str:
    """Format seconds since midnight as ``"HH:MM"`` (``"HH:MM:SS"`` when not whole minutes).

    Parameters
    ----------
    seconds
        Seconds since local midnight.

    Returns
    -------
    str
        The time of day as a dispatcher reads it.
    """
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def seconds_of_day(moment: datetime | time) -> int:
    """Seconds since midnight of a local ``datetime`` or ``time`` (sub-second part dropped).

    Parameters
    ----------
    moment
        A time in the bank's local time zone.

    Returns
    -------
    int
        Seconds since local midnight.
    """
    return moment.hour * 3600 + moment.minute * 60 + moment.second
