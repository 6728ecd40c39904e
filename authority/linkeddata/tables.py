"""The small tables that drive the RDF mapping: kind -> classes, MARC -> properties."""

from __future__ import annotations

from authority.domain import Kind
from authority.linkeddata.namespaces import mads, schema, skos

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

MAPPING_CODES: dict[str, str] = {
    "=EQ": skos.exactMatch,
    "=BM": skos.broadMatch,
    "=NM": skos.narrowMatch,
    "=RM": skos.relatedMatch,
    "=CM": skos.closeMatch,
}
"""750 $4 relationship codes (UiO's convention) -> SKOS mapping property."""

MAPPING_PROPERTIES = frozenset(MAPPING_CODES.values())

CLASSIFICATIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("065", "utklklass"): ("http://data.ub.uio.no/lklass/{}", skos.exactMatch),
    ("083", "23no"): ("http://dewey.info/class/{}/e23/", skos.exactMatch),
    ("083", "23"): ("http://dewey.info/class/{}/e23/", skos.exactMatch),
}
"""(tag, $2) -> (URI template for the class number without spaces, default property
when no $4 says otherwise). The UiO vocabularies carry these; the defaults are
mc2skos's, so SKOS tools see the links UiO published."""

LOCAL_SCHEME_CODES = frozenset({"noraf", "bare"})
"""040 $f codes of the name register itself: its schemes go by kind, not by code."""

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
