"""What every stored authority obeys, and the dates a write stamps on it.

Shared by loading (a source's records) and by cataloguing (a cataloguer's edits),
so both store records by the same rules.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from authority.domain import Authority, Status
from authority.domain.checks import (
    overlong_identifiers,
    oversized,
    shape_problems,
    unwritable_characters,
    unwritable_text,
)
from authority.domain.ids import MINTED_ID_START, is_valid_id
from authority.domain.view import kind_of
from authority.errors import Problem, ValidationError

MINTED_EXAMPLE = str(MINTED_ID_START)
"""An id of the kind a write mints, to check a record that has none yet."""


def validate(authority: Authority) -> None:
    """Structural rules every stored authority obeys; all problems are reported.

    No character that MARC or XML cannot carry (``checks.UNWRITABLE``), anywhere.
    """
    problems = []
    if not is_valid_id(authority.id):
        problems.append(Problem(f"{authority.id!r} is not a valid authority id", "id"))
    heading_kind = kind_of(authority.fields)
    if heading_kind is None:
        problems.append(Problem("the record has no heading (1XX field)", "1XX"))
    elif heading_kind is not authority.kind:
        problems.append(
            Problem(
                f"kind is {authority.kind} but the 1XX names a {heading_kind}", "kind"
            )
        )
    if authority.status is Status.MERGED and not authority.merged_into:
        problems.append(
            Problem("a merged authority needs the id it was merged into", "merged_into")
        )
    if authority.merged_into == authority.id:
        problems.append(
            Problem("an authority cannot be merged into itself", "merged_into")
        )
    problems.extend(shape_problems(authority.fields))  # what ISO 2709 cannot write
    problems.extend(overlong_identifiers(authority.fields))  # indexed: bounded
    problems.extend(oversized(authority.fields))  # every form reads it back
    problems.extend(unwritable_characters(authority.fields, authority.leader))
    problems.extend(unwritable_text(authority.provenance.origin, "origin"))
    if problems:
        raise ValidationError(problems)


def validate_incoming(authority: Authority) -> None:
    """:func:`validate` for a source's record, as ``upsert_from_source`` checks it.

    A record without an id (a foreign one: its control number moved to 035) is
    stored under an id minted for it, so it is checked under such an id.
    """
    validate(authority if authority.id else authority.with_envelope(id=MINTED_EXAMPLE))


def stamped(
    authority: Authority, touch: bool = False, created: datetime | None = None
) -> Authority:
    """Fill in the dates the caller did not give (``created`` is the stored one).

    A source's own modification time (``lastUpdateDate``, 005) is kept; ``touch``
    marks an edit made here, which is modified now whatever the input says.
    """
    now = datetime.now(UTC)
    given = authority.provenance
    provenance = replace(
        given,
        created=given.created or created or now,
        modified=now if touch else (given.modified or now),
    )
    return authority.with_envelope(provenance=provenance)
