"""The record page, ``/authorities/<id>.html``: one authority for people to read.

Where the HTML lives: here, once. The API's negotiated HTML (``Accept: text/html``,
``?format=html``, BARE's ``/authority/rest/authorities/html/<id>``, a revision's
``.html``) calls :func:`public_page`, which ``register_web`` hands the API as its
``HtmlPages`` (``api/render.py``; the API never imports ``web``), so every HTML
answer is this workbench page. The API renders it rather than redirecting (303)
because its statuses and headers are part of its contract and of the OpenAPI
document: 301 for a merged id, 410 for a deleted one, the ETag per language, 304,
the Link header.
The ``.html`` URL itself is this module's view (werkzeug prefers its static suffix
to the API's catch-all reference rule). For an anonymous visitor it answers
through the API's :func:`~authority.api.authorities.represented` (the same public
page with the same validators and caching); a signed-in person gets the private
view (private identifiers, internal notes, the full MARC), the actions their role
allows, and ``Cache-Control: private, no-store`` (``frame.secure_headers``).

Unknown ids are the workbench's 404 page; another form of reference (an ISNI of
sixteen digits) is resolved and answers 301 to its page; a deleted authority is a
410 page (with its content and Restore for a signed-in admin).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from authority.api.authorities import represented
from authority.api.headers import CSP
from authority.api.negotiation import BY_NAME, FORMATS, Family
from authority.domain import Authority, Status
from authority.domain.ids import linking_form
from authority.domain.tokens import Role
from authority.errors import NotFoundError
from authority.extension import services
from authority.linkeddata.uris import Uris
from authority.service.reading import Reading
from authority.web import display
from authority.web.blueprint import blueprint
from authority.web.frame import public_frame
from authority.web.marc_view import marc_lines
from authority.web.session import Principal, current_principal

HTML = BY_NAME["html"]


@blueprint.get("/authorities/<id:authority_id>.html")
def record(authority_id: str) -> ResponseReturnValue:
    """The record page: public view for anyone, private view for a cataloguer."""
    reading = read_or_404(authority_id)
    authority = reading.authority
    principal = current_principal()
    if principal is None:
        if authority.status is Status.DELETED:
            return gone(authority)
        return represented(reading, HTML, HTML.suffix)
    status = 410 if authority.status is Status.DELETED else 200
    return page(reading, principal), status


def read_or_404(authority_id: str) -> Reading:
    """The authority and its relations' targets; another reference is resolved.

    Raises (as HTTP exceptions, shown as workbench pages): 301 to the page of the
    one authority another form of reference names (an ISNI has sixteen digits, an
    id's shape), else 404.
    """
    try:
        return services().reading.read(authority_id)
    except NotFoundError:
        ids = services().reading.resolve(authority_id)
        if len(ids) == 1 and ids[0] != authority_id:
            target = url_for("web.record", authority_id=ids[0])
            abort(redirect(target, 301))
        raise NotFound(f"no authority {authority_id}") from None


def page(reading: Reading, principal: Principal) -> str:
    """The record page for a signed-in person: the private view and their actions."""
    return render_template(
        "web/record.html",
        **context(reading.authority, reading.related, private=True),
        principal=principal,
        may_delete=principal.may(Role.ADMIN),
    )


def public_page(authority: Authority, related: dict[str, Authority]) -> str:
    """The public page, as the API's negotiated HTML serves it (any request).

    Rendered without the signed-in person even when there is one: this answer is
    publicly cacheable, so it must be the same for everyone.
    """
    frame = public_frame()
    return render_template(
        "web/record.html",
        **frame,
        **context(authority, related, private=False),
        may_delete=False,
        # The API's /authorities/<id>/history/<n>.html: an old revision, said so.
        old_revision=request.endpoint == "cataloguing.revision",
    )


def not_found_page() -> Response:
    """The workbench's 404 page for a ``.html`` the API's resolution finds nothing for.

    ``/authorities/x1.html`` is no id of ours (the API's reference rule has it) and
    names no authority: a person asked for a page, so a page says so.
    """
    frame = public_frame()
    body = render_template("web/error.html", **frame, error=NotFound(), status=404)
    response = Response(body, 404, mimetype="text/html")
    response.headers["Content-Security-Policy"] = CSP
    return response


def context(
    authority: Authority, related: dict[str, Authority], *, private: bool
) -> dict[str, Any]:
    """The names ``web/record.html`` shows."""

    def link(target_id: str) -> str:
        return url_for("web.record", authority_id=target_id)

    config = current_app.config
    uris = Uris(config["BASE_URI"])
    return {
        "authority": authority,
        "title": authority.label or _("Authority without a heading"),
        "private": private,
        "canonical": uris.authority(authority.id) if authority.id else None,
        "linking": linking_form(authority.id) if authority.id else None,
        "summary": display.summary(authority, related, link),
        "variants": display.variants(authority),
        "relations": display.relations(authority, related, link),
        "identifiers": display.identifiers(authority, private),
        "notes": display.notes(authority, private),
        "attributes": display.attributes(authority),
        "labels": display.languages(authority),
        "created": display.moment(authority.provenance.created),
        "modified": display.moment(authority.provenance.modified),
        "marc": marc_lines(
            authority, organization_code=config["ORGANIZATION_CODE"], full=private
        ),
        "formats": formats(authority.id) if authority.id else [],
    }


def formats(authority_id: str) -> list[tuple[str, str, str]]:
    """(label, media type, URL on this site) of every other format of the API."""
    found = []
    for form in FORMATS:
        if form.family is Family.HTML:
            continue
        reference = f"{authority_id}.{form.suffix}" if form.suffix else authority_id
        by_name = None if form.suffix else form.name  # url_for leaves None out
        href = url_for("authorities.get_authority", reference=reference, format=by_name)
        found.append((form.label, form.media_type, href))
    return found


def gone(authority: Authority) -> Response:
    """410: the page of a deleted authority for an anonymous visitor."""
    body = render_template(
        "web/record_gone.html",
        **public_frame(),
        authority=authority,
        deleted=display.moment(authority.provenance.modified),
    )
    response = Response(body, 410, mimetype="text/html")
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["CACHE_MAX_AGE"]
    response.vary.update(("Accept-Language", "Cookie"))  # the page's language
    return response


def done(message: str, authority_id: str) -> ResponseReturnValue:
    """Back to the record page after a change, with ``message`` as its notice."""
    flash(message)
    return redirect(url_for("web.record", authority_id=authority_id), 303)
