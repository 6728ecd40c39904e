"""The CQL of two filters the search layer is getting in parallel (issue 18, vocab).

``rec.lastModificationDate`` (``=``, ``<``, ``>``, ``<=``, ``>=``) and
``authority.vocabulary`` (``=``, ``any``) are mapped here to what SearchQuery will
carry: ``modified_from`` / ``modified_until`` (datetimes, inclusive) and
``vocabularies`` (codes) — names to be confirmed at the merge. Until SearchQuery has
them, :func:`refused` answers diagnostic 16 after the term was checked, so a client
learns the index is not served yet, not that its date was wrong.

At the merge: give :class:`~authority.sru.cql.Plan` the three fields (``and``
intersects, ``or`` of two vocabularies unions), make :func:`pending_plan` return
them instead of raising, and pass them on in ``execute.run``'s SearchQuery.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from authority.sru import diagnostics as d
from authority.sru.diagnostics import Diagnostic

MODIFIED = "rec.lastmodificationdate"
VOCABULARY = "authority.vocabulary"
INDEXES = {MODIFIED: "rec.lastModificationDate", VOCABULARY: "authority.vocabulary"}
"""Lower-case name -> the name explain will list."""
TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class Pending:
    """What a clause of a pending index asks, in SearchQuery's coming terms."""

    vocabularies: tuple[str, ...] = ()
    modified_from: datetime | None = None
    modified_until: datetime | None = None


def pending_plan(index: str, comparitor: str, term: str) -> Pending:
    """The clause checked and mapped; then diagnostic 16 until the merge."""
    mapped = translate(index, comparitor, term)
    raise Diagnostic(
        d.UNSUPPORTED_INDEX,
        INDEXES[index.lower()],
        f"{INDEXES[index.lower()]} is not served yet (asked: {mapped})",
    )


def translate(index: str, comparitor: str, term: str) -> Pending:
    """``index comparitor term`` as the filters it will be."""
    if index.lower() == VOCABULARY:
        if comparitor not in ("=", "==", "exact", "any"):
            raise Diagnostic(d.UNSUPPORTED_RELATION_FOR_INDEX, comparitor)
        codes = term.split() if comparitor == "any" else [term.strip()]
        return Pending(vocabularies=tuple(c.lower() for c in codes))
    first, last = _span(term)
    if comparitor in ("=", "==", "exact"):
        return Pending(modified_from=first, modified_until=last)
    bounds = {
        ">=": Pending(modified_from=first),
        ">": Pending(modified_from=last + TICK),
        "<=": Pending(modified_until=last),
        "<": Pending(modified_until=first - TICK),
    }
    if comparitor not in bounds:
        raise Diagnostic(d.UNSUPPORTED_RELATION_FOR_INDEX, comparitor)
    return bounds[comparitor]


def _span(term: str) -> tuple[datetime, datetime]:
    """The first and last instant of a day or a second, in UTC.

    A day is ``YYYY-MM-DD``, a second ``YYYY-MM-DDThh:mm:ssZ``.
    """
    text = term.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            start = datetime.combine(day, time(), UTC)
            return start, start + timedelta(days=1) - TICK
        if text.endswith("Z") and len(text) == 20:
            instant = datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)
            return instant, instant + timedelta(seconds=1) - TICK
    except ValueError:
        pass
    raise Diagnostic(
        d.TERM_FORMAT, term, "a date is YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (UTC)"
    )
