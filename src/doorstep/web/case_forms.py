"""The detail page's command form, and the audit history as a readable timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, Field

from doorstep.cases.lifecycle import COMMAND_LABELS, Command
from doorstep.cases.model import STATE_LABELS, CaseState
from doorstep.cases.queries import AuditLine
from doorstep.cases.service import Override, TransitionCase
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, pgettext, translate_in, using_language
from doorstep.web.i18n import label


class TransitionForm(BaseModel):
    """What a command form posts; the version is the one the user saw."""

    command: str
    version: int = Field(ge=1)
    team_id: str = ""
    note: str = Field("", max_length=500)
    reason: str = Field("", max_length=500)
    csrf_token: str = ""

    def to_command(self, case_id: int) -> TransitionCase:
        try:
            command = Command(self.command)
        except ValueError as exc:
            raise ValidationFailed(N_("Unknown command")) from exc
        team = self.team_id.strip()
        if team and not team.isdigit():
            raise ValidationFailed(N_("The team id must be a number"))
        override = Override(self.reason.strip()) if self.reason.strip() else None
        return TransitionCase(
            case_id=case_id, command=command, expected_version=self.version,
            team_id=int(team) if team else None, note=self.note.strip(), override=override)


def done_message(done: str, lang: str) -> str:
    """The flash after a successful command (only known command names are shown)."""
    try:
        command = Command(done)
    except ValueError:
        return ""
    return translate_in(lang, "Done: %(command)s", command=label(COMMAND_LABELS[command], lang))


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor: str
    what: str
    change: str
    note: str


def _state(value: object, lang: str) -> str:
    try:
        return label(STATE_LABELS[CaseState(str(value))], lang)
    except ValueError:
        return str(value)


def _what(action: str, lang: str) -> str:
    name = action.removeprefix("case.")
    if name == "open":
        with using_language(lang):
            return pgettext("case page", "Opened")
    try:
        return label(COMMAND_LABELS[Command(name)], lang)
    except ValueError:
        return action


def timeline(history: list[AuditLine], lang: str) -> list[TimelineEntry]:
    """Audit events as lines a person reads: who, when, what, from which state to which."""
    entries = []
    for h in history:
        before, after = h.before or {}, h.after or {}
        change = ""
        if "state" in after:
            change = (f"{_state(before['state'], lang)} → {_state(after['state'], lang)}"
                      if "state" in before else _state(after["state"], lang))
        entries.append(TimelineEntry(at=h.at, actor=h.actor.removeprefix("user:"),
                                     what=_what(h.action, lang), change=change,
                                     note=str(after.get("note", ""))))
    return entries
