"""A plan run on the register: a ranked search, or the records a set of ids names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from authority.domain import Authority, QualityLevel, Status
from authority.domain.collation import sort_key
from authority.search.model import SearchQuery, Sort
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
    if frozenset() in (plan.kinds, plan.qualities, plan.statuses):
        return Page(0, [])  # "and" of two types: nothing can match
    if plan.ids is not None:
        if plan.words:
            raise Diagnostic(
                d.UNSUPPORTED_INDEX_COMBINATION,
                "identifier and words",
                "ids and name words cannot be searched together",
            )
        return _by_ids(plan, sort, start, maximum, reading, searching)
    if not plan.words:
        raise Diagnostic(
            d.QUERY_FEATURE,
            "filters only",
            "a query needs a name or an identifier clause besides its filters",
        )
    query = SearchQuery(
        text=" ".join(plan.words),
        kinds=kinds_of(plan),
        qualities=tuple(q for q in QualityLevel if q in (plan.qualities or ())),
        statuses=_statuses(plan),
        sort=sort,
        size=max(1, maximum),
        offset=start - 1,
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
    ]
    chosen.sort(key=_ORDER[sort])
    return Page(len(chosen), chosen[start - 1 : start - 1 + maximum])


def _modified(authority: Authority) -> tuple[bool, float, str]:
    modified: datetime | None = authority.provenance.modified
    # newest first, the undated last, then by id (as the search's MODIFIED sort)
    return (modified is None, -(modified.timestamp() if modified else 0), authority.id)


_ORDER: dict[Sort, Callable[[Authority], Any]] = {
    Sort.RELEVANCE: lambda a: a.id,
    Sort.HEADING: lambda a: (sort_key(a.label), a.id),
    Sort.MODIFIED: _modified,
}
