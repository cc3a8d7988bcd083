"""casebook and training: case studies with Chinese full-text search; courses, sessions,
attendance and assessments

On SQLite the search index is an FTS5 table kept in step with ``case_studies`` by triggers;
on PostgreSQL a generated tsvector column (``'simple'`` config over the stored jieba words)
with a GIN index. Neither is part of the SQLAlchemy metadata (see ``tables_casebook``).

Revision ID: 0003_casebook_training
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_casebook_training'
down_revision = '0002'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')

SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE case_studies_fts USING fts5(search_text, content='case_studies', "
    "content_rowid='id')",
    "CREATE TRIGGER case_studies_fts_ai AFTER INSERT ON case_studies BEGIN "
    "INSERT INTO case_studies_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER case_studies_fts_ad AFTER DELETE ON case_studies BEGIN "
    "INSERT INTO case_studies_fts(case_studies_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER case_studies_fts_au AFTER UPDATE ON case_studies BEGIN "
    "INSERT INTO case_studies_fts(case_studies_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO case_studies_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
)
POSTGRES_SEARCH = (
    "ALTER TABLE case_studies ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX ix_case_studies_search ON case_studies USING gin (search_vector)",
)


def upgrade() -> None:
    op.create_table('case_studies',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('background', sa.Text(), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('actions', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('lessons', sa.Text(), nullable=False),
    sa.Column('business_line', sa.String(length=16), nullable=False),
    sa.Column('case_type', sa.String(length=24), nullable=False),
    sa.Column('outcome_tag', sa.String(length=24), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('amount_band', sa.String(length=16), server_default='', nullable=False),
    sa.Column('dpd_band', sa.String(length=16), server_default='', nullable=False),
    sa.Column('search_text', sa.Text(), server_default='', nullable=False),
    sa.Column('status', sa.String(length=16), server_default='draft', nullable=False),
    sa.Column('source_case_id', ID, nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('published_by', sa.String(length=64), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['source_case_id'], ['cases.id'], name=op.f('fk_case_studies_source_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_studies'))
    )
    op.create_index(op.f('ix_case_studies_source_case_id'), 'case_studies', ['source_case_id'], unique=False)
    op.create_index('ix_case_studies_status_line', 'case_studies', ['status', 'business_line'], unique=False)
    op.create_table('courses',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('hours', sa.SmallInteger(), nullable=False),
    sa.Column('pass_mark', sa.SmallInteger(), nullable=False),
    sa.Column('certificate_kind', sa.String(length=32), nullable=True),
    sa.Column('validity_months', sa.SmallInteger(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_courses')),
    sa.UniqueConstraint('code', name=op.f('uq_courses_code'))
    )
    op.create_table('training_sessions',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('course_id', ID, nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('trainer', sa.String(length=32), nullable=False),
    sa.Column('place', sa.String(length=100), nullable=False),
    sa.Column('capacity', sa.SmallInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_training_sessions_course_id_courses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_sessions'))
    )
    op.create_index(op.f('ix_training_sessions_course_id'), 'training_sessions', ['course_id'], unique=False)
    op.create_table('training_records',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('session_id', ID, nullable=False),
    sa.Column('staff_id', ID, nullable=False),
    sa.Column('attended', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('score', sa.SmallInteger(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('assessed_on', sa.Date(), nullable=True),
    sa.Column('certificate_id', ID, nullable=True),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'], name=op.f('fk_training_records_certificate_id_certificates')),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_training_records_session_id_training_sessions')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_training_records_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_records')),
    sa.UniqueConstraint('session_id', 'staff_id', name='uq_training_records_session_staff')
    )
    op.create_index(op.f('ix_training_records_session_id'), 'training_records', ['session_id'], unique=False)
    op.create_index(op.f('ix_training_records_staff_id'), 'training_records', ['staff_id'], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_SEARCH if dialect == 'sqlite' else POSTGRES_SEARCH if dialect == 'postgresql' else ():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        for name in ('case_studies_fts_ai', 'case_studies_fts_ad', 'case_studies_fts_au'):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS case_studies_fts")
    op.drop_index(op.f('ix_training_records_staff_id'), table_name='training_records')
    op.drop_index(op.f('ix_training_records_session_id'), table_name='training_records')
    op.drop_table('training_records')
    op.drop_index(op.f('ix_training_sessions_course_id'), table_name='training_sessions')
    op.drop_table('training_sessions')
    op.drop_table('courses')
    op.drop_index('ix_case_studies_status_line', table_name='case_studies')
    op.drop_index(op.f('ix_case_studies_source_case_id'), table_name='case_studies')
    op.drop_table('case_studies')
