"""History and revert: ``/authorities/<id>/history.html``, ``…/revert.html?to=<n>``.

The history lists every revision, newest first: its number, when, who (as the
API's public history shows it: the institution; a signed-in person also sees the
name), what made it, and its diff against the revision before (the API's
``domain.diff.changes``: the envelope's values, and whole MARC fields removed and
added, which is how a field edited in place reads in a MARC editor's history too).

Revert is "check your answers": the confirmation page shows what the record will
become and what changes against now; the form carries the revision the person saw
as current, and the service refuses the revert when another write came first
(the conflict is shown, nothing is overwritten). Going back across a merge, a
delete or a restore is an admin's (the service's rule, shown before the button).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from authority.domain import Authority
from authority.domain.diff import changes
from authority.domain.history import Revision
from authority.domain.tokens import Role
from authority.errors import (
    NotAllowedError,
    NotFoundError,
    NotWritableError,
    RevisionMismatchError,
    ValidationError,
)
from authority.extension import services
from authority.service.lifecycle import keeping_moved, lifecycle_after, revision_of
from authority.web import display, labels
from authority.web.blueprint import blueprint
from authority.web.marc_view import MarcLine, lines_of_changes, marc_lines
from authority.web.record import done
from authority.web.session import Principal, current_principal, require

MAX_DIGITS = 9
"""A revision number longer than this is no revision of ours (and no int64 risk)."""


@dataclass(frozen=True)
class Diff:
    """What one revision changed: envelope values, and MARC lines out and in."""

    envelope: tuple[tuple[str, str, str], ...]
    """(what, from, to), named for people."""
    lines: tuple[tuple[str, MarcLine], ...]
    """("removed" | "added", line), by tag, a field's old line before its new."""

    @property
    def empty(self) -> bool:
        """True when the revision changed nothing a reader can see."""
        return not (self.envelope or self.lines)


@dataclass(frozen=True)
class Entry:
    """One revision as the history page shows it."""

    number: int
    recorded: display.Moment | None
    who: str
    action: str
    diff: Diff
    revertible: bool
    """Whether the person at the screen may revert to it (never the current one)."""


@blueprint.get("/authorities/<id:authority_id>/history.html")
def history(authority_id: str) -> ResponseReturnValue:
    """Every revision with its diff; Revert for those who may."""
    principal = current_principal()
    revisions = _history_or_404(authority_id)
    entries = _entries(revisions, principal)
    current = revisions[-1].authority
    return render_template(
        "web/history.html",
        authority=current,
        title=current.label or authority_id,
        entries=entries,
    )


def _history_or_404(authority_id: str) -> list[Revision]:
    try:
        return services().reading.history(authority_id)
    except NotFoundError:
        raise NotFound(f"no authority {authority_id}") from None


def _entries(revisions: Sequence[Revision], principal: Principal | None) -> list[Entry]:
    private = principal is not None
    admin = principal is not None and principal.may(Role.ADMIN)
    history = list(revisions)
    newest = history[-1].authority.revision
    entries, before = [], None
    for r in history:
        number = r.authority.revision
        revertible = private and number != newest
        if revertible and not admin:
            revertible = not lifecycle_after(history, r.authority)
        entries.append(
            Entry(
                number=number,
                recorded=display.moment(r.recorded),
                who=_who(r, private),
                action=labels.named(labels.ACTIONS, r.action),
                diff=diff(before, r.authority, private),
                revertible=revertible,
            )
        )
        before = r.authority
    return entries[::-1]


def _who(revision: Revision, private: bool) -> str:
    """The institution; with the name too for a signed-in person (the API's rule)."""
    actor = revision.actor
    if private and actor.name and actor.institution:
        return f"{actor.name} ({actor.institution})"
    if private and actor.name:
        return actor.name
    return actor.institution or "–"


def diff(before: Authority | None, after: Authority, private: bool) -> Diff:
    """The changes from ``before`` to ``after`` as the pages show them."""
    found = changes(before, after, private=private)
    envelope = tuple(
        (
            labels.named(labels.ENVELOPE, c["what"]),
            _envelope_value(c["what"], c["from"]),
            _envelope_value(c["what"], c["to"]),
        )
        for c in found
        if c["change"] == "changed"
    )
    removed = lines_of_changes(c["field"] for c in found if c["change"] == "removed")
    added = lines_of_changes(c["field"] for c in found if c["change"] == "added")
    lines = [("removed", line) for line in removed] + [
        ("added", line) for line in added
    ]
    lines.sort(key=lambda pair: pair[1].tag)  # stable: removed before added
    return Diff(envelope, tuple(lines))


def _envelope_value(what: str, value: str | None) -> str:
    if value is None:
        return "–"
    if what == "status":
        return labels.named(labels.STATUSES, value)
    return value


# Revert


@blueprint.route("/authorities/<id:authority_id>/revert.html", methods=["GET", "POST"])
def revert(authority_id: str) -> ResponseReturnValue:
    """GET: what the record will become. POST: revert, from the revision seen."""
    principal = require(Role.CATALOGUER)
    revisions = _history_or_404(authority_id)
    number = revision_number(request.values.get("to"))
    if number is None:
        message = _("Choose a revision to go back to from the history.")
        return _refused(authority_id, revisions, message, 400)
    try:
        preview = _preview(revisions, number, principal)
    except ValidationError:
        message = _("This authority has no revision %(number)s.", number=number)
        return _refused(authority_id, revisions, message, 404)
    if request.method == "GET" or preview["refusal"]:
        return _confirm(preview, 403 if preview["refusal"] else 200)
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
        fresh = _preview(_history_or_404(authority_id), number, principal)
        return _confirm(fresh, 409, conflict=error)
    except (NotAllowedError, NotWritableError) as error:
        return _confirm({**preview, "refusal": str(error)}, 403)
    if stored.revision == preview["current"].revision:
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


def _preview(
    revisions: list[Revision], number: int, principal: Principal
) -> dict[str, Any]:
    """What reverting to ``number`` makes of the authority, and who may do it.

    Raises ValidationError when the history has no such revision.
    """
    old = revision_of(revisions, number).authority
    current = revisions[-1].authority
    back = keeping_moved(old, current, revisions).with_envelope(
        revision=current.revision, provenance=current.provenance
    )
    undone = lifecycle_after(revisions, old)
    refusal = None
    if undone and not principal.may(Role.ADMIN):
        refusal = _(
            "Going back to revision %(number)s would undo a merge, a delete or a "
            "restore. Only an administrator may do that.",
            number=number,
        )
    return {
        "authority": current,
        "current": current,
        "number": number,
        "result": back,
        "diff": diff(current, back, True),
        "refusal": refusal,
    }


def _confirm(
    preview: dict[str, Any], status: int, conflict: RevisionMismatchError | None = None
) -> tuple[str, int]:
    current = preview["current"]
    return (
        render_template(
            "web/confirm_revert.html",
            title=current.label or current.id,
            conflict=conflict,
            marc=_result_lines(preview["result"]),
            **preview,
        ),
        status,
    )


def _result_lines(result: Authority) -> list[MarcLine]:
    return marc_lines(
        result, organization_code=current_app.config["ORGANIZATION_CODE"], full=True
    )


def _refused(
    authority_id: str, revisions: list[Revision], message: str, status: int
) -> tuple[str, int]:
    current = revisions[-1].authority
    return (
        render_template(
            "web/confirm_revert.html",
            authority=current,
            current=current,
            title=current.label or authority_id,
            problem=message,
            history_url=url_for("web.history", authority_id=authority_id),
        ),
        status,
    )
