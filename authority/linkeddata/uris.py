"""The URIs we mint, all under the configured ``BASE_URI``.

- ``<base>authorities/<id>``: the authority (the record, a ``skos:Concept``); its
  representations (``.ttl``, ``.xml`` ...) hang off the same path;
- ``<base>authorities/<id>#entity``: the real-world thing it identifies (the person,
  body, meeting, place, work). A hash URI, so it dereferences to the document that
  describes it without a redirect;
- ``<base>schemes/<name>``: the concept scheme, one per vocabulary (``humord``,
  ``noubomn``, from 040 $f) and one per kind for the name register;
- ``<base>context.jsonld``: our JSON-LD context.

Ids are kept exactly as issued (``90067942``, ``HUME28807``), so these URIs are as
stable as the ids themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from authority.errors import ConfigurationError
from authority.linkeddata.terms import is_iri


@dataclass(frozen=True)
class Uris:
    """URI patterns of one deployment."""

    base: str

    def __post_init__(self) -> None:
        base = self.base if self.base.endswith("/") else self.base + "/"
        if not is_iri(base) or "#" in base:
            raise ConfigurationError(f"BASE_URI {self.base!r} is not a usable URI")
        object.__setattr__(self, "base", base)

    def authority(self, authority_id: str) -> str:
        """The authority (record / concept)."""
        return f"{self.base}authorities/{authority_id}"

    def entity(self, authority_id: str) -> str:
        """The real-world thing the authority identifies."""
        return f"{self.base}authorities/{authority_id}#entity"

    def marc(self, authority_id: str) -> str:
        """The authority's MARCXML representation."""
        return f"{self.base}authorities/{authority_id}.xml"

    def scheme(self, name: str) -> str:
        """The concept scheme called ``name``."""
        return f"{self.base}schemes/{quote(name, safe='')}"

    @property
    def context(self) -> str:
        """Our published JSON-LD context."""
        return f"{self.base}context.jsonld"
