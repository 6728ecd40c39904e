"""The SPARQL 1.1 Protocol at ``/sparql``: queries in, answers out (``sparql/``).

GET ``?query=``, POST as a form or as ``application/sparql-query``. The answer's form
follows Accept (or ``format``). Queries run in worker processes over the published
snapshot of the store (``sparql/worker.py``), never in the serving process.

Errors, as problem+json:

- 400: a malformed query (the parser's message), an update, SERVICE, a dataset
  given by ``default-graph-uri``/``named-graph-uri``, an unknown ``format``; and an
  answer larger than SPARQL_MAX_RESULTS rows or SPARQL_MAX_BYTES bytes: the client
  can fix it (LIMIT, paging), and the same query would fail again however often it
  is sent.

Every answer says in ``X-Change-Seq`` the change-log number the store answering is
current to (the feed's ``seq``): a client that has seen a change knows whether the
answer includes it. The store's bookkeeping is kept out of the queried graphs
(``sparql/store.py``), so the header is the way to ask.
- 413: a query text longer than :data:`MAX_QUERY`.
- 503: the query ran past SPARQL_TIMEOUT or its worker ran out of memory (what a
  query may cost depends on the server's load and size: the server is unable, not
  the query wrong), and a store never built (``authority sparql rebuild``).
"""

from __future__ import annotations

import os
import threading

from flask import Blueprint, Flask, Response, current_app, request

from authority.api.contracts.query import parsed
from authority.api.contracts.sparql import MAX_QUERY, SparqlParameters
from authority.api.errors import problem
from authority.api.openapi.declare import documented
from authority.api.openapi.models import form_request
from authority.api.openapi.references import JSON
from authority.machine import cores
from authority.sparql.answers import (
    BOOLEAN,
    FORMAT_NAMES,
    GRAPH_TYPES,
    SOLUTION_TYPES,
    Limits,
    QueryRefused,
    TooManyResults,
)
from authority.sparql.worker import (
    Budget,
    QueryFailed,
    QueryPool,
    QueryTimeout,
    StoreMissing,
)

blueprint = Blueprint("sparql", __name__)

POOL = "authority.sparql"
"""Where an app keeps its query workers (``app.extensions``)."""
SPARQL_QUERY = "application/sparql-query"
CHANGE_SEQ = "X-Change-Seq"
"""The header that says which change-log number an answer is current to."""
_pool_lock = threading.Lock()

_MEDIA = {m: {"schema": {"type": "string"}} for m in (*SOLUTION_TYPES, *GRAPH_TYPES)}
ANSWERS: dict[str, JSON | str] = {
    "200": {
        "description": "The answer: SELECT and ASK as SPARQL results (JSON, XML; "
        "SELECT also CSV, TSV), CONSTRUCT and DESCRIBE as RDF (Turtle, N-Triples, "
        "JSON-LD), by Accept or format.",
        "content": _MEDIA,
        "headers": {
            CHANGE_SEQ: {
                "description": "The change-log number the store answering is "
                "current to (the change feed's seq).",
                "schema": {"type": "integer"},
            }
        },
    },
    "400": "A malformed query (with the parser's message), an update, SERVICE, "
    "a dataset in the request, or an answer larger than SPARQL_MAX_RESULTS rows "
    "or SPARQL_MAX_BYTES bytes.",
    "413": "A query longer than 20,000 characters.",
    "503": "The query ran longer than SPARQL_TIMEOUT, or the store has not been "
    "built yet (authority sparql rebuild).",
}
BODY = {
    "required": False,
    "content": {
        **form_request(SparqlParameters)["content"],
        SPARQL_QUERY: {"schema": {"type": "string"}},
    },
}


@blueprint.get("/sparql")
@documented("sparqlGet", "sparql", ANSWERS, query=SparqlParameters)
def sparql_get() -> Response:
    """SPARQL 1.1 query over the whole register's public graph."""
    return _answer(request.args.get("query"))


@blueprint.post("/sparql")
@documented("sparqlPost", "sparql", ANSWERS, body=BODY)
def sparql_post() -> Response:
    """SPARQL 1.1 query, sent as a form or as the body (application/sparql-query)."""
    if request.mimetype == SPARQL_QUERY:
        raw = request.get_data()
        try:
            return _answer(raw.decode("utf-8"))
        except UnicodeDecodeError:
            return problem(400, "Bad Request", "the query is not UTF-8")
    if "update" in request.form:
        return _refuse_update()
    return _answer(request.form.get("query"))


def _answer(text: str | None) -> Response:
    given = parsed(SparqlParameters)
    if given.update is not None or request.mimetype == "application/sparql-update":
        return _refuse_update()
    for name in ("default-graph-uri", "named-graph-uri"):
        if name in request.values:
            return problem(
                400,
                "Bad Request",
                f"{name} is not supported: the default graph is the union of every "
                "authority's graph, and each authority is a named graph (its URI)",
            )
    if not text:
        return problem(400, "Bad Request", "query is required (SPARQL 1.1 text)")
    if len(text) > MAX_QUERY:
        return problem(
            413, "Content Too Large", f"the query is longer than {MAX_QUERY} characters"
        )
    try:
        answer = pool(current_app).run(text, _accepted(given.format))
    except (QueryRefused, TooManyResults) as error:
        return problem(400, "Bad Request", str(error))
    except (QueryTimeout, QueryFailed) as error:
        return problem(503, "Service Unavailable", str(error))
    except StoreMissing:
        return problem(
            503,
            "Service Unavailable",
            "the SPARQL store has not been built: run authority sparql rebuild",
        )
    response = Response(answer.body, content_type=_with_charset(answer.media_type))
    response.vary.add("Accept")
    if answer.seq is not None:
        response.headers[CHANGE_SEQ] = str(answer.seq)
    return response


def _refuse_update() -> Response:
    return problem(
        400, "Bad Request", "updates are not accepted: this endpoint is read-only"
    )


def _accepted(form: str | None) -> list[str]:
    """Media types in the client's order of preference (``format`` first)."""
    offered = {*SOLUTION_TYPES, *BOOLEAN, *GRAPH_TYPES}
    ranked = [m for m, q in request.accept_mimetypes if q > 0 and m in offered]
    return ([FORMAT_NAMES[form]] if form else []) + ranked


def _with_charset(media_type: str) -> str:
    return f"{media_type}; charset=utf-8"


def pool(app: Flask) -> QueryPool:
    """The app's query workers, started on first use.

    Each serving process has one: its budget is its share of the pod's, for as
    many processes as ``authority/gunicorn.py`` starts (GUNICORN_WORKERS, else one
    per core).
    """
    from authority.service.sparql import sparql_dir  # loads the store's library

    with _pool_lock:
        found = app.extensions.get(POOL)
        if found is None:
            c = app.config
            limits = Limits(int(c["SPARQL_MAX_RESULTS"]), int(c["SPARQL_MAX_BYTES"]))
            processes = int(os.environ.get("GUNICORN_WORKERS", "0") or 0) or cores()
            budget = Budget.shared(cores(), processes)
            found = QueryPool(sparql_dir(c), float(c["SPARQL_TIMEOUT"]), limits, budget)
            app.extensions[POOL] = found
        return found
