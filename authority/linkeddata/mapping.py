"""An authority -> RDF triples: MADS/RDF and SKOS, and schema.org on the thing.

MADS/RDF and SKOS describe the authority; schema.org the real-world thing it
identifies (``linkeddata/entity.py``).

One mapping for every output: ``graph.to_graph`` turns these triples into an rdflib
graph (Turtle, RDF/XML, the API), the dump writes them as N-Triples and JSON-LD
directly. Only public content is read (``public_identifiers``, ``public_notes``,
``public_fields``): private identifiers and internal notes (667) never become rdf.

Deleted and merged authorities keep their description, marked ``owl:deprecated`` and
typed ``madsrdf:DeprecatedAuthority``; a merged one says where its survivor is
(``dct:isReplacedBy``), as mc2skos does for replaced UiO terms.
"""

from __future__ import annotations

from datetime import datetime

from authority.domain import Authority, Field, Kind, Status
from authority.domain.content import Subfield, with_tag
from authority.domain.local_time import OSLO
from authority.domain.view import BILINGUAL_TAGS, HEADING_KINDS, Relation, display_label
from authority.domain.vocabularies import vocabulary
from authority.linkeddata import entity, matches
from authority.linkeddata.languages import UNDETERMINED, bcp47
from authority.linkeddata.namespaces import dct, mads, owl, rdf, skos, xsd
from authority.linkeddata.tables import (
    ELEMENTS,
    MADS_CLASS,
    NOTES,
    RELATIONS,
    SCHEME_TITLES,
    SUBDIVISION_ELEMENTS,
)
from authority.linkeddata.terms import Blank, Lit, Object, Subject, Triple
from authority.linkeddata.uris import Uris

TRUE = Lit("true", datatype=xsd.boolean)
OWN_LANGUAGE = "nb"
"""The cataloguing language of the register's own records (BARE's 040 $b nob)."""


class Builder:
    """The triples of one authority as they are made, and what the parts share."""

    def __init__(self, authority: Authority, uris: Uris) -> None:
        self.authority = authority
        self.uris = uris
        self.me = uris.authority(authority.id)
        self.triples: list[Triple] = []
        self.fields = authority.public_fields
        """The fields RDF may show: no private identifiers, no internal notes."""
        self.language = _cataloguing_language(self.fields)
        """The language of notes and of labels that do not name their own."""
        self.heading_language = _heading_language(authority, self.language)
        """The language of the heading: its own ``$9 language=``, else 040 $b."""
        self.preferred: set[tuple[str, str]] = set()
        """(language, label) of every prefLabel, which no altLabel may repeat."""
        self._blanks = 0
        self._typed: set[str] = set()

    def add(self, subject: Subject, predicate: str, obj: Object) -> None:
        """One triple (IRIs as plain ``str``: see ``namespaces.PlainTerms``)."""
        self.triples.append((subject, predicate, obj))

    def blank(self) -> Blank:
        """A blank node whose label is unique within any dump (the id is in it)."""
        self._blanks += 1
        return Blank(f"b{self.authority.id}n{self._blanks}")

    def concept_stub(self, target: str) -> None:
        """``<target> a skos:Concept`` once, so a related term is typed in the graph.

        Every authority is a concept, so this is true of every target we link; it
        keeps a single record's graph valid against the SKOS shapes (S19/S20).
        """
        if target not in self._typed:
            self._typed.add(target)
            self.add(target, rdf.type, skos.Concept)


def to_triples(authority: Authority, uris: Uris) -> list[Triple]:
    """Every triple we publish about ``authority``."""
    builder = Builder(authority, uris)
    _types(builder)
    _labels(builder)
    _element_list(builder)
    _variants(builder)
    _scheme(builder)
    _record(builder)
    _notes(builder)
    _relations(builder)
    matches.add_matches(builder)
    entity.add_entity(builder)
    return builder.triples


# Leader/05 and kind — classes


def _types(b: Builder) -> None:
    a = b.authority
    active = a.status is Status.ACTIVE
    b.add(b.me, rdf.type, MADS_CLASS[a.kind])
    b.add(b.me, rdf.type, mads.Authority if active else mads.DeprecatedAuthority)
    b.add(b.me, rdf.type, skos.Concept)
    if not active:
        b.add(b.me, owl.deprecated, TRUE)
    if a.status is Status.MERGED and a.merged_into:
        b.add(b.me, dct.isReplacedBy, b.uris.authority(a.merged_into))


# 1XX — Heading, and preferred labels in other languages ($9 rank=preferred)


def _labels(b: Builder) -> None:
    a = b.authority
    if not a.label:
        return
    b.add(b.me, mads.authoritativeLabel, Lit(a.label, b.heading_language))
    preferred = {b.heading_language: a.label}
    for label in a.labels:
        language = bcp47(label.language)
        if label.preferred and language not in preferred and label.value:
            preferred[language] = label.value  # SKOS S14: one per language
    for language, value in preferred.items():
        b.add(b.me, skos.prefLabel, Lit(value, language))
        b.preferred.add((language, value))


def _element_list(b: Builder) -> None:
    heading = b.authority.heading
    if heading is None or heading.tag in BILINGUAL_TAGS:
        return
    table = ELEMENTS.get(b.authority.kind, {})
    elements = []
    for sub in heading.subfields:
        cls = table.get(sub.code) or SUBDIVISION_ELEMENTS.get(sub.code)
        if cls is not None and sub.value.strip():
            element = b.blank()
            b.add(element, rdf.type, cls)
            b.add(
                element, mads.elementValue, Lit(sub.value.strip(), b.heading_language)
            )
            elements.append(element)
    if elements:
        b.add(b.me, mads.elementList, _rdf_list(b, elements))


def _rdf_list(b: Builder, items: list[Blank]) -> Blank:
    cells = [b.blank() for _ in items]
    for i, (cell, item) in enumerate(zip(cells, items, strict=True)):
        b.add(cell, rdf.first, item)
        b.add(cell, rdf.rest, cells[i + 1] if i + 1 < len(cells) else rdf.nil)
    return cells[0]


# 4XX — See From Tracings


def _variants(b: Builder) -> None:
    seen = set(b.preferred)
    for variant in b.authority.variants:
        labels = _tracing_labels(b, variant.tag, variant.subfields)
        if not labels:
            continue
        node = b.blank()
        b.add(b.me, mads.hasVariant, node)
        b.add(node, rdf.type, mads.Variant)
        b.add(node, rdf.type, _mads_class(variant.tag, variant.ind1, b.authority.kind))
        for language, value in labels:
            b.add(node, mads.variantLabel, Lit(value, language))
            if (language, value) not in seen:  # SKOS S13: pref and alt are disjoint
                seen.add((language, value))
                b.add(b.me, skos.altLabel, Lit(value, language))


def _tracing_labels(
    b: Builder, tag: str, subfields: tuple[Subfield, ...]
) -> list[tuple[str, str]]:
    """(language, label) of a 4XX/5XX: its ``$9 language=``, else 040 $b."""
    if tag in BILINGUAL_TAGS:
        codes = BILINGUAL_TAGS[tag]
        return [
            (codes[s.code], s.value.strip())
            for s in subfields
            if s.code in codes and s.value.strip()
        ]
    language = next(
        (
            s.value[9:]
            for s in subfields
            if s.code == "9" and s.value.startswith("language=")
        ),
        None,
    )
    label = display_label(tag, subfields)
    return [(bcp47(language) if language else b.language, label)] if label else []


def _mads_class(tag: str, ind1: str, default: Kind) -> str:
    if tag[1:] == "00" and ind1 == "3":
        return mads.FamilyName
    return MADS_CLASS[HEADING_KINDS.get("1" + tag[1:], default)]


# 040 $f — the concept scheme


def _scheme(b: Builder) -> None:
    code = vocabulary(b.authority)
    name = code or b.authority.kind.value
    scheme = b.uris.scheme(name)
    b.add(b.me, skos.inScheme, scheme)
    if code and _top(b.authority):
        b.add(b.me, skos.topConceptOf, scheme)  # where SKOS browsers (Skosmos) start
    b.add(scheme, rdf.type, skos.ConceptScheme)
    for language, title in SCHEME_TITLES.get(name, {UNDETERMINED: name}).items():
        b.add(scheme, skos.prefLabel, Lit(title, language))


def _top(authority: Authority) -> bool:
    """A vocabulary's active concept with nothing broader (linked or not) is a top.

    Only subject vocabularies have tops: the name register's kinds are schemes of
    their own (``person``...) with no hierarchy, where every record would be one.
    """
    if authority.status is not Status.ACTIVE:
        return False
    return not any(r.type == "broader" for r in authority.relations)


# 001, 005, 008, 024 — the record: ids in their legacy forms, dates, MARC


def _record(b: Builder) -> None:
    a = b.authority
    b.add(b.me, dct.identifier, Lit(a.id))
    for identifier in a.public_identifiers:
        if identifier.scheme == "autid":
            b.add(b.me, dct.identifier, Lit(identifier.value))
        elif identifier.scheme == "handle":
            b.add(b.me, dct.identifier, Lit(identifier.uri or identifier.original))
    for predicate, moment in (
        (dct.created, a.provenance.created),
        (dct.modified, a.provenance.modified),
    ):
        if moment is not None:
            b.add(b.me, predicate, _date(moment))
    b.add(b.me, dct.hasFormat, b.uris.marc(a.id))


def _date(moment: datetime) -> Lit:
    """The Norwegian calendar date of a moment (mc2skos writes dates, not times)."""
    local = moment.astimezone(OSLO) if moment.tzinfo else moment
    return Lit(local.date().isoformat(), datatype=xsd.date)


# 66X-68X — Notes (public ones only)


def _notes(b: Builder) -> None:
    for note in b.authority.public_notes:
        predicate = NOTES.get(note.type)
        if predicate is not None and note.text:
            b.add(b.me, predicate, Lit(note.text, b.language))


# 5XX — See Also From Tracings


def _relations(b: Builder) -> None:
    relations = b.authority.relations
    hierarchical = {r.target_id for r in relations if r.type in ("broader", "narrower")}
    for relation in relations:
        skos_property, mads_property = RELATIONS[relation.type]
        if relation.target_id is None:
            _unlinked(b, mads_property, relation)
            continue
        target = b.uris.authority(relation.target_id)
        if target == b.me:
            continue
        b.add(b.me, mads_property, target)
        if not (skos_property == skos.related and relation.target_id in hierarchical):
            b.add(b.me, skos_property, target)  # SKOS S27: related is not broader
        b.concept_stub(target)


def _unlinked(b: Builder, predicate: str, relation: Relation) -> None:
    """A 5XX without ``$0``: MADS can still say what it names, by label."""
    labels = _tracing_labels(b, relation.tag, relation.subfields)
    if not labels:
        return
    node = b.blank()
    b.add(b.me, predicate, node)
    b.add(node, rdf.type, mads.Authority)
    b.add(node, rdf.type, _mads_class(relation.tag, " ", b.authority.kind))
    for language, label in labels:
        b.add(node, mads.authoritativeLabel, Lit(label, language))


def _heading_language(authority: Authority, default: str) -> str:
    """The 1XX's own ``$9 language=`` (or its bilingual tag's first language)."""
    heading = authority.heading
    if heading is None:
        return default
    if heading.tag in BILINGUAL_TAGS:
        return next(iter(BILINGUAL_TAGS[heading.tag].values()))
    for sub in heading.subfields:
        if sub.code == "9" and sub.value.startswith("language="):
            return bcp47(sub.value[9:])
    return default


def _cataloguing_language(fields: tuple[Field, ...]) -> str:
    """040 $b; a record with no 040 is BARE's own, whose 040 said ``$b nob``.

    BARE kept 040 out of its JSON and generated ``040 $a NO-TrBIB $b nob`` on output
    (domain/bare.md §5), so its records are Norwegian bokmål unless they say more.
    """
    if not any(f.tag == "040" for f in fields):
        return OWN_LANGUAGE
    return bcp47(_first(fields, "040", "b"))


def _first(fields: tuple[Field, ...], tag: str, code: str) -> str | None:
    return next((v for f in with_tag(fields, tag) for v in f.values(code)), None)
