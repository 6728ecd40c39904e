"""The reconciliation routes' parameters (``/reconcile``, OpenRefine's protocol).

The ``queries`` and ``extend`` values are JSON texts that the protocol package
reads itself (``reconciliation/queries.py``: bounded JSON, pydantic models of the
specification's query batch and extension request); here they are strings of a
bounded length. The suggest and propose parameters are read as every other
route's are.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from authority.api.contracts.query import (
    Parameters,
    refused,
    whole_number,
    within_bounds,
)
from authority.api.contracts.style import SkipJsonSchema
from authority.domain import Kind
from authority.reconciliation.queries import MAX_BATCH_TEXT
from authority.search.model import MAX_QUERY, MAX_SIZE, checked_text

SPEC = "https://reconciliation-api.github.io/specs/0.2/"


def _batch(name: str) -> BeforeValidator:
    def read(raw: object) -> str:
        text = str(raw)
        if len(text) > MAX_BATCH_TEXT:
            raise refused(f"{name} is longer than {MAX_BATCH_TEXT:,} characters")
        return text

    return BeforeValidator(read)


def _prefix(raw: object) -> str:
    text = str(raw)
    within_bounds(lambda: checked_text(text))
    return text


def _type(raw: object) -> Kind:
    try:
        return Kind(str(raw))
    except ValueError:
        known = ", ".join(k.value for k in Kind)
        raise refused(f"type={str(raw)[:100]!r}; choose from {known}") from None


def _limit(raw: object) -> int:
    limit = whole_number("limit", raw)
    if not 1 <= limit <= MAX_SIZE:
        raise refused(f"limit must be between 1 and {MAX_SIZE}, not {limit}")
    return limit


MOST_CURSOR = 999_999
"""The largest cursor: ``whole_number`` reads at most six digits."""


def _cursor(raw: object) -> int:
    return whole_number("cursor", raw)


TypeParameter = Annotated[
    Kind | SkipJsonSchema[None],
    Field(description="Only this type (a kind: person, corporate_body, topic ...)."),
    BeforeValidator(_type),
]
Limit = Annotated[
    int,
    Field(ge=1, le=MAX_SIZE, description=f"How many to answer, 1 to {MAX_SIZE}."),
    BeforeValidator(_limit),
]


class ReconcileParameters(Parameters):
    """``/reconcile``: the manifest, a query batch or a data extension."""

    queries: Annotated[
        str | SkipJsonSchema[None],
        Field(
            max_length=MAX_BATCH_TEXT,
            description="A query batch (JSON): an object of queries by key, each "
            "with query, type, limit, properties and type_strict "
            f"({SPEC}#reconciliation-queries). At most 100 queries.",
            examples=['{"q0": {"query": "Ibsen, Henrik", "type": "person"}}'],
        ),
        _batch("queries"),
    ] = None
    extend: Annotated[
        str | SkipJsonSchema[None],
        Field(
            max_length=MAX_BATCH_TEXT,
            description="A data extension request (JSON): ids and properties "
            f"({SPEC}#data-extension-service).",
            examples=['{"ids": ["90053126"], "properties": [{"id": "isni"}]}'],
        ),
        _batch("extend"),
    ] = None


class SuggestParameters(Parameters):
    """``/reconcile/suggest/entity`` (and type, property): completions."""

    prefix: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_QUERY,
            description="What the user has typed.",
            examples=["ibsen"],
        ),
        BeforeValidator(_prefix),
    ]
    type: TypeParameter = None
    cursor: Annotated[
        int,
        Field(
            ge=0, le=MOST_CURSOR, description="How many suggestions to skip (paging)."
        ),
        BeforeValidator(_cursor),
    ] = 0
    limit: Limit = 10


class SchemaSuggestParameters(Parameters):
    """``/reconcile/suggest/type`` and ``/suggest/property``: a name's start."""

    prefix: Annotated[
        str,
        Field(
            max_length=MAX_QUERY,
            description="What the user has typed (empty: every one).",
            examples=["pers"],
        ),
    ] = ""
    cursor: Annotated[
        int,
        Field(ge=0, le=MOST_CURSOR, description="How many to skip (paging)."),
        BeforeValidator(_cursor),
    ] = 0
    limit: Limit = 20


class ProposeParameters(Parameters):
    """``/reconcile/extend/propose``: the properties a type offers."""

    type: TypeParameter = None
    limit: Limit = 20
