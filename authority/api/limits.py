"""How long a request line may be, and its 414 as problem+json on every server.

The app enforces one bound, ``MAX_REQUEST_TARGET``, so ``authority serve`` (werkzeug)
and gunicorn answer alike. Each server also has a limit of its own, checked before
the app sees anything (werkzeug: 65,536 bytes; gunicorn: ``limit_request_line``,
raised to its maximum in ``authority/gunicorn.py``); those errors were HTML, so
the servers' error writers are replaced by :func:`problem_bytes` here and in
``authority/gunicorn.py``.
"""

from __future__ import annotations

import json
from http import HTTPStatus

from flask import request
from werkzeug.exceptions import RequestURITooLarge
from werkzeug.serving import WSGIRequestHandler

MAX_REQUEST_TARGET = 8000
"""Longest path and query, in bytes as sent. Below gunicorn's largest
``limit_request_line`` (8,190, with the method and the version), and far above any
query we answer (search's ``q`` is at most 500 characters, 4,500 bytes encoded)."""


def check_request_target() -> None:
    """A ``before_request`` hook: 414 for a request target over the bound."""
    target = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    length = len(target) if target else len(request.full_path.encode())
    if length > MAX_REQUEST_TARGET:
        raise RequestURITooLarge(
            f"the URL is {length} bytes; at most {MAX_REQUEST_TARGET} are accepted"
        )


def problem_bytes(status: int, title: str, detail: str) -> bytes:
    """A problem+json body without a request context (a server's own errors)."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return json.dumps(body).encode()


class ProblemRequestHandler(WSGIRequestHandler):
    """werkzeug's request handler, with its own errors (414 ...) as problem+json."""

    def send_error(
        self, code: int, message: str | None = None, explain: str | None = None
    ) -> None:
        """As ``BaseHTTPRequestHandler.send_error``, with a problem+json body."""
        status = HTTPStatus(code)
        detail = message if message and message != status.phrase else None
        self.log_error("code %d, message %s", code, message or status.phrase)
        self.send_response(code)  # the standard phrase: message may hold input
        self.send_header("Connection", "close")
        body = problem_bytes(
            code, status.phrase, detail or explain or status.description
        )
        self.send_header("Content-Type", "application/problem+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
