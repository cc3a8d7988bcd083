"""Templates and the context every page shares: language, user, navigation, CSRF token."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from doorstep.cases.lifecycle import COMMAND_LABELS
from doorstep.cases.model import (
    BUSINESS_LINE_LABELS,
    CASE_TYPE_LABELS,
    STATE_LABELS,
    BusinessLine,
)
from doorstep.container import Container
from doorstep.core.access import ROLE_LABELS, Permission, Principal
from doorstep.core.clock import local
from doorstep.core.i18n import Label, _, pgettext, using_language
from doorstep.customers.model import ACCOUNT_STATUS_LABELS
from doorstep.http.language import language_of
from doorstep.teams.model import SKILL_LABELS
from doorstep.web.i18n import install_gettext, label
from doorstep.web.profile import profile_of

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.autoescape = True
templates.env.add_extension("jinja2.ext.i18n")
install_gettext(templates.env)

#: (path, permission): the menu shows only what the role may use.
NAV: tuple[tuple[str, Permission], ...] = (
    ("/", Permission.SELF),
    ("/approvals", Permission.APPROVAL_DECIDE),
    ("/cases", Permission.CASE_READ),
    ("/screening", Permission.SCREENING_READ),
    ("/field", Permission.CASE_VISIT),
    ("/agreements/waivers", Permission.AGREEMENT_APPROVE),
    ("/complaints", Permission.COMPLAINT_MANAGE),
    ("/audit", Permission.AUDIT_READ),
    ("/dispatch", Permission.ROUTE_READ),
    ("/teams", Permission.TEAM_READ),
    ("/plans", Permission.PLAN_READ),
    ("/evaluation", Permission.EVALUATION_READ),
    ("/legal", Permission.CASE_LEGAL),
    ("/improvement", Permission.EVALUATION_READ),
    ("/casebook", Permission.CASEBOOK_READ),
    ("/training", Permission.TRAINING_READ),
    ("/admin/data", Permission.DATA_IMPORT),
)


def nav_texts() -> dict[str, str]:
    """The menu's words in the current language, by path."""
    return {
        "/": _("Today"), "/approvals": _("Awaiting my approval"), "/cases": _("Cases"),
        "/screening": _("Screening"), "/field": _("Field day"),
        "/agreements/waivers": _("Fee waivers"), "/complaints": _("Complaints"),
        "/audit": _("Audit"), "/dispatch": _("Dispatch"), "/teams": _("Teams"),
        "/plans": _("Plans"), "/evaluation": _("Evaluation"), "/legal": _("Mediation"),
        "/improvement": _("Improvement"), "/casebook": _("Casebook"),
        "/training": _("Training"), "/admin/data": pgettext("navigation", "Data import"),
    }


def fmt_time(value: datetime | None, with_time: bool = True) -> str:
    """A stored UTC time in the bank's local time (Asia/Shanghai)."""
    if value is None:
        return "—"
    return local(value).strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def fmt_money(value: Decimal | float | int | None) -> str:
    return "—" if value is None else f"¥{Decimal(value):,.2f}"


templates.env.filters["dt"] = fmt_time
templates.env.filters["money"] = fmt_money


@dataclass(frozen=True)
class NavItem:
    href: str
    text: str
    active: bool
    count: int = 0


def _nav(container: Container, principal: Principal | None, path: str,
         lang: str) -> list[NavItem]:
    if principal is None:
        return []
    with using_language(lang):
        texts = nav_texts()
    return [NavItem(href, texts[href], path == href or (href != "/" and path.startswith(href)),
                    queue_count(container, principal) if href == "/approvals" else 0)
            for href, perm in NAV if principal.can(perm)]


def queue_count(container: Container, principal: Principal) -> int:
    """How many requests wait for this person's decision (the badge on the approvals menu item)."""
    from doorstep.approvals import service as approvals

    with container.uow(write=False) as uow:
        return len(approvals.queue(uow, principal, container.authority))


def _line_text(value: str, lang: str) -> str:
    try:
        return label(BUSINESS_LINE_LABELS[BusinessLine(value)], lang)
    except ValueError:
        return value


def _label_or_raw(table: Mapping[Any, Label], value: Any, lang: str) -> str:
    """A label table's entry for ``value`` in ``lang``; an unknown value is shown as it is."""
    entry = table.get(value)
    return str(value) if entry is None else label(entry, lang)


def render(request: Request, name: str, context: dict[str, Any] | None = None,
           status_code: int = 200) -> HTMLResponse:
    """Render ``name`` with the shared page context."""
    lang = language_of(request)
    principal: Principal | None = getattr(request.state, "principal", None)
    container: Container = request.app.state.container
    me = profile_of(container, principal) if principal is not None else None
    base: dict[str, Any] = {
        "lang": lang, "principal": principal, "me": me,
        "role_label": label(ROLE_LABELS[principal.role], lang) if principal else "",
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "nav": _nav(container, principal, request.url.path, lang),
        "path": request.url.path,
        "full_path": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        "state_label": lambda s: label(STATE_LABELS[s], lang),
        "line_label": lambda b: label(BUSINESS_LINE_LABELS[b], lang),
        "type_label": lambda c: label(CASE_TYPE_LABELS[c], lang),
        "command_label": lambda c: label(COMMAND_LABELS[c], lang),
        "line_label_str": lambda v: _line_text(v, lang),
        "account_status_label": lambda v: _label_or_raw(ACCOUNT_STATUS_LABELS, v, lang),
        "type_label_str": lambda v: _label_or_raw(CASE_TYPE_LABELS, v, lang),
        "skill_label": lambda v: _label_or_raw(SKILL_LABELS, v, lang),
    }
    base.update(context or {})
    return templates.TemplateResponse(request, name, base, status_code=status_code)
