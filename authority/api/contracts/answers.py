"""The bodies every route may answer: problems, candidates, the probes.

A problem (RFC 9457) is built by ``api/limits.problem_body``, as a
:class:`Problem`, for the app and for the servers' own errors alike.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from authority.api.contracts.style import Contract, SkipJsonSchema
from authority.api.contracts.types import Uri, absent
from authority.domain import Status


class Supported(Contract):
    """What a format can be asked for by (400, 404, 406)."""

    suffixes: list[str]
    formats: list[str]
    media_types: list[str]


class Mistake(Contract):
    """One problem of a record, and the field it is in."""

    message: str
    where: str | None


class Problem(Contract):
    """RFC 9457 problem details, with this API's extension members."""

    model_config = ConfigDict(extra="allow")
    type: str
    """about:blank: see status."""
    title: str
    status: Annotated[int, Field(ge=100, le=599)]
    detail: str
    instance: str
    """The path asked for, cut to 500 characters; a server's own error on a
    request line without a path: a urn:uuid naming it."""
    supported: Supported | SkipJsonSchema[None] = absent()
    problems: list[Mistake] | SkipJsonSchema[None] = absent()
    deleted: str | None = None
    """When it was deleted (410)."""
    successor: str | None = None
    """Its successor (410)."""
    id: str | SkipJsonSchema[None] = absent()
    """The deleted authority (410)."""
    location: str | SkipJsonSchema[None] = absent()
    """The survivor (301)."""
    current_revision: int | SkipJsonSchema[None] = absent()
    request_id: str | SkipJsonSchema[None] = absent()
    """Quote it when asking (500)."""

    def body(self) -> dict[str, Any]:
        """The members given, as given (a 410's null ``deleted`` too), and no other."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


class Choice(Contract):
    """One authority an ambiguous reference names."""

    id: str
    uri: Uri
    label: str | None
    status: Status | None


class Candidates(Contract):
    """The authorities an ambiguous reference names."""

    title: str
    status: Literal[300]
    detail: str
    candidates: Annotated[list[Choice], Field(min_length=2)]


class Health(Contract):
    """The process answers."""

    status: Literal["ok"]


class Readiness(Contract):
    """Whether the database is reachable and its schema at the code's head."""

    status: Literal["ready", "unavailable"]
    detail: str | None
