"""Initial schema: authorities, identifiers, redirects, history, change log.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


MINTED_ID_START = 20_000_000_000_000  # authority/domain/ids.py


def upgrade() -> None:
    # Search (a later migration adds its indexes) needs these; creating them needs
    # superuser or a trusted-extension grant on an external server.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute(f"CREATE SEQUENCE authority_id_seq START WITH {MINTED_ID_START}")
    op.create_table('authorities',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('quality', sa.Text(), nullable=True),
    sa.Column('content', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('content_hash', sa.Text(), nullable=False),
    sa.Column('heading', sa.Text(), nullable=False),
    sa.Column('sort_key', sa.Text(collation='C'), nullable=False),
    sa.Column('origin', sa.Text(), nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=True),
    sa.Column('modified', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authorities'))
    )
    op.create_index('ix_authorities_kind_sort_key', 'authorities', ['kind', 'sort_key'], unique=False)
    op.create_index('ix_authorities_modified', 'authorities', ['modified'], unique=False)
    op.create_table('authority_redirects',
    sa.Column('from_id', sa.Text(), nullable=False),
    sa.Column('to_id', sa.Text(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('from_id', name=op.f('pk_authority_redirects'))
    )
    op.create_index(op.f('ix_authority_redirects_to_id'), 'authority_redirects', ['to_id'], unique=False)
    op.create_table('authority_revisions',
    sa.Column('authority_id', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('merged_into', sa.Text(), nullable=True),
    sa.Column('quality', sa.Text(), nullable=True),
    sa.Column('content', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('origin', sa.Text(), nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=True),
    sa.Column('modified', sa.DateTime(timezone=True), nullable=True),
    sa.Column('actor', sa.Text(), nullable=False),
    sa.Column('institution', sa.Text(), nullable=True),
    sa.Column('recorded', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('authority_id', 'revision', name=op.f('pk_authority_revisions'))
    )
    op.create_table('change_log',
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('authority_id', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('actor', sa.Text(), nullable=False),
    sa.Column('institution', sa.Text(), nullable=True),
    sa.Column('recorded', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_change_log'))
    )
    op.create_index(op.f('ix_change_log_authority_id'), 'change_log', ['authority_id'], unique=False)
    op.create_index(op.f('ix_change_log_recorded'), 'change_log', ['recorded'], unique=False)
    counters = op.create_table('counters',
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_counters'))
    )
    op.bulk_insert(counters, [{"name": "change_log", "value": 0}])
    op.create_table('authority_identifiers',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('authority_id', sa.Text(), nullable=False),
    sa.Column('scheme', sa.Text(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('original', sa.Text(), nullable=False),
    sa.Column('is_unique', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['authority_id'], ['authorities.id'], name=op.f('fk_authority_identifiers_authority_id_authorities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authority_identifiers'))
    )
    op.create_index(op.f('ix_authority_identifiers_authority_id'), 'authority_identifiers', ['authority_id'], unique=False)
    op.create_index('ix_authority_identifiers_scheme_value', 'authority_identifiers', ['scheme', 'value'], unique=False)
    op.create_index('uq_authority_identifiers_unique_scheme_value', 'authority_identifiers', ['scheme', 'value'], unique=True, postgresql_where=sa.text('is_unique'))


def downgrade() -> None:
    op.drop_index('uq_authority_identifiers_unique_scheme_value', table_name='authority_identifiers', postgresql_where=sa.text('is_unique'))
    op.drop_index('ix_authority_identifiers_scheme_value', table_name='authority_identifiers')
    op.drop_index(op.f('ix_authority_identifiers_authority_id'), table_name='authority_identifiers')
    op.drop_table('authority_identifiers')
    op.drop_table('counters')
    op.drop_index(op.f('ix_change_log_recorded'), table_name='change_log')
    op.drop_index(op.f('ix_change_log_authority_id'), table_name='change_log')
    op.drop_table('change_log')
    op.drop_table('authority_revisions')
    op.drop_index(op.f('ix_authority_redirects_to_id'), table_name='authority_redirects')
    op.drop_table('authority_redirects')
    op.drop_index('ix_authorities_modified', table_name='authorities')
    op.drop_index('ix_authorities_kind_sort_key', table_name='authorities')
    op.drop_table('authorities')
    op.execute("DROP SEQUENCE authority_id_seq")
