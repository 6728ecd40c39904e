"""Liveness and readiness probes."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from authority.api.contracts.answers import Health, Readiness
from authority.api.errors import RETRY_AFTER
from authority.errors import AuthorityError
from authority.extension import runtime

blueprint = Blueprint("health", __name__)


@blueprint.get("/health")
def health() -> Response:
    """Liveness: the process answers. Touches nothing else."""
    return jsonify(Health(status="ok").body())


@blueprint.get("/ready")
def ready() -> Response:
    """Readiness: the database is reachable and its schema is at the code's head."""
    try:
        ok, detail = runtime().database.is_ready()
    except AuthorityError as error:
        ok, detail = False, str(error)
    readiness = Readiness(status="ready" if ok else "unavailable", detail=detail)
    response = jsonify(readiness.body())
    if not ok:
        response.status_code = 503
        response.headers["Retry-After"] = str(RETRY_AFTER)
    return response
