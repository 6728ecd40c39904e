"""Delete and restore, for admins: ``/authorities/<id>/delete.html``, ``restore.html``.

GET asks for confirmation (what happens, which authority), POST does it through
the service, as the API's ``DELETE`` and ``/restore`` do, and goes back to the
record page with a notice. A cataloguer who is not an admin gets 403 (the
workbench's error page), an anonymous visitor the sign-in page. The delete form
and the restore form carry the revision the admin saw: a change made meanwhile is
shown, not deleted or restored unseen.
"""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from authority.domain import Authority, Status
from authority.domain.tokens import Role
from authority.errors import NotWritableError, RevisionMismatchError
from authority.extension import services
from authority.web.blueprint import blueprint
from authority.web.record import done, read_or_404
from authority.web.reverting import revision_number
from authority.web.session import require


@blueprint.route("/authorities/<id:authority_id>/delete.html", methods=["GET", "POST"])
def delete(authority_id: str) -> ResponseReturnValue:
    """Confirm, then make the authority a tombstone (410 for everyone after)."""
    principal = require(Role.ADMIN)  # anonymous: sign in; cataloguer: 403
    authority = read_or_404(authority_id).authority
    if authority.status is not Status.ACTIVE:
        return _confirm("delete", authority, _not_active(authority), 409)
    if request.method == "GET":
        return _confirm("delete", authority)
    expected = revision_number(request.form.get("expected"))
    try:
        services().cataloguing.delete(
            authority_id, expected if expected is not None else -1, principal.actor
        )
    except RevisionMismatchError as error:
        fresh = read_or_404(authority_id).authority
        return _confirm("delete", fresh, _changed(error, "delete"), 409)
    except NotWritableError:
        fresh = read_or_404(authority_id).authority
        return _confirm("delete", fresh, _not_active(fresh), 409)
    return done(_("The authority was deleted. It can be restored."), authority_id)


@blueprint.route("/authorities/<id:authority_id>/restore.html", methods=["GET", "POST"])
def restore(authority_id: str) -> ResponseReturnValue:
    """Confirm, then undo a delete."""
    principal = require(Role.ADMIN)  # anonymous: sign in; cataloguer: 403
    authority = read_or_404(authority_id).authority
    if authority.status is not Status.DELETED:
        message = _("Only a deleted authority can be restored; this one is not.")
        return _confirm("restore", authority, message, 409)
    if request.method == "GET":
        return _confirm("restore", authority)
    expected = revision_number(request.form.get("expected"))
    try:
        services().cataloguing.restore(
            authority_id, principal.actor, expected if expected is not None else -1
        )
    except RevisionMismatchError as error:
        fresh = read_or_404(authority_id).authority
        return _confirm("restore", fresh, _changed(error, "restore"), 409)
    except NotWritableError:
        fresh = read_or_404(authority_id).authority
        message = _("Only a deleted authority can be restored; this one is not.")
        return _confirm("restore", fresh, message, 409)
    return done(_("The authority was restored."), authority_id)


def _changed(error: RevisionMismatchError, action: str) -> str:
    """Someone else wrote first: what the admin is told before trying again."""
    if action == "restore":
        return str(
            _(
                "Someone changed this authority while you were looking at it: it "
                "is now at revision %(current)s, not %(expected)s. Check it again "
                "before you restore it.",
                current=error.current,
                expected=error.expected,
            )
        )
    return str(
        _(
            "Someone changed this authority while you were looking at it: it is "
            "now at revision %(current)s, not %(expected)s. Check it again before "
            "you delete it.",
            current=error.current,
            expected=error.expected,
        )
    )


def _not_active(authority: Authority) -> str:
    if authority.status is Status.MERGED:
        return str(_("This authority was merged into another and cannot be deleted."))
    return str(_("This authority is deleted already."))


def _confirm(
    action: str, authority: Authority, problem: str | None = None, status: int = 200
) -> tuple[str, int]:
    page = render_template(
        "web/confirm_lifecycle.html",
        action=action,
        authority=authority,
        title=authority.label or authority.id,
        problem=problem,
    )
    return page, status
