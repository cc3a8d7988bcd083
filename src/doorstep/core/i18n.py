"""Translatable messages: one catalogue keyed by stable code, zh-CN by default, English on request.

Capabilities register their own messages with :func:`register`, so the catalogue grows with
the product without one file holding every string.
"""

from __future__ import annotations

from typing import Any, Literal

Language = Literal["zh-CN", "en"]
DEFAULT_LANGUAGE: Language = "zh-CN"

_CATALOGUE: dict[str, dict[str, str]] = {}


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Add ``code -> (zh-CN, en)`` messages to the catalogue."""
    for code, (zh, en) in messages.items():
        _CATALOGUE[code] = {"zh-CN": zh, "en": en}


def translate(code: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The message for ``code`` in ``lang``, formatted with ``params``; the code if unknown."""
    entry = _CATALOGUE.get(code)
    if entry is None:
        return code
    template = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def pick_language(accept_language: str | None, chosen: str | None = None) -> Language:
    """The user's choice wins; otherwise English only when the browser prefers it."""
    if chosen in ("zh-CN", "en"):
        return chosen  # type: ignore[return-value]
    if accept_language and accept_language.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


register(
    {
        "error": ("操作失败：{detail}", "The operation failed: {detail}"),
        "not_found": ("未找到{entity}（编号 {id}）", "{entity} {id} was not found"),
        "validation_failed": ("输入有误：{detail}", "Invalid input: {detail}"),
        "case.illegal_transition": (
            "案件当前状态为「{state}」，不能执行「{command}」",
            "A case in state '{state}' cannot take the command '{command}'",
        ),
        "case.guard_failed": ("不满足执行条件：{detail}", "Precondition not met: {detail}"),
        "stale_version": (
            "记录已被他人修改（当前版本 {current}，您提交的是 {given}），请刷新后重试",
            "The record was changed by someone else (version {current}, you sent {given}); "
            "reload and try again",
        ),
        "compliance.violation": ("违反合规规则：{detail}", "Compliance rule broken: {detail}"),
        "auth.failed": ("用户名或密码错误", "Wrong user name or password"),
        "auth.required": ("请先登录", "Please log in"),
        "auth.locked": (
            "登录失败次数过多，账号已锁定至 {until}",
            "Too many failed logins; the account is locked until {until}",
        ),
        "auth.forbidden": ("您的角色无权执行此操作（{permission}）",
                           "Your role may not do this ({permission})"),
        "auth.csrf": ("页面已过期或来源不明，请刷新后重试",
                      "The form expired or came from elsewhere; reload and try again"),
        "conflict": ("操作冲突：{detail}", "Conflict: {detail}"),
        "config.invalid": ("配置错误：{detail}", "Configuration error: {detail}"),
    }
)
