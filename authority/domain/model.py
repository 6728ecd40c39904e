"""The authority: canonical content plus the envelope the legacy register kept.

One type for every kind (persons, corporate bodies, meetings, works, topics, places,
genre/form terms): kind is data, kind-specific behaviour lives in the small tables of
``domain/view.py``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any

from authority.domain import view
from authority.domain.content import Field, replace_group
from authority.domain.identifiers import Identifier
from authority.domain.kinds import Kind, QualityLevel, Status


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a token's name (or a loader's source) and institution."""

    name: str
    institution: str | None = None


@dataclass(frozen=True)
class Provenance:
    """Where the authority came from and when it was made and last changed."""

    origin: str | None = None
    """Creating system or user, free text as in BARE (``adabas``, ``sruu`` ...)."""
    created: datetime | None = None
    modified: datetime | None = None


@dataclass(frozen=True)
class Authority:
    """A named entity and everything the register says about it.

    ``fields`` is the canonical content: the MARC fields in order, as received, minus
    those that are regenerated from the envelope on output (001 from ``id``, 005 from
    ``provenance.modified``, 901 from ``quality``). Everything else — heading, variants,
    relations, identifiers, notes, attributes, labels — is read from ``fields`` by
    ``domain/view.py`` and cached on first use.
    """

    id: str
    kind: Kind
    fields: tuple[Field, ...]
    status: Status = Status.ACTIVE
    merged_into: str | None = None
    quality: QualityLevel | None = None
    provenance: Provenance = field(default_factory=Provenance)
    revision: int = 0
    leader: str | None = None
    """The MARC leader as received, when it says more than output would generate.

    Its length and address positions are recomputed on output; None means "generate
    one" (BARE JSON carries no leader).
    """
    bare_type: str | None = None
    """BARE's ``authorityType`` for a meeting as BARE JSON gave it: ``CONFERENCE``
    (BARE's services named 111s so) or ``MEETING`` (its parser). None when no BARE
    source said; output then names the kind (barejson/write.py)."""

    # The view (read from fields)

    @cached_property
    def heading(self) -> view.Heading | None:
        """The authorized access point (1XX)."""
        return view.heading(self.fields)

    @property
    def label(self) -> str:
        """The heading as a display string ('' when the record has no 1XX)."""
        return self.heading.label if self.heading else ""

    @cached_property
    def variants(self) -> tuple[view.Heading, ...]:
        """See-from forms (4XX)."""
        return view.variants(self.fields)

    @cached_property
    def relations(self) -> tuple[view.Relation, ...]:
        """See-also links to other authorities (5XX)."""
        return view.relations(self.fields)

    @cached_property
    def identifiers(self) -> tuple[Identifier, ...]:
        """External identifiers (024), private ones included."""
        return view.identifiers(self.fields)

    @property
    def public_identifiers(self) -> tuple[Identifier, ...]:
        """External identifiers that may appear in public output."""
        return tuple(i for i in self.identifiers if not i.private)

    @cached_property
    def notes(self) -> tuple[view.Note, ...]:
        """Notes, internal ones (667) included."""
        return view.notes(self.fields)

    @property
    def public_notes(self) -> tuple[view.Note, ...]:
        """Notes that may appear in public output."""
        return tuple(n for n in self.notes if n.public)

    @cached_property
    def attributes(self) -> view.Attributes:
        """Dates, places, gender, occupations and other descriptive attributes."""
        return view.attributes(self.fields)

    @cached_property
    def labels(self) -> tuple[view.Label, ...]:
        """Labels per language (subject headings)."""
        return view.labels(self.fields)

    @property
    def public_fields(self) -> tuple[Field, ...]:
        """The fields that may appear in public output (no private ids, no 667)."""
        return tuple(f for f in self.fields if view.is_public(f))

    @property
    def cataloguing_agency(self) -> str | None:
        """040 $a."""
        return view.cataloguing_agency(self.fields)

    # Edits through the view write back through the same mapping

    def with_heading(self, heading: view.Heading) -> Authority:
        """A copy with a new 1XX, every other field untouched."""
        return self.with_fields(
            replace_group(self.fields, ("1",), [view.heading_field(heading)])
        )

    def with_variants(self, variants: Iterable[view.Heading]) -> Authority:
        """A copy whose 4XX fields are exactly ``variants``."""
        new = [view.heading_field(v) for v in variants]
        return self.with_fields(replace_group(self.fields, ("4",), new))

    def with_identifiers(self, identifiers: Iterable[Identifier]) -> Authority:
        """A copy whose 024 fields are exactly ``identifiers``."""
        new = [view.identifier_field(i) for i in identifiers]
        return self.with_fields(replace_group(self.fields, ("024",), new))

    def with_fields(self, fields: Iterable[Field]) -> Authority:
        """A copy with other canonical content (the kind follows the new 1XX)."""
        fields = tuple(fields)
        return replace(self, fields=fields, kind=view.kind_of(fields) or self.kind)

    def with_envelope(self, **changes: Any) -> Authority:
        """A copy with other envelope values (status, dates, revision ...), same fields.

        What the view has already read from the fields is kept rather than read
        again: a bulk load stamps every record it writes.
        """
        if changes.keys() & {"fields", "kind", "leader", "bare_type"}:
            raise ValueError("with_envelope keeps the content; use with_fields")
        copy = replace(self, **changes)
        for name in _FIELD_VIEWS & self.__dict__.keys():
            copy.__dict__[name] = self.__dict__[name]
        return copy

    # Storage form

    def content(self) -> dict[str, Any]:
        """The canonical content as JSON data: what history stores per revision."""
        content: dict[str, Any] = {"fields": [f.to_dict() for f in self.fields]}
        if self.leader is not None:
            content["leader"] = self.leader
        if self.bare_type is not None:
            content["authorityType"] = self.bare_type
        return content

    @cached_property
    def content_json(self) -> str:
        """:meth:`content` as compact JSON text, made once: what storage writes.

        Cached like the view, so a loader's reading process can make it and hand it,
        pickled with the authority, to the process that writes.
        """
        return json.dumps(self.content(), ensure_ascii=False, separators=(",", ":"))

    def content_hash(self) -> str:
        """Hash of everything a source sets: equal hashes mean an unchanged reload."""
        return self._content_hash

    @cached_property
    def _content_hash(self) -> str:
        envelope = {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "merged_into": self.merged_into,
            "quality": self.quality,
            "origin": self.provenance.origin,
            "created": _iso(self.provenance.created),
            "modified": _iso(self.provenance.modified),
        }
        encoded = json.dumps(envelope, ensure_ascii=False, sort_keys=True)
        # The content's own JSON text is canonical already (fields in order, dict
        # keys in to_dict's order): hashing it saves a second encoding per record.
        digest = hashlib.sha256(encoded.encode())
        digest.update(b"\n" + self.content_json.encode())
        return digest.hexdigest()

    @staticmethod
    def fields_from_content(content: dict[str, Any]) -> tuple[Field, ...]:
        """Inverse of :meth:`content`."""
        return tuple(Field.from_dict(f) for f in content["fields"])

    @staticmethod
    def leader_from_content(content: dict[str, Any]) -> str | None:
        """The stored leader, if any (see :meth:`content`)."""
        leader = content.get("leader")
        return str(leader) if leader is not None else None

    @staticmethod
    def bare_type_from_content(content: dict[str, Any]) -> str | None:
        """BARE's stored ``authorityType``, if any (see :meth:`content`)."""
        bare_type = content.get("authorityType")
        return str(bare_type) if bare_type is not None else None


_FIELD_VIEWS = frozenset(
    {"heading", "variants", "relations", "identifiers", "notes", "attributes"}
    | {"labels", "content_json"}
)
"""The cached properties that depend on nothing but ``fields`` (and ``leader``)."""


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
