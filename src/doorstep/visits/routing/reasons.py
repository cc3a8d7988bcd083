"""Why a visit was left out of the day's routes: stable codes with zh-CN and English text."""

from __future__ import annotations

from enum import StrEnum

from doorstep.core import i18n


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


#: ``code -> (zh-CN, en)``; the code is what APIs and logs carry.
MESSAGES: dict[Unassigned, tuple[str, str]] = {
    Unassigned.NO_TEAM: ("当日没有值班团队", "No team is on duty that day"),
    Unassigned.NO_SKILLED_TEAM: (
        "没有具备所需技能的团队",
        "No team on duty has the skills this visit needs",
    ),
    Unassigned.OUTSIDE_VISIT_HOURS: (
        "预约时间不在允许的上门时段内（含免打扰时段限制）",
        "The appointment lies outside the allowed visit hours (quiet hours included)",
    ),
    Unassigned.WINDOW_OUTSIDE_SHIFT: (
        "时间窗与班次不重叠",
        "The appointment window does not overlap the shift of any suitable team",
    ),
    Unassigned.UNREACHABLE: (
        "无法在时间窗内到达并在班次结束前返回",
        "No suitable team can arrive within the window and be back before its shift ends",
    ),
    Unassigned.CAPACITY: (
        "超出团队当日容量",
        "The teams' time or visit cap for the day is used up",
    ),
    Unassigned.NOT_WORTH_IT: (
        "可选拜访：收益不足以抵消路程，或当日容量已满",
        "Optional visit left out: its benefit did not outweigh the travel, or the day is full",
    ),
    Unassigned.SOLVER_FAILED: (
        "求解器未能在时限内找到可行方案",
        "The solver found no feasible plan within its time limit",
    ),
}

i18n.register({f"routing.unassigned.{code.value}": text for code, text in MESSAGES.items()})


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
