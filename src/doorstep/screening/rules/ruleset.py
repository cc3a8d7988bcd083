"""Versioned, named rule sets per business line, and their compiled form."""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Self

from doorstep.cases.model import BusinessLine
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, Msg
from doorstep.screening.rules.compiler import CompiledRule, FieldType, SqlFragment, compile_rule
from doorstep.screening.rules.syntax import RuleSyntaxError


@dataclass(frozen=True)
class NamedRule:
    """One named criterion of a rule set, e.g. ````."""

    name: str
    expression: str

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValidationFailed(N_("a rule needs a name"))


@dataclass(frozen=True)
class RuleSet:
    """A versioned set of named rules for one business line; a row is selected if any rule is."""

    name: str
    business_line: BusinessLine
    version: int
    rules: tuple[NamedRule, ...]

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValidationFailed(N_("a rule set needs a name"))
        if self.version < 1:
            raise ValidationFailed(N_("version must be ≥ 1, got %(version)s"),
                                   version=self.version)
        names = [rule.name for rule in self.rules]
        if not names or len(set(names)) != len(names):
            raise ValidationFailed(N_("rules must exist and be unique"))

    def compile(self, known: Collection[str] | Mapping[str, FieldType]) -> CompiledRuleSet:
        """Compile every rule against the known feature names (and types, if a mapping)."""
        return CompiledRuleSet.build(self, known)

    def revised(self, rules: tuple[NamedRule, ...]) -> RuleSet:
        """The next version of this rule set with new rules."""
        return RuleSet(self.name, self.business_line, self.version + 1, rules)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (for storage and TOML round trips)."""
        rules = [{"name": r.name, "expression": r.expression} for r in self.rules]
        return {"name": self.name, "business_line": self.business_line.value,
                "version": self.version, "rules": rules}

    def fingerprint(self) -> str:
        """SHA-256 of the canonical JSON form: equal content, equal fingerprint."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleSet:
        """Build from :meth:`to_dict` output or parsed TOML; bad fields raise ValidationFailed."""
        try:
            rules = tuple(NamedRule(str(r["name"]), str(r["expression"])) for r in data["rules"])
            return cls(str(data["name"]), BusinessLine(data["business_line"]),
                       int(data.get("version", 1)), rules)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationFailed(N_("malformed rule set: %(error)s"), error=str(exc)) from exc

    @classmethod
    def from_toml(cls, text: str) -> RuleSet:
        """Parse a rule set from TOML (``name``, ``business_line``, ``version``, ``[[rules]]``)."""
        try:
            return cls.from_dict(tomllib.loads(text))
        except tomllib.TOMLDecodeError as exc:
            raise ValidationFailed(N_("invalid TOML: %(error)s"), error=str(exc)) from exc


@dataclass(frozen=True)
class CompiledRuleSet:
    """A rule set whose rules all compiled; a row is selected when any rule selects it."""

    rule_set: RuleSet
    rules: tuple[tuple[str, CompiledRule], ...]

    @classmethod
    def build(cls, rule_set: RuleSet, known: Collection[str] | Mapping[str, FieldType]) -> Self:
        """Compile each rule, naming the rule in any error."""
        compiled = []
        for rule in rule_set.rules:
            try:
                compiled.append((rule.name, compile_rule(rule.expression, known)))
            except RuleSyntaxError as exc:
                raise RuleSyntaxError(Msg(N_("rule %(rule)s: %(message)s"),
                                          {"rule": repr(rule.name), "message": exc.message}),
                                      exc.source, exc.position) from exc
        return cls(rule_set, tuple(compiled))

    def matches(self, row: Mapping[str, Any]) -> tuple[str, ...]:
        """Names of the rules that select the row (these are reasons too)."""
        return tuple(name for name, rule in self.rules if rule.evaluate(row))

    def to_sql(self) -> SqlFragment:
        """All rules joined by ``OR`` as one ``WHERE`` fragment."""
        parts = [rule.to_sql() for _, rule in self.rules]
        sql = " OR ".join(part.sql for part in parts)
        return SqlFragment(f"({sql})", tuple(p for part in parts for p in part.params))
