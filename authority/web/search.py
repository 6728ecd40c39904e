"""The search page at ``/``: the query box, hits, facets, sort and pager.

The form is read with the JSON API's search contract (``api/contracts/search.py``:
the same values allowed, the same bounds, ``page`` instead of ``cursor``) and asks
the same search service. A bad value is a message on the page that links to its
field, with status 400, never a problem document. What the page shows of a hit and
a facet is :mod:`.search_rows`'; the browse is :mod:`.search_browse`.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Annotated

from flask import Response, render_template, request
from flask_babel import format_number
from pydantic import BeforeValidator, Field, ValidationError
from werkzeug.exceptions import RequestURITooLarge

from authority.api.contracts.query import (
    first_error,
    refused,
    request_values,
    whole_number,
    within_bounds,
)
from authority.api.contracts.search import SearchParameters
from authority.api.errors import problem
from authority.errors import SearchQueryError
from authority.extension import services
from authority.search.model import (
    MAX_QUERY,
    SearchQuery,
    SearchResults,
    Sort,
    checked_text,
    narrowed,
)
from authority.web.blueprint import blueprint
from authority.web.links import with_args
from authority.web.search_browse import refused_start
from authority.web.search_rows import _, facets, rows

DEEPEST = 10_000
"""The last hit a search pages to (search/model.py's bound)."""


def _control_free(raw: object) -> str:
    """The query text, refused if it holds control characters.

    Tab, newline and carriage return, which a paste may bring, count as spaces.
    """
    text = str(raw).replace("\t", " ").replace("\n", " ").replace("\r", " ")
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise refused("q holds control characters")
    if text.strip() or len(text) > MAX_QUERY:
        within_bounds(lambda: checked_text(text))
    return text.strip()


def _page_number(raw: object) -> int:
    page = whole_number("page", raw)
    if page < 1:
        raise refused("page must be 1 or more")
    return page


class PageParameters(SearchParameters):
    """The search page's form: the API's search parameters, and ``page``.

    ``q`` may be empty (the page then shows the form alone, or what the filters
    let through); ``page`` takes the place of ``cursor``.
    """

    q: Annotated[str, BeforeValidator(_control_free)] = ""
    page: Annotated[int, Field(ge=1), BeforeValidator(_page_number)] = 1

    @property
    def asked(self) -> bool:
        """True when there is something to search for: words, or a filter."""
        return bool(self.q) or narrowed(self.search)

    @property
    def search(self) -> SearchQuery:
        """The search this form asks for: this page's hits."""
        return self.query((self.page - 1) * self.size)


@dataclass(frozen=True)
class Pager:
    """Where a page of hits lies among them, and links to its neighbours."""

    page: int
    last: int
    """The last page there is (or that paging reaches: :data:`DEEPEST`)."""
    exact: bool
    """False when the total is a lower bound: the last page is not known."""

    def href(self, page: int) -> str:
        """This search at ``page``."""
        return with_args(page=str(page))

    @property
    def numbers(self) -> list[int]:
        """The page numbers the pager links: first, last, and two either side."""
        near = range(max(1, self.page - 2), min(self.last, self.page + 2) + 1)
        return sorted({1, *near, self.last} if self.exact else {1, *near})


@blueprint.get("/")
def search() -> Response | tuple[str, int]:
    """The search page (for a browser; an API client gets a problem, as before)."""
    if _wants_json():
        return problem(
            404, "Not Found", "the API's resources are listed in /openapi.json"
        )
    try:
        asked = PageParameters.model_validate(request_values(PageParameters))
    except ValidationError as error:
        return _refused(str(first_error(error)["loc"][0]))
    if not asked.asked:
        return _page(asked), 200
    try:
        results = services().searching.search(asked.search)
    except SearchQueryError:
        return _refused("page", asked)
    pager = _pager(asked, results)
    if asked.page > pager.last:
        return _refused("page", asked)
    return _page(asked, results, pager), 200


def _page(
    asked: PageParameters,
    results: SearchResults | None = None,
    pager: Pager | None = None,
    **more: object,
) -> str:
    """The search page: the form as ``asked``, and the results if there are any."""
    return render_template(
        "web/search.html",
        asked=asked,
        results=results,
        rows=rows(results.hits) if results else [],
        words=_words(),
        facets=facets(asked, results),
        sorts=[
            (Sort.RELEVANCE.value, _("Relevance")),
            (Sort.HEADING.value, _("Heading, A–Å")),
            (Sort.MODIFIED.value, _("Last modified, newest first")),
        ],
        pager=pager,
        found_text=_found_text(results) if results else "",
        pager_text=_pager_text(pager) if pager else "",
        **more,
    )


def _words() -> dict[str, str]:
    """What every hit's lines say, translated once per page (not once per hit)."""
    return {
        "id": _("Id"),
        "link": _("Linking form ($0)"),
        "uri": _("URI"),
        "copy": _("Copy"),
        "quality": _("Quality level"),
        "found_by": _("Found by the variant %(variant)s", variant="{variant}"),
    }


def _found_text(results: SearchResults) -> str:
    """How many authorities the search found, in words."""
    count = format_number(results.total)
    if not results.total:
        return _("No authorities found")
    if not results.exact:
        return _("More than %(count)s authorities found", count=count)
    if results.total == 1:
        return _("1 authority found")
    return _("%(count)s authorities found", count=count)


def _pager_text(pager: Pager) -> str:
    if pager.exact:
        return _(
            "page %(page)s of %(pages)s",
            page=format_number(pager.page),
            pages=format_number(pager.last),
        )
    return _("page %(page)s", page=format_number(pager.page))


def _wants_json() -> bool:
    """An API client's ``Accept: application/json`` without text/html."""
    accept = request.accept_mimetypes
    return accept.quality("text/html") == 0 and bool(
        accept.quality("application/json") or accept.quality("application/problem+json")
    )


def _pager(asked: PageParameters, results: SearchResults) -> Pager:
    reachable = DEEPEST // asked.size + 1
    pages = max(1, math.ceil(results.total / asked.size))
    if not results.exact:
        pages = max(pages, asked.page + 1)
    return Pager(asked.page, min(pages, reachable), results.exact)


FIELD_OF: dict[str, str] = {
    "q": "q",
    "kind": "facet-kind",
    "quality": "facet-quality",
    "status": "facet-status",
    "vocabulary": "facet-vocabulary",
    "sort": "sort",
}
"""A parameter -> the id of the control the error summary links to."""


def _message(parameter: str) -> str:
    if parameter == "q":
        return _(
            "Search for at least one letter or digit, in at most %(most)s "
            "characters, without control characters.",
            most=MAX_QUERY,
        )
    if parameter in ("kind", "quality", "status", "vocabulary"):
        return _("Choose the filters from the lists on this page.")
    if parameter == "sort":
        return _("Choose an order from the list.")
    if parameter in ("modifiedFrom", "modifiedUntil"):
        return _("Give modification dates as year-month-day, such as 2024-01-31.")
    return _(
        "There is no such page of results. Paging goes at most %(most)s hits deep: "
        "narrow the search.",
        most=format_number(DEEPEST),
    )


def _refused(parameter: str, asked: PageParameters | None = None) -> tuple[str, int]:
    """The page with the form as it was sent and what is wrong with it: 400."""
    field = FIELD_OF.get(parameter, "results-title")
    message = _message(parameter)
    sent = request.args.get("q", "")[: MAX_QUERY * 2]
    return _page(
        asked or PageParameters(),
        errors=[(field, message)],
        error_on=parameter,
        sent_q="".join(ch for ch in sent if unicodedata.category(ch) != "Cc"),
    ), 400


@blueprint.errorhandler(RequestURITooLarge)
def too_long(error: RequestURITooLarge) -> tuple[str, int]:
    """A query past the app's URL bound (api/limits.py): the form says so (414)."""
    if request.endpoint == "web.search":
        return _refused("q")[0], 414
    if request.endpoint == "web.browse":
        return refused_start()[0], 414
    from authority.web.pages import error_page  # noqa: PLC0415  (imports this)

    return error_page(error)
