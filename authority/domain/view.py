"""The structured view of an authority, derived from its MARC fields by one mapping.

Each helper below reads one tag group and starts with the MARC field name, as
mc2skos's ``AuthorityRecord.parse`` does. Nothing here changes the fields: the view is
a reading of the canonical content (``domain/content.py``), and fields it does not
read stay in the content untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from authority.domain.content import Field, Subfield, with_tag
from authority.domain.identifiers import Identifier, scheme, scheme_for_marc_code
from authority.domain.ids import from_linking_form
from authority.domain.kinds import Kind

HEADING_KINDS: dict[str, Kind] = {
    "100": Kind.PERSON,
    "110": Kind.CORPORATE_BODY,
    "111": Kind.MEETING,
    "130": Kind.WORK,
    "150": Kind.TOPIC,
    "151": Kind.PLACE,
    "155": Kind.GENRE_FORM,
    # Terms that MARC 21 gives their own tags but that are subject terms to us.
    "148": Kind.TOPIC,  # chronological term
    "162": Kind.TOPIC,  # medium of performance term (LCMPT)
    "180": Kind.TOPIC,  # general subdivision
    "181": Kind.PLACE,  # geographic subdivision
    "182": Kind.TOPIC,  # chronological subdivision
    "185": Kind.GENRE_FORM,  # form subdivision
    # Local: IISH's subject headings (Dutch $a, English $b) in place of 150.
    "103": Kind.TOPIC,
}
"""1XX tag -> kind; ``100`` with first indicator 3 is a family name."""

BILINGUAL_TAGS: dict[str, dict[str, str]] = {
    "103": {"a": "nl", "b": "en"},
    "403": {"a": "nl", "b": "en"},
    "503": {"a": "nl", "b": "en"},
}
"""Local tags whose subfields are one term in two languages, not parts of a name."""

RELATION_TYPES: dict[str, str] = {
    "g": "broader",
    "h": "narrower",
    "a": "earlier",
    "b": "later",
    "t": "parent",
}
"""``5XX $w`` position 0 -> relation type; anything else is ``related``."""

NOTE_TYPES: dict[str, tuple[str, bool]] = {
    "667": ("nonpublic", False),
    "670": ("source", True),
    "672": ("title-related", True),
    "675": ("source-not-found", True),
    "677": ("definition", True),
    "678": ("biographical", True),
    "680": ("public", True),
    "681": ("example", True),
    "682": ("deleted-heading", True),
    "688": ("history", True),
}
"""Note tag -> (note type, public?). 667 is the cataloguers' internal note."""

_CONTROL_CODES = frozenset("0123456789wi")
"""Subfields that are links or codes, not part of a displayed name."""

_SUBDIVISIONS = frozenset("vxyz")
_LANGUAGE = re.compile(r"^language=(\w+)$")


@dataclass(frozen=True)
class Heading:
    """The authorized access point (1XX), or a see-from form (4XX): same shape."""

    tag: str
    ind1: str
    ind2: str
    subfields: tuple[Subfield, ...]

    @property
    def label(self) -> str:
        """The heading as one display string (``Rilke, Rainer Maria, 1875-1926``)."""
        return display_label(self.tag, self.subfields)


Variant = Heading
"""A see-from form (4XX)."""


@dataclass(frozen=True)
class Relation:
    """A see-also link (5XX) to another authority, by id when the record gives one."""

    tag: str
    type: str
    target_id: str | None
    label: str
    subfields: tuple[Subfield, ...]


@dataclass(frozen=True)
class Note:
    """A note field (66X-68X); ``public`` is False for internal notes such as 667."""

    tag: str
    type: str
    text: str
    public: bool


@dataclass(frozen=True)
class Label:
    """A label of a subject heading in one language (UiO's ``$9 language=nn``)."""

    language: str
    value: str
    preferred: bool


@dataclass(frozen=True)
class Attributes:
    """Descriptive attributes (046, 043, 368-386)."""

    birth_date: str | None = None
    death_date: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    birth_place: str | None = None
    death_place: str | None = None
    associated_places: tuple[str, ...] = ()
    residences: tuple[str, ...] = ()
    gender: str | None = None
    occupations: tuple[str, ...] = ()
    fields_of_activity: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    other: tuple[str, ...] = field(default=())


def display_label(tag: str, subfields: tuple[Subfield, ...]) -> str:
    """Join the name parts of a 1XX/4XX/5XX into one display string."""
    if tag in BILINGUAL_TAGS:  # one term in two languages: show the first
        return next((s.value.strip() for s in subfields if s.code == "a"), "")
    parts: list[str] = []
    for sub in subfields:
        if sub.code in _CONTROL_CODES:
            continue
        value = sub.value.strip()
        if not value:
            continue
        if parts:
            parts.append(_separator(tag, sub.code, parts[-1]))
        parts.append(value)
    return "".join(parts)


def _separator(tag: str, code: str, previous: str) -> str:
    if code in _SUBDIVISIONS:
        return " - "
    separator = ". " if code in "bt" and tag[1:] in ("10", "11", "30") else ", "
    # Data that carries its own punctuation ("Rowling, J.K." + ", ") is not doubled.
    if previous.endswith((separator[0], ";", ":")):
        return " "
    return separator


# 1XX — Headings


def kind_of(fields: tuple[Field, ...]) -> Kind | None:
    """The kind named by the first 1XX field, or None when there is none."""
    for f in with_tag(fields, "1"):
        if f.tag == "100" and f.ind1 == "3":
            return Kind.FAMILY
        if f.tag in HEADING_KINDS:
            return HEADING_KINDS[f.tag]
    return None


def heading(fields: tuple[Field, ...]) -> Heading | None:
    """The authorized access point: the first 1XX field."""
    for f in with_tag(fields, "1"):
        if not f.is_control:
            return Heading(f.tag, f.ind1, f.ind2, f.subfields)
    return None


# 4XX — See From Tracings


def variants(fields: tuple[Field, ...]) -> tuple[Heading, ...]:
    """Every see-from form, in record order."""
    return tuple(
        Heading(f.tag, f.ind1, f.ind2, f.subfields) for f in with_tag(fields, "4")
    )


# 5XX — See Also From Tracings


def relations(fields: tuple[Field, ...]) -> tuple[Relation, ...]:
    """Every see-also link; ``$w`` gives the type and ``$0`` the target id."""
    found = []
    for f in with_tag(fields, "5"):
        control = f.first("w") or ""
        links = [from_linking_form(v) for v in f.values("0")]
        found.append(
            Relation(
                tag=f.tag,
                type=RELATION_TYPES.get(control[:1], "related"),
                target_id=next((link for link in links if link), None),
                label=display_label(f.tag, f.subfields),
                subfields=f.subfields,
            )
        )
    return tuple(found)


# 024 — Other Standard Identifier


def identifiers(fields: tuple[Field, ...]) -> tuple[Identifier, ...]:
    """External identifiers from ``024 7# $a value $2 scheme``, in record order."""
    found = []
    for f in with_tag(fields, "024"):
        value, code = f.first("a"), f.first("2")
        if value is not None and code:
            known = scheme_for_marc_code(code)
            found.append(Identifier(known.name, known.canonical(value), value))
    return tuple(found)


# 035 — System Control Number


def system_control_numbers(fields: tuple[Field, ...]) -> tuple[str, ...]:
    """``035 $a`` values: other systems' numbers for this record, ``(DLC)n79021164``.

    A foreign record's own ``(003)001`` is kept here when it comes in, which is
    how a reload of the same record finds it again (service.upsert_from_source).
    """
    return tuple(
        value for f in with_tag(fields, "035") if (value := f.first("a")) is not None
    )


# 040 — Cataloging Source


def cataloguing_agency(fields: tuple[Field, ...]) -> str | None:
    """The original cataloguing agency (040 $a)."""
    return next((f.first("a") for f in with_tag(fields, "040")), None)


# 66X-68X — Notes


def notes(fields: tuple[Field, ...]) -> tuple[Note, ...]:
    """Every note, public and internal, in record order."""
    found = []
    for f in fields:
        if f.tag in NOTE_TYPES:
            note_type, public = NOTE_TYPES[f.tag]
            text = " ".join(
                v.strip() for v in f.values("i", "a", "b", "u") if v.strip()
            )
            found.append(Note(f.tag, note_type, text, public))
    return tuple(found)


# 043, 046, 368-386 — Descriptive attributes


_ATTRIBUTE_TAGS = frozenset(
    {"043", "046", "368", "370", "372", "373", "374", "375", "377", "386"}
)


def attributes(fields: tuple[Field, ...]) -> Attributes:
    """Dates, places, gender, occupations and other attributes of the entity."""
    by_tag: dict[str, list[Field]] = {}
    for f in fields:  # one pass over the record, not one per attribute
        if f.tag in _ATTRIBUTE_TAGS:
            by_tag.setdefault(f.tag, []).append(f)

    def values(tag: str, *codes: str) -> tuple[str, ...]:
        return tuple(v for f in by_tag.get(tag, ()) for v in f.values(*codes))

    def first(tag: str, code: str) -> str | None:
        return next(iter(values(tag, code)), None)

    return Attributes(
        birth_date=first("046", "f"),
        death_date=first("046", "g"),
        start_date=first("046", "s"),
        end_date=first("046", "t"),
        birth_place=first("370", "a"),
        death_place=first("370", "b"),
        associated_places=values("370", "c", "f"),
        residences=values("370", "e"),
        gender=first("375", "a"),
        occupations=values("374", "a"),
        fields_of_activity=values("372", "a"),
        groups=values("373", "a"),
        nationalities=values("386", "a"),
        countries=values("043", "c"),
        languages=values("377", "a", "l"),
        other=values("368", "a", "b", "c", "d"),
    )


# 1XX/4XX/7XX $9 language= — labels per language (UiO conventions)


def labels(fields: tuple[Field, ...]) -> tuple[Label, ...]:
    """Labels of a subject heading per language, from ``$9 language=xx`` subfields.

    A 1XX without a language subfield gives no label here: its language is the
    cataloguing language, which the caller knows from 040 $b.
    """
    found = []
    for f in with_tag(fields, "1", "4", "7"):
        if f.tag in BILINGUAL_TAGS:
            found.extend(_bilingual_labels(f))
            continue
        language = next(
            (m.group(1) for v in f.values("9") if (m := _LANGUAGE.match(v))), None
        )
        if language is None:
            continue
        preferred = f.tag.startswith("1") or "rank=preferred" in f.values("9")
        found.append(Label(language, display_label(f.tag, f.subfields), preferred))
    return tuple(found)


def _bilingual_labels(f: Field) -> list[Label]:
    languages = BILINGUAL_TAGS[f.tag]
    return [
        Label(languages[s.code], s.value.strip(), f.tag.startswith("1"))
        for s in f.subfields
        if s.code in languages and s.value.strip()
    ]


# The way back: view parts -> fields, so edits through the view write MARC.


def heading_field(h: Heading) -> Field:
    """The 1XX or 4XX field for a heading or variant."""
    return Field(h.tag, h.ind1, h.ind2, h.subfields)


def identifier_field(identifier: Identifier) -> Field:
    """``024 7# $a <value as received> $2 <BARE code>`` for an identifier."""
    code = scheme(identifier.scheme).marc_code
    return Field(
        "024", "7", " ", (Subfield("a", identifier.original), Subfield("2", code))
    )


def is_public(f: Field) -> bool:
    """False for fields that must stay out of public output.

    That is internal notes (667) and 024s of private schemes (feide, orgunitid).
    """
    if f.tag in NOTE_TYPES:
        return NOTE_TYPES[f.tag][1]
    if f.tag == "024":
        code = f.first("2")
        return not (code and scheme_for_marc_code(code).private)
    return True
