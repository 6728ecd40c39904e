r"""Running one query on a store: what we refuse, the result limit, the formats.

Refused before the store sees them: updates (pyoxigraph's ``query`` parses queries
only, so an update is a syntax error there; the protocol's ``update=`` is refused by
the API before that) and ``SERVICE``, which pyoxigraph would call over HTTP. A query
whose text cannot hold the keyword (no ``service`` and no ``\u`` escape, which
SPARQL resolves before parsing) skips the check; any other is parsed by rdflib's
SPARQL parser and refused if its syntax tree holds a SERVICE pattern, or if rdflib
cannot parse it (we would not know what it calls).

The result limits count solutions (or triples) and bytes as they are written, so an
answer too large stops at the limit instead of filling memory (one row of
``GROUP_CONCAT`` can hold the whole store); the answer in its final form is measured
again before it leaves the worker.
"""

from __future__ import annotations

import re
from typing import Any

from pyoxigraph import (
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    parse_query_results,
    serialize,
)

from authority.linkeddata.namespaces import PREFIXES
from authority.sparql.answers import (
    BOOLEAN,
    FORMAT_NAMES,
    Answer,
    Limits,
    QueryRefused,
    TooManyResults,
)

__all__ = [
    "BOOLEAN",
    "FORMAT_NAMES",
    "GRAPHS",
    "SOLUTIONS",
    "Answer",
    "Limits",
    "QueryRefused",
    "TooManyResults",
    "refuse_service",
    "run",
]

SOLUTIONS = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
"""SELECT's formats by media type (the first is the default; ``SOLUTION_TYPES``)."""
GRAPHS = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "text/plain": RdfFormat.N_TRIPLES,
}
"""CONSTRUCT's and DESCRIBE's formats (the first is the default; ``GRAPH_TYPES``)."""

_MAYBE_SERVICE = re.compile(r"service|\\u", re.IGNORECASE)
_PROJECTION = re.compile(
    r"(\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?)((?:[?$]\w+\s+)+)", re.IGNORECASE
)


def refuse_service(text: str) -> None:
    """QueryRefused when ``text`` may call out with SERVICE."""
    if not _MAYBE_SERVICE.search(text):
        return
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except Exception as error:  # noqa: BLE001 (pyparsing raises its own kinds)
        raise QueryRefused(
            f"the query could not be checked for SERVICE: {error}"
        ) from None
    if _holds_service(tree, depth=0):
        raise QueryRefused("SERVICE is not allowed: this endpoint calls no other")


def _holds_service(node: Any, depth: int) -> bool:
    if depth > 500:  # deeper than any query pyparsing returns; refuse to be sure
        return True
    if getattr(node, "name", None) == "ServiceGraphPattern":
        return True
    if isinstance(node, str | bytes):  # rdflib's terms are strings
        return False
    if isinstance(node, dict):
        return any(_holds_service(v, depth + 1) for v in node.values())
    if hasattr(node, "__iter__"):  # lists, tuples, pyparsing's ParseResults
        return any(_holds_service(v, depth + 1) for v in node)
    return False


def run(store: Store, text: str, accepted: list[str], limits: Limits) -> Answer:
    """``text`` over the union of the store's graphs, in the first ``accepted`` form.

    TooManyResults when the answer is larger than ``limits``.
    """
    answer = _run(store, text, accepted, limits)
    if len(answer.body) > limits.bytes:
        raise TooManyResults(_too_large(limits))
    return answer


def _too_large(limits: Limits) -> str:
    return (
        f"the answer is larger than {limits.bytes} bytes: ask for fewer or shorter "
        "values (LIMIT, paging)"
    )


def _run(store: Store, text: str, accepted: list[str], limits: Limits) -> Answer:
    refuse_service(text)
    try:
        result = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as error:
        if "Duplicated variable" not in str(error):
            raise QueryRefused(str(error)) from None
        result = _without_repeats(store, text, error)
    if isinstance(result, QueryBoolean):
        media = _pick(accepted, BOOLEAN)
        return Answer(_boolean(bool(result), SOLUTIONS[media]), media)
    if isinstance(result, QuerySolutions):
        media = _pick(accepted, tuple(SOLUTIONS))
        return Answer(_solutions(result, SOLUTIONS[media], limits), media)
    media = _pick(accepted, tuple(GRAPHS))
    triples = []
    size = 0
    for triple in result:
        triples.append(triple)
        size += len(str(triple))  # about its N-Triples length
        if len(triples) > limits.rows:
            raise TooManyResults(f"the answer holds more than {limits.rows} triples")
        if size > limits.bytes:
            raise TooManyResults(_too_large(limits))
    body = serialize(triples, format=GRAPHS[media], prefixes=_prefixes(GRAPHS[media]))
    return Answer(body or b"", media)


def _without_repeats(store: Store, text: str, error: SyntaxError) -> Any:
    """The query again with each SELECT's repeated variables said once.

    Skosmos asks ``SELECT ?child ?label ?child ...`` (GenericSparql's queryChildren);
    SPARQL's grammar allows the repeat, pyoxigraph refuses it, and the answer is
    the same without it. Only a query refused for this is rewritten.
    """
    rewritten = _PROJECTION.sub(_once, text)
    try:
        return store.query(rewritten, use_default_graph_as_union=True)
    except SyntaxError:
        raise QueryRefused(str(error)) from None


def _once(match: re.Match[str]) -> str:
    names = list(dict.fromkeys(match.group(2).split()))
    return match.group(1) + " ".join(names) + " "


def _pick(accepted: list[str], offered: tuple[str, ...]) -> str:
    """The first accepted media type we offer, else our default (the first)."""
    return next((m for m in accepted if m in offered), offered[0])


def _prefixes(form: RdfFormat) -> dict[str, str] | None:
    return (
        {k: str(v) for k, v in PREFIXES.items()} if form == RdfFormat.TURTLE else None
    )


def _boolean(value: bool, form: QueryResultsFormat) -> bytes:
    if form == QueryResultsFormat.XML:
        word = "true" if value else "false"
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>\n"
        ).encode()
    return b'{"head":{},"boolean":%s}' % (b"true" if value else b"false")


class _Counted:
    """A binary sink that fails once it holds more TSV rows or bytes than allowed."""

    def __init__(self, limits: Limits) -> None:
        self.parts: list[bytes] = []
        self._lines = -1  # the header line
        self._bytes = 0
        self._limits = limits

    def write(self, data: bytes) -> int:
        self._lines += data.count(b"\n")
        self._bytes += len(data)
        if self._lines > self._limits.rows:
            rows = self._limits.rows
            raise TooManyResults(f"the answer holds more than {rows} solutions")
        if self._bytes > self._limits.bytes:
            raise TooManyResults(_too_large(self._limits))
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None


def _solutions(
    result: QuerySolutions, form: QueryResultsFormat, limits: Limits
) -> bytes:
    # Written as TSV first, whose rows are lines (a newline in a literal is
    # escaped), to count them; then read back and written in the asked form.
    sink = _Counted(limits)
    try:
        result.serialize(sink, QueryResultsFormat.TSV)  # type: ignore[arg-type]
    except TooManyResults:
        raise
    except OSError as error:
        if isinstance(error.__context__, TooManyResults):
            raise error.__context__ from None
        raise
    tsv = b"".join(sink.parts)
    if form == QueryResultsFormat.TSV:
        return tsv
    parsed = parse_query_results(tsv, QueryResultsFormat.TSV)
    return parsed.serialize(format=form) or b""
