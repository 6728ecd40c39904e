"""How long a request line may be, and its 414 as problem+json on every server.

The app enforces one bound, ``MAX_REQUEST_TARGET``, so ``authority serve`` (werkzeug)
and gunicorn answer alike. Each server also has a limit of its own, checked before
the app sees anything (werkzeug: 65,536 bytes; gunicorn: ``limit_request_line``,
raised to its maximum in ``authority/gunicorn.py``); those errors were HTML, so
the servers' error writers are replaced by :func:`problem_bytes` here and in
``authority/gunicorn.py``.

A server's own error has the app's title for its status (werkzeug's table) and an
``instance``: the request path when the request line can be parsed, cut to
``MAX_INSTANCE`` characters (a 100 kB path is not echoed back), else a
``urn:uuid:`` naming this occurrence, which is logged with it.
"""

from __future__ import annotations

import json
import logging
import uuid
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote

from flask import request
from werkzeug.exceptions import RequestURITooLarge
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.serving import WSGIRequestHandler

log = logging.getLogger(__name__)

MAX_REQUEST_TARGET = 8000
"""Longest path and query, in bytes as sent. Below gunicorn's largest
``limit_request_line`` (8,190, with the method and the version), and far above any
query we answer (search's ``q`` is at most 500 characters, 4,500 bytes encoded)."""

MAX_INSTANCE = 500
"""Most characters of the request path a problem's ``instance`` echoes: far above
any path we answer (an id, a revision, a suffix), far below a request line's bound."""


def bounded_instance(path: str) -> str:
    """The request path as a problem's ``instance``, cut to ``MAX_INSTANCE``."""
    return path[:MAX_INSTANCE]


def check_request_target() -> None:
    """A ``before_request`` hook: 414 for a request target over the bound."""
    target = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    length = len(target) if target else len(request.full_path.encode())
    if length > MAX_REQUEST_TARGET:
        raise RequestURITooLarge(
            f"the URL is {length} bytes; at most {MAX_REQUEST_TARGET} are accepted"
        )


def problem_bytes(status: int, detail: str, path: str | None) -> bytes:
    """A server's own error (no request context) as a problem+json body.

    ``path`` is the request path as sent, if the request line gave one.
    """
    title = HTTP_STATUS_CODES.get(status, "Unknown Error")  # as the app's errors
    if path is not None:
        instance = unquote(path, errors="replace")  # cut by problem_body
    else:  # no path to name: name this occurrence, and log it to be found
        instance = f"urn:uuid:{uuid.uuid4()}"
        log.warning("%d %s: %s", status, instance, detail)
    return json.dumps(problem_body(status, title, detail, instance)).encode()


def problem_body(
    status: int, title: str, detail: str, instance: str, **extra: Any
) -> dict[str, Any]:
    """The members of a problem (RFC 9457), the app's and the servers' own alike.

    The ``Problem`` contract declares them; the body is not validated against it
    here, on the way out: an error handler must answer whatever it was given (the
    tests and schemathesis hold the bodies to the contract).
    """
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return {**body, "instance": bounded_instance(instance), **extra}


def requested_path(line: bytes) -> str | None:
    """The path of a request line (``GET /a?b HTTP/1.1`` -> ``/a``), if it has one.

    Read from the start of the line only (room for ``MAX_INSTANCE`` characters
    percent-encoded, 3 bytes each), so a line too long to parse still names its path.
    """
    words = line[: MAX_INSTANCE * 3 + 64].decode("utf-8", "replace").split()
    if len(words) < 2 or not words[1].startswith("/"):
        return None
    return words[1].split("?", 1)[0].split("#", 1)[0]


class ProblemRequestHandler(WSGIRequestHandler):
    """werkzeug's request handler, with its own errors (414, 400 ...) as problem+json.

    Always a full HTTP/1.x answer: ``http.server`` answers a request line it cannot
    parse (``GET / HTTP/2.5``, ``GARBAGE``) as if to HTTP/0.9, with a body alone.
    """

    def send_error(
        self, code: int, message: str | None = None, explain: str | None = None
    ) -> None:
        """As ``BaseHTTPRequestHandler.send_error``, with a problem+json body."""
        status = HTTPStatus(code)
        detail = message if message and message != status.phrase else None
        if code == 414 and not detail:  # http.server's line bound, 65,536 bytes
            detail = (
                "the request line is over 65536 bytes; URLs of at most "
                f"{MAX_REQUEST_TARGET} bytes are accepted"
            )
        self.log_error("code %d, message %s", code, message or status.phrase)
        if self.request_version == "HTTP/0.9":  # unparsed, or a real 0.9 request
            self.request_version = "HTTP/1.0"  # so that headers are sent
        self.send_response(code)  # the standard phrase: message may hold input
        self.send_header("Connection", "close")
        raw = getattr(self, "raw_requestline", b"")
        body = problem_bytes(
            code, detail or explain or status.description, requested_path(raw)
        )
        self.send_header("Content-Type", "application/problem+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
