"""The change feed: ``/changes``, its pages, and ``/changes.jsonl``.

The documents are ``authority.publishing.feed``'s; the changes come from the
service's ``feed`` up to its head (committed: never a number later filled in).
A full page never changes: ``immutable``, cached for a year. The open page and the
collection change with every write: cached for ``CACHE_MAX_AGE``, with an ETag
naming the head, so a poll between writes is a 304 that reads one counter.
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson
from flask import Blueprint, Response, current_app, request, stream_with_context
from werkzeug.exceptions import NotFound

from authority.api.authorities import uris
from authority.api.contracts.feed import ChangeCollection, ChangePage, FeedParameters
from authority.api.contracts.query import parsed
from authority.api.headers import YEAR
from authority.api.openapi.declare import documented
from authority.api.openapi.parameters import CONDITIONAL
from authority.api.openapi.references import schema_ref
from authority.api.openapi.responses import ref_responses
from authority.extension import services
from authority.publishing.atom import MEDIA_TYPE as ATOM_TYPE
from authority.publishing.atom import atom
from authority.publishing.feed import (
    JSON_LINES,
    MEDIA_TYPE,
    SHAPE,
    Feed,
    lines,
    page_of_rows,
)
from authority.publishing.feed import collection as collection_document

blueprint = Blueprint("changes", __name__)

ATOM_ENTRIES = 100
"""The newest changes the Atom view shows."""
STREAM_BATCH = 5000
"""Changes read per short transaction and sent per write by ``/changes.jsonl``."""
NUMBER = {
    "name": "number",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
    "description": "The page: 1 holds the oldest changes, the collection's last "
    "the newest.",
}


def _document(model: str, description: str) -> dict[str, object]:
    return {
        "description": description,
        "content": {MEDIA_TYPE: {"schema": schema_ref(model)}},
    }


@blueprint.get("/changes")
@documented(
    "getChanges",
    "feed",
    {
        "200": _document(ChangeCollection.__name__, "The collection."),
        **ref_responses("NotModified", "Unavailable"),
    },
    parameters=CONDITIONAL,
)
def collection() -> Response:
    """The change feed: every change of the register, in pages (ActivityStreams).

    An OrderedCollection in the IIIF Change Discovery API's shape: totalItems is
    the number of changes, first the page of the oldest, last the open page of
    the newest. Read last, then prev until a change you have seen; or keep the
    last seq you applied and read /changes.jsonl?after=seq.
    """
    feed = _feed()
    head = services().feed.head()
    tag = f"changes-{feed.size}-{head}"
    if request.if_none_match.contains(tag):
        return _not_modified(tag, immutable=False)
    return _answer(collection_document(feed, head), tag, immutable=False)


@blueprint.get("/changes/page/<int(min=1):number>")
@documented(
    "getChangePage",
    "feed",
    {
        "200": _document(ChangePage.__name__, "The page."),
        "404": "There is no such page yet.",
        **ref_responses("NotModified", "Unavailable"),
    },
    parameters=CONDITIONAL,
    path={"number": NUMBER},
)
def page(number: int) -> Response:
    """One page of the change feed, its changes oldest first.

    Page n holds the changes numbered (n-1)*size+1 to n*size. Once full it never
    changes (Cache-Control immutable, for a year); the open page changes with
    every write. Create and Update: fetch the authority; Delete: drop it; Move (a
    merge): drop it, its survivor is target. A page beyond the open one is 404.
    """
    feed = _feed()
    head = services().feed.head()
    if number > feed.pages(head):
        raise NotFound(
            f"page {number} does not exist yet (the last is {feed.pages(head)})"
        )
    full = feed.full(number, head)
    tag = f"page-{SHAPE}-{feed.size}-{number}" + ("" if full else f"-{head}")
    if request.if_none_match.contains(tag):
        return _not_modified(tag, immutable=full)
    after, until = feed.span(number)
    rows = services().feed.rows(after, min(until, head), feed.size)
    return _answer(page_of_rows(feed, number, head, rows), tag, immutable=full)


@blueprint.get("/changes.jsonl")
@documented(
    "streamChanges",
    "feed",
    {
        "200": {
            "description": "One activity (as a page's orderedItems hold them) per "
            "line, oldest first.",
            "content": {JSON_LINES: {"schema": {"type": "string"}}},
        },
        "400": "after or limit is not a whole number in range.",
        "404": "after is beyond the change log's head: no such change yet.",
        **ref_responses("Unavailable"),
    },
    query=FeedParameters,
)
def stream() -> Response:
    """The change feed as JSON lines, from a change on.

    Every change after the one numbered after, up to the head when the answer
    starts (or limit of them), one activity per line. Store the seq of the last
    line applied and ask again with after=seq: nothing is missed or repeated.
    """
    asked = parsed(FeedParameters)
    head = services().feed.head()
    if asked.after > head:  # as a page beyond the head: not there (yet)
        raise NotFound(f"after={asked.after} is beyond the change log's head ({head})")
    until = head if asked.limit is None else min(head, asked.after + asked.limit)
    lines = stream_with_context(_lines(asked.after, until, _feed()))
    response = Response(lines, mimetype=JSON_LINES)
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["CACHE_MAX_AGE"]
    return response


@blueprint.get("/changes.atom")
@documented(
    "getChangesAtom",
    "feed",
    {
        "200": {
            "description": f"The newest {ATOM_ENTRIES} changes, newest first.",
            "content": {ATOM_TYPE: {"schema": {"type": "string"}}},
        },
        **ref_responses("NotModified", "Unavailable"),
    },
    parameters=CONDITIONAL,
)
def atom_feed() -> Response:
    """The newest changes as an Atom feed, for feed readers.

    One entry per change, newest first: its category is the activity's type
    (Create, Update, Delete, Move), its link the authority. Machines should
    follow the pages or /changes.jsonl, which have every change.
    """
    feed = _feed()
    head = services().feed.head()
    tag = f"atom-{head}"
    if request.if_none_match.contains(tag):
        return _not_modified(tag, immutable=False)
    after = max(0, head - ATOM_ENTRIES)
    entries = services().feed.entries(after, head, ATOM_ENTRIES)[::-1]
    publisher = current_app.config["ORGANIZATION_CODE"]
    response = Response(atom(feed, entries, publisher), content_type=ATOM_TYPE)
    _cached(response, tag, immutable=False)
    return response


def _lines(after: int, until: int, feed: Feed) -> Iterator[bytes]:
    """The stream, a batch of lines per write (a write per line costs a syscall)."""
    for rows in services().feed.follow(after, until, STREAM_BATCH):
        yield lines(feed.uris, rows)


def _feed() -> Feed:
    return Feed(uris(), current_app.config["FEED_PAGE_SIZE"])


def _answer(document: dict[str, object], tag: str, *, immutable: bool) -> Response:
    body = orjson.dumps(document)
    response = Response(body, content_type=MEDIA_TYPE)
    _cached(response, tag, immutable)
    return response


def _not_modified(tag: str, *, immutable: bool) -> Response:
    response = Response(status=304)
    _cached(response, tag, immutable)
    return response


def _cached(response: Response, tag: str, immutable: bool) -> None:
    response.set_etag(tag)
    response.cache_control.public = True
    if immutable:
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.max_age = current_app.config["CACHE_MAX_AGE"]
