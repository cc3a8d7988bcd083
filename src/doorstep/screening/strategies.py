"""Screening strategies: rule sets per business line + a model version + ranking parameters."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from importlib.resources import files
from typing import Any

from doorstep.core.access import Permission, Principal, require
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_
from doorstep.core.uow import UnitOfWork
from doorstep.screening.records import Strategy
from doorstep.screening.rules import RuleSet
from doorstep.screening.scoring import compile_rule_sets

DEFAULT_RANKING: dict[str, Any] = {"min_amount": 1000.0, "uplift_prior": 0.3}


def load_rule_sets(text: str) -> tuple[RuleSet, ...]:
    """Rule sets from TOML (``[[rule_sets]]`` tables, or one rule set at top level)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationFailed(N_("invalid TOML: %(error)s"), error=str(exc)) from exc
    raw = data.get("rule_sets", [data])
    sets = tuple(RuleSet.from_dict(item) for item in raw)
    compile_rule_sets(sets)  # refuse a bad rule before anything is stored
    return sets


def default_rule_sets() -> tuple[RuleSet, ...]:
    """The rule sets shipped with Doorstep (``screening/default_rules.toml``)."""
    text = files("doorstep.screening").joinpath("default_rules.toml").read_text("utf-8")
    return load_rule_sets(text)


def create_strategy(uow: UnitOfWork, principal: Principal, name: str,
                    rule_sets: Sequence[RuleSet], model_version_id: int | None,
                    ranking: dict[str, Any] | None = None) -> Strategy:
    """Store new versions of the rule sets and a new version of the strategy ``name``.

    Parameters
    ----------
    uow : UnitOfWork
    principal : Principal
        Needs ``screening.run``.
    name : str
    rule_sets : sequence of RuleSet
        Compiled against the features first; a syntax error stores nothing.
    model_version_id : int or None
        ``None`` means "the current model at run time".
    ranking : dict, optional
        ``min_amount`` and ``uplift_prior``.

    Returns
    -------
    Strategy
    """
    require(principal, Permission.SCREENING_RUN)
    if not name.strip() or not rule_sets:
        raise ValidationFailed(N_("a strategy needs a name and at least one rule set (a name and "
                                  "rule sets are needed)"))
    compile_rule_sets(rule_sets)
    if model_version_id is not None:
        uow.screening.model_version(model_version_id)
    params = DEFAULT_RANKING | (ranking or {})
    now = uow.clock.now()
    ids = [uow.screening.add_rule_set(rs, principal.username, now) for rs in rule_sets]
    strategy_id = uow.screening.add_strategy(name.strip(), ids, model_version_id, params,
                                             principal.username, now)
    uow.audit(AuditEntry(principal.actor, "screening.strategy_create", "strategy",
                         str(strategy_id), None, {"rule_sets": ids, "model": model_version_id},
                         now))
    strategy: Strategy = uow.screening.strategy(strategy_id)
    return strategy


def list_strategies(uow: UnitOfWork, principal: Principal) -> list[tuple[Strategy, Any]]:
    """Every strategy, newest first, with its model version (or ``None``)."""
    require(principal, Permission.SCREENING_READ)
    out = []
    for sid in uow.screening.strategy_ids():
        strategy = uow.screening.strategy(sid)
        model_id = strategy.model_version_id or uow.screening.current_model_id()
        out.append((strategy, uow.screening.model_version(model_id) if model_id else None))
    return out
