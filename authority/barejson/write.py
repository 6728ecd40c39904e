"""The entity model -> BARE's REST JSON: one record out (:func:`to_bare_json`).

The record as ``GET .../authorities/v2/<id>`` gave it, keys in BARE's order:
- ``authorityType`` as the record came (``CONFERENCE``), else from the kind
  (``PERSON``, ``CORPORATION``, ``MEETING``); kinds BARE never had (topic, place,
  work, family, genre_form) give the kind upper-cased (``TOPIC``, ``GENRE_FORM``),
  which is our extension;
- ``status`` is the quality level, ``deleted`` is "not active", ``replacedBy`` is the
  successor or ``"0"``, dates are Norwegian time as ``YYYY-MM-DD HH:MM:SS.mmm``;
- ``marcdata`` is the variable fields in stored order, without the 024s that
  ``identifiersMap`` carries and without a stored 901 (BARE's JSON has the level in
  ``status`` only); control fields (00X) have no place in it;
- ``identifiersMap`` has one list per scheme of the 024s with ``$a`` and ``$2``, the
  values as received, plus ``scn`` in its 2025 form (``oai:bibsys.no:authority:<id>``
  and the id).

Output normalisations, where a sample says more than we can know:
- ``scn`` is always the 2025 form (older responses have only ``[<id>]``);
- ``replacedBy`` is always present (``"0"`` when there is no successor);
- a scheme with no values has no key (create responses have ``"autid": []``).

Public output (the default) leaves out private identifiers (feide, orgunitid) and
internal notes (667); ``full=True`` is the cataloguers' view with everything.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from authority.barejson.envelope import AUTHORITY_TYPES, DATE_FORMAT, TYPE_NAMES
from authority.domain import Authority, Field, Status
from authority.domain.carried import Carried
from authority.domain.identifiers import scheme_for_marc_code
from authority.domain.local_time import OSLO
from authority.marc import tags

IDENTIFIER_TAG = "024"
OAI_PREFIX = "oai:bibsys.no:authority:"


def to_bare_json(authority: Authority, *, full: bool = False) -> dict[str, Any]:
    """The authority as BARE's REST JSON for one record (see the module docstring)."""
    fields = authority.fields if full else authority.public_fields
    provenance = authority.provenance
    return {
        "authorityType": _authority_type(authority),
        "status": authority.quality.value if authority.quality else None,
        "origin": provenance.origin,
        "deleted": authority.status is not Status.ACTIVE,
        "systemControlNumber": authority.id,
        "lastUpdateDate": _bare_date(provenance.modified),
        "createdDate": _bare_date(provenance.created),
        "replacedBy": authority.merged_into or "0",
        "marcdata": [_bare_field(f) for f in fields if _in_marcdata(f)],
        "identifiersMap": _identifiers_map(authority.id, fields),
    }


def _authority_type(authority: Authority) -> str:
    """The name the record came with (``CONFERENCE``) while it is still that kind."""
    bare_type = authority.bare_type
    if bare_type and AUTHORITY_TYPES.get(bare_type) is authority.kind:
        return bare_type
    return TYPE_NAMES[authority.kind]


def _in_marcdata(f: Field) -> bool:
    # BARE's marcdata held variable fields only; its 024s came from identifiersMap,
    # and its quality level from status (a stored 901 says more than BARE could).
    return (
        not f.is_control
        and f.tag >= "010"
        and f.tag != tags.QUALITY_LEVEL
        and not _carried_identifier(f)
    )


def _carried_identifier(f: Field) -> bool:
    """True for a 024 that identifiersMap gives back (one with ``$a`` and ``$2``)."""
    return f.tag == IDENTIFIER_TAG and bool(f.first("2")) and f.first("a") is not None


def _bare_field(f: Field) -> dict[str, Any]:
    return {
        "tag": f.tag,
        "ind1": f.ind1,
        "ind2": f.ind2,
        "subfields": [{"subcode": s.code, "value": s.value} for s in f.subfields],
    }


def _identifiers_map(id_: str, fields: tuple[Field, ...]) -> dict[str, list[str]]:
    identifiers: dict[str, list[str]] = {"scn": [OAI_PREFIX + id_, id_]}
    for f in filter(_carried_identifier, fields):
        name = scheme_for_marc_code(f.first("2") or "").name
        identifiers.setdefault(name, []).append(f.first("a") or "")
    return identifiers


def _bare_date(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # BARE's own dates had no zone and meant Oslo time
        moment = moment.replace(tzinfo=OSLO)
    local = moment.astimezone(OSLO)
    # Truncated, not rounded, to milliseconds: .9996 must not become .1000.
    return f"{local:%Y-%m-%d %H:%M:%S}.{local.microsecond // 1000:03d}"


def as_bare_date(moment: datetime) -> datetime | None:
    """A time as BARE JSON writes it and reads it back: milliseconds, Oslo time."""
    return datetime.strptime(_bare_date(moment) or "", DATE_FORMAT).replace(tzinfo=OSLO)


CARRIED = Carried(leader=False, modified=as_bare_date, created=as_bare_date)
"""What BARE JSON says of an authority: no leader; times to the millisecond
(authority.domain.carried)."""
