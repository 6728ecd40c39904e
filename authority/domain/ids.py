"""Authority ids: what a valid id looks like and the legacy forms that name one.

Ids are kept exactly as the legacy system issued them: BARE's ``systemControlNumber``
(digits: up to 8 for Adabas records, 13 for records created since about 2015) and the
subject vocabularies' ids (``NTUB00001``, ``HUME28807``, ``REAL000011``). New ids are
minted from a database sequence that starts above every legacy id (see
``MINTED_ID_START``), so they stay numeric and ``(NO-TrBIB)<id>`` keeps working in Alma.
"""

from __future__ import annotations

import re

MINTED_ID_START = 20_000_000_000_000
"""First minted id: 14 digits, above every legacy scn (8, or 13-digit epoch-ms)."""

ID_PATTERN = re.compile(r"^(?:\d{1,18}|[A-Z]{2,8}\d{1,12})$")
"""A legacy scn, a minted id, or a vocabulary id."""

REGISTER_AGENCY = "NO-TrBIB"
"""The register's MARC organization code: ``(NO-TrBIB)90517730`` links one of ours."""
VOCABULARY_AGENCY = "NoOU"
"""UiO's: it publishes the vocabularies we host (Realfagstermer, lskjema) and links
their terms as ``(NoOU)REAL000011``, a vocabulary id, never a bare number."""

_LINKING_FORM = re.compile(
    rf"^\((?i:{re.escape(REGISTER_AGENCY)})\)\s*(\S+)$"
    rf"|^\((?i:{re.escape(VOCABULARY_AGENCY)})\)\s*([A-Z]{{2,8}}\d{{1,12}})$"
)


def is_valid_id(value: str) -> bool:
    """True when ``value`` has the shape of an authority id."""
    return bool(ID_PATTERN.match(value))


def _digits(text: str) -> bool:
    # ASCII digits only: str.isdigit() is also true of "¹" and "٣", which int() refuses
    # or reads as another number.
    return text.isascii() and text.isdigit()


def is_minted(authority_id: str) -> bool:
    """True for an id this register minted (never a legacy one)."""
    return _digits(authority_id) and int(authority_id) >= MINTED_ID_START


def autid(authority_id: str) -> str | None:
    """The legacy x-autid (``x`` + the scn zero-padded to 8), for legacy numeric ids."""
    if _digits(authority_id) and len(authority_id) <= 8:
        return f"x{int(authority_id):08d}"
    return None


def linking_form(authority_id: str, agency: str = REGISTER_AGENCY) -> str:
    """The ``$0`` link to an authority, as Alma writes it: ``(<agency>)<id>``."""
    return f"({agency}){authority_id}"


def from_linking_form(value: str) -> str | None:
    """The id in a ``$0`` link: ``(NO-TrBIB)90517730`` or a bare id; else None."""
    text = value.strip()
    match = _LINKING_FORM.match(text)
    candidate = (match.group(1) or match.group(2)) if match else text
    return candidate if is_valid_id(candidate) else None
