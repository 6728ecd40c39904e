"""An authority in a chosen format: the negotiation table's rows, rendered.

Each family has one writer: our JSON (``representation``), the HTML page (the
workbench's record page, ``web/record.py``, registered as :class:`HtmlPages`),
the RDF serializers (``linkeddata.serialize``) and the MARC serializers
(``marc.serialize`` over ``marc.to_marc``). Every output is the public view.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import Response, current_app

from authority.api.contracts.dumps import DumpListing
from authority.api.negotiation import FORMATS, Family, Format
from authority.api.representation import to_json
from authority.domain import Authority
from authority.linkeddata.serialize import serialize
from authority.linkeddata.uris import Uris
from authority.marc.serialize import to_bytes
from authority.marc.to_marc import marc_output


@dataclass(frozen=True)
class Context:
    """What rendering needs beyond the authority: the deployment and the reader."""

    uris: Uris
    organization_code: str
    language: str = "en"
    """The reader's language for the HTML page (in its ETag and Content-Language)."""


def render(
    authority: Authority,
    form: Format,
    context: Context,
    related: Mapping[str, Authority],
    private: bool = False,
) -> bytes:
    """``authority`` as ``form``; ``related`` are its relations' stored targets.

    ``private``: the JSON view with private identifiers and internal notes (for a
    request with a token; every other format is always public).
    """
    if form.family is Family.JSON:
        document = to_json(
            authority, context.uris, related, links(authority.id, context), private
        )
        return json.dumps(document, ensure_ascii=False).encode()
    if form.family is Family.HTML:
        return html_pages().record(authority, dict(related)).encode()
    if form.family is Family.RDF:
        return serialize(authority, form.name, context.uris)
    output = marc_output(authority, organization_code=context.organization_code)
    return to_bytes(output, form.name)


@dataclass(frozen=True)
class HtmlPages:
    """The HTML family's writer: pages the workbench (``authority.web``) registers.

    The API decides status, validators and caching, the workbench writes the page.
    ``web`` registers these on the app (``register_web``) rather than ``api``
    importing ``web``: the arrow goes one way only, ``web`` above ``api``.
    """

    record: Callable[[Authority, dict[str, Authority]], str]
    """An authority's public page (the same for everyone: it is cached publicly)."""
    not_found: Callable[[], Response]
    """The 404 page for a ``.html`` that names nothing."""
    dumps: Callable[[DumpListing | None], str]
    """The ``/dumps`` page: the current dump's files (None: no dump yet)."""


HTML_PAGES = "authority.html_pages"
"""Where :class:`HtmlPages` hangs in ``app.extensions``."""


def html_pages() -> HtmlPages:
    """This app's HTML writer (every app ``create_app`` makes has one)."""
    pages: HtmlPages = current_app.extensions[HTML_PAGES]
    return pages


def link(authority_id: str, form: Format, uris: Uris) -> str:
    """The URL of one representation: by suffix, or by ``?format=`` when it has none."""
    base = uris.authority(authority_id)
    return f"{base}.{form.suffix}" if form.suffix else f"{base}?format={form.name}"


def links(authority_id: str, context: Context) -> dict[str, str]:
    """Every representation's URL, by format name, in table order."""
    return {f.name: link(authority_id, f, context.uris) for f in FORMATS}
