"""The servers' own errors: which path a request line names, and the body they get."""

from __future__ import annotations

import json

import pytest

from authority.api.limits import (
    MAX_INSTANCE,
    problem_body,
    problem_bytes,
    requested_path,
)


@pytest.mark.parametrize(
    ("line", "path"),
    [
        (b"GET /authorities?q=a HTTP/1.1\r\n", "/authorities"),
        (b"GET /a%C3%A6#x HTTP/1.1 extra\r\n", "/a%C3%A6"),
        (b"GET / HTTP/2.5\r\n", "/"),
        (b"GARBAGE\r\n", None),
        (b"GET http://example.org/ HTTP/1.1\r\n", None),
        (b"", None),
    ],
)
def test_the_path_of_a_request_line(line: bytes, path: str | None) -> None:
    assert requested_path(line) == path


def test_a_long_line_still_names_its_path_cut() -> None:
    path = requested_path(b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\n")
    assert path is not None
    problem = json.loads(problem_bytes(414, "too long", path))
    assert problem["instance"] == "/" + "a" * (MAX_INSTANCE - 1)
    assert problem["title"] == "Request URI Too Long"


def test_no_path_names_the_occurrence() -> None:
    problem = json.loads(problem_bytes(400, "Bad request syntax", None))
    assert problem["instance"].startswith("urn:uuid:")
    assert set(problem) == {"type", "title", "status", "detail", "instance"}


def test_a_problem_keeps_its_members_in_order_and_takes_any_extra() -> None:
    # Built on the way out of an error handler: never validated there, so an
    # extra member the contract does not foresee cannot turn it into a 500.
    body = problem_body(410, "Gone", "deleted", "/a/1", id="1", deleted=None, x=[1])
    assert list(body) == [
        *("type", "title", "status", "detail", "instance"),
        *("id", "deleted", "x"),
    ]
