"""Search in PostgreSQL: the ``search_terms`` rows, a btree, full text and pg_trgm.

The rows are written in the authority's own transaction (storage/repository.py), so
this backend is never behind and has nothing to index after a commit.

A query is folded to its search key. A term is a candidate when its key starts
with the query's (the ``text_pattern_ops`` btree, read in key order), or when it
has every word of the query (full text over the key, a GIN index: word order and
punctuation do not matter; in a suggest the last word may be half typed). Only
when those give fewer than a page is each query word of three letters or more
corrected to the closest words of ``search_words`` (pg_trgm over the vocabulary,
the recipe of pg_trgm's documentation), and terms with the corrected words join
in: one typo.

Every branch is bounded. A million authorities hold tens of thousands of terms
with a common first name, and ranking or counting them all took seconds. A
relevance search counts at most COUNT_LIMIT matches (the total is then a lower
bound, flagged ``exact=False``, and the facets count those); the prefix branch
still brings the exact and the closest keys, so the top of the list is the same.
Sorted by heading or date every match counts, since any of them could be first.

The rank puts an exact key first, then a key that starts with the query, then
word matches, then corrected ones (closer by trigrams first); a heading above a
variant; kat3 above kat2 above kat1; and, the rest being equal, the term whose
length is closest to the query's (``eirik nilsen`` is Nilsen, Eirik before
Nilsen, Eirik Wojtko).

Queries are bound parameters and tsquery terms are quoted words (the key holds
letters, digits and spaces only), so nothing a user types reaches SQL or tsquery
syntax.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
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
    + CASE WHEN t.branch = 'typo' THEN 20 * word_similarity(:key, t.key) ELSE 40 END
    + CASE t.form WHEN 'heading' THEN 6 WHEN 'label' THEN 3 ELSE 0 END
    + CASE t.quality WHEN 'kat3' THEN 3 WHEN 'kat2' THEN 2 WHEN 'kat1' THEN 1
           ELSE 0 END
    - least(10, 0.3 * abs(length(t.key) - length(:key)))
"""
"""How well a candidate term fits the query (see the module docstring)."""

FILTERS = """
      AND (cardinality(CAST(:kinds AS text[])) = 0 OR t.kind = ANY(:kinds))
      AND (cardinality(CAST(:qualities AS text[])) = 0
           OR t.quality = ANY(:qualities))
      AND t.status = ANY(:statuses)
"""

CANDIDATES = f"""
    prefix AS (
        SELECT t.*, 'prefix' AS branch FROM search_terms t
        WHERE t.key ~>=~ :key AND t.key ~<~ :after {FILTERS}
        ORDER BY t.key USING ~<~ LIMIT :enough
    ),
    words AS (
        SELECT t.*, 'words' AS branch FROM search_terms t
        WHERE to_tsvector('simple', t.key) @@ to_tsquery('simple', :words) {FILTERS}
        LIMIT :enough
    ),
    corrected AS MATERIALIZED (
        SELECT t.*, 'typo' AS branch
        FROM unnest(CAST(:lows AS text[]), CAST(:highs AS text[])) c(low, high)
        CROSS JOIN LATERAL (
            SELECT t.* FROM search_terms t
            WHERE t.key ~>=~ c.low AND t.key ~<~ c.high {FILTERS}
            ORDER BY t.key USING ~<~ LIMIT :enough
        ) t
    ),
    corrected_words AS (
        SELECT t.*, 'typo' AS branch FROM search_terms t
        WHERE CAST(:typos AS text) IS NOT NULL
          AND NOT EXISTS (SELECT FROM corrected)
          AND to_tsvector('simple', t.key) @@ to_tsquery('simple', :typos) {FILTERS}
        LIMIT :enough
    ),
    candidates AS (
        SELECT * FROM prefix UNION ALL SELECT * FROM words
        UNION ALL SELECT * FROM corrected UNION ALL SELECT * FROM corrected_words
    )
"""  # noqa: S608 - FILTERS is ours; every value is a bound parameter
"""The terms worth ranking, each branch bounded: the keys that start with the query
(in key order, so the exact key and the closest prefixes come first) and the terms
with all the query's words; when those are too few, the keys that start with the
query with one word corrected, and only when there are none of those either, the
terms with all its words, each one as typed or corrected."""

ORDERS = {
    Sort.RELEVANCE: "m.rank DESC, m.sort_key, m.authority_id",
    Sort.HEADING: "m.sort_key, m.authority_id",
    Sort.MODIFIED: "m.modified DESC NULLS LAST, m.authority_id",
}

FACETS = {
    "kind": "SELECT kind AS v, count(*) AS n FROM matches GROUP BY 1",
    "quality": "SELECT coalesce(quality, 'none') AS v, count(*) AS n "
    "FROM matches GROUP BY 1",
    "status": "SELECT status AS v, count(*) AS n FROM matches GROUP BY 1",
    "nationality": "SELECT u AS v, count(*) AS n FROM matches, "
    "unnest(nationalities) u GROUP BY 1",
}


def _search_sql(order: str) -> str:
    """One statement: the page of hits, the total, the facets, how far it counted."""
    aggregate = "SELECT coalesce(json_object_agg(f.v, f.n), '{}') FROM"
    facets = ", ".join(
        f"({aggregate} ({sql}) f) AS {name}"  # noqa: S608 - all ours
        for name, sql in FACETS.items()
    )
    return f"""
        WITH {CANDIDATES},
        matches AS (
            SELECT DISTINCT ON (t.authority_id)
                   t.authority_id, t.form, t.label, t.heading, t.kind, t.status,
                   t.quality, t.disambiguation, t.nationalities, t.sort_key,
                   t.modified, {RANK} AS rank
            FROM candidates t
            ORDER BY t.authority_id, rank DESC, t.position
        ),
        page AS (
            SELECT m.authority_id, m.form, m.label, m.heading, m.kind, m.status,
                   m.quality, m.disambiguation, a.created, m.modified
            FROM (SELECT * FROM matches m ORDER BY {order}
                  LIMIT :size OFFSET :offset) m
            JOIN authorities a ON a.id = m.authority_id
            ORDER BY {order}
        )
        SELECT (SELECT count(*) FROM matches) AS total,
               (SELECT count(*) FROM prefix) AS prefix,
               (SELECT count(*) FROM words) AS words,
               (SELECT count(*) FROM corrected)
               + (SELECT count(*) FROM corrected_words) AS typos,
               (SELECT coalesce(json_agg(p), '[]') FROM page p) AS hits,
               {facets}
    """  # noqa: S608 - fixed fragments of ours; values are bound


SEARCH = {sort: text(_search_sql(order)) for sort, order in ORDERS.items()}

COMPLETABLE = """
    AND t.status = 'active' AND t.form <> 'label'
    AND (cardinality(CAST(:kinds AS text[])) = 0 OR t.kind = ANY(:kinds))
"""
"""What a suggest completes: active headings and variants of the kinds asked for."""

SUGGEST = f"""
    WITH prefix AS MATERIALIZED (
        SELECT t.*, 'prefix' AS branch FROM search_terms t
        WHERE t.key ~>=~ :key AND t.key ~<~ :after
          {COMPLETABLE}
        ORDER BY t.key USING ~<~ LIMIT :enough
    ),
    candidates AS (
        SELECT * FROM prefix
        UNION ALL
        (SELECT t.*, 'words' FROM search_terms t
         WHERE (SELECT count(DISTINCT authority_id) FROM prefix) < :limit
           AND to_tsvector('simple', t.key) @@ to_tsquery('simple', :words)
           AND ' ' || t.key LIKE :last
           {COMPLETABLE}
         LIMIT :enough)
    )
    SELECT * FROM (
        SELECT DISTINCT ON (t.authority_id)
               t.authority_id, t.kind, t.form, t.label, t.heading,
               t.disambiguation, {RANK} AS rank
        FROM candidates t
        ORDER BY t.authority_id, rank DESC, t.position
    ) s ORDER BY rank DESC, length(heading), authority_id LIMIT :limit
"""  # noqa: S608 - RANK is ours; every value is a bound parameter
SUGGEST_STATEMENT = text(SUGGEST)
"""Completions: the keys that start with the query, and only when those are fewer
than asked for, the terms whose words start with its words."""

CORRECTIONS = """
    SELECT q.word, v.word AS correction
    FROM unnest(CAST(:words AS text[])) q(word)
    CROSS JOIN LATERAL (
        SELECT w.word FROM search_words w
        WHERE w.word % q.word AND w.word <> q.word
        ORDER BY similarity(w.word, q.word) DESC, w.word LIMIT :per_word
    ) v
"""
"""The vocabulary's closest words to each query word (pg_trgm's ``%``: similarity
of at least pg_trgm.similarity_threshold, 0.3 by default)."""
CORRECTIONS_STATEMENT = text(CORRECTIONS)

COUNT_LIMIT = 250
"""Matches a relevance search counts at most (more when a page lies deeper): past
it the total is a lower bound, as OpenSearch's ``track_total_hits`` default."""
SUGGEST_CANDIDATES = 40
"""Candidate terms per branch of a suggest, at least (four per completion asked)."""
CORRECTIONS_PER_WORD = 3
MIN_PREFIX = 3
"""A suggest's half-typed last word shorter than this is a LIKE filter, not a
tsquery prefix (see _text_params)."""
MIN_CORRECTED = 3
"""Words shorter than this are not corrected: too many words are one edit away."""


class PostgresSearch:
    """The default backend, over the database's read sessions."""

    transactional = True

    def __init__(
        self, sessions: sessionmaker[Session], count_limit: int = COUNT_LIMIT
    ) -> None:
        self._sessions = sessions
        self.count_limit = count_limit

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits, total and facets in one statement (two when words need correcting)."""
        enough = max(self.count_limit, query.offset + query.size)
        params: dict[str, Any] = {
            **_text_params(query.text),
            **_filters(query),
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
                    params |= _typo_params(words, corrections)
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

    def _corrections(self, session: Session, words: list[str]) -> dict[str, list[str]]:
        """The closest vocabulary words to each query word that has any."""
        rows = session.execute(
            CORRECTIONS_STATEMENT,
            {"words": [w for w in words if _correctable(w)],
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
            **_text_params(query_text, half_typed=True),
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


def _text_params(query_text: str, *, half_typed: bool = False) -> dict[str, str]:
    """The query's key and its LIKE, range and tsquery forms.

    ``half_typed``: the tsquery's last word is a prefix (suggest); else every word
    is whole (search, as OpenSearch's ``multi_match`` on words). A half-typed last
    word of one or two letters after whole words is not a tsquery prefix, which
    would read the posting lists of every word it starts, but a LIKE filter on the
    terms the whole words found (``last``).
    """
    key = search_key(query_text)
    words = key.split()
    last = "%"
    if half_typed and len(words) > 1 and len(words[-1]) < MIN_PREFIX:
        last = f"% {_like_prefix(words.pop())}"
    lexemes = [_lexeme(w) for w in words]
    if half_typed and last == "%":
        lexemes[-1] = _lexeme(words[-1], last=True)
    return {
        "key": key,
        "prefix": _like_prefix(key),
        "after": _successor(key),
        "words": " & ".join(lexemes),
        "last": last,
    }


def _typo_params(words: list[str], corrections: dict[str, list[str]]) -> dict[str, Any]:
    """The corrected queries, as the search statement's parameters.

    Each key with one word corrected, as a key range; and a tsquery with every
    word as typed or corrected.
    """
    keys = [
        " ".join([*words[:i], c, *words[i + 1 :]])
        for i, word in enumerate(words)
        for c in corrections.get(word, [])
    ]
    return {
        "lows": keys,
        "highs": [_successor(k) for k in keys],
        "typos": " & ".join(
            "(" + " | ".join(map(_lexeme, [w, *corrections.get(w, [])])) + ")"
            for w in words
        ),
    }


def _correctable(word: str) -> bool:
    """Long enough to correct, and not a number: 1977 and 1978 are two people."""
    return len(word) >= MIN_CORRECTED and not word.isdigit()


def _lexeme(word: str, *, last: bool = False) -> str:
    """A quoted tsquery word, or (``last``) a prefix of one.

    A key holds letters, digits and spaces only, so a word needs no escaping.
    """
    return f"'{word}':*" if last else f"'{word}'"


def _successor(key: str) -> str:
    """The least string after every string that starts with ``key``.

    In code point order, which is the byte order that ``~<~`` compares.
    """
    if not key:
        return "\U0010ffff"
    after = ord(key[-1]) + 1
    return key[:-1] + chr(0xE000 if after == 0xD800 else after)  # no surrogates


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
