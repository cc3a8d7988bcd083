"""Why a visit was left out of the day's routes: stable codes with their gettext messages."""

from __future__ import annotations

from enum import StrEnum

from doorstep.core import i18n
from doorstep.core.i18n import N_


class Unassigned(StrEnum):
    """Stable codes of the reasons a visit is not in any route."""

    NO_TEAM = "no_team"
    NO_SKILLED_TEAM = "no_skilled_team"
    OUTSIDE_VISIT_HOURS = "outside_visit_hours"
    WINDOW_OUTSIDE_SHIFT = "window_outside_shift"
    UNREACHABLE = "unreachable_in_window"
    CAPACITY = "capacity"
    NOT_WORTH_IT = "optional_not_selected"
    SOLVER_FAILED = "solver_failed"


#: ``code -> msgid``; the code is what APIs and logs carry.
MESSAGES: dict[Unassigned, str] = {
    Unassigned.NO_TEAM: N_("No team is on duty that day"),
    Unassigned.NO_SKILLED_TEAM: N_("No team on duty has the skills this visit needs"),
    Unassigned.OUTSIDE_VISIT_HOURS: N_("The appointment lies outside the allowed visit hours "
                                       "(quiet hours included)"),
    Unassigned.WINDOW_OUTSIDE_SHIFT: N_("The appointment window does not overlap the shift of "
                                        "any suitable team"),
    Unassigned.UNREACHABLE: N_("No suitable team can arrive within the window and be back "
                               "before its shift ends"),
    Unassigned.CAPACITY: N_("The teams' time or visit cap for the day is used up"),
    Unassigned.NOT_WORTH_IT: N_("Optional visit left out: its benefit did not outweigh the "
                                "travel, or the day is full"),
    Unassigned.SOLVER_FAILED: N_("The solver found no feasible plan within its time limit"),
}

i18n.codes({f"routing.unassigned.{code.value}": text for code, text in MESSAGES.items()})


def reason_text(code: Unassigned, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """The dispatcher-facing text of a reason code.

    Parameters
    ----------
    code
        The reason code.
    lang
        ``"zh-CN"`` (default) or ``"en"``.

    Returns
    -------
    str
        The message in the requested language.
    """
    return i18n.translate(f"routing.unassigned.{code.value}", lang)
