"""The contract models: the published schema is theirs, their 400s are the old ones,
and every body schema in the OpenAPI document is generated from them.

The details below are the texts the hand-written parsers gave (api/search.py,
api/bare.py, api/authorities.py before the models): clients and tests read them.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from jsonschema import Draft202012Validator
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import BadRequest

from authority import create_app
from authority.api.contracts.__main__ import PUBLISHED, main
from authority.api.contracts.answers import Problem
from authority.api.contracts.bare import BareQueryParameters, BareRecordParameters
from authority.api.contracts.cataloguing import (
    CreateParameters,
    MergeRequest,
    ResolveParameters,
    RevertRequest,
)
from authority.api.contracts.query import parsed
from authority.api.contracts.representation import published_text
from authority.api.contracts.search import (
    BrowseParameters,
    LookupParameters,
    SearchParameters,
    SuggestParameters,
)
from authority.api.limits import problem_body, problem_bytes
from authority.api.openapi import document
from authority.api.openapi.models import component_schemas
from authority.api.openapi.schemas import ANSWERED, READ
from authority.domain import Kind, QualityLevel, Status
from authority.domain.ids import is_valid_id
from authority.search.model import Sort

NO_WORDS = (
    "the query has no letters or digits to search for; operators such as"
    ' * " ( ) are not query syntax here, only words are'
)
KINDS = "person, family, corporate_body, meeting, work, topic, place, genre_form"
APP = Flask(__name__)
REGISTER = create_app({"BASE_URI": "https://authority.test/"})
"""The app whose routes the document describes (it connects to nothing)."""


def read(model: type[BaseModel], query: str) -> Any:
    with APP.test_request_context(f"/?{query}"):
        return parsed(model)


def refusal(model: type[BaseModel], query: str) -> str:
    with pytest.raises(BadRequest) as raised:
        read(model, query)
    return str(raised.value.description)


def test_the_committed_schema_is_the_models() -> None:
    assert PUBLISHED.read_text("utf-8") == published_text()
    assert main(["--check"]) == 0


def test_the_published_schema_keeps_the_names_outside_refs_use() -> None:
    # Its definitions had these names when the schema was written by hand; a
    # $ref from outside (authority.schema.json#/$defs/heading) must still resolve.
    schema = json.loads(published_text())
    Draft202012Validator.check_schema(schema)
    legacy = ("subfields", "heading", "relation", "identifier", "note", "label")
    assert {*legacy, "attributes", "strings", "field"} <= set(schema["$defs"])
    refs = set(re.findall(r'"#/\$defs/([^"]+)"', published_text()))
    assert refs <= set(schema["$defs"])


SEARCH, SUGGEST, BROWSE = SearchParameters, SuggestParameters, BrowseParameters
BARE = BareQueryParameters
BARE_TYPES = "person, corporation, meeting, conference"
STATUSES = "active, deleted, merged, all"
BARE_ROWS = "must be a number from 1 to 10000, not"
LONG = "the query is longer than 500 characters"
ISO = "must be an ISO 8601 date or date-time, not"
CODES = ": lower-case letters, digits, . _ and -, at most 64"
VOCABULARY = "vocabulary: 'hum ord' is no vocabulary code" + CODES


@pytest.mark.parametrize(
    ("model", "query", "detail"),
    [
        (SEARCH, "q=x&size=abc", "size must be a whole number, not 'abc'"),
        (SEARCH, "q=x&size=", "size must be a whole number, not ''"),
        (SEARCH, "q=x&size=%C2%B2", "size must be a whole number, not '²'"),
        (SEARCH, "q=x&size=0", "size must be between 1 and 100, not 0"),
        (SEARCH, "q=x&kind=person,bogus", f"kind='bogus'; choose from {KINDS}"),
        (SEARCH, "q=x&quality=kat9", "quality='kat9'; choose from kat1, kat2, kat3"),
        (SEARCH, "q=x&status=gone", f"status='gone'; choose from {STATUSES}"),
        (SEARCH, "q=x&sort=", "sort=''; choose from relevance, heading, modified"),
        (SEARCH, "q=x&cursor=%25", "cursor is not one a next or prev link gave"),
        (SEARCH, "q=*", NO_WORDS),
        (SEARCH, "", NO_WORDS),
        (SEARCH, "q=" + "a" * 501, LONG),
        # A value that cannot be read is named before one out of bounds ...
        (SEARCH, "q=*&kind=dragon", f"kind='dragon'; choose from {KINDS}"),
        # ... and among those out of bounds, q before size, as the service checks.
        (SEARCH, "q=*&size=1000", NO_WORDS),
        (SEARCH, "q=x&vocabulary=hum%20ord", VOCABULARY),
        (
            SEARCH,
            "q=x&vocabulary=humord,-x",
            "vocabulary: '-x' is no vocabulary code" + CODES,
        ),
        (SEARCH, "q=x&modifiedFrom=yesterday", f"modifiedFrom {ISO} 'yesterday'"),
        (SEARCH, "q=x&modifiedUntil=2024-02-30", f"modifiedUntil {ISO} '2024-02-30'"),
        (SEARCH, "q=x&modifiedFrom=", f"modifiedFrom {ISO} ''"),
        (
            SEARCH,
            "q=x&modifiedFrom=%D9%A2024-01-01",
            f"modifiedFrom {ISO} '٢024-01-01'",
        ),
        (
            SEARCH,
            "q=x&modifiedFrom=2024-02-01&modifiedUntil=2024-01-31",
            "modifiedFrom (2024-02-01T00:00:00+01:00) is after modifiedUntil "
            "(2024-01-31T23:59:59.999000+01:00)",
        ),
        # A value that cannot be read comes before the range and the query text.
        (SEARCH, "q=*&modifiedUntil=x", f"modifiedUntil {ISO} 'x'"),
        (SUGGEST, "q=x&limit=1000", "size must be between 1 and 100, not 1000"),
        (SUGGEST, "q=x&format=xml", "format must be json or opensearch"),
        (SUGGEST, "q=&format=xml", NO_WORDS),  # the format came last
        (BROWSE, "direction=up", "direction must be forward or backward, not 'up'"),
        (BROWSE, "limit=0&direction=up", "size must be between 1 and 100, not 0"),
        (BROWSE, "from=" + "a" * 501, LONG),
        (LookupParameters, "label=!", NO_WORDS),
        (LookupParameters, "label=&kind=x", f"kind='x'; choose from {KINDS}"),
        (BARE, "q=x authoritytype:x", f"authoritytype:x; choose from {BARE_TYPES}"),
        (BARE, "q=x authoritytype:x&start=0", f"start {BARE_ROWS} '0'"),
        (BARE, "q=a&start=%C2%B2", f"start {BARE_ROWS} '²'"),
        (BARE, "q=a&max=101", "size must be between 1 and 100, not 101"),
        (BARE, "q=a&max=10001", f"max {BARE_ROWS} '10001'"),
        (BARE, "q=a&format=xml", "format: BARE's search answers json only"),
        (BARE, "q=authoritytype:person", NO_WORDS),
        (
            ResolveParameters,
            "id=%20",
            "name what to resolve: /resolve?id=<id, URL or identifier>",
        ),
        (
            BareRecordParameters,
            "format=X",
            "format='x': BARE's formats are json and xml",
        ),
    ],
)
def test_a_bad_parameter_is_refused_as_before(
    model: type[BaseModel], query: str, detail: str
) -> None:
    assert refusal(model, query) == detail


def test_parameters_read_as_before() -> None:
    asked = read(SearchParameters, "q=rilke&kind=person&kind=topic,place&cursor=bzE")
    assert asked.kind == (Kind.PERSON, Kind.TOPIC, Kind.PLACE)
    assert (asked.size, asked.offset, asked.sort) == (20, 1, Sort.RELEVANCE)
    assert asked.statuses == (Status.ACTIVE,) and asked.quality == ()
    every = read(SearchParameters, "q=a&status=all,active&quality=kat3&sort=heading")
    assert every.statuses == tuple(Status) and every.quality == (QualityLevel.KAT3,)
    assert read(SearchParameters, "q=a&status=&kind=").statuses == (Status.ACTIVE,)
    bare = read(BareQueryParameters, "q=Moser AuthorityType:Conference&format=JSON")
    assert (bare.kinds, bare.start, bare.most) == ((Kind.MEETING,), 1, 10)
    assert bare.text.split() == ["Moser"]
    assert read(BrowseParameters, "from=rilke").start == "rilke"
    assert read(ResolveParameters, "id=%20x1%20").id == "x1"
    assert read(CreateParameters, "force=YES").force
    assert not read(CreateParameters, "force=maybe").force
    assert read(BareRecordParameters, "format=XML").format == "xml"


def test_vocabulary_and_modified_range_read() -> None:
    oslo = ZoneInfo("Europe/Oslo")
    asked = read(
        SearchParameters,
        "q=a&vocabulary=HUMORD,noubomn&vocabulary=&vocabulary=humord"
        "&modifiedFrom=2024-03-31&modifiedUntil=2024-03-31",
    )
    assert asked.vocabulary == ("humord", "noubomn")  # folded, each once
    # A date is the whole day in Oslo (summer time began that night).
    assert asked.modified_from == datetime(2024, 3, 31, tzinfo=oslo)
    assert asked.modified_until == datetime(2024, 3, 31, 23, 59, 59, 999_000, oslo)
    moments = read(
        SearchParameters,
        "q=a&modifiedFrom=2024-01-01T10:00:00Z&modifiedUntil=2024-01-01T12:00",
    )
    assert moments.modified_from == datetime(2024, 1, 1, 10, tzinfo=UTC)
    assert moments.modified_until == datetime(2024, 1, 1, 12, tzinfo=oslo)
    none = read(SearchParameters, "q=a")
    assert (none.vocabulary, none.modified_from, none.modified_until) == (
        (),
        None,
        None,
    )


def test_the_document_describes_the_new_parameters() -> None:
    parameters = {
        p["name"]: p
        for p in document(REGISTER)["paths"]["/authorities"]["get"]["parameters"]
    }
    items = parameters["vocabulary"]["schema"]["items"]
    assert "enum" not in items  # open-ended codes: a pattern
    pattern = re.compile(items["pattern"])
    assert all(pattern.match(v) for v in ("humord", "HUMORD", "gnd-content", ""))
    assert not pattern.match("hum ord")
    for name in ("modifiedFrom", "modifiedUntil"):
        assert parameters[name]["schema"]["anyOf"] == [
            {"format": "date"},
            {"format": "date-time"},
        ]
    facets = document(REGISTER)["components"]["schemas"]["Facets"]["properties"]
    assert "vocabulary" in facets


def test_problems_are_what_the_model_declares() -> None:
    Problem.model_validate(problem_body(404, "Not Found", "no", "/a", id="x"))
    Problem.model_validate(json.loads(problem_bytes(400, "Bad request", None)))


def test_every_body_schema_is_generated() -> None:
    schemas = document(REGISTER)["components"]["schemas"]
    for model in (*ANSWERED, *READ):
        assert model.__name__ in schemas
    # The only schemas not generated here: the published file (generated from its
    # model too) and the two bodies of the format table that are not ours to model.
    written = {"Authority", "JsonLd", "MarcJson"}
    generated = {k: v for k, v in schemas.items() if k not in written}
    assert generated == component_schemas(ANSWERED, READ)
    hit = schemas["Hit"]["properties"]
    assert hit["disambiguation"] == {"type": ["string", "null"]}
    assert hit["created"] == {"type": ["string", "null"], "format": "date-time"}
    assert "title" not in schemas["Hit"] and "title" in schemas["Problem"]["properties"]


def test_query_parameters_come_from_the_models() -> None:
    paths = document(REGISTER)["paths"]
    search = paths["/authorities"]["get"]["parameters"]
    names = [p["name"] for p in search]
    assert names == [f.alias or n for n, f in SearchParameters.model_fields.items()]
    size = next(p for p in search if p["name"] == "size")
    assert size["schema"] == {
        "default": 20, "maximum": 100, "minimum": 1, "type": "integer"
    }  # fmt: skip
    browse = paths["/authorities/browse"]["get"]["parameters"]
    assert browse[0]["name"] == "from"


def test_an_empty_value_the_reader_ignores_is_one_the_document_allows() -> None:
    # kind=&quality=&status= reads as no filter (a form's "any"); a document
    # without "" in the items' enum called that request invalid while it got 200.
    assert read(SearchParameters, "q=a&kind=&quality=&status=").quality == ()
    paths = document(REGISTER)["paths"]
    for path in ("/authorities", "/authorities/suggest", "/authorities/browse"):
        for parameter in paths[path]["get"]["parameters"]:
            schema = parameter["schema"]
            if schema.get("type") == "array" and "enum" in schema["items"]:
                assert "" in schema["items"]["enum"], (path, parameter["name"])


@pytest.mark.parametrize(
    ("model", "body", "good"),
    [
        (MergeRequest, {"into": "90517730", "note": "kept"}, True),
        (MergeRequest, {"into": "90517730\n"}, True),  # as domain.ids reads it
        (MergeRequest, {"into": 90517730}, False),
        (MergeRequest, {"into": "x90517730"}, False),
        (MergeRequest, {}, False),
        (RevertRequest, {"revision": 1}, True),
        (RevertRequest, {"revision": 0}, False),
        (RevertRequest, {"revision": True}, False),
        (RevertRequest, {"revision": 1.0}, False),
        (RevertRequest, {"revision": "3"}, False),
    ],
)
def test_write_bodies_are_read_as_before(
    model: type[BaseModel], body: dict[str, Any], good: bool
) -> None:
    try:
        model.model_validate(body)
    except ValidationError:
        assert not good
    else:
        assert good
    assert is_valid_id("90517730\n")  # what the view checked 'into' with
