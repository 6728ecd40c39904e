"""The national authority register: a Flask API over PostgreSQL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from authority.errors import ConfigurationError

__all__ = ["create_app"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then ``AUTHORITY_*`` environment, then ``config``.

    Nothing is connected or started here; the database comes up on first use.
    """
    from authority.api import register_api
    from authority.extension import extension
    from authority.web import register_web

    app = Flask(__name__)
    app.config.from_object("authority.config")
    app.config.from_prefixed_env("AUTHORITY")
    if config:
        app.config.update(config)
    _check_config(app.config)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    extension.init_app(app)
    register_api(app)
    register_web(app)
    return app


def _check_config(config: Mapping[str, Any]) -> None:
    base = config.get("BASE_URI") or ""
    if not base.startswith(("http://", "https://")):
        raise ConfigurationError(f"BASE_URI must be an http(s) URL, not {base!r}")
    url = config.get("DATABASE_URL")
    if url and not str(url).startswith(("postgresql", "postgres://")):
        raise ConfigurationError(
            f"DATABASE_URL must be a PostgreSQL URL (postgresql://...), not {url!r}"
        )
