"""``authority index rebuild`` and ``check [--repair]`` on PostgreSQL search."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from authority.domain import Actor
from authority.service import Services
from tests.integration.cli.test_cli import run
from tests.support import corpus_authorities

pytestmark = pytest.mark.slow


def test_check_finds_what_is_missing_and_repair_and_rebuild_fix_it(
    committed_services: Services, database_url: str, engine: Engine
) -> None:
    committed_services.loading.upsert_many(corpus_authorities()[:300], Actor("test"))
    clean = run("index", "check", DATABASE_URL=database_url)
    assert clean.returncode == 0, clean.stderr
    assert "missing 0, stale 0, extra 0" in clean.stdout

    with engine.begin() as connection:  # an index that fell behind
        gone = "AND authority_id IN ('11008994', '5068070')"
        connection.execute(text(f"DELETE FROM search_terms WHERE position = 0 {gone}"))
        stale = "status = 'deleted' WHERE authority_id = '90067942'"
        connection.execute(text(f"UPDATE search_terms SET {stale}"))
    behind = run("index", "check", DATABASE_URL=database_url)
    assert behind.returncode == 1
    assert "missing 2, stale 1" in behind.stdout  # terms gone, terms of another state
    assert "missing 11008994" in behind.stdout
    assert "stale 90067942" in behind.stdout

    repaired = run("index", "check", "--repair", DATABASE_URL=database_url)
    assert repaired.returncode == 0, repaired.stderr
    assert "Repaired 3." in repaired.stdout
    assert run("index", "check", DATABASE_URL=database_url).returncode == 0

    with engine.begin() as connection:
        connection.execute(text("DELETE FROM search_terms"))
    rebuilt = run("index", "rebuild", DATABASE_URL=database_url)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert rebuilt.stdout.startswith("Indexed 300 authorities")
    assert run("index", "check", DATABASE_URL=database_url).returncode == 0
