"""The history of an authority: ``/authorities/<id>/history.html``.

The history lists every revision, newest first: its number, when, who (as the
API's public history shows it: the institution; a signed-in person also sees the
name), what made it, and its diff against the revision before (the API's
``domain.diff.changes``: the envelope's values, and whole MARC fields removed and
added, which is how a field edited in place reads in a MARC editor's history too).

Each earlier revision offers Revert (``web/reverting.py``) to those who may: a
signed-in cataloguer, and only an admin across a merge, a delete or a restore (the
service's rule, ``service/lifecycle.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import render_template
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from authority.domain import Authority
from authority.domain.diff import changes
from authority.domain.history import Revision
from authority.domain.tokens import Role
from authority.errors import (
    NotFoundError,
)
from authority.extension import services
from authority.service.lifecycle import lifecycle_after
from authority.web import display, labels
from authority.web.blueprint import blueprint
from authority.web.marc_view import MarcLine, lines_of_changes
from authority.web.session import Principal, current_principal


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
    revisions = history_or_404(authority_id)
    entries = _entries(revisions, principal)
    current = revisions[-1].authority
    return render_template(
        "web/history.html",
        authority=current,
        title=current.label or authority_id,
        entries=entries,
    )


def history_or_404(authority_id: str) -> list[Revision]:
    """Every revision of ``authority_id``, oldest first; 404 when it has none."""
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
