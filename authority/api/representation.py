"""Our JSON representation of an authority (public view).

Private identifiers (feide, orgunitid) and internal notes (667) never appear here.
The full, schema-documented representation comes with the read API.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from authority.domain import Authority, Heading


def to_json(authority: Authority, base_uri: str) -> dict[str, Any]:
    """The public JSON representation of ``authority``."""
    base = base_uri.rstrip("/")
    return {
        "id": authority.id,
        "uri": f"{base}/authorities/{authority.id}",
        "kind": authority.kind.value,
        "status": authority.status.value,
        "mergedInto": authority.merged_into,
        "qualityLevel": authority.quality.value if authority.quality else None,
        "label": authority.label,
        "heading": _heading(authority.heading) if authority.heading else None,
        "variants": [_heading(v) for v in authority.variants],
        "relations": [
            {
                "type": r.type,
                "id": r.target_id,
                "uri": f"{base}/authorities/{r.target_id}" if r.target_id else None,
                "label": r.label,
                "tag": r.tag,
            }
            for r in authority.relations
        ],
        "identifiers": [
            {"scheme": i.scheme, "value": i.value, "original": i.original, "uri": i.uri}
            for i in authority.public_identifiers
        ],
        "notes": [
            {"type": n.type, "tag": n.tag, "text": n.text}
            for n in authority.public_notes
        ],
        "attributes": {
            k: v for k, v in asdict(authority.attributes).items() if v not in (None, ())
        },
        "labels": [asdict(label) for label in authority.labels],
        "provenance": {
            "origin": authority.provenance.origin,
            "cataloguingAgency": authority.cataloguing_agency,
        },
        "created": _iso(authority.provenance.created),
        "modified": _iso(authority.provenance.modified),
        "revision": authority.revision,
        "fields": [f.to_dict() for f in authority.public_fields],
    }


def _heading(heading: Heading) -> dict[str, Any]:
    return {
        "tag": heading.tag,
        "ind1": heading.ind1,
        "ind2": heading.ind2,
        "subfields": [[s.code, s.value] for s in heading.subfields],
        "label": heading.label,
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
