"""The register's own MARCXML export, loaded and compared back: nothing changes.

What MARC cannot say (BARE's ``origin``, its ``CONFERENCE``) stays as stored, and
005's tenths of a second are compared as tenths: an edit made here (microseconds)
is neither newer nor older than its own export.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from authority import demo
from authority.domain import Actor, Authority, Field, Subfield
from authority.service import Services
from tests.integration.cli.test_cli import run
from tests.integration.loaders.test_load_cli import counts, load, log_size

pytestmark = pytest.mark.slow


def state(services: Services) -> dict[str, tuple[object, ...]]:
    return {
        a.id: (a.revision, a.provenance, a.bare_type, a.leader, a.content_hash())
        for a in services.reading.all()
    }


def demo_with_an_edit(services: Services) -> Authority:
    """The demo set, one record of it edited here (a modified time in microseconds)."""
    demo.load(services.loading)
    [moser] = [a for a in services.reading.all() if a.label.startswith("Moser")]
    note = Field("670", " ", " ", (Subfield("a", "Edited after the load"),))
    edited = services.cataloguing.update(
        moser.with_fields([*moser.fields, note]), moser.revision, Actor("kari")
    )
    assert (
        edited.provenance.modified and edited.provenance.modified.microsecond % 100_000
    )
    return edited


def export(database_url: str, target: Path, *options: str) -> None:
    done = run("export", "--format", "marcxml", *options, "--output", str(target),
               DATABASE_URL=database_url)  # fmt: skip
    assert done.returncode == 0, done.stderr


EXPORTS = pytest.mark.parametrize("options", [("--full",), ()], ids=["full", "public"])
"""A backup (private data included) and a public export: each the stored records
as far as it says them."""


@EXPORTS
def test_loading_the_own_export_changes_nothing(
    options: tuple[str, ...],
    committed_services: Services,
    database_url: str,
    engine: Engine,
    tmp_path: Path,
) -> None:
    demo_with_an_edit(committed_services)
    before, logged = state(committed_services), log_size(engine)
    target = tmp_path / "exp.marcxml"
    export(database_url, target, *options)

    code, out, err = load(database_url, target)

    assert code == 0, err
    assert counts(out) == {"read": len(before), "created": 0, "updated": 0,
                           "unchanged": len(before), "errors": 0}  # fmt: skip
    assert state(committed_services) == before
    assert log_size(engine) == logged
    assert committed_services.reading.get("9072141").provenance.origin == "adabas"
    assert [r.action for r in committed_services.reading.history("9072141")] == [
        "create"
    ]


@EXPORTS
def test_reconciling_against_the_own_export_compares_every_record(
    options: tuple[str, ...],
    committed_services: Services,
    database_url: str,
    tmp_path: Path,
) -> None:
    demo_with_an_edit(committed_services)
    target, report = tmp_path / "exp.marcxml", tmp_path / "rec.json"
    export(database_url, target, *options)

    done = run("load-report", "--report", str(report), str(target),
               DATABASE_URL=database_url)  # fmt: skip

    assert done.returncode == 0, done.stderr
    differences = json.loads(report.read_text())["differences"]
    total = committed_services.reading.count()
    assert (differences["compared"], differences["superseded"]) == (total, 0)
    assert differences["differing"] == 0, differences["records"]
