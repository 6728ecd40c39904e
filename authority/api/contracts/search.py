"""The search routes' contracts: their parameters and the bodies they answer.

``/authorities?q=`` and its companions (suggest, browse, lookup); BARE's
``functions/v2/query`` is in :mod:`.bare`. The values a parameter takes come from
the enums the search speaks (``domain.Kind``, ``QualityLevel``, ``Status``,
``search.model.Sort``), its bounds from ``search.model``, whose checks the readers
run, so the document, the 400s and the service say the same.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import (
    BeforeValidator,
    Field,
    RootModel,
    WithJsonSchema,
    model_validator,
)

from authority.api.contracts.query import (
    BOUNDS,
    READING,
    Parameters,
    choice,
    choices,
    cursor_offset,
    empty_ignored,
    refused,
    split_values,
    whole_number,
    within_bounds,
)
from authority.api.contracts.style import JSON, Contract, SkipJsonSchema
from authority.api.contracts.types import Moment, Uri, absent
from authority.domain import Kind, QualityLevel, Status
from authority.domain.local_time import OSLO, midnight
from authority.errors import SearchQueryError
from authority.search.model import (
    MAX_QUERY,
    MAX_SIZE,
    NO_VOCABULARY,
    VOCABULARY_CODE,
    SearchQuery,
    Sort,
    checked_size,
    checked_text,
    checked_vocabularies,
    last_moment,
)

REPEAT = (
    " Repeat the parameter, or separate values by commas; an empty value is ignored."
)


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
    """A page size: whole (READING), then within search.model's bound (``stage``)."""

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


def _vocabularies(raw: object) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(v.lower() for v in split_values(raw)))
    try:
        return checked_vocabularies(codes)
    except SearchQueryError as error:
        raise refused(f"vocabulary: {error}") from None


def _moment(name: str, *, last: bool) -> BeforeValidator:
    """An ISO 8601 date or date-time; a date is its whole day (``last``: its end).

    A date-time without an offset is Oslo time, the register's own.
    """

    def read(raw: object) -> datetime:
        text = str(raw)
        try:
            if len(text) > 40 or not text.isascii():
                raise ValueError(text)
            try:
                day = date.fromisoformat(text)
            except ValueError:
                moment = datetime.fromisoformat(text)
                return moment if moment.tzinfo else moment.replace(tzinfo=OSLO)
        except ValueError:
            raise refused(
                f"{name} must be an ISO 8601 date or date-time, not {text!r}"
            ) from None
        return last_moment(day) if last else midnight(day)

    return BeforeValidator(read)


def _direction(raw: object) -> str:
    if raw not in ("forward", "backward"):
        raise refused(f"direction must be forward or backward, not {raw!r}")
    return str(raw)


def _suggest_format(raw: object) -> str:
    if raw not in ("json", "opensearch"):
        # Named after q and limit, as when the view checked it after the search.
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
VOCABULARY_PATTERN = f"^({VOCABULARY_CODE.pattern})$"


def _codes_or_empty(field: JSON) -> None:
    """The items of ``vocabulary=``: open-ended codes, any case, or empty (ignored).

    A pattern, not an enum: a vocabulary is whatever code the records give.
    """
    field["items"] = {
        "type": "string",
        "pattern": "^([A-Za-z0-9][A-Za-z0-9._-]{0,63})?$",
    }


Vocabularies = Annotated[
    tuple[str, ...],
    Field(
        description="Only authorities of these subject vocabularies, by the code "
        "their 040 $f gives (humord, noubomn for Realfagstermer, noubojur, tekord "
        f"...; case does not matter); {NO_VOCABULARY}: the name register's, of "
        "none." + REPEAT,
        json_schema_extra=_codes_or_empty,
    ),
    BeforeValidator(_vocabularies),
]
ISO_MOMENT = WithJsonSchema(
    {"type": "string", "anyOf": [{"format": "date"}, {"format": "date-time"}]}
)
Kinds = Annotated[
    tuple[Kind, ...],
    Field(
        description="Only these kinds of authority." + REPEAT,
        json_schema_extra=empty_ignored(Kind),
    ),
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
        Field(
            description="Only these cataloguing levels." + REPEAT,
            json_schema_extra=empty_ignored(QualityLevel),
        ),
        BeforeValidator(choices("quality", QualityLevel)),
    ] = ()
    status: Annotated[
        tuple[StatusFilter, ...],
        Field(
            description="Which authorities: all is every status." + REPEAT,
            json_schema_extra=empty_ignored(StatusFilter),
        ),
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
    vocabulary: Vocabularies = ()
    modified_from: Annotated[
        datetime | SkipJsonSchema[None],
        Field(
            alias="modifiedFrom",
            description="Only authorities modified at or after this ISO 8601 date "
            "(from its start) or date-time (without an offset: Oslo time).",
            examples=["2024-01-01", "2024-01-01T12:00:00Z"],
        ),
        ISO_MOMENT,
        _moment("modifiedFrom", last=False),
    ] = None
    modified_until: Annotated[
        datetime | SkipJsonSchema[None],
        Field(
            alias="modifiedUntil",
            description="Only authorities modified at or before this ISO 8601 date "
            "(to its end) or date-time (without an offset: Oslo time).",
            examples=["2024-12-31", "2024-12-31T23:59:59+01:00"],
        ),
        ISO_MOMENT,
        _moment("modifiedUntil", last=True),
    ] = None

    @model_validator(mode="after")
    def _range(self) -> Self:
        start, end = self.modified_from, self.modified_until
        if start is not None and end is not None and start > end:
            raise refused(
                f"modifiedFrom ({start.isoformat()}) is after modifiedUntil "
                f"({end.isoformat()})",
                BOUNDS,
            )
        return self

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

    def query(self, offset: int) -> SearchQuery:
        """The search these parameters ask for, its page starting at hit ``offset``.

        The API pages by ``cursor`` (:attr:`offset`), the workbench's search page by
        page number; what is searched for is the same.
        """
        return SearchQuery(
            text=self.q,
            kinds=self.kind,
            qualities=self.quality,
            statuses=self.statuses,
            sort=self.sort,
            size=self.size,
            offset=offset,
            vocabularies=self.vocabulary,
            modified_from=self.modified_from,
            modified_until=self.modified_until,
        )


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
VocabularyFacet = Annotated[str, Field(pattern=VOCABULARY_PATTERN)]


class Facets(Contract):
    """Facet -> value -> how many matches have it; empty when nothing matched.

    quality none: no cataloguing level; vocabulary none: of no subject vocabulary
    (the name register). Each of the two adds up to the total.
    """

    kind: dict[Kind, Count] | SkipJsonSchema[None] = absent()
    quality: dict[QualityFacet, Count] | SkipJsonSchema[None] = absent()
    status: dict[Status, Count] | SkipJsonSchema[None] = absent()
    nationality: dict[str, Count] | SkipJsonSchema[None] = absent()
    vocabulary: dict[VocabularyFacet, Count] | SkipJsonSchema[None] = absent()


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
