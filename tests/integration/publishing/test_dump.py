"""``authority dump``: every form of the whole register, a manifest that verifies,
atomic files, cheap to repeat, and one consistent snapshot while writers write."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pymarc
import pytest
import rdflib

from authority import demo
from authority.domain import Actor, Field, Status, Subfield
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
        records = [
            r for line in data.splitlines() for r in pymarc.JSONReader(line.decode())
        ]
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

    dump_cli(tmp_path, database_url, "--force")
    second = Manifest.loads((tmp_path / MANIFEST).read_bytes())
    assert second.dump != Manifest.loads(first).dump
    dump_cli(tmp_path, database_url, "--force")
    third = Manifest.loads((tmp_path / MANIFEST).read_bytes())
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == [
        second.dump, third.dump,
    ]  # fmt: skip


def test_a_dump_keeps_the_one_before_for_downloads_in_progress(
    database_url: str, tmp_path: Path
) -> None:
    # --keep 1 removed the dump a request had just read the manifest of: a 500
    done = run("dump", "--keep", "1", DATABASE_URL=database_url,
               DUMP_DIR=str(tmp_path), BASE_URI=BASE)  # fmt: skip
    assert done.returncode == 2
    assert "--keep" in done.stderr and ">=2" in done.stderr
    assert not list(tmp_path.iterdir())


def job(database_url: str, workers: int = 1) -> ExportJob:
    return ExportJob("nt", base_uri=BASE, workers=workers,
                     database_url=database_url, range_size=25)  # fmt: skip


def test_an_interrupted_dump_leaves_the_previous_one_whole(
    register: Services, database_url: str, tmp_path: Path
) -> None:
    folder = DumpFolder(tmp_path)
    first = run_dump(register.dumping, folder, job(database_url)).manifest
    assert first is not None
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}

    written = 0

    def stop_halfway(n: int) -> None:
        nonlocal written
        written += n
        if written > first.records * 2.5:  # in the third form
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_dump(register.dumping, folder, job(database_url), force=True,
                 progress=stop_halfway)  # fmt: skip

    assert folder.current() == first
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == [first.dump]
    for path, data in before.items():
        assert path.read_bytes() == data
    assert not list(tmp_path.rglob("*.part"))

    again = run_dump(register.dumping, folder, job(database_url), force=True, keep=1)
    assert again.manifest is not None
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == [
        first.dump,
        again.manifest.dump,
    ]  # the one before stays (for downloads in progress) even at keep=1


def variant(authority_id: str, n: int) -> Field:
    return Field("400", "1", " ", (Subfield("a", f"Race {authority_id} {n}"),))


def test_a_dump_racing_writers_is_one_snapshot(
    register: Services, database_url: str, tmp_path: Path
) -> None:
    persons = [
        a
        for a in register.reading.all()
        if a.status is Status.ACTIVE and any(f.tag == "100" for f in a.fields)
    ][:2]
    assert len(persons) == 2
    numbers: dict[tuple[str, int], int] = {}  # (id, revision) -> n written
    stop = threading.Event()

    def write(n: int) -> None:
        for person in persons:
            current = register.reading.get(person.id)
            fields = [f for f in current.fields if "Race" not in str(f)]
            stored = register.cataloguing.update(
                current.with_fields([*fields, variant(person.id, n)]),
                current.revision, Actor("racer", None),
            )  # fmt: skip
            numbers[(person.id, stored.revision)] = n

    write(0)

    def writer() -> None:
        n = 1
        while not stop.is_set():
            write(n)
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        outcome = run_dump(register.dumping, DumpFolder(tmp_path),
                           job(database_url, workers=2))  # fmt: skip
    finally:
        stop.set()
        thread.join()
    manifest = outcome.manifest
    assert manifest is not None
    last_n = max(numbers.values())
    assert last_n > 2, "the writer should have written while the dump ran"

    # The revision each person had at the dump's change-log number ...
    at_seq = {}
    for change in register.reading.changes(0, 100_000):
        if change.seq <= manifest.seq and change.authority_id in numbers_ids(numbers):
            at_seq[change.authority_id] = numbers.get(
                (change.authority_id, change.revision)
            )
    # ... is the one every file holds, whichever process wrote it.
    for person in persons:
        expected = at_seq[person.id]
        assert expected is not None
        for entry in manifest.files:
            text = unzipped(tmp_path / manifest.dump / entry.name).decode()
            found = set(re.findall(rf"Race {person.id} (\d+)", text))
            assert found == {str(expected)}, (entry.format, found, expected)


def numbers_ids(numbers: dict[tuple[str, int], int]) -> set[str]:
    return {authority_id for authority_id, _ in numbers}


def test_iso2709_is_left_out_with_the_reason_when_a_record_does_not_fit(
    register: Services, database_url: str, tmp_path: Path
) -> None:
    person = next(a for a in register.reading.all() if a.status is Status.ACTIVE)
    long_note = Field("670", " ", " ", (Subfield("a", "x" * 12_000),))
    fields = [f for f in person.fields if f.tag != "024"]  # its unique ids stay
    huge = replace(person.with_fields([*fields, long_note]), id="29999999")
    register.loading.upsert_from_source(huge, Actor("test"))

    outcome = run_dump(register.dumping, DumpFolder(tmp_path), job(database_url))

    manifest = outcome.manifest
    assert manifest is not None
    assert "iso2709" not in {f.format for f in manifest.files}
    (left_out,) = manifest.omitted
    assert left_out.format == "iso2709"
    assert "29999999" in left_out.reason and "too long for ISO 2709" in left_out.reason
    assert not list((tmp_path / manifest.dump).glob("*.mrc.gz*"))
    marcxml = unzipped(tmp_path / manifest.dump / manifest.files[2].name)
    assert "x" * 12_000 in marcxml.decode()  # the other forms carry it whole
