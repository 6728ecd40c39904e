"""THE consumer test: a harvester following the feed ends with the database's state.

The register starts with part of the corpus; creates (the rest of the corpus),
updates, deletes, restores, merges (with their relinks) and reverts happen between
follows, in a seeded random order. The consumer (``consumer.py``) knows only the
API: it follows the pages one round and ``/changes.jsonl`` the next, applies each
activity (fetch for Create/Update, drop for Delete/Move), and must end with
exactly the ids, statuses, revisions and survivors the database holds, having
applied every change number once, in order. A last round races a writer thread
against a consumer over a live server.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from http.client import HTTPConnection
from urllib.parse import urlsplit

import pytest
from flask import Flask

from authority.domain import Actor, Authority, Status
from authority.errors import AuthorityError
from authority.extension import runtime
from authority.service import Services
from tests.integration.api.conftest import BASE, empty_app, serve
from tests.integration.publishing.consumer import Consumer, Get
from tests.support import corpus_authorities

LOADED = 300
"""Corpus authorities loaded before the consumer starts; the rest are created."""
CATALOGUER = Actor("kari.nordmann", "UiO")
"""A token's name: it must never appear in the feed."""


@pytest.fixture(scope="module")
def app(admin_url: str) -> Iterator[Flask]:
    app = empty_app(admin_url, "authority_feed_consumer", FEED_PAGE_SIZE=40)
    services = runtime(app).services
    results = services.loading.upsert_many(corpus_authorities()[:LOADED], Actor("load"))
    assert not [r for r in results if isinstance(r, Exception)]
    yield app
    runtime(app).close()


class Writer:
    """Random writes of every kind, through the service, seeded."""

    def __init__(self, services: Services, seed: int) -> None:
        self.services = services
        self.random = random.Random(seed)  # noqa: S311 (test data, seeded)
        self.waiting = list(corpus_authorities()[LOADED:])
        self.random.shuffle(self.waiting)
        self.done: dict[str, int] = {}

    def write(self, count: int) -> None:
        for _ in range(count):
            kind = self.random.choice(
                ["create", "update", "update", "delete", "restore", "merge", "revert"]
            )
            try:
                getattr(self, kind)()
            except (AuthorityError, IndexError):
                # refused (a revert to nothing new...) or nothing to pick (no
                # deleted authority to restore yet)
                kind = "skipped"
            self.done[kind] = self.done.get(kind, 0) + 1

    def create(self) -> None:
        self.services.cataloguing.create(self.waiting.pop(), CATALOGUER)

    def update(self) -> None:
        current = self._pick(Status.ACTIVE)
        self.services.cataloguing.update(current, current.revision, CATALOGUER)

    def delete(self) -> None:
        self.services.cataloguing.delete(self._pick(Status.ACTIVE).id, None, CATALOGUER)

    def restore(self) -> None:
        self.services.cataloguing.restore(self._pick(Status.DELETED).id, CATALOGUER)

    def merge(self) -> None:
        loser = self._pick(Status.ACTIVE)
        same = [a for a in self._all(Status.ACTIVE) if a.kind == loser.kind]
        survivor = self.random.choice([a for a in same if a.id != loser.id])
        self.services.cataloguing.merge(loser.id, survivor.id, CATALOGUER)

    def revert(self) -> None:
        changed = [a for a in self._all(None) if a.revision > 1]
        chosen = self.random.choice(changed)
        back = self.random.randint(1, chosen.revision - 1)
        self.services.cataloguing.revert(chosen.id, back, CATALOGUER, admin=True)

    def _pick(self, status: Status) -> Authority:
        return self.random.choice(self._all(status))

    def _all(self, status: Status | None) -> list[Authority]:
        found = self.services.reading.all(batch=1000)
        return [a for a in found if status is None or a.status is status]


def database_state(services: Services) -> dict[str, tuple[str, int, str | None]]:
    return {
        a.id: (str(a.status), a.revision, a.merged_into)
        for a in services.reading.all(batch=1000)
    }


def assert_current(consumer: Consumer, services: Services) -> None:
    expected = database_state(services)
    assert consumer.state() == expected
    assert consumer.applied == list(range(1, services.feed.head() + 1))
    for authority_id, copy in consumer.copies.items():
        if copy.status == "active":  # the record fetched is the one stored
            assert copy.record is not None
            assert copy.record["revision"] == expected[authority_id][1]


def client_get(app: Flask) -> Get:
    client = app.test_client()

    def get(path: str) -> tuple[int, bytes]:
        response = client.get(path)
        return response.status_code, response.get_data()

    return get


def test_a_consumer_following_pages_and_stream_ends_with_the_database(
    app: Flask,
) -> None:
    services = runtime(app).services
    consumer = Consumer(client_get(app), BASE)
    writer = Writer(services, seed=20)
    for round in range(12):
        writer.write(15)
        if round % 3 == 0:
            consumer.follow_pages()
        elif round % 3 == 1:
            consumer.follow_stream()
        else:  # a stream read in small bites, resumed by after=
            for _ in range(5):
                consumer.follow_stream(limit=7)
            consumer.follow_pages()
        assert_current(consumer, services)
    for kind in ("create", "update", "delete", "restore", "merge", "revert"):
        assert writer.done.get(kind), (kind, writer.done)
    assert any(c.status == "merged" for c in consumer.copies.values())
    assert any(c.status == "deleted" for c in consumer.copies.values())


class Racing:
    """A writer thread writing until stopped (at most ``most`` writes); errors kept."""

    def __init__(self, writer: Writer, most: int = 400) -> None:
        self.writer = writer
        self.most = most
        self.failures: list[BaseException] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._write)

    def __enter__(self) -> Racing:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        """Stop writing and wait for the write in hand; raise what went wrong."""
        self._stop.set()
        self._thread.join()
        assert not self.failures, self.failures

    def _write(self) -> None:
        try:
            while (
                not self._stop.is_set() and sum(self.writer.done.values()) < self.most
            ):
                self.writer.write(1)
        except BaseException as error:  # noqa: BLE001 - reported by stop()
            self.failures.append(error)


def test_a_consumer_racing_a_writer_thread_ends_with_the_database(app: Flask) -> None:
    services = runtime(app).services
    for url in serve(app):
        consumer = Consumer(http_get(url), BASE)
        raced = 0  # rounds that saw the head move while they read
        with Racing(Writer(services, seed=21)) as racing:
            round = 0
            # 8 rounds at least, and more while the writer runs until 4 of them
            # raced it: the faster the feed, the more rounds fall between writes
            while round < 8 or (raced < 4 and racing.running() and round < 200):
                before = services.feed.head()
                if round % 2:
                    consumer.follow_pages()
                else:
                    consumer.follow_stream()
                raced += services.feed.head() > before
                round += 1
        consumer.follow_stream()
        consumer.follow_pages()  # nothing new: it must apply nothing
        assert_current(consumer, services)
        assert raced >= 4, raced


def http_get(url: str) -> Get:
    """GETs over HTTP to the live server; redirects are answers, not followed."""
    address = urlsplit(url)

    def get(path: str) -> tuple[int, bytes]:
        connection = HTTPConnection(address.hostname or "", address.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    return get
