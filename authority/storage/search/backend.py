"""The PostgreSQL search backend: its queries and its index operations.

The package docstring says how a search is answered; statements.py holds the SQL
and parameters.py what is bound to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

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
from authority.storage.bulk import BulkRepository
from authority.storage.database import Database
from authority.storage.search.parameters import (
    CORRECTIONS_PER_WORD,
    COUNT_LIMIT,
    SUGGEST_CANDIDATES,
    correctable,
    filters,
    text_params,
    typo_params,
)
from authority.storage.search.statements import (
    CORRECTIONS_STATEMENT,
    EXTRA_TERMS,
    FACETS,
    REMOVE_TERMS,
    SEARCH,
    SUGGEST_STATEMENT,
    TERM_GAPS,
    WORDLESS,
)

BATCH = 500
"""Authorities whose terms a rebuild writes per transaction."""


class PostgresSearch:
    """:class:`authority.search.SearchBackend` over the database's own tables."""

    transactional = True
    """The terms are written in the authority's own transaction."""

    def __init__(self, database: Database, count_limit: int = COUNT_LIMIT) -> None:
        """A backend that reads with ``database``'s read sessions.

        Args:
            database: Its read sessions answer searches; its sessions write the
                terms again when an index operation asks.
            count_limit: Matches a relevance search counts at most.
        """
        self._sessions = database.read_sessions
        self._writing = database.sessions
        self.count_limit = count_limit

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits, total and facets in one statement (two when words need correcting)."""
        if not query.text.strip():
            return self._wordless(query)
        enough = max(self.count_limit, query.offset + query.size)
        params: dict[str, Any] = {
            **text_params(query.text),
            **filters(query),
            "lows": [],
            "highs": [],
            "typos": None,
            # Sorted by heading or date, the first hits could be any of the matches.
            "enough": enough if query.sort is Sort.RELEVANCE else None,
            "size": query.size,
            "offset": query.offset,
        }
        statement = SEARCH[query.sort]
        with self._sessions() as session:
            row = session.execute(statement, params).one()
            if row.total < query.size:
                words = params["key"].split()
                corrections = self._corrections(session, words)
                if corrections:
                    params |= typo_params(words, corrections)
                    row = session.execute(statement, params).one()
        counted = (row.prefix, row.words, row.typos)
        exact = params["enough"] is None or max(counted) < params["enough"]
        facets = {name: dict(getattr(row, name)) for name in FACETS}
        return SearchResults(
            row.total,
            tuple(_hit(h) for h in row.hits),
            facets if row.total else {},
            exact,
        )

    def _wordless(self, query: SearchQuery) -> SearchResults:
        """A query of filters only: every match counted, the total exact."""
        params = {**filters(query), "size": query.size, "offset": query.offset}
        with self._sessions() as session:
            row = session.execute(WORDLESS[query.sort], params).one()
        facets = {name: dict(getattr(row, name)) for name in FACETS}
        return SearchResults(
            row.total, tuple(_hit(h) for h in row.hits), facets if row.total else {}
        )

    def _corrections(self, session: Session, words: list[str]) -> dict[str, list[str]]:
        """The closest vocabulary words to each query word that has any."""
        rows = session.execute(
            CORRECTIONS_STATEMENT,
            {"words": [w for w in words if correctable(w)],
             "per_word": CORRECTIONS_PER_WORD},
        ).all()  # fmt: skip
        corrections: dict[str, list[str]] = {}
        for word, correction in rows:
            corrections.setdefault(word, []).append(correction)
        return corrections

    def suggest(
        self, query_text: str, kinds: Sequence[Kind], limit: int
    ) -> list[Suggestion]:
        """Terms that start with the query, or whose words start with its words."""
        params = {
            **text_params(query_text, half_typed=True),
            "kinds": [k.value for k in kinds],
            "limit": limit,
            "enough": max(SUGGEST_CANDIDATES, 4 * limit),
        }
        with self._sessions() as session:
            rows = session.execute(SUGGEST_STATEMENT, params).all()
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

    # Index operations (the CLI's ``authority index ...``)

    def index(self, authorities: Sequence[Authority]) -> None:
        """Write these authorities' terms again, in one transaction.

        A repair's and a rebuild's step: the terms were written with the
        authorities. The relation targets of the identifier index are derived
        from the stored record too, and come with them (bulk.py).
        """
        if not authorities:
            return
        with self._writing.begin() as session:
            BulkRepository(session).rewrite_search_terms(authorities)

    def remove(self, ids: Sequence[str]) -> None:
        """Drop the terms of these ids (a repair's step: ids not expected)."""
        if not ids:
            return
        with self._writing.begin() as session:
            session.execute(REMOVE_TERMS, {"ids": list(ids)})

    def create(self) -> str:
        """Nothing to make: the migrations made the table."""
        return "search_terms"

    def rebuild(self, authorities: Iterable[Authority]) -> int:
        """Write the terms of ``authorities`` again, a batch per transaction.

        Searches go on meanwhile: a batch's terms change in one commit. Terms of
        ids not among ``authorities`` stay as they are: an authority created
        during the rebuild, after the stream passed its id, has its terms from
        its own transaction. Returns how many were written.
        """
        count, batch = 0, []
        for authority in authorities:
            batch.append(authority)
            if len(batch) == BATCH:
                self.index(batch)
                count, batch = count + len(batch), []
        self.index(batch)
        return count + len(batch)

    def check(self, expected: Mapping[str, int]) -> IndexReport:
        """The terms against ``expected`` (id -> revision in the database).

        The terms hold no revision; they are compared with the authority rows
        they are derived from, which are written with them. Missing: an expected
        id with a heading but no terms. Stale: terms that say another kind,
        status, quality, heading, modification time or vocabulary than the
        authority's row (written from an older revision). Extra: terms of an id
        not expected.
        """
        ids = {"ids": list(expected)}
        with self._sessions() as session:
            gaps = session.execute(TERM_GAPS, ids).all()
            extra = list(session.scalars(EXTRA_TERMS, ids))
        return IndexReport(
            expected=len(expected),
            missing=[id_ for id_, missing in gaps if missing],
            stale=[id_ for id_, missing in gaps if not missing],
            extra=extra,
        )


def _hit(row: dict[str, Any]) -> Hit:
    """A hit from the statement's JSON page (dates as ISO 8601 text)."""
    return Hit(
        id=row["authority_id"],
        kind=Kind(row["kind"]),
        label=row["heading"],
        status=Status(row["status"]),
        quality=QualityLevel(row["quality"]) if row["quality"] else None,
        created=_datetime(row["created"]),
        modified=_datetime(row["modified"]),
        disambiguation=row["disambiguation"],
        matched=row["label"] if row["form"] != "heading" else None,
    )


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
