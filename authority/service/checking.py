"""A cataloguer's edit checked: errors that refuse it, warnings that do not.

The record's own checks (domain/checks.py) and the service's rules (validate) are
joined by what needs the database: every relation target must exist and not be
deleted. A problem the stored record already had, in a field the edit left as it
was, is a warning: the edit did not cause it, and refusing the edit would not fix
it (the legacy register refused whole records for untouched fields).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from authority.domain import Authority, Status
from authority.domain.checks import problems as record_problems
from authority.domain.ids import MINTED_ID_START
from authority.errors import Problem, ValidationError
from authority.service.records import validate


def checked(
    edited: Authority,
    stored: Authority | None,
    status_of: Callable[[str], Status | None],
) -> list[Problem]:
    """The warnings of an edit that may be saved; ValidationError listing the errors.

    ``status_of`` gives a stored authority's status (None: no such id).
    """
    before = set(all_problems(stored, status_of)) if stored else set()
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for problem in dict.fromkeys(all_problems(edited, status_of)):
        untouched = stored is not None and _same_fields(stored, edited, problem.where)
        (warnings if problem in before and untouched else errors).append(problem)
    if errors:
        raise ValidationError(errors, warnings)
    return warnings


def all_problems(
    authority: Authority, status_of: Callable[[str], Status | None]
) -> list[Problem]:
    """Every problem of an authority: the rules, the record's checks, relations."""
    return [
        *_rules(authority),
        *record_problems(authority),
        *_relation_problems(authority, status_of),
    ]


def _rules(authority: Authority) -> list[Problem]:
    # A new record without an id gets one minted at creation: no id problem yet.
    placeholder = authority.id or str(MINTED_ID_START)
    try:
        validate(authority.with_envelope(id=placeholder))
    except ValidationError as error:
        return list(error.problems)
    return []


def _relation_problems(
    authority: Authority, status_of: Callable[[str], Status | None]
) -> Iterator[Problem]:
    for relation in authority.relations:
        target = relation.target_id
        if target is None:
            continue
        status = status_of(target)
        if status is None:
            yield Problem(f"{relation.tag} points at {target}, which does not exist",
                          relation.tag)  # fmt: skip
        elif status is Status.DELETED:
            yield Problem(f"{relation.tag} points at {target}, which is deleted",
                          relation.tag)  # fmt: skip


def _same_fields(before: Authority, after: Authority, where: str | None) -> bool:
    """True when the fields a problem names are the same before and after."""
    if where is None or not where[:1].isdigit():
        return True  # not about a field (the id, the kind): it was so before
    prefix = where[:3].replace("X", "")
    return [f for f in before.fields if f.tag.startswith(prefix)] == [
        f for f in after.fields if f.tag.startswith(prefix)
    ]
