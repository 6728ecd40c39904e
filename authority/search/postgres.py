"""Search in PostgreSQL: the ``search_terms`` rows, pg_trgm and full-text prefixes.

The rows are written in the authority's own transaction (storage/repository.py), so
this backend is never behind and has nothing to index after a commit. A term
matches when every word of the query is the start of one of its words (full text
with prefix queries over the folded key: word order and punctuation do not matter),
or when the query is close to a word run in it (pg_trgm's word similarity: one
typo). Both are served by GIN indexes. The rank puts an exact term first, then a
term that starts with the query, then word matches, then typo matches; a heading
above a variant; kat3 above kat2 above kat1; and, the rest being equal, the term
whose length is closest to the query's (``eirik nilsen`` is Nilsen, Eirik before
Nilsen, Eirik Wojtko).

Queries are bound parameters and tsquery terms are quoted words (the key holds
letters, digits and spaces only), so nothing a user types reaches SQL or tsquery
syntax.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from authority.domain import Authority, Kind, QualityLevel, Status
from authority.domain.collation import sort_key
from authority.domain.search_terms import search_key
from authority.search.model import (
    BrowseEntry,
    Hit,
    IndexReport,
    SearchQuery,
    SearchResults,
    Sort,
    Suggestion,
)

RANK = """
    CASE WHEN t.key = :key THEN 100 WHEN t.key LIKE :prefix THEN 50 ELSE 0 END
    + CASE WHEN to_tsvector('simple', t.key) @@ to_tsquery('simple', :words)
           THEN 30 ELSE 0 END
    + 20 * word_similarity(:key, t.key)
    + CASE t.form WHEN 'heading' THEN 6 WHEN 'label' THEN 3 ELSE 0 END
    + CASE t.quality WHEN 'kat3' THEN 3 WHEN 'kat2' THEN 2 WHEN 'kat1' THEN 1
           ELSE 0 END
    - least(10, 0.3 * abs(length(t.key) - length(:key)))
"""
"""How well a term fits the query (see the module docstring)."""

MATCHES = f"""
    SELECT DISTINCT ON (t.authority_id)
           t.authority_id, t.form, t.label, t.heading, t.kind, t.status,
           t.quality, t.disambiguation, t.nationalities, {RANK} AS rank
    FROM search_terms t
    WHERE (to_tsvector('simple', t.key) @@ to_tsquery('simple', :words)
           OR :key <% t.key)
      AND (cardinality(CAST(:kinds AS text[])) = 0 OR t.kind = ANY(:kinds))
      AND (cardinality(CAST(:qualities AS text[])) = 0
           OR t.quality = ANY(:qualities))
      AND t.status = ANY(:statuses)
    ORDER BY t.authority_id, rank DESC, t.position
"""  # noqa: S608 - RANK is ours; every value is a bound parameter
"""Every matching authority once, through its best-fitting term."""

ORDERS = {
    Sort.RELEVANCE: "m.rank DESC, a.sort_key, a.id",
    Sort.HEADING: "a.sort_key, a.id",
    Sort.MODIFIED: "a.modified DESC NULLS LAST, a.id",
}

FACETS = {
    "kind": "SELECT kind, count(*) FROM matches GROUP BY 1",
    "quality": "SELECT coalesce(quality, 'none'), count(*) FROM matches GROUP BY 1",
    "status": "SELECT status, count(*) FROM matches GROUP BY 1",
    "nationality": "SELECT n, count(*) FROM matches, unnest(nationalities) n "
    "GROUP BY 1",
}


WORD_SIMILARITY = 0.5
"""pg_trgm's ``<%`` threshold: 0.5 lets one typo through (``rowlng`` ~ Rowling is
0.57), where the default 0.6 does not."""


class PostgresSearch:
    """The default backend, over the database's read sessions."""

    transactional = True

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits, total and facets in one round of statements."""
        params = {**_text_params(query.text), **_filters(query)}
        page = f"""
            WITH matches AS ({MATCHES})
            SELECT m.*, a.created, a.modified, count(*) OVER () AS total
            FROM matches m JOIN authorities a ON a.id = m.authority_id
            ORDER BY {ORDERS[query.sort]} LIMIT :size OFFSET :offset
        """  # noqa: S608 - fixed fragments of ours; values are bound
        with self._sessions() as session:
            session.execute(
                text(f"SET pg_trgm.word_similarity_threshold = {WORD_SIMILARITY}")
            )
            rows = session.execute(
                text(page), {**params, "size": query.size, "offset": query.offset}
            ).all()
            total = rows[0].total if rows else self._count(session, params)
            facets = {
                name: {str(v): n for v, n in session.execute(
                    text(f"WITH matches AS ({MATCHES}) {sql}"), params)}
                for name, sql in FACETS.items()
            } if total else {}  # fmt: skip
        return SearchResults(total, tuple(_hit(r) for r in rows), facets)

    def _count(self, session: Session, params: dict[str, Any]) -> int:
        count = f"WITH matches AS ({MATCHES}) SELECT count(*) FROM matches"  # noqa: S608
        return int(session.execute(text(count), params).scalar_one())

    def suggest(
        self, query_text: str, kinds: Sequence[Kind], limit: int
    ) -> list[Suggestion]:
        """Terms that start with the query, or whose words start with its words."""
        params = {**_text_params(query_text), "kinds": [k.value for k in kinds]}
        sql = f"""
            SELECT * FROM (
                SELECT DISTINCT ON (t.authority_id)
                       t.authority_id, t.kind, t.form, t.label, t.heading,
                       t.disambiguation, {RANK} AS rank
                FROM search_terms t
                WHERE (t.key LIKE :prefix
                       OR to_tsvector('simple', t.key) @@ to_tsquery('simple', :words))
                  AND t.status = 'active' AND t.form <> 'label'
                  AND (cardinality(CAST(:kinds AS text[])) = 0 OR t.kind = ANY(:kinds))
                ORDER BY t.authority_id, rank DESC, t.position
            ) s ORDER BY rank DESC, length(heading), authority_id LIMIT :limit
        """  # noqa: S608 - RANK is ours; every value is a bound parameter
        with self._sessions() as session:
            rows = session.execute(text(sql), {**params, "limit": limit}).all()
        return [
            Suggestion(
                r.authority_id,
                Kind(r.kind),
                r.heading,
                r.disambiguation,
                r.label if r.form != "heading" else None,
            )
            for r in rows
        ]

    def browse(
        self, start: str, kinds: Sequence[Kind], limit: int, forward: bool
    ) -> list[BrowseEntry]:
        """Headings and see-entries in Norwegian order from ``start``."""
        direction = (">=", "") if forward else ("<", " DESC")
        sql = f"""
            SELECT authority_id, form, label, heading, sort_key FROM search_terms
            WHERE sort_key {direction[0]} :start AND status = 'active'
              AND form <> 'label'
              AND (cardinality(CAST(:kinds AS text[])) = 0 OR kind = ANY(:kinds))
            ORDER BY sort_key{direction[1]}, authority_id{direction[1]},
                     position{direction[1]}
            LIMIT :limit
        """  # noqa: S608 - only our two fixed directions are interpolated
        params = {"start": sort_key(start), "kinds": [k.value for k in kinds]}
        with self._sessions() as session:
            rows = session.execute(text(sql), {**params, "limit": limit}).all()
        entries = [
            BrowseEntry(r.label, r.sort_key, r.authority_id, r.heading,
                        see=r.form != "heading")
            for r in rows
        ]  # fmt: skip
        return entries if forward else entries[::-1]

    def lookup(self, label: str, kinds: Sequence[Kind]) -> list[str]:
        """Active authorities with a heading or variant equal to ``label`` (folded)."""
        sql = """
            SELECT DISTINCT authority_id FROM search_terms
            WHERE key = :key AND status = 'active' AND form <> 'label'
              AND (cardinality(CAST(:kinds AS text[])) = 0 OR kind = ANY(:kinds))
            ORDER BY authority_id
        """
        params = {"key": search_key(label), "kinds": [k.value for k in kinds]}
        with self._sessions() as session:
            return list(session.scalars(text(sql), params))

    def index(self, authorities: Sequence[Authority]) -> None:
        """Nothing to do: the terms were written with the authorities."""

    def remove(self, ids: Sequence[str]) -> None:
        """Nothing to do: the terms follow their authorities."""

    def create(self) -> str:
        """Nothing to make: the migrations made the table."""
        return "search_terms"

    def rebuild(self, authorities: Iterable[Authority]) -> int:
        """Not this backend's to do: the service rewrites the terms in storage."""
        raise NotImplementedError("PostgreSQL terms are rebuilt by the service")

    def check(self, expected: Mapping[str, int]) -> IndexReport:
        """Not this backend's to do: the service compares the tables."""
        raise NotImplementedError("PostgreSQL terms are checked by the service")


def _text_params(query_text: str) -> dict[str, str]:
    key = search_key(query_text)
    words = " & ".join(f"'{word}':*" for word in key.split())
    return {"key": key, "prefix": _like_prefix(key), "words": words}


def _like_prefix(key: str) -> str:
    # The key has no LIKE wildcards (only letters, digits, spaces); escape anyway.
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _filters(query: SearchQuery) -> dict[str, list[str]]:
    return {
        "kinds": [k.value for k in query.kinds],
        "qualities": [q.value for q in query.qualities],
        "statuses": [s.value for s in query.statuses],
    }


def _hit(row: Any) -> Hit:
    return Hit(
        id=row.authority_id,
        kind=Kind(row.kind),
        label=row.heading,
        status=Status(row.status),
        quality=QualityLevel(row.quality) if row.quality else None,
        created=row.created,
        modified=row.modified,
        disambiguation=row.disambiguation,
        matched=row.label if row.form != "heading" else None,
    )
