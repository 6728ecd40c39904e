"""The alphabetical browse at ``/browse``: headings and their see entries.

The index in Norwegian order (æ, ø, å after z) that the API's
``/authorities/browse`` pages, read with the same contract and paged the same
way: one entry more than a page says whether the index goes on.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from flask import render_template, request
from pydantic import BeforeValidator, Field, ValidationError

from authority.api.contracts.query import (
    first_error,
    refused,
    request_values,
    within_bounds,
)
from authority.api.contracts.search import BrowseParameters
from authority.domain import Kind
from authority.extension import services
from authority.search.model import MAX_QUERY, checked_text
from authority.web.blueprint import blueprint
from authority.web.links import with_args
from authority.web.search_rows import Entry, _, entry, kind_name


def _start(raw: object) -> str:
    """Where to start: the API's bound, and no control characters."""
    text = str(raw)
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise refused("from holds control characters")
    within_bounds(lambda: checked_text(text, empty=True))
    return text.strip()


class BrowseForm(BrowseParameters):
    """The browse page's form: the API's browse parameters."""

    start: Annotated[str, Field(alias="from"), BeforeValidator(_start)] = ""


@blueprint.get("/browse")
def browse() -> tuple[str, int]:
    """The heading index from a term, with previous and next pages."""
    try:
        asked = BrowseForm.model_validate(request_values(BrowseForm))
    except ValidationError as error:
        return refused_start(str(first_error(error)["loc"][0]))
    entries, links = _page(asked)
    return render_template(
        "web/search_browse.html",
        entries=entries,
        sent=asked.start,
        links=links,
        kinds=_kinds(),
        kind=asked.kind[0].value if len(asked.kind) == 1 else "",
    ), 200


def _kinds() -> list[tuple[str, str]]:
    """The kind filter's choices: every kind, after "all kinds"."""
    return [("", _("All kinds"))] + [(k.value, kind_name(k)) for k in Kind]


def _page(asked: BrowseParameters) -> tuple[list[Entry], dict[str, str]]:
    """One page of the index and its neighbours' links (as the API pages it)."""
    forward = asked.direction == "forward"
    page = services().searching.browse_page(
        asked.start, asked.kind, asked.limit, forward
    )
    links: dict[str, str] = {}
    if page.next_from is not None:
        links["next"] = _from(page.next_from)
    if page.prev_from is not None:
        links["prev"] = _from(page.prev_from, backward=True)
    return [entry(e) for e in page.entries], links


def _from(label: str, backward: bool = False) -> str:
    return with_args(**{"from": label, "direction": "backward" if backward else None})


def refused_start(parameter: str = "from") -> tuple[str, int]:
    """The page with the form as sent and what is wrong with it: 400."""
    sent = request.args.get("from", "")[: MAX_QUERY * 2]
    if parameter == "kind":
        field, message = "kind", _("Choose a kind from the list.")
    else:  # from, or a limit or direction no form of ours sends
        field = "from"
        message = _(
            "Enter at most %(most)s characters to go to, without control characters.",
            most=MAX_QUERY,
        )
    return render_template(
        "web/search_browse.html",
        entries=[],
        errors=[(field, message)],
        error_on=field,
        sent="".join(ch for ch in sent if unicodedata.category(ch) != "Cc"),
        links={},
        kinds=_kinds(),
        kind="",
    ), 400
