"""gunicorn settings for production: ``gunicorn -c python:authority.gunicorn ...``.

One synchronous worker per usable core. A read is a short database query plus CPU-bound
serialization, so threads would only contend for the GIL. ``GUNICORN_BIND`` and
``GUNICORN_WORKERS`` override the defaults (gunicorn's own ``GUNICORN_CMD_ARGS`` works
too).
"""

from __future__ import annotations

import os
import socket

from gunicorn import util

from authority.api.limits import problem_bytes
from authority.machine import cores

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "0")) or cores()
worker_class = "sync"
keepalive = 5
timeout = 60
accesslog = os.environ.get("GUNICORN_ACCESSLOG")  # unset: no access log (a proxy logs)
# Raised to gunicorn's maximum: the app enforces its own bound below it
# (api/limits.py); a longer line gets gunicorn's 414, as problem+json (below).
limit_request_line = 8190


def _write_problem(
    sock: socket.socket, status_int: int, reason: str, mesg: str
) -> None:
    """The server's own error responses (414, 400 ...) as problem+json, not HTML.

    gunicorn has no hook for them: ``Worker.handle_error`` calls
    ``gunicorn.util.write_error``, which this replaces in every worker. It hands
    over no request (it keeps none of a line it refuses), so the ``instance`` is a
    ``urn:uuid:`` for this occurrence, logged with it (api/limits.py).
    """
    body = problem_bytes(status_int, mesg or reason, None)
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: application/problem+json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


util.write_error = _write_problem
