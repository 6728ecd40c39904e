"""The CQL indexes this server knows: what explain lists and the translation reads.

BARE's indexes first (``rec.identifier``, ``cql.*``, ``bib.name*``,
``bib.identifierAuthority``, ``bs.authoritytype``, ``marc.<tag>``), then the
register's own (``authority.kind|quality|status|vocabulary``) and
``rec.lastModificationDate``. Each index is one of a few
*dimensions* of a search: words (matched as the search layer matches names: every
word, in a heading or a variant), an exact name, a set of ids, or a filter value.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from authority.domain import Kind, QualityLevel, Status


class Dimension(StrEnum):
    """What an index restricts."""

    WORDS = "words"
    """Words of a heading or variant, of some kinds (the search layer's text)."""
    ID = "id"
    """Every form of an id or external identifier (the reading service's resolve)."""
    KIND = "kind"
    QUALITY = "quality"
    STATUS = "status"
    VOCABULARY = "vocabulary"
    """A subject vocabulary's code (``none``: the name register's)."""
    MODIFIED = "modified"
    """The last modification date: a day or a second in UTC, compared."""


@dataclass(frozen=True)
class Index:
    """One CQL index: its set, its name, what it restricts, and to which kinds."""

    context_set: str
    name: str
    title: str
    dimension: Dimension
    kinds: tuple[Kind, ...] = ()
    """For WORDS: the kinds whose names it searches (empty: every kind)."""

    @property
    def qualified(self) -> str:
        """``set.name``, as a query writes it."""
        return f"{self.context_set}.{self.name}"


CONTEXT_SETS = {
    "cql": "info:srw/cql-context-set/1/cql-v1.2",
    "rec": "info:srw/cql-context-set/2/rec-1.1",
    "bib": "info:srw/cql-context-set/1/bib-v1",
    "bs": "info:bibsys/cql-context-set/bs",
    "marc": "info:srw/cql-context-set/16/marc-1.0",
    "authority": "info:authority/cql-context-set/authority-1.0",
}
"""Prefix -> context set identifier (the ones BARE's clients use, and ours)."""

PERSONAL = (Kind.PERSON, Kind.FAMILY)
HEADING_TAGS: dict[str, tuple[Kind, ...]] = {
    "100": PERSONAL,
    "110": (Kind.CORPORATE_BODY,),
    "111": (Kind.MEETING,),
    "130": (Kind.WORK,),
    "150": (Kind.TOPIC,),
    "151": (Kind.PLACE,),
    "155": (Kind.GENRE_FORM,),
}
"""marc.<1XX>: the heading tag decides the kind (the search finds heading and
variants, as the name indexes do); marc.<4XX> is the same search."""
IDENTIFIER_TAGS = ("001", "024", "035")

_LIST: list[Index] = [
    Index("cql", "serverChoice", "Names (heading and variants)", Dimension.WORDS),
    Index("cql", "anywhere", "Names (heading and variants)", Dimension.WORDS),
    Index("cql", "allIndexes", "Names (heading and variants)", Dimension.WORDS),
    Index("cql", "any", "Names (heading and variants)", Dimension.WORDS),
    Index("rec", "identifier", "Record id, in any form", Dimension.ID),
    Index("bib", "namePersonal", "Personal and family name", Dimension.WORDS, PERSONAL),
    Index(
        "bib",
        "nameCorporate",
        "Corporate name",
        Dimension.WORDS,
        (Kind.CORPORATE_BODY,),
    ),
    Index("bib", "nameConference", "Meeting name", Dimension.WORDS, (Kind.MEETING,)),
    Index("bib", "identifierAuthority", "External identifier", Dimension.ID),
    Index("bs", "authoritytype", "BARE's authority type", Dimension.KIND),
    Index("authority", "kind", "Kind of entity", Dimension.KIND),
    Index(
        "authority", "quality", "Quality level (kat1, kat2, kat3)", Dimension.QUALITY
    ),
    Index("authority", "status", "Status (active, deleted, merged)", Dimension.STATUS),
    Index(
        "authority",
        "vocabulary",
        "Subject vocabulary (humord, noubomn ...; none: the name register)",
        Dimension.VOCABULARY,
    ),
    Index(
        "rec",
        "lastModificationDate",
        "Last modified (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, UTC); sorted newest first",
        Dimension.MODIFIED,
    ),
    *(
        Index("marc", tag, f"MARC {tag} heading", Dimension.WORDS, kinds)
        for tag, kinds in HEADING_TAGS.items()
    ),
    *(
        Index("marc", f"4{tag[1:]}", f"MARC 4{tag[1:]} variant", Dimension.WORDS, kinds)
        for tag, kinds in HEADING_TAGS.items()
    ),
    *(
        Index("marc", tag, f"MARC {tag} identifier", Dimension.ID)
        for tag in IDENTIFIER_TAGS
    ),
]

INDEXES: dict[str, Index] = {i.qualified.lower(): i for i in _LIST}
"""Qualified name (lower case: CQL index names are case-insensitive) -> index."""

KIND_VALUES: dict[str, tuple[Kind, ...]] = {
    **{kind.value: (kind,) for kind in Kind},
    "person": PERSONAL,
    "corporation": (Kind.CORPORATE_BODY,),
    "meeting": (Kind.MEETING,),
    "conference": (Kind.MEETING,),  # BARE's older name
}
"""bs.authoritytype and authority.kind values -> kinds. BARE's ``person`` held
families too (100 3#), as its PERSON type did."""
QUALITY_VALUES = {q.value: q for q in QualityLevel}
STATUS_VALUES = {s.value: s for s in Status}


def listed() -> list[Index]:
    """Every index explain lists, in the order above."""
    return list(_LIST)
