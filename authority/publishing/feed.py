"""The change feed's documents: ActivityStreams 2.0, in the IIIF Change Discovery shape.

The change log is numbered 1, 2, 3 ... without gaps, so page ``n`` of ``size``
holds the changes ``(n-1)*size+1 .. n*size`` and never changes once the log's head
has reached ``n*size`` (a *full* page: cacheable for ever). Pages are numbered
from the oldest, so ``first`` is page 1 and ``last`` the open page with the newest
changes, as the IIIF Change Discovery API 1.0 has it: a consumer reads from
``last`` backwards to where it stopped, then forwards by ``next``.

What each change becomes is decided by the state it left, not by the word the
change log calls it (see :func:`activity_type`), so that restores, reverts and
relinks, which can leave an authority in any state, tell a consumer exactly what
to do with its copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from authority.domain.history import Logged, Published
from authority.domain.kinds import Status
from authority.linkeddata.uris import Uris

JSON = dict[str, Any]
ACTIVITYSTREAMS = "https://www.w3.org/ns/activitystreams"
MEDIA_TYPE = f'application/ld+json; profile="{ACTIVITYSTREAMS}"'
"""The media type ActivityStreams 2.0 asks servers to send."""
JSON_LINES = "application/x-ndjson"
"""One activity per line (the stream of ``/changes.jsonl``)."""


@dataclass(frozen=True)
class Feed:
    """Where one deployment's feed lives, and its page size (fixed: see config)."""

    uris: Uris
    size: int

    @property
    def collection(self) -> str:
        """The ``OrderedCollection`` of every change."""
        return f"{self.uris.base}changes"

    def page_url(self, number: int) -> str:
        """Page ``number`` (1: the oldest changes)."""
        return f"{self.collection}/page/{number}"

    def context(self) -> list[Any]:
        """ActivityStreams' context and ours: the authority's type, seq, revision."""
        ours = f"{self.collection}#"
        return [
            ACTIVITYSTREAMS,
            {
                "Concept": "http://www.w3.org/2004/02/skos/core#Concept",
                "seq": {"@id": f"{ours}seq", "@type": XSD_INTEGER},
                "revision": {"@id": f"{ours}revision", "@type": XSD_INTEGER},
                "action": {"@id": f"{ours}action"},
            },
        ]

    def pages(self, head: int) -> int:
        """How many pages a log with head ``head`` has: the full ones and the open one.

        The open page always exists, empty when the head ends a page: a full page
        is cached for ever as it was first served, so it must carry its ``next``
        link from the start (a page that gained it later would stay without it in
        every cache that kept the first copy).
        """
        return head // self.size + 1

    def full(self, number: int, head: int) -> bool:
        """Whether page ``number`` is full: its content is then fixed for ever."""
        return head >= number * self.size

    def span(self, number: int) -> tuple[int, int]:
        """The change numbers of page ``number``: ``after < seq <= until``."""
        return (number - 1) * self.size, number * self.size


XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

SHAPE = 2
"""The documents' shape, in a full page's ETag: raise it when a document changes, so
that a cache revalidating a page gets the new shape instead of a 304."""


def collection(feed: Feed, head: int) -> JSON:
    """The ``OrderedCollection``: how many changes, the first and the last page."""
    return {
        "@context": feed.context(),
        "id": feed.collection,
        "type": "OrderedCollection",
        "totalItems": head,
        "first": _page_ref(feed, 1),
        "last": _page_ref(feed, feed.pages(head)),
    }


def page(feed: Feed, number: int, head: int, entries: list[Published]) -> JSON:
    """Page ``number`` of the collection, holding ``entries`` (its changes, in order).

    ``next`` only where a later page exists; the open (last) page has none.
    """
    items = [activity(feed.uris, e) for e in entries]
    return _page(feed, number, head, items)


def page_of_rows(feed: Feed, number: int, head: int, rows: list[Logged]) -> JSON:
    """:func:`page` from the log's plain rows (what the API serves: no dataclasses)."""
    return _page(feed, number, head, [row_activity(feed.uris, r) for r in rows])


def _page(feed: Feed, number: int, head: int, items: list[JSON]) -> JSON:
    document: JSON = {
        "@context": feed.context(),
        "id": feed.page_url(number),
        "type": "OrderedCollectionPage",
        "partOf": {"id": feed.collection, "type": "OrderedCollection"},
        "startIndex": feed.span(number)[0],
    }
    if number > 1:
        document["prev"] = _page_ref(feed, number - 1)
    if number < feed.pages(head):
        document["next"] = _page_ref(feed, number + 1)
    document["orderedItems"] = items
    return document


def activity_type(entry: Published) -> str:
    """What a consumer does with its copy, from the state the change left.

    - merged: ``Move`` (drop it; the survivor is ``target``);
    - deleted: ``Delete`` (drop it);
    - active, and active before: ``Update`` (fetch it again);
    - active, and not active before (a new authority, a restore, or a revert that
      undid a delete or a merge): ``Create`` (fetch it; it was gone).

    A relink is an edit of a relation (``Update``, or ``Move`` again when it
    touches a merged authority); a revert is whatever state it went back to. The
    log's own word stays in ``action``.
    """
    before = entry.before.value if entry.before else None
    return _type(entry.status.value, before)


def activity(uris: Uris, entry: Published) -> JSON:
    """One change as an activity: its type, the authority and revision, time, seq.

    The actor is shown as the public history shows it: the institution only (a
    token's name is often a person's), and nothing when there is none.
    """
    change = entry.change
    return _activity(
        uris,
        change.seq,
        change.authority_id,
        change.revision,
        activity_type(entry),
        entry.merged_into,
        change.recorded,
        change.action,
        change.actor.institution,
    )


def row_activity(uris: Uris, row: Logged) -> JSON:
    """:func:`activity` of one of the log's plain rows (the actor's name unread)."""
    (
        seq, authority_id, revision, action, _actor, institution, recorded,
        status, merged_into, before,
    ) = row  # fmt: skip
    kind = _type(status, before)
    return _activity(
        uris, seq, authority_id, revision, kind, merged_into, recorded, action,
        institution,
    )  # fmt: skip


def lines(uris: Uris, rows: Iterable[Logged]) -> bytes:
    """The activities of ``rows`` as JSON lines (each as :func:`activity` has it).

    Straight from the log's plain rows, no dataclass between: a stream of millions
    of changes spends its time here (orjson, not json: encoding is most of it).
    """
    dumps = orjson.dumps
    return b"".join(dumps(row_activity(uris, row)) + b"\n" for row in rows)


def _type(status: str, before: str | None) -> str:
    # activity_type's rule on the stored words (Status values)
    if status == MERGED:
        return "Move"
    if status == DELETED:
        return "Delete"
    return "Update" if before == ACTIVE else "Create"


MERGED, DELETED, ACTIVE = Status.MERGED.value, Status.DELETED.value, Status.ACTIVE.value


def _activity(
    uris: Uris,
    seq: int,
    authority_id: str,
    revision: int,
    kind: str,
    merged_into: str | None,
    recorded: datetime,
    action: str,
    institution: str | None,
) -> JSON:
    # One place builds an activity, for pages, Atom and the stream alike; the
    # actor's name is not even passed in (privacy: the institution only).
    subject = {
        "id": uris.authority(authority_id),
        "type": "Concept",
        "revision": revision,
    }
    found: JSON = {"type": kind, "seq": seq, "object": subject}
    if kind == "Move" and merged_into:
        found["origin"] = {"id": subject["id"], "type": "Concept"}
        found["target"] = {"id": uris.authority(merged_into), "type": "Concept"}
    # endTime as the IIIF Change Discovery API has it, published as LD4's Entity
    # Metadata Management API: a consumer of either finds the time it reads.
    found["endTime"] = found["published"] = timestamp(recorded)
    found["action"] = action
    if institution:
        found["actor"] = {"type": "Organization", "name": institution}
    return found


def timestamp(moment: datetime) -> str:
    """An ``xsd:dateTime`` in UTC, ending in ``Z`` (as the IIIF API shows them)."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _page_ref(feed: Feed, number: int) -> JSON:
    return {"id": feed.page_url(number), "type": "OrderedCollectionPage"}
