"""gunicorn settings for production: ``gunicorn -c python:authority.gunicorn ...``.

One synchronous worker per usable core. A read is a short database query plus CPU-bound
serialization, so threads would only contend for the GIL. ``GUNICORN_BIND`` and
``GUNICORN_WORKERS`` override the defaults (gunicorn's own ``GUNICORN_CMD_ARGS`` works
too).
"""

from __future__ import annotations

import os

from authority.cli import cores

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "0")) or cores()
worker_class = "sync"
keepalive = 5
timeout = 60
accesslog = os.environ.get("GUNICORN_ACCESSLOG")  # unset: no access log (a proxy logs)
