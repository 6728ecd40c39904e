"""HTTP API: thin Flask views over the service."""

from __future__ import annotations

from flask import Flask

from authority.api.authorities import blueprint as authorities
from authority.api.errors import register_error_handlers
from authority.api.health import blueprint as health
from authority.api.vocabulary import blueprint as vocabulary


def register_api(app: Flask) -> None:
    """Register every blueprint and the problem+json error handlers."""
    app.register_blueprint(health)
    app.register_blueprint(authorities)
    app.register_blueprint(vocabulary)
    register_error_handlers(app)
