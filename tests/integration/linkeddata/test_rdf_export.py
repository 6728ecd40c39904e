"""``authority export --format nt|ttl|jsonld``: the register as RDF, streamed."""

from __future__ import annotations

import gzip
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from authority import demo
from authority.domain import Kind
from authority.linkeddata.graph import new_graph, to_graph
from authority.linkeddata.uris import Uris
from authority.service import ReadingService, Services
from tests.integration.cli.test_cli import run
from tests.unit.linkeddata.test_rdf_formats import parse

pytestmark = pytest.mark.slow
BASE = "https://authority.test/"


@pytest.fixture
def demo_register(committed_services: Services) -> Iterator[ReadingService]:
    demo.load(committed_services.loading)
    yield committed_services.reading


def expected_graph(service: ReadingService, kind: Kind | None = None) -> Graph:
    graph = new_graph()
    for authority in service.all(kind):
        graph += to_graph(authority, Uris(BASE))
    return graph


def export(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    done = run("export", *args, DATABASE_URL=database_url, BASE_URI=BASE)
    assert done.returncode == 0, done.stderr
    return done


@pytest.mark.parametrize("form", ["nt", "ttl"])
def test_export_streams_the_register_as_rdf(
    form: str, demo_register: ReadingService, database_url: str, tmp_path: Path
) -> None:
    target = tmp_path / f"dump.{form}"
    done = export(database_url, "--format", form, "--output", str(target))
    count = demo_register.count()
    assert f"Exported {count} authorities as {form}." in done.stderr
    dumped = parse(target.read_bytes(), form)
    assert isomorphic(dumped, expected_graph(demo_register))


def test_export_jsonld_lines_one_document_per_authority(
    demo_register: ReadingService, database_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "dump.jsonld.gz"
    export(database_url, "--format", "jsonld", "--kind", "person", "--output",
           str(target))  # fmt: skip
    with gzip.open(target, "rt", encoding="utf-8") as lines:
        documents = [json.loads(line) for line in lines]
    persons = list(demo_register.all(Kind.PERSON))
    assert [d["id"] for d in documents] == [
        f"{BASE}authorities/{a.id}" for a in persons
    ]
    assert all(d["@context"] == f"{BASE}context.jsonld" for d in documents)
    graph = new_graph()
    for line in (json.dumps(d) for d in documents):
        graph += parse(line.encode(), "jsonld")
    assert isomorphic(graph, expected_graph(demo_register, Kind.PERSON))


def test_rdf_export_to_standard_output_keeps_private_data_out(
    demo_register: ReadingService, database_url: str
) -> None:
    done = export(database_url, "--format", "nt")
    assert done.stdout.count("\n") > 100
    assert "feide" not in done.stdout and "orgunitid" not in done.stdout
    assert "may-britt.moser@ntnu.no" not in done.stdout


@pytest.mark.parametrize("form", ["nt", "jsonld"])
def test_workers_write_the_same_dump_as_one_process(
    form: str,
    demo_register: ReadingService,
    database_url: str,
) -> None:
    one = export(database_url, "--format", form, "--workers", "1").stdout
    # Ranges of 5 ids, so that the demo set is cut into several tasks.
    several = run("export", "--format", form, "--workers", "2",
                  DATABASE_URL=database_url, BASE_URI=BASE,
                  EXPORT_RANGE="5")  # fmt: skip
    assert several.returncode == 0, several.stderr
    if form == "jsonld":
        assert several.stdout.splitlines() == one.splitlines()
        return
    # N-Triples: the same lines, except that each range describes a concept scheme
    # again (the same triples: the same graph); that it does shows the register
    # really was cut into ranges.
    lines, single = several.stdout.splitlines(), one.splitlines()
    assert sorted(set(lines)) == sorted(single)
    repeated = {line for line in lines if lines.count(line) > 1}
    assert repeated and all(line.startswith(f"<{BASE}schemes/") for line in repeated)
