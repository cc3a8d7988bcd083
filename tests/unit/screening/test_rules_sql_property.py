"""Property: a rule evaluated in Python and the same rule as DuckDB SQL select the same rows."""

from __future__ import annotations

from typing import Any

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doorstep.screening.rules import compile_rule

TYPES = {"x": "number", "n": "number", "s": "string", "b": "boolean", "flag": "boolean"}
NUMBERS = st.sampled_from(["0", "1", "-2", "0.5", "-1.5", "3", "2.0"])
STRINGS = st.sampled_from(["a", "b'", "贷款", "", 'q"uote'])


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _atoms() -> st.SearchStrategy[str]:
    ops = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
    numeric = st.sampled_from(["x", "n"])
    return st.one_of(
        st.builds(lambda f, o, v: f"{f} {o} {v}", numeric, ops, NUMBERS),
        st.builds(lambda o: f"x {o} n", ops),
        st.builds(lambda o, v: f"s {o} {_quoted(v)}", st.sampled_from(["==", "!="]), STRINGS),
        st.builds(lambda neg, vs: f"s {neg}in ({', '.join(map(_quoted, vs))})",
                  st.sampled_from(["", "not "]), st.lists(STRINGS, min_size=1, max_size=3)),
        st.builds(lambda neg, vs: f"n {neg}in [{', '.join(vs)}]",
                  st.sampled_from(["", "not "]), st.lists(NUMBERS, min_size=1, max_size=3)),
        st.sampled_from(["b", "flag", "true", "false", "b == flag", "b != false"]),
    )


RULES = st.recursive(_atoms(), lambda inner: st.one_of(
    st.builds(lambda a: f"not ({a})", inner),
    st.builds(lambda a, op, c: f"({a}) {op} ({c})", inner, st.sampled_from(["and", "or"]), inner),
), max_leaves=6)
ROWS = st.lists(st.fixed_dictionaries({
    "x": st.one_of(st.none(), st.sampled_from([-2.0, -1.5, 0.0, 0.5, 1.0, 3.0])),
    "n": st.one_of(st.none(), st.integers(-3, 3)),
    "s": st.one_of(st.none(), STRINGS),
    "b": st.one_of(st.none(), st.booleans()),
    "flag": st.one_of(st.none(), st.booleans()),
}), min_size=1, max_size=8)
CONNECTION = duckdb.connect()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=RULES, rows=ROWS)
def test_python_evaluation_and_duckdb_sql_agree(source: str, rows: list[dict[str, Any]]) -> None:
    """For random rules and rows with NULLs, Python and DuckDB select exactly the same rows."""
    rule = compile_rule(source, TYPES)
    con = CONNECTION.cursor()
    con.execute("CREATE OR REPLACE TEMP TABLE t "
                "(id INTEGER, x DOUBLE, n BIGINT, s VARCHAR, b BOOLEAN, flag BOOLEAN)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)",
                    [(i, r["x"], r["n"], r["s"], r["b"], r["flag"]) for i, r in enumerate(rows)])
    fragment = rule.to_sql()
    selected = con.execute(f"SELECT id FROM t WHERE {fragment.sql} ORDER BY id",
                           list(fragment.params)).fetchall()
    assert [i for (i,) in selected] == [i for i, row in enumerate(rows) if rule.evaluate(row)]
