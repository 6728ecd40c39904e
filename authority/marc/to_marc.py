"""The entity model -> a MARC21 authority record (pymarc), as BARE emitted it.

The canonical content comes out as stored. Around it, output generates what the
envelope holds: the leader (status in /05, Unicode in /09), 001 (the id), 003 (our
organization code, unless the record has its own), 005 (modification time), 008
(BARE's fixed pattern behind the date entered on file, unless stored), a 682 naming
the successor of a merged record, and 901 (the quality level). Generated fields go in
tag order among the stored ones; stored fields never move.

Public output (the default) leaves out private identifiers (feide, orgunitid) and
internal notes (667); ``full=True`` is the cataloguers' view with everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from pymarc import Leader, Record

from authority.domain import Authority, Field, Status, Subfield
from authority.domain.ids import REGISTER_AGENCY, linking_form
from authority.domain.local_time import OSLO
from authority.marc import tags
from authority.marc.read import marc_field


@dataclass(frozen=True)
class MarcOutput:
    """A record ready for a serializer: the leader and every field, in order."""

    leader: str
    fields: tuple[Field, ...]

    def to_pymarc(self) -> Record:
        """The same record as a pymarc record."""
        record = Record()
        record.leader = Leader(self.leader)
        record.fields = [marc_field(f) for f in self.fields]
        return record


def marc_output(
    authority: Authority,
    *,
    organization_code: str = REGISTER_AGENCY,
    full: bool = False,
) -> MarcOutput:
    """The authority as MARC: stored fields plus what the envelope generates.

    The serializers work on this directly (no pymarc objects on the hot path of a
    dump); :func:`to_marc` gives the same record as a pymarc record.
    """
    stored = authority.fields if full else authority.public_fields
    fields = _with_generated(stored, _generated(authority, organization_code, stored))
    control_number = Field(tags.CONTROL_NUMBER, data=authority.id)
    return MarcOutput(_leader(authority), (control_number, *fields))


def to_marc(
    authority: Authority,
    *,
    organization_code: str = REGISTER_AGENCY,
    full: bool = False,
) -> Record:
    """The authority as a pymarc record (see :func:`marc_output`)."""
    output = marc_output(authority, organization_code=organization_code, full=full)
    return output.to_pymarc()


def _generated(
    authority: Authority, organization_code: str, stored: tuple[Field, ...]
) -> list[Field]:
    """The envelope's fields, each only where the content has none of its tag."""
    present = {f.tag for f in stored}
    modified, created = authority.provenance.modified, authority.provenance.created
    candidates = [
        (tags.CONTROL_NUMBER_IDENTIFIER, organization_code),
        (tags.LATEST_TRANSACTION, modified and generated_005(modified)),
        (tags.FIXED_LENGTH_DATA, created and generated_008(created)),
    ]
    generated = [Field(tag, data=data) for tag, data in candidates if data]
    if authority.status is Status.MERGED and authority.merged_into:
        generated.append(replaced_by_field(authority.merged_into, organization_code))
    if authority.quality is not None:
        generated.append(
            Field(tags.QUALITY_LEVEL, subfields=(Subfield("a", authority.quality),))
        )
    return [f for f in generated if f.tag not in present]


def _with_generated(stored: Iterable[Field], generated: Iterable[Field]) -> list[Field]:
    """Each generated field goes before the first stored field with a higher tag."""
    fields = list(stored)
    for new in generated:
        at = next((i for i, f in enumerate(fields) if f.tag > new.tag), len(fields))
        fields.insert(at, new)
    return fields


# Leader


def _leader(authority: Authority) -> str:
    """The stored (or BARE's) leader with status, Unicode and structure set."""
    stored = authority.leader or tags.DEFAULT_LEADER
    status_code = stored[5]
    if tags.LEADER_STATUS.get(status_code, Status.ACTIVE) is not _leader_status(
        authority.status
    ):
        status_code = tags.STATUS_LEADER[authority.status]
    return _structural(stored[:5] + status_code + stored[6:])


def _leader_status(status: Status) -> Status:
    return Status.DELETED if status is Status.MERGED else status


def _structural(leader: str) -> str:
    """Lengths zeroed (serializers compute them), /09 ``a``, /10-11 and /20-23 fixed."""
    return f"00000{leader[5:9]}a2200000{leader[17:20]}4500"


def generated_leader(status: Status) -> str:
    """The leader output writes for a record with no stored leader."""
    default = tags.DEFAULT_LEADER
    return _structural(default[:5] + tags.STATUS_LEADER[status] + default[6:])


def same_leader(received: str, generated: str) -> bool:
    """True when ``received`` says nothing that ``generated`` does not."""
    return len(received) == 24 and _structural(received) == generated


# 005, 008, 682


def generated_005(modified: datetime) -> str:
    """``yyyymmddhhmmss.f`` in Norwegian time, as BARE wrote it."""
    local = modified.astimezone(OSLO)
    return local.strftime("%Y%m%d%H%M%S") + f".{local.microsecond // 100_000}"


def generated_008(created: datetime) -> str:
    """BARE's 008: the date entered on file and a fixed pattern."""
    local = created.astimezone(OSLO)
    return f"{local.year % 100:02d}{local.month:02d}{local.day:02d}{tags.BARE_008_TAIL}"


def replaced_by_field(successor: str, organization_code: str) -> Field:
    """``682 ## $i Replaced by $0 (<org>)<id>``: where a merged record went."""
    return Field(
        tags.DELETED_HEADING,
        subfields=(
            Subfield("i", tags.REPLACED_BY_TEXT),
            Subfield("0", linking_form(successor, organization_code)),
        ),
    )
