"""The search routes' contracts: their parameters and the bodies they answer.

``/authorities?q=`` and its companions (suggest, browse, lookup) and BARE's
``functions/v2/query``. The values a parameter takes come from the enums the
search speaks (``domain.Kind``, ``QualityLevel``, ``Status``,
``search.model.Sort``), its bounds from ``search.model``, whose checks the readers
run, so the document, the 400s and the service say the same.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, RootModel

from authority.api.contracts.bare import BareRecord
from authority.api.contracts.query import (
    BOUNDS,
    IN_QUERY,
    READING,
    Parameters,
    ascii_number,
    choice,
    choices,
    cursor_offset,
    refused,
    split_values,
    whole_number,
    within_bounds,
)
from authority.api.contracts.style import Contract, SkipJsonSchema
from authority.api.contracts.types import Moment, Uri, absent
from authority.domain import Kind, QualityLevel, Status
from authority.search.model import MAX_QUERY, MAX_SIZE, Sort, checked_size, checked_text

REPEAT = " Repeat the parameter, or separate values by commas."


class StatusFilter(StrEnum):
    """What ``status=`` takes: deleted and merged authorities only when asked for."""

    ACTIVE = "active"
    DELETED = "deleted"
    MERGED = "merged"
    ALL = "all"


STATUS_CHOICES: dict[StatusFilter, tuple[Status, ...]] = {
    StatusFilter.ACTIVE: (Status.ACTIVE,),
    StatusFilter.DELETED: (Status.DELETED,),
    StatusFilter.MERGED: (Status.MERGED,),
    StatusFilter.ALL: tuple(Status),
}
"""``status=`` value -> the statuses it searches."""


def _words(raw: object) -> str:
    text = str(raw)
    within_bounds(lambda: checked_text(text))
    return text


def _start(raw: object) -> str:
    text = str(raw)
    within_bounds(lambda: checked_text(text, empty=True))
    return text


def _size(name: str, stage: str = BOUNDS) -> BeforeValidator:
    def read(raw: object) -> int:
        size = whole_number(name, raw)
        within_bounds(lambda: checked_size(size), stage)
        return size

    return BeforeValidator(read)


def _cursor(raw: object) -> str:
    cursor_offset(raw)
    return str(raw)


def _sort(raw: object) -> Sort:
    return Sort(choice("sort", Sort, str(raw)))


def _statuses(raw: object) -> tuple[StatusFilter, ...]:
    return tuple(choice("status", StatusFilter, v) for v in split_values(raw))


def _direction(raw: object) -> str:
    if raw not in ("forward", "backward"):
        raise refused(f"direction must be forward or backward, not {raw!r}")
    return str(raw)


def _suggest_format(raw: object) -> str:
    if raw not in ("json", "opensearch"):
        raise refused("format must be json or opensearch", BOUNDS)
    return str(raw)


Words = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_QUERY,
        description="What to find: at least one letter or digit, at most "
        f"{MAX_QUERY} characters. Case, diacritics and punctuation do not matter; "
        "there are no operators.",
        examples=["rilke", "rowling j k"],
    ),
    BeforeValidator(_words),
]
Kinds = Annotated[
    tuple[Kind, ...],
    Field(description="Only these kinds of authority." + REPEAT),
    BeforeValidator(choices("kind", Kind)),
]


class SearchParameters(Parameters):
    """``/authorities?q=``."""

    q: Words
    size: Annotated[
        int,
        Field(ge=1, le=MAX_SIZE, description=f"Hits per page. 1 to {MAX_SIZE}."),
        _size("size"),
    ] = 20
    cursor: Annotated[
        str | SkipJsonSchema[None],
        Field(
            description="Where the page starts: only as a next or prev link gives it."
        ),
        BeforeValidator(_cursor),
    ] = None
    kind: Kinds = ()
    quality: Annotated[
        tuple[QualityLevel, ...],
        Field(description="Only these cataloguing levels." + REPEAT),
        BeforeValidator(choices("quality", QualityLevel)),
    ] = ()
    status: Annotated[
        tuple[StatusFilter, ...],
        Field(description="Which authorities: all is every status." + REPEAT),
        BeforeValidator(_statuses),
    ] = (StatusFilter.ACTIVE,)
    sort: Annotated[
        Sort,
        Field(
            description="relevance, heading (Norwegian alphabetical order) or "
            "modified (latest first)."
        ),
        BeforeValidator(_sort),
    ] = Sort.RELEVANCE

    @property
    def offset(self) -> int:
        """The hit the page starts at, from ``cursor``."""
        return cursor_offset(self.cursor or "")

    @property
    def statuses(self) -> tuple[Status, ...]:
        """The statuses ``status`` asks for (active when it names none)."""
        names = self.status or (StatusFilter.ACTIVE,)
        chosen = [s for name in names for s in STATUS_CHOICES[StatusFilter(name)]]
        return tuple(dict.fromkeys(chosen))


class SuggestParameters(Parameters):
    """``/authorities/suggest``."""

    q: Words
    kind: Kinds = ()
    limit: Annotated[
        int,
        Field(ge=1, le=MAX_SIZE, description=f"Suggestions at most. 1 to {MAX_SIZE}."),
        _size("limit"),
    ] = 10
    format: Annotated[
        Literal["json", "opensearch"],
        Field(description="json, or opensearch for OpenSearch Suggestions."),
        BeforeValidator(_suggest_format),
    ] = "json"


class BrowseParameters(Parameters):
    """``/authorities/browse``."""

    start: Annotated[
        str,
        Field(
            alias="from",
            max_length=MAX_QUERY,
            description=f"Where to start (at most {MAX_QUERY} characters); empty: "
            "the beginning.",
            examples=["Rilke"],
        ),
        BeforeValidator(_start),
    ] = ""
    limit: Annotated[
        int,
        Field(ge=1, le=MAX_SIZE, description=f"Entries per page. 1 to {MAX_SIZE}."),
        _size("limit", READING),  # the view checked it before the direction
    ] = 20
    direction: Annotated[
        Literal["forward", "backward"],
        Field(description="forward from from, or backward: the entries before it."),
        BeforeValidator(_direction),
    ] = "forward"
    kind: Kinds = ()


class LookupParameters(Parameters):
    """``/authorities/lookup``."""

    label: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_QUERY,
            description="A heading or variant, with at least one letter or digit "
            f"and at most {MAX_QUERY} characters.",
            examples=["Rilke, Rainer Maria, 1875-1926"],
        ),
        BeforeValidator(_words),
    ]
    kind: Kinds = ()


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


def _bare_format(raw: object) -> str:
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
        BeforeValidator(_bare_format),
    ] = "json"

    @property
    def kinds(self) -> tuple[Kind, ...]:
        """The kinds ``authoritytype:`` keeps to."""
        return tuple(BARE_KINDS[n.lower()] for n in AUTHORITY_TYPE.findall(self.q))

    @property
    def text(self) -> str:
        """The words, without ``authoritytype:``."""
        return AUTHORITY_TYPE.sub(" ", self.q)


class Links(Contract):
    """The neighbouring pages, where there are any."""

    next: Uri | SkipJsonSchema[None] = absent()
    prev: Uri | SkipJsonSchema[None] = absent()


class Hit(Contract):
    """One authority found."""

    id: str
    uri: Uri
    kind: Kind
    label: str
    """The heading."""
    disambiguation: str | None
    matched: str | None
    """The variant or label it was found by; null: the heading."""
    status: Status
    quality_level: QualityLevel | None
    created: Moment
    modified: Moment


Count = Annotated[int, Field(ge=1)]
QualityFacet = Annotated[
    str, Field(json_schema_extra={"enum": [*(q.value for q in QualityLevel), "none"]})
]


class Facets(Contract):
    """Facet -> value -> how many matches have it; empty when nothing matched.

    quality none: no cataloguing level.
    """

    kind: dict[Kind, Count] | SkipJsonSchema[None] = absent()
    quality: dict[QualityFacet, Count] | SkipJsonSchema[None] = absent()
    status: dict[Status, Count] | SkipJsonSchema[None] = absent()
    nationality: dict[str, Count] | SkipJsonSchema[None] = absent()


class SearchResults(Contract):
    """One page of /authorities?q=."""

    total: Annotated[int, Field(ge=0)]
    total_relation: Literal["eq", "gte"]
    """eq: total and facets count every match; gte: the search stopped counting,
    total is a lower bound and the facets count the matches counted."""
    hits: list[Hit]
    facets: Facets
    links: Links


class Suggestion(Contract):
    """One completion."""

    id: str
    uri: Uri
    kind: Kind
    label: str
    """The heading."""
    display: str
    """The heading, with its disambiguation after a dash."""
    disambiguation: str | None
    matched: str | None
    """The variant it was found by; null: the heading."""


class Suggestions(Contract):
    """Completions, best first."""

    suggestions: list[Suggestion]


class OpenSearchSuggestions(RootModel[list[str | list[str]]]):
    """OpenSearch Suggestions 1.1: the query, then three lists in the same order.

    The query is a string; the lists: the headings, their disambiguations (empty
    when none) and their URLs.
    """

    # Not prefixItems: schemathesis rewrites those in response schemas into draft
    # 4's items array, which its 2020-12 validator then rejects.
    root: Annotated[list[str | list[str]], Field(min_length=4, max_length=4)]


class BrowseEntry(Contract):
    """One line of the alphabetical index."""

    label: str
    id: str
    uri: Uri
    see: str | SkipJsonSchema[None] = absent()
    """A variant's heading: label, see this."""


class BrowsePage(Contract):
    """One page of the alphabetical index."""

    entries: list[BrowseEntry]
    links: Links


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
