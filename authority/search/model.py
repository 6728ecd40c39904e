"""What a search asks and what it answers: the same for every backend."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from authority.domain import Kind, QualityLevel, Status
from authority.domain.local_time import midnight
from authority.domain.search_terms import search_key
from authority.errors import SearchQueryError

MAX_SIZE = 100
"""Largest page of hits, suggestions or index entries one request may ask for."""
MAX_QUERY = 500
"""Longest query text, in characters."""
NO_VOCABULARY = "none"
"""The vocabulary facet's and filter's value for an authority of no subject
vocabulary (the name register): counted, so that the facet adds up to the total,
as quality's ``none``; and asked for, so that a facet's every value filters."""
VOCABULARY_CODE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
"""A vocabulary code a search takes: a MARC source code's characters (``humord``,
``noubomn``, ``gnd-content``), lower case, at most 64 (domain/vocabularies.py
folds the stored ones to lower case)."""
MAX_VOCABULARIES = 20
"""Vocabularies one search may name."""
MODIFIED_PRECISION = timedelta(milliseconds=1)
"""The modification date range compares times to the millisecond, OpenSearch's
``date`` precision, in both backends (so that they answer alike)."""


class Sort(StrEnum):
    """Orders of a hit list."""

    RELEVANCE = "relevance"
    HEADING = "heading"
    MODIFIED = "modified"


@dataclass(frozen=True)
class SearchQuery:
    """A search: free text and filters. Deleted and merged are left out by default.

    An empty filter tuple restricts nothing; a bound that is None neither. Empty
    text is every authority the filters let through, when one narrows the query
    (:func:`narrowed`); sorted by relevance, those come in heading order.
    """

    text: str
    kinds: tuple[Kind, ...] = ()
    qualities: tuple[QualityLevel, ...] = ()
    statuses: tuple[Status, ...] = (Status.ACTIVE,)
    sort: Sort = Sort.RELEVANCE
    size: int = 20
    offset: int = 0
    vocabularies: tuple[str, ...] = ()
    """Only authorities of these subject vocabularies (codes as
    ``domain/vocabularies.vocabulary`` gives them; :data:`NO_VOCABULARY` for the
    name register's)."""
    modified_from: datetime | None = None
    """Only authorities modified at or after this time (inclusive; time zone
    aware; compared to the millisecond). An authority with no modification date
    is left out by either bound."""
    modified_until: datetime | None = None
    """Only authorities modified at or before this time (inclusive; as
    ``modified_from``). A whole day is ``last_moment(day)``."""


@dataclass(frozen=True)
class Hit:
    """One authority found."""

    id: str
    kind: Kind
    label: str
    status: Status
    quality: QualityLevel | None
    created: datetime | None
    modified: datetime | None
    disambiguation: str | None
    matched: str | None
    """The variant or other label the hit came through (None: the heading)."""


@dataclass(frozen=True)
class SearchResults:
    """A page of hits, the total, and the counts per facet value of all matches."""

    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    """facet name (kind, quality, status, nationality, vocabulary) -> value ->
    count. quality and vocabulary count the matches without one as ``none``."""
    exact: bool = True
    """False when the backend stopped counting: ``total`` is then a lower bound and
    the facets count the matches counted (as OpenSearch's ``"relation": "gte"``)."""


@dataclass(frozen=True)
class Suggestion:
    """One completion for a cataloguer typing the start of a name."""

    id: str
    kind: Kind
    label: str
    disambiguation: str | None
    matched: str | None


@dataclass(frozen=True)
class BrowseEntry:
    """One line of the alphabetical heading index."""

    label: str
    sort_key: str
    id: str
    """The authority the line belongs to (a see entry points at its heading)."""
    heading: str
    """The authority's heading (equal to ``label`` for the heading's own line)."""
    see: bool
    """True for a variant: "label, see heading"."""


@dataclass(frozen=True)
class IndexReport:
    """An index compared with the database (``authority index check``)."""

    expected: int
    """Authorities in the database."""
    missing: list[str]
    """Ids the index lacks."""
    stale: list[str]
    """Ids the index holds at another revision (in PostgreSQL, whose terms say
    another state than the authority's row)."""
    extra: list[str]
    """Ids the index holds and the database does not."""

    @property
    def ids_to_repair(self) -> list[str]:
        """What a repair writes again."""
        return self.missing + self.stale

    @property
    def ok(self) -> bool:
        """True when the index says what the database says."""
        return not (self.missing or self.stale or self.extra)


def checked(query: SearchQuery) -> SearchQuery:
    """``query`` if a backend can run it; else SearchQueryError saying why.

    A query without words (empty text) is run when a filter narrows it
    (:func:`narrowed`): the register's authorities by filters alone, for SRU and
    the services; the API's ``q`` still needs a word (its contract checks it).
    """
    if query.text.strip() or not narrowed(query):
        checked_text(query.text)
    checked_size(query.size)
    if query.offset < 0 or query.offset > 10_000:
        raise SearchQueryError("paging goes at most 10,000 hits deep; narrow the query")
    checked_vocabularies(query.vocabularies)
    checked_range(query.modified_from, query.modified_until)
    return query


def narrowed(query: SearchQuery) -> bool:
    """True when a filter restricts ``query`` beyond the default statuses.

    A kind, a quality level, a status other than the default (active only), a
    vocabulary or a modification bound: what makes a query without words worth
    running. Its relevance order is then the heading order (no words, no rank).
    """
    return bool(
        query.kinds
        or query.qualities
        or query.vocabularies
        or query.statuses != (Status.ACTIVE,)
        or query.modified_from
        or query.modified_until
    )


def checked_vocabularies(codes: tuple[str, ...]) -> tuple[str, ...]:
    """Vocabulary codes a search can filter by (see :data:`VOCABULARY_CODE`)."""
    if len(codes) > MAX_VOCABULARIES:
        raise SearchQueryError(f"name at most {MAX_VOCABULARIES} vocabularies")
    for code in codes:
        if not VOCABULARY_CODE.fullmatch(code):
            raise SearchQueryError(
                f"{code!r} is no vocabulary code: lower-case letters, digits, "
                ". _ and -, at most 64"
            )
    return codes


def checked_range(
    start: datetime | None, end: datetime | None
) -> tuple[datetime | None, datetime | None]:
    """Modification bounds with a time zone, the first not after the second."""
    for name, moment in (("modified from", start), ("modified until", end)):
        if moment is not None and moment.utcoffset() is None:
            raise SearchQueryError(f"{name} needs a time zone: {moment.isoformat()}")
    if start is not None and end is not None and start > end:
        raise SearchQueryError(
            f"modified from ({start.isoformat()}) is after modified until "
            f"({end.isoformat()})"
        )
    return start, end


def last_moment(day: date) -> datetime:
    """The last moment of ``day`` in Oslo that a modification range can tell apart.

    An inclusive upper bound that takes in the whole day (``midnight`` is its
    first moment, for a lower bound).
    """
    return midnight(day + timedelta(days=1)) - MODIFIED_PRECISION


def to_precision(moment: datetime) -> datetime:
    """``moment`` cut to :data:`MODIFIED_PRECISION` (what a backend compares)."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def checked_text(text: str, *, empty: bool = False) -> str:
    """Query text with at least one word in it (or empty, where that means "all")."""
    if len(text) > MAX_QUERY:
        raise SearchQueryError(f"the query is longer than {MAX_QUERY} characters")
    if not empty and not search_key(text):
        raise SearchQueryError(
            "the query has no letters or digits to search for; operators such as"
            ' * " ( ) are not query syntax here, only words are'
        )
    return text


def checked_size(size: int, most: int = MAX_SIZE) -> int:
    """A page size between 1 and ``most``."""
    if not 1 <= size <= most:
        raise SearchQueryError(f"size must be between 1 and {most}, not {size}")
    return size
