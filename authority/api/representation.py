"""Our JSON representation of an authority.

Documented by ``schema/authority.schema.json`` (a test validates every corpus
record against it). Relations embed their target's id, URI and current label, so a
client shows a record without a second request. Private identifiers (feide,
orgunitid) and internal notes (667) appear only in the private view, which a
request with a token gets; the public view never has them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import datetime
from typing import Any

from authority.domain import Authority, Heading, Relation
from authority.linkeddata.uris import Uris


def to_json(
    authority: Authority,
    uris: Uris,
    related: Mapping[str, Authority],
    links: Mapping[str, str],
    private: bool = False,
) -> dict[str, Any]:
    """The JSON representation of ``authority``, public or private.

    ``private`` (a request with a token) adds private identifiers and internal
    notes. ``related`` holds the stored targets of its relations (by id), ``links`` the
    URL of each other representation (by format name).
    """
    identifiers = authority.identifiers if private else authority.public_identifiers
    notes = authority.notes if private else authority.public_notes
    fields = authority.fields if private else authority.public_fields
    return {
        "id": authority.id,
        "uri": uris.authority(authority.id),
        "kind": authority.kind.value,
        "status": authority.status.value,
        "mergedInto": authority.merged_into,
        "qualityLevel": authority.quality.value if authority.quality else None,
        "label": authority.label,
        "heading": _heading(authority.heading) if authority.heading else None,
        "variants": [_heading(v) for v in authority.variants],
        "relations": [_relation(r, uris, related) for r in authority.relations],
        "identifiers": [
            {"scheme": i.scheme, "value": i.value, "original": i.original, "uri": i.uri}
            for i in identifiers
        ],
        "notes": [{"type": n.type, "tag": n.tag, "text": n.text} for n in notes],
        "attributes": {
            _camel(k): v
            for k, v in asdict(authority.attributes).items()
            if v not in (None, ())
        },
        "labels": [asdict(label) for label in authority.labels],
        "provenance": {
            "origin": authority.provenance.origin,
            "cataloguingAgency": authority.cataloguing_agency,
        },
        "created": _iso(authority.provenance.created),
        "modified": _iso(authority.provenance.modified),
        "revision": authority.revision,
        "fields": [f.to_dict() for f in fields],
        "links": dict(links),
    }


def _relation(
    relation: Relation, uris: Uris, related: Mapping[str, Authority]
) -> dict[str, Any]:
    """A relation with its target's current label (the 5XX's own text if unknown)."""
    target = related.get(relation.target_id or "")
    return {
        "type": relation.type,
        "id": relation.target_id,
        "uri": uris.authority(relation.target_id) if relation.target_id else None,
        "label": target.label if target and target.label else relation.label,
        "recorded": relation.label,
        "tag": relation.tag,
    }


def _heading(heading: Heading) -> dict[str, Any]:
    return {
        "tag": heading.tag,
        "ind1": heading.ind1,
        "ind2": heading.ind2,
        "subfields": [[s.code, s.value] for s in heading.subfields],
        "label": heading.label,
    }


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
