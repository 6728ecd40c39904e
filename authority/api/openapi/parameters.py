"""The parameters of the format table and of HTTP itself: the parameter components.

The format parameter's values come from the format table (``negotiation.FORMATS``),
the suffixes from its suffix index, the languages from ``messages.SUPPORTED``, an
id's pattern from ``domain.ids``: the document names what the code accepts. A
route's own query parameters are its contract model's (``models.query_parameters``).
"""

from __future__ import annotations

from authority.api.messages import DEFAULT, SUPPORTED
from authority.api.negotiation import BY_SUFFIX, FORMATS
from authority.api.openapi.references import JSON
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
            f"Language of the HTML page ({', '.join(SUPPORTED)}; no and nn give nb, "
            f"anything else {DEFAULT}); wins over Accept-Language.",
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
