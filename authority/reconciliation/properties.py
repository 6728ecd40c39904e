"""The properties a query may compare and a data extension may fetch: one table.

Each property has an id (what ``pid`` and ``properties[].id`` name), a name for
the client's menus, and how it is read from an authority (its public view only:
private identifiers and internal notes never leave). Identifier schemes are the
register's own (``domain/identifiers.py``); a query compares them in canonical
form, so an ISNI with spaces or as a URI is the same ISNI.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from authority.domain import Authority

YEAR = re.compile(r"\d{4}")

Cell = dict[str, str]
"""One value of an extension row: ``{"str": ...}`` or ``{"id": ..., "name": ...}``."""


@dataclass(frozen=True)
class Property:
    """One property of the table."""

    id: str
    name: str
    description: str
    values: Callable[[Authority], list[Cell]]
    """The authority's values of it, as extension cells."""
    scheme: str | None = None
    """The identifier scheme it is (a query's value is then decisive)."""


def _identifier(scheme: str) -> Callable[[Authority], list[Cell]]:
    def values(authority: Authority) -> list[Cell]:
        found = (i.value for i in authority.public_identifiers if i.scheme == scheme)
        return [{"str": value} for value in dict.fromkeys(found)]

    return values


def heading_dates(authority: Authority) -> str | None:
    """The dates of the heading ($d: a person's life, a meeting's date)."""
    heading = authority.heading
    if heading is None:
        return None
    dates = " ".join(s.value.strip(" ,.") for s in heading.subfields if s.code == "d")
    return dates or None


def birth_year(authority: Authority) -> str | None:
    """046 $f's year, else the heading's first year (a person's $d)."""
    return _year(authority.attributes.birth_date, heading_dates(authority), 0)


def death_year(authority: Authority) -> str | None:
    """046 $g's year, else the heading's second year."""
    return _year(authority.attributes.death_date, heading_dates(authority), 1)


def _year(coded: str | None, dates: str | None, position: int) -> str | None:
    if coded and (found := YEAR.search(coded)):
        return found.group()
    years = YEAR.findall(dates or "")
    return years[position] if len(years) > position else None


def _strings(read: Callable[[Authority], object]) -> Callable[[Authority], list[Cell]]:
    def values(authority: Authority) -> list[Cell]:
        found = read(authority)
        items = found if isinstance(found, tuple | list) else (found,)
        return [{"str": str(v)} for v in dict.fromkeys(items) if v]

    return values


def _relations(*types: str) -> Callable[[Authority], list[Cell]]:
    def values(authority: Authority) -> list[Cell]:
        cells: list[Cell] = []
        for relation in authority.relations:
            if relation.type not in types:
                continue
            if relation.target_id:
                cells.append({"id": relation.target_id, "name": relation.label})
            else:  # a see-also without a link names no authority of ours
                cells.append({"str": relation.label})
        return cells

    return values


IDENTIFIER_NAMES = {
    "isni": "ISNI",
    "viaf": "VIAF id",
    "orcid": "ORCID iD",
    "wikidata": "Wikidata id",
    "gnd": "GND id",
    "bibbi": "Bibbi id",
    "handle": "Handle",
}
"""The public identifier schemes a query may match by, and their names."""

PROPERTIES: dict[str, Property] = {
    p.id: p
    for p in (
        *(
            Property(
                scheme,
                name,
                f"The {name} (canonical form; equal ones decide a match).",
                _identifier(scheme),
                scheme,
            )
            for scheme, name in IDENTIFIER_NAMES.items()
        ),
        Property(
            "dates",
            "Dates",
            "The heading's dates (a person's life, a meeting's date): "
            "years that agree raise the score, years that differ lower it.",
            _strings(heading_dates),
        ),
        Property("birthYear", "Birth year", "Year of birth.", _strings(birth_year)),
        Property("deathYear", "Death year", "Year of death.", _strings(death_year)),
        Property(
            "occupation",
            "Occupation",
            "Occupation (374); one equal to the query's raises the score.",
            _strings(lambda a: a.attributes.occupations),
        ),
        Property(
            "heading",
            "Heading",
            "The authorized form of the name.",
            _strings(lambda a: a.label),
        ),
        Property(
            "variants",
            "Variant names",
            "The see-from forms (4XX).",
            _strings(lambda a: tuple(v.label for v in a.variants)),
        ),
        Property(
            "broader",
            "Broader",
            "Broader authorities (5XX $w g).",
            _relations("broader"),
        ),
        Property(
            "narrower",
            "Narrower",
            "Narrower authorities (5XX $w h).",
            _relations("narrower"),
        ),
        Property(
            "related",
            "Related",
            "Other see-also authorities (earlier, later, parent, related).",
            _relations("related", "earlier", "later", "parent"),
        ),
    )
}
"""Property id -> property, in the order a client's menu shows them."""

MATCHED = ("dates", "birthYear", "deathYear", "occupation", *IDENTIFIER_NAMES)
"""The properties a query may give (the others are for data extension only)."""
