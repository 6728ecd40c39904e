"""A too-long URL is 414 problem+json on the real servers, not their HTML page.

``authority serve`` (werkzeug) and gunicorn with the production settings each run
as a subprocess on the test database; a 100 kB query passes both servers' own
limits, a 10 kB one reaches the app's bound (api/limits.py). A request line the
server cannot parse still gets a whole HTTP/1.x answer (status line, headers,
problem+json), sent over a raw socket.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from authority.api.limits import MAX_INSTANCE, MAX_REQUEST_TARGET
from tests.integration.cli.test_cli import environment, free_port

pytestmark = pytest.mark.slow

SERVERS = {
    "serve": [sys.executable, "-c", "from authority.cli import main; main()", "serve"],
    "gunicorn": [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:authority.gunicorn",
        "authority.wsgi:app",
    ],
}


def get(port: int, target: str) -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1].decode()[-2000:]
        try:
            if get(port, "/health")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("the server did not answer /health in 60 s")


def raw(port: int, line: bytes) -> bytes:
    """Send ``line`` (and an empty line) as it is; all the server answers."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(line + b"\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def split(answer: bytes) -> tuple[str, dict[str, str], bytes]:
    """Status line, headers (lower-case names) and body of a raw answer."""
    head, separator, body = answer.partition(b"\r\n\r\n")
    assert separator, answer[:200]
    status, *fields = head.decode("latin-1").split("\r\n")
    headers = dict(field.split(": ", 1) for field in fields)
    return status, {name.lower(): value for name, value in headers.items()}, body


@pytest.fixture(params=sorted(SERVERS))
def server(request: pytest.FixtureRequest, database_url: str) -> Iterator[int]:
    port = free_port()
    command = SERVERS[request.param]
    if request.param == "serve":
        command = [*command, "--port", str(port)]
    env = environment(DATABASE_URL=database_url, AUTO_MIGRATE="false")
    env.update(GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1")
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        wait_for(port, process)
        yield port
    finally:
        process.terminate()
        process.communicate(timeout=30)  # also closes the pipe


@pytest.mark.parametrize("length", [10_000, 100_000])
def test_a_too_long_query_is_414_problem_json(server: int, length: int) -> None:
    status, content_type, body = get(server, "/authorities?q=" + "a" * length)
    assert status == 414
    assert content_type == "application/problem+json"
    problem = json.loads(body)
    assert problem["status"] == 414
    assert problem["title"] == "Request URI Too Long"  # the app's and the servers'
    assert problem["detail"]
    assert problem["instance"] in ("/authorities", *unknown(problem["instance"]))


def unknown(instance: str) -> list[str]:
    """gunicorn keeps nothing of a line it refuses: the occurrence is named."""
    return [instance] if instance.startswith("urn:uuid:") else []


@pytest.mark.parametrize("length", [10_000, 100_000])
def test_a_too_long_path_is_not_echoed_whole(server: int, length: int) -> None:
    status, _, body = get(server, "/authorities/" + "a" * length)
    assert status == 414
    problem = json.loads(body)
    assert len(problem["instance"]) <= MAX_INSTANCE
    assert problem["instance"].startswith(("/authorities/aaa", "urn:uuid:"))


@pytest.mark.parametrize(
    ("line", "status"),
    [
        (b"GET / HTTP/2.5", {400, 505}),
        (b"GET / HTTP/1.1 extra", {400}),
        (b"GARBAGE", {400}),
    ],
)
def test_an_unparsable_request_line_gets_a_whole_http_answer(
    server: int, line: bytes, status: set[int]
) -> None:
    status_line, headers, body = split(raw(server, line))
    version, code, _ = status_line.split(" ", 2)
    assert version in ("HTTP/1.0", "HTTP/1.1")
    assert int(code) in status
    assert headers["content-type"] == "application/problem+json"
    assert headers["connection"] == "close"
    assert int(headers["content-length"]) == len(body)
    problem = json.loads(body)
    assert problem["status"] == int(code)
    assert {"type", "title", "status", "detail", "instance"} <= set(problem)


def test_a_long_query_below_the_bound_is_answered(server: int) -> None:
    status, content_type, _ = get(server, "/authorities?q=" + "a" * 6000)
    assert status == 400  # q is over search's 500 characters: the app's own answer
    assert content_type == "application/problem+json"


def test_the_app_bound_holds_in_process(client: FlaskClient) -> None:
    response = client.get("/resolve?id=" + "9" * MAX_REQUEST_TARGET)
    assert response.status_code == 414
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert str(MAX_REQUEST_TARGET) in problem["detail"]
    assert problem["title"] == "Request URI Too Long"
    assert problem["instance"] == "/resolve"


def test_the_app_bound_cuts_the_instance(client: FlaskClient) -> None:
    response = client.get("/authorities/" + "9" * MAX_REQUEST_TARGET)
    assert response.status_code == 414
    instance = response.get_json()["instance"]
    assert instance == ("/authorities/" + "9" * MAX_REQUEST_TARGET)[:MAX_INSTANCE]
