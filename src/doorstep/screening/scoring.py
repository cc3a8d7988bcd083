"""From features to candidates: plan scope, rules (compiled to DuckDB SQL), case types."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd

from doorstep.screening.features.spec import FLAG_FEATURES, rule_field_types
from doorstep.screening.rules import CompiledRuleSet, RuleSet

_CASE_TYPES = {"deposit": "account_problem", "wealth": "wealth_dispute",
               "insurance": "insurance_dispute", "loan": "loan_dispute",
               "credit_card": "service_complaint"}


def in_scope(features: pd.DataFrame, business_lines: Sequence[str]) -> pd.DataFrame:
    """Customers holding a product of the plan's lines, without an open case, visitable."""
    holds = np.zeros(len(features), dtype=bool)
    for line in business_lines:
        holds |= features[f"has_{line}"].to_numpy(dtype=int) == 1
    ok = holds & (features["has_open_case"].to_numpy(dtype=int) == 0) & (
        features["do_not_visit"].to_numpy(dtype=int) == 0)
    return features[ok].reset_index(drop=True)


def compile_rule_sets(rule_sets: Sequence[RuleSet]) -> list[CompiledRuleSet]:
    """Compile every rule set against the feature names and types."""
    types = rule_field_types()
    return [rs.compile(types) for rs in rule_sets]


def rule_hits(candidates: pd.DataFrame, compiled: Sequence[CompiledRuleSet]) -> tuple[
        list[str], np.ndarray]:
    """The rule names and a (candidates × rules) boolean matrix of which rule selects whom.

    A rule set applies to candidates who hold a product of its business line; rules run as
    one DuckDB query over the frame.
    """
    names: list[str] = [name for rs in compiled for name, _ in rs.rules]
    if candidates.empty or not names:
        return names, np.zeros((len(candidates), len(names)), dtype=bool)
    view = candidates.copy()
    for flag in FLAG_FEATURES:
        view[flag] = view[flag].astype("boolean")
    columns: list[str] = []
    params: list[object] = []
    for rs in compiled:
        for _, rule in rs.rules:
            fragment = rule.to_sql()
            line = f'"has_{rs.rule_set.business_line}"'
            columns.append(f"COALESCE({line} AND {fragment.sql}, FALSE) AS r{len(columns)}")
            params.extend(fragment.params)
    con = duckdb.connect(config={"threads": 1})
    try:
        con.register("candidates", view)
        hits = con.execute(f"SELECT {', '.join(columns)} FROM candidates", params).fetchnumpy()
    finally:
        con.close()
    matrix = np.column_stack([np.asarray(hits[f"r{i}"], dtype=bool) for i in range(len(names))])
    return names, matrix


def match_rules(candidates: pd.DataFrame, compiled: Sequence[CompiledRuleSet]) -> list[tuple[
        str, ...]]:
    """Names of the rules that select each candidate, run as DuckDB SQL.

    Parameters
    ----------
    candidates : DataFrame
        Feature rows.
    compiled : sequence of CompiledRuleSet
        A rule set applies to candidates who hold a product of its business line.

    Returns
    -------
    list of tuple of str
        Per candidate, in order; empty when no rule fires.
    """
    if candidates.empty or not compiled:
        return [() for _ in range(len(candidates))]
    names, matrix = rule_hits(candidates, compiled)
    return [tuple(dict.fromkeys(n for n, hit in zip(names, row, strict=True) if hit))
            for row in matrix]


def case_type(business_line: str, days_past_due: int) -> str:
    """The case type a visit to this customer opens."""
    if business_line in ("loan", "credit_card") and days_past_due > 0:
        return "overdue_debt"
    return _CASE_TYPES.get(business_line, "service_complaint")
