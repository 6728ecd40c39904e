"""The entity model: pure Python, no I/O."""

from authority.domain.content import Field, Subfield
from authority.domain.identifiers import Identifier
from authority.domain.kinds import Kind, QualityLevel, Status
from authority.domain.model import Actor, Authority, Provenance
from authority.domain.view import Attributes, Heading, Label, Note, Relation

__all__ = [
    "Actor",
    "Attributes",
    "Authority",
    "Field",
    "Heading",
    "Identifier",
    "Kind",
    "Label",
    "Note",
    "Provenance",
    "QualityLevel",
    "Relation",
    "Status",
    "Subfield",
]
