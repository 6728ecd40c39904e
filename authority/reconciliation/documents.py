"""The reconciliation API's JSON documents (0.2), from plain values.

Every function returns JSON data that validates against the specification's JSON
Schemas (``reconciliation-api/0.2/schemas``; the tests check each one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from authority.domain import Authority, Kind
from authority.domain.search_terms import disambiguation
from authority.reconciliation.properties import MATCHED, PROPERTIES, heading_dates
from authority.reconciliation.scoring import Scored
from authority.reconciliation.types import every_type, type_of

JSON = dict[str, Any]
VERSIONS = ["0.2"]
PREVIEW_WIDTH, PREVIEW_HEIGHT = 400, 200
"""The preview card's frame (px), as the manifest tells OpenRefine."""


@dataclass(frozen=True)
class Endpoints:
    """Where the service's parts are, as absolute URLs and templates.

    ``root`` is the reconciliation endpoint (``.../reconcile``); the others are
    given by the API, which knows its routes.
    """

    root: str
    identifier_space: str
    """The register's URI space (``<base>authorities/``): ids are its last segment."""
    schema_space: str
    view: str
    """The record page, ``{{id}}`` for the id."""
    preview: str
    documentation: str


def manifest(name: str, endpoints: Endpoints, version: str) -> JSON:
    """The service manifest (what ``/reconcile`` without a query answers)."""
    root = endpoints.root
    return {
        "versions": VERSIONS,
        "name": name,
        "identifierSpace": endpoints.identifier_space,
        "schemaSpace": endpoints.schema_space,
        "documentation": endpoints.documentation,
        "serviceVersion": version,
        "defaultTypes": every_type(),
        "view": {"url": endpoints.view},
        "preview": {
            "url": endpoints.preview,
            "width": PREVIEW_WIDTH,
            "height": PREVIEW_HEIGHT,
        },
        "suggest": {
            part: {"service_url": root, "service_path": f"/suggest/{part}"}
            for part in ("entity", "type", "property")
        },
        "extend": {
            "propose_properties": {
                "service_url": root,
                "service_path": "/extend/propose",
            },
            "property_settings": [],
        },
    }


def candidate(found: Scored) -> JSON:
    """One candidate of a query's result."""
    authority = found.authority
    entry: JSON = {
        "id": authority.id,
        "name": authority.label,
        "score": found.score,
        "match": found.match,
        "type": [type_of(authority.kind)],
        "features": [{"id": k, "value": v} for k, v in found.features.items()],
    }
    if described := description(authority):
        entry["description"] = described
    return entry


def description(authority: Authority) -> str:
    """What tells the candidate from its namesakes: dates, occupation, place."""
    parts = [heading_dates(authority), disambiguation(authority)]
    return " · ".join(p for p in parts if p)


def results(batch: dict[str, list[Scored]]) -> JSON:
    """A result batch: each query's key and its candidates, best first."""
    return {
        key: {"result": [candidate(s) for s in found]} for key, found in batch.items()
    }


def suggested_entities(authorities: list[Authority]) -> JSON:
    """The suggest service's answer for entities."""
    result = []
    for authority in authorities:
        entry: JSON = {
            "id": authority.id,
            "name": authority.label,
            "notable": [type_of(authority.kind)],
        }
        if described := description(authority):
            entry["description"] = described
        result.append(entry)
    return {"result": result}


def suggested_types(prefix: str) -> JSON:
    """The types whose name or id starts with (or holds) ``prefix``."""
    wanted = prefix.casefold().strip()
    found = [t for t in every_type() if _has(wanted, t["id"], t["name"])]
    return {"result": found}


def suggested_properties(prefix: str, matched_only: bool = False) -> JSON:
    """The properties whose name or id holds ``prefix``."""
    wanted = prefix.casefold().strip()
    names = MATCHED if matched_only else tuple(PROPERTIES)
    found = [
        {"id": p.id, "name": p.name, "description": p.description}
        for p in (PROPERTIES[n] for n in names)
        if _has(wanted, p.id, p.name)
    ]
    return {"result": found}


def _has(wanted: str, *texts: str) -> bool:
    return any(wanted in text.casefold() for text in texts)


def proposed_properties(kind: Kind | None, limit: int) -> JSON:
    """The properties a data extension offers for a type (all: every kind has any)."""
    proposed: JSON = {
        "properties": [
            {"id": p.id, "name": p.name, "description": p.description}
            for p in list(PROPERTIES.values())[:limit]
        ],
        "limit": limit,
    }
    if kind is not None:
        proposed["type"] = kind.value
    return proposed


def extension(
    ids: list[str], properties: list[str], found: dict[str, Authority]
) -> JSON:
    """A data extension response: a row per id, a cell list per property.

    An id the register does not hold (or holds as deleted or merged) gets empty
    cells: OpenRefine shows them blank rather than failing the column.
    """
    meta = [{"id": p, "name": PROPERTIES[p].name} for p in properties]
    rows: JSON = {}
    for authority_id in ids:
        authority = found.get(authority_id)
        rows[authority_id] = {
            p: PROPERTIES[p].values(authority) if authority else [] for p in properties
        }
    return {"meta": meta, "rows": rows}
