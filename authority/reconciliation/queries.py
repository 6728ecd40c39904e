"""Reconciliation queries and extension requests, read and checked (pydantic).

A batch is the JSON object of the ``queries`` parameter (GET or a POST form):
``{"q0": {"query": "Ibsen, Henrik", "type": "person", "limit": 3,
"properties": [{"pid": "dates", "v": "1828-1906"}]}}``. It is read through
``json_input.loads`` (bounded depth, digits and size) and then as the models
below, whose bounds keep one request's work small: a batch of at most
:data:`MAX_QUERIES` queries, each asking at most ``MAX_SIZE`` candidates and
:data:`MAX_CANDIDATES` in all, with at most :data:`MAX_IDENTIFIERS` identifier
values a query and :data:`MAX_BATCH_IDENTIFIERS` a batch. Anything else is a
:class:`QueryError` saying what is wrong (the API's 400).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
)

from authority.domain import Identifier, Kind
from authority.domain.search_terms import search_key
from authority.errors import SearchQueryError
from authority.json_input import JSONInputError, loads
from authority.reconciliation.properties import MATCHED, PROPERTIES, YEAR
from authority.reconciliation.types import kind_named
from authority.search.model import MAX_QUERY, MAX_SIZE

MAX_QUERIES = 100
"""Queries in one batch (OpenRefine sends 10 at a time; a script may send more)."""
MAX_BATCH_TEXT = 64 * 1024
"""Characters of the ``queries`` or ``extend`` text (100 queries need some 30,000).

So small that both texts in one POST form, every character 4 bytes of UTF-8 and
each byte percent-encoded as 3, fit in 1.5 MiB, well under the API's body limit
(``MAX_CONTENT_LENGTH``): a text too long is a 400 saying so, not a 413."""
MAX_VALUES = 20
"""Properties of one query, values of one property, types of one query."""
MAX_KEY = 100
"""Characters of a query's key (``q0``) and of a value."""
MAX_IDS = 1000
"""Ids one data extension request may name (OpenRefine sends 10 to 100)."""
DEFAULT_LIMIT = 10
"""Candidates a query without ``limit`` gets."""
MAX_IDENTIFIERS = 5
"""Identifier values (ISNI, VIAF ...) of one query: each is a look-up and a
comparison with every candidate, and a person has one of each scheme or two."""
MAX_BATCH_IDENTIFIERS = 200
"""Identifier values of one batch (two for each of 100 queries)."""
MAX_CANDIDATES = 1000
"""The sum of a batch's limits (100 queries of the default 10): every candidate is
read whole and scored, so this bounds a batch's work, not only its answer."""

M = TypeVar("M", bound=BaseModel)

Text = Annotated[StrictStr, Field(max_length=MAX_QUERY)]
Value = (
    Annotated[StrictStr, Field(max_length=MAX_QUERY)]
    | StrictInt
    | StrictFloat
    | StrictBool
)


class QueryError(SearchQueryError):
    """A reconciliation request that cannot be run as sent (the API's 400)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entity(_Model):
    """A property value that names an entity (one reconciled before)."""

    id: Annotated[StrictStr, Field(max_length=MAX_QUERY)]
    name: Text | None = None


class PropertyValue(_Model):
    """One property of a query: its id and a value or several."""

    pid: StrictStr
    v: Value | Entity | Annotated[list[Value | Entity], Field(max_length=MAX_VALUES)]

    @field_validator("pid")
    @classmethod
    def _known(cls, pid: str) -> str:
        if pid not in MATCHED:
            raise ValueError(f"unknown property; choose from {', '.join(MATCHED)}")
        return pid

    def texts(self) -> list[str]:
        """Every value as text (an entity by its id)."""
        given = self.v if isinstance(self.v, list) else [self.v]
        return [v.id if isinstance(v, Entity) else str(v) for v in given]


class Query(_Model):
    """One reconciliation query of a batch."""

    query: Text = ""
    type: (
        StrictStr | Annotated[list[StrictStr], Field(max_length=MAX_VALUES)] | None
    ) = None
    limit: Annotated[StrictInt, Field(ge=1, le=MAX_SIZE)] | None = None
    properties: Annotated[list[PropertyValue], Field(max_length=MAX_VALUES)] = []
    type_strict: Literal["any", "should", "all"] | None = None

    @field_validator("type")
    @classmethod
    def _kinds(cls, given: str | list[str] | None) -> str | list[str] | None:
        for type_id in [given] if isinstance(given, str) else given or []:
            if kind_named(type_id) is None:
                known = ", ".join(k.value for k in Kind)
                raise ValueError(f"unknown type {type_id!r}; choose from {known}")
        return given

    @property
    def kinds(self) -> tuple[Kind, ...]:
        """The kinds asked for (empty: every kind)."""
        given = [self.type] if isinstance(self.type, str) else self.type or []
        return tuple(dict.fromkeys(Kind(t) for t in given))

    @property
    def size(self) -> int:
        """Candidates to answer with."""
        return self.limit or DEFAULT_LIMIT

    def values(self, *pids: str) -> list[str]:
        """The values given for the properties ``pids``, in order."""
        return [t for p in self.properties if p.pid in pids for t in p.texts()]

    def identifier_values(self) -> list[str]:
        """The values given for identifier properties, as sent (not yet parsed)."""
        return [
            t for p in self.properties if PROPERTIES[p.pid].scheme for t in p.texts()
        ]

    def identifiers(self) -> list[Identifier]:
        """The identifiers given, in their scheme's canonical form."""
        return [
            Identifier.parse(p.pid, text)
            for p in self.properties
            if PROPERTIES[p.pid].scheme
            for text in p.texts()
        ]

    def years(self, *pids: str) -> tuple[str, ...]:
        """The four-digit years in the values of ``pids``."""
        return tuple(y for text in self.values(*pids) for y in YEAR.findall(text))


class ExtensionProperty(_Model):
    """One property a data extension fetches (settings are accepted, unused)."""

    id: StrictStr
    settings: dict[str, Any] | None = None

    @field_validator("id")
    @classmethod
    def _known(cls, pid: str) -> str:
        if pid not in PROPERTIES:
            raise ValueError(f"unknown property; choose from {', '.join(PROPERTIES)}")
        return pid


class Extension(_Model):
    """A data extension request: the ids and the properties to fetch for them."""

    ids: Annotated[
        list[Annotated[StrictStr, Field(max_length=MAX_KEY)]],
        Field(max_length=MAX_IDS),
    ]
    properties: Annotated[list[ExtensionProperty], Field(max_length=MAX_VALUES)]


def batch_from_json(text: str) -> dict[str, Query]:
    """The batch of ``queries`` text; QueryError saying what is wrong."""
    raw = _json(text, "queries")
    if not isinstance(raw, dict):
        raise QueryError("queries must be a JSON object of queries by key")
    if not raw:
        raise QueryError("queries holds no query")
    if len(raw) > MAX_QUERIES:
        raise QueryError(f"at most {MAX_QUERIES} queries in one batch, not {len(raw)}")
    batch: dict[str, Query] = {}
    for key, value in raw.items():
        if len(key) > MAX_KEY:
            raise QueryError(f"a query's key is longer than {MAX_KEY} characters")
        query = _validated(Query, value, f"queries.{key}")
        _bounded(query, key)
        if not search_key(query.query) and not query.identifier_values():
            raise QueryError(
                f"queries.{key}: give query text with a letter or digit, "
                "or an identifier property"
            )
        batch[key] = query
    _bounded_batch(batch)
    return batch


def _bounded(query: Query, key: str) -> None:
    given = len(query.identifier_values())
    if given > MAX_IDENTIFIERS:
        raise QueryError(
            f"queries.{key}: at most {MAX_IDENTIFIERS} identifier values in one "
            f"query, not {given}"
        )


def _bounded_batch(batch: dict[str, Query]) -> None:
    identifiers = sum(len(q.identifier_values()) for q in batch.values())
    if identifiers > MAX_BATCH_IDENTIFIERS:
        raise QueryError(
            f"at most {MAX_BATCH_IDENTIFIERS} identifier values in one batch, "
            f"not {identifiers}"
        )
    candidates = sum(q.size for q in batch.values())
    if candidates > MAX_CANDIDATES:
        raise QueryError(
            f"the limits of one batch add up to at most {MAX_CANDIDATES} "
            f"candidates, not {candidates}"
        )


def extension_from_json(text: str) -> Extension:
    """The data extension request of ``extend`` text; QueryError if wrong."""
    return _validated(Extension, _json(text, "extend"), "extend")


def _json(text: str, name: str) -> Any:
    if len(text) > MAX_BATCH_TEXT:
        raise QueryError(f"{name} is longer than {MAX_BATCH_TEXT:,} characters")
    try:
        return loads(text.encode("utf-8", "surrogatepass"))
    except JSONInputError as error:
        raise QueryError(f"{name}: {error}") from None


def _validated(model: type[M], value: Any, where: str) -> M:
    try:
        return model.model_validate(value)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join([where, *map(str, first["loc"])])
        raise QueryError(f"{place}: {first['msg']}") from None
