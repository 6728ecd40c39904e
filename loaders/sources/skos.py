"""Source: a SKOS vocabulary in Turtle, N-Triples or RDF/XML, one authority per concept.

Subject vocabularies are published as SKOS (UiO's Realfagstermer, Humord and Tekord;
our own ``authority export``), sometimes with MADS/RDF beside it. The file is parsed
with rdflib, its format taken from the suffix (``.ttl``, ``.nt``, ``.rdf``/``.xml``/
``.owl``) or, failing that, sniffed from its first bytes; nothing is fetched over the
network (rdflib reads the open file; its RDF/XML reader uses the standard library's
expat, which loads no external entities). **The whole graph is held in memory**:
SKOS files are at most about 100 000 concepts (a few hundred MB as rdflib triples),
and links, labels of link targets and blank nodes cannot be resolved in one
streaming pass over triples in arbitrary order.

BIBSYS's "unit" ontology (``http://unit.no/ontology#``, as in its Realfagstermer
N-Triples; ``http://unit.no/entitydata#`` in its OWL file) declares each of its terms
a sub-property or sub-class of the SKOS (or DC Terms) one; it is read as that term
(:data:`ALIASES`), as are its and UiO's (``http://data.ub.uio.no/onto#``) kind
classes.

===========================  =========================================================
statement about the concept  where it goes
===========================  =========================================================
``a skos:Concept``           one authority; position = its number in the order the
                             parser met the concepts (file order for N-Triples and
                             Turtle). A concept that is only typed (a link target
                             described elsewhere) is no item.
``a`` madsrdf:Topic,         the kind and the 1XX tag (:data:`CLASS_TAGS`): 150 topic,
Geographic, GenreForm,       151 place, 155 genre/form, 148 chronological term (the
Temporal (or UiO's/unit's    register has no kind for those: the view reads 148 as a
Topic, Place, GenreForm,     topic). Else the scheme's name when it is a kind
Time)                        (``.../schemes/place``); else topic. A MADS name class
                             (PersonalName ...) is an error item: this source reads
                             subject terms
``dct:identifier``           ``Authority.id`` (the first that is an authority id),
                             else the URI's last segment, else UiO's URI pattern
                             (``.../realfagstermer/c000002`` -> ``REAL000002``,
                             ``.../humord/c28807`` -> ``HUME28807``); none: error
(the concept's URI)          ``024 7_ $a <uri> $2 uri``
``skos:prefLabel``           the heading, ``1XX $a``: the label in ``nb``, else
                             ``nob``, else without language, else in the language of
                             madsrdf:authoritativeLabel, else the first; subfields
                             from madsrdf:elementList when they give the same label
                             (``$a ... $x ... $z``). The other prefLabels:
                             ``4XX $a <label> $9 rank=preferred $9 language=<tag>``
``skos:altLabel``            ``4XX $a <label>``, with ``$9 language=<tag>`` when its
                             language is not the heading's
(heading language)           ``040 $b`` as a MARC code (nb -> nob); a tag MARC has
                             no code for: ``$9 language=<tag>`` on the 1XX
``skos:broader`` /           ``5XX $a <target's heading> $w g`` / ``$w h`` / no
``narrower`` / ``related``   ``$w``, ``$0 (NoOU)<target id>`` (``(NO-TrBIB)`` for a
(MADS's has...Authority      numeric id, the register's own), or ``$0 <target URI>``
too; hasEarlier/Later        when no id can be derived; the tag from the target's
EstablishedForm: ``$w a/b``) class. A MADS blank-node target (a relation without a
                             link): ``5XX $a <its label>`` only
``owl:deprecated true``      ``status=deleted`` (also madsrdf:DeprecatedAuthority)
``dct:isReplacedBy``         ``status=merged``, ``merged_into=<its id>``; no id, or
                             itself: error item
``skos:inScheme`` (or        ``040 $f``: the scheme URI's last segment, or
``skos:topConceptOf``, or    :data:`SCHEME_CODES` (realfagstermer -> noubomn); a
the file's one scheme)       scheme named after a kind gives no $f. ``040 $a``: NoOU
                             (UiO publishes the vocabularies), NO-TrBIB for numeric
                             ids
``skos:definition``          ``677 $a``
``skos:scopeNote``, ``note`` ``680 $i``
``skos:example``             ``681 $i``
``skos:historyNote``         ``688 $a``
``skos:editorialNote``       ``667 $a`` (internal)
``skos:exactMatch``          ``024 7_ $a <uri> $2 uri``
``skos:closeMatch``,         ``750 _7 $4 =CM`` (``=BM``, ``=NM``, ``=RM``) ``$0 <uri>``:
``broadMatch``,              UiO's linking-entry convention, which output maps back
``narrowMatch``,             to the same property (a 024 would come back as
``relatedMatch``             exactMatch)
``dct:created``,             ``provenance.created`` / ``.modified`` (an xsd:date is
``dct:modified``             midnight in Oslo); created also gives 008 in roald's
                             pattern for subject terms
madsrdf:authoritativeLabel,  not kept: MADS saying again what the SKOS statements say
elementList, hasVariant;     (an authoritativeLabel that is no prefLabel goes to 950)
``dct:hasFormat <uri>.xml``
anything else                ``950 $a <predicate URI> $b <object, N-Triples form>``
                             (skos:hiddenLabel, changeNote, topConceptOf, a second
                             identifier, scheme or date, a date that is no date,
                             classes not listed ...)
===========================  =========================================================

Notes keep their text, not their language tag. A file that does not parse (truncated,
malformed) gives one error item, position 1, and nothing else: rdflib cannot go on
after a syntax error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS, XSD
from rdflib.term import Node

from authority.domain import Authority, Field, Provenance, Status, Subfield
from authority.domain.ids import is_valid_id
from authority.domain.view import HEADING_KINDS, display_label
from authority.linkeddata.languages import MARC_TO_BCP47
from authority.linkeddata.namespaces import MADS
from authority.xmlstream import refused_file
from loaders.sources import SourceItem

ORIGIN = "skos"
OSLO = ZoneInfo("Europe/Oslo")
VOCABULARY_AGENCY = "NoOU"
"""040 $a and ``$0`` prefix for vocabulary ids (``REAL000002``): UiO publishes them."""
REGISTER_AGENCY = "NO-TrBIB"
"""The same for numeric ids, the name register's own (``(NO-TrBIB)90517730``)."""
FIXED_008 = "|||anz|nbabn          |a|ana|||| d"
"""008/06-39 in roald's pattern for subject terms (see emnemodul)."""
LOCAL_TAG = "950"

UNDETERMINED = "und"
"""BCP 47 (and MARC) for "language not known": read as no language."""

UNIT = Namespace("http://unit.no/ontology#")
UNIT_ENTITY = Namespace("http://unit.no/entitydata#")
UBO = Namespace("http://data.ub.uio.no/onto#")

_UNIT_TERMS: dict[str, URIRef] = {
    "Concept": SKOS.Concept,
    "preferredLabel": SKOS.prefLabel,
    "alternativeLabel": SKOS.altLabel,
    "broader": SKOS.broader,
    "narrower": SKOS.narrower,
    "related": SKOS.related,
    "definition": SKOS.definition,
    "editorialNote": SKOS.editorialNote,
    "scopeNote": SKOS.scopeNote,
    "historyNote": SKOS.historyNote,
    "inScheme": SKOS.inScheme,
    "identifier": DCTERMS.identifier,
    "created": DCTERMS.created,
    "modified": DCTERMS.modified,
    "deprecated": OWL.deprecated,
    "replacedBy": DCTERMS.isReplacedBy,
}
ALIASES: dict[Node, URIRef] = {
    namespace[name]: term
    for namespace in (UNIT, UNIT_ENTITY)
    for name, term in _UNIT_TERMS.items()
}
"""A term of the unit ontology -> the SKOS / DC Terms / OWL term it specialises."""

CONCEPT_CLASSES = (SKOS.Concept, UNIT.Concept, UNIT_ENTITY.Concept)

_UIO_CLASSES: dict[str, str] = {
    "Topic": "50",
    "Place": "51",
    "GenreForm": "55",
    "Time": "48",
}
CLASS_TAGS: dict[Node, str] = {
    MADS.Topic: "50",
    MADS.Geographic: "51",
    MADS.GenreForm: "55",
    MADS.Temporal: "48",
    **{
        namespace[name]: digits
        for namespace in (UBO, UNIT, UNIT_ENTITY)
        for name, digits in _UIO_CLASSES.items()
    },
}
"""Class -> the last two digits of the 1XX/4XX/5XX tags (150, 151, 155, 148)."""
NAME_TAGS: dict[Node, str] = {
    MADS.PersonalName: "00",
    MADS.FamilyName: "00",
    MADS.CorporateName: "10",
    MADS.ConferenceName: "11",
    MADS.Title: "30",
}
"""Name classes: a 5XX may link to one, but a concept of one is refused."""
NAME_CLASSES = frozenset(NAME_TAGS)
DEFAULT_TAG = "50"

SCHEME_CODES: dict[str, str] = {
    "realfagstermer": "noubomn",
    "humord": "humord",
    "tekord": "tekord",
}
"""Scheme URI's last segment -> 040 $f (else the segment itself)."""
SCHEME_KINDS: dict[str, str] = {"topic": "50", "place": "51", "genre_form": "55"}
"""Schemes named after a kind (the register's own, ``<base>schemes/place``): no $f."""

URI_PREFIXES: dict[str, str] = {"realfagstermer": "REAL", "humord": "HUME"}
"""UiO's concept URIs (``.../realfagstermer/c000002``) -> the id's letters."""

LINK_TYPES: dict[URIRef, str | None] = {
    SKOS.broader: "g",
    MADS.hasBroaderAuthority: "g",
    SKOS.narrower: "h",
    MADS.hasNarrowerAuthority: "h",
    MADS.hasEarlierEstablishedForm: "a",
    MADS.hasLaterEstablishedForm: "b",
    SKOS.related: None,
    MADS.hasRelatedAuthority: None,
}
"""Predicate -> the 5XX's ``$w`` (None: related, no ``$w``)."""

NOTE_TAGS: dict[URIRef, tuple[str, str]] = {
    SKOS.definition: ("677", "a"),  # Definition
    SKOS.scopeNote: ("680", "i"),  # Public General Note
    SKOS.note: ("680", "i"),
    SKOS.example: ("681", "i"),  # Subject Example Tracing Note
    SKOS.historyNote: ("688", "a"),  # Application History Note
    SKOS.editorialNote: ("667", "a"),  # Nonpublic General Note
}
"""Note property -> (tag, subfield code) of one field with its text."""

MAPPING_CODES: dict[URIRef, str] = {
    SKOS.closeMatch: "=CM",
    SKOS.broadMatch: "=BM",
    SKOS.narrowMatch: "=NM",
    SKOS.relatedMatch: "=RM",
}
"""Mapping property -> 750 $4 (UiO's relationship codes); exactMatch is a 024."""

SUBDIVISION_CODES: dict[Node, str] = {
    MADS.TopicElement: "x",
    MADS.GeographicElement: "z",
    MADS.TemporalElement: "y",
    MADS.GenreFormElement: "v",
}
"""A heading element after the first -> its subdivision code."""

KNOWN_CLASSES = frozenset(
    {SKOS.Concept, MADS.Authority, MADS.DeprecatedAuthority, *CLASS_TAGS}
)
"""Classes read into kind and status; other classes go to 950."""
RESTATED = frozenset({MADS.elementList, MADS.hasVariant})
"""MADS properties that say again what the SKOS labels say: not kept."""

MARC_LANGUAGES: dict[str, str] = {
    tag: code for code, tag in reversed(MARC_TO_BCP47.items())
}
"""BCP 47 tag -> MARC language code (the first listed: nb -> nob, de -> ger)."""

_MARC_CODES_OR_TAGS = frozenset({*MARC_TO_BCP47, *MARC_LANGUAGES})
"""Languages ``040 $b`` can name (a MARC code, or a tag that has one)."""

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}
"""File suffix -> rdflib parser."""
FORMAT_NAMES = {"turtle": "Turtle", "nt": "N-Triples", "xml": "RDF/XML"}

_VOCABULARIES = (str(SKOS).encode(), str(UNIT).encode(), str(UNIT_ENTITY).encode())
_TEXT_START = re.compile(
    rb"\A(?:\s*#[^\n]*\n)*\s*(?:@prefix|@base|prefix\s|base\s|<[a-z][\w+.-]*:|_:)",
    re.IGNORECASE,
)
_NTRIPLES_LINE = re.compile(rb"\A(?:\s*#[^\n]*\n)*\s*(?:<[^>\s]*>|_:\S+)\s+<[^>\s]*>\s")
_BOM = b"\xef\xbb\xbf"
_RAW_LIMIT = 10_000
_SURROGATE = re.compile("[\ud800-\udfff]")


class _ConceptError(ValueError):
    """A concept that cannot become an authority."""


def looks_like(head: bytes) -> bool:
    """True for a SKOS vocabulary in Turtle, N-Triples or RDF/XML (first ~4 KB).

    Args:
        head: The start of the file.

    Returns:
        Whether the file starts like Turtle or N-Triples (``@prefix``, ``PREFIX``,
        ``<http...>``) or holds an ``<rdf:RDF`` element, and names the SKOS (or the
        unit ontology's) namespace.
    """
    text = head.removeprefix(_BOM)
    rdf = bool(_TEXT_START.match(text)) or b"<rdf:RDF" in text
    return rdf and any(namespace in text for namespace in _VOCABULARIES)


def read(path: str) -> Iterator[SourceItem]:
    """Every concept of a SKOS file as an authority (the graph is held in memory).

    Args:
        path: The vocabulary file.

    Yields:
        One item per described concept. A concept that cannot be mapped is an item
        with the reason and its triples (N-Triples); a file that does not parse is
        one error item at position 1.
    """
    form = _format(path)
    refused = refused_file(path) if form == "xml" else None
    if refused is not None:
        yield SourceItem(1, None, f"{Path(path).name}: {refused}")
        return
    try:
        graph = _parse(path, form)
    except OSError:
        raise
    except Exception as error:  # rdflib's parsers raise many kinds of error
        # (BadSyntax, ParserError, SAXParseException, even AssertionError on a
        # truncated Turtle string): each means the same, this file is not that RDF.
        yield SourceItem(1, None, _utf8(_parse_failure(path, form, error)))
        return
    vocabulary = _Vocabulary(graph)
    seen: dict[str, int] = {}
    for position, concept in enumerate(vocabulary.concepts(), start=1):
        yield _item(position, concept, vocabulary, seen)


# Reading


def _format(path: str) -> str:
    form = FORMATS.get(Path(path).suffix.lower())
    if form is not None:
        return form
    with open(path, "rb") as stream:
        head = stream.read(4096).removeprefix(_BOM)
    if b"<rdf:RDF" in head or head.lstrip().startswith(b"<?xml"):
        return "xml"
    return "nt" if _NTRIPLES_LINE.match(head) else "turtle"


def _parse(path: str, form: str) -> Graph:
    graph = Graph(bind_namespaces="none")
    with open(path, "rb") as stream:
        graph.parse(source=stream, format=form, publicID=Path(path).resolve().as_uri())
    return graph


def _parse_failure(path: str, form: str, error: Exception) -> str:
    name = Path(path).name
    detail = str(error).strip() or type(error).__name__
    return (
        f"{name} is not valid {FORMAT_NAMES[form]} (truncated or malformed), so no "
        f"concept in it can be read: {detail}"
    )


Description = dict[URIRef, dict[Node, None]]
"""Predicate -> objects (an ordered set), unit terms read as their SKOS terms."""


@dataclass(frozen=True)
class _Target:
    """What a link needs to know about the concept it names."""

    digits: str | None
    label: str
    id: str | None


class _Vocabulary:
    """The parsed graph and what mapping one concept needs from the others."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._targets: dict[Node, _Target] = {}
        schemes = [
            s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if not _is_bnode(s)
        ]
        self.only_scheme = schemes[0] if len(schemes) == 1 else None

    def concepts(self) -> Iterator[tuple[Node, Description]]:
        """(node, description) of every described concept, in parse order."""
        found = dict.fromkeys(
            s for cls in CONCEPT_CLASSES for s in self.graph.subjects(RDF.type, cls)
        )
        for node in found:
            description = self.describe(node)
            if set(description) - {RDF.type}:
                yield node, description

    def describe(self, node: Node) -> Description:
        found: Description = {}
        for predicate, obj in self.graph.predicate_objects(node):
            term = ALIASES.get(predicate, URIRef(str(predicate)))
            if term == RDF.type:
                obj = ALIASES.get(obj, obj)
            found.setdefault(term, {})[obj] = None
        return found

    def target(self, node: Node, language: str | None = None) -> _Target:
        """The kind digits, heading and id of a link target (cached).

        A blank node (MADS's relation without a link) is named by its
        authoritativeLabel, in ``language`` (the linking concept's) when it has one.
        """
        known = self._targets.get(node)
        if known is None:
            description = self.describe(node)
            label = _preferred(description)
            if label is None and _is_bnode(node):
                label = _preferred(description, MADS.authoritativeLabel, language)
            known = _Target(
                _class_digits(description),
                str(label) if label is not None else "",
                None if _is_bnode(node) else _concept_id(node, description)[0],
            )
            self._targets[node] = known
        return known

    def triples(self, node: Node) -> str:
        """The concept's own triples as N-Triples, for an error report."""
        lines = []
        for predicate, obj in self.graph.predicate_objects(node):
            lines.append(f"{_n3(node)} {_n3(predicate)} {_n3(obj)} .\n")
        return "".join(lines)[:_RAW_LIMIT]


def _utf8(text: str) -> str:
    r"""``text`` with any lone surrogate written as its escape (``\ud800``)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _n3(node: Node) -> str:
    """``node`` as N-Triples writes it; in brackets as it is when rdflib will not.

    rdflib's parser lets a URI like ``<h tp://x>`` through with a warning, and then
    its ``n3()`` raises a bare Exception for it.
    """
    try:
        return node.n3()
    except Exception:  # noqa: BLE001 - rdflib raises nothing more specific
        return f"<{node}>"


def _is_bnode(node: Node) -> bool:
    return isinstance(node, BNode)


def _literals(description: Description, predicate: URIRef) -> Iterator[Literal]:
    return (o for o in description.get(predicate, {}) if isinstance(o, Literal))


def _language(label: Literal) -> str | None:
    """The label's language tag, lower-cased; None for none or ``und``."""
    tag = label.language.lower() if label.language else None
    return None if tag == UNDETERMINED else tag


# Pass over the concepts: the authority


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


def _item(
    position: int,
    concept: tuple[Node, Description],
    vocabulary: _Vocabulary,
    seen: dict[str, int],
) -> SourceItem:
    node, description = concept
    concept_id = None
    try:
        concept_id, _ = _concept_id(node, description)
        authority = _authority(node, description, vocabulary)
        if authority.id in seen:
            raise _ConceptError(
                f"id {authority.id} is given twice (first at {seen[authority.id]})"
            )
        if surrogate := _SURROGATE.search(authority.content_json):
            raise _ConceptError(
                f"{_n3(node)} holds U+{ord(surrogate.group()):04X}, a lone"
                " surrogate: not a character"
            )
    except _ConceptError as error:
        # Turtle's \uD800 escape makes a lone surrogate, which no UTF-8 text (the
        # database, the error report) can hold: the report gets it escaped.
        reason, raw = str(error), vocabulary.triples(node)
        return SourceItem(position, None, _utf8(reason), _utf8(raw), concept_id)
    seen[authority.id] = position
    return SourceItem(position, authority, id=authority.id)


def _authority(
    node: Node, description: Description, vocabulary: _Vocabulary
) -> Authority:
    m = _Mapping(node, description, set(), [])
    concept_id = _own_id(m)
    digits = _kind_digits(m, vocabulary)
    heading = _heading(m, vocabulary, digits)
    status, successor = _status(m, vocabulary, concept_id)
    created, modified = _date(m, DCTERMS.created), _date(m, DCTERMS.modified)
    if created is not None:
        m.fields.append(
            Field("008", data=f"{created.astimezone(OSLO):%y%m%d}{FIXED_008}")
        )
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


# 001 — the id


def _concept_id(node: Node, description: Description) -> tuple[str | None, Node | None]:
    """(id, the dct:identifier literal it came from, if any)."""
    for literal in _literals(description, DCTERMS.identifier):
        if is_valid_id(str(literal).strip()):
            return str(literal).strip(), literal
    return (None if _is_bnode(node) else _id_from_uri(str(node))), None


def _id_from_uri(uri: str) -> str | None:
    parts = re.split(r"[/#]", uri.rstrip("/#"))
    last = unquote(parts[-1]) if parts else ""
    if is_valid_id(last):
        return last
    if len(parts) >= 2 and parts[-2].lower() in URI_PREFIXES:
        match = re.fullmatch(r"c(\d{1,12})", last)
        if match:
            return URI_PREFIXES[parts[-2].lower()] + match.group(1)
    return None


def _own_id(m: _Mapping) -> str:
    concept_id, literal = _concept_id(m.node, m.description)
    if concept_id is None:
        given = [str(v) for v in _literals(m.description, DCTERMS.identifier)]
        where = f"dct:identifier {given}" if given else "no dct:identifier"
        raise _ConceptError(
            f"{_n3(m.node)} has no authority id ({where}, and its URI gives none)"
        )
    if literal is not None:
        m.use(DCTERMS.identifier, literal)
    return concept_id


# 1XX — Heading: kind, label, subfields


def _class_digits(description: Description) -> str | None:
    for cls in description.get(RDF.type, {}):
        if cls in CLASS_TAGS:
            return CLASS_TAGS[cls]
    for cls in description.get(RDF.type, {}):
        if cls in NAME_TAGS:
            return NAME_TAGS[cls]
    return None


def _kind_digits(m: _Mapping, vocabulary: _Vocabulary) -> str:
    types = m.values(RDF.type)
    for cls in types:
        if cls in KNOWN_CLASSES:
            m.use(RDF.type, cls)
    digits = next((CLASS_TAGS[c] for c in types if c in CLASS_TAGS), None)
    if digits is None and any(c in NAME_CLASSES for c in types):
        name = next(c for c in types if c in NAME_CLASSES)
        raise _ConceptError(
            f"{_n3(m.node)} is a {_n3(name)}, a name: the SKOS source reads subject "
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


def _preferred(
    description: Description,
    predicate: URIRef = SKOS.prefLabel,
    hint: str | None = None,
) -> Literal | None:
    """The preferred of the ``predicate`` labels, as the heading is chosen.

    In nb, else nob, else without language, else in ``hint``, else in the
    language of madsrdf:authoritativeLabel, else the first.
    """
    labels = list(_literals(description, predicate))
    authoritative = next(_literals(description, MADS.authoritativeLabel), None)
    wanted: list[str | None] = ["nb", "nob", None, hint]
    if authoritative is not None:
        wanted.append(_language(authoritative))
    for language in wanted:
        for label in labels:
            if _language(label) == language:
                return label
    return labels[0] if labels else None


def _heading(m: _Mapping, vocabulary: _Vocabulary, digits: str) -> _Heading:
    label = _preferred(m.description)
    if label is None:
        raise _ConceptError(f"{_n3(m.node)} has no skos:prefLabel")
    m.use(SKOS.prefLabel, label)
    for authoritative in _literals(m.description, MADS.authoritativeLabel):
        if authoritative in m.description.get(SKOS.prefLabel, {}):
            m.use(MADS.authoritativeLabel, authoritative)
    heading = _Heading(label, _language(label))
    tag = f"1{digits}"
    subfields = _elements(m, vocabulary, tag, str(label))
    if heading.language and heading.language not in _MARC_CODES_OR_TAGS:
        subfields = (*subfields, Subfield("9", f"language={heading.language}"))
    m.fields.append(Field(tag, subfields=subfields))
    return heading


def _elements(
    m: _Mapping, vocabulary: _Vocabulary, tag: str, label: str
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
    m: _Mapping, vocabulary: _Vocabulary, concept_id: str
) -> tuple[Status, str | None]:
    deprecated = False
    for value in _literals(m.description, OWL.deprecated):
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
        raise _ConceptError(
            f"{_n3(m.node)} is replaced by {_n3(successor)}, which has no authority id"
        )
    if target_id == concept_id:
        raise _ConceptError(f"{_n3(m.node)} is replaced by itself (dct:isReplacedBy)")
    m.use(DCTERMS.isReplacedBy, successor)
    return Status.MERGED, target_id


# 005, 008 — dates


def _date(m: _Mapping, predicate: URIRef) -> datetime | None:
    for value in _literals(m.description, predicate):
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
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=OSLO)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# 024 — Other Standard Identifier (own URI, exactMatch); 750 — other mappings


def _identifiers(m: _Mapping) -> None:
    uris: list[str] = [] if _is_bnode(m.node) else [str(m.node)]
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


def _scheme(m: _Mapping, vocabulary: _Vocabulary) -> Node | None:
    for predicate in (SKOS.inScheme, SKOS.topConceptOf):
        for scheme in m.values(predicate):
            if isinstance(scheme, URIRef):
                return scheme
    return vocabulary.only_scheme


def _last_segment(node: Node) -> str:
    parts = re.split(r"[/#]", str(node).rstrip("/#"))
    return unquote(parts[-1]) if parts else ""


def _cataloguing_source(
    m: _Mapping, vocabulary: _Vocabulary, concept_id: str, heading: _Heading
) -> None:
    agency = REGISTER_AGENCY if concept_id.isdigit() else VOCABULARY_AGENCY
    subfields = [Subfield("a", agency)]
    language = heading.language
    if language in MARC_TO_BCP47:
        subfields.append(Subfield("b", language))
    elif language in MARC_LANGUAGES:
        subfields.append(Subfield("b", MARC_LANGUAGES[language]))
    scheme = _scheme(m, vocabulary)
    if scheme is not None:
        first = next(iter(m.values(SKOS.inScheme)), None)
        if first == scheme:
            m.use(SKOS.inScheme, scheme)
        segment = _last_segment(scheme)
        if segment.lower() not in SCHEME_KINDS and segment:
            code = SCHEME_CODES.get(segment.lower(), segment)
            subfields.append(Subfield("f", code))
    m.fields.append(Field("040", subfields=tuple(subfields)))


# 4XX — See From Tracings: other prefLabels, altLabels


def _variants(m: _Mapping, digits: str, heading: _Heading) -> None:
    tag = f"4{digits}"
    own: list[Literal] = []
    by_language: dict[str | None, list[tuple[Literal, bool]]] = {}
    for predicate, preferred in ((SKOS.prefLabel, True), (SKOS.altLabel, False)):
        for label in _literals(m.description, predicate):
            m.use(predicate, label)
            if label == heading.label:
                continue
            language = _language(label)
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
    m: _Mapping, vocabulary: _Vocabulary, digits: str, language: str | None
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
            link = [Subfield("0", _linking_form(found.id) if found.id else str(target))]
        elif not found.label:
            continue  # a blank node that names nothing
        subfields = (
            *([Subfield("a", found.label)] if found.label else []),
            *([Subfield("w", control)] if control else []),
            *link,
        )
        m.fields.append(Field(f"5{found.digits or digits}", subfields=subfields))


def _linking_form(target_id: str) -> str:
    agency = REGISTER_AGENCY if target_id.isdigit() else VOCABULARY_AGENCY
    return f"({agency}){target_id}"


# 66X-68X — Notes


def _notes(m: _Mapping) -> None:
    for predicate, (tag, code) in NOTE_TAGS.items():
        for text in _literals(m.description, predicate):
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
            subfields = (Subfield("a", str(predicate)), Subfield("b", _n3(obj)))
            m.fields.append(Field(LOCAL_TAG, subfields=subfields))


def _own_format(node: Node, predicate: URIRef, obj: Node) -> bool:
    """``dct:hasFormat <concept>.xml``: a representation of this very record."""
    return (
        predicate == DCTERMS.hasFormat
        and isinstance(obj, URIRef)
        and not _is_bnode(node)
        and str(obj).startswith(str(node))
    )
