"""The bodies the read API sends: the document's component schemas.

Authority is ``schema/authority.schema.json`` as published (OpenAPI 3.1 schemas are
JSON Schema 2020-12). The rest are written here after the code that writes the
bodies: Problem after ``api/errors.py``, Candidates after the 300 of
``api/authorities.py``, BareRecord after ``to_bare_json`` (its enums from the same
vocabularies). The search bodies' schemas sit beside their operations
(``search_paths.search_schemas``).
"""

from __future__ import annotations

import json
from typing import Any

from authority.api.openapi.references import JSON, SCHEMAS
from authority.api.openapi.search_paths import search_schemas
from authority.api.openapi.write_paths import write_schemas
from authority.api.vocabulary import schema_text
from authority.barejson.envelope import TYPE_NAMES
from authority.domain import QualityLevel, Status


def schema_components() -> JSON:
    """``components.schemas``: every body with a schema, by name."""
    return {
        "Authority": authority_schema(),
        "Problem": PROBLEM,
        "Candidates": _candidates_schema(),
        "BareRecord": _bare_record_schema(),
        "JsonLd": {
            "type": "object",
            "required": ["@context"],
            "description": "Compact JSON-LD; its @context is /context.jsonld.",
        },
        "MarcJson": {
            "type": "object",
            "description": "MARC-in-JSON (leader and fields).",
            "required": ["leader", "fields"],
            "properties": {
                "leader": {"type": "string", "minLength": 24, "maxLength": 24},
                "fields": {"type": "array", "items": _marcjson_field()},
            },
        },
        **search_schemas(),
        **write_schemas(),
        "Health": _object({"status": {"const": "ok"}}),
        "Readiness": _object(
            {
                "status": {"enum": ["ready", "unavailable"]},
                "detail": {"type": ["string", "null"]},
            }
        ),
    }


def _marcjson_field() -> JSON:
    """A MARC-in-JSON field: ``{"001": "..."}`` or ``{"100": {"ind1": ...}}``."""
    indicator = {"type": "string", "minLength": 1, "maxLength": 1}
    subfield = {
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "propertyNames": {"minLength": 1, "maxLength": 1},
        "additionalProperties": {"type": "string"},
    }
    data_field = {
        "type": "object",
        "required": ["ind1", "ind2", "subfields"],
        "properties": {
            "ind1": indicator,
            "ind2": indicator,
            "subfields": {"type": "array", "items": subfield},
        },
    }
    return {
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "patternProperties": {
            "^00[0-9]$": {"type": "string"},
            "^(0[1-9][0-9]|[1-9][0-9]{2})$": data_field,
        },
        "additionalProperties": False,
    }


def authority_schema() -> JSON:
    """The published JSON Schema, its ``$defs`` referred to where it now sits.

    ``$schema`` goes: OpenAPI 3.1's own dialect is JSON Schema 2020-12 already, and
    a ``$schema`` inside a component makes some validators treat it as a separate
    resource. ``#/$defs/x`` must then point into the component, not the document.
    """
    schema: JSON = _rebased(
        json.loads(schema_text()), "#/$defs/", SCHEMAS + "Authority/$defs/"
    )
    del schema["$schema"]
    return schema


def _rebased(node: Any, old: str, new: str) -> Any:
    if isinstance(node, dict):
        return {
            key: (
                new + value.removeprefix(old)
                if key == "$ref" and isinstance(value, str) and value.startswith(old)
                else _rebased(value, old, new)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rebased(item, old, new) for item in node]
    return node


def _object(properties: JSON, **more: Any) -> JSON:
    """A closed object whose every property is required."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
        **more,
    }


_NULLABLE_STRING = {"type": ["string", "null"]}

PROBLEM: JSON = {
    "type": "object",
    "description": "RFC 9457 problem details, with this API's extension members.",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {"type": "string", "description": "about:blank: see status."},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 100, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {
            "type": "string",
            "description": "The path asked for, cut to 500 characters; a server's "
            "own error on a request line without a path: a urn:uuid naming it.",
        },
        "supported": {
            "description": "What a format can be asked for by (400, 404, 406).",
            **_object(
                {
                    k: {"type": "array", "items": {"type": "string"}}
                    for k in ("suffixes", "formats", "mediaTypes")
                }
            ),
        },
        "problems": {
            "type": "array",
            "items": _object(
                {"message": {"type": "string"}, "where": _NULLABLE_STRING}
            ),
        },
        "deleted": {**_NULLABLE_STRING, "description": "When it was deleted (410)."},
        "successor": {**_NULLABLE_STRING, "description": "Its successor (410)."},
        "id": {"type": "string", "description": "The deleted authority (410)."},
        "location": {"type": "string", "description": "The survivor (301)."},
        "currentRevision": {"type": "integer"},
        "requestId": {"type": "string", "description": "Quote it when asking (500)."},
    },
}
"""Every 4XX and 5XX body (and the merged 301's)."""


def _candidates_schema() -> JSON:
    candidate = _object(
        {
            "id": {"type": "string"},
            "uri": {"type": "string", "format": "uri"},
            "label": _NULLABLE_STRING,
            "status": {"enum": [*(s.value for s in Status), None]},
        }
    )
    return _object(
        {
            "title": {"type": "string"},
            "status": {"const": 300},
            "detail": {"type": "string"},
            "candidates": {"type": "array", "items": candidate, "minItems": 2},
        },
        description="The authorities an ambiguous reference names.",
    )


def _bare_record_schema() -> JSON:
    date = {
        "type": ["string", "null"],
        "pattern": r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$",
        "description": "Norwegian time, as BARE wrote it.",
    }
    subfield = _object({"subcode": {"type": "string"}, "value": {"type": "string"}})
    field = _object(
        {
            "tag": {"type": "string"},
            "ind1": {"type": "string"},
            "ind2": {"type": "string"},
            "subfields": {"type": "array", "items": subfield},
        }
    )
    strings = {"type": "array", "items": {"type": "string"}}
    return _object(
        {
            "authorityType": {"enum": sorted(set(TYPE_NAMES.values()))},
            "status": {
                "enum": [*(q.value for q in QualityLevel), None],
                "description": "The cataloguing level.",
            },
            "origin": _NULLABLE_STRING,
            "deleted": {"type": "boolean", "description": "Deleted or merged."},
            "systemControlNumber": {"type": "string"},
            "lastUpdateDate": date,
            "createdDate": date,
            "replacedBy": {"type": "string", "description": 'The survivor, or "0".'},
            "marcdata": {"type": "array", "items": field},
            "identifiersMap": {
                "type": "object",
                "required": ["scn"],
                "additionalProperties": strings,
                "description": "Identifier lists by scheme; scn is the id's forms.",
            },
        },
        description="One record in BARE's REST JSON (authorities/v2).",
    )
