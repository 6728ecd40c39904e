"""A consumer takes a dump, then follows the feed from its number: exactly current.

The register is written to by a writer thread the whole time: while the dump is
taken, while the consumer downloads it, and while it follows the feed. The
consumer knows only HTTP: ``/dumps`` (the manifest), the JSON-LD lines file
(checked against its SHA-256), then ``/changes.jsonl?after=<seqEnd>``; for each
Create or Update it fetches the authority's JSON-LD. When the writer stops and the
consumer has caught up, its copy must be the database's: the same ids, statuses and
survivors, and for every active authority the same graph as the register serves now.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from authority.domain import Actor, Status
from authority.export.folder import DumpFolder
from authority.export.job import ExportJob
from authority.export.publish import run_dump
from authority.extension import runtime
from authority.service import Services
from tests.integration.api.conftest import BASE, empty_app, serve
from tests.integration.publishing.consumer import Consumer, Copy
from tests.integration.publishing.test_consumer import (
    LOADED,
    Racing,
    Writer,
    database_state,
    http_get,
)
from tests.support import corpus_authorities, parse_rdf

pytestmark = pytest.mark.slow

CONTEXT = f"{BASE}context.jsonld"


@pytest.fixture(scope="module")
def dumps_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dumps")


@pytest.fixture(scope="module")
def app(admin_url: str, dumps_dir: Path) -> Iterator[Flask]:
    app = empty_app(admin_url, "authority_dump_feed", DUMP_DIR=str(dumps_dir))
    services = runtime(app).services
    results = services.loading.upsert_many(corpus_authorities()[:LOADED], Actor("load"))
    assert not [r for r in results if isinstance(r, Exception)]
    yield app
    runtime(app).close()


class DumpConsumer(Consumer):
    """The feed's consumer, started from a dump, keeping each record's JSON-LD."""

    def load_dump(self, lines: bytes) -> None:
        """Every authority of the dump's JSON-LD lines: its status, its document."""
        for line in lines.splitlines():
            document: dict[str, Any] = json.loads(line)
            authority_id = document["id"].removeprefix(self.base + "authorities/")
            graph = parse_rdf(line, "jsonld", CONTEXT)
            self.copies[authority_id] = Copy(*status_in(graph, authority_id, self.base))
            if self.copies[authority_id].status == "active":
                self.copies[authority_id].record = {"graph": graph}

    def _fetched(self, authority_id: str, revision: int) -> Copy:
        status, body = self.get(f"/authorities/{authority_id}.jsonld")
        if status != 200:  # deleted or merged since: a later activity says so
            return Copy("active", revision)
        return Copy(
            "active", revision, record={"graph": parse_rdf(body, "jsonld", CONTEXT)}
        )


def status_in(
    graph: Graph, authority_id: str, base: str
) -> tuple[str, int, str | None]:
    """(status, revision unknown = 0, survivor) as the dump's RDF says them."""
    subject = f"{base}authorities/{authority_id}"
    deprecated = graph.query(
        "ASK { ?s <http://www.w3.org/2002/07/owl#deprecated> true }",
        initBindings={"s": URIRef(subject)},
    ).askAnswer
    survivors = [
        str(o).removeprefix(base + "authorities/")
        for o in graph.objects(
            URIRef(subject), URIRef("http://purl.org/dc/terms/isReplacedBy")
        )
    ]
    if survivors:
        return ("merged", 0, survivors[0])
    return ("deleted" if deprecated else "active", 0, None)


def test_a_dump_then_the_feed_from_its_number_is_exactly_current(
    app: Flask, dumps_dir: Path
) -> None:
    services = runtime(app).services
    writer = Writer(services, seed=30)
    writer.write(40)  # some history before the dump: deletes, merges, restores
    with Racing(writer) as racing:
        job = ExportJob("nt", base_uri=BASE, workers=2, range_size=50,
                        database_url=app.config["DATABASE_URL"])  # fmt: skip
        outcome = run_dump(services.dumping, DumpFolder(dumps_dir), job, force=True)
        assert outcome.manifest is not None
        for url in serve(app):
            get = http_get(url)
            consumer = DumpConsumer(get, BASE)
            seq = take_the_dump(consumer, get)
            assert seq == outcome.manifest.seq
            consumer.seq = seq  # the feed from here on
            for _ in range(4):
                consumer.follow_stream()
            racing.stop()
            consumer.follow_stream()  # what the writer did last
            head = services.feed.head()
            assert head > seq, "the writer should have written after the dump"
            assert_exactly_current(consumer, services, get)


def take_the_dump(consumer: DumpConsumer, get: Any) -> int:
    """Read ``/dumps``, fetch and verify the JSON-LD lines, load them: their seqEnd."""
    status, body = get("/dumps")
    assert status == 200, body
    listing = json.loads(body)
    entry = next(f for f in listing["files"] if f["format"] == "jsonld")
    status, data = get("/dumps/" + entry["name"])
    assert status == 200
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    consumer.load_dump(gzip.decompress(data))
    assert len(consumer.copies) == entry["records"]
    return int(entry["seqEnd"])


def assert_exactly_current(
    consumer: DumpConsumer, services: Services, get: Any
) -> None:
    expected = database_state(services)
    assert set(consumer.copies) == set(expected)
    for authority_id, copy in consumer.copies.items():
        status, revision, survivor = expected[authority_id]
        assert (copy.status, copy.merged_into) == (status, survivor), authority_id
        if copy.revision:  # changed after the dump: the feed said which revision
            assert copy.revision == revision, authority_id
        if status == str(Status.ACTIVE):
            assert copy.record is not None, authority_id
            code, body = get(f"/authorities/{authority_id}.jsonld")
            assert code == 200
            assert isomorphic(
                copy.record["graph"], parse_rdf(body, "jsonld", CONTEXT)
            ), authority_id
