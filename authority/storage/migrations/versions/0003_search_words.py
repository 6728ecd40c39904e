"""Search words: the words of every search term, once each, for typo correction.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

A query word that matches no term is corrected to the words of this table that
are closest to it by trigrams (storage/search/), the way PostgreSQL's pg_trgm
documentation proposes: a trigram index over a table of distinct words is small
and fast, where a trigram match over every term (1.3 million at a million
authorities) took tens of milliseconds.

A statement trigger fills the table from the rows each INSERT or COPY puts into
``search_terms`` (a transition table), so the one-by-one and the bulk write paths
need no code of their own. Words are never removed when terms go: a word that no
term holds any more only offers a correction that then matches nothing.
"""

from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

FUNCTION = """
CREATE FUNCTION search_words_from_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_words (word)
    SELECT DISTINCT w FROM new_terms, unnest(string_to_array(new_terms.key, ' ')) w
    WHERE w <> ''
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$
"""

TRIGGER = """
CREATE TRIGGER search_words_from_terms AFTER INSERT ON search_terms
REFERENCING NEW TABLE AS new_terms
FOR EACH STATEMENT EXECUTE FUNCTION search_words_from_terms()
"""


def upgrade() -> None:
    op.create_table('search_words',
    sa.Column('word', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('word', name=op.f('pk_search_words'))
    )
    op.create_index('ix_search_words_trgm', 'search_words', ['word'], unique=False, postgresql_using='gin', postgresql_ops={'word': 'gin_trgm_ops'})
    op.execute(FUNCTION)
    op.execute(TRIGGER)
    op.execute(
        "INSERT INTO search_words (word) SELECT DISTINCT w FROM search_terms, "
        "unnest(string_to_array(key, ' ')) w WHERE w <> '' ON CONFLICT DO NOTHING"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER search_words_from_terms ON search_terms")
    op.execute("DROP FUNCTION search_words_from_terms()")
    op.drop_table('search_words')
