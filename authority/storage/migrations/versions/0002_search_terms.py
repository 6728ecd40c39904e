"""Search terms: what each authority is found by, for PostgreSQL search.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

A register loaded before this migration has no terms yet: ``authority index
rebuild`` writes them from the stored authorities (README, "Search").
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('search_terms',
    sa.Column('authority_id', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('form', sa.Text(), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('sort_key', sa.Text(collation='C'), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('quality', sa.Text(), nullable=True),
    sa.Column('heading', sa.Text(), nullable=False),
    sa.Column('disambiguation', sa.Text(), nullable=True),
    sa.Column('nationalities', postgresql.ARRAY(sa.Text()), nullable=False),
    sa.Column('modified', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['authority_id'], ['authorities.id'], name=op.f('fk_search_terms_authority_id_authorities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('authority_id', 'position', name=op.f('pk_search_terms'))
    )
    op.create_index('ix_search_terms_key_trgm', 'search_terms', ['key'], unique=False, postgresql_using='gin', postgresql_ops={'key': 'gin_trgm_ops'})
    op.create_index('ix_search_terms_key_prefix', 'search_terms', ['key'], unique=False, postgresql_ops={'key': 'text_pattern_ops'})
    op.create_index('ix_search_terms_words', 'search_terms', [sa.text("to_tsvector('simple', key)")], unique=False, postgresql_using='gin')
    op.create_index('ix_search_terms_sort_key', 'search_terms', ['sort_key'], unique=False)


def downgrade() -> None:
    op.drop_table('search_terms')
