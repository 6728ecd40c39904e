"""The change feed's documents, built from change-log entries (no database).

Golden-ish: the collection and a page are compared whole for a small feed, and
every document built must be what the OpenAPI contracts say it is.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import orjson
import pytest
from lxml import etree

from authority.api.contracts.feed import Activity, ChangeCollection, ChangePage
from authority.domain import Actor, Status
from authority.domain.history import Change, Logged, Published
from authority.linkeddata.uris import Uris
from authority.publishing.atom import ATOM, atom
from authority.publishing.feed import (
    ACTIVITYSTREAMS,
    Feed,
    activity,
    activity_type,
    collection,
    lines,
    page,
    page_of_rows,
    row_activity,
)

FEED = Feed(Uris("https://authority.test/"), size=2)
WHEN = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
A = "https://authority.test/authorities/"
CATALOGUER = Actor("kari.nordmann", "NTNU")


def entry(
    seq: int,
    action: str,
    status: Status,
    before: Status | None,
    *,
    id: str = "90053126",
    revision: int = 1,
    merged_into: str | None = None,
    actor: Actor = CATALOGUER,
) -> Published:
    change = Change(seq, id, revision, action, actor, WHEN)
    return Published(change, status, merged_into, before)


def test_pages_are_numbered_from_the_oldest_and_full_ones_are_fixed() -> None:
    assert [FEED.pages(h) for h in (0, 1, 2, 3, 4, 5)] == [1, 1, 2, 2, 3, 3]
    assert FEED.span(1) == (0, 2)
    assert FEED.span(3) == (4, 6)
    assert FEED.full(2, 4) and not FEED.full(3, 5) and not FEED.full(1, 1)


def test_the_collection_names_its_first_and_last_pages() -> None:
    body = collection(FEED, 5)
    assert body["@context"][0] == ACTIVITYSTREAMS
    assert {k: v for k, v in body.items() if k != "@context"} == {
        "id": "https://authority.test/changes",
        "type": "OrderedCollection",
        "totalItems": 5,
        "first": {
            "id": "https://authority.test/changes/page/1",
            "type": "OrderedCollectionPage",
        },
        "last": {
            "id": "https://authority.test/changes/page/3",
            "type": "OrderedCollectionPage",
        },
    }
    ChangeCollection.model_validate(body)


def test_an_empty_log_has_one_empty_page() -> None:
    body = collection(FEED, 0)
    assert body["totalItems"] == 0
    assert body["first"] == body["last"]
    empty = page(FEED, 1, 0, [])
    assert empty["orderedItems"] == [] and "next" not in empty and "prev" not in empty


def test_a_page_links_to_its_neighbours_and_holds_its_changes() -> None:
    entries = [
        entry(3, "update", Status.ACTIVE, Status.ACTIVE, revision=2),
        entry(4, "delete", Status.DELETED, Status.ACTIVE, revision=3),
    ]
    body = page(FEED, 2, 5, entries)
    ChangePage.model_validate(body)
    assert body["id"] == "https://authority.test/changes/page/2"
    assert body["partOf"] == {
        "id": "https://authority.test/changes",
        "type": "OrderedCollection",
    }
    assert body["startIndex"] == 2
    assert body["prev"]["id"].endswith("/changes/page/1")
    assert body["next"]["id"].endswith("/changes/page/3")
    assert body["orderedItems"] == [
        {
            "type": "Update",
            "seq": 3,
            "object": {"id": A + "90053126", "type": "Concept", "revision": 2},
            "endTime": "2026-03-01T12:30:00Z",
            "published": "2026-03-01T12:30:00Z",
            "action": "update",
            "actor": {"type": "Organization", "name": "NTNU"},
        },
        {
            "type": "Delete",
            "seq": 4,
            "object": {"id": A + "90053126", "type": "Concept", "revision": 3},
            "endTime": "2026-03-01T12:30:00Z",
            "published": "2026-03-01T12:30:00Z",
            "action": "delete",
            "actor": {"type": "Organization", "name": "NTNU"},
        },
    ]
    last = page(FEED, 3, 5, [entry(5, "create", Status.ACTIVE, None)])
    assert "next" not in last and last["prev"]["id"].endswith("/page/2")


def test_a_page_that_is_just_full_already_links_to_the_next() -> None:
    # Cached for ever as first served: its next link must be there from the start.
    entries = [
        entry(3, "update", Status.ACTIVE, Status.ACTIVE),
        entry(4, "update", Status.ACTIVE, Status.ACTIVE),
    ]
    assert FEED.full(2, 4)
    assert page(FEED, 2, 4, entries)["next"]["id"].endswith("/changes/page/3")
    assert page(FEED, 2, 4, entries) == page(FEED, 2, 9, entries)
    assert collection(FEED, 4)["last"]["id"].endswith("/changes/page/3")
    assert page(FEED, 3, 4, [])["orderedItems"] == []


def test_a_merge_is_a_move_to_the_survivor() -> None:
    merged = entry(
        7, "merge", Status.MERGED, Status.ACTIVE, id="1560455410566", merged_into="1"
    )
    found = activity(FEED.uris, merged)
    assert found["type"] == "Move"
    assert found["object"]["id"] == A + "1560455410566"
    assert found["origin"] == {"id": A + "1560455410566", "type": "Concept"}
    assert found["target"] == {"id": A + "1", "type": "Concept"}
    Activity.model_validate(found)


@pytest.mark.parametrize(
    ("action", "status", "before", "expected"),
    [
        ("create", Status.ACTIVE, None, "Create"),
        ("update", Status.ACTIVE, Status.ACTIVE, "Update"),
        ("relink", Status.ACTIVE, Status.ACTIVE, "Update"),
        ("delete", Status.DELETED, Status.ACTIVE, "Delete"),
        ("restore", Status.ACTIVE, Status.DELETED, "Create"),
        ("revert", Status.ACTIVE, Status.MERGED, "Create"),  # undoes a merge
        ("revert", Status.ACTIVE, Status.DELETED, "Create"),  # undoes a delete
        ("revert", Status.ACTIVE, Status.ACTIVE, "Update"),
        ("revert", Status.DELETED, Status.ACTIVE, "Delete"),
        ("merge", Status.MERGED, Status.ACTIVE, "Move"),
        ("relink", Status.MERGED, Status.MERGED, "Move"),
        ("create", Status.DELETED, None, "Delete"),  # a load of a deleted record
    ],
)
def test_the_type_follows_the_state_the_change_left(
    action: str, status: Status, before: Status | None, expected: str
) -> None:
    found = entry(
        1, action, status, before, merged_into="1" if status == "merged" else None
    )
    assert activity_type(found) == expected
    assert activity(FEED.uris, found)["action"] == action


def test_the_actor_is_the_institution_only_as_the_public_history_shows_it() -> None:
    named = activity(FEED.uris, entry(1, "create", Status.ACTIVE, None))
    assert named["actor"] == {"type": "Organization", "name": "NTNU"}
    assert "kari.nordmann" not in str(named)
    nobody = entry(1, "create", Status.ACTIVE, None, actor=Actor("loader"))
    assert "actor" not in activity(FEED.uris, nobody)
    assert "loader" not in str(activity(FEED.uris, nobody))


def test_times_are_utc() -> None:
    oslo = timezone(timedelta(hours=1))
    change = Change(
        1, "1", 1, "create", Actor("x"), datetime(2026, 3, 1, 13, 30, tzinfo=oslo)
    )
    found = activity(FEED.uris, Published(change, Status.ACTIVE, None, None))
    assert found["endTime"] == "2026-03-01T12:30:00Z"


def test_the_atom_view_is_well_formed_even_with_control_characters() -> None:
    odd = entry(9, "create", Status.ACTIVE, None, actor=Actor("x", "Bad\x01Inst"))
    root = etree.fromstring(atom(FEED, [odd], "NO-TrBIB"))
    assert root.findtext(f"{{{ATOM}}}updated") == "2026-03-01T12:30:00Z"
    (found,) = root.findall(f"{{{ATOM}}}entry")
    assert found.findtext(f"{{{ATOM}}}id") == "https://authority.test/changes#9"
    assert found.findtext(f"{{{ATOM}}}author/{{{ATOM}}}name") == "Bad\ufffdInst"
    assert found.find(f"{{{ATOM}}}link").get("href") == A + "90053126"  # type: ignore[union-attr]
    empty = etree.fromstring(atom(FEED, [], "NO-TrBIB"))
    assert empty.findtext(f"{{{ATOM}}}updated") == "1970-01-01T00:00:00Z"


def _row(published: Published) -> Logged:
    c = published.change
    before = published.before.value if published.before else None
    return (
        c.seq, c.authority_id, c.revision, c.action, c.actor.name,
        c.actor.institution, c.recorded, published.status.value,
        published.merged_into, before,
    )  # fmt: skip


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("before", [None, *Status])
@pytest.mark.parametrize("merged_into", [None, "90000001"])
@pytest.mark.parametrize("actor", [CATALOGUER, Actor("load"), Actor("x", 'Ø\n"')])
@pytest.mark.parametrize(
    "when",
    [
        WHEN,
        WHEN.replace(microsecond=120),
        WHEN.astimezone(timezone(timedelta(hours=1))),
    ],
)
def test_the_stream_and_pages_from_plain_rows_are_the_same_documents(
    status: Status,
    before: Status | None,
    merged_into: str | None,
    actor: Actor,
    when: datetime,
) -> None:
    """The fast path (plain rows, no dataclasses) builds what activity() builds."""
    published = [
        Published(
            Change(seq, "90053126", seq, "relink", actor, when),
            status,
            merged_into,
            before,
        )
        for seq in (3, 4)
    ]
    rows = [_row(p) for p in published]
    assert [row_activity(FEED.uris, r) for r in rows] == [
        activity(FEED.uris, p) for p in published
    ]
    assert page_of_rows(FEED, 2, 5, rows) == page(FEED, 2, 5, published)
    expected = b"".join(orjson.dumps(activity(FEED.uris, p)) + b"\n" for p in published)
    assert lines(FEED.uris, rows) == expected
    assert b"kari.nordmann" not in expected and b'"x"' not in expected
