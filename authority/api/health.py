"""Liveness and readiness probes."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from authority.errors import AuthorityError
from authority.runtime import runtime

blueprint = Blueprint("health", __name__)


@blueprint.get("/health")
def health() -> Response:
    """Liveness: the process answers. Touches nothing else."""
    return jsonify(status="ok")


@blueprint.get("/ready")
def ready() -> tuple[Response, int]:
    """Readiness: the database is reachable and its schema is at the code's head."""
    try:
        ok, detail = runtime().database.is_ready()
    except AuthorityError as error:
        ok, detail = False, str(error)
    return jsonify(
        status="ready" if ok else "unavailable", detail=detail
    ), 200 if ok else 503
