"""``authority dump``: every form of the whole register, a manifest that verifies,
atomic files, cheap to repeat, and one consistent snapshot while writers write."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pymarc
import pytest
import rdflib

from authority import demo
from authority.domain import Actor, Field, Subfield
from authority.export.folder import DumpFolder
from authority.export.job import ExportJob
from authority.export.manifest import MANIFEST, Manifest
from authority.export.publish import FORMS, run_dump
from authority.service import Services
from tests.integration.cli.test_cli import run
from tests.support import parse_rdf

pytestmark = pytest.mark.slow

BASE = "http://dumps.test/"


@pytest.fixture
def register(committed_services: Services) -> Iterator[Services]:
    demo.load(committed_services.loading)
    yield committed_services


def dump_cli(folder: Path, database_url: str, *args: str) -> str:
    done = run("dump", *args, DATABASE_URL=database_url, DUMP_DIR=str(folder),
               BASE_URI=BASE, timeout=240)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def unzipped(path: Path) -> bytes:
    with gzip.open(path) as data:
        return data.read()


def ids_in(form: str, data: bytes) -> list[str]:
    """The authority ids a dump file holds, parsed by a reader of its own format."""
    if form == "nt":
        graph = rdflib.Graph().parse(data=data, format="nt")
        return sorted(
            str(s).removeprefix(f"{BASE}authorities/")
            for s in set(graph.subjects())
            if str(s).startswith(f"{BASE}authorities/") and "#" not in str(s)
        )
    if form == "jsonld":
        found = []
        for line in data.splitlines():
            document = json.loads(line)
            assert len(parse_rdf(line, "jsonld", document["@context"])) > 0
            found.append(document["id"].removeprefix(f"{BASE}authorities/"))
        return sorted(found)
    if form == "marcxml":
        records = pymarc.parse_xml_to_array(io.BytesIO(data), strict=True)
    elif form == "marcjsonl":
        records = [r for line in data.splitlines() for r in pymarc.JSONReader(line.decode())]
    else:
        records = list(pymarc.MARCReader(data, to_unicode=True, force_utf8=True))
    return sorted(r["001"].data for r in records)


def test_dump_writes_every_form_with_a_manifest_that_verifies(
    register: Services, database_url: str, tmp_path: Path
) -> None:
    output = dump_cli(tmp_path, database_url)

    manifest = Manifest.loads((tmp_path / MANIFEST).read_bytes())
    expected = sorted(a.id for a in register.reading.all())
    assert manifest.records == len(expected)
    assert manifest.seq == register.harvesting.last_change() > 0
    assert {f.format for f in manifest.files} | {o.format for o in manifest.omitted} \
        == {f.format for f in FORMS}  # fmt: skip
    assert "iso2709" in {f.format for f in manifest.files}, manifest.omitted
    for entry in manifest.files:
        path = tmp_path / manifest.dump / entry.name
        raw = path.read_bytes()
        assert entry.bytes == len(raw)
        assert entry.sha256 == hashlib.sha256(raw).hexdigest()
        assert entry.records == len(expected)
        assert entry.seq_start == entry.seq_end == manifest.seq
        found = ids_in(entry.format, unzipped(path))
        if entry.format == "nt":  # relation targets are subjects too (their labels)
            assert set(expected) <= set(found)
        else:
            assert found == expected, entry.format
        assert entry.name in output
    assert not list(tmp_path.rglob("*.part"))


def test_a_second_dump_of_an_unchanged_register_writes_nothing(
    register: Services, database_url: str, tmp_path: Path
) -> None:
    dump_cli(tmp_path, database_url)
    first = (tmp_path / MANIFEST).read_bytes()

    assert "is current" in dump_cli(tmp_path, database_url)
    assert (tmp_path / MANIFEST).read_bytes() == first

    dump_cli(tmp_path, database_url, "--force", "--keep", "1")
    second = Manifest.loads((tmp_path / MANIFEST).read_bytes())
    assert second.dump != Manifest.loads(first).dump
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == [second.dump]
