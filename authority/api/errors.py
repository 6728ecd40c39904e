"""One table from errors to HTTP, and every error as problem+json (RFC 9457)."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from flask import Flask, Response, current_app, json, request, url_for
from werkzeug.exceptions import HTTPException

from authority.api.contracts.cataloguing import Candidate
from authority.api.limits import problem_body
from authority.api.negotiation import UnsupportedFormatError
from authority.errors import (
    AuthorityError,
    DatabaseUnavailableError,
    DeletedError,
    DuplicateIdentifierError,
    DuplicateIdError,
    DuplicateTokenError,
    LikelyDuplicateError,
    MergedError,
    NotAllowedError,
    NotFoundError,
    NotWritableError,
    RevisionMismatchError,
    SearchQueryError,
    SearchUnavailableError,
    ValidationError,
)
from authority.marc.serialize import UnwritableRecordError

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

STATUS: dict[type[AuthorityError], tuple[int, str]] = {
    NotAllowedError: (403, "Forbidden"),
    NotFoundError: (404, "Not Found"),
    DeletedError: (410, "Gone"),
    RevisionMismatchError: (412, "Precondition Failed"),
    ValidationError: (422, "Unprocessable Content"),
    DuplicateIdentifierError: (409, "Conflict"),
    DuplicateIdError: (409, "Conflict"),
    DuplicateTokenError: (409, "Conflict"),
    LikelyDuplicateError: (409, "Conflict"),
    NotWritableError: (409, "Conflict"),
    DatabaseUnavailableError: (503, "Service Unavailable"),
    SearchUnavailableError: (503, "Service Unavailable"),
    SearchQueryError: (400, "Bad Request"),
}
"""Domain error -> (status, title). MergedError is special: a 301 with Location."""

RETRY_AFTER = 5
"""Seconds a 503 asks a client to wait: a restarting server is back in a few."""


def problem(status: int, title: str, detail: str, **extra: Any) -> Response:
    """A problem+json response; its ``instance`` is the path, cut (api/limits.py)."""
    body = problem_body(status, title, detail, request.path, **extra)
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)


def _domain_error(error: AuthorityError) -> Response:
    if isinstance(error, MergedError):
        target = url_for("authorities.get_authority", reference=error.target_id)
        response = problem(301, "Moved Permanently", str(error), location=target)
        response.headers["Location"] = target
        return response
    for error_type in type(error).__mro__:
        if error_type in STATUS:
            status, title = STATUS[error_type]
            response = problem(status, title, str(error), **_details(error))
            if status == 503:
                response.headers["Retry-After"] = str(RETRY_AFTER)
            return response
    return _unexpected(error)


def _details(error: AuthorityError) -> dict[str, Any]:
    if isinstance(error, ValidationError):
        return {
            "problems": [
                {"message": p.message, "where": p.where} for p in error.problems
            ],
            "warnings": [
                {"message": p.message, "where": p.where} for p in error.warnings
            ],
        }
    if isinstance(error, LikelyDuplicateError):
        return {"candidates": [candidate(c).body() for c in error.candidates]}
    if isinstance(error, DeletedError):
        return {"deleted": error.deleted_at}
    if isinstance(error, RevisionMismatchError):
        return {"currentRevision": error.current}
    return {}


def candidate(found: Any) -> Candidate:
    """A duplicate candidate (service/matching.py) with its URI, score and signals."""
    uri = f"{current_app.config['BASE_URI']}authorities/{found.id}"
    return Candidate(
        id=found.id,
        uri=uri,
        label=found.label,
        score=found.score,
        signals=found.signals,
    )


def _unsupported_format(error: UnsupportedFormatError) -> Response:
    title = {400: "Bad Request", 404: "Not Found", 406: "Not Acceptable"}
    return problem(
        error.status, title[error.status], str(error), supported=error.supported
    )


def _unwritable(error: UnwritableRecordError) -> Response:
    return problem(
        406,
        "Not Acceptable",
        f"this record cannot be written in the format asked for: {error}",
    )


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    response = problem(status, error.name, error.description or error.name)
    for name, value in error.get_headers():
        if name.lower() != "content-type":  # e.g. a 405's Allow
            response.headers[name] = value
    return response


def _unexpected(error: Exception) -> Response:
    request_id = uuid.uuid4().hex
    log.error("request %s failed", request_id, exc_info=error)
    return problem(
        500,
        "Internal Server Error",
        f"an unexpected error occurred; quote request id {request_id}",
        requestId=request_id,
    )


def register_error_handlers(app: Flask) -> None:
    """Every error leaves as problem+json."""
    app.register_error_handler(AuthorityError, _domain_error)
    app.register_error_handler(UnsupportedFormatError, _unsupported_format)
    app.register_error_handler(UnwritableRecordError, _unwritable)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
