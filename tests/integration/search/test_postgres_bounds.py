"""PostgreSQL search's bounds: what it counts, and how it corrects typos.

A relevance search ranks a bounded set of candidates (storage/search/). These
tests shrink the bound to a few terms over the corpus and check that the top of
the list stays the same, that the total says it is a lower bound, and that sorts
other than relevance still count everything. They also check the vocabulary the
typo correction draws on: the trigger fills it from both write paths.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask import Flask
from sqlalchemy import text

from authority.domain import Actor, Field, Subfield
from authority.extension import runtime
from authority.search.model import SearchQuery, Sort
from authority.storage.search import PostgresSearch
from tests.support import corpus_authorities


def backend(corpus_app: Flask, count_limit: int) -> PostgresSearch:
    return PostgresSearch(runtime(corpus_app).database, count_limit)


def test_a_bounded_count_keeps_the_top_and_says_it_is_a_lower_bound(
    corpus_app: Flask,
) -> None:
    query = SearchQuery("nilsen", size=3)
    full = backend(corpus_app, 10_000).search(query)
    bounded = backend(corpus_app, 4).search(query)
    assert full.exact and full.total >= 8
    assert not bounded.exact
    assert 4 <= bounded.total < full.total
    assert [h.id for h in bounded.hits][:1] == [h.id for h in full.hits][:1]
    assert sum(bounded.facets["kind"].values()) == bounded.total


def test_a_page_deeper_than_the_bound_is_still_served(corpus_app: Flask) -> None:
    every = backend(corpus_app, 10_000).search(SearchQuery("nilsen", size=100))
    deep = backend(corpus_app, 2).search(SearchQuery("nilsen", size=2, offset=6))
    assert len(deep.hits) == 2
    assert {h.id for h in deep.hits} <= {h.id for h in every.hits}


def test_sorted_by_heading_everything_counts(corpus_app: Flask) -> None:
    query = SearchQuery("nilsen", sort=Sort.HEADING, size=3)
    full = backend(corpus_app, 10_000).search(query)
    bounded = backend(corpus_app, 2).search(query)
    assert bounded.exact and bounded.total == full.total
    assert [h.id for h in bounded.hits] == [h.id for h in full.hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hamsum marie", "90081146"),  # a key range with one word corrected
        ("marie hamsum", "90081146"),  # no such key: every word, corrected or not
    ],
)
def test_one_typo_in_either_word_order(
    corpus_app: Flask, query: str, expected: str
) -> None:
    results = backend(corpus_app, 250).search(SearchQuery(query))
    assert [h.id for h in results.hits][:1] == [expected]


def test_years_are_never_corrected(corpus_app: Flask) -> None:
    # 1881 is a word of Marie Hamsun's key; 1880 must not become 1881.
    hits = backend(corpus_app, 250).search(SearchQuery("hamsun marie 1880")).hits
    assert "90081146" not in [h.id for h in hits]


def test_the_vocabulary_has_the_words_of_both_write_paths(corpus_app: Flask) -> None:
    engine = runtime(corpus_app).database.engine
    words = text("SELECT word FROM search_words WHERE word = ANY(:w) ORDER BY 1")
    with engine.connect() as connection:  # the corpus came in by COPY
        loaded = connection.scalars(words, {"w": ["hamsun", "marie"]}).all()
    assert loaded == ["hamsun", "marie"]
    rilke = next(a for a in corpus_authorities() if a.id == "90053126")
    kept = [f for f in rilke.fields if f.tag not in ("024", "100", "400")]
    heading = Field("100", "1", " ", (Subfield("a", "Qwyxzolb, Ingrid"),))
    record = replace(rilke.with_fields([*kept, heading]), id="29990003")
    runtime(corpus_app).services.loading.upsert_from_source(record, Actor("test"))
    with engine.connect() as connection:  # one by one
        written = connection.scalars(words, {"w": ["qwyxzolb"]}).all()
    assert written == ["qwyxzolb"]
    hits = backend(corpus_app, 250).search(SearchQuery("qwyxzolv")).hits
    assert [h.id for h in hits][:1] == ["29990003"]
