"""legal: mediations, extensions, mediation agreements

Revision ID: 0003_legal
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_legal'
down_revision = '0002'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('legal_mediations',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('case_id', ID, nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('started_by', sa.String(length=64), nullable=False),
    sa.Column('mediator', sa.String(length=100), server_default='', nullable=False),
    sa.Column('failure_reason', sa.String(length=24), nullable=True),
    sa.Column('failure_text', sa.Text(), server_default='', nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_legal_mediations_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_mediations')),
    sa.UniqueConstraint('case_id', name=op.f('uq_legal_mediations_case_id'))
    )
    op.create_table('legal_extensions',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('mediation_id', ID, nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('old_due_at', sa.DateTime(), nullable=False),
    sa.Column('new_due_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['mediation_id'], ['legal_mediations.id'], name=op.f('fk_legal_extensions_mediation_id_legal_mediations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_extensions'))
    )
    with op.batch_alter_table('legal_extensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_extensions_mediation_id'), ['mediation_id'], unique=False)
    op.create_table('legal_agreements',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('mediation_id', ID, nullable=False),
    sa.Column('case_id', ID, nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('instalments', sa.Integer(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('evidence_id', ID, nullable=False),
    sa.Column('imported_by', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_legal_agreements_case_id_cases')),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_legal_agreements_evidence_id_evidence')),
    sa.ForeignKeyConstraint(['mediation_id'], ['legal_mediations.id'], name=op.f('fk_legal_agreements_mediation_id_legal_mediations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_agreements')),
    sa.UniqueConstraint('mediation_id', name=op.f('uq_legal_agreements_mediation_id'))
    )
    with op.batch_alter_table('legal_agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_agreements_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('legal_agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_agreements_case_id'))
    op.drop_table('legal_agreements')
    with op.batch_alter_table('legal_extensions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_extensions_mediation_id'))
    op.drop_table('legal_extensions')
    op.drop_table('legal_mediations')
