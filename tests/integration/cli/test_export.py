"""``authority export`` as an operator runs it: a subprocess on the test database."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from pathlib import Path

import pymarc
import pytest

from authority import demo
from authority.domain import Kind
from authority.marc.read import read
from authority.service import ReadingService, Services
from tests.integration.cli.test_cli import run

pytestmark = pytest.mark.slow


@pytest.fixture
def demo_register(committed_services: Services) -> Iterator[ReadingService]:
    demo.load(committed_services.loading)
    yield committed_services.reading


@pytest.mark.parametrize("form", ["marcxml", "marcxchange", "iso2709", "marcjson"])
def test_export_writes_every_authority_in_each_form(
    form: str, demo_register: ReadingService, database_url: str, tmp_path: Path
) -> None:
    target = tmp_path / f"dump.{form}"
    done = run(
        "export", "--format", form, "--output", str(target), DATABASE_URL=database_url
    )
    assert done.returncode == 0, done.stderr
    count = demo_register.count()
    assert f"Exported {count} authorities as {form}." in done.stderr
    results = list(read(str(target)))
    assert len(results) == count
    assert all(r.error is None for r in results)
    assert not (tmp_path / f"dump.{form}.part").exists()


def test_export_to_standard_output_gzip_and_one_kind(
    demo_register: ReadingService, database_url: str, tmp_path: Path
) -> None:
    persons = demo_register.count(Kind.PERSON)
    assert 0 < persons < demo_register.count()

    done = run("export", "--format", "marcxml", "--kind", "person", "--output", "-",
               DATABASE_URL=database_url)  # fmt: skip
    assert done.returncode == 0, done.stderr
    records = pymarc.parse_xml_to_array(io.BytesIO(done.stdout.encode()), strict=True)
    assert len(records) == persons
    assert all(r.get("100") is not None for r in records)

    target = tmp_path / "dump.mrc.gz"
    done = run("export", "--format", "iso2709", "--output", str(target),
               DATABASE_URL=database_url)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with gzip.open(target) as unzipped:
        assert len(list(pymarc.MARCReader(unzipped))) == demo_register.count()


def test_public_export_keeps_private_data_out(
    demo_register: ReadingService, database_url: str
) -> None:
    private = [a for a in demo_register.all() if len(a.fields) != len(a.public_fields)]
    assert private, "the demo set should hold a record with private data"

    public = run("export", "--format", "marcxml", DATABASE_URL=database_url)
    full = run("export", "--format", "marcxml", "--full", DATABASE_URL=database_url)
    assert public.returncode == full.returncode == 0
    for tag in ("667",):
        assert f'tag="{tag}"' not in public.stdout
    for code in ("feide", "orgunitid"):
        assert f">{code}<" not in public.stdout
    assert len(full.stdout) > len(public.stdout)


def test_unknown_format_is_a_usage_error(database_url: str) -> None:
    done = run("export", "--format", "pdf", DATABASE_URL=database_url)
    assert done.returncode == 2
    assert "'pdf' is not one of" in done.stderr
