"""Our JSON representation of an authority, as a model: the published schema's source.

``schema/authority.schema.json`` is generated from :class:`Authority`
(``python -m authority.api.contracts``; a test keeps the committed file equal to
it). ``api/representation.to_json`` writes the bodies, and a test validates every
corpus record's JSON against the schema.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import ConfigDict, Field
from typing_extensions import TypeAliasType

from authority.api.contracts.answers import Mistake
from authority.api.contracts.style import Contract, HouseStyle, SkipJsonSchema
from authority.api.contracts.types import Moment, Tag, Uri, absent
from authority.domain import Kind, QualityLevel, Status
from authority.domain.ids import ID_PATTERN

DIALECT = "https://json-schema.org/draft/2020-12/schema"

Code = Annotated[str, Field(min_length=1, max_length=1)]
# Named types: definitions of their own in the published schema, under the names
# it has always given them (see LEGACY_NAMES); a TypeAliasType's variable must
# bear its name.
subfields = TypeAliasType(
    "subfields",
    Annotated[
        list[tuple[Code, str]], Field(description="[code, value] pairs in order.")
    ],
)
strings = TypeAliasType("strings", list[str])


class Heading(Contract):
    """A heading (1XX) or a variant (4XX) as data."""

    tag: Tag
    ind1: Code
    ind2: Code
    subfields: subfields
    label: str
    """The heading as a display string."""


class Relation(Contract):
    """A see-also link (5XX)."""

    type: str
    """broader, narrower, related, earlier, later, pseudonym ... (from $w and $i)."""
    id: str | None
    """The related authority's id ($0), when the record links it."""
    uri: Uri | None
    label: str
    """The related authority's current label (the recorded text when it is not
    here)."""
    recorded: str
    """The label as this record's 5XX writes it."""
    tag: Tag


class Identifier(Contract):
    """An external identifier (024)."""

    scheme: str
    """autid, handle, isni, viaf, bibbi, orcid, wikidata, gnd, or the 024 $2 code
    as given."""
    value: str
    """The canonical form (ISNI without spaces, VIAF as digits ...)."""
    original: str
    """Exactly as received."""
    uri: Uri | None


class Note(Contract):
    """A public note."""

    type: str
    tag: Tag
    text: str


class Label(Contract):
    """A label in one language."""

    language: str
    value: str
    preferred: bool


class Attributes(Contract):
    """Descriptive attributes (046, 37X); only those the record has."""

    birth_date: str | SkipJsonSchema[None] = absent()
    death_date: str | SkipJsonSchema[None] = absent()
    start_date: str | SkipJsonSchema[None] = absent()
    end_date: str | SkipJsonSchema[None] = absent()
    birth_place: str | SkipJsonSchema[None] = absent()
    death_place: str | SkipJsonSchema[None] = absent()
    associated_places: strings | SkipJsonSchema[None] = absent()
    residences: strings | SkipJsonSchema[None] = absent()
    gender: str | SkipJsonSchema[None] = absent()
    occupations: strings | SkipJsonSchema[None] = absent()
    fields_of_activity: strings | SkipJsonSchema[None] = absent()
    groups: strings | SkipJsonSchema[None] = absent()
    nationalities: strings | SkipJsonSchema[None] = absent()
    countries: strings | SkipJsonSchema[None] = absent()
    languages: strings | SkipJsonSchema[None] = absent()
    other: strings | SkipJsonSchema[None] = absent()


class Provenance(Contract):
    """Where the record came from."""

    origin: str | None
    """Creating system or user, free text as BARE kept it (adabas, sruu ...)."""
    cataloguing_agency: str | None
    """040 $a."""


class ControlField(Contract):
    """A control field (00X)."""

    tag: str
    data: str


class DataField(Contract):
    """A data field, its subfields in order."""

    tag: str
    ind1: str
    ind2: str
    subfields: subfields


field = TypeAliasType("field", ControlField | DataField)


class Authority(Contract):
    """One authority of the national authority register.

    As GET /authorities/<id> returns it in JSON: the public view, with no private
    identifiers and no internal notes; a request with a token gets those too (the
    private view), and the answer to a write adds warnings.
    """

    model_config = ConfigDict(title="Authority")

    id: Annotated[str, Field(pattern=ID_PATTERN.pattern, examples=["90517730"])]
    """The record id: BARE's systemControlNumber, a vocabulary id (HUME28807) or a
    minted one. Links as (NO-TrBIB)<id>."""
    uri: Uri
    """The authority's stable URI; its representations hang off it (.ttl, .xml
    ...)."""
    kind: Kind
    """Which kind of entity the heading names (the 1XX tag decides)."""
    status: Status
    merged_into: str | None
    """The survivor's id when merged."""
    quality_level: QualityLevel | None
    """BARE's cataloguing level; kat3 is verified by the National Library."""
    label: str
    """The heading as a display string (empty when there is no 1XX)."""
    heading: Heading | None
    """The authorized access point (1XX) as data."""
    variants: list[Heading]
    """See-from forms (4XX)."""
    relations: list[Relation]
    """See-also links (5XX)."""
    identifiers: list[Identifier]
    """External identifiers (024), public schemes only."""
    notes: list[Note]
    """Public notes (internal 667 notes never appear)."""
    attributes: Attributes
    labels: list[Label]
    """Labels per language (subject headings)."""
    provenance: Provenance
    created: Moment
    modified: Moment
    revision: Annotated[int, Field(ge=0)]
    """Increments on every change; the ETag and the If-Match value."""
    fields: list[field]
    """The canonical MARC content as stored (public fields), in order: what the
    view above is read from."""
    links: dict[str, Uri]
    """The URL of every representation, by format name (json, html, jsonld, ttl,
    nt, rdfxml, marcxml, marcxchange, iso2709, marcjson)."""
    warnings: list[Mistake] | SkipJsonSchema[None] = absent()
    """Only in the answer to a write: problems the stored record had already, in
    fields the write left as they were (they did not block it)."""


LEGACY_NAMES = {
    "Heading": "heading",
    "Relation": "relation",
    "Identifier": "identifier",
    "Note": "note",
    "Label": "label",
    "Attributes": "attributes",
}
"""Model -> the name its definition had in the published schema before it was
generated: a ``$ref`` from outside (``authority.schema.json#/$defs/heading``) must
keep resolving. The OpenAPI document's components keep the class names."""


def published_schema() -> dict[str, Any]:
    """``schema/authority.schema.json``: :class:`Authority`'s JSON Schema."""
    schema = Authority.model_json_schema(schema_generator=HouseStyle)
    return {"$schema": DIALECT, **_legacy_names(schema)}


def _legacy_names(schema: dict[str, Any]) -> dict[str, Any]:
    text = json.dumps(schema)
    for name, legacy in LEGACY_NAMES.items():
        text = text.replace(f'"#/$defs/{name}"', f'"#/$defs/{legacy}"')
    renamed: dict[str, Any] = json.loads(text)
    defs = renamed["$defs"]
    renamed["$defs"] = {LEGACY_NAMES.get(name, name): d for name, d in defs.items()}
    return renamed


def published_text() -> str:
    """The published schema as the committed file holds it."""
    return json.dumps(published_schema(), indent=2, ensure_ascii=False) + "\n"
