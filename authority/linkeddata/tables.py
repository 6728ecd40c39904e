"""The small tables that drive the RDF mapping: kind -> classes, MARC -> properties."""

from __future__ import annotations

from rdflib import URIRef

from authority.domain import Kind
from authority.linkeddata.namespaces import MADS, SCHEMA, SKOS

MADS_CLASS: dict[Kind, URIRef] = {
    Kind.PERSON: MADS.PersonalName,
    Kind.FAMILY: MADS.FamilyName,
    Kind.CORPORATE_BODY: MADS.CorporateName,
    Kind.MEETING: MADS.ConferenceName,
    Kind.WORK: MADS.Title,
    Kind.TOPIC: MADS.Topic,
    Kind.PLACE: MADS.Geographic,
    Kind.GENRE_FORM: MADS.GenreForm,
}
"""The MADS/RDF class of an authority (and of its variants) by kind."""

ENTITY_CLASS: dict[Kind, URIRef | None] = {
    Kind.PERSON: SCHEMA.Person,
    Kind.FAMILY: None,  # schema.org has no class for a family
    Kind.CORPORATE_BODY: SCHEMA.Organization,
    Kind.MEETING: SCHEMA.Event,
    Kind.WORK: SCHEMA.CreativeWork,
    Kind.PLACE: SCHEMA.Place,
}
"""Kinds that identify a real-world thing, and its schema.org class.

Topics and genre/form terms are concepts only: there is no thing beside them.
"""

ELEMENTS: dict[Kind, dict[str, URIRef]] = {
    Kind.PERSON: {
        "a": MADS.FullNameElement,
        "b": MADS.NameElement,
        "c": MADS.TermsOfAddressNameElement,
        "d": MADS.DateNameElement,
        "q": MADS.NameElement,
        "t": MADS.TitleElement,
    },
    Kind.FAMILY: {"a": MADS.FamilyNameElement, "d": MADS.DateNameElement},
    Kind.CORPORATE_BODY: {
        "a": MADS.NameElement,
        "b": MADS.NameElement,
        "c": MADS.NameElement,
        "d": MADS.DateNameElement,
        "n": MADS.NameElement,
        "t": MADS.TitleElement,
    },
    Kind.MEETING: {
        "a": MADS.NameElement,
        "c": MADS.NameElement,
        "d": MADS.DateNameElement,
        "e": MADS.NameElement,
        "n": MADS.NameElement,
        "q": MADS.NameElement,
    },
    Kind.WORK: {
        "a": MADS.MainTitleElement,
        "n": MADS.PartNumberElement,
        "p": MADS.PartNameElement,
    },
    Kind.TOPIC: {"a": MADS.TopicElement},
    Kind.PLACE: {"a": MADS.GeographicElement},
    Kind.GENRE_FORM: {"a": MADS.GenreFormElement},
}
"""Heading subfield -> MADS element class, per kind (MADS/RDF "elementList")."""

SUBDIVISION_ELEMENTS: dict[str, URIRef] = {
    "v": MADS.GenreFormElement,
    "x": MADS.TopicElement,
    "y": MADS.TemporalElement,
    "z": MADS.GeographicElement,
}
"""Subject subdivisions ($v $x $y $z) are the same element in every kind."""

RELATIONS: dict[str, tuple[URIRef, URIRef]] = {
    "broader": (SKOS.broader, MADS.hasBroaderAuthority),
    "narrower": (SKOS.narrower, MADS.hasNarrowerAuthority),
    "earlier": (SKOS.related, MADS.hasEarlierEstablishedForm),
    "later": (SKOS.related, MADS.hasLaterEstablishedForm),
    "related": (SKOS.related, MADS.hasRelatedAuthority),
    "parent": (SKOS.related, MADS.hasRelatedAuthority),
}
"""Relation type (5XX $w) -> (SKOS property, MADS property)."""

NOTES: dict[str, URIRef] = {
    "source": SKOS.note,  # 670
    "title-related": SKOS.note,  # 672
    "source-not-found": SKOS.editorialNote,  # 675
    "definition": SKOS.definition,  # 677
    "biographical": SKOS.note,  # 678
    "public": SKOS.note,  # 680
    "example": SKOS.example,  # 681
    "deleted-heading": SKOS.changeNote,  # 682
    "history": SKOS.historyNote,  # 688
}
"""Public note type -> SKOS note property (mc2skos's choices). Internal notes (667)
have no row: they never become RDF."""

MAPPING_CODES: dict[str, URIRef] = {
    "=EQ": SKOS.exactMatch,
    "=BM": SKOS.broadMatch,
    "=NM": SKOS.narrowMatch,
    "=RM": SKOS.relatedMatch,
    "=CM": SKOS.closeMatch,
}
"""750 $4 relationship codes (UiO's convention) -> SKOS mapping property."""

MAPPING_PROPERTIES = frozenset(MAPPING_CODES.values())

CLASSIFICATIONS: dict[tuple[str, str], tuple[str, URIRef]] = {
    ("065", "utklklass"): ("http://data.ub.uio.no/lklass/{}", SKOS.exactMatch),
    ("083", "23no"): ("http://dewey.info/class/{}/e23/", SKOS.closeMatch),
    ("083", "23"): ("http://dewey.info/class/{}/e23/", SKOS.closeMatch),
}
"""(tag, $2) -> (URI template for the class number without spaces, default property
when no $4 says otherwise). The UiO vocabularies carry these (mc2skos maps them)."""

LOCAL_SCHEME_CODES = frozenset({"noraf", "bare"})
"""040 $f codes of the name register itself: its schemes go by kind, not by code."""
