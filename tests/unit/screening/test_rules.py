"""The rules language: parsing, evaluation, SQL, error positions and versioned rule sets."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from doorstep.cases.model import BusinessLine
from doorstep.core.errors import ValidationFailed
from doorstep.screening.rules import (
    NamedRule,
    RuleSet,
    RuleSyntaxError,
    compile_rule,
    parse,
)
from doorstep.screening.rules.syntax import BoolOp, Compare, Not

KNOWN = {"days_past_due": "number", "overdue_amount": "number", "complaints_90d": "number",
         "strong_dissatisfaction": "boolean", "do_not_visit": "boolean",
         "business_line": "string"}
ROW = {"days_past_due": 45, "overdue_amount": 8000.0, "complaints_90d": 2,
       "strong_dissatisfaction": True, "do_not_visit": False, "business_line": "loan"}


@pytest.mark.parametrize(("source", "expected"), [
    ("days_past_due >= 30 and overdue_amount > 5000", True),
    ("days_past_due >= 60 or overdue_amount > 9000", False),
    ("strong_dissatisfaction and complaints_90d >= 2", True),
    ('business_line in ("loan", "credit_card")', True),
    ("business_line not in ['loan']", False),
    ("not do_not_visit", True),
    ("NOT (days_past_due < 30 OR do_not_visit)", True),
    ("do_not_visit == false and days_past_due != 45.0", False),
    ("overdue_amount > days_past_due", True),
    ("days_past_due > -1e2", True),
])
def test_rules_evaluate_against_a_row(source: str, expected: bool) -> None:
    """Each operator, keyword and literal kind evaluates as written on a dict row."""
    assert compile_rule(source, KNOWN).evaluate(ROW) is expected


def test_and_binds_tighter_than_or_and_not_tighter_than_and() -> None:
    """``a or b and not c`` parses as ``a or (b and (not c))``."""
    tree = parse("do_not_visit or strong_dissatisfaction and not do_not_visit")
    assert isinstance(tree, BoolOp) and tree.op == "or"
    right = tree.operands[1]
    assert isinstance(right, BoolOp) and right.op == "and"
    assert isinstance(right.operands[1], Not)


def test_missing_values_follow_sql_three_valued_logic() -> None:
    """NULL (None/NaN) makes a comparison unknown; unknown-and-false is false, -or-true is true."""
    rule = compile_rule("days_past_due > 30 and overdue_amount > 5000", KNOWN)
    assert rule.truth({**ROW, "overdue_amount": None}) is None
    assert rule.evaluate({**ROW, "overdue_amount": float("nan")}) is False
    assert rule.truth({**ROW, "days_past_due": 1, "overdue_amount": None}) is False
    either = compile_rule("days_past_due > 30 or overdue_amount > 5000", KNOWN)
    assert either.evaluate({**ROW, "overdue_amount": None}) is True


def test_sql_quotes_identifiers_and_parameterises_literals() -> None:
    """Strings and numbers become ``?`` parameters, so a quote in a literal cannot inject SQL."""
    fragment = compile_rule("business_line == \"x'; DROP TABLE t; --\" and days_past_due >= 30",
                            KNOWN).to_sql()
    assert fragment.sql == '(("business_line" = ?) AND ("days_past_due" >= ?))'
    assert fragment.params == ("x'; DROP TABLE t; --", 30)


def test_parse_error_points_at_column_with_a_caret() -> None:
    """A missing operand is reported at its column with the rule and a caret under it."""
    with pytest.raises(RuleSyntaxError) as caught:
        compile_rule("days_past_due >= and overdue_amount > 0", KNOWN)
    error = caught.value
    assert (error.line, error.column) == (1, 18)
    assert isinstance(error, ValidationFailed)
    assert str(error).endswith("  days_past_due >= and overdue_amount > 0\n" + " " * 19 + "^")


@pytest.mark.parametrize(("source", "column", "words"), [
    ("(days_past_due > 3", 19, "')'"),
    ("days_past_due = 3", 15, "=="),
    ("days_past_due > 'open", 17, "unexpected character"),
    ("days_past_due >> 3", 16, "expected a feature name or a value"),
    ("days_past_due > 3 overdue_amount", 19, "expected and, or"),
    ("business_line in 3", 18, "expected a list"),
    ("   ", 1, "empty rule"),
])
def test_syntax_errors_name_the_problem_and_position(source: str, column: int, words: str) -> None:
    """Unclosed brackets, a single ``=``, open strings and stray tokens are located exactly."""
    with pytest.raises(RuleSyntaxError) as caught:
        parse(source)
    assert caught.value.column == column
    assert words in str(caught.value)


def test_caret_accounts_for_wide_chinese_characters() -> None:
    """The caret sits under the error even after full-width characters in a string."""
    with pytest.raises(RuleSyntaxError) as caught:
        parse('business_line == "贷款" and >')
    last_two = str(caught.value).splitlines()[-2:]
    assert last_two[1].index("^") == len('  business_line == "') + 4 + len('" and ')


def test_unknown_feature_is_rejected_at_compile_time_with_a_suggestion() -> None:
    """A misspelt feature fails compilation, at its position, suggesting the known name."""
    with pytest.raises(RuleSyntaxError) as caught:
        compile_rule("complaints_90d >= 2 and days_past_dua > 3", KNOWN)
    assert caught.value.column == 25
    assert "days_past_dua" in str(caught.value) and "days_past_due" in str(caught.value)


@pytest.mark.parametrize(("source", "words"), [
    ('days_past_due == "30"', "cannot compare number with string"),
    ("business_line > 3", "compares numbers only"),
    ("days_past_due and do_not_visit", "expected a condition, got a number"),
    ('business_line in ("loan", 3)', "must match in type"),
])
def test_type_errors_are_caught_when_types_are_known(source: str, words: str) -> None:
    """With a name→type mapping, mismatched comparisons and non-conditions are refused."""
    with pytest.raises(RuleSyntaxError, match=words):
        compile_rule(source, KNOWN)


def test_untyped_names_compile_and_mismatch_fails_at_evaluation() -> None:
    """With only a set of names, a value of the wrong type fails clearly when evaluated."""
    rule = compile_rule("days_past_due > 3", set(KNOWN))
    with pytest.raises(ValidationFailed, match="cannot compare"):
        rule.evaluate({"days_past_due": "many"})
    with pytest.raises(ValidationFailed, match="no feature"):
        rule.evaluate({})


def test_compare_nodes_remember_their_operator_position() -> None:
    """A comparison node's position is its operator's, which error messages rely on."""
    tree = parse("days_past_due >= 30")
    assert isinstance(tree, Compare) and tree.pos == 14


def test_rules_package_never_calls_eval_exec_or_compile() -> None:
    """The rules language is interpreted, never executed as Python."""
    package = Path(__file__).resolve().parents[3] / "src/doorstep/screening/rules"
    calls = {node.func.id for path in package.glob("*.py")
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert not calls & {"eval", "exec", "compile", "__import__"}


def _rule_set(version: int = 1) -> RuleSet:
    return RuleSet("逾期客户", BusinessLine.LOAN, version, (
        NamedRule("逾期30天且金额大", "days_past_due >= 30 and overdue_amount > 5000"),
        NamedRule("强烈不满", "strong_dissatisfaction and complaints_90d >= 2"),
    ))


def test_rule_set_matches_name_the_rules_that_fired() -> None:
    """A compiled rule set reports which named rules select a row, and ORs them in SQL."""
    compiled = _rule_set().compile(KNOWN)
    assert compiled.matches(ROW) == ("逾期30天且金额大", "强烈不满")
    assert compiled.matches({**ROW, "complaints_90d": 0}) == ("逾期30天且金额大",)
    assert " OR " in compiled.to_sql().sql and compiled.to_sql().params == (30, 5000, 2)


def test_rule_set_error_names_the_rule() -> None:
    """A bad rule in a set is reported with the rule's name and position."""
    bad = RuleSet("x", BusinessLine.LOAN, 1, (NamedRule("坏规则", "days_past_due >"),))
    with pytest.raises(RuleSyntaxError, match="坏规则"):
        bad.compile(KNOWN)


def test_rule_sets_are_versioned_and_fingerprinted() -> None:
    """Revising bumps the version and changes the fingerprint; equal content, equal fingerprint."""
    original = _rule_set()
    revised = original.revised(original.rules[:1])
    assert revised.version == 2 and revised.fingerprint() != original.fingerprint()
    assert _rule_set().fingerprint() == original.fingerprint()
    with pytest.raises(ValidationFailed):
        _rule_set(version=0)


def test_rule_set_round_trips_through_toml() -> None:
    """A rule set written as TOML loads back equal; a bad business line is refused."""
    text = ('name = "逾期客户"\nbusiness_line = "loan"\nversion = 1\n'
            '[[rules]]\nname = "逾期30天且金额大"\n'
            'expression = "days_past_due >= 30 and overdue_amount > 5000"\n'
            '[[rules]]\nname = "强烈不满"\n'
            'expression = "strong_dissatisfaction and complaints_90d >= 2"\n')
    assert RuleSet.from_toml(text) == _rule_set()
    with pytest.raises(ValidationFailed, match="malformed"):
        RuleSet.from_toml(text.replace('"loan"', '"casino"'))


def test_known_features_must_be_names_with_valid_types() -> None:
    """A bare string or an unknown type name for ``known`` is refused instead of misread."""
    with pytest.raises(ValidationFailed, match="collection of names"):
        compile_rule("days_past_due > 1", "days_past_due")
    with pytest.raises(ValidationFailed, match="unknown feature types"):
        compile_rule("days_past_due > 1", {"days_past_due": "int"})
