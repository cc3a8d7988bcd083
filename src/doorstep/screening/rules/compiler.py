"""Type checking, three-valued evaluation and DuckDB SQL of parsed rules."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, Msg
from doorstep.screening.rules.syntax import (
    BoolOp,
    Compare,
    Lit,
    Name,
    Node,
    Not,
    RuleSyntaxError,
    Value,
    parse,
)

FieldType = Literal["number", "string", "boolean"]
_SQL_OPS = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


@dataclass(frozen=True)
class SqlFragment:
    """A DuckDB ``WHERE`` fragment with ``?`` placeholders and their values, in order."""

    sql: str
    params: tuple[Value, ...]


def _fail(message: Msg, node: Node, source: str) -> RuleSyntaxError:
    return RuleSyntaxError(message, source, node.pos)


def _infer(node: Node, types: Mapping[str, FieldType | None], src: str) -> FieldType | None:
    """The static type of ``node`` (``None`` when untyped), checking operand types on the way."""
    if isinstance(node, Lit):
        return _kind(node.value)
    if isinstance(node, Name):
        if node.name not in types:
            near = difflib.get_close_matches(node.name, list(types), n=3)
            message = (Msg(N_("unknown feature %(name)s; did you mean: %(near)s"),
                           {"name": repr(node.name), "near": ", ".join(near)}) if near
                       else Msg(N_("unknown feature %(name)s"), {"name": repr(node.name)}))
            raise _fail(message, node, src)
        return types[node.name]
    if isinstance(node, Not):
        _require_bool(node.operand, types, src)
    elif isinstance(node, BoolOp):
        for operand in node.operands:
            _require_bool(operand, types, src)
    elif isinstance(node, Compare):
        left, right = _infer(node.left, types, src), _infer(node.right, types, src)
        ordering = node.op not in ("==", "!=")
        if ordering and any(kind not in (None, "number") for kind in (left, right)):
            raise _fail(Msg(N_("%(op)s compares numbers only"), {"op": node.op}), node, src)
        if left and right and left != right:
            message = Msg(N_("cannot compare %(left)s with %(right)s"),
                          {"left": left, "right": right})
            raise _fail(message, node, src)
    else:
        kinds = {_infer(value, types, src) for value in node.values}
        operand_kind = _infer(node.operand, types, src)
        if len(kinds) > 1 or (operand_kind and operand_kind not in kinds):
            raise _fail(Msg(N_("in-list values must match in type")), node, src)
    return "boolean"


def _require_bool(node: Node, types: Mapping[str, FieldType | None], src: str) -> None:
    kind = _infer(node, types, src)
    if kind not in (None, "boolean"):
        raise _fail(Msg(N_("expected a condition, got a %(kind)s"), {"kind": kind}), node, src)


def _cell(row: Mapping[str, Any], name: str) -> Value | None:
    if name not in row:
        raise ValidationFailed(N_("The row has no feature %(name)s"), name=repr(name))
    value = row[name]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalar -> Python
    if value is None or (isinstance(value, float) and value != value):
        return None  # None and NaN are SQL NULL
    if not isinstance(value, bool | int | float | str):
        raise ValidationFailed(N_("Feature %(name)s has a value of an unsupported type: %(value)s"),
                               name=repr(name), value=repr(value))
    return value


def _kind(value: Value) -> FieldType:
    if isinstance(value, bool):
        return "boolean"
    return "string" if isinstance(value, str) else "number"


def _truth(node: Node, row: Mapping[str, Any]) -> bool | None:
    value = _eval(node, row)
    if value is not None and not isinstance(value, bool):
        raise ValidationFailed(N_("Expected true or false, got %(value)s"), value=repr(value))
    return value


def _compare(op: str, left: Value, right: Value) -> bool:
    if _kind(left) != _kind(right) or (op not in ("==", "!=") and _kind(left) != "number"):
        raise ValidationFailed(N_("cannot compare %(left)s %(op)s %(right)s"), left=repr(left),
                               op=op,
                               right=repr(right))
    if op in ("==", "!="):
        return (left == right) == (op == "==")
    a, b = cast(float, left), cast(float, right)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _eval(node: Node, row: Mapping[str, Any]) -> Value | None:
    """Evaluate with SQL's three-valued logic: ``None`` is NULL (unknown)."""
    if isinstance(node, Lit):
        return node.value
    if isinstance(node, Name):
        return _cell(row, node.name)
    if isinstance(node, Not):
        inner = _truth(node.operand, row)
        return None if inner is None else not inner
    if isinstance(node, BoolOp):
        values = [_truth(operand, row) for operand in node.operands]
        decisive = node.op == "or"  # True decides an or, False decides an and
        if decisive in values:
            return decisive
        return None if None in values else not decisive
    if isinstance(node, Compare):
        left, right = _eval(node.left, row), _eval(node.right, row)
        return None if left is None or right is None else _compare(node.op, left, right)
    value = _eval(node.operand, row)
    if value is None:
        return None
    return any(_compare("==", value, lit.value) for lit in node.values) != node.negated


def _sql(node: Node, params: list[Value]) -> str:
    if isinstance(node, Lit):
        if isinstance(node.value, bool):
            return "TRUE" if node.value else "FALSE"
        params.append(node.value)
        return "?"
    if isinstance(node, Name):
        return '"' + node.name.replace('"', '""') + '"'
    if isinstance(node, Not):
        return f"(NOT {_sql(node.operand, params)})"
    if isinstance(node, BoolOp):
        return "(" + f" {node.op.upper()} ".join(_sql(o, params) for o in node.operands) + ")"
    if isinstance(node, Compare):
        return f"({_sql(node.left, params)} {_SQL_OPS[node.op]} {_sql(node.right, params)})"
    operand = _sql(node.operand, params)
    items = ", ".join(_sql(value, params) for value in node.values)
    return f"({operand} {'NOT IN' if node.negated else 'IN'} ({items}))"


@dataclass(frozen=True)
class CompiledRule:
    """A parsed, checked rule: evaluate it on a row or turn it into SQL."""

    source: str
    tree: Node

    def truth(self, row: Mapping[str, Any]) -> bool | None:
        """True, False or None (unknown, because a feature it needs is NULL)."""
        return _truth(self.tree, row)

    def evaluate(self, row: Mapping[str, Any]) -> bool:
        """Whether the rule selects the row (unknown does not select, as in SQL ``WHERE``)."""
        return self.truth(row) is True

    def to_sql(self) -> SqlFragment:
        """The rule as a DuckDB ``WHERE`` fragment with ``?`` parameters."""
        params: list[Value] = []
        return SqlFragment(_sql(self.tree, params), tuple(params))


def compile_rule(source: str, known: Collection[str] | Mapping[str, FieldType]) -> CompiledRule:
    """Parse and check a rule against the known feature names.

    Parameters
    ----------
    source : str
        The rule text.
    known : collection of str or mapping of str to FieldType
        The feature names a rule may use; given as a mapping to ``"number"``, ``"string"`` or
        ``"boolean"``, comparisons and conditions are type-checked too.

    Returns
    -------
    CompiledRule

    Raises
    ------
    RuleSyntaxError
        On a syntax error, an unknown feature or a type mismatch, pointing at the position.
    """
    if isinstance(known, str):
        raise ValidationFailed(N_("known must be a collection of names"))
    types: dict[str, FieldType | None] = (
        dict(known) if isinstance(known, Mapping) else dict.fromkeys(known)
    )
    odd = {kind for kind in types.values() if kind not in (None, "number", "string", "boolean")}
    if odd:
        raise ValidationFailed(N_("unknown feature types: %(types)s"),
                               types=str(sorted(map(str, odd))))
    tree = parse(source)
    _require_bool(tree, types, source)
    return CompiledRule(source, tree)
