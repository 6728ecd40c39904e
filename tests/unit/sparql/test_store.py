"""The store's folder and the query runner, without a database."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from authority.linkeddata.terms import Lit
from authority.sparql.folder import Folder, WriterBusy
from authority.sparql.query import QueryRefused, TooManyResults, refuse_service
from authority.sparql.store import Entry, WriterStore

P = "http://example.org/p"


def entry(n: int, revision: int = 1, text: str = "x") -> Entry:
    uri = f"http://example.org/a{n}"
    return Entry(uri, revision, [(uri, P, Lit(f"{text}{n}", "nb"))])


def test_apply_replaces_a_graph_whole_and_says_the_seq(tmp_path: Path) -> None:
    store = WriterStore(tmp_path / "s")
    store.load([entry(1), entry(2)], seq=5)
    assert store.seq() == 5
    store.apply([entry(1, 2, "y")], ["http://example.org/a2"], seq=7)
    assert store.seq() == 7
    assert store.revisions() == {"http://example.org/a1": 2}
    store.close()


def test_publish_install_and_prune(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    assert folder.current is None and folder.published_seq() is None
    store = WriterStore(folder.new_name("stores"))
    store.load([entry(1)], seq=1)
    folder.install(store)
    first = folder.current
    assert first is not None and folder.published_seq() == 1
    store.apply([entry(2)], [], seq=2)
    assert folder.publish(store)
    second = folder.current
    assert second != first and folder.published_seq() == 2
    os.utime(first, (time.time() - 10, time.time() - 10))
    folder.prune(grace=5)  # outdated and old: gone; the current one stays
    assert not first.exists() and second is not None and second.exists()
    store.close()


def test_a_store_swapped_out_by_a_rebuild_is_not_published(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    old = WriterStore(folder.new_name("stores"))
    old.load([entry(1)], seq=1)
    folder.install(old)
    new = WriterStore(folder.new_name("stores"))
    new.load([entry(1), entry(2)], seq=1)
    folder.install(new)
    assert not folder.publish(old)  # would undo the rebuild for readers
    assert folder.published_revisions() == {
        "http://example.org/a1": 1,
        "http://example.org/a2": 1,
    }
    old.close()
    new.close()


def test_one_writer(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    with folder.writing(), pytest.raises(WriterBusy), folder.writing():
        pass


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "select * { optional { service silent <urn:x> { ?s ?p ?o } } }",
        "SELECT * { \\u0053ERVICE <urn:x> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o . SERVICE",  # cannot be checked: refused
    ],
)
def test_service_is_refused(text: str) -> None:
    with pytest.raises(QueryRefused):
        refuse_service(text)


def test_a_word_service_in_a_literal_is_no_service_call() -> None:
    refuse_service('SELECT * { ?s ?p "customer service" }')


def test_too_many_results(tmp_path: Path) -> None:
    from pyoxigraph import Store

    from authority.sparql.query import run

    folder = Folder(tmp_path)
    store = WriterStore(folder.new_name("stores"))
    store.load([entry(n) for n in range(5)], seq=1)
    folder.install(store)
    store.close()
    reader = Store.read_only(str(folder.current))
    query = f"SELECT ?o WHERE {{ ?s <{P}> ?o }}"
    assert run(reader, query, ["text/csv"], 5).body.count(b"\n") == 6
    with pytest.raises(TooManyResults):
        run(reader, query, [], 4)
    with pytest.raises(TooManyResults):
        run(reader, f"CONSTRUCT {{ ?s <{P}> ?o }} WHERE {{ ?s <{P}> ?o }}", [], 4)
