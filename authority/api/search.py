"""Search routes: /authorities?q=, suggest, browse, lookup, and BARE's query.

The views parse and check parameters, call the service, and shape the answer; what
is matched and how it ranks is the backend's (authority/search/). Unknown
parameter values are 400 problem+json naming the value and what is allowed.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import BadRequest

from authority.api.authorities import candidates, uris
from authority.api.errors import problem
from authority.domain import Kind, QualityLevel, Status
from authority.extension import services
from authority.search.model import (
    BrowseEntry,
    Hit,
    SearchQuery,
    Sort,
    Suggestion,
    checked_size,
)

blueprint = Blueprint("search", __name__)

STATUS_CHOICES = {
    "active": (Status.ACTIVE,),
    "deleted": (Status.DELETED,),
    "merged": (Status.MERGED,),
    "all": tuple(Status),
}
"""``status=`` values: deleted and merged authorities only when asked for."""


@blueprint.get("/authorities")
def search() -> Response:
    """Free-text search with filters, facets and paging."""
    args = request.args
    size = _int("size", 20)
    offset = _cursor()
    query = SearchQuery(
        text=args.get("q", ""),
        kinds=_kinds(),
        qualities=tuple(
            _choice("quality", QualityLevel, v) for v in _values("quality")
        ),
        statuses=_statuses(),
        sort=_choice("sort", Sort, args.get("sort", Sort.RELEVANCE.value)),
        size=size,
        offset=offset,
    )
    results = services().searching.search(query)
    links: dict[str, str] = {}
    if offset + size < results.total:
        links["next"] = _page_url(offset + size)
    if offset > 0:
        links["prev"] = _page_url(max(0, offset - size))
    return jsonify(
        total=results.total,
        totalRelation="eq" if results.exact else "gte",
        hits=[_hit(h) for h in results.hits],
        facets=results.facets,
        links=links,
    )


@blueprint.get("/authorities/suggest")
def suggest() -> Response:
    """Completions for a cataloguer typing; ``format=opensearch`` for tools."""
    text = request.args.get("q", "")
    suggestions = services().searching.suggest(text, _kinds(), _int("limit", 10))
    if request.args.get("format") == "opensearch":
        # OpenSearch Suggestions 1.1: [query, completions, descriptions, urls].
        body = [
            text,
            [s.label for s in suggestions],
            [s.disambiguation or "" for s in suggestions],
            [uris().authority(s.id) for s in suggestions],
        ]
        response = jsonify(body)
        response.mimetype = "application/x-suggestions+json"
        return response
    if request.args.get("format", "json") != "json":
        raise BadRequest("format must be json or opensearch")
    return jsonify(suggestions=[_suggestion(s) for s in suggestions])


@blueprint.get("/authorities/browse")
def browse() -> Response:
    """The alphabetical index (Norwegian order) from ``from``, forward or back."""
    start = request.args.get("from", "")
    limit = checked_size(_int("limit", 20))
    direction = request.args.get("direction", "forward")
    if direction not in ("forward", "backward"):
        raise BadRequest(f"direction must be forward or backward, not {direction!r}")
    forward = direction == "forward"
    # One entry more than asked says whether the index goes on that way.
    entries = services().searching.browse(start, _kinds(), limit + 1, forward)
    more = len(entries) > limit
    page = entries[:limit] if forward else entries[-limit:]
    links = {}
    if forward:
        if more:  # the next page starts at the first entry not shown
            links["next"] = _browse_url(entries[limit].label)
        if page and start:
            links["prev"] = _browse_url(page[0].label, backward=True)
    else:
        links["next"] = _browse_url(start)  # forward from where this page ended
        if more and page:
            links["prev"] = _browse_url(page[0].label, backward=True)
    return jsonify(entries=[_entry(e) for e in page], links=links)


@blueprint.get("/authorities/lookup")
def lookup() -> Response:
    """An exact label (case, punctuation, diacritics folded) -> the authority."""
    label = request.args.get("label", "")
    ids = services().searching.lookup(label, _kinds())
    if not ids:
        return problem(404, "Not Found", "no active authority has this label")
    if len(ids) > 1:
        return candidates(ids)
    response = Response(status=302, headers={"Location": uris().authority(ids[0])})
    return response


def _kinds() -> tuple[Kind, ...]:
    return tuple(_choice("kind", Kind, v) for v in _values("kind"))


def _statuses() -> tuple[Status, ...]:
    chosen: list[Status] = []
    for value in _values("status") or ["active"]:
        if value not in STATUS_CHOICES:
            raise BadRequest(
                f"status={value!r}; choose from {', '.join(STATUS_CHOICES)}"
            )
        chosen += STATUS_CHOICES[value]
    return tuple(dict.fromkeys(chosen))


def _values(name: str) -> list[str]:
    """Every value of a repeatable parameter (``kind=a&kind=b`` or ``kind=a,b``)."""
    return [v for raw in request.args.getlist(name) for v in raw.split(",") if v]


def _choice(name: str, enum: Any, value: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise BadRequest(f"{name}={value!r}; choose from {allowed}") from None


def _int(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not _ascii_number(raw, 6):
        raise BadRequest(f"{name} must be a whole number, not {raw!r}")
    return int(raw)


def _cursor() -> int:
    """The offset a ``cursor`` (from a next/prev link) stands for."""
    raw = request.args.get("cursor")
    if not raw:
        return 0
    try:
        decoded = base64.urlsafe_b64decode(raw.encode() + b"==").decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        decoded = ""
    digits = decoded[1:]
    if not decoded.startswith("o") or not _ascii_number(digits, 6):
        raise BadRequest("cursor is not one a next or prev link gave")
    return int(digits)


def _ascii_number(raw: str, most_digits: int) -> bool:
    """True for 1 to ``most_digits`` ASCII digits (``int`` reads other digits too)."""
    return raw.isascii() and raw.isdigit() and len(raw) <= most_digits


def _page_url(offset: int) -> str:
    cursor = base64.urlsafe_b64encode(f"o{offset}".encode()).decode().rstrip("=")
    return _url_with(("cursor",), [("cursor", cursor)])


def _browse_url(start: str, backward: bool = False) -> str:
    changed = [("from", start)] + ([("direction", "backward")] if backward else [])
    return _url_with(("from", "direction"), changed)


def _url_with(replaced: tuple[str, ...], values: list[tuple[str, str]]) -> str:
    """This request's URL with ``replaced`` parameters set to ``values``.

    Repeated parameters (``kind=person&kind=topic``) travel along, every value.
    """
    kept = [(k, v) for k, v in request.args.items(multi=True) if k not in replaced]
    return f"{request.base_url}?{urlencode(kept + values)}"


def _hit(hit: Hit) -> dict[str, Any]:
    return {
        "id": hit.id,
        "uri": uris().authority(hit.id),
        "kind": hit.kind.value,
        "label": hit.label,
        "disambiguation": hit.disambiguation,
        "matched": hit.matched,
        "status": hit.status.value,
        "qualityLevel": hit.quality.value if hit.quality else None,
        "created": hit.created.isoformat() if hit.created else None,
        "modified": hit.modified.isoformat() if hit.modified else None,
    }


def _suggestion(s: Suggestion) -> dict[str, Any]:
    display = f"{s.label} — {s.disambiguation}" if s.disambiguation else s.label
    return {
        "id": s.id,
        "uri": uris().authority(s.id),
        "kind": s.kind.value,
        "label": s.label,
        "display": display,
        "disambiguation": s.disambiguation,
        "matched": s.matched,
    }


def _entry(e: BrowseEntry) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "label": e.label,
        "id": e.id,
        "uri": uris().authority(e.id),
    }
    if e.see:
        entry["see"] = e.heading
    return entry
