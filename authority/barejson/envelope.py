"""The names of BARE JSON's envelope that both directions share: types and dates.

BARE's dates are in the register's time zone (``OSLO``, from domain/local_time.py).
"""

from __future__ import annotations

from authority.domain import Kind

DATE_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
"""BARE's dates: Norwegian time, no zone, milliseconds."""

AUTHORITY_TYPES: dict[str, Kind] = {
    "PERSON": Kind.PERSON,
    "CORPORATION": Kind.CORPORATE_BODY,
    "CONFERENCE": Kind.MEETING,
    "MEETING": Kind.MEETING,
}
"""``authorityType`` -> kind (BARE used both CONFERENCE and MEETING for 111s)."""

BARE_TYPE_NAMES: dict[Kind, str] = {
    Kind.PERSON: "PERSON",
    Kind.CORPORATE_BODY: "CORPORATION",
    Kind.MEETING: "MEETING",  # BARE's parser side; its services also said CONFERENCE
}
TYPE_NAMES: dict[Kind, str] = {
    kind: BARE_TYPE_NAMES.get(kind, kind.value.upper()) for kind in Kind
}
"""Kind -> ``authorityType``; the kinds BARE never had are our extension."""
