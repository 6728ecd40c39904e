"""The PostgreSQL backend's filter parameters (storage/search/parameters.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from authority.domain import Kind
from authority.search.model import SearchQuery
from authority.storage.search.parameters import filters


def test_vocabularies_and_the_modified_range_are_bound_as_asked() -> None:
    start = datetime(2024, 1, 1, 12, 0, 0, 123_999, tzinfo=UTC)
    end = datetime(2024, 2, 1, tzinfo=UTC)
    query = SearchQuery(
        "berg",
        kinds=(Kind.TOPIC,),
        vocabularies=("humord", "none"),
        modified_from=start,
        modified_until=end,
    )
    bound = filters(query)
    assert bound["vocabularies"] == ["humord", "none"]
    assert bound["no_vocabulary"] == "none"
    # Cut to the millisecond, as OpenSearch stores a date and the SQL compares.
    assert bound["modified_from"] == datetime(2024, 1, 1, 12, 0, 0, 123_000, tzinfo=UTC)
    assert bound["modified_until"] == end


def test_no_filter_restricts_nothing() -> None:
    bound = filters(SearchQuery("berg"))
    assert bound["vocabularies"] == []
    assert bound["modified_from"] is None and bound["modified_until"] is None
