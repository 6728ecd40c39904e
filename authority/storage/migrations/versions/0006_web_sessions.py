"""Workbench sessions kept server-side, so that signing out ends a copied cookie.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

The session cookie holds a random id only; ``web_sessions`` says who signed in
(how, and the key to find them again: a token's hash), when, and when the session
was ended by signing out. A new, empty table: nothing existing is rewritten.
"""

from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('web_sessions',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('via', sa.Text(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('signed_in', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_sessions'))
    )
    op.create_index(op.f('ix_web_sessions_signed_in'), 'web_sessions', ['signed_in'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_web_sessions_signed_in'), table_name='web_sessions')
    op.drop_table('web_sessions')
