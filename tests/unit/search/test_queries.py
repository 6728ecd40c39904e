"""OpenSearch request bodies and the reading of responses (search/queries.py).

No cluster: the bodies are plain data, so what they ask (which fields, which
tiers, which filters, which window) is checked as data. The behavioural suite in
tests/integration/search/ checks what a cluster answers to them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from authority.domain import Kind, QualityLevel, Status
from authority.domain.collation import sort_key
from authority.domain.search_terms import search_key
from authority.errors import SearchQueryError
from authority.search.model import (
    MAX_SIZE,
    MAX_VOCABULARIES,
    SearchQuery,
    Sort,
    checked,
    last_moment,
    narrowed,
)
from authority.search.queries import (
    AS_TYPED,
    EXACT,
    FACETS,
    HEADING_BONUS,
    PREFIX,
    QUALITY_BONUS,
    TYPO_TOLERANCE,
    TYPOS,
    WINDOW,
    WORDS,
    browse_body,
    browse_page,
    facets_of,
    hits_of,
    lookup_body,
    matched_term,
    page_size,
    search_body,
    suggest_body,
)

HOSTILE = 'Bjørnson, B. *"(OR) AND title:x~2 \\'
"""Query-string syntax that must stay plain characters."""


def clauses(body: Any, name: str) -> Iterator[Any]:
    """Every value of a ``name`` clause anywhere in ``body``."""
    if isinstance(body, dict):
        for key, value in body.items():
            if key == name:
                yield value
            yield from clauses(value, name)
    elif isinstance(body, list):
        for item in body:
            yield from clauses(item, name)


def text_query(text: str, **fields: Any) -> dict[str, Any]:
    body = search_body(SearchQuery(text, **fields))
    assert body is not None
    return body


# What a search's text becomes


def test_text_is_never_parsed_as_query_syntax() -> None:
    body = text_query(HOSTILE)
    for syntax in ("query_string", "simple_query_string", "regexp", "wildcard"):
        assert list(clauses(body, syntax)) == []


def test_text_is_matched_as_its_folded_key() -> None:
    key = search_key(HOSTILE)
    assert key == "bjornson b or and title x 2"
    body = text_query(HOSTILE)
    assert [t["terms.key"] for t in clauses(body, "term") if "terms.key" in t] == [key]
    assert [p["terms.key"] for p in clauses(body, "prefix")] == [key]
    words = list(clauses(body, "multi_match"))
    assert [w["query"] for w in words] == [key, key]
    assert all(w["operator"] == "and" for w in words)  # every word must match


def test_the_text_as_typed_only_nudges_the_score() -> None:
    as_typed = [
        match["terms.label"]
        for match in clauses(text_query(HOSTILE), "match")
        if "terms.label" in match
    ]
    assert as_typed == [{"query": HOSTILE, "operator": "and", "boost": AS_TYPED}]


def test_text_of_punctuation_only_asks_nothing() -> None:
    assert search_body(SearchQuery('*"() -- ,')) is None


@pytest.mark.parametrize("text", ["", "   "])
def test_no_text_matches_everything(text: str) -> None:
    body = text_query(text)
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]


def test_only_the_typo_tier_is_fuzzy_and_never_in_the_first_letter() -> None:
    words = list(clauses(text_query("hamsum"), "multi_match"))
    fuzzy = [w for w in words if "fuzziness" in w]
    assert len(words) == 2 and len(fuzzy) == 1
    assert fuzzy[0]["fuzziness"] == TYPO_TOLERANCE
    assert fuzzy[0]["prefix_length"] == 1
    assert fuzzy[0]["boost"] == TYPOS


def test_the_tiers_stay_apart_whatever_the_bonuses() -> None:
    most_bonus = HEADING_BONUS + max(QUALITY_BONUS.values())
    assert PREFIX + most_bonus < EXACT
    assert WORDS + most_bonus < PREFIX
    assert WORDS > TYPOS
    scores = [c["boost"] for c in clauses(text_query("berg"), "constant_score")]
    assert EXACT in scores and PREFIX in scores and HEADING_BONUS in scores


def test_the_best_matching_term_comes_back_as_the_inner_hit() -> None:
    (nested,) = clauses(text_query("berg"), "nested")
    assert nested["path"] == "terms"
    assert nested["score_mode"] == "max"
    assert nested["inner_hits"] == {"size": 1}


# Filters, sorts, facets and paging


def test_a_filter_for_each_selection_made_and_none_for_the_rest() -> None:
    body = text_query(
        "berg",
        kinds=(Kind.PERSON, Kind.CORPORATE_BODY),
        qualities=(QualityLevel.KAT3,),
        statuses=(Status.ACTIVE, Status.DELETED),
    )
    assert body["query"]["bool"]["filter"] == [
        {"terms": {"kind": ["person", "corporate_body"]}},
        {"terms": {"quality": ["kat3"]}},
        {"terms": {"status": ["active", "deleted"]}},
    ]
    assert text_query("berg", statuses=())["query"]["bool"]["filter"] == []


def test_deleted_and_merged_are_left_out_by_default() -> None:
    assert text_query("berg")["query"]["bool"]["filter"] == [
        {"terms": {"status": ["active"]}}
    ]


def test_every_sort_ends_in_the_id_so_pages_do_not_overlap() -> None:
    sorts = {sort: text_query("berg", sort=sort)["sort"] for sort in Sort}
    assert all(order[-1] == {"id": "asc"} for order in sorts.values())
    assert sorts[Sort.RELEVANCE][0] == {"_score": "desc"}
    assert sorts[Sort.HEADING][0] == {"sort_key": "asc"}
    assert sorts[Sort.MODIFIED][0] == {
        "modified": {"order": "desc", "missing": "_last"}
    }


def test_facets_are_asked_for_and_read_back() -> None:
    aggregations = text_query("berg")["aggs"]
    assert set(aggregations) == set(FACETS)
    assert aggregations["quality"]["terms"]["missing"] == "none"  # counts add up
    assert aggregations["vocabulary"]["terms"]["missing"] == "none"
    response = {
        "aggregations": {
            "kind": {"buckets": [{"key": "person", "doc_count": 7}]},
            "quality": {"buckets": [{"key": "none", "doc_count": 2}]},
            "nationality": {"buckets": [{"key": 47, "doc_count": "3"}]},
        }
    }
    assert facets_of(response) == {
        "kind": {"person": 7},
        "quality": {"none": 2},
        "nationality": {"47": 3},  # keys as text, counts as numbers
    }
    assert facets_of({}) == {}


ACTIVE = {"terms": {"status": ["active"]}}
NONE = {"bool": {"must_not": [{"exists": {"field": "vocabulary"}}]}}


@pytest.mark.parametrize(
    ("vocabularies", "expected"),
    [
        ((), []),
        (("humord",), [{"terms": {"vocabulary": ["humord"]}}]),
        (("humord", "noubomn"), [{"terms": {"vocabulary": ["humord", "noubomn"]}}]),
        (("none",), [NONE]),  # the name register: no vocabulary at all
        (
            ("humord", "none"),
            [
                {
                    "bool": {
                        "should": [{"terms": {"vocabulary": ["humord"]}}, NONE],
                        "minimum_should_match": 1,
                    }
                }
            ],
        ),
    ],
)
def test_the_vocabulary_filter(
    vocabularies: tuple[str, ...], expected: list[Any]
) -> None:
    body = text_query("berg", vocabularies=vocabularies)
    assert body["query"]["bool"]["filter"] == [ACTIVE, *expected]


def test_the_modified_range_is_inclusive_to_the_millisecond() -> None:
    oslo = timezone(timedelta(hours=1))
    start = datetime(2024, 1, 1, 12, 0, 0, 123_999, tzinfo=oslo)
    end = datetime(2024, 2, 1, tzinfo=UTC)
    both = text_query("berg", modified_from=start, modified_until=end)
    assert both["query"]["bool"]["filter"] == [
        ACTIVE,
        {
            "range": {
                "modified": {
                    "gte": "2024-01-01T12:00:00.123+01:00",  # cut, as stored
                    "lte": "2024-02-01T00:00:00.000+00:00",
                }
            }
        },
    ]
    only_end = text_query("berg", modified_until=end)["query"]["bool"]["filter"]
    assert only_end[1] == {
        "range": {"modified": {"lte": "2024-02-01T00:00:00.000+00:00"}}
    }


def test_a_whole_day_ends_at_its_last_millisecond_in_oslo() -> None:
    assert last_moment(date(2024, 7, 1)).isoformat() == (
        "2024-07-01T23:59:59.999000+02:00"
    )
    assert last_moment(date(2024, 12, 31)).isoformat() == (
        "2024-12-31T23:59:59.999000+01:00"
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"vocabularies": ("Humord",)}, "'Humord' is no vocabulary code"),
        ({"vocabularies": ("",)}, "'' is no vocabulary code"),
        ({"vocabularies": ("a" * 65,)}, "is no vocabulary code"),
        ({"vocabularies": ("x",) * (MAX_VOCABULARIES + 1)}, "at most 20 vocabularies"),
        ({"modified_from": datetime(2024, 1, 1)}, "modified from needs a time zone"),
        ({"modified_until": datetime(2024, 1, 1)}, "modified until needs a time"),
        (
            {
                "modified_from": datetime(2024, 2, 1, tzinfo=UTC),
                "modified_until": datetime(2024, 1, 1, tzinfo=UTC),
            },
            "is after modified until",
        ),
    ],
)
def test_checked_refuses_what_no_backend_can_run(
    fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(SearchQueryError, match=message):
        checked(SearchQuery("berg", **fields))


def test_checked_takes_codes_and_an_equal_range() -> None:
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    query = SearchQuery(
        "berg",
        vocabularies=("humord", "noubomn", "gnd-content", "none"),
        modified_from=moment,
        modified_until=moment,
    )
    assert checked(query) is query


@pytest.mark.parametrize(
    ("offset", "size", "window"),
    [
        (0, 20, (0, 20)),
        (-5, 20, (0, 20)),
        (WINDOW - 10, 20, (WINDOW - 10, 10)),  # clipped at the result window
        (WINDOW, 20, (0, 0)),  # past it: no hits, still a total
        (0, 5000, (0, MAX_SIZE + 1)),
    ],
)
def test_paging_stays_inside_the_result_window(
    offset: int, size: int, window: tuple[int, int]
) -> None:
    body = text_query("berg", offset=offset, size=size)
    assert (body["from"], body["size"]) == window


@pytest.mark.parametrize(
    ("size", "allowed"), [(-1, 0), (0, 0), (20, 20), (MAX_SIZE + 50, MAX_SIZE + 1)]
)
def test_page_size_is_never_negative_nor_beyond_a_browse_page(
    size: int, allowed: int
) -> None:
    assert page_size(size) == allowed


# Suggest, lookup and browse


def test_suggest_completes_active_headings_and_variants_word_by_word() -> None:
    body = suggest_body("hamsun k", [Kind.PERSON], 7)
    (words,) = clauses(body, "match")
    assert words == {"terms.key.prefixes": {"query": "hamsun k", "operator": "and"}}
    assert list(clauses(body, "prefix")) == [{"terms.key": "hamsun k"}]
    names = {"terms": {"terms.form": ["heading", "variant"]}}  # not the labels
    assert any(names in filters for filters in clauses(body, "filter"))
    assert body["query"]["bool"]["filter"] == [
        {"terms": {"kind": ["person"]}},
        {"terms": {"status": ["active"]}},
    ]
    assert body["size"] == 7


def test_lookup_asks_for_the_exact_key_of_active_headings_and_variants() -> None:
    body = lookup_body("valkeapaa nils aslak", [])
    exact = {"term": {"terms.key": "valkeapaa nils aslak"}}
    assert any(exact in filters for filters in clauses(body, "filter"))
    assert body["query"]["bool"]["filter"][1:] == [{"terms": {"status": ["active"]}}]
    assert (body["size"], body["_source"]) == (MAX_SIZE, False)


@pytest.mark.parametrize(
    ("forward", "bound", "order", "mode"),
    [(True, "gte", "asc", "min"), (False, "lt", "desc", "max")],
)
def test_browse_reads_from_the_start_key_either_way(
    forward: bool, bound: str, order: str, mode: str
) -> None:
    body = browse_body("berg", [], 10, forward)
    ranges = list(clauses(body, "range"))  # what is found and how it is sorted
    assert ranges and all(r == {"terms.sort_key": {bound: "berg"}} for r in ranges)
    first = body["sort"][0]["terms.sort_key"]
    assert (first["order"], first["mode"]) == (order, mode)
    assert body["sort"][1] == {"id": order}


def document(id_: str, heading: str, *others: tuple[str, str]) -> dict[str, Any]:
    terms = [("heading", heading), *others]
    return {
        "id": id_,
        "label": heading,
        "terms": [
            {"form": form, "label": label, "sort_key": sort_key(label)}
            for form, label in terms
        ],
    }


DOCUMENTS = [
    document("3", "Åsen, Per", ("variant", "Berg, Per"), ("label", "Abbey")),
    document("1", "Berg, Anne"),
    document("2", "Berg, Anne", ("variant", "Anne Berg")),
    document("4", "Zahl, Ola"),
]


def test_a_browse_page_is_in_index_order_with_see_lines() -> None:
    page = browse_page(DOCUMENTS, sort_key("B"), 10, forward=True)
    assert [(e.label, e.id, e.see) for e in page] == [
        ("Berg, Anne", "1", False),  # equal keys: by id
        ("Berg, Anne", "2", False),
        ("Berg, Per", "3", True),  # a variant files as "see Åsen, Per"
        ("Zahl, Ola", "4", False),
        ("Åsen, Per", "3", False),  # å after z
    ]
    assert page[2].heading == "Åsen, Per"
    assert "Abbey" not in [e.label for e in browse_page(DOCUMENTS, "", 10, True)]


def test_a_browse_page_backwards_is_the_nearest_lines_before_in_order() -> None:
    page = browse_page(DOCUMENTS, sort_key("Berg, Per"), 2, forward=False)
    assert [(e.label, e.id) for e in page] == [("Berg, Anne", "1"), ("Berg, Anne", "2")]
    page = browse_page(DOCUMENTS, sort_key("Berg, Per"), 3, forward=False)
    assert [e.label for e in page] == ["Anne Berg", "Berg, Anne", "Berg, Anne"]


def test_hits_and_the_term_they_matched_through_are_read_back() -> None:
    term = {"form": "variant", "label": "Anne Berg"}
    hit = {"_id": "2", "inner_hits": {"terms": {"hits": {"hits": [{"_source": term}]}}}}
    response = {"hits": {"hits": [hit, {"_id": "1"}]}}
    assert list(hits_of(response)) == [hit, {"_id": "1"}]
    assert matched_term(hit) == term
    assert matched_term({"_id": "1"}) is None


# A query without words: run when a filter narrows it, in heading order.

NARROWING: list[dict[str, Any]] = [
    {"kinds": (Kind.TOPIC,)},
    {"qualities": (QualityLevel.KAT3,)},
    {"statuses": (Status.DELETED,)},
    {"statuses": (Status.ACTIVE, Status.DELETED)},
    {"vocabularies": ("humord",)},
    {"modified_from": datetime(2024, 1, 1, tzinfo=UTC)},
    {"modified_until": datetime(2024, 1, 1, tzinfo=UTC)},
]


@pytest.mark.parametrize("fields", NARROWING)
def test_a_query_without_words_needs_a_narrowing_filter(fields: dict[str, Any]) -> None:
    query = SearchQuery("", **fields)
    assert narrowed(query) and checked(query) is query
    with pytest.raises(SearchQueryError, match="no letters or digits"):
        checked(SearchQuery("*", **fields))  # punctuation is no "no words"


@pytest.mark.parametrize("text", ["", "  "])
def test_no_words_and_no_filter_is_refused(text: str) -> None:
    assert not narrowed(SearchQuery(text, statuses=(Status.ACTIVE,)))
    with pytest.raises(SearchQueryError, match="no letters or digits"):
        checked(SearchQuery(text))


@pytest.mark.parametrize("sort", list(Sort))
def test_without_words_relevance_is_heading_order(sort: Sort) -> None:
    body = search_body(SearchQuery("", kinds=(Kind.TOPIC,), sort=sort))
    assert body is not None
    want = Sort.HEADING if sort is Sort.RELEVANCE else sort
    assert body["sort"] == search_body(SearchQuery("x", sort=want))["sort"]  # type: ignore[index]
