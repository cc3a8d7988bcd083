"""A small, safe rules language for screening criteria (no ``eval``/``exec``).

Grammar (keywords are case-insensitive)::

    rule       := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := operand [(== | != | < | <= | > | >=) operand | ["not"] "in" list]
    operand    := NUMBER | STRING | "true" | "false" | NAME | "(" or_expr ")"
    list       := ("(" | "[") literal ("," literal)* [","] (")" | "]")

A compiled rule evaluates against a ``dict`` row with SQL's three-valued logic (``None`` is
NULL: a comparison with NULL is unknown and an unknown rule does not select), and compiles
to a DuckDB ``WHERE`` fragment with quoted identifiers and ``?`` parameters, so the same rule
filters identically in Python and in the engine.
"""


from doorstep.screening.rules.compiler import CompiledRule, FieldType, SqlFragment, compile_rule
from doorstep.screening.rules.ruleset import CompiledRuleSet, NamedRule, RuleSet
from doorstep.screening.rules.syntax import RuleSyntaxError, parse, tokenize

__all__ = [
    "CompiledRule",
    "CompiledRuleSet",
    "FieldType",
    "NamedRule",
    "RuleSet",
    "RuleSyntaxError",
    "SqlFragment",
    "compile_rule",
    "parse",
    "tokenize",
]
