"""CQL, parsed by cql-parser (PyPI), translated into what the search layer can run.

The translation is a small algebra over :class:`Plan`: every search clause becomes a
plan that restricts one or two *dimensions* (words, ids, kinds, quality levels,
statuses, vocabularies, the modification range); ``and`` meets two plans, ``or``
joins plans that differ in one dimension only (and not in the words, which the
search layer cannot join), and ``not`` takes away a plan that restricts one
complementable dimension. What the search layer cannot express is a diagnostic,
never a wider or narrower answer:

- ``or`` between different dimensions, or between words: 48 (query feature).
- ``or`` of two different modification ranges: 48.
- ``not`` with words, with a quality level or a vocabulary (the complement would
  hold the records that have none), with a date, or with ids when no ids are
  asked: 48.
- ``adj``, ``<>``, relation modifiers, and ``<``, ``>``, ``<=``, ``>=`` on anything
  but ``rec.lastModificationDate``: 19 / 20 / 22;
  ``prox``: 37; boolean modifiers: 46.
- words and ids in one query: 18 (the ids are not ranked by the search).
- ``any`` on words with more than one word: 19 (the search wants every word).
- ``*`` other than at the end, and ``?``: 28; ``^``: 31; an empty term: 27.

``=`` and ``all`` on a name index are the search layer's own match: every word,
in one heading or variant, any order, a trailing ``*`` a prefix. ``==`` and
``exact`` are the exact heading or variant (the search service's lookup).

``rec.lastModificationDate`` takes a day (``YYYY-MM-DD``) or a second
(``YYYY-MM-DDThh:mm:ssZ``) in UTC, as OAI-PMH's datestamps: ``=`` is the whole day
or second, ``<`` before its first moment, ``>`` after its last, ``<=`` / ``>=``
inclusive; the bounds are SearchQuery's, to the millisecond. ``authority.vocabulary``
takes vocabulary codes (``any``: one of several). A query of such filters alone
(no words, no ids) is the search layer's query without words, in heading order
unless sorted.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from cql.lexer import CQLLexerError
from cql.parser import CQLParser12, CQLParserError

from authority.domain import Kind, QualityLevel, Status
from authority.domain.datestamps import datestamp
from authority.search.model import (
    MAX_QUERY,
    MODIFIED_PRECISION,
    NO_VOCABULARY,
    VOCABULARY_CODE,
    Sort,
)
from authority.sru import diagnostics as d
from authority.sru.diagnostics import Diagnostic
from authority.sru.indexes import (
    CONTEXT_SETS,
    INDEXES,
    KIND_VALUES,
    QUALITY_VALUES,
    STATUS_VALUES,
    Dimension,
    Index,
)

IdSource = tuple[str, str, tuple[Kind, ...]]
"""("ref", text, ()) resolves any id form; ("name", label, kinds) is an exact name."""

_local = threading.local()
logging.getLogger("cql").setLevel(logging.CRITICAL)  # its errors come back raised


@dataclass(frozen=True)
class Plan:
    """What a query asks, dimension by dimension (None: not restricted)."""

    words: tuple[str, ...] = ()
    ids: tuple[frozenset[IdSource], ...] | None = None
    """Groups that must all hold: an id is in each group's union."""
    without: frozenset[IdSource] = frozenset()
    kinds: frozenset[Kind] | None = None
    qualities: frozenset[QualityLevel] | None = None
    statuses: frozenset[Status] | None = None
    vocabularies: frozenset[str] | None = None
    modified_from: datetime | None = None
    """Inclusive, as SearchQuery's."""
    modified_until: datetime | None = None
    """Inclusive, as SearchQuery's."""


@dataclass(frozen=True)
class SortKey:
    """One sort key, as sortKeys (1.x) or sortBy (2.0) gives it."""

    index: str
    ascending: bool = True


def parse(text: str) -> Any:
    """The CQL query's tree, or diagnostic 10 saying where it breaks."""
    if len(text) > MAX_QUERY:
        raise Diagnostic(d.TOO_LONG_QUERY, str(MAX_QUERY))
    if not text.strip():
        raise Diagnostic(d.MANDATORY_PARAMETER, "query", "the query is empty")
    parser = getattr(_local, "parser", None)
    if parser is None:  # PLY parsers keep state: one per thread
        parser = CQLParser12()
        parser.build()
        _local.parser = parser
    try:
        tree = parser.parse(text)
    except (CQLParserError, CQLLexerError) as error:
        raise Diagnostic(d.QUERY_SYNTAX, text, f"CQL syntax: {error}") from error
    if tree is None:
        raise Diagnostic(d.QUERY_SYNTAX, text, "not a CQL query")
    return tree


def translate(text: str) -> tuple[Plan, list[SortKey]]:
    """The plan of a CQL query and its sortBy keys."""
    tree = parse(text)
    root = tree.root
    keys = [_sort_key(spec) for spec in getattr(root, "sortSpecs", None) or ()]
    return _plan(root), keys


def sort_of(keys: list[SortKey]) -> Sort:
    """The search layer's sort for the keys (one key at most)."""
    if not keys:
        return Sort.RELEVANCE
    if len(keys) > 1:
        raise Diagnostic(d.TOO_MANY_SORT_KEYS, "1", "one sort key at most")
    key = keys[0]
    name = key.index.lower()
    if name == "rec.lastmodificationdate":
        if key.ascending:
            raise Diagnostic(
                d.UNSUPPORTED_SORT_DIRECTION, "ascending", "newest first only"
            )
        return Sort.MODIFIED
    index = INDEXES.get(_qualified(name))
    if index is None or index.dimension is not Dimension.WORDS:
        raise Diagnostic(d.UNSUPPORTED_SORT_PATH, key.index)
    if not key.ascending:
        raise Diagnostic(
            d.UNSUPPORTED_SORT_DIRECTION, "descending", "headings sort A to Å only"
        )
    return Sort.HEADING


def _sort_key(spec: Any) -> SortKey:
    ascending = True
    for modifier in spec.modifiers or ():
        name = str(modifier.name).lower()
        if name in ("sort.descending", "descending"):
            ascending = False
        elif name not in ("sort.ascending", "ascending", "sort.ignorecase"):
            raise Diagnostic(d.UNSUPPORTED_SORT_CASE, str(modifier.name))
    return SortKey(str(spec.index), ascending)


def _plan(node: Any) -> Plan:
    if getattr(node, "prefixes", None):
        for prefix in node.prefixes:
            if prefix.uri not in CONTEXT_SETS.values():
                raise Diagnostic(d.UNSUPPORTED_CONTEXT_SET, prefix.uri)
    if hasattr(node, "operator"):
        return _boolean(node)
    return _clause(node)


def _boolean(node: Any) -> Plan:
    operator = node.operator
    if operator.modifiers:
        raise Diagnostic(d.UNSUPPORTED_BOOLEAN_MODIFIER, str(operator))
    left, right = _plan(node.left), _plan(node.right)
    value = operator.value.lower()
    if value == "and":
        return meet(left, right)
    if value == "or":
        return join(left, right)
    if value == "not":
        return without(left, right)
    raise Diagnostic(d.UNSUPPORTED_BOOLEAN, value)


def _qualified(name: str) -> str:
    return name if "." in name else f"cql.{name}"


def _clause(node: Any) -> Plan:
    if hasattr(node, "sortSpecs") and node.sortSpecs and not hasattr(node, "term"):
        raise Diagnostic(d.QUERY_FEATURE, "sortBy")
    index_name = str(node.index) if node.index is not None else "cql.serverChoice"
    relation = node.relation
    comparitor = str(relation.comparitor).lower() if relation is not None else "="
    if relation is not None and relation.modifiers:
        raise Diagnostic(d.UNSUPPORTED_RELATION_MODIFIER, str(relation.modifiers[0]))
    qualified = _qualified(index_name)
    if qualified.split(".", 1)[0].lower() not in CONTEXT_SETS:
        raise Diagnostic(d.UNSUPPORTED_INDEX, index_name)
    term = str(node.term)
    if not term.strip():
        raise Diagnostic(d.EMPTY_TERM, index_name)
    index = INDEXES.get(qualified.lower())
    if index is None:
        raise Diagnostic(d.UNSUPPORTED_INDEX, index_name)
    return _by_dimension(index, comparitor, term)


def _by_dimension(index: Index, comparitor: str, term: str) -> Plan:
    kinds = frozenset(index.kinds) or None
    if index.dimension is Dimension.WORDS:
        if comparitor in ("==", "exact"):
            label = _unmasked(term, truncation=False)
            return Plan(ids=(frozenset({("name", label, index.kinds)}),), kinds=kinds)
        if comparitor == "any" and len(term.split()) > 1:
            raise Diagnostic(d.UNSUPPORTED_RELATION, "any", "every word is searched")
        if comparitor not in ("=", "all", "any"):
            raise Diagnostic(d.UNSUPPORTED_RELATION, comparitor)
        return Plan(words=(_unmasked(term, truncation=True),), kinds=kinds)
    if index.dimension is Dimension.MODIFIED:
        return _modified(comparitor, term)
    values = term.split() if comparitor == "any" else [term.strip()]
    if comparitor not in ("=", "==", "exact", "any", "all") or (
        comparitor == "all" and len(values) > 1
    ):
        raise Diagnostic(d.UNSUPPORTED_RELATION_FOR_INDEX, comparitor)
    if index.dimension is Dimension.VOCABULARY:
        return Plan(vocabularies=frozenset(_vocabulary(v) for v in values))
    if index.dimension is Dimension.ID:
        sources = frozenset(("ref", _unmasked(v, truncation=False), ()) for v in values)
        return Plan(ids=(sources,))
    return _filter(index, values)


def _filter(index: Index, values: list[str]) -> Plan:
    table: dict[str, Any]
    if index.dimension is Dimension.KIND:
        table = {k: v for k, v in KIND_VALUES.items()}
    elif index.dimension is Dimension.QUALITY:
        table = {k: (v,) for k, v in QUALITY_VALUES.items()}
    else:
        table = {k: (v,) for k, v in STATUS_VALUES.items()}
    found: set[Any] = set()
    for value in values:
        if value.lower() not in table:
            raise Diagnostic(
                d.TERM_FORMAT,
                value,
                f"{index.qualified} is one of {', '.join(sorted(table))}",
            )
        found.update(table[value.lower()])
    chosen = frozenset(found)
    if index.dimension is Dimension.KIND:
        return Plan(kinds=chosen)
    if index.dimension is Dimension.QUALITY:
        return Plan(qualities=chosen)
    return Plan(statuses=chosen)


def _vocabulary(value: str) -> str:
    code = value.lower()
    if not VOCABULARY_CODE.fullmatch(code):
        raise Diagnostic(
            d.TERM_FORMAT,
            value,
            "a vocabulary code is lower-case letters, digits, . _ and - "
            f"({NO_VOCABULARY}: the name register)",
        )
    return code


def _modified(comparitor: str, term: str) -> Plan:
    """``rec.lastModificationDate comparitor term`` as inclusive bounds."""
    first, last = _span(term)
    bounds = {
        "=": Plan(modified_from=first, modified_until=last),
        "==": Plan(modified_from=first, modified_until=last),
        "exact": Plan(modified_from=first, modified_until=last),
        ">=": Plan(modified_from=first),
        ">": Plan(modified_from=last + MODIFIED_PRECISION),
        "<=": Plan(modified_until=last),
        "<": Plan(modified_until=first - MODIFIED_PRECISION),
    }
    if comparitor not in bounds:
        raise Diagnostic(d.UNSUPPORTED_RELATION_FOR_INDEX, comparitor)
    return bounds[comparitor]


def _span(term: str) -> tuple[datetime, datetime]:
    """The first and last millisecond of a day or a second, in UTC."""
    found = datestamp(term.strip())
    if found is None:
        raise Diagnostic(
            d.TERM_FORMAT, term, "a date is YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (UTC)"
        )
    start, granularity = found
    return start, start + granularity - MODIFIED_PRECISION


def _unmasked(term: str, *, truncation: bool) -> str:
    """The term without a trailing ``*`` (a prefix search); other masks refused."""
    text = term.strip()
    if truncation and text.endswith("*"):
        text = text[:-1].rstrip()
    if "*" in text or "?" in text:
        raise Diagnostic(d.MASKING_UNSUPPORTED, term)
    if "^" in text:
        raise Diagnostic(d.ANCHORING_UNSUPPORTED, term)
    if not text:
        raise Diagnostic(d.EMPTY_TERM, term)
    return text


# The algebra


def _intersect(a: frozenset[Any] | None, b: frozenset[Any] | None) -> Any:
    if a is None:
        return b
    return a if b is None else a & b


def meet(a: Plan, b: Plan) -> Plan:
    """``a and b``."""
    ids = None if a.ids is None and b.ids is None else (a.ids or ()) + (b.ids or ())
    return Plan(
        words=a.words + b.words,
        ids=ids,
        without=a.without | b.without,
        kinds=_intersect(a.kinds, b.kinds),
        qualities=_intersect(a.qualities, b.qualities),
        statuses=_intersect(a.statuses, b.statuses),
        vocabularies=_intersect(a.vocabularies, b.vocabularies),
        modified_from=_bound(max, a.modified_from, b.modified_from),
        modified_until=_bound(min, a.modified_until, b.modified_until),
    )


def _bound(pick: Any, a: datetime | None, b: datetime | None) -> datetime | None:
    """The narrower of two bounds (``pick``: max for a start, min for an end)."""
    if a is None or b is None:
        return a or b
    chosen: datetime = pick(a, b)
    return chosen


_SETS = ("kinds", "qualities", "statuses", "vocabularies")
_RANGE = ("modified_from", "modified_until")


def join(a: Plan, b: Plan) -> Plan:
    """``a or b``, where the two differ in one dimension the search can widen."""
    differ = [
        name
        for name in ("words", "ids", "without", *_SETS, *_RANGE)
        if getattr(a, name) != getattr(b, name)
    ]
    if not differ:
        return a
    if len(differ) > 1 or differ[0] in ("words", "without", *_RANGE):
        raise Diagnostic(
            d.QUERY_FEATURE,
            "or",
            "'or' joins clauses of one index kind only (e.g. two types, two ids)",
        )
    name = differ[0]
    if name == "ids":
        if a.ids is None or b.ids is None:
            return replace(a, ids=None)
        if len(a.ids) != 1 or len(b.ids) != 1:
            raise Diagnostic(d.QUERY_FEATURE, "or", "'or' of combined id clauses")
        return replace(a, ids=(a.ids[0] | b.ids[0],))
    left, right = _given(a, name), _given(b, name)
    union = None if left is None or right is None else left | right
    changes: dict[str, Any] = {name: union}
    return replace(a, **changes)


_ALL: dict[str, frozenset[Any]] = {
    "kinds": frozenset(Kind),
    "statuses": frozenset(Status),
}


def without(a: Plan, b: Plan) -> Plan:
    """``a not b``, where ``b`` restricts one dimension that has a complement."""
    restricted = [n for n in ("ids", *_SETS) if getattr(b, n) is not None]
    dated = b.modified_from is not None or b.modified_until is not None
    if b.words or b.without or dated or len(restricted) != 1:
        raise Diagnostic(
            d.QUERY_FEATURE, "not", "'not' takes away one type, status or id clause"
        )
    name = restricted[0]
    if name == "ids":
        if a.ids is None or b.ids is None or len(b.ids) != 1:
            raise Diagnostic(d.QUERY_FEATURE, "not", "'not' ids needs ids to take from")
        return replace(a, without=a.without | b.ids[0])
    if name not in _ALL:
        raise Diagnostic(
            d.QUERY_FEATURE,
            "not",
            "records without a quality level or vocabulary cannot be named",
        )
    complement = _ALL[name] - getattr(b, name)
    changes: dict[str, Any] = {name: _intersect(_given(a, name), complement)}
    return replace(a, **changes)


def _given(plan: Plan, name: str) -> frozenset[Any] | None:
    """What a plan asks of a dimension; a status it does not name is active only.

    So ``or`` and ``not`` start from what the clause finds (active authorities),
    not from every status: ``x not authority.status=deleted`` finds no merged ones.
    """
    value: frozenset[Any] | None = getattr(plan, name)
    if name == "statuses" and value is None:
        return frozenset({Status.ACTIVE})
    return value


def kinds_of(plan: Plan) -> tuple[Kind, ...]:
    """The plan's kinds, in the enum's order (empty: every kind)."""
    return _ordered(plan.kinds, Kind)


def _ordered(chosen: Iterable[Any] | None, enum: Any) -> tuple[Any, ...]:
    return () if chosen is None else tuple(v for v in enum if v in set(chosen))
