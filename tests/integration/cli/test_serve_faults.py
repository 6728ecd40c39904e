"""``authority serve`` on the embedded PostgreSQL when something dies.

A serve killed with SIGKILL leaves its PostgreSQL running; the next serve adopts it
and stops it on exit. A PostgreSQL that dies under a running serve is started
again, and the service answers again without a restart.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.cli.test_cli import (
    AUTHORITY,
    environment,
    free_port,
    get_json,
    postgres_processes,
)

pytestmark = pytest.mark.slow


class Serve:
    """One ``authority serve`` subprocess on a data dir."""

    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [*AUTHORITY, "serve", "--port", str(self.port)],
            env=environment(DATA_DIR=str(data_dir)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while status(self.url("/ready")) != 200:
            assert self.process.poll() is None, self.process.communicate()
            assert time.monotonic() < deadline, "serve never became ready"
            time.sleep(0.2)

    def stop(self, how: signal.Signals = signal.SIGTERM) -> str:
        self.process.send_signal(how)
        _, stderr = self.process.communicate(timeout=30)
        return stderr


def status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError):
        return None


def postmaster(pgdata: Path) -> int:
    return int((pgdata / "postmaster.pid").read_text().split()[0])


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "data"
    for process in postgres_processes(tmp_path / "data" / "pgdata"):
        process.kill()  # whatever a failed test left


def test_a_serve_adopts_the_postgres_a_killed_serve_left_and_stops_it(
    data_dir: Path,
) -> None:
    pgdata = data_dir / "pgdata"
    crashed = Serve(data_dir)
    crashed.wait_ready()
    left = postmaster(pgdata)
    crashed.stop(signal.SIGKILL)
    assert alive(left), "PostgreSQL outlives a serve killed with SIGKILL"

    serve = Serve(data_dir)
    serve.wait_ready()
    assert postmaster(pgdata) == left  # adopted, not started twice
    stderr = serve.stop()

    assert postgres_processes(pgdata) == []
    assert not (pgdata / "postmaster.pid").exists()
    assert "adopting it" in stderr
    assert "Traceback" not in stderr


def test_serve_starts_a_dead_postgres_again(data_dir: Path) -> None:
    pgdata = data_dir / "pgdata"
    serve = Serve(data_dir)
    serve.wait_ready()
    first = postmaster(pgdata)

    os.kill(first, signal.SIGKILL)
    serve.wait_ready(seconds=30)  # no restart of serve

    assert postmaster(pgdata) != first
    assert get_json(serve.url("/authorities?q=x"), time.monotonic() + 10)
    stderr = serve.stop()
    assert "has died; restarting" in stderr
    assert postgres_processes(pgdata) == []


def test_serve_stops_with_a_clear_message_when_postgres_will_not_start_again(
    data_dir: Path,
) -> None:
    pgdata = data_dir / "pgdata"
    serve = Serve(data_dir)
    serve.wait_ready()
    with (pgdata / "postgresql.conf").open("a") as conf:
        conf.write("\nthis line is no setting\n")  # the next start fails

    os.kill(postmaster(pgdata), signal.SIGKILL)
    _, stderr = serve.process.communicate(timeout=60)

    assert serve.process.returncode == 1
    last = stderr.strip().splitlines()[-1]
    assert last.startswith(f"Error: embedded PostgreSQL in {pgdata} did not start")
    assert "Traceback" not in stderr
    assert postgres_processes(pgdata) == []
