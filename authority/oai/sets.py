"""The sets a harvester may ask for, each a filter on the authority's current row.

BARE had two: ``bibsys_authorities`` (everything) and ``national_authorities``. The
latter is taken to be the "Nasjonalt autoritetsregister", the records the National
Library has verified, quality level kat3 (``../shared/domain/bare.md`` §1 and §3.3:
kat3 is the subset sent to VIAF as the national file). Beside them: ``kind:<kind>``
for every kind and ``quality:<level>`` for every quality level, each under its
parent set (``kind``, ``quality``) as OAI-PMH's set hierarchy asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from authority.domain import Authority, Kind, QualityLevel

NATIONAL = QualityLevel.KAT3


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

    def holds(self, authority: Authority) -> bool:
        """True when ``authority`` is in this set."""
        if self.kind is not None and authority.kind.value != self.kind:
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
    # vocabulary:<code> (humord, realfagstermer ...): one set per subject vocabulary
    # belongs here once storage keeps an authority's vocabulary in a column that
    # Window can filter on (issue 18's vocabulary part adds it).
)

BY_SPEC = {s.spec: s for s in SETS}


def memberships(authority: Authority) -> list[str]:
    """The specs of every set ``authority`` is in, in table order."""
    return [s.spec for s in SETS if s.holds(authority)]
