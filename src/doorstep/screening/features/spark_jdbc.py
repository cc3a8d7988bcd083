"""Spark reads the portfolio from PostgreSQL over JDBC (``DOORSTEP_SPARK_SOURCE=jdbc``).

The executors run one query per input table (the same normalisation as
``store.repositories.screening_inputs``: money in fen, days before the as-of day, month
indexes 0..11 with missing months filled, text scores in millionths) and write the run's
Parquet snapshot themselves: no portfolio row passes through the driver. The PostgreSQL
JDBC driver is Debian's ``libpostgresql-jdbc-java`` (``/usr/share/java/postgresql.jar``,
``DOORSTEP_SPARK_JDBC_JAR``), shipped to the executors with ``spark.jars``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from doorstep.cases.model import OPEN_STATES
from doorstep.screening.features.spec import INPUT_TABLES, MONTHS

if TYPE_CHECKING:
    from doorstep.screening.lake import Storage

JDBC_JAR = "/usr/share/java/postgresql.jar"


def jdbc_of(database_url: str) -> tuple[str, dict[str, str]]:
    """``postgresql+psycopg://u:p@host:5432/db`` → the JDBC URL and its connection properties."""
    url = urlsplit(database_url)
    backend = url.scheme.split("+")[0]
    if backend != "postgresql":
        raise ValueError(f"JDBC reads need PostgreSQL, not {backend}")
    props = {"driver": "org.postgresql.Driver", "user": unquote(url.username or "postgres")}
    if url.password:
        props["password"] = unquote(url.password)
    database = url.path.lstrip("/")
    return f"jdbc:postgresql://{url.hostname or 'localhost'}:{url.port or 5432}/{database}", props


def _ints(values: Sequence[int]) -> str:
    return ", ".join(str(int(v)) for v in values)


def input_queries(as_of: date, branch_ids: Sequence[int] | None) -> dict[str, str]:
    """One PostgreSQL query per input table of the feature SQL, as of the end of ``as_of``."""
    day = f"DATE '{as_of.isoformat()}'"
    kept = f"SELECT id FROM customers WHERE branch_id IN ({_ints(branch_ids)})" \
        if branch_ids else "SELECT id FROM customers"
    first = date(as_of.year - (1 if as_of.month < MONTHS else 0),
                 (as_of.month - MONTHS) % 12 + 1, 1)
    now_index = as_of.year * 12 + as_of.month
    opened = ", ".join(f"'{s.value}'" for s in sorted(OPEN_STATES, key=lambda s: s.value))
    months = f"""
        SELECT r.account_id, (EXTRACT(YEAR FROM r.month)::bigint * 12
               + EXTRACT(MONTH FROM r.month)::bigint - {now_index} + {MONTHS - 1}) AS month_index,
               ROUND(r.amount_due * 100)::bigint AS due_cents,
               ROUND(r.amount_paid * 100)::bigint AS paid_cents,
               r.days_past_due::bigint AS days_past_due,
               r.promise_broken::int::bigint AS promise_broken
        FROM repayments r JOIN accounts a ON a.id = r.account_id
        WHERE r.month >= DATE '{first.isoformat()}' AND r.month <= {day}
          AND a.customer_id IN ({kept})"""
    events = """
        SELECT t.id AS {id}, c.customer_id::bigint AS customer_id,
               ({day} - CAST(t.{at} AS date))::bigint AS days_ago,
               NULLIF(t.outcome, '') AS outcome
        FROM {table} t JOIN cases c ON c.id = t.case_id
        WHERE c.customer_id IN ({kept}) AND CAST(t.{at} AS date) <= {day}"""
    return {
        "customers": f"""
            SELECT id::bigint AS customer_id, branch_id::bigint AS branch_id,
                   do_not_visit::int::bigint AS do_not_visit,
                   under_regulator_complaint::int::bigint AS under_regulator_complaint
            FROM customers WHERE id IN ({kept})""",
        "accounts": f"""
            SELECT id::bigint AS account_id, customer_id::bigint AS customer_id, business_line,
                   ROUND(balance * 100)::bigint AS balance_cents,
                   days_past_due::bigint AS days_past_due,
                   ROUND(overdue_amount * 100)::bigint AS overdue_cents
            FROM accounts WHERE customer_id IN ({kept})""",
        # a month the bank's file lacks counts as nothing due, nothing paid, not past due
        "repayments": f"""
            WITH m AS ({months}), acc AS (SELECT DISTINCT account_id FROM m)
            SELECT acc.account_id::bigint AS account_id, i.month_index::bigint AS month_index,
                   COALESCE(m.due_cents, 0) AS due_cents, COALESCE(m.paid_cents, 0) AS paid_cents,
                   COALESCE(m.days_past_due, 0) AS days_past_due,
                   COALESCE(m.promise_broken, 0) AS promise_broken
            FROM acc CROSS JOIN generate_series(0, {MONTHS - 1}) AS i(month_index)
            LEFT JOIN m ON m.account_id = acc.account_id AND m.month_index = i.month_index""",
        "complaints": f"""
            SELECT id::bigint AS complaint_id, customer_id::bigint AS customer_id, channel,
                   severity::bigint AS severity,
                   ({day} - CAST(received_at AS date))::bigint AS days_ago,
                   ROUND(dissatisfaction * 1000000)::bigint AS dissatisfaction_micros,
                   strong_dissatisfaction::int::bigint AS strong_dissatisfaction
            FROM complaints
            WHERE customer_id IN ({kept}) AND CAST(received_at AS date) <= {day}""",
        "contacts": events.format(id="contact_id", at="at", table="contacts", day=day,
                                  kept=kept),
        "visits": events.format(id="visit_id", at="created_at", table="visits", day=day,
                                kept=kept),
        "cases": f"""
            SELECT id::bigint AS case_id, customer_id::bigint AS customer_id,
                   (CASE WHEN state IN ({opened}) THEN 1 ELSE 0 END)::bigint AS is_open
            FROM cases WHERE customer_id IN ({kept})""",
    }


def write_snapshot_over_jdbc(spark: Any, storage: Storage, key: str, database_url: str,
                             as_of: date, branch_ids: Sequence[int] | None) -> str:
    """The executors read each input table over JDBC and write it as the snapshot ``key``;
    its location (as :func:`doorstep.screening.lake.write_snapshot` returns it)."""
    url, props = jdbc_of(database_url)
    where = storage.join(key)
    for name, sql in input_queries(as_of, branch_ids).items():
        frame = spark.read.jdbc(url, f"({sql}) AS {name}_input", properties=props)
        frame.select(*INPUT_TABLES[name]).write.mode("overwrite").parquet(
            storage.spark_uri(f"{where}/{name}"))
    return where
