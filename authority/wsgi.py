"""The app for production WSGI servers.

    gunicorn -c python:authority.gunicorn authority.wsgi:app

Configuration comes from the ``AUTHORITY_*`` environment (``authority/config.py``).
Each worker builds its own database pool on its first request. Production names a
server in ``AUTHORITY_DATABASE_URL``: several workers must not each start an
embedded PostgreSQL in one data directory.
"""

from __future__ import annotations

from authority import create_app

app = create_app()
