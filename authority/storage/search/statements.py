"""The SQL of search in PostgreSQL (the package docstring says what it does).

Fixed text of ours throughout; every value is a bound parameter (parameters.py).
"""

from __future__ import annotations

from sqlalchemy import text

from authority.search.model import Sort

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
      AND (cardinality(CAST(:vocabularies AS text[])) = 0
           OR coalesce(t.vocabulary, :no_vocabulary) = ANY(:vocabularies))
      AND (CAST(:modified_from AS timestamptz) IS NULL
           OR date_trunc('milliseconds', t.modified) >= :modified_from)
      AND (CAST(:modified_until AS timestamptz) IS NULL
           OR date_trunc('milliseconds', t.modified) <= :modified_until)
"""
"""The query's filters (parameters.filters); the modification range compares to
the millisecond, as OpenSearch's dates do, and leaves out an unknown date."""

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
    "vocabulary": "SELECT coalesce(vocabulary, :no_vocabulary) AS v, "
    "count(*) AS n FROM matches GROUP BY 1",
}


_MATCHED = """
    t.authority_id, t.form, t.label, t.heading, t.kind, t.status, t.quality,
    t.disambiguation, t.nationalities, t.sort_key, t.modified, t.vocabulary
"""


def _search_sql(order: str) -> str:
    """One statement: the page of hits, the total, the facets, how far it counted."""
    matches = f"""
        {CANDIDATES},
        matches AS (
            SELECT DISTINCT ON (t.authority_id) {_MATCHED}, {RANK} AS rank
            FROM candidates t
            ORDER BY t.authority_id, rank DESC, t.position
        )
    """  # noqa: S608 - fixed fragments of ours
    counted = """
        (SELECT count(*) FROM prefix) AS prefix,
        (SELECT count(*) FROM words) AS words,
        (SELECT count(*) FROM corrected)
        + (SELECT count(*) FROM corrected_words) AS typos
    """
    return _answer_sql(matches, counted, order)


def _wordless_sql(order: str) -> str:
    """The same answer for a query of filters only: the authorities' own rows.

    Every authority counts, one without a heading (so without terms) too, as in
    OpenSearch, where each has its document; its heading's term adds what the
    row lacks (disambiguation, nationalities).
    """
    matches = f"""
        matches AS (
            SELECT t.id AS authority_id, 'heading' AS form, t.heading AS label,
                   t.heading, t.kind, t.status, t.quality, h.disambiguation,
                   coalesce(h.nationalities, '{{}}') AS nationalities, t.sort_key,
                   t.modified, t.vocabulary, 0 AS rank
            FROM authorities t
            LEFT JOIN search_terms h ON h.authority_id = t.id AND h.position = 0
            WHERE true {FILTERS}
        )
    """  # noqa: S608 - fixed fragments of ours
    return _answer_sql(matches, "0 AS prefix, 0 AS words, 0 AS typos", order)


def _answer_sql(matches: str, counted: str, order: str) -> str:
    """The page of ``matches`` in ``order``, their total and facets."""
    aggregate = "SELECT coalesce(json_object_agg(f.v, f.n), '{}') FROM"
    facets = ", ".join(
        f"({aggregate} ({sql}) f) AS {name}"  # noqa: S608 - all ours
        for name, sql in FACETS.items()
    )
    return f"""
        WITH {matches},
        page AS (
            SELECT m.authority_id, m.form, m.label, m.heading, m.kind, m.status,
                   m.quality, m.disambiguation, a.created, m.modified
            FROM (SELECT * FROM matches m ORDER BY {order}
                  LIMIT :size OFFSET :offset) m
            JOIN authorities a ON a.id = m.authority_id
            ORDER BY {order}
        )
        SELECT (SELECT count(*) FROM matches) AS total, {counted},
               (SELECT coalesce(json_agg(p), '[]') FROM page p) AS hits,
               {facets}
    """  # noqa: S608 - fixed fragments of ours; values are bound


SEARCH = {sort: text(_search_sql(order)) for sort, order in ORDERS.items()}
WORDLESS = {
    **{sort: text(_wordless_sql(order)) for sort, order in ORDERS.items()},
    Sort.RELEVANCE: text(_wordless_sql(ORDERS[Sort.HEADING])),
}
"""A query of filters only: no words, no rank, so relevance is heading order."""

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


TERM_GAPS = text("""
    SELECT e.id, t.authority_id IS NULL AS missing
    FROM unnest(CAST(:ids AS text[])) e(id)
    LEFT JOIN authorities a ON a.id = e.id
    LEFT JOIN search_terms t ON t.authority_id = e.id AND t.position = 0
    WHERE a.id IS NULL
       OR (t.authority_id IS NULL AND a.heading <> '')
       OR t.kind <> a.kind OR t.status <> a.status
       OR t.quality IS DISTINCT FROM a.quality OR t.heading <> a.heading
       OR t.modified IS DISTINCT FROM a.modified
       OR t.vocabulary IS DISTINCT FROM a.vocabulary
    ORDER BY e.id
""")
"""The expected ids whose terms are missing (an authority with a heading has at
least its heading's term) or say another state than the authority's row: the
terms of an older revision (stale)."""

EXTRA_TERMS = text("""
    SELECT DISTINCT t.authority_id FROM search_terms t
    LEFT JOIN unnest(CAST(:ids AS text[])) e(id) ON e.id = t.authority_id
    WHERE e.id IS NULL
    ORDER BY t.authority_id
""")
"""Ids with terms that are not expected (an anti-join, not ``<> ALL``: a million
ids are compared by hashing, not one by one)."""

REMOVE_TERMS = text("DELETE FROM search_terms WHERE authority_id = ANY(:ids)")
