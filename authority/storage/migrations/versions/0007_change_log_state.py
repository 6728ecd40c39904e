"""The change log keeps the state each change left, so the feed reads one table.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

The change feed tells Create from Update, Delete and Move by the status the change
left, its survivor, and the status of the revision before it. Read by joining each
change to two history rows, that cost the feed more than half its speed; kept in
the change row itself (written in the same transaction as the history row, from
the same values), the feed reads the log alone by its primary key.

The backfill is one set-based UPDATE from the history (hash joins, one pass:
fine at millions of changes); the same join the feed made until now, so existing
changes publish as they did. Every change has its history row (written together),
so ``status`` is then filled everywhere and becomes NOT NULL; a row without one
stops the upgrade with its count (the migration runs in one transaction: nothing
is left half done). The table is locked for writes and reads for the whole
backfill: run it in a maintenance window (README, "For data users").
"""

from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

BACKFILL = """
UPDATE change_log AS c
SET status = r.status, merged_into = r.merged_into, status_before = p.status
FROM authority_revisions AS r
LEFT JOIN authority_revisions AS p
    ON p.authority_id = r.authority_id AND p.revision = r.revision - 1
WHERE r.authority_id = c.authority_id AND r.revision = c.revision
"""


def upgrade() -> None:
    op.add_column('change_log', sa.Column('status', sa.Text(), nullable=True))
    op.add_column('change_log', sa.Column('merged_into', sa.Text(), nullable=True))
    op.add_column('change_log', sa.Column('status_before', sa.Text(), nullable=True))
    op.execute(BACKFILL)
    orphans = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM change_log WHERE status IS NULL")
    )
    if orphans:  # said plainly, not as NOT NULL's "column contains null values"
        raise RuntimeError(
            f"{orphans} change-log rows have no history row to take their status "
            "from (SELECT seq, authority_id, revision FROM change_log WHERE status "
            "IS NULL); nothing was changed"
        )
    op.alter_column('change_log', 'status', nullable=False)


def downgrade() -> None:
    op.drop_column('change_log', 'status_before')
    op.drop_column('change_log', 'merged_into')
    op.drop_column('change_log', 'status')
