"""``/docs``: the OpenAPI document rendered as a plain HTML page.

The page reads nothing but the document (and the format table it was built from),
so the two cannot disagree. The document is first flattened into small frozen
views (operations, parameters, responses, schemas), every local ``$ref`` resolved
and every schema summed up in a few words; ``templates/docs.html`` lays them out,
without scripts or external resources.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from authority.api.negotiation import FORMATS
from authority.api.openapi.references import JSON
from authority.api.templating import template

TEMPLATE = "docs.html"
"""The page template, in ``authority/api/templates/``."""


@dataclass(frozen=True)
class _Parameter:
    name: str
    location: str
    required: bool
    schema: str
    description: str


@dataclass(frozen=True)
class _Response:
    status: str
    description: str
    content_types: tuple[str, ...]
    headers: tuple[str, ...]


@dataclass(frozen=True)
class _Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: tuple[_Parameter, ...]
    responses: tuple[_Response, ...]


@dataclass(frozen=True)
class _Property:
    name: str
    schema: str
    required: bool
    description: str


@dataclass(frozen=True)
class _Schema:
    name: str
    description: str
    properties: tuple[_Property, ...]


def to_html(openapi: Mapping[str, Any]) -> str:
    """The OpenAPI document as a complete HTML5 page, without scripts.

    Args:
        openapi: a document as :func:`authority.api.openapi.document` builds it
            (the page reads its descriptions, parameters, responses and schemas;
            the format table comes from ``negotiation.FORMATS``, the source of its
            content types).

    Returns:
        The page: every operation with its parameters and responses.
    """
    return template(TEMPLATE).render(
        info=openapi["info"],
        paragraphs=openapi["info"]["description"].split("\n\n"),
        servers=[server["url"] for server in openapi["servers"]],
        operations=list(_operations(openapi)),
        formats=FORMATS,
        schemas=[
            _schema_view(name, schema)
            for name, schema in openapi["components"]["schemas"].items()
        ],
    )


def _operations(openapi: Mapping[str, Any]) -> Iterator[_Operation]:
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            parameters = [
                _resolved(openapi, p) for p in operation.get("parameters", [])
            ]
            yield _Operation(
                method=method.upper(),
                path=path,
                anchor=operation["operationId"],
                summary=operation["summary"],
                description=operation["description"],
                parameters=tuple(
                    _Parameter(
                        p["name"],
                        p["in"],
                        p.get("required", False),
                        _summary(p["schema"]),
                        p.get("description", ""),
                    )
                    for p in parameters
                ),
                responses=tuple(
                    _response_view(openapi, status, response)
                    for status, response in operation["responses"].items()
                ),
            )


def _response_view(
    openapi: Mapping[str, Any], status: str, response: JSON
) -> _Response:
    response = _resolved(openapi, response)
    return _Response(
        status=status,
        description=response["description"],
        content_types=tuple(
            f"{media_type} ({_summary(body['schema'])})"
            if "schema" in body
            else media_type
            for media_type, body in response.get("content", {}).items()
        ),
        headers=tuple(response.get("headers", {})),
    )


def _schema_view(name: str, schema: JSON) -> _Schema:
    required = set(schema.get("required", []))
    return _Schema(
        name=name,
        description=schema.get("description", ""),
        properties=tuple(
            _Property(
                key, _summary(value), key in required, value.get("description", "")
            )
            for key, value in schema.get("properties", {}).items()
        ),
    )


def _resolved(openapi: Mapping[str, Any], node: JSON) -> JSON:
    """``node``, or what its local ``$ref`` points at."""
    reference = node.get("$ref")
    if not reference:
        return node
    target: Any = openapi
    for step in reference.removeprefix("#/").split("/"):
        target = target[step]
    return dict(target)


def _summary(schema: JSON) -> str:
    """A schema in a few words: a schema's name, an enum's values, a type."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "const" in schema:
        return json.dumps(schema["const"])
    if "enum" in schema:
        return "one of " + ", ".join(json.dumps(v) for v in schema["enum"])
    for combined in ("oneOf", "anyOf"):
        if combined in schema:
            return " or ".join(_summary(s) for s in schema[combined])
    kind = schema.get("type", "any")
    text = " or ".join(kind) if isinstance(kind, list) else str(kind)
    if "items" in schema:
        text += " of " + _summary(schema["items"])
    for keyword in ("format", "pattern", "default"):
        if keyword in schema:
            text += f", {keyword} {schema[keyword]}"
    return text
