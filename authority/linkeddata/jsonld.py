"""Compact JSON-LD with our own context: RDF that reads as plain JSON.

The context (published as ``schema/context.jsonld`` and served at
``<base>context.jsonld``) gives every property a short key and a fixed shape: keys
that can repeat are always arrays, labels are language maps (``{"nb": "..."}``),
links are plain URI strings, and the real-world thing sits inside the authority
under ``focus``. Developers can read it as JSON; JSON-LD processors expand it to
exactly the triples of the other formats (``tests/unit/linkeddata`` proves it by
parsing it back with rdflib and comparing graphs).

The document is written from the mapping's triples by the small compactor below
rather than by a general JSON-LD processor: the shape is ours to keep stable, and a
dump of millions of records cannot afford framing and compaction per record.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

from authority.linkeddata.namespaces import (
    DCTERMS,
    FOAF,
    MADS,
    OWL,
    PREFIXES,
    RDF,
    SCHEMA,
    SKOS,
    XSD,
)
from authority.linkeddata.terms import Blank, Lit, Object, Subject, Triple

ID = "@id"
VOCAB = "@vocab"
LANGUAGE = "@language"
SET = "@set"
LIST = "@list"


class _Tagged(NamedTuple):
    """A language-tagged value on its way into a language map."""

    language: str
    text: str


@dataclass(frozen=True)
class Term:
    """One key of the context."""

    name: str
    iri: str
    type: str | None = None
    """``@id`` (value is a URI string), ``@vocab`` (a class-like term) or a datatype."""
    container: str | None = None
    """``@set`` (always an array), ``@language`` (a language map) or ``@list``."""
    many: bool = False
    """Values are arrays (in a language map too)."""


def _terms() -> tuple[Term, ...]:
    def links(name: str, iri: str) -> Term:
        return Term(name, iri, ID, SET, True)

    def langs(name: str, iri: str, many: bool = True) -> Term:
        return Term(name, iri, None, LANGUAGE, many)

    def nodes(name: str, iri: str) -> Term:
        return Term(name, iri, None, SET, True)

    return (
        # the authority
        langs("prefLabel", SKOS.prefLabel, many=False),
        langs("authoritativeLabel", MADS.authoritativeLabel, many=False),
        langs("altLabel", SKOS.altLabel),
        Term("elementList", MADS.elementList, None, LIST),
        nodes("hasVariant", MADS.hasVariant),
        langs("variantLabel", MADS.variantLabel),
        langs("elementValue", MADS.elementValue, many=False),
        nodes("inScheme", SKOS.inScheme),
        Term("identifier", DCTERMS.identifier, None, SET, True),
        Term("created", DCTERMS.created, XSD.date),
        Term("modified", DCTERMS.modified, XSD.date),
        Term("deprecated", OWL.deprecated),
        Term("isReplacedBy", DCTERMS.isReplacedBy, ID),
        Term("hasFormat", DCTERMS.hasFormat, ID),
        nodes("broader", SKOS.broader),
        nodes("narrower", SKOS.narrower),
        nodes("related", SKOS.related),
        nodes("hasBroaderAuthority", MADS.hasBroaderAuthority),
        nodes("hasNarrowerAuthority", MADS.hasNarrowerAuthority),
        nodes("hasRelatedAuthority", MADS.hasRelatedAuthority),
        nodes("hasEarlierEstablishedForm", MADS.hasEarlierEstablishedForm),
        nodes("hasLaterEstablishedForm", MADS.hasLaterEstablishedForm),
        links("exactMatch", SKOS.exactMatch),
        links("closeMatch", SKOS.closeMatch),
        links("broadMatch", SKOS.broadMatch),
        links("narrowMatch", SKOS.narrowMatch),
        nodes("relatedMatch", SKOS.relatedMatch),
        langs("note", SKOS.note),
        langs("definition", SKOS.definition),
        langs("editorialNote", SKOS.editorialNote),
        langs("example", SKOS.example),
        langs("changeNote", SKOS.changeNote),
        langs("historyNote", SKOS.historyNote),
        Term("identifiesRWO", MADS.identifiesRWO, ID),
        Term("focus", FOAF.focus),
        # the real-world thing
        Term("isIdentifiedByAuthority", MADS.isIdentifiedByAuthority, ID),
        Term("name", SCHEMA.name),
        Term("alternateName", SCHEMA.alternateName, None, SET, True),
        Term("birthDate", SCHEMA.birthDate),
        Term("deathDate", SCHEMA.deathDate),
        Term("foundingDate", SCHEMA.foundingDate),
        Term("dissolutionDate", SCHEMA.dissolutionDate),
        Term("startDate", SCHEMA.startDate),
        Term("endDate", SCHEMA.endDate),
        Term("birthPlace", SCHEMA.birthPlace),
        Term("deathPlace", SCHEMA.deathPlace),
        Term("gender", SCHEMA.gender, VOCAB),
        langs("hasOccupation", SCHEMA.hasOccupation),
        Term("nationality", SCHEMA.nationality, None, SET, True),
        links("sameAs", OWL.sameAs),
    )


TERMS: tuple[Term, ...] = _terms()
BY_IRI: dict[str, Term] = {str(t.iri): t for t in TERMS}
_TYPE, _FIRST, _REST, _NIL = (str(t) for t in (RDF.type, RDF.first, RDF.rest, RDF.nil))
_BOOLEAN = str(XSD.boolean)
CLASSES: dict[str, str] = {
    str(iri): iri[len(ns) :]
    for ns in (MADS._NS, SKOS._NS, SCHEMA._NS)
    for iri in (
        MADS.Authority,
        MADS.DeprecatedAuthority,
        MADS.Variant,
        MADS.PersonalName,
        MADS.FamilyName,
        MADS.CorporateName,
        MADS.ConferenceName,
        MADS.Title,
        MADS.Topic,
        MADS.Geographic,
        MADS.GenreForm,
        MADS.FullNameElement,
        MADS.FamilyNameElement,
        MADS.NameElement,
        MADS.DateNameElement,
        MADS.TermsOfAddressNameElement,
        MADS.MainTitleElement,
        MADS.TitleElement,
        MADS.PartNameElement,
        MADS.PartNumberElement,
        MADS.TopicElement,
        MADS.GeographicElement,
        MADS.TemporalElement,
        MADS.GenreFormElement,
        SKOS.Concept,
        SKOS.ConceptScheme,
        SCHEMA.Person,
        SCHEMA.Organization,
        SCHEMA.Event,
        SCHEMA.Place,
        SCHEMA.CreativeWork,
        SCHEMA.Male,
        SCHEMA.Female,
    )
    if str(iri).startswith(str(ns))
}
"""Class (and enumeration) IRIs -> their short names in the context."""


def context() -> dict[str, Any]:
    """The context document (``schema/context.jsonld`` is this, written out)."""
    entries: dict[str, Any] = {"@version": 1.1}
    entries.update({prefix: str(ns) for prefix, ns in PREFIXES.items()})
    entries["id"] = "@id"
    entries["type"] = {"@id": "@type", "@container": "@set"}
    entries.update({name: _compact_iri(iri) for iri, name in CLASSES.items()})
    for term in TERMS:
        entry: dict[str, str] = {"@id": _compact_iri(term.iri)}
        if term.type:
            entry["@type"] = (
                term.type if term.type in (ID, VOCAB) else _compact_iri(term.type)
            )
        if term.container:
            entry["@container"] = term.container
        entries[term.name] = entry
    return {"@context": entries}


def to_jsonld(triples: list[Triple], root: str, context_uri: str) -> dict[str, Any]:
    """The compact JSON-LD document of one authority (``root``) from its triples."""
    by_subject: dict[Subject, list[tuple[str, Object]]] = defaultdict(list)
    for s, p, o in triples:
        by_subject[s].append((p, o))
    document = {"@context": context_uri}
    document.update(_node(root, by_subject, {root}))
    return document


def _node(
    subject: Subject,
    by_subject: dict[Subject, list[tuple[str, Object]]],
    path: set[Subject],
) -> dict[str, Any]:
    node: dict[str, Any] = {}
    if isinstance(subject, str):
        node["id"] = subject
    properties: dict[str, list[Any]] = defaultdict(list)
    for predicate, obj in by_subject.get(subject, ()):
        if predicate == _TYPE and isinstance(obj, str):
            node.setdefault("type", []).append(CLASSES.get(obj, obj))
            continue
        term = BY_IRI.get(predicate)
        key = term.name if term else predicate
        properties[key].append(_value(term, obj, by_subject, path))
    for term in TERMS:  # fixed key order: the context's
        if term.name in properties:
            node[term.name] = _shape(term, properties.pop(term.name))
    node.update(properties)  # any predicate the context lacks: full IRI keys
    return node


def _value(
    term: Term | None,
    obj: Object,
    by_subject: dict[Subject, list[tuple[str, Object]]],
    path: set[Subject],
) -> Any:
    if isinstance(obj, Lit):
        return _literal(term, obj)
    if term is not None and term.type == ID and isinstance(obj, str):
        return obj  # a link; what the target says is embedded under another key
    if obj in by_subject and obj not in path:
        if isinstance(obj, Blank) and _is_list_cell(by_subject, obj):
            return [
                _node(item, by_subject, path | {item}) if item in by_subject else item
                for item in _list_items(by_subject, obj)
            ]
        return _node(obj, by_subject, path | {obj})
    if isinstance(obj, Blank):
        return {"id": f"_:{obj.label}"}
    if term is not None and term.type == VOCAB and obj in CLASSES:
        return CLASSES[obj]
    return {"id": obj}


def _literal(term: Term | None, lit: Lit) -> Any:
    if term is not None and term.type in (ID, VOCAB):  # a string there is an IRI
        return _value_object(lit)
    if lit.lang and term is not None and term.container == LANGUAGE:
        return _Tagged(lit.lang, lit.value)
    if lit.lang:
        return _value_object(lit)
    if lit.datatype == _BOOLEAN and lit.value in ("true", "false"):
        return lit.value == "true"
    if lit.datatype and not (term is not None and str(term.type) == lit.datatype):
        return _value_object(lit)
    return lit.value


def _value_object(lit: Lit) -> dict[str, str]:
    value = {"@value": lit.value}
    if lit.lang:
        value["@language"] = lit.lang
    elif lit.datatype:
        value["@type"] = _compact_iri(lit.datatype)
    return value


def _shape(term: Term, values: list[Any]) -> Any:
    if term.container == LANGUAGE and all(isinstance(v, _Tagged) for v in values):
        by_language: dict[str, list[str]] = defaultdict(list)
        for language, text in values:
            by_language[language].append(text)
        return {
            language: texts if term.many or len(texts) > 1 else texts[0]
            for language, texts in by_language.items()
        }
    values = [
        {"@value": v.text, "@language": v.language} if isinstance(v, _Tagged) else v
        for v in values
    ]
    if term.container == LIST:
        return values[0] if len(values) == 1 else values
    return values if term.many or len(values) > 1 else values[0]


def _is_list_cell(
    by_subject: dict[Subject, list[tuple[str, Object]]], node: Blank
) -> bool:
    return any(predicate == _FIRST for predicate, _ in by_subject[node])


def _list_items(
    by_subject: dict[Subject, list[tuple[str, Object]]], head: Blank
) -> list[Object]:
    items: list[Object] = []
    cell: Object = head
    while isinstance(cell, Blank):
        predicates = dict(by_subject[cell])
        items.append(predicates[_FIRST])
        cell = predicates[_REST]
    return items


def _compact_iri(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return iri
