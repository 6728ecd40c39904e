"""``/dumps``, its files (Range, ETag, Last-Modified) and ``/.well-known/void``."""

from __future__ import annotations

import gzip
import hashlib
import json
import pathlib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rdflib
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import TestResponse

from authority.domain import Actor
from authority.export.folder import DumpFolder
from authority.export.job import ExportJob
from authority.export.manifest import MANIFEST, DumpFile, Manifest
from authority.export.publish import run_dump
from authority.extension import runtime
from tests.integration.api.conftest import BASE, empty_app, load_corpus
from tests.support import parse_rdf

pytestmark = pytest.mark.slow

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
CC0 = rdflib.URIRef("http://creativecommons.org/publicdomain/zero/1.0/")


@pytest.fixture(scope="module")
def dumped(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The corpus in a database of its own, dumped once into a folder of its own."""
    folder = tmp_path_factory.mktemp("dumps")
    app = empty_app(admin_url, "authority_dumps", DUMP_DIR=str(folder))
    load_corpus(app, Actor("corpus"))
    job = ExportJob("nt", base_uri=BASE)
    run_dump(runtime(app).services.dumping, DumpFolder(folder), job)
    yield app
    runtime(app).close()


class Client:
    """A test client whose responses are read whole and closed (files are open)."""

    def __init__(self, app: Flask) -> None:
        self._client = app.test_client()

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        response = self._client.get(path, **kwargs)
        response.get_data()
        response.close()
        return response


@pytest.fixture
def client(dumped: Flask) -> Client:
    return Client(dumped)


@pytest.fixture
def manifest(dumped: Flask) -> Manifest:
    found = DumpFolder(Path(dumped.config["DUMP_DIR"])).current()
    assert found is not None
    return found


def test_the_listing_names_every_file_with_its_url(
    client: Client, manifest: Manifest
) -> None:
    response = client.get("/dumps")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    listing = response.get_json()
    assert listing["seq"] == manifest.seq
    assert [f["url"] for f in listing["files"]] == [
        f"{BASE}dumps/{f.name}" for f in manifest.files
    ]
    assert listing["files"][0]["seqEnd"] == manifest.seq
    assert listing["manifest"] == f"{BASE}dumps/manifest.json"
    again = client.get("/dumps", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_listing_for_a_person_is_a_page(client: Client, manifest: Manifest) -> None:
    response = client.get("/dumps?lang=en", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    for entry in manifest.files:
        assert f"{BASE}dumps/{entry.name}" in page
        assert entry.sha256 in page
    assert client.get("/dumps?format=html").mimetype == "text/html"
    assert client.get("/dumps?format=xml").status_code == 400


def test_no_dump_yet_is_404(admin_url: str, tmp_path: Path) -> None:
    app = empty_app(admin_url, "authority_dumps_none", DUMP_DIR=str(tmp_path))
    try:
        client = Client(app)
        response = client.get("/dumps")
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"
        assert "authority dump" in response.get_json()["detail"]
        page = client.get("/dumps", headers={"Accept": "text/html"})
        assert page.status_code == 404
        assert page.mimetype == "text/html"
        assert client.get("/dumps/manifest.json").status_code == 404
        assert client.get("/.well-known/void").status_code == 200  # no dumps in it
    finally:
        runtime(app).close()


def test_a_file_is_served_whole_with_validators(
    client: Client, manifest: Manifest
) -> None:
    entry = manifest.files[0]
    response = client.get(f"/dumps/{entry.name}")
    assert response.status_code == 200
    data = response.get_data()
    assert hashlib.sha256(data).hexdigest() == entry.sha256
    assert len(data) == entry.bytes == int(response.headers["Content-Length"])
    assert gzip.decompress(data)
    assert response.mimetype == "application/gzip"
    assert response.headers["ETag"] == f'"{entry.sha256}"'
    assert response.headers["Accept-Ranges"] == "bytes"
    assert "immutable" in response.headers["Cache-Control"]
    assert response.last_modified is not None

    tag = client.get(
        f"/dumps/{entry.name}", headers={"If-None-Match": f'"{entry.sha256}"'}
    )
    assert tag.status_code == 304
    since = client.get(
        f"/dumps/{entry.name}",
        headers={"If-Modified-Since": response.headers["Last-Modified"]},
    )
    assert since.status_code == 304


def test_a_download_resumes_by_range(client: Client, manifest: Manifest) -> None:
    entry = manifest.files[0]
    whole = client.get(f"/dumps/{entry.name}").get_data()
    first = client.get(f"/dumps/{entry.name}", headers={"Range": "bytes=0-99"})
    assert first.status_code == 206
    assert first.get_data() == whole[:100]
    assert first.headers["Content-Range"] == f"bytes 0-99/{entry.bytes}"
    rest = client.get(
        f"/dumps/{entry.name}",
        headers={"Range": "bytes=100-", "If-Range": f'"{entry.sha256}"'},
    )
    assert rest.status_code == 206
    assert first.get_data() + rest.get_data() == whole
    beyond = client.get(
        f"/dumps/{entry.name}", headers={"Range": f"bytes={entry.bytes + 10}-"}
    )
    assert beyond.status_code == 416
    assert beyond.headers["Content-Range"] == f"bytes */{entry.bytes}"


def test_the_manifest_is_served_as_written(
    client: Client, manifest: Manifest, dumped: Flask
) -> None:
    response = client.get("/dumps/manifest.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert Manifest.loads(response.get_data()) == manifest


@pytest.mark.parametrize(
    "path",
    [
        "/dumps/../config.py",
        "/dumps/%2e%2e/manifest.json",
        "/dumps/..%2fmanifest.json",
        "/dumps/.lock",
        "/dumps//etc/passwd",
        "/dumps/%2Fetc%2Fpasswd",
        "/dumps/authority-x.nt.gz",
        "/dumps/manifest.json.part",
    ],
)
def test_only_the_manifest_s_files_are_reachable(client: Client, path: str) -> None:
    response = client.get(path)
    if response.status_code == 308:  # werkzeug merges slashes: still under /dumps/
        location = response.headers["Location"].removeprefix("http://localhost")
        assert location.startswith("/dumps/")
        response = client.get(location)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_a_file_of_the_dump_s_folder_is_reachable_only_by_its_name(
    client: Client, manifest: Manifest
) -> None:
    entry = manifest.files[0]
    assert client.get(f"/dumps/{manifest.dump}/{entry.name}").status_code == 404
    assert client.get(f"/dumps/{manifest.dump}/manifest.json").status_code == 404


@pytest.mark.parametrize(
    ("form", "media_type"),
    [("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
     ("rdfxml", "application/rdf+xml"), ("nt", "application/n-triples")],
)  # fmt: skip
def test_void_in_every_rdf_form(
    client: Client, manifest: Manifest, dumped: Flask, form: str, media_type: str
) -> None:
    by_accept = client.get("/.well-known/void", headers={"Accept": media_type})
    by_name = client.get(f"/.well-known/void?format={form}")
    assert by_accept.status_code == by_name.status_code == 200
    assert by_accept.mimetype == by_name.mimetype == media_type
    assert by_accept.get_data() == by_name.get_data()
    graph = parsed_void(by_name.get_data(), form)
    dataset = rdflib.URIRef(f"{BASE}.well-known/void#register")
    assert (dataset, rdflib.RDF.type, VOID.Dataset) in graph
    assert (dataset, rdflib.namespace.DCTERMS.license, CC0) in graph
    assert (dataset, VOID.sparqlEndpoint, rdflib.URIRef(f"{BASE}sparql")) in graph
    total = runtime(dumped).services.reading.count()
    assert graph.value(dataset, VOID.entities).toPython() == total
    dumps = {str(o) for o in graph.objects(dataset, VOID.dataDump)}
    assert dumps == {f"{BASE}dumps/{f.name}" for f in manifest.files}
    checksums = {str(v) for v in graph.objects(None, SPDX.checksumValue)}
    assert checksums == {f.sha256 for f in manifest.files}
    vocabularies = {str(o) for o in graph.objects(dataset, VOID.vocabulary)}
    assert "http://www.loc.gov/mads/rdf/v1#" in vocabularies
    assert "http://www.w3.org/2004/02/skos/core#" in vocabularies


def parsed_void(data: bytes, form: str) -> rdflib.Graph:
    if form != "jsonld":
        return parse_rdf(data, form, "")
    assert "@context" in json.loads(data)  # compact, its context inline
    with warnings.catch_warnings():  # rdflib's own ConjunctiveGraph deprecation
        warnings.simplefilter("ignore", DeprecationWarning)
        return rdflib.Graph().parse(data=data, format="json-ld")


def test_void_refuses_what_it_cannot_write(client: Client) -> None:
    assert client.get("/.well-known/void").mimetype == "text/turtle"
    bad = client.get("/.well-known/void?format=pdf")
    assert bad.status_code == 400
    assert bad.mimetype == "application/problem+json"
    assert "ttl" in bad.get_json()["detail"]
    refused = client.get("/.well-known/void", headers={"Accept": "image/png"})
    assert refused.status_code == 406
    assert refused.mimetype == "application/problem+json"
    tag = client.get("/.well-known/void").headers["ETag"]
    assert (
        client.get("/.well-known/void", headers={"If-None-Match": tag}).status_code
        == 304
    )


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(max_size=300),
    format_=st.text(max_size=300),
    accept=st.text(
        alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=200
    ),
)
def test_hostile_names_and_parameters_never_crash(
    dumped: Flask, name: str, format_: str, accept: str
) -> None:
    client = Client(dumped)
    quoted = json.dumps(name)[1:-1]  # any text, escaped into the path
    for response in (
        client.get(f"/dumps/{quoted}", headers={"Range": accept}),
        client.get(
            "/dumps", query_string={"format": format_}, headers={"Accept": accept}
        ),
        client.get(
            "/.well-known/void",
            query_string={"format": format_},
            headers={"Accept": accept},
        ),
    ):
        assert response.status_code < 500, response.get_data()


@pytest.fixture(scope="module")
def by_hand(
    admin_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """An app whose dump folder the tests write by hand (no database rows)."""
    folder = tmp_path_factory.mktemp("by-hand")
    app = empty_app(admin_url, "authority_dumps_by_hand", DUMP_DIR=str(folder),
                    PUBLISHER="Ein utgjevar (a publisher)")  # fmt: skip
    yield app
    runtime(app).close()


def hand_made(folder: DumpFolder, dump_id: str) -> Manifest:
    """A dump of one file ``a.nt.gz``, published in ``folder``."""
    data = gzip.compress(b"")
    (folder.path / dump_id).mkdir(parents=True)
    (folder.path / dump_id / "a.nt.gz").write_bytes(data)
    entry = DumpFile("a.nt.gz", "nt", "N-Triples", "application/n-triples",
                     len(data), hashlib.sha256(data).hexdigest(), 0, 1, 1,
                     "2026-12-07T21:00:00+00:00")  # fmt: skip
    made = Manifest(dump_id, "2026-12-07T21:00:00+00:00", 1, 0, BASE, [entry])
    folder.publish(made)
    return made


def folder_of(app: Flask) -> DumpFolder:
    return DumpFolder(Path(app.config["DUMP_DIR"]))


def test_the_manifest_served_is_the_one_its_etag_names(
    by_hand: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = folder_of(by_hand)
    first = hand_made(folder, "20261207T210000.000001Z")
    read = Manifest.loads

    def then_the_next_dump(data: bytes) -> Manifest:
        # authority dump publishes the next dump right after this request read the
        # manifest (an interleaving, made certain)
        found = read(data)
        monkeypatch.setattr(Manifest, "loads", read)
        hand_made(folder, "20261207T210000.000002Z")
        return found

    monkeypatch.setattr(Manifest, "loads", then_the_next_dump)
    response = Client(by_hand).get("/dumps/manifest.json")
    assert response.status_code == 200
    assert response.headers["ETag"] == f'"{first.dump}"'
    assert Manifest.loads(response.get_data()) == first


def test_a_file_pruned_between_the_check_and_the_open_is_404(
    by_hand: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = hand_made(folder_of(by_hand), "20261207T210000.000003Z")
    checked = pathlib.Path.is_file

    def then_pruned(path: pathlib.Path) -> bool:
        # a newer dump's pruning removes the file right after this request's check
        found = checked(path)
        if path.name == "a.nt.gz" and found:
            path.unlink()
        return found

    monkeypatch.setattr(pathlib.Path, "is_file", then_pruned)
    response = Client(by_hand).get(f"/dumps/{made.files[0].name}")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert "a.nt.gz" in response.get_json()["detail"]


def test_the_publisher_is_a_setting(by_hand: Flask) -> None:
    graph = parse_rdf(Client(by_hand).get("/.well-known/void").get_data(), "ttl", "")
    names = {str(o) for o in graph.objects(None, rdflib.namespace.FOAF.name)}
    assert names == {"Ein utgjevar (a publisher)"}


def wrong(value: object) -> st.SearchStrategy[object]:
    """JSON values of another type than ``value``'s (bool is not int here)."""
    any_json = st.none() | st.booleans() | st.integers() | st.floats(
        allow_nan=False
    ) | st.text(max_size=5) | st.lists(st.integers(), min_size=1, max_size=2) | (
        st.dictionaries(st.text(max_size=3), st.integers(), min_size=1, max_size=2)
    )  # fmt: skip
    return any_json.filter(lambda v: type(v) is not type(value))


def mistyped() -> st.SearchStrategy[dict[str, Any]]:
    """A whole manifest, right in shape, with one field of a wrong type."""
    entry = DumpFile("a.nt.gz", "nt", "N-Triples", "application/n-triples", 20,
                     "ab" * 32, 0, 1, 1, "2026-12-07T21:00Z", ["x"])  # fmt: skip
    good = Manifest("20261207T210000.000009Z", "2026-12-07T21:00:00+00:00", 1, 0,
                    BASE, [entry]).to_json()  # fmt: skip

    def spoiled(where: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
        holder = good if len(where) == 1 else good["files"][0]
        return wrong(holder[where[-1]]).map(lambda v: put(good, where, v))

    places = [(k,) for k in good] + [("files", k) for k in good["files"][0]]
    return st.sampled_from(places).flatmap(spoiled)


def put(manifest: dict[str, Any], where: tuple[str, ...], value: object) -> dict:
    copied = json.loads(json.dumps(manifest))
    holder = copied if len(where) == 1 else copied["files"][0]
    holder[where[-1]] = value
    return copied


@settings(
    max_examples=80, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)  # fmt: skip
@given(manifest=mistyped())
def test_a_manifest_with_a_wrong_type_is_no_dump(
    by_hand: Flask, manifest: dict[str, Any]
) -> None:
    folder = folder_of(by_hand)
    (folder.path / MANIFEST).write_text(json.dumps(manifest))
    client = Client(by_hand)
    assert client.get("/dumps").status_code == 404
    assert client.get("/dumps", headers={"Accept": "text/html"}).status_code == 404
    assert client.get("/dumps/manifest.json").status_code == 404
    assert client.get("/dumps/a.nt.gz").status_code == 404
    void = client.get("/.well-known/void")
    assert void.status_code == 200
    assert b"dataDump" not in void.get_data()
