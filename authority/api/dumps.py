"""``/dumps`` (the current dump, listed and downloaded) and ``/.well-known/void``.

``authority dump`` writes the files and their manifest (``export/``); these views
only read the manifest and serve what it names. A file is immutable (its name
holds the dump's id), so it is cached for ever and served by werkzeug's
conditional ``send_file``: Range (206, 416), ETag (the file's SHA-256) and
Last-Modified (304). A name the manifest does not list is 404, whatever it holds
(``..``, a path, the lock file): nothing outside the manifest is reachable.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

from flask import Blueprint, Response, current_app, request, send_file
from werkzeug.exceptions import NotFound

from authority.api.authorities import uris
from authority.api.contracts.dumps import (
    DumpListing,
    ListingParameters,
    VoidParameters,
)
from authority.api.contracts.query import parsed
from authority.api.errors import PROBLEM_JSON, problem
from authority.api.headers import CSP, YEAR
from authority.api.languages import chosen_language
from authority.api.negotiation import BY_NAME
from authority.api.openapi.declare import documented
from authority.api.openapi.references import schema_ref
from authority.api.openapi.responses import problem as problem_answer
from authority.api.render import html_pages
from authority.domain import Kind
from authority.export.folder import DumpFolder
from authority.export.manifest import MANIFEST, Manifest
from authority.extension import dump_dir, services
from authority.linkeddata.void import Description, Distribution, void_graph

blueprint = Blueprint("dumps", __name__)

NO_DUMP = "no dump has been published yet (an operator runs `authority dump`)"
VOID_MEDIA = {
    name: BY_NAME[name].media_type for name in ("ttl", "jsonld", "rdfxml", "nt")
}
FILE_NAME = {
    "name": "name",
    "in": "path",
    "required": True,
    "description": "A file name the current manifest lists, or manifest.json.",
    "schema": {"type": "string"},
}
RDFLIB_NAMES = {"ttl": "turtle", "jsonld": "json-ld", "rdfxml": "xml", "nt": "nt"}


def folder() -> DumpFolder:
    """This deployment's dump folder."""
    return DumpFolder(dump_dir(current_app.config))


@blueprint.get("/dumps")
@documented(
    "listDumps",
    "dumps",
    {
        "200": {
            "description": "The current dump's files (JSON), or a page (HTML).",
            "content": {
                "application/json": {"schema": schema_ref(DumpListing.__name__)},
                "text/html": {},
            },
        },
        "304": "Not Modified: the dump is the one the ETag names.",
        "400": problem_answer("format is not json or html."),
        "404": {
            "description": "No dump has been published yet (a problem, or a page).",
            "content": {
                PROBLEM_JSON: {"schema": schema_ref("Problem")},
                "text/html": {},
            },
        },
    },
    query=ListingParameters,
)
def listing() -> Response:
    """The current dump: every file with its URL, size, SHA-256 and records.

    JSON by default; a page for ``Accept: text/html`` (or ``?format=html``).
    ``seq`` is the change-log number the dump is current to.
    """
    chosen = parsed(ListingParameters).format or _accepted()
    manifest = folder().current()
    listed = DumpListing.of(manifest, uris().base) if manifest is not None else None
    if chosen == "html":
        response = _page(listed)
    elif listed is None:
        return problem(404, "Not Found", NO_DUMP)
    else:
        body = json.dumps(listed.body(), ensure_ascii=False)
        response = Response(body, mimetype="application/json")
        response.set_etag(listed.dump)
    response.vary.add("Accept")
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["CACHE_MAX_AGE"]
    response.make_conditional(request)  # 304 when the tag matches (in place)
    return response


def _page(listed: DumpListing | None) -> Response:
    """The workbench's page of the listing, in the reader's language (404: none)."""
    language = chosen_language()
    response = Response(html_pages().dumps(listed), mimetype="text/html")
    response.status_code = 200 if listed is not None else 404
    response.content_language.add(language)
    response.vary.update(("Accept-Language", "Cookie"))  # the language switch's
    response.headers["Content-Security-Policy"] = CSP  # the workbench's page
    response.set_etag(f"{listed.dump if listed else 'none'}-html-{language}")
    return response


def _accepted() -> str:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return "html" if best == "text/html" else "json"


@blueprint.get("/dumps/<path:name>")
@documented(
    "getDumpFile",
    "dumps",
    {
        "200": {
            "description": "The file (gzip), or the manifest (JSON).",
            "content": {"application/gzip": {}, "application/json": {}},
        },
        "206": {
            "description": "Partial Content: the ranges asked for.",
            "content": {"application/gzip": {}},
        },
        "304": "Not Modified.",
        "404": problem_answer("The current dump has no file by this name."),
        "416": "Range Not Satisfiable.",
    },
    path={"name": FILE_NAME},
)
def dump_file(name: str) -> Response:
    """One file of the current dump, or its ``manifest.json``.

    Range requests resume a download; the ETag is the file's SHA-256.
    """
    dumps = folder()
    read = dumps.current_as_written()
    if read is None:
        raise NotFound(NO_DUMP)
    manifest, written = read
    if name == MANIFEST:  # the bytes read, so that body and ETag are one dump's
        created = datetime.fromisoformat(manifest.created)
        return _sent(io.BytesIO(written), "application/json", manifest.dump, 0, created)
    path, entry = dumps.path_of(manifest, name), manifest.file(name)
    missing = NotFound(f"the current dump has no file {name[:100]!r}")
    if path is None or entry is None or not path.is_file():
        raise missing
    try:
        return _sent(path, "application/gzip", entry.sha256, YEAR, immutable=True)
    except FileNotFoundError:
        # Pruned between the check and the open: a newer dump replaced this one.
        raise missing from None


def _sent(
    file: Path | io.BytesIO,
    media_type: str,
    etag: str,
    max_age: int,
    modified: datetime | None = None,
    immutable: bool = False,
) -> Response:
    """``file`` with werkzeug's validators: ETag, Last-Modified, Range, 304/206/416.

    Last-Modified is a path's mtime unless ``modified`` says otherwise.
    """
    response = send_file(
        file,
        mimetype=media_type,
        conditional=True,
        etag=etag,
        last_modified=modified,
        max_age=max_age or current_app.config["CACHE_MAX_AGE"],
    )
    response.cache_control.public = True
    response.cache_control.immutable = immutable
    return response


@blueprint.get("/.well-known/void")
@documented(
    "getVoid",
    "dumps",
    {
        "200": {
            "description": "The VoID/DCAT description of the register.",
            "content": {media: {} for media in VOID_MEDIA.values()},
        },
        "304": "Not Modified.",
        "400": problem_answer("format is not one of ttl, jsonld, rdfxml, nt."),
        "406": problem_answer("No RDF format satisfies Accept."),
    },
    query=VoidParameters,
)
def void() -> Response:
    """The register described in VoID and DCAT: licence, endpoints, dumps, counts.

    Turtle by default; JSON-LD, RDF/XML or N-Triples by Accept or ``?format=``.
    """
    form = parsed(VoidParameters).format or _rdf_accepted()
    if form is None:
        supported = ", ".join(VOID_MEDIA.values())
        return problem(
            406, "Not Acceptable", f"cannot satisfy Accept; offered: {supported}"
        )
    manifest = folder().current()
    graph = void_graph(description(manifest))
    options: dict[str, object] = {}
    if form == "jsonld":  # compact, with the prefixes as its inline context
        options["context"] = {p: str(n) for p, n in graph.namespaces()}
    response = Response(
        graph.serialize(None, RDFLIB_NAMES[form], None, "utf-8", **options),
        mimetype=VOID_MEDIA[form],
    )
    response.vary.add("Accept")
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["CACHE_MAX_AGE"]
    response.add_etag()
    response.make_conditional(request)  # 304 when the tag matches (in place)
    return response


def _rdf_accepted() -> str | None:
    if not request.accept_mimetypes:
        return "ttl"
    offered = [BY_NAME[n].media_types for n in VOID_MEDIA]
    best = request.accept_mimetypes.best_match([t for ts in offered for t in ts])
    return next((n for n in VOID_MEDIA if best in BY_NAME[n].media_types), None)


def description(manifest: Manifest | None) -> Description:
    """What the VoID says of this deployment and its current dump."""
    config = current_app.config
    entities: dict[Kind, int] = {}
    for (kind, _, _), count in services().reading.counts().items():
        entities[Kind(kind)] = entities.get(Kind(kind), 0) + count
    files = manifest.files if manifest is not None else []
    return Description(
        base_uri=uris().base,
        title={"nb": config["OAI_REPOSITORY_NAME"]},
        description={
            "en": "The national authority register of the Norwegian research "
            "libraries: persons, corporate bodies, meetings, works, places and "
            "subjects, with their identifiers.",
        },
        publisher=config["PUBLISHER"],
        entities=entities,
        distributions=[
            Distribution(
                f"{uris().base}dumps/{f.name}",
                f.title,
                f.media_type,
                f.bytes,
                f.sha256,
                f.records,
                f.created,
            )  # fmt: skip
            for f in files
        ],
        modified=manifest.created if manifest is not None else None,
    )
