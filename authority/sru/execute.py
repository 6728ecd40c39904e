"""A plan run on the register: a ranked search, or the records a set of ids names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from authority.domain import Authority, QualityLevel, Status
from authority.domain.collation import sort_key
from authority.domain.vocabularies import vocabulary
from authority.search.model import (
    NO_VOCABULARY,
    SearchQuery,
    Sort,
    narrowed,
    to_precision,
)
from authority.sru import diagnostics as d
from authority.sru.cql import IdSource, Plan, kinds_of
from authority.sru.diagnostics import Diagnostic

if TYPE_CHECKING:
    from authority.sru.protocol import Reading, Searching

DEEPEST = 10_000
"""The search layer pages at most this deep (search/model.checked)."""


@dataclass(frozen=True)
class Page:
    """The records of one answer page and how many match in all."""

    total: int
    authorities: list[Authority]


def run(
    plan: Plan,
    sort: Sort,
    start: int,
    maximum: int,
    reading: Reading,
    searching: Searching,
) -> Page:
    """The page from ``start`` (1-based) of at most ``maximum`` records."""
    if start - 1 > DEEPEST:
        raise Diagnostic(
            d.FIRST_RECORD_OUT_OF_RANGE, str(start), f"results go {DEEPEST} deep"
        )
    if frozenset() in (plan.kinds, plan.qualities, plan.statuses, plan.vocabularies):
        return Page(0, [])  # "and" of two types: nothing can match
    start_at, end_at = plan.modified_from, plan.modified_until
    if start_at is not None and end_at is not None and start_at > end_at:
        return Page(0, [])  # "and" of two date ranges that do not meet
    if plan.ids is not None:
        if plan.words:
            raise Diagnostic(
                d.UNSUPPORTED_INDEX_COMBINATION,
                "identifier and words",
                "ids and name words cannot be searched together",
            )
        return _by_ids(plan, sort, start, maximum, reading, searching)
    query = SearchQuery(
        text=" ".join(plan.words),
        kinds=kinds_of(plan),
        qualities=tuple(q for q in QualityLevel if q in (plan.qualities or ())),
        statuses=_statuses(plan),
        sort=sort,
        size=max(1, maximum),
        offset=start - 1,
        vocabularies=tuple(sorted(plan.vocabularies or ())),
        modified_from=plan.modified_from,
        modified_until=plan.modified_until,
    )
    if not query.text and not narrowed(query):
        raise Diagnostic(
            d.QUERY_FEATURE,
            "filters only",
            "a query of filters only needs one that narrows it: a type, quality, "
            "vocabulary, modification date or a status other than active",
        )
    results = searching.search(query)
    hits = [h.id for h in results.hits][:maximum]
    found = reading.find_many(hits)
    return Page(results.total, [found[i] for i in hits if i in found])


def _statuses(plan: Plan) -> tuple[Status, ...]:
    if plan.statuses is None:
        return (Status.ACTIVE,)
    return tuple(s for s in Status if s in plan.statuses)


def _by_ids(
    plan: Plan,
    sort: Sort,
    start: int,
    maximum: int,
    reading: Reading,
    searching: Searching,
) -> Page:
    def named(source: IdSource) -> set[str]:
        how, text, kinds = source
        if how == "ref":
            return set(reading.resolve(text))
        return set(searching.lookup(text, kinds))

    groups = [set().union(*(named(s) for s in group)) for group in plan.ids or ()]
    ids = set.intersection(*groups) if groups else set()
    for source in plan.without:
        ids -= named(source)
    found = reading.find_many(sorted(ids))
    statuses = set(_statuses(plan))
    chosen = [
        a
        for a in found.values()
        if a.status in statuses
        and (plan.kinds is None or a.kind in plan.kinds)
        and (plan.qualities is None or a.quality in plan.qualities)
        and _in_filters(plan, a)
    ]
    chosen.sort(key=_ORDER[sort])
    return Page(len(chosen), chosen[start - 1 : start - 1 + maximum])


def _in_filters(plan: Plan, authority: Authority) -> bool:
    """The vocabulary and modification filters, as the search applies them."""
    code = vocabulary(authority) or NO_VOCABULARY
    if plan.vocabularies is not None and code not in plan.vocabularies:
        return False
    modified = authority.provenance.modified
    if plan.modified_from is None and plan.modified_until is None:
        return True
    if modified is None:
        return False  # an unknown date is left out by either bound, as in search
    moment = to_precision(modified)
    return (plan.modified_from is None or moment >= plan.modified_from) and (
        plan.modified_until is None or moment <= plan.modified_until
    )


def _modified(authority: Authority) -> tuple[bool, float, str]:
    modified: datetime | None = authority.provenance.modified
    # newest first, the undated last, then by id (as the search's MODIFIED sort)
    return (modified is None, -(modified.timestamp() if modified else 0), authority.id)


_ORDER: dict[Sort, Callable[[Authority], Any]] = {
    Sort.RELEVANCE: lambda a: a.id,
    Sort.HEADING: lambda a: (sort_key(a.label), a.id),
    Sort.MODIFIED: _modified,
}
