"""The whole corpus in one ``authority load``, reconciled, and loaded again.

BARE's JSON and MARCXchange samples, every MARC authority file, both Tekord exports
(the older ``vocab-sources`` one first, then the newer subject-module one) and
Realfagstermer's four text exports: zero unexplained errors, a reconciliation report
with nothing missing that is not explained and no record that differs from its
input, and a second run that creates nothing and ends with every record as it was
(only the ties below are written again).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from authority.service import Services
from tests.integration.cli.test_cli import run
from tests.integration.loaders.test_load_cli import counts
from tests.support import CORPUS

pytestmark = pytest.mark.slow

NORWEGIAN = CORPUS / "vocab-sources" / "norwegian"
FILES = [
    *sorted((CORPUS / "bare" / "json").glob("*.json")),
    *sorted((CORPUS / "bare" / "marcxchange").glob("*.xml")),
    *sorted(
        p
        for p in (CORPUS / "marc-authority").rglob("*")
        if p.suffix in (".xml", ".mrc")
    ),
    NORWEGIAN / "tekord.iso-8859-1.xml",  # the older Tekord export
    CORPUS / "bare" / "emnemodul" / "tekord-2019-06.bibsys-emnemodul.iso-8859-1.xml",
    *sorted(NORWEGIAN.glob("realfagstermer-id*.txt")),
]
EXPLAINED = {
    # A BARE sample with "status": "kat" (no quality level we can store losslessly).
    ("bareSingleAuthorityCreateResponse.json", 1): "unknown quality level 'kat'",
    # Create requests: no id yet, and a migration keeps ids.
    ("createAuthorityRequestToBare.json", 1): "no systemControlNumber",
    ("nva-test-data-author-template.json", 1): "no systemControlNumber",
    # Koha's sandbox record without any 1XX.
    ("koha-misc4dev-marc21-auth_header.marcxml.xml", 1): "no heading (1XX field)",
}
TIES = 2 * 12 + 4
"""Writes each run makes again, as an equal modification date replaces (a load
never applies an *older* version): 12 Tekord posts whose date is the same in both
exports but whose references to other posts (450 from a se-id, 550 labels) changed,
written in the older export's form and then the newer one's; and BARE record
90517730, which four samples give in different forms with one ``lastUpdateDate``
(with and without all its identifiers), written four times."""


def test_the_whole_corpus_loads_reconciles_and_loads_again(
    committed_services: Services,
    database_url: str,
    engine: Engine,
    tmp_path: Path,
) -> None:
    errors, report = tmp_path / "errors.jsonl", tmp_path / "report.json"
    first = _load(database_url, "--errors", errors, "--report", report)

    assert first.returncode == 1, first.stderr  # the explained errors
    entries = [json.loads(line) for line in errors.read_text("utf-8").splitlines()]
    refused = {(Path(e["file"]).name, e["position"]): e["reason"] for e in entries}
    assert refused.keys() == EXPLAINED.keys()
    for key, reason in refused.items():
        assert EXPLAINED[key] in reason
    got = counts(first.stdout.splitlines()[0])
    assert got["errors"] == len(EXPLAINED)
    assert got["read"] > 50_000

    reconciliation = json.loads(report.read_text("utf-8"))
    assert reconciliation["differences"]["differing"] == 0, reconciliation[
        "differences"
    ]["records"][:5]
    assert reconciliation["differences"]["compared"] > 30_000
    assert reconciliation["ids"]["missing"] == len(EXPLAINED)
    assert reconciliation["ids"]["only_in_database"] == 0
    assert reconciliation["database"]["authorities"] == reconciliation["ids"]["found"]
    assert "load report:" in first.stdout

    stored = _hashes(engine)
    again = _load(database_url)
    got = counts(again.stdout)
    assert (got["created"], got["updated"]) == (0, TIES)
    assert got["unchanged"] == got["read"] - got["errors"] - TIES
    assert _hashes(engine) == stored


def _load(database_url: str, *options: str | Path) -> subprocess.CompletedProcess[str]:
    return run(
        "load", *map(str, FILES), *map(str, options),
        DATABASE_URL=database_url, timeout=600,
    )  # fmt: skip


def _hashes(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, content_hash FROM authorities"))
        return {row.id: row.content_hash for row in rows}
