"""The bodies the API sends and reads: the document's component schemas.

Every body a route builds is a contract model (``api/contracts``) and its schema is
generated (``models.component_schemas``); Authority is
``schema/authority.schema.json`` as published, itself generated from its model.
Written here by hand are only the two bodies of the format table that are not ours
to model: compact JSON-LD and MARC-in-JSON.
"""

from __future__ import annotations

import json
from typing import Any

from authority.api.contracts.answers import Candidates, Health, Problem, Readiness
from authority.api.contracts.bare import BareRecord, BareSearch
from authority.api.contracts.cataloguing import (
    AuthorityInput,
    DuplicateCandidates,
    History,
    IdentifierRequest,
    MergeRequest,
    RevertRequest,
)
from authority.api.contracts.dumps import DumpListing
from authority.api.contracts.feed import ChangeCollection, ChangePage
from authority.api.contracts.search import (
    BrowsePage,
    OpenSearchSuggestions,
    SearchResults,
    Suggestions,
)
from authority.api.openapi.models import component_schemas
from authority.api.openapi.references import JSON, SCHEMAS
from authority.api.vocabulary import schema_text

ANSWERED = (
    Problem,
    Candidates,
    BareRecord,
    SearchResults,
    Suggestions,
    OpenSearchSuggestions,
    BrowsePage,
    BareSearch,
    History,
    DuplicateCandidates,
    Health,
    Readiness,
    ChangeCollection,
    ChangePage,
    DumpListing,
)
"""The models of the bodies the API answers (each a component, by class name)."""
READ = (AuthorityInput, MergeRequest, RevertRequest, IdentifierRequest)
"""The models of the JSON bodies a write reads besides the record formats."""


def schema_components() -> JSON:
    """``components.schemas``: every body with a schema, by name."""
    return {
        "Authority": authority_schema(),
        **component_schemas(ANSWERED, READ),
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
