"""evaluation: covering indexes for the plan dashboard's KPI aggregates

The dashboard reads every case of a plan once and joins it to the per-case totals of the
period's visits, surveys, agreements, repayments and compliance exceptions. These indexes
let PostgreSQL answer each side from an index alone, in case order (merge joins, no heap
reads, no sorts): the plan's cases by ``(plan_id, id)`` carrying the grouping keys and
the case columns the KPIs use, and each event table by ``case_id`` carrying the columns
its aggregate reads. SQLite gets the same keys without the included columns.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: (index, table, key columns, included columns)
INDEXES = [
    ("ix_cases_plan_eval", "cases", ["plan_id", "id"],
     ["owner_team_id", "business_line", "branch_id", "state", "opened_at", "closed_at",
      "overdue_amount"]),
    ("ix_visits_case_created", "visits", ["case_id", "created_at"], ["outcome"]),
    ("ix_surveys_case_eval", "surveys", ["case_id"],
     ["sent_at", "answered_at", "csat", "nps"]),
    ("ix_agreements_case_eval", "agreements", ["case_id"], ["id", "created_at", "state"]),
    ("ix_instalments_agreement_paid", "instalments", ["agreement_id"],
     ["paid_on", "paid_amount"]),
    ("ix_compliance_exceptions_case_at", "compliance_exceptions", ["case_id", "at"], []),
]


def upgrade() -> None:
    for name, table, keys, included in INDEXES:
        op.create_index(name, table, keys, postgresql_include=included)


def downgrade() -> None:
    for name, table, _, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
