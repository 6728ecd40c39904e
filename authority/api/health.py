"""Liveness and readiness probes."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from authority.api.contracts.answers import Health, Readiness
from authority.api.errors import RETRY_AFTER
from authority.api.openapi.declare import documented
from authority.api.openapi.models import json_body
from authority.api.openapi.references import schema_ref
from authority.errors import AuthorityError
from authority.extension import runtime

blueprint = Blueprint("health", __name__)


READINESS = {"application/json": {"schema": schema_ref(Readiness.__name__)}}


@blueprint.get("/health")
@documented("health", "service", {"200": json_body(Health, "The process answers.")})
def health() -> Response:
    """Liveness.

    Touches nothing but the process.
    """
    return jsonify(Health(status="ok").body())


@blueprint.get("/ready")
@documented(
    "ready",
    "service",
    {
        "200": {"description": "Ready.", "content": READINESS},
        "503": {"description": "Not ready.", "content": READINESS},
    },
)
def ready() -> Response:
    """Readiness.

    The database is reachable and its schema is at the code's head. Not ready is
    503 with the same body, for probes, not a problem.
    """
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
