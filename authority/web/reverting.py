"""Revert: ``/authorities/<id>/revert.html?to=<n>``, "check your answers" first.

GET shows what the authority will become (its MARC) and what changes against now;
the form carries the revision the person saw as current. POST reverts through the
service with that revision, so a revert never undoes a change its author has not
seen: when another write came first, the page shows the conflict and the fresh
preview, and nothing is written. Going back across a merge, a delete or a restore
is an admin's (the service's rule, said before the button). Bad revision numbers
(not digits, 0, huge, one the history lacks) are messages, never errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from authority.domain import Authority
from authority.domain.history import Revision
from authority.domain.tokens import Role
from authority.errors import NotAllowedError, RevisionMismatchError, ValidationError
from authority.extension import services
from authority.web.blueprint import blueprint
from authority.web.history import Diff, diff, history_or_404
from authority.web.marc_view import marc_lines
from authority.web.record import done
from authority.web.session import Principal, require

MAX_DIGITS = 9
"""A revision number longer than this is no revision of ours (and no int64 risk)."""


@dataclass(frozen=True)
class Preview:
    """What reverting to revision ``number`` makes of the authority, and who may."""

    current: Authority
    number: int
    result: Authority
    diff: Diff
    refusal: str | None
    """Why this person may not (only an admin may undo a merge ...), or None."""


@blueprint.route("/authorities/<id:authority_id>/revert.html", methods=["GET", "POST"])
def revert(authority_id: str) -> ResponseReturnValue:
    """GET: what the record will become. POST: revert, from the revision seen."""
    principal = require(Role.CATALOGUER)
    revisions = history_or_404(authority_id)
    number = revision_number(request.values.get("to"))
    if number is None:
        message = _("Choose a revision to go back to from the history.")
        return _refused(revisions, message, 400)
    try:
        preview = _preview(authority_id, number, principal)
    except ValidationError:
        message = _("This authority has no revision %(number)s.", number=number)
        return _refused(revisions, message, 404)
    if request.method == "GET" or preview.refusal:
        return _confirm(preview, 403 if preview.refusal else 200)
    return _reverted(preview, principal)


def _reverted(preview: Preview, principal: Principal) -> ResponseReturnValue:
    """POST: the revert from the revision the form says the person saw."""
    authority_id, number = preview.current.id, preview.number
    expected = revision_number(request.form.get("expected"))
    try:
        stored = services().cataloguing.revert(
            authority_id,
            number,
            principal.actor,
            admin=principal.may(Role.ADMIN),
            expected_revision=expected if expected is not None else -1,
        )
    except RevisionMismatchError as error:
        fresh = _preview(authority_id, number, principal)
        return _confirm(fresh, 409, conflict=error)
    except NotAllowedError:  # the history grew a merge meanwhile
        fresh = _preview(authority_id, number, principal)
        return _confirm(fresh, 403)
    if stored.revision == preview.current.revision:
        message = _(
            "Nothing changed: the authority already is as revision %(number)s was.",
            number=number,
        )
        return done(message, authority_id)
    message = _(
        "Reverted to revision %(number)s. The authority is now at revision %(new)s.",
        number=number,
        new=stored.revision,
    )
    return done(message, authority_id)


def revision_number(text: str | None) -> int | None:
    """A revision number from a form or query (1 or more, digits only), else None."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_DIGITS:
        return None
    number = int(text)
    return number if number >= 1 else None


def _preview(authority_id: str, number: int, principal: Principal) -> Preview:
    """What reverting to ``number`` makes of the authority: the service's preview.

    Raises ValidationError when the history has no such revision.
    """
    found = services().cataloguing.revert_preview(authority_id, number)
    refusal = None
    if found.undoes and not principal.may(Role.ADMIN):
        refusal = _(
            "Going back to revision %(number)s would undo a merge, a delete or a "
            "restore. Only an administrator may do that.",
            number=number,
        )
    current, result = found.current, found.reverted
    return Preview(current, number, result, diff(current, result, True), refusal)


def _confirm(
    preview: Preview, status: int, conflict: RevisionMismatchError | None = None
) -> tuple[str, int]:
    current = preview.current
    marc = marc_lines(
        preview.result,
        organization_code=current_app.config["ORGANIZATION_CODE"],
        full=True,
    )
    page = render_template(
        "web/confirm_revert.html",
        authority=current,
        title=current.label or current.id,
        preview=preview,
        conflict=conflict,
        marc=marc,
    )
    return page, status


def _refused(revisions: list[Revision], message: str, status: int) -> tuple[str, int]:
    current = revisions[-1].authority
    page = render_template(
        "web/confirm_revert.html",
        authority=current,
        title=current.label or current.id,
        problem=message,
        history_url=url_for("web.history", authority_id=current.id),
    )
    return page, status
