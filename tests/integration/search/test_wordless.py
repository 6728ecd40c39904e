"""A query of filters only (no words): the same answer from every backend.

SRU's ``rec.lastModificationDate > 2024-01-01`` and ``authority.vocabulary =
humord`` ask the register by filters alone. The search layer runs such a query when
a filter narrows it; the API's ``q`` still needs a word.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from authority.domain import Kind, QualityLevel, Status
from authority.domain.collation import sort_key
from authority.errors import SearchQueryError
from authority.extension import runtime
from authority.search.model import NO_VOCABULARY, SearchQuery, Sort

SINCE = datetime(2016, 1, 1, tzinfo=UTC)


def count(app: Flask, where: str, **params: Any) -> int:
    """Authorities of the database's own rows that ``where`` holds for."""
    sql = text(f"SELECT count(*) FROM authorities WHERE {where}")  # noqa: S608
    with runtime(app).database.engine.connect() as connection:
        return int(connection.execute(sql, params).scalar_one())


def search(app: Flask, query: SearchQuery) -> Any:
    return runtime(app).services.searching.search(query)


def test_a_vocabulary_alone_finds_all_its_authorities(searching: Flask) -> None:
    results = search(searching, SearchQuery("", vocabularies=("humord",), size=100))
    expected = count(searching, "vocabulary = 'humord' AND status = 'active'")
    assert results.total == expected > 0 and results.exact
    assert results.facets["vocabulary"] == {"humord": expected}
    assert {h.id for h in results.hits} >= {"HUME28807"}


def test_relevance_without_words_is_heading_order(searching: Flask) -> None:
    query = SearchQuery("", kinds=(Kind.TOPIC,), size=100)
    relevance = [h.id for h in search(searching, query).hits]
    heading = search(searching, SearchQuery("", kinds=(Kind.TOPIC,), size=100,
                                           sort=Sort.HEADING))  # fmt: skip
    assert relevance == [h.id for h in heading.hits]
    keys = [(sort_key(h.label), h.id) for h in heading.hits]
    assert keys == sorted(keys)


def test_a_modification_range_alone_newest_first(searching: Flask) -> None:
    query = SearchQuery("", modified_from=SINCE, sort=Sort.MODIFIED, size=100)
    results = search(searching, query)
    expected = count(searching, "modified >= :since AND status = 'active'", since=SINCE)
    assert results.total == expected > 0
    stamps = [h.modified for h in results.hits]
    assert all(s is not None and s >= SINCE for s in stamps)
    assert stamps == sorted(stamps, reverse=True)  # type: ignore[type-var]


@pytest.mark.parametrize(
    ("query", "where"),
    [
        (SearchQuery("", qualities=(QualityLevel.KAT3,)), "quality = 'kat3'"),
        (SearchQuery("", statuses=(Status.DELETED,)), "status = 'deleted'"),
        (
            SearchQuery("", kinds=(Kind.GENRE_FORM,), vocabularies=("lcgft",)),
            "kind = 'genre_form' AND vocabulary = 'lcgft'",
        ),  # fmt: skip
        (
            SearchQuery("", kinds=(Kind.PERSON,), vocabularies=(NO_VOCABULARY,)),
            "kind = 'person' AND vocabulary IS NULL",
        ),  # fmt: skip
    ],
)
def test_each_filter_alone_counts_as_the_database(
    searching: Flask, query: SearchQuery, where: str
) -> None:
    status = "" if query.statuses != (Status.ACTIVE,) else " AND status = 'active'"
    results = search(searching, query)
    assert results.total == count(searching, where + status)
    if results.total:
        assert sum(results.facets["kind"].values()) == results.total


def test_the_same_page_from_both_backends(searching: Flask) -> None:
    """Every backend gives this page; compared with the database's heading order."""
    query = SearchQuery("", vocabularies=("lcgft",), size=10, offset=5)
    with runtime(searching).database.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, heading FROM authorities "
                 "WHERE vocabulary = 'lcgft' AND status = 'active'")
        ).all()  # fmt: skip
    ordered = sorted(rows, key=lambda r: (sort_key(r.heading), r.id))
    assert [h.id for h in search(searching, query).hits] == [
        r.id for r in ordered[5:15]
    ]


@pytest.mark.parametrize("words", ["", "  ", "*"])
def test_without_words_or_a_filter_it_is_refused(searching: Flask, words: str) -> None:
    with pytest.raises(SearchQueryError, match="no letters or digits"):
        search(searching, SearchQuery(words))


def test_the_api_still_needs_a_word(searching: Flask) -> None:
    response = searching.test_client().get("/authorities?q=&vocabulary=humord")
    assert response.status_code == 400
