"""The OpenSearch document of an authority, and the answers read back from one.

The document (``_source``) carries what a hit shows and what filters, facets and sorts
need, plus the authority's terms (``domain/search_terms.py``) as nested objects, so
that a query can say which variant matched::

    {"id": "90067942", "kind": "person", "status": "active", "quality": "kat3",
     "label": "Valkeapää, Nils-Aslak, 1943-2001",
     "disambiguation": "Skibotn, Storfjord, Troms, Norge",
     "nationality": ["n.-sam."], "identifiers": ["isni:0000000109115902", ...],
     "sort_key": "valkeap{{ nils aslak 1943 2001",
     "created": "2012-03-19T00:00:00+01:00", "modified": "2022-01-18T13:26:09+01:00",
     "revision": 3, "vocabulary": null,
     "terms": [{"form": "heading", "label": "Valkeapää, Nils-Aslak, 1943-2001",
                "key": "valkeapaa nils aslak 1943 2001",
                "sort_key": "valkeap{{ nils aslak 1943 2001"},
               {"form": "variant", "label": "Áillohaš, 1943-2001",
                "key": "aillohas 1943 2001", "sort_key": "aillohas 1943 2001"}, ...]}

``vocabulary`` is the subject vocabulary's code (``domain/vocabularies.py``;
``"humord"`` for a Humord term), null in the name register. ``key`` and
``sort_key`` come from the domain, not from OpenSearch analysers, so both
search backends match and order alike. The field mapping is
``schema/opensearch/authorities-v1.json``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from authority.domain import Authority, Kind, QualityLevel, Status
from authority.domain.collation import sort_key
from authority.domain.search_terms import Form, disambiguation, search_terms
from authority.domain.vocabularies import vocabulary
from authority.search.model import BrowseEntry, Hit, Suggestion

Document = dict[str, Any]
"""An OpenSearch ``_source``."""


def to_document(authority: Authority) -> Document:
    """The document that indexes ``authority`` (see the module docstring)."""
    provenance = authority.provenance
    return {
        "id": authority.id,
        "kind": authority.kind.value,
        "status": authority.status.value,
        "quality": authority.quality.value if authority.quality else None,
        "label": authority.label,
        "disambiguation": disambiguation(authority),
        "nationality": list(dict.fromkeys(authority.attributes.nationalities)),
        # Private identifiers (feide names ...) stay out: search answers the public.
        "identifiers": [f"{i.scheme}:{i.value}" for i in authority.public_identifiers],
        "sort_key": sort_key(authority.label),
        "created": _iso(provenance.created),
        "modified": _iso(provenance.modified),
        "revision": authority.revision,
        "vocabulary": vocabulary(authority),
        "terms": [
            {
                "form": term.form.value,
                "label": term.label,
                "key": term.key,
                "sort_key": term.sort_key,
            }
            for term in search_terms(authority)
        ],
    }


def to_hit(document: Document, matched: Document | None) -> Hit:
    """A hit from a document and the term (``terms[i]``) it matched through."""
    return Hit(
        id=document["id"],
        kind=Kind(document["kind"]),
        label=document["label"],
        status=Status(document["status"]),
        quality=QualityLevel(document["quality"]) if document.get("quality") else None,
        created=_datetime(document.get("created")),
        modified=_datetime(document.get("modified")),
        disambiguation=document.get("disambiguation"),
        matched=matched_label(matched),
    )


def to_suggestion(document: Document, matched: Document | None) -> Suggestion:
    """A suggestion from a document and the term it matched through."""
    return Suggestion(
        id=document["id"],
        kind=Kind(document["kind"]),
        label=document["label"],
        disambiguation=document.get("disambiguation"),
        matched=matched_label(matched),
    )


def to_browse_entries(document: Document) -> list[BrowseEntry]:
    """The document's lines in the heading index, in the order of its terms.

    The heading's own line, and a "see" line per variant; labels in other
    languages are not filed.
    """
    return [
        BrowseEntry(
            label=term["label"],
            sort_key=term["sort_key"],
            id=document["id"],
            heading=document["label"],
            see=term["form"] != Form.HEADING.value,
        )
        for term in document["terms"]
        if term["form"] != Form.LABEL.value
    ]


def matched_label(term: Document | None) -> str | None:
    """The label a hit came through, None when it came through the heading."""
    if term is None or term.get("form") == Form.HEADING.value:
        return None
    label = term.get("label")
    return str(label) if label is not None else None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _datetime(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
