"""The small tables that drive the RDF mapping: kind -> classes, MARC -> properties.

Each table is written once, in the direction output reads it; a source that reads
RDF back (``loaders/sources/skos``) reads the same table backwards with
:func:`inverse`. Where a table cannot be read backwards on its own (several rows
share a property, or a property comes back as another row or not at all), it says so
beside itself in a ``*_READ_BACK`` table, and :func:`inverse` refuses a table that
leaves a shared property unsaid.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

from authority.domain import Kind
from authority.linkeddata.namespaces import mads, schema, skos

K = TypeVar("K", bound=Hashable)
V = TypeVar("V", bound=Hashable)


def inverse(
    table: Mapping[K, V], read_back: Mapping[V, K | None] | None = None
) -> dict[V, K]:
    """``table`` read backwards: value -> key.

    Args:
        table: The table as output reads it.
        read_back: What a value reads back as where the table alone cannot say:
            a value several keys share, one that comes back as another key, one
            that comes back as nothing (None), or one that is only ever read.
            Its values come first, in its order.

    Returns:
        Every value the table or ``read_back`` names -> the key it reads back as.

    Raises:
        ValueError: When two keys share a value that ``read_back`` does not name.
    """
    said = dict(read_back or {})
    found: dict[V, K] = {v: k for v, k in said.items() if k is not None}
    first: dict[V, K] = {}
    for key, value in table.items():
        if value in said:
            continue
        if value in first:
            raise ValueError(
                f"{value!r} is written for both {first[value]!r} and {key!r}: "
                "say in read_back which of them it reads back as"
            )
        first[value] = key
    return found | first


MADS_CLASS: dict[Kind, str] = {
    Kind.PERSON: mads.PersonalName,
    Kind.FAMILY: mads.FamilyName,
    Kind.CORPORATE_BODY: mads.CorporateName,
    Kind.MEETING: mads.ConferenceName,
    Kind.WORK: mads.Title,
    Kind.TOPIC: mads.Topic,
    Kind.PLACE: mads.Geographic,
    Kind.GENRE_FORM: mads.GenreForm,
}
"""The MADS/RDF class of an authority (and of its variants) by kind."""

ENTITY_CLASS: dict[Kind, str | None] = {
    Kind.PERSON: schema.Person,
    Kind.FAMILY: None,  # schema.org has no class for a family
    Kind.CORPORATE_BODY: schema.Organization,
    Kind.MEETING: schema.Event,
    Kind.WORK: schema.CreativeWork,
    Kind.PLACE: schema.Place,
}
"""Kinds that identify a real-world thing, and its schema.org class.

Topics and genre/form terms are concepts only: there is no thing beside them.
"""

ELEMENTS: dict[Kind, dict[str, str]] = {
    Kind.PERSON: {
        "a": mads.FullNameElement,
        "b": mads.NameElement,
        "c": mads.TermsOfAddressNameElement,
        "d": mads.DateNameElement,
        "q": mads.NameElement,
        "t": mads.TitleElement,
    },
    Kind.FAMILY: {"a": mads.FamilyNameElement, "d": mads.DateNameElement},
    Kind.CORPORATE_BODY: {
        "a": mads.NameElement,
        "b": mads.NameElement,
        "c": mads.NameElement,
        "d": mads.DateNameElement,
        "n": mads.NameElement,
        "t": mads.TitleElement,
    },
    Kind.MEETING: {
        "a": mads.NameElement,
        "c": mads.NameElement,
        "d": mads.DateNameElement,
        "e": mads.NameElement,
        "n": mads.NameElement,
        "q": mads.NameElement,
    },
    Kind.WORK: {
        "a": mads.MainTitleElement,
        "n": mads.PartNumberElement,
        "p": mads.PartNameElement,
    },
    Kind.TOPIC: {"a": mads.TopicElement},
    Kind.PLACE: {"a": mads.GeographicElement},
    Kind.GENRE_FORM: {"a": mads.GenreFormElement},
}
"""Heading subfield -> MADS element class, per kind (MADS/RDF "elementList")."""

SUBDIVISION_ELEMENTS: dict[str, str] = {
    "v": mads.GenreFormElement,
    "x": mads.TopicElement,
    "y": mads.TemporalElement,
    "z": mads.GeographicElement,
}
"""Subject subdivisions ($v $x $y $z) are the same element in every kind."""

RELATIONS: dict[str, tuple[str, str]] = {
    "broader": (skos.broader, mads.hasBroaderAuthority),
    "narrower": (skos.narrower, mads.hasNarrowerAuthority),
    "earlier": (skos.related, mads.hasEarlierEstablishedForm),
    "later": (skos.related, mads.hasLaterEstablishedForm),
    "related": (skos.related, mads.hasRelatedAuthority),
    "parent": (skos.related, mads.hasRelatedAuthority),
}
"""Relation type (5XX $w) -> (SKOS property, MADS property)."""

RELATIONS_READ_BACK: dict[str, str | None] = {
    skos.related: "related",
    mads.hasRelatedAuthority: "related",
}
"""SKOS has no words for earlier, later or parent, nor MADS for parent: they are
written as related, and related is what they read back as."""

RELATION_PROPERTIES: dict[str, str] = inverse(
    {kind: skos_property for kind, (skos_property, _) in RELATIONS.items()},
    RELATIONS_READ_BACK,
) | inverse(
    {kind: mads_property for kind, (_, mads_property) in RELATIONS.items()},
    RELATIONS_READ_BACK,
)
"""SKOS or MADS relation property -> relation type: :data:`RELATIONS` backwards."""

NOTES: dict[str, str] = {
    "source": skos.note,  # 670
    "title-related": skos.note,  # 672
    "source-not-found": skos.editorialNote,  # 675
    "definition": skos.definition,  # 677
    "biographical": skos.note,  # 678
    "public": skos.note,  # 680
    "example": skos.example,  # 681
    "deleted-heading": skos.changeNote,  # 682
    "history": skos.historyNote,  # 688
}
"""Public note type -> SKOS note property (mc2skos's choices). Internal notes (667)
have no row: they never become rdf."""

NOTES_READ_BACK: dict[str, str | None] = {
    skos.scopeNote: "public",  # not written; UiO's vocabularies use it
    skos.note: "public",  # written for five note types
    skos.editorialNote: "nonpublic",  # a vocabulary's editors' note, as 667
    skos.changeNote: None,  # a vocabulary's changes are no heading it deleted
}
"""Note properties that :data:`NOTES` alone cannot read back (the order is the order
a source writes them in, scopeNote's text before note's in one tag)."""

NOTE_PROPERTIES: dict[str, str] = inverse(NOTES, NOTES_READ_BACK)
"""SKOS note property -> note type: :data:`NOTES` backwards."""

MAPPING_CODES: dict[str, str] = {
    "=EQ": skos.exactMatch,
    "=CM": skos.closeMatch,
    "=BM": skos.broadMatch,
    "=NM": skos.narrowMatch,
    "=RM": skos.relatedMatch,
}
"""750 $4 relationship codes (UiO's convention) -> SKOS mapping property."""

MAPPING_PROPERTIES: dict[str, str] = inverse(MAPPING_CODES)
"""SKOS mapping property -> 750 $4: :data:`MAPPING_CODES` backwards (one to one)."""

CLASSIFICATIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("065", "utklklass"): ("http://data.ub.uio.no/lklass/{}", skos.exactMatch),
    ("083", "23no"): ("http://dewey.info/class/{}/e23/", skos.exactMatch),
    ("083", "23"): ("http://dewey.info/class/{}/e23/", skos.exactMatch),
}
"""(tag, $2) -> (URI template for the class number without spaces, default property
when no $4 says otherwise). The UiO vocabularies carry these; the defaults are
mc2skos's, so SKOS tools see the links UiO published."""


SCHEME_TITLES: dict[str, dict[str, str]] = {
    "person": {"nb": "Personer", "nn": "Personar", "en": "Persons"},
    "family": {"nb": "Slekter", "nn": "Slekter", "en": "Families"},
    "corporate_body": {
        "nb": "Korporasjoner",
        "nn": "Korporasjonar",
        "en": "Corporate bodies",
    },
    "meeting": {
        "nb": "Konferanser og møter",
        "nn": "Konferansar og møte",
        "en": "Meetings",
    },  # fmt: skip
    "work": {"nb": "Verk", "nn": "Verk", "en": "Works"},
    "topic": {"nb": "Emner", "nn": "Emne", "en": "Topics"},
    "place": {"nb": "Steder", "nn": "Stader", "en": "Places"},
    "genre_form": {
        "nb": "Sjangre og former",
        "nn": "Sjangrar og former",
        "en": "Genres and forms",
    },  # fmt: skip
    "humord": {"nb": "Humord", "en": "Humord"},
    "noubomn": {"nb": "Realfagstermer", "en": "Realfagstermer"},
    "noubojur": {"nb": "Juridiske emneord (lskjema)", "en": "Lskjema"},
    "tekord": {"nb": "Tekord", "en": "Tekord"},
}
"""Titles of our concept schemes, per language (user-facing: bokmål at least;
North Sámi comes with the translation work). A vocabulary not listed is titled by
its code."""
