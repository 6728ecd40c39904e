"""The ``authority`` command as a user runs it: real subprocesses, real signals."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener

import psutil
import pytest

from authority.storage import migrate

pytestmark = pytest.mark.slow

AUTHORITY = [sys.executable, "-c", "from authority.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTHORITY_")}
    env.update({f"AUTHORITY_{k}": v for k, v in settings.items()})
    return env


def run(
    *args: str, timeout: float = 60, **settings: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*AUTHORITY, *args],
        env=environment(**settings),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def get_json(url: str, deadline: float) -> dict[str, object]:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                return dict(json.load(response))
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def postgres_processes(pgdata: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(attrs=["name", "cmdline"]):
        cmdline = process.info["cmdline"] or []
        if process.info["name"] == "postgres" and str(pgdata) in " ".join(cmdline):
            found.append(process)
    return found


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int, Path]]:
    """``authority serve --demo`` on the embedded default, in its own data dir."""
    port = free_port()
    process = subprocess.Popen(
        [*AUTHORITY, "serve", "--demo", "--port", str(port)],
        env=environment(DATA_DIR=str(tmp_path / "data")),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    yield process, port, tmp_path / "data" / "pgdata"
    if process.poll() is None:
        process.kill()
    process.communicate(timeout=30)  # reap it and close its pipes


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_serve_demo_answers_and_stops_postgres_on_signal(
    served: tuple[subprocess.Popen[str], int, Path], stop_signal: signal.Signals
) -> None:
    process, port, pgdata = served
    body = get_json(
        f"http://127.0.0.1:{port}/authorities/90067942", time.monotonic() + 60
    )

    assert body["label"] == "Valkeapää, Nils-Aslak, 1943-2001"
    assert postgres_processes(pgdata), "the embedded server should be running"

    process.send_signal(stop_signal)
    _, stderr = process.communicate(timeout=30)
    assert not (pgdata / "postmaster.pid").exists()
    assert postgres_processes(pgdata) == []
    assert "Traceback" not in stderr


def test_serve_demo_prints_a_token_that_signs_in_to_the_workbench(
    served: tuple[subprocess.Popen[str], int, Path],
) -> None:
    process, port, _ = served
    assert process.stdout is not None
    line = ""
    while "Workbench:" not in line:
        line = process.stdout.readline()
        assert line, "serve --demo ended without naming a workbench token"
    secret = line.split()[-1]
    assert secret.startswith("atk_")
    base = f"http://127.0.0.1:{port}"
    get_json(f"{base}/authorities/90067942", time.monotonic() + 60)  # serving
    browser = build_opener(HTTPCookieProcessor(CookieJar()))
    form = browser.open(f"{base}/login").read().decode()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert csrf
    data = urlencode({"token": secret, "csrf_token": csrf.group(1)}).encode()
    signed_in = browser.open(f"{base}/login", data=data).read().decode()
    assert "demo" in signed_in and 'action="/logout"' in signed_in
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)  # serve stops its PostgreSQL (a kill would orphan it)


def test_serve_refuses_a_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--port", str(port), DATA_DIR=str(tmp_path))

    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: port {port} on 127.0.0.1 is in use"


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    result = run("db", "upgrade", DATABASE_URL="postgresql://nobody@127.0.0.1:9/none")

    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(
        "Error: database postgresql+psycopg://nobody@127.0.0.1:9/none is unreachable"
    )


@pytest.mark.parametrize("make_bad_dir", ["file", "unwritable"])
def test_unusable_data_dir_is_one_line(tmp_path: Path, make_bad_dir: str) -> None:
    if make_bad_dir == "file":
        bad = tmp_path / "a-file"
        bad.write_text("")
    else:
        bad = Path("/proc/1/authority-data")  # not creatable, even for root
    result = run("db", "upgrade", DATA_DIR=str(bad))

    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: data dir {bad}")


def test_db_upgrade_and_current_on_a_configured_server(database_url: str) -> None:
    upgraded = run("db", "upgrade", DATABASE_URL=database_url)
    current = run("db", "current", DATABASE_URL=database_url)

    assert upgraded.returncode == 0, upgraded.stderr
    assert current.stdout.strip() == migrate.heads()[0]


def test_help_lists_the_command_groups() -> None:
    result = run("--help")
    for group in ("serve", "db", "load", "load-report", "export", "index", "token"):
        assert group in result.stdout


def test_serve_hands_out_uris_on_the_port_it_listens_on(
    served: tuple[subprocess.Popen[str], int, Path],
) -> None:
    process, port, _ = served
    base = f"http://127.0.0.1:{port}/"
    url = f"{base}authorities/90067942"
    get_json(url, time.monotonic() + 60)  # up, demo loaded

    accept = {"Accept": "application/ld+json"}
    request = urllib.request.Request(url, headers=accept)  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        links = response.headers["Link"]
        document = json.load(response)
    plain = get_json(url, time.monotonic() + 10)
    process.send_signal(signal.SIGTERM)
    stdout, _ = process.communicate(timeout=30)

    assert plain["uri"] == url
    assert document["@context"].startswith(base)
    assert f"<{url}>" in links
    assert ":5000" not in links + json.dumps(document)
    assert f"as {base} " in stdout
