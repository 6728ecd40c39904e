"""The small tables that drive MARC reading and writing.

What a tag *means* for the view (heading kinds, relation codes, note types) lives in
``domain/view.py``, because the canonical content is the MARC field list and the view
is read from it. The tables here are about the MARC record as a *record*: its leader,
the control fields that output generates, and the local fields BARE added.
"""

from __future__ import annotations

from authority.domain import QualityLevel, Status

# Leader

DEFAULT_LEADER = "00000nz  a2200000n  4500"
"""BARE's leader (``99999nz  a2299999n  4500`` with real lengths): a new, complete,
Unicode authority record."""

LEADER_STATUS: dict[str, Status] = {
    "a": Status.ACTIVE,  # increase in encoding level
    "c": Status.ACTIVE,  # corrected or revised
    "n": Status.ACTIVE,  # new
    "d": Status.DELETED,  # deleted
    "s": Status.DELETED,  # deleted; heading split into two or more headings
    "x": Status.DELETED,  # deleted; heading replaced by another heading
    "o": Status.DELETED,  # obsolete
}
"""Leader/05 -> status; ``s``/``x`` with a known successor become merged."""

STATUS_LEADER: dict[Status, str] = {
    Status.ACTIVE: "n",
    Status.DELETED: "d",
    Status.MERGED: "x",
}
"""Status -> leader/05 on output, unless the stored leader already agrees."""

REPLACED_CODES = frozenset("sx")
"""Leader/05 codes that say another heading replaced this one."""

# Control fields

REGENERATED_TAGS = frozenset({"001", "005"})
"""Always written from the envelope (id, modification time), never stored."""

CONTROL_NUMBER = "001"
CONTROL_NUMBER_IDENTIFIER = "003"
LATEST_TRANSACTION = "005"
FIXED_LENGTH_DATA = "008"
SYSTEM_CONTROL_NUMBER = "035"
"""Where a foreign record's own ``(003)001`` goes when it gets one of our ids."""

BARE_008_TAIL = "n| adz|naabn|         |a|ana|     "
"""008/06-39 as BARE generated it for every record (domain/bare.md §5)."""

SUBJECT_008 = "|||{record_kind}nz|nb{subject_use}bn          |a|ana|||| d"
"""008/06-39 in roald's pattern for subject terms, with 008/09 (kind of record) and
008/15 (heading use as a subject added entry) to fill in: ``a`` and ``a`` for a term."""

CATALOGUING_SOURCE = "040"

MAYBE_REGENERATED = frozenset({"001", "003", "005", "008", "682", "901"})
"""Tags that from_marc may leave out because output writes them back identically."""

# 682 — Deleted Heading Information (the successor of a replaced heading)

DELETED_HEADING = "682"
REPLACED_BY_TEXT = "Replaced by"
"""``682 $i`` of the 682 that output generates for a merged authority."""

# 66X-68X — Notes

NOTE_TEXT_CODES: dict[str, str] = {
    "667": "a",  # Nonpublic General Note
    "670": "a",  # Source Data Found
    "672": "a",  # Title Related to the Entity
    "675": "a",  # Source Data Not Found
    "677": "a",  # Definition
    "678": "a",  # Biographical or Historical Data
    "680": "i",  # Public General Note
    "681": "i",  # Subject Example Tracing Note
    "682": "i",  # Deleted Heading Information
    "688": "a",  # Application History Note
}
"""Note tag -> the subfield a note's text is written in, when a source makes one."""

# 901 — Local: quality level (BARE)

QUALITY_LEVEL = "901"
QUALITY_VALUES = frozenset(q.value for q in QualityLevel)

# 950 — Local: what a source says that no MARC field holds

LOCAL_FIELD = "950"
"""``950 $a <name> $b <text>``: a source's statement kept as it was, by its name."""
