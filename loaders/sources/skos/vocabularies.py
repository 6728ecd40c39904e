"""What is particular to the SKOS vocabularies we read, and the tables read back.

Their ontologies, classes, schemes and id patterns are theirs, written here.

The reverse tables (links, notes, mappings, subdivisions) are not written here: they
are :mod:`authority.linkeddata.tables` read backwards, so what output writes and what
this source reads back are one table. Only the SKOS source's own choices are added
(exactMatch is a 024 here, not a 750; a note's tag and subfield come from the view's
note types).
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS
from rdflib.term import Node

from authority.domain.ids import REGISTER_AGENCY, VOCABULARY_AGENCY
from authority.domain.view import NOTE_TYPES, RELATION_TYPES
from authority.linkeddata.languages import BCP47_TO_MARC, MARC_TO_BCP47
from authority.linkeddata.namespaces import MADS, skos
from authority.linkeddata.tables import (
    MAPPING_PROPERTIES,
    NOTE_PROPERTIES,
    RELATION_PROPERTIES,
    SUBDIVISION_ELEMENTS,
    inverse,
)
from authority.marc.tags import NOTE_TEXT_CODES

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


def agency(concept_id: str) -> str:
    """040 $a and the ``$0`` prefix of a concept's id.

    Ours for a numeric id (the name register's, ``(NO-TrBIB)90517730``), else
    UiO's, which publishes the vocabularies (``(NoOU)REAL000002``).
    """
    return REGISTER_AGENCY if concept_id.isdigit() else VOCABULARY_AGENCY


_CONTROLS = inverse(RELATION_TYPES)
"""Relation type -> the 5XX's ``$w`` (related has none)."""
LINK_TYPES: dict[URIRef, str | None] = {
    URIRef(predicate): _CONTROLS.get(relation)
    for predicate, relation in RELATION_PROPERTIES.items()
}
"""Predicate -> the 5XX's ``$w`` (None: related, no ``$w``)."""

_NOTE_TAGS = {note_type: tag for tag, (note_type, _) in NOTE_TYPES.items()}
NOTE_TAGS: dict[URIRef, tuple[str, str]] = {
    URIRef(predicate): (_NOTE_TAGS[note], NOTE_TEXT_CODES[_NOTE_TAGS[note]])
    for predicate, note in NOTE_PROPERTIES.items()
}
"""Note property -> (tag, subfield code) of one field with its text."""

MAPPING_CODES: dict[URIRef, str] = {
    URIRef(predicate): code
    for predicate, code in MAPPING_PROPERTIES.items()
    if predicate != skos.exactMatch
}
"""Mapping property -> 750 $4 (UiO's relationship codes); exactMatch is a 024."""

SUBDIVISION_CODES: dict[Node, str] = {
    URIRef(element): code for element, code in inverse(SUBDIVISION_ELEMENTS).items()
}
"""A heading element after the first -> its subdivision code."""

KNOWN_CLASSES = frozenset(
    {SKOS.Concept, MADS.Authority, MADS.DeprecatedAuthority, *CLASS_TAGS}
)
"""Classes read into kind and status; other classes go to 950."""
RESTATED = frozenset({MADS.elementList, MADS.hasVariant})
"""MADS properties that say again what the SKOS labels say: not kept."""

MARC_CODES_OR_TAGS = frozenset({*MARC_TO_BCP47, *BCP47_TO_MARC})
"""Languages ``040 $b`` can name (a MARC code, or a tag that has one)."""

VOCABULARY_NAMESPACES = tuple(
    str(namespace).encode() for namespace in (SKOS, UNIT, UNIT_ENTITY)
)
"""A file that names none of these is no vocabulary this source reads."""
