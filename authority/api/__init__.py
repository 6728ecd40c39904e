"""HTTP API: thin Flask views over the service."""

from __future__ import annotations

from flask import Flask
from flask_cors import CORS

from authority.api.authorities import ReferenceConverter
from authority.api.authorities import blueprint as authorities
from authority.api.bare import blueprint as bare
from authority.api.bare_writes import blueprint as bare_writes
from authority.api.cataloguing import IdConverter
from authority.api.cataloguing import blueprint as cataloguing
from authority.api.changes import blueprint as changes
from authority.api.dumps import blueprint as dumps
from authority.api.errors import register_error_handlers
from authority.api.headers import no_body_no_type
from authority.api.health import blueprint as health
from authority.api.limits import check_request_target
from authority.api.oai import blueprint as oai
from authority.api.openapi import blueprint as openapi
from authority.api.reconcile import blueprint as reconcile
from authority.api.search import blueprint as search
from authority.api.sparql import blueprint as sparql
from authority.api.sru import blueprint as sru
from authority.api.vocabulary import blueprint as vocabulary

EXPOSED_HEADERS = ["ETag", "Last-Modified", "Link", "Location", "Content-Language"]
"""Response headers a browser script on another origin may read."""


def register_api(app: Flask) -> None:
    """Register every blueprint, the problem+json error handlers and CORS.

    Reads are open to every origin (flask-cors answers preflight OPTIONS too).
    """
    CORS(
        app,
        origins="*",
        send_wildcard=True,
        expose_headers=EXPOSED_HEADERS,
        max_age=86400,
    )
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["reference"] = ReferenceConverter
    app.before_request(check_request_target)
    app.after_request(no_body_no_type)
    app.register_blueprint(health)
    app.register_blueprint(search)
    app.register_blueprint(cataloguing)
    app.register_blueprint(authorities)
    app.register_blueprint(bare)
    app.register_blueprint(bare_writes)
    app.register_blueprint(vocabulary)
    app.register_blueprint(sru)
    app.register_blueprint(oai)
    app.register_blueprint(changes)
    app.register_blueprint(sparql)
    app.register_blueprint(openapi)
    app.register_blueprint(reconcile)
    app.register_blueprint(dumps)
    register_error_handlers(app)
