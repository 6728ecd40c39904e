"""The real-world thing an authority identifies, in schema.org terms.

Persons, families, corporate bodies, meetings, works and places get a thing of their
own (``<authority>#entity``), linked from the authority with ``madsrdf:identifiesRWO``
and ``foaf:focus``; that is where VIAF, ISNI, ORCID, Wikidata and GND URIs belong
(``owl:sameAs``): they name the person, not our record about the person. Dates come
from 046 (EDTF) or, failing that, from the heading's ``$d`` (``1859-1952``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from authority.domain import Kind, Status
from authority.domain.content import Subfield
from authority.domain.view import display_label
from authority.linkeddata.matches import ENTITY_SCHEMES
from authority.linkeddata.namespaces import foaf, mads, owl, rdf, schema, xsd
from authority.linkeddata.tables import ENTITY_CLASS
from authority.linkeddata.terms import Lit, is_iri

if TYPE_CHECKING:
    from authority.linkeddata.mapping import Builder

GENDERS = {
    "m": schema.Male,
    "male": schema.Male,
    "males": schema.Male,
    "mann": schema.Male,
    "f": schema.Female,
    "female": schema.Female,
    "females": schema.Female,
    "kvinne": schema.Female,
}
"""375 $a as BARE wrote it (``m``/``f``; ``male``/``female`` in older data) and as
LC does (RDA's ``males``/``females``); other values (GND's ISO 5218 digits) stay
literals."""

_LIFE_DATES = re.compile(r"^\s*(\d{3,4})?\s*-\s*(\d{3,4})?\s*[.,]?\s*$")
_EDTF = re.compile(r"^(-?\d{4})(?:-?(\d{2}))?(?:-?(\d{2}))?$")


def add_entity(b: Builder) -> None:
    """The thing's triples, when the kind has one."""
    a = b.authority
    if a.kind not in ENTITY_CLASS:
        return
    thing = b.uris.entity(a.id)
    b.add(b.me, mads.identifiesRWO, thing)
    b.add(b.me, foaf.focus, thing)
    b.add(thing, mads.isIdentifiedByAuthority, b.me)
    cls = ENTITY_CLASS[a.kind]
    if cls is not None:
        b.add(thing, rdf.type, cls)
    _names(b, thing)
    _dates(b, thing)
    if a.kind is Kind.PERSON:
        _person(b, thing)
    for identifier in a.public_identifiers:
        uri = identifier.uri
        if identifier.scheme in ENTITY_SCHEMES and uri and is_iri(uri):
            b.add(thing, owl.sameAs, uri)
    if a.status is Status.MERGED and a.merged_into:
        b.add(thing, owl.sameAs, b.uris.entity(a.merged_into))


def _names(b: Builder, thing: str) -> None:
    a = b.authority
    if a.heading is None:
        return
    name = _name(a.kind, a.heading.tag, a.heading.subfields)
    if name:
        b.add(thing, schema.name, Lit(name))
    seen = {name}
    for variant in a.variants:
        alternate = _name(a.kind, variant.tag, variant.subfields)
        if alternate and alternate not in seen:
            seen.add(alternate)
            b.add(thing, schema.alternateName, Lit(alternate))


def _name(kind: Kind, tag: str, subfields: tuple[Subfield, ...]) -> str:
    """A person's name is the heading without its dates ($d)."""
    if kind is Kind.PERSON:
        subfields = tuple(s for s in subfields if s.code != "d")
    return display_label(tag, subfields).rstrip(",;: ")


# 046, 1XX $d — Dates


def _dates(b: Builder, thing: str) -> None:
    a = b.authority
    attributes = a.attributes
    if a.kind in (Kind.PERSON, Kind.FAMILY):
        start, end = _life_dates(b)
        pairs = ((schema.birthDate, start), (schema.deathDate, end))
    elif a.kind is Kind.CORPORATE_BODY:
        pairs = (
            (schema.foundingDate, _edtf(attributes.start_date)),
            (schema.dissolutionDate, _edtf(attributes.end_date)),
        )
    elif a.kind is Kind.MEETING:
        pairs = (
            (schema.startDate, _edtf(attributes.start_date)),
            (schema.endDate, _edtf(attributes.end_date)),
        )
    else:
        return
    for predicate, literal in pairs:
        if literal is not None:
            b.add(thing, predicate, literal)


def _life_dates(b: Builder) -> tuple[Lit | None, Lit | None]:
    attributes = b.authority.attributes
    born, died = _edtf(attributes.birth_date), _edtf(attributes.death_date)
    heading = b.authority.heading
    dates = heading and next((s.value for s in heading.subfields if s.code == "d"), "")
    match = _LIFE_DATES.match(dates) if dates else None
    if match:
        born = born or _edtf(match.group(1))
        died = died or _edtf(match.group(2))
    return born, died


def _edtf(text: str | None) -> Lit | None:
    """An EDTF/ISO 8601 date (``1943``, ``1943-03``, ``19430323``) as an XSD literal."""
    match = _EDTF.match(text.strip()) if text else None
    if match is None:
        return None
    year, month, day = match.groups()
    year = year.zfill(4) if not year.startswith("-") else year
    try:
        if day:
            value = date(int(year), int(month), int(day)).isoformat()
            return Lit(value, datatype=xsd.date)
        if month:
            if not 1 <= int(month) <= 12:
                return None
            return Lit(f"{year}-{month}", datatype=xsd.gYearMonth)
    except ValueError:
        return None
    return Lit(year, datatype=xsd.gYear)


# 370, 374, 375, 386 — Places, occupation, gender, nationality


def _person(b: Builder, thing: str) -> None:
    attributes = b.authority.attributes
    if attributes.gender:
        gender = GENDERS.get(attributes.gender.strip().lower())
        b.add(thing, schema.gender, gender or Lit(attributes.gender.strip()))
    for predicate, value in (
        (schema.birthPlace, attributes.birth_place),
        (schema.deathPlace, attributes.death_place),
    ):
        if value and value.strip():
            b.add(thing, predicate, Lit(value.strip()))
    for occupation in attributes.occupations:
        if occupation.strip():
            b.add(thing, schema.hasOccupation, Lit(occupation.strip(), b.language))
    for nationality in attributes.nationalities:
        if nationality.strip():
            b.add(thing, schema.nationality, Lit(nationality.strip()))
