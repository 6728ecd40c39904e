"""Incremental harvests and harvests that page while others write.

An incremental harvest (``from`` = a moment) after an edit, a delete, a merge and a
restore gets exactly the authorities those changed (the merge's survivor and relinked
records too, from the change log); a harvest that pages while records change still
delivers every record that existed when it started, once.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask
from lxml import etree

from authority.domain import Actor, Field, Status, Subfield
from authority.extension import runtime
from authority.service import Services
from tests.integration.oai.conftest import serve, small_app
from tests.integration.oai.harvest import pyoai, sickle

OAI = "{http://www.openarchives.org/OAI/2.0/}"
PREFIX = "oai:bibsys.no:authority:"
ACTOR = Actor("oai-test")


@pytest.fixture(scope="module")
def app(admin_url: str) -> Iterator[Flask]:
    app = small_app(admin_url, "authority_oai_incremental")
    yield app
    runtime(app).close()


@pytest.fixture(scope="module")
def url(app: Flask) -> Iterator[str]:
    yield from serve(app)


def services(app: Flask) -> Services:
    return runtime(app).services


def active(app: Flask) -> list[str]:
    return [a.id for a in services(app).reading.all() if a.status is Status.ACTIVE]


def noted(app: Flask, authority_id: str, text: str) -> None:
    s = services(app)
    current = s.reading.get(authority_id)
    note = Field("670", subfields=(Subfield("a", text),))
    s.cataloguing.update(
        current.with_fields([*current.fields, note]), current.revision, ACTOR
    )


def next_second() -> datetime:
    """Wait for the next whole second; it is later than every change before."""
    time.sleep(1.05 - time.time() % 1)
    return datetime.now(UTC).replace(microsecond=0)


def test_incremental_harvest_gets_exactly_the_changes(app: Flask, url: str) -> None:
    s = services(app)
    edited, deleted, loser, survivor, restored = active(app)[:5]
    s.cataloguing.delete(restored, None, ACTOR)
    since = next_second()
    noted(app, edited, "Edited for the OAI test")
    s.cataloguing.delete(deleted, None, ACTOR)
    s.cataloguing.merge(loser, survivor, ACTOR)
    s.cataloguing.restore(restored, ACTOR)

    changed = {c.authority_id for c in s.reading.changes() if c.recorded >= since}
    assert {edited, deleted, loser, survivor, restored} <= changed
    stamp = since.strftime("%Y-%m-%dT%H:%M:%SZ")
    for got in (
        sickle(url + "/oai", metadataPrefix="marcxchange", **{"from": stamp}),
        pyoai(
            url + "/oai", metadataPrefix="marcxchange", from_=since.replace(tzinfo=None)
        ),
    ):
        assert sorted(i for i, _ in got) == sorted(PREFIX + i for i in changed)
        gone = {i.removeprefix(PREFIX) for i, is_deleted in got if is_deleted}
        assert gone == {deleted, loser}
    last = {c.authority_id: c for c in s.reading.changes()}
    for authority_id, action in ((deleted, "delete"), (loser, "merge"),
                                 (restored, "restore")):  # fmt: skip
        header = get_header(app, authority_id)
        assert header.get("status") == ("deleted" if action != "restore" else None)
        assert last[authority_id].action == action
        stamp = last[authority_id].recorded.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert header.findtext(f"{OAI}datestamp") == stamp


def get_header(app: Flask, authority_id: str) -> etree._Element:
    query = {"verb": "GetRecord", "metadataPrefix": "oai_dc",
             "identifier": PREFIX + authority_id}  # fmt: skip
    root = etree.fromstring(app.test_client().get("/oai", query_string=query).data)
    header = root.find(f".//{OAI}header")
    assert header is not None
    return header


def test_a_harvest_paging_while_others_write_misses_nothing(app: Flask) -> None:
    client = app.test_client()
    before = {a.id for a in services(app).reading.all()}
    query = {"verb": "ListIdentifiers", "metadataPrefix": "marc21"}
    root = etree.fromstring(client.get("/oai", query_string=query).data)
    seen = [e.text for e in root.iter(f"{OAI}identifier")]
    delivered = [i.removeprefix(PREFIX) for i in seen if i]
    waiting = sorted(before - set(delivered))
    noted(app, delivered[0], "Changed behind the harvester (delivered)")
    noted(app, waiting[0], "Changed behind the harvester (to come)")
    if waiting[-1] in active(app):
        services(app).cataloguing.delete(waiting[-1], None, ACTOR)
    while token := root.findtext(f".//{OAI}resumptionToken"):
        query = {"verb": "ListIdentifiers", "resumptionToken": token}
        root = etree.fromstring(client.get("/oai", query_string=query).data)
        seen += [e.text for e in root.iter(f"{OAI}identifier")]
    assert sorted(seen) == sorted(PREFIX + i for i in before)  # each exactly once


def test_a_harvest_waits_for_a_numbered_change_to_commit(app: Flask) -> None:
    # A change numbered before a harvest fixes its end, and committed after, must
    # be in that harvest: else its datestamp falls before the harvest's
    # responseDate, and a harvester whose next `from` is that date never sees it.
    import threading

    s = services(app)
    before = s.harvesting.last_change()
    current = s.reading.get(active(app)[0])
    note = Field("670", subfields=(Subfield("a", "numbered, not yet committed"),))
    ended: list[int] = []
    with s.register.unit_of_work() as uow:
        uow.authorities.update(
            current.with_fields([*current.fields, note]),
            current.revision,
            "update",
            ACTOR,
        )
        harvest = threading.Thread(
            target=lambda: ended.append(s.harvesting.last_change())
        )
        harvest.start()
        harvest.join(0.5)
        assert harvest.is_alive()  # waiting for the writer, not reading around it
        uow.commit()
    harvest.join(10)
    assert ended == [before + 1]
