"""The store kept current from the change log, checked and rebuilt.

The follower's round (``catch_up``, what ``authority sparql follow`` repeats) is
run after each kind of write; then the endpoint answers with the database's state.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask

from authority.cli import _follow_sparql_in_background
from authority.domain import Actor, Authority, Field, Status, Subfield
from authority.extension import runtime
from authority.linkeddata.uris import Uris
from authority.service.sparql import Rebuilt, SparqlService
from authority.sparql.folder import WriterBusy
from authority.sparql.store import WriterStore
from tests.integration.cli.test_cli import run
from tests.integration.sparql.conftest import (
    realfagstermer_terms,
    rebuilt,
    sparql_service,
)

ACTOR = Actor("tester")
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"


def ask(app: Flask, query: str) -> bool:
    answer = app.test_client().get("/sparql", query_string={"query": query})
    assert answer.status_code == 200, answer.data
    return bool(answer.json["boolean"])  # type: ignore[index]


def labels(app: Flask, uri: str) -> set[str]:
    query = f"SELECT ?l WHERE {{ <{uri}> <{SKOS}altLabel> ?l }}"
    answer = app.test_client().get("/sparql", query_string={"query": query})
    return {row["l"]["value"] for row in answer.json["results"]["bindings"]}  # type: ignore[index]


def active_ids(app: Flask) -> list[str]:
    """The loaded terms that are active now, in file order."""
    ids = [a.id for a in realfagstermer_terms(200)]
    found = runtime(app).services.reading.find_many(ids)
    return [i for i in ids if found[i].status is Status.ACTIVE]


def caught_up(sparql: SparqlService, head: int, seconds: float) -> None:
    """Wait until the follower has applied every change up to ``head``."""
    deadline = time.monotonic() + seconds
    while sparql.seq() != head:
        assert time.monotonic() < deadline, (sparql.seq(), head)
        time.sleep(0.05)


def with_variant(authority: Authority, text: str) -> Authority:
    variant = Field("450", " ", " ", (Subfield("a", text),))
    return replace(authority, fields=(*authority.fields, variant))


def test_the_follower_keeps_current_across_every_kind_of_write(
    writing_app: Flask,
) -> None:
    app = writing_app
    services = runtime(app).services
    sparql = sparql_service(app)
    uris = Uris(app.config["BASE_URI"])
    assert rebuilt(app) == 200
    assert sparql.check().ok
    first, second = active_ids(app)[:2]

    new = realfagstermer_terms(201)[-1]  # create
    services.cataloguing.create(new, ACTOR)
    assert not ask(app, f"ASK {{ GRAPH <{uris.authority(new.id)}> {{ ?s ?p ?o }} }}")
    assert sparql.catch_up() == services.harvesting.last_change()
    assert ask(app, f"ASK {{ <{uris.authority(new.id)}> a <{SKOS}Concept> }}")

    stored = services.reading.get(first)  # update
    services.cataloguing.update(
        with_variant(stored, "Sparqlprøve"), stored.revision, ACTOR
    )
    sparql.catch_up()
    assert "Sparqlprøve" in labels(app, uris.authority(first))

    services.cataloguing.merge(second, first, ACTOR)  # merge
    sparql.catch_up()
    loser = uris.authority(second)
    assert ask(
        app, f"ASK {{ <{loser}> <{DCT}isReplacedBy> <{uris.authority(first)}> }}"
    )
    assert ask(app, f"ASK {{ <{loser}> <{OWL}deprecated> true }}")

    services.cataloguing.delete(new.id, None, ACTOR)  # delete
    sparql.catch_up()
    gone = uris.authority(new.id)
    assert ask(app, f"ASK {{ <{gone}> <{OWL}deprecated> true }}")

    services.cataloguing.restore(new.id, ACTOR)  # restore
    sparql.catch_up()
    assert not ask(app, f"ASK {{ <{gone}> <{OWL}deprecated> true }}")

    report = sparql.check()
    assert report.ok, report
    assert report.expected == 201
    assert sparql.seq() == services.harvesting.last_change()


def test_a_follower_thread_applies_writes_as_they_commit(writing_app: Flask) -> None:
    app = writing_app
    services = runtime(app).services
    sparql = sparql_service(app)
    rebuilt(app)
    stop = threading.Event()
    follower = threading.Thread(target=sparql.follow, args=(stop, 0.05))
    follower.start()
    try:
        for authority_id in active_ids(app)[:20]:
            stored = services.reading.get(authority_id)
            services.cataloguing.update(
                with_variant(stored, f"tråd {authority_id}"), stored.revision, ACTOR
            )
        caught_up(sparql, services.harvesting.last_change(), 30)
    finally:
        stop.set()
        follower.join(10)
    assert not follower.is_alive()
    assert sparql.check().ok


def test_check_finds_missing_stale_and_extra_and_repair_fixes_them(
    writing_app: Flask,
) -> None:
    app = writing_app
    services = runtime(app).services
    sparql = sparql_service(app)
    rebuilt(app)
    ids = active_ids(app)
    stored = services.reading.get(ids[5])  # stale: written with no follower
    services.cataloguing.update(with_variant(stored, "ny"), stored.revision, ACTOR)
    extra = realfagstermer_terms(202)[-1]
    sparql.catch_up()  # the store hears of nothing more from here on
    with runtime(app).database.sessions() as session:  # a drift no write explains
        from sqlalchemy import text

        session.execute(
            text("UPDATE authorities SET revision = revision + 1 WHERE id = :i"),
            {"i": ids[7]},
        )
        session.commit()
    services.cataloguing.create(extra, ACTOR)  # missing: the change log is not read

    report = sparql.check()
    assert report.missing == [extra.id]
    assert report.stale == [ids[7]]
    assert report.extra == []
    repaired = sparql.check(repair=True)
    assert repaired == report
    assert sparql.check().ok


def test_rebuild_swaps_a_new_store_in_and_readers_follow(writing_app: Flask) -> None:
    app = writing_app
    sparql = sparql_service(app)
    rebuilt(app)
    before = sparql.folder.current
    count = (  # an authority's graph, not the store's bookkeeping (store.py)
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(STRSTARTS(STR(?g), '{app.config['BASE_URI']}')) }}"
    )
    answer = app.test_client().get("/sparql", query_string={"query": count})
    assert answer.json["results"]["bindings"][0]["n"]["value"] == "200"  # type: ignore[index]
    services = runtime(app).services
    services.cataloguing.delete(active_ids(app)[0], None, ACTOR)
    rebuilt(app)
    after = sparql.folder.current
    assert after != before and after is not None and after.is_dir()
    assert before is not None and before.is_dir()  # kept for readers still on it
    assert sparql.check().ok
    assert sparql.seq() == services.harvesting.last_change()


def test_the_commands(writing_app: Flask, tmp_path: Path) -> None:
    settings = {
        "DATABASE_URL": str(writing_app.config["DATABASE_URL"]),
        "SPARQL_DIR": str(tmp_path / "cli-store"),
        "BASE_URI": str(writing_app.config["BASE_URI"]),
    }
    never = run("sparql", "check", **settings)
    assert never.returncode == 1
    assert "missing 200" in never.stdout
    built = run("sparql", "rebuild", **settings)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Stored 200 authorities")
    assert run("sparql", "check", **settings).returncode == 0
    services = runtime(writing_app).services
    deleted = active_ids(writing_app)[0]
    services.cataloguing.delete(deleted, None, ACTOR)
    behind = run("sparql", "check", **settings)
    assert behind.returncode == 1 and "stale 1" in behind.stdout
    followed = run("sparql", "follow", "--once", **settings)
    assert followed.returncode == 0, followed.stderr
    assert f"current to change {services.harvesting.last_change()}" in followed.stdout
    assert run("sparql", "check", **settings).returncode == 0
    stored = services.reading.find(deleted)
    assert stored is not None and stored.status is Status.DELETED


def test_a_rebuild_in_worker_processes_holds_the_same_graph(writing_app: Flask) -> None:
    app = writing_app
    sparql = sparql_service(app)
    everything = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"

    def graph() -> list[str]:
        """Every triple, blank nodes blanked (the parser labels them its own way)."""
        answer = app.test_client().get(
            "/sparql", query_string={"query": everything, "format": "nt"}
        )
        assert answer.status_code == 200
        lines = answer.data.decode().splitlines()
        return sorted(re.sub(r"_:\w+", "_:", line) for line in lines)

    rebuilt(app)
    alone = graph()
    url = runtime(app).database.url
    head = runtime(app).services.harvesting.last_change()
    assert sparql.rebuild(workers=2, database_url=url) == Rebuilt(200, head)
    assert graph() == alone
    assert sparql.check().ok


def test_the_follower_waits_for_a_store_it_cannot_open_yet(writing_app: Flask) -> None:
    # A rebuild that still holds its new store when `writer` names it: RocksDB
    # refuses a second handle ("lock hold by current process"). The writer waits.
    app = writing_app
    services = runtime(app).services
    sparql = sparql_service(app)
    rebuilt(app)
    path = sparql.folder.writer_store
    assert path is not None
    held = WriterStore(path)
    stop = threading.Event()
    failures: list[BaseException] = []

    def follow() -> None:
        try:
            sparql.follow(stop, 0.05)
        except BaseException as error:
            failures.append(error)
            raise

    follower = threading.Thread(target=follow)
    follower.start()
    try:
        stored = services.reading.get(active_ids(app)[0])
        services.cataloguing.update(
            with_variant(stored, "vent"), stored.revision, ACTOR
        )
        time.sleep(0.5)
        assert follower.is_alive(), failures
        held.close()
        caught_up(sparql, services.harvesting.last_change(), 30)
    finally:
        held.close()
        stop.set()
        follower.join(10)
    assert not failures and not follower.is_alive()


def test_serve_builds_under_the_writer_lock_and_stops_its_follower(
    writing_app: Flask,
) -> None:
    app = writing_app
    sparql = sparql_service(app)
    with app.app_context():
        with sparql.folder.writing():  # another serve (or the follow command)
            with pytest.raises(WriterBusy):
                sparql.build_if_missing()
            gave_way = _follow_sparql_in_background()
            gave_way.thread.join(10)
            assert not gave_way.thread.is_alive()
        assert sparql.folder.writer_store is None  # nobody built beside the writer
        follower = _follow_sparql_in_background()
        try:
            caught_up(sparql, runtime(app).services.harvesting.last_change(), 60)
        finally:
            follower.stop(10)  # what serve does before the database stops
        assert not follower.thread.is_alive()
    assert sparql.check().ok


def test_a_rebuild_is_one_snapshot_of_the_register(writing_app: Flask) -> None:
    # Writes race the rebuild; the store says the number its data holds exactly:
    # every authority changed up to it is as of it, none changed after it is.
    app = writing_app
    services = runtime(app).services
    sparql = sparql_service(app)
    ids = active_ids(app)
    stop = threading.Event()

    def write() -> None:
        for n, authority_id in enumerate(itertools.cycle(ids[:30])):
            if stop.is_set():
                return
            stored = services.reading.get(authority_id)
            services.cataloguing.update(
                with_variant(stored, f"kappløp {n}"), stored.revision, ACTOR
            )

    writer = threading.Thread(target=write)
    writer.start()
    try:
        time.sleep(0.2)
        done = sparql.rebuild()
    finally:
        stop.set()
        writer.join(30)
    held = sparql.folder.published_revisions() or {}
    prefix = Uris(app.config["BASE_URI"]).authority("")
    revisions: dict[str, int] = {}
    for change in services.reading.changes(0, 1_000_000):
        if change.seq <= done.seq:
            revisions[change.authority_id] = change.revision
    assert {uri.removeprefix(prefix): rev for uri, rev in held.items()} == revisions
    assert sparql.seq() == done.seq
