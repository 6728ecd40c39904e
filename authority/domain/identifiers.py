"""External identifier schemes: canonical forms, URIs, privacy and uniqueness.

An identifier keeps the value exactly as received (``original``) beside one canonical
form per scheme (``value``), so that ``https://isni.org/isni/0000000121312247``,
``0000000121312247`` and ``0000 0001 2131 2247`` are recognised as the same ISNI
while the record still says what it said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from authority.domain.ids import REGISTER_AGENCY

MAX_IDENTIFIER = 500
"""Characters an identifier may have (a write with a longer one is refused): the
identifier index is a btree, whose rows PostgreSQL bounds at 2,704 bytes, and the
schemes' patterns are searched, which costs the square of the length (a Handle of
20,000 digits took 12 s). The longest real ones, Handle and Bibbi URIs, are under 100.
"""


@dataclass(frozen=True)
class Scheme:
    """What we know about one identifier scheme."""

    name: str
    marc_code: str
    """The ``024 $2`` code BARE used for it."""
    pattern: re.Pattern[str] | None = None
    """Extracts the canonical value (group 1) from any historical form."""
    uri_template: str | None = None
    private: bool = False
    """Never shown in public output (feide user names, internal unit ids)."""
    unique: bool = False
    """At most one authority may hold a given value."""

    folded: bool = False
    """Spaces dropped and letters upper-cased before matching (ISNI: ``... 224x``)."""

    def canonical(self, original: str) -> str:
        """The canonical form of ``original`` (the trimmed original if unrecognised)."""
        text = original.strip()
        if len(text) > MAX_IDENTIFIER:  # no real one is; and the patterns backtrack
            return text
        if self.folded:
            text = text.replace(" ", "").upper()
        match = self.pattern.search(text) if self.pattern else None
        return match.group(1) if match else text

    def recognises(self, value: str) -> bool:
        """True when ``value`` is a canonical value of this scheme (not junk kept)."""
        return self.pattern is None or self.pattern.fullmatch(value) is not None


_SCHEMES = (
    # BARE's 024 order first: autid, hdl, isni, viaf, bibbi (domain/bare.md §5).
    Scheme("autid", REGISTER_AGENCY, re.compile(r"^(x\d+)$"), unique=True),
    Scheme(
        "handle",
        "hdl",
        re.compile(r"(?:hdl\.handle\.net/)?(\d+(?:\.\d+)*/\S+)$"),
        "https://hdl.handle.net/{}",
        unique=True,
    ),
    Scheme(
        "isni",
        "isni",
        re.compile(r"(\d{15}[\dX])$"),
        "https://isni.org/isni/{}",
        folded=True,
    ),
    Scheme("viaf", "viaf", re.compile(r"(\d+)/?$"), "https://viaf.org/viaf/{}"),
    Scheme("bibbi", "bibbi", re.compile(r"(\d+)$"), "https://id.bs.no/bibbi/{}"),
    Scheme(
        "orcid",
        "orcid",
        re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$"),
        "https://orcid.org/{}",
    ),
    Scheme(
        "wikidata",
        "wikidata",
        re.compile(r"(Q\d+)$"),
        "http://www.wikidata.org/entity/{}",
    ),
    Scheme("gnd", "gnd", re.compile(r"([\dX-]+)$"), "https://d-nb.info/gnd/{}"),
    Scheme("feide", "feide", private=True),
    Scheme("orgunitid", "orgunitid", private=True),
)

SCHEMES: dict[str, Scheme] = {s.name: s for s in _SCHEMES}
"""Known schemes by name; order is BARE's 024 output order."""

BY_MARC_CODE: dict[str, Scheme] = {s.marc_code.lower(): s for s in _SCHEMES}


def scheme(name: str) -> Scheme:
    """The scheme called ``name``; unknown names get an opaque, public scheme."""
    return SCHEMES.get(name) or Scheme(name, name)


def scheme_for_marc_code(code: str) -> Scheme:
    """The scheme behind a ``024 $2`` code (case-insensitive: BARE has ``No-TrBIB``)."""
    return BY_MARC_CODE.get(code.lower()) or Scheme(code, code)


@dataclass(frozen=True)
class Identifier:
    """An external identifier of an authority."""

    scheme: str
    value: str
    """Canonical form (see :meth:`Scheme.canonical`)."""
    original: str
    """Exactly as received."""

    @classmethod
    def parse(cls, scheme_name: str, original: str) -> Identifier:
        """Identifier of ``scheme_name`` from a value in any historical form."""
        return cls(scheme_name, scheme(scheme_name).canonical(original), original)

    @property
    def private(self) -> bool:
        """True when this identifier must stay out of public output."""
        return scheme(self.scheme).private

    @property
    def uri(self) -> str | None:
        """The canonical URI, for schemes that have one and values they recognise."""
        known = scheme(self.scheme)
        if known.uri_template is None or not known.recognises(self.value):
            return None
        return known.uri_template.format(self.value)
