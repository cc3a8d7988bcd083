"""The feature pipeline, defined once: the input tables it reads and the SQL both engines run.

Inputs are normalised before the engines see them, so that DuckDB and Spark compute
*bit-identical* results: money is in integer fen (``*_cents``), dates are whole days before
the as-of day (``days_ago``), repayment months are indexed 0 (oldest) … 11 (as-of month), and
text scores are integer millionths. Sums and counts over integers are exact in both engines;
every floating-point output is ONE division of two exact numbers, which IEEE 754 rounds the
same way everywhere. The SQL uses only constructs both dialects share (CTEs, ``CASE``,
``ROW_NUMBER`` windows, explicit ``CAST``).

The 12-month history is read in ONE pass over the repayment rows: a ``GROUP BY account_id``
pivots each account's months into columns ``d0 … d11`` (validation guarantees exactly one row
per month per account), a second aggregate takes the worst account per customer and month, and
trend, delinquent months and roll rate are then plain expressions over those columns — no join
of every repayment row to its customer, no per-month group and no ``LAG`` window (the three
together took 70 % of the run at 12 M rows). The accounts are read once for everything else: a
``ROW_NUMBER`` window marks each customer's main account and the same aggregate that sums
balances takes its business line (no second scan of the accounts, no extra join).
"""

from __future__ import annotations

from typing import Literal

from doorstep.cases.model import BUSINESS_LINES
from doorstep.screening.rules import FieldType

ColumnType = Literal["int", "float", "str"]
MONTHS = 12
FAILED_VISIT_OUTCOMES = ("not_at_home", "refused")

#: The input tables and their columns; anything else is refused by validation.
INPUT_TABLES: dict[str, dict[str, ColumnType]] = {
    "customers": {"customer_id": "int", "branch_id": "int", "do_not_visit": "int",
                  "under_regulator_complaint": "int"},
    "accounts": {"account_id": "int", "customer_id": "int", "business_line": "str",
                 "balance_cents": "int", "days_past_due": "int", "overdue_cents": "int"},
    "repayments": {"account_id": "int", "month_index": "int", "due_cents": "int",
                   "paid_cents": "int", "days_past_due": "int", "promise_broken": "int"},
    "complaints": {"complaint_id": "int", "customer_id": "int", "channel": "str",
                   "severity": "int", "days_ago": "int", "dissatisfaction_micros": "int",
                   "strong_dissatisfaction": "int"},
    "contacts": {"contact_id": "int", "customer_id": "int", "days_ago": "int",
                 "outcome": "str"},
    "visits": {"visit_id": "int", "customer_id": "int", "days_ago": "int", "outcome": "str"},
    "cases": {"case_id": "int", "customer_id": "int", "is_open": "int"},
}

#: Output columns and their types, in order (``customer_id`` first).
FEATURES: dict[str, ColumnType] = {
    "customer_id": "int", "branch_id": "int", "business_line": "str",
    **{f"has_{line}": "int" for line in BUSINESS_LINES},
    "days_past_due": "int", "delinquency_bucket": "int", "max_days_past_due_12m": "int",
    "delinquency_trend": "float", "months_delinquent_12m": "int", "roll_rate": "float",
    "broken_promises": "int", "balance": "float", "overdue_amount": "float",
    "amount_at_risk": "float", "complaints_90d": "int", "complaints_365d": "int",
    "days_since_complaint": "int", "complaint_severity": "int", "dissatisfaction": "float",
    "max_dissatisfaction": "float", "strong_dissatisfaction": "int",
    "regulator_complaint": "int", "contacts_count": "int", "last_contact_outcome": "str",
    "visits_count": "int", "failed_visits": "int", "last_visit_outcome": "str",
    "open_case_id": "int", "has_open_case": "int", "do_not_visit": "int",
    "under_regulator_complaint": "int",
}

#: Features that read as yes/no in the rules language.
FLAG_FEATURES = frozenset({"strong_dissatisfaction", "regulator_complaint", "has_open_case",
                           "do_not_visit", "under_regulator_complaint",
                           *(f"has_{line}" for line in BUSINESS_LINES)})

#: What the escalation model learns from. Regulator complaints and contact/visit history are
#: left out: they are part of (or caused by) the outcome being predicted.
MODEL_FEATURES: tuple[str, ...] = (
    "days_past_due", "delinquency_bucket", "max_days_past_due_12m", "delinquency_trend",
    "months_delinquent_12m", "roll_rate", "broken_promises", "balance", "overdue_amount",
    "amount_at_risk", "complaints_90d", "complaints_365d", "days_since_complaint",
    "complaint_severity", "dissatisfaction", "max_dissatisfaction", "strong_dissatisfaction",
)


def rule_field_types() -> dict[str, FieldType]:
    """Feature names and their types in the rules language."""
    kinds: dict[str, FieldType] = {}
    for name, kind in FEATURES.items():
        kinds[name] = ("boolean" if name in FLAG_FEATURES
                       else "string" if kind == "str" else "number")
    return kinds


def _d(expr: str) -> str:
    return f"CAST({expr} AS DOUBLE)"


_LINE_FLAGS = ",\n    ".join(
    f"MAX(CASE WHEN business_line = '{line}' THEN 1 ELSE 0 END) AS has_{line}"
    for line in BUSINESS_LINES)
_FAILED = ", ".join(f"'{o}'" for o in FAILED_VISIT_OUTCOMES)
_BUCKET = ("CASE WHEN dpd <= 0 THEN 0 WHEN dpd <= 30 THEN 1 WHEN dpd <= 60 THEN 2 "
           "WHEN dpd <= 90 THEN 3 WHEN dpd <= 120 THEN 4 WHEN dpd <= 150 THEN 5 ELSE 6 END")

# One column per month (d0 … d11, buckets b0 … b11). Every customer with a repayment row has
# all 12 months (validate._check_months), so month k's predecessor is always month k - 1 and
# there are MONTHS - 1 month-to-month transitions, as the former LAG window counted them.
_M = range(MONTHS)
_PIVOT = ",\n    ".join(
    f"MAX(CASE WHEN month_index = {k} THEN days_past_due END) AS d{k}" for k in _M)
_CUST_PIVOT = ", ".join(f"MAX(m.d{k}) AS d{k}" for k in _M)
_BUCKETS = ",\n    ".join(_BUCKET.replace("dpd", f"d{k}") + f" AS b{k}" for k in _M)


def _plus(terms: list[str]) -> str:
    return " + ".join(terms)


FEATURE_SQL = f"""
WITH acct_months AS (
  SELECT account_id,
    {_PIVOT},
    MAX(days_past_due) AS max_dpd, SUM(promise_broken) AS broken
  FROM repayments GROUP BY account_id
), monthly AS (
  SELECT a.customer_id, {_CUST_PIVOT},
    MAX(m.max_dpd) AS max_dpd, SUM(m.broken) AS broken
  FROM acct_months m JOIN accounts a ON a.account_id = m.account_id
  GROUP BY a.customer_id
), bucketed AS (
  SELECT customer_id, max_dpd, broken, {", ".join(f"d{k}" for k in _M)},
    {_BUCKETS}
  FROM monthly
), history AS (
  SELECT customer_id,
    {_plus([f"COALESCE(d{k}, 0)" for k in range(MONTHS - 3, MONTHS)])}
      - ({_plus([f"COALESCE(d{k}, 0)" for k in range(3)])}) AS trend_sum,
    {_plus([f"CASE WHEN d{k} > 0 THEN 1 ELSE 0 END" for k in _M])} AS months_delinquent,
    {_plus([f"CASE WHEN b{k} > b{k - 1} THEN 1 ELSE 0 END" for k in _M if k])} AS rolls,
    {MONTHS - 1} AS transitions, broken, max_dpd
  FROM bucketed
), ranked AS (
  SELECT customer_id, business_line, days_past_due, balance_cents, overdue_cents,
    ROW_NUMBER() OVER (PARTITION BY customer_id
      ORDER BY days_past_due DESC, overdue_cents DESC, balance_cents DESC, account_id) AS rn
  FROM accounts
), acct AS (
  SELECT customer_id, MAX(days_past_due) AS dpd, SUM(balance_cents) AS balance_cents,
    SUM(overdue_cents) AS overdue_cents,
    SUM(CASE WHEN days_past_due > 0 THEN balance_cents ELSE 0 END) AS delinquent_cents,
    {_LINE_FLAGS},
    MAX(CASE WHEN rn = 1 THEN business_line END) AS business_line
  FROM ranked GROUP BY customer_id
), compl AS (
  SELECT customer_id,
    SUM(CASE WHEN days_ago < 90 THEN 1 ELSE 0 END) AS n90,
    SUM(CASE WHEN days_ago < 365 THEN 1 ELSE 0 END) AS n365,
    MIN(days_ago) AS recency, MAX(severity) AS severity,
    SUM(dissatisfaction_micros) AS dis_sum, COUNT(dissatisfaction_micros) AS dis_n,
    MAX(dissatisfaction_micros) AS dis_max, MAX(strong_dissatisfaction) AS strong,
    MAX(CASE WHEN channel = 'regulator' THEN 1 ELSE 0 END) AS regulator
  FROM complaints WHERE days_ago >= 0 GROUP BY customer_id
), cont AS (
  SELECT customer_id, COUNT(*) AS n FROM contacts WHERE days_ago >= 0 GROUP BY customer_id
), last_cont AS (
  SELECT customer_id, outcome FROM (
    SELECT customer_id, outcome, ROW_NUMBER() OVER (PARTITION BY customer_id
      ORDER BY days_ago, contact_id DESC) AS rn FROM contacts WHERE days_ago >= 0) t
  WHERE rn = 1
), vis AS (
  SELECT customer_id, COUNT(*) AS n,
    SUM(CASE WHEN outcome IN ({_FAILED}) THEN 1 ELSE 0 END) AS failed
  FROM visits WHERE days_ago >= 0 GROUP BY customer_id
), last_vis AS (
  SELECT customer_id, outcome FROM (
    SELECT customer_id, outcome, ROW_NUMBER() OVER (PARTITION BY customer_id
      ORDER BY days_ago, visit_id DESC) AS rn FROM visits WHERE days_ago >= 0) t
  WHERE rn = 1
), open_case AS (
  SELECT customer_id, MIN(case_id) AS case_id FROM cases WHERE is_open = 1 GROUP BY customer_id
)
SELECT
  CAST(c.customer_id AS BIGINT) AS customer_id, CAST(c.branch_id AS BIGINT) AS branch_id,
  a.business_line AS business_line,
  {", ".join(f"CAST(COALESCE(a.has_{x}, 0) AS BIGINT) AS has_{x}" for x in BUSINESS_LINES)},
  CAST(COALESCE(a.dpd, 0) AS BIGINT) AS days_past_due,
  CAST(CASE WHEN COALESCE(a.dpd, 0) <= 0 THEN 0 WHEN a.dpd <= 30 THEN 1 WHEN a.dpd <= 60 THEN 2
    WHEN a.dpd <= 90 THEN 3 WHEN a.dpd <= 120 THEN 4 WHEN a.dpd <= 150 THEN 5 ELSE 6 END
    AS BIGINT) AS delinquency_bucket,
  CAST(COALESCE(h.max_dpd, 0) AS BIGINT) AS max_days_past_due_12m,
  {_d("COALESCE(h.trend_sum, 0)")} / {_d("3")} AS delinquency_trend,
  CAST(COALESCE(h.months_delinquent, 0) AS BIGINT) AS months_delinquent_12m,
  CASE WHEN COALESCE(h.transitions, 0) > 0 THEN {_d("h.rolls")} / {_d("h.transitions")}
    ELSE {_d("0")} END AS roll_rate,
  CAST(COALESCE(h.broken, 0) AS BIGINT) AS broken_promises,
  {_d("COALESCE(a.balance_cents, 0)")} / {_d("100")} AS balance,
  {_d("COALESCE(a.overdue_cents, 0)")} / {_d("100")} AS overdue_amount,
  {_d("COALESCE(a.overdue_cents, 0) + COALESCE(a.delinquent_cents, 0)")} / {_d("100")}
    AS amount_at_risk,
  CAST(COALESCE(k.n90, 0) AS BIGINT) AS complaints_90d,
  CAST(COALESCE(k.n365, 0) AS BIGINT) AS complaints_365d,
  CAST(k.recency AS BIGINT) AS days_since_complaint,
  CAST(COALESCE(k.severity, 0) AS BIGINT) AS complaint_severity,
  CASE WHEN k.dis_n > 0 THEN {_d("k.dis_sum")} / {_d("k.dis_n * 1000000")} END
    AS dissatisfaction,
  {_d("k.dis_max")} / {_d("1000000")} AS max_dissatisfaction,
  CAST(COALESCE(k.strong, 0) AS BIGINT) AS strong_dissatisfaction,
  CAST(COALESCE(k.regulator, 0) AS BIGINT) AS regulator_complaint,
  CAST(COALESCE(ct.n, 0) AS BIGINT) AS contacts_count, lc.outcome AS last_contact_outcome,
  CAST(COALESCE(v.n, 0) AS BIGINT) AS visits_count,
  CAST(COALESCE(v.failed, 0) AS BIGINT) AS failed_visits, lv.outcome AS last_visit_outcome,
  CAST(oc.case_id AS BIGINT) AS open_case_id,
  CAST(CASE WHEN oc.case_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_open_case,
  CAST(c.do_not_visit AS BIGINT) AS do_not_visit,
  CAST(c.under_regulator_complaint AS BIGINT) AS under_regulator_complaint
FROM customers c
LEFT JOIN acct a ON a.customer_id = c.customer_id
LEFT JOIN history h ON h.customer_id = c.customer_id
LEFT JOIN compl k ON k.customer_id = c.customer_id
LEFT JOIN cont ct ON ct.customer_id = c.customer_id
LEFT JOIN last_cont lc ON lc.customer_id = c.customer_id
LEFT JOIN vis v ON v.customer_id = c.customer_id
LEFT JOIN last_vis lv ON lv.customer_id = c.customer_id
LEFT JOIN open_case oc ON oc.customer_id = c.customer_id
ORDER BY customer_id
"""
