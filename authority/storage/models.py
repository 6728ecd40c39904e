"""SQLAlchemy models: the tables of the register.

The schema is built by the Alembic migrations in ``storage/migrations`` (never by
``create_all``); ``tests/integration/storage/test_migrations.py`` checks that these
models and the migrations agree.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Sequence,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from authority.domain.ids import MINTED_ID_START

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with the constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSONB}


class AuthorityModel(Base):
    """The current state of every authority id, including deleted and merged ones."""

    __tablename__ = "authorities"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    quality: Mapped[str | None] = mapped_column(Text)
    content: Mapped[dict[str, Any]]
    """The canonical content: ``{"fields": [...]}`` (domain/content.py)."""
    content_hash: Mapped[str] = mapped_column(Text)
    """Hash of everything a source can set; equal hash = unchanged on reload."""
    heading: Mapped[str] = mapped_column(Text)
    """Display label of the 1XX, kept for listings without parsing ``content``."""
    sort_key: Mapped[str] = mapped_column(Text(collation="C"))
    """Norwegian sort key of the heading (domain/collation.py)."""
    origin: Mapped[str | None] = mapped_column(Text)
    created: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    modified: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revision: Mapped[int] = mapped_column(Integer)
    """Increments on every change: optimistic lock, ETag and index version."""
    vocabulary: Mapped[str | None] = mapped_column(Text)
    """The subject vocabulary (domain/vocabularies.py); None in the name register."""

    __table_args__ = (
        Index("ix_authorities_kind_sort_key", "kind", "sort_key"),
        Index("ix_authorities_modified", "modified"),
        # A vocabulary's ids in order (an OAI-PMH set's pages); the name register,
        # most of the rows, has none and stays out of the index.
        Index("ix_authorities_vocabulary_id", "vocabulary", "id",
              postgresql_where=text("vocabulary IS NOT NULL")),
    )  # fmt: skip


class IdentifierModel(Base):
    """External identifiers, indexed for lookup (derived from each revision's 024s)."""

    __tablename__ = "authority_identifiers"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    authority_id: Mapped[str] = mapped_column(
        Text, ForeignKey("authorities.id", ondelete="CASCADE"), index=True
    )
    scheme: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text)
    """Canonical form."""
    original: Mapped[str] = mapped_column(Text)
    """As received."""
    is_unique: Mapped[bool] = mapped_column(Boolean)
    """The scheme allows one holder per value (x-autid, Handle)."""

    __table_args__ = (
        Index("ix_authority_identifiers_scheme_value", "scheme", "value"),
        Index(
            "uq_authority_identifiers_unique_scheme_value",
            "scheme",
            "value",
            unique=True,
            postgresql_where=text("is_unique"),
        ),
    )


class SearchTermModel(Base):
    """What each authority is found by (domain/search_terms.py), one row per name.

    Written in the same transaction as the authority, so PostgreSQL search is never
    behind. The authority's kind, status, quality, vocabulary and heading are
    repeated on each row, so that a search filters and shows hits without a join.
    """

    __tablename__ = "search_terms"

    authority_id: Mapped[str] = mapped_column(
        Text, ForeignKey("authorities.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    form: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text)
    sort_key: Mapped[str] = mapped_column(Text(collation="C"))
    kind: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    quality: Mapped[str | None] = mapped_column(Text)
    heading: Mapped[str] = mapped_column(Text)
    disambiguation: Mapped[str | None] = mapped_column(Text)
    nationalities: Mapped[list[str]] = mapped_column(ARRAY(Text))
    modified: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    vocabulary: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_search_terms_key_trgm", "key", postgresql_using="gin",
              postgresql_ops={"key": "gin_trgm_ops"}),
        Index("ix_search_terms_key_prefix", "key",
              postgresql_ops={"key": "text_pattern_ops"}),
        Index("ix_search_terms_words", text("to_tsvector('simple', key)"),
              postgresql_using="gin"),
        Index("ix_search_terms_sort_key", "sort_key"),
    )  # fmt: skip


class SearchWordModel(Base):
    """Every word of every search term, once: what a misspelt word is corrected to.

    Read by storage/search/. Filled by a trigger on ``search_terms`` (migration
    0003), never by code.
    """

    __tablename__ = "search_words"

    word: Mapped[str] = mapped_column(Text, primary_key=True)

    __table_args__ = (
        Index("ix_search_words_trgm", "word", postgresql_using="gin",
              postgresql_ops={"word": "gin_trgm_ops"}),
    )  # fmt: skip


class RedirectModel(Base):
    """Merged ids: requests for ``from_id`` are answered by ``to_id``."""

    __tablename__ = "authority_redirects"

    from_id: Mapped[str] = mapped_column(Text, primary_key=True)
    to_id: Mapped[str] = mapped_column(Text, index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RevisionModel(Base):
    """History: every revision's full content, who made it and when."""

    __tablename__ = "authority_revisions"

    authority_id: Mapped[str] = mapped_column(Text, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    merged_into: Mapped[str | None] = mapped_column(Text)
    quality: Mapped[str | None] = mapped_column(Text)
    content: Mapped[dict[str, Any]]
    origin: Mapped[str | None] = mapped_column(Text)
    created: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    modified: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(Text)
    institution: Mapped[str | None] = mapped_column(Text)
    recorded: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ChangeModel(Base):
    """The change log: one row per change, numbered without gaps in commit order."""

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    authority_id: Mapped[str] = mapped_column(Text, index=True)
    revision: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(Text)
    institution: Mapped[str | None] = mapped_column(Text)
    recorded: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # The state the change left, copied from its history row (and the row before)
    # in the same transaction: the feed reads the log alone (migration 0007).
    status: Mapped[str] = mapped_column(Text)
    merged_into: Mapped[str | None] = mapped_column(Text)
    status_before: Mapped[str | None] = mapped_column(Text)


class CounterModel(Base):
    """Named counters updated in place; the row lock makes the change log gap-free."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


MINTED_IDS = Sequence("authority_id_seq", start=MINTED_ID_START, metadata=Base.metadata)
"""New authority ids (domain/ids.py: they start above every legacy id)."""


class TokenModel(Base):
    """An API token (authority token create): its name, role and institution.

    Only the token's SHA-256 is kept; the token itself is shown once, at creation.
    """

    __tablename__ = "api_tokens"

    name: Mapped[str] = mapped_column(Text, primary_key=True)
    role: Mapped[str] = mapped_column(Text)
    institution: Mapped[str | None] = mapped_column(Text)
    token_hash: Mapped[str] = mapped_column(Text, unique=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (CheckConstraint("role IN ('cataloguer', 'admin')", name="role"),)


class WebSessionModel(Base):
    """A workbench session (``authority.web.session``): signed in, maybe ended.

    The cookie holds only ``id``; signing out sets ``ended``, so a copy of the cookie
    is refused from then on. Rows older than a session may last are deleted when
    someone signs in.
    """

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    via: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text)
    signed_in: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ended: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
