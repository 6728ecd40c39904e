"""Shared test helpers (not fixtures): corpus location, table clean-up."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
TABLES = (
    "authority_identifiers",
    "authority_redirects",
    "authority_revisions",
    "change_log",
    "authorities",
)


def truncate(engine: Engine) -> None:
    """Empty every data table and reset the change-log counter."""
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {', '.join(TABLES)}"))
        connection.execute(
            text("UPDATE counters SET value = 0 WHERE name = 'change_log'")
        )
