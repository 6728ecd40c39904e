"""BARE's record in its REST JSON, and what BARE's read route takes.

``bare_json.to_bare_json`` writes the record.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, ConfigDict, Field

from authority.api.contracts.query import Parameters, refused
from authority.api.contracts.style import Contract
from authority.bare_json import TYPE_NAMES
from authority.domain import QualityLevel

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
