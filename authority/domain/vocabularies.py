"""Which subject vocabulary an authority belongs to: the code its 040 $f gives.

The name register (persons, bodies, meetings …) writes its own code there, or none
(``noraf``, ``bare``): it is no vocabulary. A subject vocabulary's records name
theirs (``humord``, ``noubomn`` for Realfagstermer, ``noubojur``, ``tekord``).
One rule for every reader: the concept scheme of the linked data, and the
vocabulary a search filters by and an OAI-PMH set holds.
"""

from __future__ import annotations

from authority.domain.model import Authority

REGISTER_CODES = frozenset({"noraf", "bare"})
"""040 $f codes of the name register itself: no vocabulary."""


def vocabulary(authority: Authority) -> str | None:
    """The vocabulary code (the first 040 $f, trimmed, lower case), or None."""
    codes = (
        subfield.value
        for field in authority.fields
        if field.tag == "040"
        for subfield in field.subfields
        if subfield.code == "f"
    )
    code = next(codes, "").strip().lower()
    return code if code and code not in REGISTER_CODES else None
