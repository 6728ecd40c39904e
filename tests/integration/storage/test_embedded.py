"""The embedded default starts a private PostgreSQL and stops it cleanly."""

from __future__ import annotations

from pathlib import Path

import psutil
from sqlalchemy import create_engine, text

from authority.storage.embedded import EmbeddedPostgres


def test_embedded_server_starts_with_our_database_and_stops(tmp_path: Path) -> None:
    server = EmbeddedPostgres(tmp_path / "data")
    url = server.start()
    pid = server.pid
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT current_database()")) == "authority"
    engine.dispose()
    assert pid is not None and psutil.pid_exists(pid)

    server.stop()

    assert (
        not psutil.pid_exists(pid)
        or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    )
    assert not (tmp_path / "data" / "pgdata" / "postmaster.pid").exists()
