"""The sets a harvester may ask for, each a filter on the authority's current row.

BARE had two: ``bibsys_authorities`` (everything) and ``national_authorities``. The
latter is taken to be the "Nasjonalt autoritetsregister", the records the National
Library has verified, quality level kat3 (``../shared/domain/bare.md`` §1 and §3.3:
kat3 is the subset sent to VIAF as the national file). Beside them: ``kind:<kind>``
for every kind and ``quality:<level>`` for every quality level, each under its
parent set (``kind``, ``quality``) as OAI-PMH's set hierarchy asks; and
``vocabulary:<code>`` for every subject vocabulary the register holds (humord,
noubomn ...), under ``vocabulary``. Those come from the database (ListSets asks the
harvest source), so only the fixed sets are in :data:`SETS`; a code that does not
fit setSpec's syntax is no set (its records are still in ``vocabulary``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from authority.domain import Authority, Kind, QualityLevel
from authority.domain.vocabularies import vocabulary
from authority.linkeddata.tables import SCHEME_TITLES

NATIONAL = QualityLevel.KAT3
VOCABULARY = "vocabulary:"
SPEC_PART = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
"""What one part of a setSpec may hold (OAI-PMH 2.0's setSpecType, less ``:``)."""


@dataclass(frozen=True)
class Set:
    """One set: its spec, its name, its descriptions and its filter."""

    spec: str
    name: str
    english: str
    bokmal: str
    kind: str | None = None
    quality: str | None = None
    """A level, or "*" for any level."""
    vocabulary: str | None = None
    """A vocabulary's code, or "*" for any vocabulary."""

    def holds(self, authority: Authority) -> bool:
        """True when ``authority`` is in this set."""
        if self.kind is not None and authority.kind.value != self.kind:
            return False
        if self.vocabulary is not None:
            code = vocabulary(authority)
            if code is None or self.vocabulary not in ("*", code):
                return False
        level = authority.quality.value if authority.quality else None
        if self.quality == "*":
            return level is not None
        return self.quality is None or level == self.quality


_KIND_NAMES = {
    Kind.PERSON: ("persons", "personer"),
    Kind.FAMILY: ("families", "familier"),
    Kind.CORPORATE_BODY: ("corporate bodies", "korporasjoner"),
    Kind.MEETING: ("meetings and conferences", "møter og konferanser"),
    Kind.WORK: ("works and titles", "verk og titler"),
    Kind.TOPIC: ("topics", "emner"),
    Kind.PLACE: ("places", "steder"),
    Kind.GENRE_FORM: ("genres and forms", "sjangre og former"),
}

SETS: tuple[Set, ...] = (
    Set(
        "bibsys_authorities",
        "All authorities",
        "Every authority of the register, deleted and merged ones as deleted records.",
        "Alle autoriteter i registeret, slettede og sammenslåtte som slettede poster.",
    ),
    Set(
        "national_authorities",
        "National authority register (kat3)",
        "The authorities the National Library has verified (quality level kat3).",
        "Autoritetene Nasjonalbiblioteket har verifisert (kvalitetsnivå kat3).",
        quality=NATIONAL.value,
    ),
    Set(
        "kind", "By kind", "Every authority, by kind.", "Alle autoriteter, etter type."
    ),
    *(
        Set(
            f"kind:{kind.value}",
            f"Kind: {kind.value}",
            f"Authorities of {_KIND_NAMES[kind][0]}.",
            f"Autoriteter for {_KIND_NAMES[kind][1]}.",
            kind=kind.value,
        )
        for kind in Kind
    ),
    Set(
        "quality",
        "By quality level",
        "The authorities that have a quality level, by level.",
        "Autoritetene som har et kvalitetsnivå, etter nivå.",
        quality="*",
    ),
    *(
        Set(
            f"quality:{level.value}",
            f"Quality level {level.value}",
            f"The authorities of quality level {level.value}.",
            f"Autoritetene på kvalitetsnivå {level.value}.",
            quality=level.value,
        )
        for level in QualityLevel
    ),
    Set(
        "vocabulary",
        "By subject vocabulary",
        "The subject authorities, by vocabulary (Humord, Realfagstermer ...).",
        "Emneautoritetene, etter vokabular (Humord, Realfagstermer ...).",
        vocabulary="*",
    ),
)

BY_SPEC = {s.spec: s for s in SETS}


def vocabulary_set(code: str) -> Set | None:
    """The set of vocabulary ``code`` (None when the code cannot be a setSpec)."""
    if not SPEC_PART.fullmatch(code):
        return None
    titles = SCHEME_TITLES.get(code, {})
    english, bokmal = titles.get("en", code), titles.get("nb", code)
    return Set(
        f"{VOCABULARY}{code}",
        f"Subject vocabulary: {english}",
        f"The subject authorities of {english} ({code}).",
        f"Emneautoritetene i {bokmal} ({code}).",
        vocabulary=code,
    )


def set_named(spec: str) -> Set | None:
    """The set ``spec`` names: a fixed one, or a vocabulary's."""
    if spec.startswith(VOCABULARY):
        return vocabulary_set(spec.removeprefix(VOCABULARY))
    return BY_SPEC.get(spec)


def memberships(authority: Authority) -> list[str]:
    """The specs of the sets ``authority`` is in: the table's, then its vocabulary's."""
    specs = [s.spec for s in SETS if s.holds(authority)]
    code = vocabulary(authority)
    if code is not None and (own := vocabulary_set(code)) is not None:
        specs.append(own.spec)
    return specs
