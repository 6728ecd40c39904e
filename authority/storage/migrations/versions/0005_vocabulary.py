"""The subject vocabulary of every authority, for search filters and OAI-PMH sets.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07

``authorities.vocabulary`` (indexed with the id, for a set's pages) and
``search_terms.vocabulary`` (a filter and facet of search, like kind and quality)
hold what ``domain/vocabularies.vocabulary`` says: the first 040 $f, trimmed and
in lower case, unless it is empty or the name register's own code.

An existing register is filled in here. Two million rows are too many to read
into Python, so the rule runs in SQL wherever SQL states it exactly: a code of
ASCII characters, trimmed of Python's ASCII whitespace and lowered letter by
letter (``lower()`` follows the database's locale; Python's ``str.lower`` and
``str.strip`` know all of Unicode). The rare code with other characters is read
into Python in batches and given the domain's own answer. Adding the nullable
columns rewrites nothing; only the rows that have a vocabulary are updated.
"""

from alembic import op
import sqlalchemy as sa

from authority.domain import Authority, Kind
from authority.domain.vocabularies import REGISTER_CODES, vocabulary

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

BATCH = 1000

FIRST_CODE = """
    SELECT s.value ->> 1
    FROM jsonb_array_elements(a.content -> 'fields') WITH ORDINALITY f(field, i)
    CROSS JOIN LATERAL
         jsonb_array_elements(f.field -> 'subfields') WITH ORDINALITY s(value, j)
    WHERE f.field ->> 'tag' = '040' AND s.value ->> 0 = 'f'
    ORDER BY f.i, s.j LIMIT 1
"""
"""An authority's (``a``) first 040 $f as stored, or NULL."""

ASCII_WHITESPACE = "".join(c for c in map(chr, range(128)) if c.isspace())
"""What ``str.strip`` takes off among the ASCII characters."""

_codes = f"SELECT a.id, ({FIRST_CODE}) AS raw FROM authorities a"
_trimmed = (
    "translate(btrim(raw, :space), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
    "'abcdefghijklmnopqrstuvwxyz')"
)
ASCII_CODES = f"""
    UPDATE authorities a SET vocabulary = c.code
    FROM (SELECT id, {_trimmed} AS code FROM ({_codes}) r
          WHERE raw IS NOT NULL AND octet_length(raw) = char_length(raw)) c
    WHERE a.id = c.id AND c.code <> '' AND c.code <> ALL(:register)
"""  # noqa: S608 - fixed text; values are bound
"""The rule in SQL, for codes of ASCII characters (in UTF-8: one byte each)."""

OTHER_IDS = f"""
    CREATE TEMPORARY TABLE vocabulary_other ON COMMIT DROP AS
    SELECT id FROM ({_codes}) r
    WHERE raw IS NOT NULL AND octet_length(raw) <> char_length(raw)
"""  # noqa: S608 - fixed text
"""The authorities whose code SQL cannot fold as Python does (found in one pass)."""

OTHER_CODES = """
    SELECT a.id, a.kind, a.content FROM vocabulary_other o JOIN authorities a USING (id)
    WHERE a.id > :after ORDER BY a.id LIMIT :batch
"""
"""A batch of them, in id order after ``:after``."""

TERMS = """
    UPDATE search_terms t SET vocabulary = a.vocabulary FROM authorities a
    WHERE a.id = t.authority_id AND a.vocabulary IS NOT NULL
"""


def upgrade() -> None:
    op.add_column('authorities', sa.Column('vocabulary', sa.Text(), nullable=True))
    op.add_column('search_terms', sa.Column('vocabulary', sa.Text(), nullable=True))
    connection = op.get_bind()
    connection.execute(
        sa.text(ASCII_CODES),
        {"space": ASCII_WHITESPACE, "register": sorted(REGISTER_CODES)},
    )
    _other_codes(connection)
    connection.execute(sa.text(TERMS))
    op.create_index('ix_authorities_vocabulary_id', 'authorities', ['vocabulary', 'id'], unique=False, postgresql_where=sa.text('vocabulary IS NOT NULL'))


def _other_codes(connection: sa.Connection) -> None:
    connection.execute(sa.text(OTHER_IDS))
    after = ""
    while True:
        rows = connection.execute(
            sa.text(OTHER_CODES), {"after": after, "batch": BATCH}
        ).all()
        if not rows:
            return
        for row in rows:
            fields = Authority.fields_from_content(row.content)
            code = vocabulary(Authority(row.id, Kind(row.kind), fields))
            connection.execute(
                sa.text("UPDATE authorities SET vocabulary = :code WHERE id = :id"),
                {"code": code, "id": row.id},
            )
        after = rows[-1].id


def downgrade() -> None:
    op.drop_index('ix_authorities_vocabulary_id', table_name='authorities', postgresql_where=sa.text('vocabulary IS NOT NULL'))
    op.drop_column('search_terms', 'vocabulary')
    op.drop_column('authorities', 'vocabulary')
