"""Links to other vocabularies: SKOS mapping properties from 024, 065/083 and 7XX.

Real-world identifiers (VIAF, ISNI, ORCID ...) go on the thing itself
(``linkeddata/entity.py``); what is said here is concept-to-concept: Bibbi's and
UiO's URIs for the same heading (024), classification numbers (065, 083) and the
linking entries of the UiO vocabularies (7XX with ``$4`` and ``$0``), mapped the
way mc2skos maps them so that SKOS tools see the same links.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from authority.domain.content import with_tag
from authority.domain.ids import from_linking_form
from authority.linkeddata.namespaces import skos
from authority.linkeddata.tables import (
    CLASSIFICATIONS,
    ENTITY_CLASS,
    MAPPING_CODES,
    MAPPING_PROPERTIES,
)
from authority.linkeddata.terms import is_iri

if TYPE_CHECKING:
    from authority.linkeddata.mapping import Builder

CONCEPT_SCHEMES = frozenset({"bibbi", "uri"})
"""024 schemes whose URIs name a concept in another vocabulary (exactMatch)."""

ENTITY_SCHEMES = frozenset({"viaf", "isni", "wikidata", "orcid", "gnd"})
"""024 schemes whose URIs name the real-world thing (owl:sameAs on the entity)."""

LC_LINKS = (
    (re.compile(r"^sh\d+$"), "http://id.loc.gov/authorities/subjects/{}"),
    (re.compile(r"^n[a-z]?\d+$"), "http://id.loc.gov/authorities/names/{}"),
)
"""Bare LC control numbers in a 7XX whose second indicator says LC (0)."""


def add_matches(b: Builder) -> None:
    """Every mapping link of the authority."""
    _identifiers(b)
    _classifications(b)
    _linking_entries(b)


# 024 — Other Standard Identifier


def _identifiers(b: Builder) -> None:
    has_entity = b.authority.kind in ENTITY_CLASS
    for identifier in b.authority.public_identifiers:
        uri = identifier.uri
        if identifier.scheme == "uri" and is_iri(identifier.value):
            uri = identifier.value
        if uri is None or not is_iri(uri):
            continue
        if identifier.scheme in CONCEPT_SCHEMES or (
            identifier.scheme in ENTITY_SCHEMES and not has_entity
        ):
            b.add(b.me, skos.exactMatch, uri)


# 065, 083 — Classification numbers


def _classifications(b: Builder) -> None:
    for f in with_tag(b.fields, "065", "083"):
        known = CLASSIFICATIONS.get((f.tag, (f.first("2") or "").strip()))
        if known is None:
            continue
        template, default = known
        predicate = MAPPING_CODES.get((f.first("4") or "").strip(), default)
        for number in f.values("a"):
            uri = template.format(number.replace(" ", ""))
            if number.strip() and is_iri(uri):
                _match(b, predicate, uri)


# 7XX — Heading Linking Entries


def _linking_entries(b: Builder) -> None:
    for f in with_tag(b.fields, "7"):
        predicate = _mapping_property(f.first("4"))
        for value in f.values("0"):
            target = _link_target(b, value.strip(), f.ind2)
            if target is not None and target != b.me:
                _match(b, predicate, target)


def _mapping_property(code: str | None) -> str:
    text = (code or "").strip()
    if text in MAPPING_CODES:
        return MAPPING_CODES[text]
    if text in MAPPING_PROPERTIES:  # $4 given as the SKOS property's IRI
        return text
    return skos.closeMatch


def _link_target(b: Builder, value: str, ind2: str) -> str | None:
    if value.startswith(("http://", "https://")):
        return value if is_iri(value) else None
    own = from_linking_form(value)
    if own is not None and value.startswith("("):
        return b.uris.authority(own)
    if ind2 == "0":
        for pattern, template in LC_LINKS:
            if pattern.match(value):
                return template.format(value)
    return None


def _match(b: Builder, predicate: str, target: str) -> None:
    b.add(b.me, predicate, target)
    if predicate == skos.relatedMatch:  # its range is skos:Concept (SKOS shapes)
        b.concept_stub(target)
