"""One concept -> one authority: the fields, as the table in the package says."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import unquote

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS, XSD
from rdflib.term import Node

from authority.domain import Authority, Field, Provenance, Status, Subfield
from authority.domain.ids import is_valid_id, linking_form
from authority.domain.local_time import OSLO, midnight
from authority.domain.view import HEADING_KINDS, display_label
from authority.linkeddata.languages import BCP47_TO_MARC, MARC_TO_BCP47
from authority.linkeddata.namespaces import MADS
from authority.marc.source_fields import (
    cataloguing_source,
    local_field,
    subject_fixed_length_data,
)
from loaders.sources.skos.graph import (
    Description,
    Vocabulary,
    id_of,
    is_bnode,
    label_language,
    literals,
    n3,
    preferred_label,
)
from loaders.sources.skos.vocabularies import (
    CLASS_TAGS,
    DEFAULT_TAG,
    KNOWN_CLASSES,
    LINK_TYPES,
    MAPPING_CODES,
    MARC_CODES_OR_TAGS,
    NAME_CLASSES,
    NOTE_TAGS,
    RESTATED,
    SCHEME_CODES,
    SCHEME_KINDS,
    SUBDIVISION_CODES,
    agency,
)

ORIGIN = "skos"


class ConceptError(ValueError):
    """A concept that cannot become an authority."""


@dataclass
class _Mapping:
    """One concept's fields as they are made, and the statements they used."""

    node: Node
    description: Description
    used: set[tuple[URIRef, Node]]
    fields: list[Field]

    def use(self, predicate: URIRef, obj: Node) -> None:
        self.used.add((predicate, obj))

    def values(self, predicate: URIRef) -> list[Node]:
        return list(self.description.get(predicate, {}))


def to_authority(
    node: Node, description: Description, vocabulary: Vocabulary
) -> Authority:
    """The concept as an authority, its fields as the package's table says.

    Raises:
        ConceptError: When the concept has no id or heading, is a name, or is
            replaced by itself or by a concept without an id.
    """
    m = _Mapping(node, description, set(), [])
    concept_id = _own_id(m)
    digits = _kind_digits(m, vocabulary)
    heading = _heading(m, vocabulary, digits)
    status, successor = _status(m, vocabulary, concept_id)
    created, modified = _date(m, DCTERMS.created), _date(m, DCTERMS.modified)
    if created is not None:
        m.fields.append(subject_fixed_length_data(created.astimezone(OSLO)))
    _identifiers(m)
    _cataloguing_source(m, vocabulary, concept_id, heading)
    _variants(m, digits, heading)
    _relations(m, vocabulary, digits, heading.language)
    _notes(m)
    _local_fields(m)
    fields = sorted(m.fields, key=lambda f: f.tag)  # stable: statement order per tag
    return Authority(
        id=concept_id,
        kind=HEADING_KINDS[f"1{digits}"],
        fields=tuple(fields),
        status=status,
        merged_into=successor,
        provenance=Provenance(origin=ORIGIN, created=created, modified=modified),
    )


def _own_id(m: _Mapping) -> str:
    concept_id, literal = id_of(m.node, m.description)
    if concept_id is None:
        given = [str(v) for v in literals(m.description, DCTERMS.identifier)]
        where = f"dct:identifier {given}" if given else "no dct:identifier"
        raise ConceptError(
            f"{n3(m.node)} has no authority id ({where}, and its URI gives none)"
        )
    if literal is not None:
        m.use(DCTERMS.identifier, literal)
    return concept_id


# 1XX — Heading: kind, label, subfields


def _kind_digits(m: _Mapping, vocabulary: Vocabulary) -> str:
    types = m.values(RDF.type)
    for cls in types:
        if cls in KNOWN_CLASSES:
            m.use(RDF.type, cls)
    digits = next((CLASS_TAGS[c] for c in types if c in CLASS_TAGS), None)
    if digits is None and any(c in NAME_CLASSES for c in types):
        name = next(c for c in types if c in NAME_CLASSES)
        raise ConceptError(
            f"{n3(m.node)} is a {n3(name)}, a name: the SKOS source reads subject "
            "terms (topics, places, genres/forms, chronological terms)"
        )
    if digits is None:
        scheme = _scheme(m, vocabulary)
        segment = _last_segment(scheme) if scheme is not None else ""
        digits = SCHEME_KINDS.get(segment.lower(), DEFAULT_TAG)
    return digits


@dataclass(frozen=True)
class _Heading:
    label: Literal
    language: str | None


def _heading(m: _Mapping, vocabulary: Vocabulary, digits: str) -> _Heading:
    label = preferred_label(m.description)
    if label is None:
        raise ConceptError(f"{n3(m.node)} has no skos:prefLabel")
    m.use(SKOS.prefLabel, label)
    for authoritative in literals(m.description, MADS.authoritativeLabel):
        if authoritative in m.description.get(SKOS.prefLabel, {}):
            m.use(MADS.authoritativeLabel, authoritative)
    heading = _Heading(label, label_language(label))
    tag = f"1{digits}"
    subfields = _elements(m, vocabulary, tag, str(label))
    if heading.language and heading.language not in MARC_CODES_OR_TAGS:
        subfields = (*subfields, Subfield("9", f"language={heading.language}"))
    m.fields.append(Field(tag, subfields=subfields))
    return heading


def _elements(
    m: _Mapping, vocabulary: Vocabulary, tag: str, label: str
) -> tuple[Subfield, ...]:
    """The heading's subfields from madsrdf:elementList, when they make ``label``."""
    graph = vocabulary.graph
    for head in m.values(MADS.elementList):
        subfields: list[Subfield] = []
        try:
            elements = list(graph.items(head))
        except ValueError:  # a list that runs in a circle
            continue
        for n, element in enumerate(elements):
            value = graph.value(element, MADS.elementValue)
            classes = list(graph.objects(element, RDF.type))
            code = "a" if n == 0 else _subdivision(classes)
            if value is None or code is None:
                break
            subfields.append(Subfield(code, str(value)))
        else:
            if subfields and display_label(tag, tuple(subfields)) == label:
                return tuple(subfields)
    return (Subfield("a", label),)


def _subdivision(classes: Iterable[Node]) -> str | None:
    return next((SUBDIVISION_CODES[c] for c in classes if c in SUBDIVISION_CODES), None)


# Leader/05 — status


def _status(
    m: _Mapping, vocabulary: Vocabulary, concept_id: str
) -> tuple[Status, str | None]:
    deprecated = False
    for value in literals(m.description, OWL.deprecated):
        flag = str(value).strip().lower()
        if flag in ("true", "1", "false", "0"):  # false: what active says
            deprecated = deprecated or flag in ("true", "1")
            m.use(OWL.deprecated, value)
    if MADS.DeprecatedAuthority in m.description.get(RDF.type, {}):
        deprecated = True
    successors = m.values(DCTERMS.isReplacedBy)
    if not successors:
        return (Status.DELETED if deprecated else Status.ACTIVE), None
    successor = successors[0]
    target_id = None
    if isinstance(successor, URIRef):
        target_id = vocabulary.target(successor).id
    elif isinstance(successor, Literal) and is_valid_id(str(successor).strip()):
        target_id = str(successor).strip()
    if target_id is None:
        raise ConceptError(
            f"{n3(m.node)} is replaced by {n3(successor)}, which has no authority id"
        )
    if target_id == concept_id:
        raise ConceptError(f"{n3(m.node)} is replaced by itself (dct:isReplacedBy)")
    m.use(DCTERMS.isReplacedBy, successor)
    return Status.MERGED, target_id


# 005, 008 — dates


def _date(m: _Mapping, predicate: URIRef) -> datetime | None:
    for value in literals(m.description, predicate):
        moment = _moment(value)
        if moment is not None:
            m.use(predicate, value)
            return moment
    return None


def _moment(value: Literal) -> datetime | None:
    """An xsd:date (midnight in Oslo) or xsd:dateTime (no zone: UTC), else None."""
    text = str(value).strip()
    try:
        if value.datatype == XSD.date or len(text) == 10:
            return midnight(date.fromisoformat(text))
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# 024 — Other Standard Identifier (own URI, exactMatch); 750 — other mappings


def _identifiers(m: _Mapping) -> None:
    uris: list[str] = [] if is_bnode(m.node) else [str(m.node)]
    for target in m.values(SKOS.exactMatch):
        if isinstance(target, URIRef):
            m.use(SKOS.exactMatch, target)
            uris.append(str(target))
    for uri in dict.fromkeys(uris):
        subfields = (Subfield("a", uri), Subfield("2", "uri"))
        m.fields.append(Field("024", "7", " ", subfields))
    for predicate, code in MAPPING_CODES.items():
        for target in m.values(predicate):
            if isinstance(target, URIRef):
                m.use(predicate, target)
                subfields = (Subfield("4", code), Subfield("0", str(target)))
                m.fields.append(Field("750", " ", "7", subfields))


# 040 — Cataloging Source


def _scheme(m: _Mapping, vocabulary: Vocabulary) -> Node | None:
    for predicate in (SKOS.inScheme, SKOS.topConceptOf):
        for scheme in m.values(predicate):
            if isinstance(scheme, URIRef):
                return scheme
    return vocabulary.only_scheme


def _last_segment(node: Node) -> str:
    parts = re.split(r"[/#]", str(node).rstrip("/#"))
    return unquote(parts[-1]) if parts else ""


def _cataloguing_source(
    m: _Mapping, vocabulary: Vocabulary, concept_id: str, heading: _Heading
) -> None:
    language = heading.language
    code = language if language in MARC_TO_BCP47 else BCP47_TO_MARC.get(language or "")
    scheme, scheme_code = _scheme(m, vocabulary), None
    if scheme is not None:
        first = next(iter(m.values(SKOS.inScheme)), None)
        if first == scheme:
            m.use(SKOS.inScheme, scheme)
        derived = not (m.values(SKOS.broader) or m.values(OWL.deprecated))
        if scheme in m.values(SKOS.topConceptOf) and derived:
            # What our mapping says of an active concept with nothing broader: made
            # again on the way out (linkeddata/mapping.py); any other top stays in 950.
            m.use(SKOS.topConceptOf, scheme)
        segment = _last_segment(scheme)
        if segment.lower() not in SCHEME_KINDS and segment:
            scheme_code = SCHEME_CODES.get(segment.lower(), segment)
    m.fields.append(cataloguing_source(agency(concept_id), code, scheme_code))


# 4XX — See From Tracings: other prefLabels, altLabels


def _variants(m: _Mapping, digits: str, heading: _Heading) -> None:
    tag = f"4{digits}"
    own: list[Literal] = []
    by_language: dict[str | None, list[tuple[Literal, bool]]] = {}
    for predicate, preferred in ((SKOS.prefLabel, True), (SKOS.altLabel, False)):
        for label in literals(m.description, predicate):
            m.use(predicate, label)
            if label == heading.label:
                continue
            language = label_language(label)
            if language == heading.language or language is None:
                own.append(label)
            else:
                by_language.setdefault(language, []).append((label, preferred))
    seen = {(heading.language, str(heading.label))}
    for label in own:
        if (heading.language, str(label)) not in seen:
            seen.add((heading.language, str(label)))
            m.fields.append(Field(tag, subfields=(Subfield("a", str(label)),)))
    for language, labels in by_language.items():
        ranked = False
        for label, preferred in labels:
            if (language, str(label)) in seen:
                continue
            seen.add((language, str(label)))
            rank = (
                (Subfield("9", "rank=preferred"),) if preferred and not ranked else ()
            )
            ranked = ranked or bool(rank)
            subfields = (
                Subfield("a", str(label)),
                *rank,
                Subfield("9", f"language={language}"),
            )
            m.fields.append(Field(tag, subfields=subfields))


# 5XX — See Also From Tracings


def _relations(
    m: _Mapping, vocabulary: Vocabulary, digits: str, language: str | None
) -> None:
    links: dict[Node, str | None] = {}
    for predicate, objects in m.description.items():
        if predicate not in LINK_TYPES:
            continue
        for target in objects:
            if isinstance(target, Literal) or target == m.node:
                continue
            m.use(predicate, target)
            control = LINK_TYPES[predicate]
            if links.get(target) is None:
                links[target] = control
    for target, control in links.items():
        found = vocabulary.target(target, language)
        link: list[Subfield] = []
        if isinstance(target, URIRef):
            uri = str(target)
            link = [Subfield("0", _linking_form(found.id) if found.id else uri)]
        elif not found.label:
            continue  # a blank node that names nothing
        subfields = (
            *([Subfield("a", found.label)] if found.label else []),
            *([Subfield("w", control)] if control else []),
            *link,
        )
        m.fields.append(Field(f"5{found.digits or digits}", subfields=subfields))


def _linking_form(target_id: str) -> str:
    return linking_form(target_id, agency(target_id))


# 66X-68X — Notes


def _notes(m: _Mapping) -> None:
    for predicate, (tag, code) in NOTE_TAGS.items():
        for text in literals(m.description, predicate):
            m.use(predicate, text)
            m.fields.append(Field(tag, subfields=(Subfield(code, str(text)),)))


# 950 — everything else


def _local_fields(m: _Mapping) -> None:
    for predicate, objects in m.description.items():
        if predicate in RESTATED:
            continue
        for obj in objects:
            if (predicate, obj) in m.used or _own_format(m.node, predicate, obj):
                continue
            m.fields.append(local_field(str(predicate), n3(obj)))


def _own_format(node: Node, predicate: URIRef, obj: Node) -> bool:
    """``dct:hasFormat <concept>.xml``: a representation of this very record."""
    return (
        predicate == DCTERMS.hasFormat
        and isinstance(obj, URIRef)
        and not is_bnode(node)
        and str(obj).startswith(str(node))
    )
