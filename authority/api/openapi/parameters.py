"""The parameters of the format table and of HTTP itself: the parameter components.

The format parameter's values come from the format table (``negotiation.FORMATS``),
the suffixes from its suffix index, the languages from the workbench's, an
id's pattern from ``domain.ids``: the document names what the code accepts. A
route's own query parameters are its contract model's (``models.query_parameters``).
"""

from __future__ import annotations

from authority.api.languages import DEFAULT, LANGUAGES
from authority.api.negotiation import BY_SUFFIX, FORMATS
from authority.api.openapi.references import JSON, ref
from authority.domain.ids import ID_PATTERN


def parameter_components() -> JSON:
    """``components.parameters``: the parameters more than one route reads."""
    formats = list(dict.fromkeys(n for f in FORMATS for n in (f.name, f.suffix) if n))
    return {
        "Reference": _path(
            "id",
            "An authority id, or any other reference to one (see the description).",
            {"type": "string", "minLength": 1},
            examples(id="90053126", autid="x90053126", linking="(NO-TrBIB)90053126"),
        ),
        "Id": _path(
            "id",
            "An authority id.",
            {"type": "string", "pattern": ID_PATTERN.pattern},
            examples(id="90053126", vocabulary="HUME28807"),
        ),
        "Suffix": _path(
            "suffix",
            "The format, by its suffix.",
            {"enum": list(BY_SUFFIX)},
            examples(turtle="ttl", marcxml="xml"),
        ),
        "Format": _query(
            "format",
            "The format by name or suffix; wins over Accept. See the format table.",
            {"enum": formats},
        ),
        "Lang": _query(
            "lang",
            f"Language of the HTML page ({', '.join(LANGUAGES)}; no gives nb, "
            f"anything else {DEFAULT}); wins over the language cookie the page's "
            "switch sets, which wins over Accept-Language.",
            {"type": "string"},
        ),
        "AcceptLanguage": _header(
            "Accept-Language", "Chooses the language of the HTML page."
        ),
        "IfNoneMatch": _header(
            "If-None-Match", "An ETag from an earlier response: 304 if unchanged."
        ),
        "IfModifiedSince": _header(
            "If-Modified-Since", "An HTTP date: 304 if not modified since."
        ),
    }


CONDITIONAL = (ref("parameters", "IfNoneMatch"), ref("parameters", "IfModifiedSince"))
"""If-None-Match and If-Modified-Since, as every representation reads them."""
LANGUAGE = (ref("parameters", "Lang"), ref("parameters", "AcceptLanguage"))
"""What chooses the HTML page's language."""


def examples(**values: str) -> JSON:
    """A parameter's named examples: ``examples(id="90053126")``."""
    return {name: {"value": value} for name, value in values.items()}


def _path(name: str, description: str, schema: JSON, examples: JSON) -> JSON:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema,
        "examples": examples,
    }


def _query(name: str, description: str, schema: JSON) -> JSON:
    return {"name": name, "in": "query", "description": description, "schema": schema}


def _header(name: str, description: str) -> JSON:
    return {
        "name": name,
        "in": "header",
        "description": description,
        "schema": {"type": "string"},
    }


ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "description": "The authority's id (another form of reference is no write's "
    "target: those URLs only resolve, for GET).",
    "schema": {"type": "string", "pattern": ID_PATTERN.pattern},
    "examples": examples(id="20000000000000"),
}
"""The ``<id:...>`` of a write route (the converter's default)."""
BARE_ID = {**ID, "description": "The record id (BARE's systemControlNumber)."}
"""The id of BARE's write routes."""
BARE_READ_ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "description": "The record id (BARE's systemControlNumber).",
    "schema": {"type": "string"},
    "examples": examples(id="90053126"),
}
"""The id of BARE's read routes (any text: an unknown one is 404)."""
REVISION = {
    "name": "revision",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 0},
    "description": "The revision number.",
}
SOURCE = {
    "name": "source",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "The scheme (isni ...).",
}
REVISION_TAG = {"type": "string", "pattern": r'^("[0-9]{1,9}"|[0-9]{1,9})$'}
"""What If-Match takes: a revision as the JSON's ETag gives it ("3"), or bare (3)."""
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": 'The revision the edit starts from, as GET\'s ETag ("3").',
    "schema": REVISION_TAG,
}
IF_MATCH_REQUIRED = {
    **IF_MATCH,
    "required": True,
    "description": 'The revision the edit starts from, as GET\'s ETag ("3"). Without '
    "it PUT and PATCH answer 428 Precondition Required.",
}
