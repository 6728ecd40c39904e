"""BARE's routes' contracts: its record, its search envelope, their parameters.

``barejson.write`` writes the record; the search (``functions/v2/query``) is
ours (``api/search.py``'s rules and bounds) with BARE's ``authoritytype:`` in ``q``.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field

from authority.api.contracts.query import (
    IN_QUERY,
    Parameters,
    ascii_number,
    refused,
    within_bounds,
)
from authority.api.contracts.style import Contract
from authority.barejson.envelope import TYPE_NAMES
from authority.domain import Kind, QualityLevel
from authority.search.model import MAX_QUERY, MAX_SIZE, checked_size, checked_text

BareDate = Annotated[
    str | None,
    Field(
        pattern=r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$",
        description="Norwegian time, as BARE wrote it.",
    ),
]
AuthorityType = Annotated[
    str, Field(json_schema_extra={"enum": sorted(set(TYPE_NAMES.values()))})
]


class BareSubfield(Contract):
    """A subfield of BARE's marcdata."""

    subcode: str
    value: str


class BareField(Contract):
    """A variable field of BARE's marcdata."""

    tag: str
    ind1: str
    ind2: str
    subfields: list[BareSubfield]


class IdentifiersMap(Contract):
    """Identifier lists by scheme; scn is the id's forms."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, list[str]]  # every other scheme
    scn: list[str]


class BareRecord(Contract):
    """One record in BARE's REST JSON (authorities/v2)."""

    authority_type: AuthorityType
    status: QualityLevel | None
    """The cataloguing level."""
    origin: str | None
    deleted: bool
    """Deleted or merged."""
    system_control_number: str
    last_update_date: BareDate
    created_date: BareDate
    replaced_by: str
    """The survivor, or "0"."""
    marcdata: list[BareField]
    identifiers_map: IdentifiersMap


BARE_FORMATS = ("json", "xml")


def _bare_format(raw: object) -> str:
    form = str(raw).lower()
    if form not in BARE_FORMATS:
        raise refused(f"format={form!r}: BARE's formats are json and xml")
    return form


class BareRecordParameters(Parameters):
    """BARE's ``authorities/v2/<id>``."""

    format: Annotated[
        str,
        Field(
            description="json or xml (MARCXchange), in any case.",
            json_schema_extra={"enum": list(BARE_FORMATS)},
        ),
        BeforeValidator(_bare_format),
    ] = BARE_FORMATS[0]


AUTHORITY_TYPE = re.compile(r"\bauthoritytype:(\w+)", re.IGNORECASE)
BARE_KINDS = {
    "person": Kind.PERSON,
    "corporation": Kind.CORPORATE_BODY,
    "meeting": Kind.MEETING,
    "conference": Kind.MEETING,
}
"""BARE's ``authoritytype:`` names -> our kinds."""


def _bare_words(raw: object) -> str:
    text = str(raw)
    for name in AUTHORITY_TYPE.findall(text):
        if name.lower() not in BARE_KINDS:
            allowed = ", ".join(BARE_KINDS)
            raise refused(f"authoritytype:{name}; choose from {allowed}", IN_QUERY)
    within_bounds(lambda: checked_text(AUTHORITY_TYPE.sub(" ", text)))
    return text


def _bare_row(name: str) -> BeforeValidator:
    def read(raw: object) -> int:
        # ASCII digits, few: int() takes other digits (and fails on ²) and huge runs.
        text = str(raw)
        number = int(text) if ascii_number(text, 5) else 0
        if not 1 <= number <= 10_000:
            raise refused(f"{name} must be a number from 1 to 10000, not {text!r}")
        if name == "max":
            within_bounds(lambda: checked_size(number))
        return number

    return BeforeValidator(read)


def _search_format(raw: object) -> str:
    if str(raw).lower() != "json":
        raise refused("format: BARE's search answers json only")
    return "json"


class BareQueryParameters(Parameters):
    """BARE's ``functions/v2/query``."""

    q: Annotated[
        str,
        Field(
            min_length=1,
            description="Words, and authoritytype:"
            + "|".join(BARE_KINDS)
            + " anywhere among them (any case; conference is meeting) to keep to "
            "those types. The words must hold a letter or digit, in at most "
            f"{MAX_QUERY} characters.",
            examples=["rilke authoritytype:person"],
        ),
        BeforeValidator(_bare_words),
    ]
    start: Annotated[
        int,
        Field(ge=1, le=10_000, description="The first row, counted from 1."),
        _bare_row("start"),
    ] = 1
    most: Annotated[
        int,
        Field(
            alias="max",
            ge=1,
            le=MAX_SIZE,
            description=f"Rows at most. BARE took up to 10000; more than {MAX_SIZE} "
            "is 400.",
        ),
        _bare_row("max"),
    ] = 10
    format: Annotated[
        Literal["json"],
        Field(description="json (in any case): BARE's search answered nothing else."),
        BeforeValidator(_search_format),
    ] = "json"

    @property
    def kinds(self) -> tuple[Kind, ...]:
        """The kinds ``authoritytype:`` keeps to."""
        return tuple(BARE_KINDS[n.lower()] for n in AUTHORITY_TYPE.findall(self.q))

    @property
    def text(self) -> str:
        """The words, without ``authoritytype:``."""
        return AUTHORITY_TYPE.sub(" ", self.q)


Digits = Annotated[str, Field(pattern="^[0-9]+$")]


class BareSearch(Contract):
    """BARE's search envelope (functions/v2/query)."""

    q: str
    """q as sent."""
    start_row: Digits
    """start, as a string."""
    max_rows: Digits
    """max, as a string."""
    num_found: Annotated[int, Field(ge=0)]
    results: list[BareRecord]
