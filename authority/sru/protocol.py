"""SRU's three operations over the register: a request's parameters in, XML out.

No web framework here: the view passes the query parameters as a mapping, and the
services and settings as :class:`Deployment`; the answer is the body and its media
type. Every failure is a diagnostic in the version the client speaks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from authority.domain import Authority, Kind
from authority.domain.search_terms import search_key
from authority.errors import (
    DatabaseUnavailableError,
    SearchQueryError,
    SearchUnavailableError,
)
from authority.search.model import (
    MAX_SIZE,
    BrowseEntry,
    SearchQuery,
    SearchResults,
)
from authority.sru import diagnostics as d
from authority.sru.cql import SortKey, kinds_of, sort_of, translate
from authority.sru.diagnostics import Diagnostic
from authority.sru.documents import Record, echoed, legacy
from authority.sru.execute import Page, run
from authority.sru.schemas import DEFAULT, RecordSchema, Rendering, schema_named
from authority.sru.writers import explain, scan_response, search_response

LOG = logging.getLogger(__name__)
VERSIONS = ("1.1", "1.2", "2.0")
DEFAULT_RECORDS = 10
MAXIMUM_RECORDS = MAX_SIZE
DEFAULT_TERMS = 20
MAXIMUM_TERMS = MAX_SIZE
MEDIA_TYPE = "application/xml; charset=utf-8"


class Reading(Protocol):
    """What SRU reads: the reading service's resolve and find_many."""

    def resolve(self, text: str) -> list[str]:
        """The ids ``text`` names, in any id form."""

    def find_many(self, ids: Sequence[str]) -> dict[str, Authority]:
        """The stored authorities of ``ids``, by id."""


class Searching(Protocol):
    """What SRU asks the search service: search, lookup, browse."""

    def search(self, query: SearchQuery) -> SearchResults:
        """A page of hits."""

    def lookup(self, label: str, kinds: Sequence[Kind] = ()) -> list[str]:
        """Ids of the exact heading or variant."""

    def browse(
        self,
        start: str,
        kinds: Sequence[Kind] = (),
        limit: int = 20,
        forward: bool = True,
    ) -> list[BrowseEntry]:
        """The alphabetical heading index from ``start``."""


class Services(Protocol):
    """The register's services SRU uses (``authority.service.Services`` is one)."""

    @property
    def reading(self) -> Reading:
        """Reads by id and by any id form."""

    @property
    def searching(self) -> Searching:
        """Searches, lookups and the heading index."""


@dataclass(frozen=True)
class Deployment:
    """What the protocol asks of the deployment, and where it is served."""

    services: Callable[[], Services]
    """The services, asked for inside the request: a database that is down is a
    diagnostic then, not an error before the protocol could answer."""
    rendering: Rendering
    base_url: str
    """The SRU base URL as the client reached it (explain's host, port, database)."""
    title: str = "Authority register"


def answer(params: Mapping[str, str], deployment: Deployment) -> tuple[bytes, str]:
    """The response document to one SRU request, and its media type.

    Whatever fails is a diagnostic: the protocol's own, 2 when the database or the
    search cluster is down, 1 (logged) for anything else; an SRU client reads no
    problem+json.
    """
    version = params.get("version", "").strip() or "2.0"  # 2.0 has no version
    try:
        body = _operation_answer(params, version, deployment)
    except Diagnostic as diagnostic:
        body = _failed(params, version, diagnostic, deployment)
    except SearchQueryError as error:  # the search's own bounds, said as SRU's
        refused = Diagnostic(d.TERM_FORMAT, "", str(error))
        body = _failed(params, version, refused, deployment)
    except (DatabaseUnavailableError, SearchUnavailableError) as error:
        down = Diagnostic(d.UNAVAILABLE, "", str(error))
        body = _failed(params, version, down, deployment)
    except Exception:  # noqa: BLE001 - an SRU client must get SRU XML, whatever broke
        LOG.exception("SRU request failed: %s", dict(params))
        failed = Diagnostic(d.GENERAL, "", "the server failed; the failure is logged")
        body = _failed(params, version, failed, deployment)
    return body.encode(), MEDIA_TYPE


def _operation_answer(
    params: Mapping[str, str], version: str, deployment: Deployment
) -> str:
    if version not in VERSIONS:
        raise Diagnostic(
            d.UNSUPPORTED_VERSION, "2.0", f"versions: {', '.join(VERSIONS)}"
        )
    operation = _operation(params)
    if operation == "searchRetrieve":
        return _search(params, version, deployment)
    if operation == "scan":
        return _scan(params, version, deployment)
    return explain(version, deployment, _packing(params, version), [])


def _answer_version(version: str) -> str:
    """The version to answer an unsupported version in: the nearest we speak."""
    if version in VERSIONS:
        return version
    return "2.0" if version > "2.0" else "1.2"


def _operation(params: Mapping[str, str]) -> str:
    operation = params.get("operation", "").strip()
    if not operation:
        if "query" in params:
            return "searchRetrieve"
        return "scan" if "scanClause" in params else "explain"
    if operation not in ("explain", "searchRetrieve", "scan"):
        raise Diagnostic(d.UNSUPPORTED_OPERATION, operation)
    return operation


def _failed(
    params: Mapping[str, str],
    version: str,
    diagnostic: Diagnostic,
    deployment: Deployment,
) -> str:
    version = _answer_version(version)
    try:
        operation = _operation(params)
    except Diagnostic:
        operation = "searchRetrieve"
    if operation == "scan":
        return scan_response(
            version, [], echoed("echoedScanRequest", [], version), [diagnostic]
        )
    if operation == "explain":
        return explain(version, deployment, "xml", [diagnostic])
    return search_response(version, None, [], None, "", [diagnostic])


def _number(params: Mapping[str, str], name: str, default: int, least: int) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or int(raw) < least:
        raise Diagnostic(
            d.UNSUPPORTED_PARAMETER_VALUE, name, f"{name} must be a number >= {least}"
        )
    return int(raw)


def _packing(params: Mapping[str, str], version: str) -> str:
    name = "recordPacking" if legacy(version) else "recordXMLEscaping"
    packing = params.get(name, "").strip() or "xml"
    if not legacy(version) and params.get("recordPacking", "packed") != "packed":
        raise Diagnostic(d.UNSUPPORTED_PACKING, params["recordPacking"])
    if packing not in ("xml", "string"):
        raise Diagnostic(d.UNSUPPORTED_PACKING, packing)
    return packing


def _sort_keys(params: Mapping[str, str], version: str) -> list[SortKey]:
    """The sortKeys of 1.1/1.2: ``path,schema,ascending`` keys separated by spaces."""
    text = params.get("sortKeys", "").strip()
    if not text:
        return []
    keys = []
    for key in text.split():
        path, *rest = key.split(",")
        ascending = True
        if len(rest) >= 2 and rest[1]:
            if rest[1] not in ("0", "1"):
                raise Diagnostic(d.UNSUPPORTED_SORT_DIRECTION, rest[1])
            ascending = rest[1] == "1"
        keys.append(SortKey(path, ascending))
    return keys


def _search(params: Mapping[str, str], version: str, deployment: Deployment) -> str:
    query = params.get("query", "")
    if not query.strip():
        raise Diagnostic(d.MANDATORY_PARAMETER, "query")
    if not legacy(version) and params.get("queryType", "cql") != "cql":
        raise Diagnostic(d.UNSUPPORTED_QUERY_TYPE, params["queryType"])
    if params.get("stylesheet"):
        raise Diagnostic(d.STYLESHEETS_UNSUPPORTED, params["stylesheet"])
    start = _number(params, "startRecord", 1, 1)
    maximum = _number(params, "maximumRecords", DEFAULT_RECORDS, 0)
    if maximum > MAXIMUM_RECORDS:
        raise Diagnostic(
            d.UNSUPPORTED_PARAMETER_VALUE,
            "maximumRecords",
            f"at most {MAXIMUM_RECORDS}",
        )
    packing = _packing(params, version)
    schema = DEFAULT
    if params.get("recordSchema", "").strip():
        found = schema_named(params["recordSchema"])
        if found is None:
            raise Diagnostic(d.UNKNOWN_SCHEMA, params["recordSchema"])
        schema = found
    plan, keys = translate(query)
    services = deployment.services()
    keys = keys or _sort_keys(params, version)
    plan_sort = sort_of(keys)
    try:
        page = run(
            plan, plan_sort, start, maximum, services.reading, services.searching
        )
    except SearchQueryError as error:
        raise Diagnostic(d.TERM_FORMAT, query, str(error)) from error
    if page.total and start > page.total:
        raise Diagnostic(d.FIRST_RECORD_OUT_OF_RANGE, str(start))
    pairs: list[tuple[str, object]] = [
        ("version", version if legacy(version) else None),
        ("query", query),
        ("startRecord", start),
        ("maximumRecords", maximum),
        ("recordXMLEscaping" if not legacy(version) else "recordPacking", packing),
        ("recordSchema", params.get("recordSchema") or schema.name),
        ("sortKeys", params.get("sortKeys") if legacy(version) else None),
    ]
    records = _records(page, schema, packing, start, deployment)
    after = start + len(page.authorities)
    following = after if page.authorities and after <= page.total else None
    return search_response(
        version,
        page.total,
        records,
        following,
        echoed("echoedSearchRetrieveRequest", pairs, version),
        [],
    )


def _records(
    page: Page, schema: RecordSchema, packing: str, start: int, deployment: Deployment
) -> list[Record]:
    return [
        Record(
            schema.name,
            packing,
            schema.write(authority, deployment.rendering),
            start + n,
            authority.id,
        )
        for n, authority in enumerate(page.authorities)
    ]


def _scan(params: Mapping[str, str], version: str, deployment: Deployment) -> str:
    clause = params.get("scanClause", "")
    if not clause.strip():
        raise Diagnostic(d.MANDATORY_PARAMETER, "scanClause")
    position = _number(params, "responsePosition", 1, 0)
    maximum = _number(params, "maximumTerms", DEFAULT_TERMS, 1)
    if maximum > MAXIMUM_TERMS:
        raise Diagnostic(d.TOO_MANY_TERMS, str(MAXIMUM_TERMS))
    if position > maximum + 1:
        raise Diagnostic(d.RESPONSE_POSITION_OUT_OF_RANGE, str(position))
    plan, _ = translate(clause)
    if plan.words and not search_key(plan.words[0]):
        raise Diagnostic(d.TERM_FORMAT, clause, "the term has no letters or digits")
    filtered = (
        plan.ids is not None
        or plan.qualities
        or plan.statuses
        or plan.vocabularies
        or plan.without
        or plan.modified_from is not None
        or plan.modified_until is not None
    )
    if len(plan.words) != 1 or filtered:  # the browse takes a start and kinds only
        raise Diagnostic(d.QUERY_FEATURE, clause, "scan a name index: index = start")
    start, kinds = plan.words[0], kinds_of(plan)
    before = (
        deployment.services().searching.browse(start, kinds, position - 1, False)
        if position > 1
        else []
    )
    browse = deployment.services().searching.browse
    after = browse(start, kinds, maximum - len(before), True)
    pairs: list[tuple[str, object]] = [
        ("version", version if legacy(version) else None),
        ("scanClause", clause),
        ("responsePosition", position),
        ("maximumTerms", maximum),
    ]
    return scan_response(
        version, before + after, echoed("echoedScanRequest", pairs, version), []
    )
