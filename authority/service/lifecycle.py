"""What a merge and a revert make of authorities: pure functions, no transaction.

A merge makes the loser a redirect to the survivor for ever (301). The loser's
heading becomes a see-from on the survivor, its identifiers move there (a unique
one can only have one holder), and every relation that pointed at the loser is
rewritten to point at the survivor, so no link is left dangling. A revert goes
back to an earlier revision's content and status, keeping the identifiers merges
moved here since; going back across a change of status is an admin's.
"""

from __future__ import annotations

from collections.abc import Sequence

from authority.domain import Authority, Field, Status, Subfield
from authority.domain.history import Revision
from authority.domain.ids import linking_form
from authority.domain.view import relations
from authority.errors import Problem, ValidationError


def with_see_from(survivor: Authority, loser: Authority) -> Authority:
    """The survivor with the loser's heading as a see-from (4XX), unless it has it."""
    heading = loser.heading
    if heading is None or loser.label in {v.label for v in survivor.variants}:
        return survivor
    if loser.label == survivor.label:
        return survivor
    see_from = Field(
        "4" + heading.tag[1:], heading.ind1, heading.ind2, heading.subfields
    )
    fields = list(survivor.fields)
    last_4xx = max(
        (n for n, f in enumerate(fields) if f.tag.startswith("4")), default=None
    )
    at = last_4xx + 1 if last_4xx is not None else _after_heading(fields)
    fields.insert(at, see_from)
    return survivor.with_fields(fields)


def merged(survivor: Authority, loser: Authority) -> Authority:
    """The survivor as a merge of ``loser`` into it leaves it (not yet stamped).

    The loser's heading as a see-from, the loser's identifiers it does not hold
    yet, and its relations to the loser dropped (they would point at itself).
    """
    moved = [i for i in loser.identifiers if i not in survivor.identifiers]
    kept = with_see_from(survivor, loser).with_identifiers(
        [*survivor.identifiers, *moved]
    )
    return relinked(kept, loser.id, survivor.id)


def _after_heading(fields: Sequence[Field]) -> int:
    return next(
        (n + 1 for n, f in enumerate(fields) if f.tag.startswith("1")), len(fields)
    )


def relinked(authority: Authority, old_id: str, new_id: str) -> Authority:
    """``authority`` with relations to ``old_id`` pointing at ``new_id``.

    A relation that would point at the authority itself (the survivor related to
    the loser) is dropped.
    """
    fields = []
    for f in authority.fields:
        if not f.tag.startswith("5") or f.data is not None:
            fields.append(f)
            continue
        targets = [r.target_id for r in relations((f,))]
        if old_id not in targets:
            fields.append(f)
        elif new_id != authority.id:
            fields.append(_pointed(f, new_id))
    return authority.with_fields(fields)


def _pointed(f: Field, new_id: str) -> Field:
    subfields = [s for s in f.subfields if s.code != "0"]
    return Field(
        f.tag, f.ind1, f.ind2, (*subfields, Subfield("0", linking_form(new_id)))
    )


LIFECYCLE = ("merge", "relink", "delete", "restore")
"""Actions of a history that only an admin may revert across."""


def lifecycle_after(history: list[Revision], old: Authority) -> list[str]:
    """What reverting to ``old`` would undo that only an admin may, said for people.

    Read from the history, not from the status now: a delete and a restore
    leave the status as it was, and are undone all the same.
    """
    return [
        f"the {r.action} of revision {r.authority.revision}"
        if r.action in LIFECYCLE
        else f"the change to {r.authority.status} of revision {r.authority.revision}"
        for r in history
        if r.authority.revision > old.revision
        and (r.action in LIFECYCLE or r.authority.status is not old.status)
    ]


def keeping_moved(
    old: Authority, current: Authority, history: list[Revision]
) -> Authority:
    """``old`` with the identifiers merges after it moved here, if it still has them.

    A merge moves the loser's identifiers to the survivor, and the loser keeps
    none; going back to before the merge must not leave them with no holder
    (``/resolve`` would forget them while the loser still redirects here).
    """
    if old.status is not Status.ACTIVE:
        return old
    moved = []
    before = None
    for r in history:
        if r.authority.revision > old.revision and r.action == "merge" and before:
            moved += [i for i in r.authority.identifiers if i not in before.identifiers]
        before = r.authority
    still_here = [i for i in dict.fromkeys(moved) if i in current.identifiers]
    kept = [i for i in still_here if i not in old.identifiers]
    return old.with_identifiers([*old.identifiers, *kept]) if kept else old


def revision_of(history: list[Revision], number: int) -> Revision:
    """Revision ``number`` of ``history``; ValidationError when there is none."""
    for revision in history:
        if revision.authority.revision == number:
            return revision
    raise ValidationError([Problem(f"there is no revision {number}", "revision")])
