"""Small types the contracts share: a URI, a moment, a member that may be absent."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

Uri = Annotated[str, Field(json_schema_extra={"format": "uri"})]
"""A URI, sent as it was made (pydantic's URL types would normalise it)."""
Moment = Annotated[str | None, Field(json_schema_extra={"format": "date-time"})]
"""An ISO 8601 date and time, or null when it is not known."""
Tag = Annotated[str, Field(pattern=r"^\d{3}$")]
"""A MARC tag."""


def absent() -> Any:
    """The default of a member that is left out, never null, when it has no value.

    Its type is ``X | SkipJsonSchema[None]``: the schema says X, not required.
    """
    return Field(None, exclude_if=lambda v: v is None)
