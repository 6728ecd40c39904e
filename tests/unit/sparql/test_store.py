"""The store's folder and the query runner, without a database."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from pyoxigraph import Store

from authority.linkeddata.terms import Lit
from authority.sparql.folder import SNAPSHOT_GRACE, Folder, WriterBusy
from authority.sparql.query import (
    Limits,
    QueryRefused,
    TooManyResults,
    refuse_service,
)
from authority.sparql.store import Entry, WriterStore, data_path
from authority.sparql.worker import LEAST_MEMORY, MOST_MEMORY, Budget

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
    store = WriterStore(store.path)  # install closed it (for the follower to open)
    store.apply([entry(2)], [], seq=2)
    assert folder.publish(store)
    second = folder.current
    assert second != first and folder.published_seq() == 2
    os.utime(first, (time.time() - 10, time.time() - 10))  # replaced 10 s ago
    folder.prune(grace=5)  # outdated and old: gone; the current one stays
    assert not first.exists() and second is not None and second.exists()
    store.close()


def test_an_old_snapshot_is_kept_for_the_grace_after_it_is_replaced(
    tmp_path: Path,
) -> None:
    # A snapshot made long ago, current through a quiet spell, is replaced: a
    # reader that has just read `current` must still be able to open it.
    folder = Folder(tmp_path)
    store = WriterStore(folder.new_name("stores"))
    store.load([entry(1)], seq=1)
    folder.install(store)
    old = folder.current
    assert old is not None
    long_ago = time.time() - 2 * SNAPSHOT_GRACE
    os.utime(old, (long_ago, long_ago))
    store = WriterStore(folder.writer_store)  # type: ignore[arg-type]
    store.apply([entry(2)], [], seq=2)
    assert folder.publish(store)
    assert old.exists() and folder.current != old
    Store.read_only(str(data_path(old)))  # what a reader on it does next
    folder.prune()
    assert old.exists()  # still within the grace of its replacement
    replaced = time.time() - SNAPSHOT_GRACE - 1
    os.utime(old, (replaced, replaced))
    folder.prune()
    assert not old.exists()
    store.close()


def test_a_rebuilt_store_is_closed_before_the_writer_is_pointed_at_it(
    tmp_path: Path,
) -> None:
    # The follower opens the new store as soon as `writer` names it.
    folder = Folder(tmp_path)
    store = WriterStore(folder.new_name("stores"))
    store.load([entry(1)], seq=3)
    folder.install(store)
    opened = WriterStore(folder.writer_store)  # type: ignore[arg-type]
    assert opened.seq() == 3
    opened.close()
    store.close()  # closing again is harmless


def test_the_bookkeeping_is_not_in_what_queries_see(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    store = WriterStore(folder.new_name("stores"))
    store.load([entry(1), entry(2)], seq=4)
    folder.install(store)
    reader = Store.read_only(str(data_path(folder.current)))  # type: ignore[arg-type]
    rows = list(reader.query("SELECT * { ?s ?p ?o }", use_default_graph_as_union=True))
    assert len(rows) == 2
    graphs = "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"
    named = {str(r["g"].value) for r in reader.query(graphs)}  # type: ignore[index,union-attr]
    assert named == {"http://example.org/a1", "http://example.org/a2"}
    assert folder.published_seq() == 4


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
    from authority.sparql.query import run

    folder = Folder(tmp_path)
    store = WriterStore(folder.new_name("stores"))
    store.load([entry(n) for n in range(5)], seq=1)
    folder.install(store)
    store.close()
    reader = Store.read_only(str(data_path(folder.current)))  # type: ignore[arg-type]
    query = f"SELECT ?o WHERE {{ ?s <{P}> ?o }}"
    roomy = Limits(5, 10_000)
    assert run(reader, query, ["text/csv"], roomy).body.count(b"\n") == 6
    with pytest.raises(TooManyResults):
        run(reader, query, [], Limits(4, 10_000))
    construct = f"CONSTRUCT {{ ?s <{P}> ?o }} WHERE {{ ?s <{P}> ?o }}"
    with pytest.raises(TooManyResults):
        run(reader, construct, [], Limits(4, 10_000))
    with pytest.raises(TooManyResults, match="larger than 100 bytes"):
        run(reader, construct, [], Limits(5, 100))


def test_one_row_too_large_is_too_many_results(tmp_path: Path) -> None:
    from authority.sparql.query import run

    folder = Folder(tmp_path)
    store = WriterStore(folder.new_name("stores"))
    store.load([entry(n, text="x" * 1000) for n in range(50)], seq=1)
    folder.install(store)
    reader = Store.read_only(str(data_path(folder.current)))  # type: ignore[arg-type]
    query = "SELECT (GROUP_CONCAT(?o) AS ?x) WHERE { ?s ?p ?o }"
    for form in ("application/sparql-results+json", "text/tab-separated-values"):
        with pytest.raises(TooManyResults, match="larger than 20000 bytes"):
            run(reader, query, [form], Limits(10, 20_000))
    assert len(run(reader, query, [], Limits(10, 100_000)).body) > 50_000


def test_a_pool_gets_its_share_of_the_pod() -> None:
    gib = 1024**3
    alone = Budget.shared(cores=8, pools=1, memory=64 * gib)
    assert alone == Budget(8, MOST_MEMORY)  # capped
    shared = Budget.shared(cores=8, pools=8, memory=64 * gib)
    assert shared.workers == 2  # never one: a slow query holds no other back
    # 8 pools x 2 workers x 2 GiB = half the pod's 64 GiB
    assert shared.memory == 2 * gib
    assert Budget.shared(cores=8, pools=8, memory=16 * gib).memory == LEAST_MEMORY
    tight = Budget.shared(cores=2, pools=2, memory=1 * gib)
    assert tight == Budget(2, LEAST_MEMORY)


def test_the_media_types_without_the_store_are_the_stores() -> None:
    from authority.sparql.answers import GRAPH_TYPES, SOLUTION_TYPES
    from authority.sparql.query import GRAPHS, SOLUTIONS

    assert tuple(SOLUTIONS) == SOLUTION_TYPES
    assert tuple(GRAPHS) == GRAPH_TYPES


def test_workers_at_the_least_memory_answer(tmp_path: Path) -> None:
    # The floor must leave room for the worker itself: several fresh workers, each
    # started at the floor, all answer (at 512 MiB, about one in eight died).
    from authority.sparql.answers import Limits
    from authority.sparql.worker import QueryPool

    folder = Folder(tmp_path)
    store = WriterStore(folder.new_name("stores"))
    store.load(
        [Entry("http://x/a", 1, [("http://x/a", "http://x/p", "http://x/b")])], 5
    )
    folder.install(store)
    for _ in range(6):
        pool = QueryPool(
            tmp_path, 10.0, Limits(100, 1_000_000), Budget(2, LEAST_MEMORY)
        )
        try:
            answer = pool.run(
                "SELECT * WHERE { ?s ?p ?o }", ["application/sparql-results+json"]
            )
        finally:
            pool.close()
        assert answer.seq == 5 and b"http://x/b" in answer.body


def test_a_store_of_the_older_one_store_layout_is_refused(tmp_path: Path) -> None:
    from authority.errors import ConfigurationError

    Store(str(tmp_path / "old")).flush()  # RocksDB straight in the folder
    with pytest.raises(ConfigurationError, match="sparql rebuild"):
        WriterStore(tmp_path / "old")


def test_a_snapshot_another_prune_removed_is_passed_over(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    for _ in range(2):
        store = WriterStore(folder.new_name("stores"))
        store.load(
            [Entry("http://x/a", 1, [("http://x/a", "http://x/p", "http://x/b")])], 1
        )
        folder.install(store)
    gone = tmp_path / "snapshots" / "gone"
    original = Path.stat

    def stat_then_gone(self: Path, **kwargs: object) -> os.stat_result:
        if self.name == "gone":
            raise FileNotFoundError(self)
        return original(self, **kwargs)  # type: ignore[arg-type]

    gone.mkdir()
    import unittest.mock

    with unittest.mock.patch.object(Path, "stat", stat_then_gone):
        folder.prune(grace=0)  # the other prune's rmtree won: no error
