"""Bulk writes: a batch of authorities in a few statements, rows sent with ``COPY``.

The same rows as :class:`~authority.storage.repository.AuthorityRepository` writes one
by one — the authority, its identifiers, its redirect, a history row and a change-log
row each — but for a whole batch at once, inside the caller's transaction. The
migration writes millions of records; one statement per row would spend its time on
round trips (``COPY`` moves the same rows about twenty times faster).

A replaced authority's row is deleted and copied in again (its identifier rows go
with it, by cascade): one write path for new and changed records.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import Connection
from sqlalchemy import text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from authority.domain import Actor, Authority
from authority.domain.collation import sort_key
from authority.domain.history import Write
from authority.domain.vocabularies import vocabulary
from authority.errors import ConcurrentWriteError
from authority.storage.faults import is_unavailable, unavailable
from authority.storage.models import CounterModel
from authority.storage.repository import (
    INDEX_COLUMNS,
    RELATION_SCHEME,
    SEARCH_COLUMNS,
    index_rows,
    search_rows,
)

AUTHORITY_COLUMNS = (
    "id, kind, status, quality, content, content_hash, heading, sort_key, origin, "
    "created, modified, revision, vocabulary"
)
REVISION_COLUMNS = (
    "authority_id, revision, action, kind, status, merged_into, quality, content, "
    "origin, created, modified, actor, institution, recorded"
)

CHANGE_COLUMNS = (
    "seq, authority_id, revision, action, actor, institution, recorded, status, "
    "merged_into, status_before"
)


@dataclass(frozen=True)
class Stored:
    """What a batch needs to know about a stored authority before replacing it."""

    content_hash: str
    revision: int
    created: datetime | None
    modified: datetime | None


class BulkRepository:
    """Batch reads and writes within one session's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def stored(self, ids: Sequence[str]) -> dict[str, Stored]:
        """The stored state of those ``ids`` that exist, their rows locked to commit.

        The lock keeps a concurrent edit from slipping in between this read and the
        batch's write (the one-by-one path has the revision check for that).
        """
        rows = self.session.execute(
            text(
                "SELECT id, content_hash, revision, created, modified FROM authorities "
                "WHERE id = ANY(:ids) FOR UPDATE"
            ),
            {"ids": list(ids)},
        )
        return {
            r.id: Stored(r.content_hash, r.revision, r.created, r.modified)
            for r in rows
        }

    def unique_holders(
        self, pairs: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], str]:
        """(scheme, value) -> the authority holding it, for unique schemes."""
        wanted = list(pairs)
        if not wanted:
            return {}
        # Arrays joined to the index, not a row-value IN list: one index probe per
        # pair, where IN (...) of a few hundred pairs made PostgreSQL scan.
        rows = self.session.execute(
            text(
                "SELECT i.scheme, i.value, i.authority_id "
                "FROM unnest(CAST(:schemes AS text[]), CAST(:values AS text[])) "
                "AS wanted(scheme, value) "
                "JOIN authority_identifiers i "
                "ON i.scheme = wanted.scheme AND i.value = wanted.value "
                "WHERE i.is_unique"
            ),
            {"schemes": [p[0] for p in wanted], "values": [p[1] for p in wanted]},
        )
        return {(row.scheme, row.value): row.authority_id for row in rows}

    def write(self, writes: Sequence[Write], actor: Actor) -> None:
        """Store every authority of ``writes`` with its history and change-log rows.

        Raises ConcurrentWriteError when a unique identifier was taken by another
        transaction after the caller checked it; the transaction is then unusable.
        """
        if not writes:
            return
        try:
            self._write(writes, actor)
        except (IntegrityError, psycopg.IntegrityError) as error:
            raise ConcurrentWriteError(str(error).splitlines()[0]) from error
        except psycopg.Error as error:  # COPY's own, which the engine never sees
            if not is_unavailable(error):
                raise
            url = self.session.get_bind().engine.url
            raise unavailable(error, url.render_as_string()) from error

    def _write(self, writes: Sequence[Write], actor: Actor) -> None:
        # A load is resumable: if the server crashes, the last few batches it had
        # acknowledged may be lost, and the rerun writes them again. Not waiting
        # for the disk on each batch's commit is worth that.
        self.session.execute(text("SET LOCAL synchronous_commit = off"))
        ids = {"ids": [w.authority.id for w in writes]}
        self.session.execute(text("DELETE FROM authorities WHERE id = ANY(:ids)"), ids)
        self.session.execute(
            text("DELETE FROM authority_redirects WHERE from_id = ANY(:ids)"), ids
        )
        before = self._statuses_before(writes)
        first_seq = self._take_change_seqs(len(writes))
        now = datetime.now(UTC)
        connection = self._driver_connection()
        with connection.cursor() as cursor:
            _copy(cursor, "authorities", AUTHORITY_COLUMNS, map(_authority_row, writes))
            _copy(
                cursor,
                "authority_identifiers",
                ", ".join(INDEX_COLUMNS),
                (row for w in writes for row in index_rows(w.authority)),
            )
            _copy(
                cursor,
                "search_terms",
                ", ".join(SEARCH_COLUMNS),
                (row for w in writes for row in search_rows(w.authority)),
            )
            _copy(
                cursor,
                "authority_redirects",
                "from_id, to_id, created",
                (
                    (w.authority.id, w.authority.merged_into, now)
                    for w in writes
                    if w.authority.merged_into
                ),
            )
            _copy(
                cursor,
                "authority_revisions",
                REVISION_COLUMNS,
                (_revision_row(w, actor, now) for w in writes),
            )
            _copy(
                cursor,
                "change_log",
                CHANGE_COLUMNS,
                (
                    (
                        seq,
                        w.authority.id,
                        w.authority.revision,
                        w.action,
                        actor.name,
                        actor.institution,
                        now,
                        w.authority.status.value,
                        w.authority.merged_into,
                        before.get(w.authority.id),
                    )
                    for seq, w in enumerate(writes, first_seq)
                ),  # fmt: skip
            )

    def rewrite_search_terms(self, authorities: Sequence[Authority]) -> None:
        """These authorities' search terms and relation targets, written again.

        An index rebuild's step: both are derived from the stored records (and a
        register loaded before relation targets were indexed gets them so).
        """
        ids = {"ids": [a.id for a in authorities], "scheme": RELATION_SCHEME}
        self.session.execute(
            text("DELETE FROM search_terms WHERE authority_id = ANY(:ids)"), ids
        )
        self.session.execute(
            text(
                "DELETE FROM authority_identifiers "
                "WHERE authority_id = ANY(:ids) AND scheme = :scheme"
            ),
            ids,
        )
        with self._driver_connection().cursor() as cursor:
            _copy(
                cursor,
                "search_terms",
                ", ".join(SEARCH_COLUMNS),
                (row for a in authorities for row in search_rows(a)),
            )
            _copy(
                cursor,
                "authority_identifiers",
                ", ".join(INDEX_COLUMNS),
                (
                    row
                    for a in authorities
                    for row in index_rows(a)
                    if row[1] == RELATION_SCHEME
                ),
            )

    def _statuses_before(self, writes: Sequence[Write]) -> dict[str, str]:
        """The status of the revision before the one each write stores, by id.

        What the change log keeps as ``status_before`` (the one-by-one path reads
        the same history row); a first revision has none, and a load of new
        records asks nothing.
        """
        later = [w.authority for w in writes if w.authority.revision > 1]
        if not later:
            return {}
        rows = self.session.execute(
            text(
                "SELECT r.authority_id, r.status "
                "FROM unnest(CAST(:ids AS text[]), CAST(:revisions AS integer[])) "
                "AS w(id, revision) JOIN authority_revisions r "
                "ON r.authority_id = w.id AND r.revision = w.revision - 1"
            ),
            {"ids": [a.id for a in later], "revisions": [a.revision for a in later]},
        )
        return {row.authority_id: row.status for row in rows}

    def _take_change_seqs(self, count: int) -> int:
        """The first of ``count`` consecutive change-log numbers, locked to commit."""
        last = self.session.scalar(
            update(CounterModel)
            .where(CounterModel.name == "change_log")
            .values(value=CounterModel.value + count)
            .returning(CounterModel.value)
        )
        if last is None:
            raise RuntimeError("counter row missing: run `authority db upgrade`")
        return int(last) - count + 1

    def _driver_connection(self) -> Connection[Any]:
        # COPY is psycopg's, not SQLAlchemy's: the session's own connection, so the
        # copied rows are part of the caller's transaction.
        driver = self.session.connection().connection.driver_connection
        if not isinstance(driver, Connection):
            raise RuntimeError("bulk writes need the psycopg (3) driver")
        return driver


def _copy(
    cursor: Any, table: str, columns: str, rows: Iterable[tuple[Any, ...]]
) -> None:
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _authority_row(write: Write) -> tuple[Any, ...]:
    a = write.authority
    label = a.label
    return (
        a.id,
        a.kind.value,
        a.status.value,
        a.quality.value if a.quality else None,
        a.content_json,
        write.content_hash,
        label,
        sort_key(label),
        a.provenance.origin,
        a.provenance.created,
        a.provenance.modified,
        a.revision,
        vocabulary(a),
    )


def _revision_row(write: Write, actor: Actor, now: datetime) -> tuple[Any, ...]:
    a = write.authority
    return (
        a.id,
        a.revision,
        write.action,
        a.kind.value,
        a.status.value,
        a.merged_into,
        a.quality.value if a.quality else None,
        a.content_json,
        a.provenance.origin,
        a.provenance.created,
        a.provenance.modified,
        actor.name,
        actor.institution,
        now,
    )
