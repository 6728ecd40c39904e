"""API tokens: who may write, in which role, for which institution.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Only a token's SHA-256 is stored: a token is 32 random bytes, so a fast hash is
as safe as a slow one, and a lookup by hash is one index probe per request.
"""

from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('api_tokens',
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('institution', sa.Text(), nullable=True),
    sa.Column('token_hash', sa.Text(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('cataloguer', 'admin')", name=op.f('ck_api_tokens_role')),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )


def downgrade() -> None:
    op.drop_table('api_tokens')
