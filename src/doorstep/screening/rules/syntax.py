"""Tokenizer, syntax tree and recursive-descent parser of the screening rules language."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, cast

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, Msg, codes

Value = bool | int | float | str
_CMP = ("==", "!=", "<=", ">=", "<", ">")
_KEYWORDS = {"and", "or", "not", "in", "true", "false"}
_TOKEN = re.compile(
    r"(?P<ws>\s+)|(?P<num>-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<str>'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\")"
    r"|(?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)"
)

codes({"screening.rule_syntax": N_("Rule error: %(detail)s")})


class RuleSyntaxError(ValidationFailed):
    """A rule that does not parse or type-check; the message points at the position."""

    code = "screening.rule_syntax"

    def __init__(self, message: Msg, source: str, position: int) -> None:
        self.message, self.source, self.position = message, source, position
        start = source.rfind("\n", 0, position) + 1
        end = source.find("\n", position)
        line_text = source[start : end if end >= 0 else len(source)]
        self.line = source.count("\n", 0, position) + 1
        self.column = position - start + 1
        before = line_text[: self.column - 1]
        pad = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in before)
        super().__init__(N_("%(message)s (line %(line)s, column %(column)s)\n  %(text)s\n  "
                            "%(caret)s"), message=message, line=self.line, column=self.column,
                         text=line_text, caret=" " * pad + "^")


@dataclass(frozen=True)
class Token:
    """A lexical token: its kind (num, str, name, kw, op, end), text and offset."""

    kind: str
    text: str
    pos: int


@dataclass(frozen=True)
class Lit:
    """A literal number, string or boolean."""

    value: Value
    pos: int


@dataclass(frozen=True)
class Name:
    """A feature name."""

    name: str
    pos: int


@dataclass(frozen=True)
class Not:
    """Logical negation."""

    operand: Node
    pos: int


@dataclass(frozen=True)
class BoolOp:
    """Two or more operands joined by ``and`` or ``or``."""

    op: Literal["and", "or"]
    operands: tuple[Node, ...]
    pos: int


@dataclass(frozen=True)
class Compare:
    """A comparison; ``pos`` is the operator's offset."""

    op: str
    left: Node
    right: Node
    pos: int


@dataclass(frozen=True)
class InList:
    """Membership in a literal list, possibly negated (``not in``)."""

    operand: Node
    values: tuple[Lit, ...]
    negated: bool
    pos: int


Node = Lit | Name | Not | BoolOp | Compare | InList


def tokenize(source: str) -> list[Token]:
    """Split a rule into tokens.

    Parameters
    ----------
    source : str
        The rule text.

    Returns
    -------
    list of Token
        The tokens, ending with an ``end`` token.

    Raises
    ------
    RuleSyntaxError
        On a character that starts no token (e.g. ``=`` alone, ``&``, an open string).
    """
    tokens, pos = [], 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            message = (Msg(N_("unexpected character %(char)s; use == to compare"))
                       if source[pos] == "=" else Msg(N_("unexpected character %(char)s")))
            raise RuleSyntaxError(Msg(message.msgid, {"char": repr(source[pos])}), source, pos)
        kind, text = cast(str, match.lastgroup), match.group()
        if kind == "name" and text.lower() in _KEYWORDS:
            kind, text = "kw", text.lower()
        if kind != "ws":
            tokens.append(Token(kind, text, pos))
        pos = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


class _Parser:
    """Recursive descent over the token list; one method per grammar rule."""

    def __init__(self, source: str) -> None:
        self.source, self.tokens, self.i = source, tokenize(source), 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def fail(self, message: Msg, token: Token | None = None) -> RuleSyntaxError:
        token = token or self.peek()
        found = Msg(N_("the end of the rule")) if token.kind == "end" else repr(token.text)
        return RuleSyntaxError(Msg(N_("%(message)s, found %(found)s"),
                                   {"message": message, "found": found}),
                               self.source, token.pos)

    def expect(self, text: str) -> Token:
        if self.peek().text != text or self.peek().kind == "str":
            raise self.fail(Msg(N_("expected %(text)s"), {"text": repr(text)}))
        return self.take()

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise RuleSyntaxError(Msg(N_("empty rule")), self.source, 0)
        node = self.or_expr()
        if self.peek().kind != "end":
            raise self.fail(Msg(N_("expected and, or, or the end of the rule")))
        return node

    def bool_chain(self, op: Literal["and", "or"]) -> Node:
        sub = self.and_expr if op == "or" else self.not_expr
        first = sub()
        operands = [first]
        while self.peek().kind == "kw" and self.peek().text == op:
            self.take()
            operands.append(sub())
        return first if len(operands) == 1 else BoolOp(op, tuple(operands), first.pos)

    def or_expr(self) -> Node:
        return self.bool_chain("or")

    def and_expr(self) -> Node:
        return self.bool_chain("and")

    def not_expr(self) -> Node:
        if self.peek().kind == "kw" and self.peek().text == "not":
            pos = self.take().pos
            return Not(self.not_expr(), pos)
        return self.comparison()

    def comparison(self) -> Node:
        left = self.operand()
        token = self.peek()
        if token.kind == "op" and token.text in _CMP:
            self.take()
            return Compare(token.text, left, self.operand(), token.pos)
        negated = token.kind == "kw" and token.text == "not"
        if negated or (token.kind == "kw" and token.text == "in"):
            self.take()
            if negated:
                self.expect("in")
            return InList(left, self.literal_list(), negated, token.pos)
        return left

    def operand(self) -> Node:
        token = self.peek()
        if token.kind == "op" and token.text == "(":
            self.take()
            node = self.or_expr()
            self.expect(")")
            return node
        if token.kind == "name":
            return Name(self.take().text, token.pos)
        return self.literal()

    def literal(self) -> Lit:
        token = self.peek()
        if token.kind == "num":
            self.take()
            number = float(token.text)
            is_int = re.fullmatch(r"-?\d+", token.text) is not None
            return Lit(int(token.text) if is_int else number, token.pos)
        if token.kind == "str":
            self.take()
            return Lit(re.sub(r"\\(.)", r"\1", token.text[1:-1]), token.pos)
        if token.kind == "kw" and token.text in ("true", "false"):
            self.take()
            return Lit(token.text == "true", token.pos)
        raise self.fail(Msg(N_("expected a feature name or a value")))

    def literal_list(self) -> tuple[Lit, ...]:
        close = {"(": ")", "[": "]"}.get(self.peek().text)
        if close is None or self.peek().kind != "op":
            raise self.fail(Msg(N_("expected a list after 'in', e.g. (\"a\", \"b\")")))
        self.take()
        values = [self.literal()]
        while self.peek().text == "," and self.peek().kind == "op":
            self.take()
            if self.peek().text == close:
                break
            values.append(self.literal())
        self.expect(close)
        return tuple(values)


def parse(source: str) -> Node:
    """Parse a rule into its syntax tree.

    Parameters
    ----------
    source : str
        The rule text, e.g. ``days_past_due >= 30 and overdue_amount > 5000``.

    Returns
    -------
    Node
        The root of the syntax tree.

    Raises
    ------
    RuleSyntaxError
        With the line, column and a caret under the offending token.
    """
    return _Parser(source).parse()
