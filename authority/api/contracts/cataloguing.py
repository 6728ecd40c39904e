"""The write routes' contracts: what they read besides the record, what they answer.

The record itself (our JSON, MARCXML or MARC-in-JSON, chosen by Content-Type) is
read by ``api/bodies.py``, which refuses an unknown key with a 422 naming it;
:class:`AuthorityInput` declares the JSON form for the document.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, StrictInt, StrictStr

from authority.api.contracts.query import Parameters, refused
from authority.api.contracts.style import Contract, SkipJsonSchema
from authority.api.contracts.types import Uri, absent
from authority.domain import QualityLevel, Status
from authority.domain.ids import ID_PATTERN


def _yes(raw: object) -> bool:
    return str(raw).lower() in ("true", "1", "yes")


class CreateParameters(Parameters):
    """``POST /authorities``."""

    force: Annotated[
        bool,
        Field(description="true: create even when a likely duplicate exists."),
        BeforeValidator(_yes),
    ] = False


def _reference(raw: object) -> str:
    text = str(raw).strip()
    if not text:
        raise refused("name what to resolve: /resolve?id=<id, URL or identifier>")
    return text


class ResolveParameters(Parameters):
    """``/resolve``. Other parameters are carried to the Location."""

    id: Annotated[
        str,
        Field(
            pattern=r"\S",
            description="An id, URL or identifier.",
            examples=["x90053126", "(NO-TrBIB)90053126"],
        ),
        BeforeValidator(_reference),
    ]


class RemoveIdentifierParameters(Parameters):
    """BARE's ``DELETE .../identifiers/<source>``."""

    identifier: str | SkipJsonSchema[None] = None
    """Only this value."""


class AuthorityInput(Contract):
    """Our JSON representation as a write reads it.

    fields (required) and qualityLevel set the content; the other keys of the
    representation are derived or kept by the register and are ignored; any other
    key is refused (422).
    """

    model_config = ConfigDict(extra="allow")
    fields: list[dict[str, Any]]
    quality_level: QualityLevel | None = None


class MergeRequest(Contract):
    """What POST /authorities/{id}/merge reads; other keys are ignored."""

    # Python's re, as domain.ids reads ids with it (its $ and \d differ from Rust's).
    model_config = ConfigDict(extra="allow", regex_engine="python-re")
    into: Annotated[StrictStr, Field(pattern=ID_PATTERN.pattern)]
    """The survivor's id."""


class RevertRequest(Contract):
    """What POST /authorities/{id}/revert reads; other keys are ignored."""

    model_config = ConfigDict(extra="allow")
    revision: Annotated[StrictInt, Field(ge=1)]
    """The revision to go back to."""


SCHEME_NAME = "^[A-Za-z][A-Za-z0-9_-]{0,39}$"
"""What an identifier's ``source`` may be: a scheme's name, never empty."""


class IdentifierRequest(Contract):
    """What BARE's POST .../identifiers reads."""

    model_config = ConfigDict(extra="allow")
    source: Annotated[StrictStr, Field(pattern=SCHEME_NAME)]
    """The scheme (isni, viaf, orcid ...)."""
    identifier: Annotated[StrictStr, Field(pattern=r"\S")]
    """The value, in any form the scheme's identifiers take (a URI too)."""


class HistoryEntry(Contract):
    """One revision, and what it changed against the one before."""

    revision: Annotated[int, Field(ge=1)]
    action: str
    actor: str | SkipJsonSchema[None] = absent()
    """The name of the token that wrote the revision; only to a request with a
    token (token names are often people's names). Anyone sees the institution."""
    institution: str | None
    recorded: Annotated[str, Field(json_schema_extra={"format": "date-time"})]
    status: Status
    url: Uri
    changes: list[dict[str, Any]]


class History(Contract):
    """Every revision of an authority, oldest first."""

    id: str
    revisions: list[HistoryEntry]


class Candidate(Contract):
    """A stored authority a record may duplicate, with the signals that matched."""

    id: str
    uri: Uri
    label: str
    score: float
    signals: list[str]


class DuplicateCandidates(Contract):
    """The candidates, best first."""

    candidates: list[Candidate]
