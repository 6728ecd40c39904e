"""What a source's format can say of an authority, and what a load keeps as stored.

A load replaces a stored authority with what a source says of it, but a format says
less than the register holds: MARC has no place for BARE's ``origin`` or its
``CONFERENCE``, BARE JSON none for a leader, 005 keeps tenths of a second and 008 a
day, a public export has no private identifiers or internal notes. What a source
cannot say is kept as stored, and its times are compared at the precision it
carries, so that the register's own export loads back unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from authority.domain.model import Authority, Provenance

Precision = Callable[[datetime], datetime | None]
"""A stored time as a format writes it and reads it back (005: tenths, in Oslo)."""


def exactly(moment: datetime) -> datetime | None:
    """The precision of a format that carries a time as it is."""
    return moment


@dataclass(frozen=True)
class Carried:
    """Which parts of the envelope a source's format carries, and how precisely."""

    origin: bool = True
    bare_type: bool = True
    leader: bool = True
    modified: Precision = exactly
    created: Precision = exactly


EVERYTHING = Carried()
"""A source that says everything (a tombstone made here, a test's record)."""


def older(incoming: Authority, stored: datetime | None, carried: Carried) -> bool:
    """True when the source's version is older than the stored one, at its precision.

    The stored time is cut to what the format would have written (an edit made here
    at ``07:38:24.594`` is ``…24.5`` in 005): equal there is not older.
    """
    modified = incoming.provenance.modified
    if modified is None or stored is None:
        return False
    said = carried.modified(stored)
    return said is not None and modified < said


def kept_as_stored(
    incoming: Authority, stored: Authority, carried: Carried
) -> Authority:
    """``incoming`` with what its source cannot say taken from ``stored``.

    The envelope parts the format has no place for are the stored ones; a time equal
    to the stored one at the format's precision is the stored one; fields equal to
    the stored record's public view in the same version (its public export) are the
    stored fields, private identifiers and internal notes included.
    """
    given, held = incoming.provenance, stored.provenance
    provenance = Provenance(
        origin=given.origin if carried.origin else held.origin,
        created=_same_time(given.created, held.created, carried.created),
        modified=_same_time(given.modified, held.modified, carried.modified),
    )
    # Only the same version's public view (its export): a newer record that lost a
    # private field lost it at its source, and that deletion stands.
    same_version = provenance.modified == held.modified
    public_view = same_version and incoming.fields == stored.public_fields
    return replace(
        incoming,
        fields=stored.fields if public_view else incoming.fields,
        provenance=provenance,
        leader=incoming.leader if carried.leader else stored.leader,
        bare_type=incoming.bare_type if carried.bare_type else stored.bare_type,
    )


def _same_time(
    given: datetime | None, held: datetime | None, precision: Precision
) -> datetime | None:
    """``held`` when ``given`` is it as the format carries it, else ``given``."""
    if given is not None and held is not None and precision(held) == given:
        return held
    return given
