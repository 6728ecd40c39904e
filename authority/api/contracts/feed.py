"""The change feed's contracts: ``/changes.jsonl``'s parameters, the documents' shape.

The documents themselves are built by ``authority.publishing.feed`` (pure, no
pydantic); these models say in the OpenAPI document what they hold, and the unit
tests check that every document built validates against them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field

from authority.api.contracts.query import Parameters, ascii_number, refused
from authority.api.contracts.style import Contract, SkipJsonSchema
from authority.api.contracts.types import Uri, absent

MAX_SEQ = 2**63 - 1
"""The change log's numbers are PostgreSQL bigints."""
MAX_LIMIT = 1_000_000
"""Most changes one ``/changes.jsonl`` answer streams when a limit is given."""


def _number(name: str, least: int, most: int) -> BeforeValidator:
    """A whole number from ``least`` to ``most``, in ASCII digits, said plainly."""

    def read(raw: object) -> int:
        text = str(raw)
        if not ascii_number(text, len(str(most))) or not least <= int(text) <= most:
            raise refused(
                f"{name} must be a whole number from {least} to {most}, "
                f"not {text[:40]!r}"
            )
        return int(text)

    return BeforeValidator(read)


class FeedParameters(Parameters):
    """``/changes.jsonl``."""

    after: Annotated[
        int,
        Field(
            ge=0,
            le=MAX_SEQ,
            description="Stream the changes numbered after this one (the seq of the "
            "last change applied; 0, the default: from the first). A number beyond "
            "the change log's head is answered 404.",
        ),
        _number("after", 0, MAX_SEQ),
    ] = 0
    limit: Annotated[
        Annotated[int, Field(ge=1, le=MAX_LIMIT)] | SkipJsonSchema[None],
        Field(
            description=f"Changes at most (1 to {MAX_LIMIT}); default: every change "
            "up to the head taken when the answer starts."
        ),
        _number("limit", 1, MAX_LIMIT),
    ] = None


class Node(Contract):
    """A reference to another document or resource: its URI and type."""

    model_config = ConfigDict(alias_generator=None)
    id: Uri
    type: str


class Changed(Contract):
    """The authority a change is about, at the revision the change wrote."""

    model_config = ConfigDict(alias_generator=None)
    id: Uri
    type: Literal["Concept"]
    revision: Annotated[int, Field(ge=1)]


class Organization(Contract):
    """Who made a change, as the public history shows it: the institution."""

    model_config = ConfigDict(alias_generator=None)
    type: Literal["Organization"]
    name: str


class Activity(Contract):
    """One change: what a consumer does with its copy of the authority.

    Create and Update: fetch it; Delete: drop it; Move (a merge): drop it, the
    survivor is ``target``.
    """

    model_config = ConfigDict(alias_generator=None)
    type: Literal["Create", "Update", "Delete", "Move"]
    seq: Annotated[int, Field(ge=1)]
    """The change-log number: resume after it with ``/changes.jsonl?after=``."""
    object: Changed
    origin: Node | SkipJsonSchema[None] = absent()
    """A Move's merged authority."""
    target: Node | SkipJsonSchema[None] = absent()
    """A Move's survivor."""
    endTime: Annotated[str, Field(json_schema_extra={"format": "date-time"})]  # noqa: N815
    """When the change was committed (UTC)."""
    published: Annotated[str, Field(json_schema_extra={"format": "date-time"})]
    """The same time, as the Entity Metadata Management API names it."""
    action: str
    """The change log's own word for the change: create, update, delete, restore,
    merge, relink or revert."""
    actor: Organization | SkipJsonSchema[None] = absent()


class ChangeCollection(Contract):
    """``/changes``: the ActivityStreams ``OrderedCollection`` of every change."""

    model_config = ConfigDict(alias_generator=None)
    context: list[Any] = Field(alias="@context")
    id: Uri
    type: Literal["OrderedCollection"]
    totalItems: Annotated[int, Field(ge=0)]  # noqa: N815
    first: Node
    """Page 1: the oldest changes."""
    last: Node
    """The open page: the newest changes."""


class ChangePage(Contract):
    """``/changes/page/{number}``: an ``OrderedCollectionPage`` of the changes."""

    model_config = ConfigDict(alias_generator=None)
    context: list[Any] = Field(alias="@context")
    id: Uri
    type: Literal["OrderedCollectionPage"]
    partOf: Node  # noqa: N815
    startIndex: Annotated[int, Field(ge=0)]  # noqa: N815
    prev: Node | SkipJsonSchema[None] = absent()
    next: Node | SkipJsonSchema[None] = absent()
    orderedItems: list[Activity]  # noqa: N815
