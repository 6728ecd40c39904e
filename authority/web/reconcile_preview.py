"""The reconciliation preview, ``/reconcile/preview/<id>``: a card in OpenRefine.

The manifest of ``/reconcile`` (``api/reconcile.py``) names this page as its
``preview`` template; OpenRefine shows it in a 400x200 frame when a librarian
hovers over a candidate. So the card is small (heading, kind, dates and what tells
namesakes apart, a few variants, the ISNI and VIAF ids, a link to the record page)
and, unlike every other page, may be framed by any site (``frame-ancestors *``):
OpenRefine runs on the librarian's own machine, at an origin we cannot know. It is
the same for every reader of one language, so any cache may keep it, told that
it varies by the reader's language (``Accept-Language``, the ``lang`` cookie) as
the record page is.
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import Gone, NotFound

from authority.api.headers import CSP
from authority.api.languages import chosen_language
from authority.domain import Authority
from authority.errors import DeletedError, MergedError, NotFoundError
from authority.extension import services
from authority.reconciliation.documents import description
from authority.web import display, labels
from authority.web.blueprint import blueprint
from authority.web.frame import public_frame
from authority.web.labels import named

FRAMED_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors *")
"""The pages' policy, but framed by anyone (OpenRefine's preview)."""
SHOWN_VARIANTS = 3
SHOWN_SCHEMES = ("isni", "viaf", "orcid", "wikidata")


@blueprint.get("/reconcile/preview/<id:authority_id>")
def reconcile_preview(authority_id: str) -> ResponseReturnValue:
    """The preview card of an authority; a merged one's is the survivor's."""
    try:
        authority = services().reading.get(authority_id)
    except MergedError as merged:
        target = url_for("web.reconcile_preview", authority_id=merged.target_id)
        return redirect(target, 301)
    except DeletedError:
        raise Gone(f"authority {authority_id} is deleted") from None
    except NotFoundError:
        raise NotFound(f"no authority {authority_id}") from None
    body = render_template("web/reconcile_preview.html", **public_frame(),
                           **card(authority))  # fmt: skip
    response = current_app.make_response(body)
    response.headers["Content-Security-Policy"] = FRAMED_CSP
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["CACHE_MAX_AGE"]
    response.vary.update(("Accept-Language", "Cookie"))  # the card's language
    response.headers["Content-Language"] = chosen_language()
    return response


def card(authority: Authority) -> dict[str, object]:
    """The names the card's template shows."""
    shown = {named(labels.SCHEMES, scheme) for scheme in SHOWN_SCHEMES}
    identifiers = display.identifiers(authority, private=False)
    variants = display.variants(authority)
    return {
        "authority": authority,
        "title": authority.label or authority.id,
        "kind": display.summary(authority, {}, lambda i: i)[0],
        "description": description(authority),
        "variants": variants[:SHOWN_VARIANTS],
        "more_variants": max(0, len(variants) - SHOWN_VARIANTS),
        "identifiers": [e for e in identifiers if e.term in shown],
        "record": url_for("web.record", authority_id=authority.id),
    }
