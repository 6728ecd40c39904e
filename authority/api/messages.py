"""The message catalogue of the HTML pages: one dict of texts per language.

Keys are dotted names (``section.variants``, ``kind.person``, ``quality.kat3``);
values are plain text, never markup (the templates escape them). English is the
reference catalogue: :func:`translate` falls back to it, and a test demands that every
catalogue has exactly its keys.

To add a language (nynorsk ``nn``, North Sámi ``se``): write one more dict with the
same keys, register it in :data:`CATALOGUES`, and drop its entry from
:data:`FALLBACKS` if it has one. :func:`choose_language` offers it from then on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

DEFAULT = "en"
"""The language of a page when the client accepts none that we have."""

PROPER_NAMES: Mapping[str, str] = {
    "scheme.handle": "Handle",
    "scheme.isni": "ISNI",
    "scheme.viaf": "VIAF",
    "scheme.bibbi": "Bibbi",
    "scheme.orcid": "ORCID",
    "scheme.wikidata": "Wikidata",
    "scheme.gnd": "GND",
    "scheme.uri": "URI",
}
"""Names that read the same in every language (identifier schemes)."""

ENGLISH: Mapping[str, str] = {
    **PROPER_NAMES,
    # The page
    "register.name": "Norwegian authority register",
    "heading.missing": "Authority without a heading",
    # Summary
    "field.id": "Authority id",
    "field.kind": "Kind",
    "field.quality": "Quality level",
    "field.status": "Status",
    "field.merged_into": "Merged into",
    # Sections
    "section.heading": "Heading as stored",
    "section.variants": "Variants",
    "section.variants.hint": "Other forms of the name (see from).",
    "section.relations": "Relations",
    "section.identifiers": "Identifiers",
    "section.notes": "Notes",
    "section.attributes": "Attributes",
    "section.labels": "Labels by language",
    "section.record": "About this record",
    "section.formats": "Other formats",
    # The stored heading
    "heading.tag": "Tag",
    "heading.indicators": "Indicators",
    "heading.subfield": "Subfield",
    "heading.value": "Value",
    # The record
    "record.created": "Created",
    "record.modified": "Modified",
    "record.revision": "Revision",
    # Kinds (domain.kinds.Kind)
    "kind.person": "Person",
    "kind.family": "Family",
    "kind.corporate_body": "Corporate body",
    "kind.meeting": "Meeting",
    "kind.work": "Work",
    "kind.topic": "Topic",
    "kind.place": "Place",
    "kind.genre_form": "Genre/form",
    # Statuses (domain.kinds.Status)
    "status.active": "Active",
    "status.deleted": "Deleted",
    "status.merged": "Merged",
    # Quality levels (domain.kinds.QualityLevel), as the National Library defines them
    "quality.kat1": "kat1",
    "quality.kat1.description": "Incomplete, or of uncertain quality",
    "quality.kat2": "kat2",
    "quality.kat2.description": "Complete, but not verified by the National Library",
    "quality.kat3": "kat3",
    "quality.kat3.description": "Verified by the National Library",
    # Relation types (domain.view.RELATION_TYPES)
    "relation.broader": "Broader",
    "relation.narrower": "Narrower",
    "relation.earlier": "Earlier name",
    "relation.later": "Later name",
    "relation.parent": "Parent body",
    "relation.related": "Related",
    # Public note types (domain.view.NOTE_TYPES)
    "note.source": "Source consulted",
    "note.title-related": "Title related to the entity",
    "note.source-not-found": "Source consulted, no information found",
    "note.definition": "Definition",
    "note.biographical": "Biographical or historical data",
    "note.public": "Note",
    "note.example": "Example",
    "note.deleted-heading": "Deleted heading",
    "note.history": "History",
    # Attributes (domain.view.Attributes)
    "attribute.birth_date": "Date of birth",
    "attribute.death_date": "Date of death",
    "attribute.start_date": "Start date",
    "attribute.end_date": "End date",
    "attribute.birth_place": "Place of birth",
    "attribute.death_place": "Place of death",
    "attribute.associated_places": "Associated places",
    "attribute.residences": "Places of residence",
    "attribute.gender": "Gender",
    "attribute.occupations": "Occupations",
    "attribute.fields_of_activity": "Fields of activity",
    "attribute.groups": "Associated groups",
    "attribute.nationalities": "Nationalities",
    "attribute.countries": "Countries",
    "attribute.languages": "Languages",
    "attribute.other": "Other attributes",
    # Gender codes of BARE's 375 $a
    "gender.m": "Male",
    "gender.f": "Female",
    # Labels
    "label.preferred": "preferred",
    # Identifier schemes (domain.identifiers.SCHEMES, public ones)
    "scheme.autid": "Authority id (BIBSYS)",
    # Languages of labels
    "language.en": "English",
    "language.nb": "Norwegian Bokmål",
    "language.nn": "Norwegian Nynorsk",
    "language.no": "Norwegian",
    "language.se": "Northern Sámi",
    "language.sma": "Southern Sámi",
    "language.smj": "Lule Sámi",
    "language.sv": "Swedish",
    "language.da": "Danish",
    "language.fi": "Finnish",
    "language.de": "German",
    "language.fr": "French",
    "language.nl": "Dutch",
    "language.la": "Latin",
}
"""English, the reference catalogue."""

BOKMAL: Mapping[str, str] = {
    **PROPER_NAMES,
    # The page
    "register.name": "Nasjonalt autoritetsregister",
    "heading.missing": "Autoritet uten hovedinnførsel",
    # Summary
    "field.id": "Autoritets-ID",
    "field.kind": "Type",
    "field.quality": "Kvalitetsnivå",
    "field.status": "Status",
    "field.merged_into": "Slått sammen med",
    # Sections
    "section.heading": "Hovedinnførsel slik den er lagret",
    "section.variants": "Varianter",
    "section.variants.hint": "Andre former av navnet (se fra).",
    "section.relations": "Relasjoner",
    "section.identifiers": "Identifikatorer",
    "section.notes": "Merknader",
    "section.attributes": "Opplysninger",
    "section.labels": "Termer per språk",
    "section.record": "Om posten",
    "section.formats": "Andre formater",
    # The stored heading
    "heading.tag": "Felt",
    "heading.indicators": "Indikatorer",
    "heading.subfield": "Delfelt",
    "heading.value": "Verdi",
    # The record
    "record.created": "Opprettet",
    "record.modified": "Endret",
    "record.revision": "Revisjon",
    # Kinds
    "kind.person": "Person",
    "kind.family": "Familie",
    "kind.corporate_body": "Korporasjon",
    "kind.meeting": "Møte",
    "kind.work": "Verk",
    "kind.topic": "Emne",
    "kind.place": "Sted",
    "kind.genre_form": "Sjanger/form",
    # Statuses
    "status.active": "Aktiv",
    "status.deleted": "Slettet",
    "status.merged": "Sammenslått",
    # Quality levels
    "quality.kat1": "kat1",
    "quality.kat1.description": "Ufullstendig registrert eller usikker kvalitet",
    "quality.kat2": "kat2",
    "quality.kat2.description": (
        "Fullstendig registrert, men ikke kontrollert av Nasjonalbiblioteket"
    ),
    "quality.kat3": "kat3",
    "quality.kat3.description": "Verifisert av Nasjonalbiblioteket",
    # Relation types
    "relation.broader": "Overordnet",
    "relation.narrower": "Underordnet",
    "relation.earlier": "Tidligere navn",
    "relation.later": "Senere navn",
    "relation.parent": "Overordnet organ",
    "relation.related": "Relatert",
    # Public note types
    "note.source": "Kilde",
    "note.title-related": "Tittel knyttet til entiteten",
    "note.source-not-found": "Kilde uten opplysninger",
    "note.definition": "Definisjon",
    "note.biographical": "Biografiske eller historiske opplysninger",
    "note.public": "Merknad",
    "note.example": "Eksempel",
    "note.deleted-heading": "Slettet innførsel",
    "note.history": "Historikk",
    # Attributes
    "attribute.birth_date": "Fødselsdato",
    "attribute.death_date": "Dødsdato",
    "attribute.start_date": "Startdato",
    "attribute.end_date": "Sluttdato",
    "attribute.birth_place": "Fødested",
    "attribute.death_place": "Dødssted",
    "attribute.associated_places": "Tilknyttede steder",
    "attribute.residences": "Bosteder",
    "attribute.gender": "Kjønn",
    "attribute.occupations": "Yrker",
    "attribute.fields_of_activity": "Virkefelt",
    "attribute.groups": "Tilknyttede grupper",
    "attribute.nationalities": "Nasjonaliteter",
    "attribute.countries": "Land",
    "attribute.languages": "Språk",
    "attribute.other": "Andre kjennetegn",
    # Gender codes
    "gender.m": "Mann",
    "gender.f": "Kvinne",
    # Labels
    "label.preferred": "foretrukket",
    # Identifier schemes
    "scheme.autid": "Autoritets-ID (BIBSYS)",
    # Languages of labels
    "language.en": "engelsk",
    "language.nb": "bokmål",
    "language.nn": "nynorsk",
    "language.no": "norsk",
    "language.se": "nordsamisk",
    "language.sma": "sørsamisk",
    "language.smj": "lulesamisk",
    "language.sv": "svensk",
    "language.da": "dansk",
    "language.fi": "finsk",
    "language.de": "tysk",
    "language.fr": "fransk",
    "language.nl": "nederlandsk",
    "language.la": "latin",
}
"""Norwegian bokmål."""

CATALOGUES: Mapping[str, Mapping[str, str]] = {"en": ENGLISH, "nb": BOKMAL}
"""Language tag -> catalogue; the first is the default."""

SUPPORTED: tuple[str, ...] = tuple(CATALOGUES)
"""The languages a page can be rendered in."""

FALLBACKS: Mapping[str, str] = {
    "no": "nb",  # Norwegian, the macrolanguage: bokmål is what most mean by it
    "nn": "nb",  # nynorsk, until it has a catalogue of its own
}
"""Requested primary language -> the supported one closest to it.

Used only for languages without a catalogue: once ``nn`` is in :data:`CATALOGUES`
its entry here no longer applies.
"""

_PRIMARY = re.compile(r"[-_]")


def choose_language(accept_language: str | None) -> str:
    """The best supported language for an ``Accept-Language`` header.

    Accepted languages are tried from the highest quality down (ties in header
    order); each counts by its primary subtag, so ``nb-NO`` is ``nb``, and a
    language without a catalogue counts as its :data:`FALLBACKS` entry (``no`` and
    ``nn`` as ``nb``). Werkzeug's ``best_match`` is not used because it prefers a
    lower-quality exact match to a higher-quality regional one (``nb-NO, en;q=0.5``
    would give ``en``).

    Args:
        accept_language: the header's value, or None when the request had none.

    Returns:
        One of :data:`SUPPORTED`; :data:`DEFAULT` when nothing accepted matches.
    """
    if not accept_language:
        return DEFAULT
    accepted = parse_accept_header(accept_language, LanguageAccept)
    for tag, quality in accepted:
        if quality <= 0:
            continue
        if tag == "*":
            return DEFAULT
        primary = _PRIMARY.split(tag, maxsplit=1)[0].lower()
        if primary not in CATALOGUES:
            primary = FALLBACKS.get(primary, primary)
        if primary in CATALOGUES:
            return primary
    return DEFAULT


def translate(language: str, key: str, *, default: str | None = None) -> str:
    """The text of ``key`` in ``language``.

    Args:
        language: a language tag; one without a catalogue reads English.
        key: the message key (``section.variants``).
        default: returned for a key that no catalogue has (values from the data,
            such as an unknown identifier scheme, pass themselves here).

    Returns:
        The text in ``language``, else in English, else ``default``, else ``key``.
    """
    catalogue = CATALOGUES.get(language, ENGLISH)
    text = catalogue.get(key)
    if text is None:
        text = ENGLISH.get(key)
    if text is None:
        text = key if default is None else default
    return text
