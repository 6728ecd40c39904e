"""OAI-PMH's arguments, as the OpenAPI document shows them (GET query or POST form).

The OAI package reads the arguments itself: a bad one is an OAI-PMH error
(badArgument, badVerb ...) inside a 200 document, never a 400 problem, since
harvesters read only OAI-PMH XML. So every argument is a plain string here (any
value is answered); what the protocol allows is in the descriptions.
"""

from __future__ import annotations

from pydantic import Field

from authority.api.contracts.query import Parameters


class OaiArguments(Parameters):
    """The six verbs' arguments: the verb decides which it takes."""

    verb: str | None = Field(default=None, examples=["ListRecords"])
    """Identify, ListMetadataFormats, ListSets, GetRecord, ListIdentifiers or
    ListRecords."""
    identifier: str | None = Field(
        default=None, examples=["oai:bibsys.no:authority:90517730"]
    )
    """oai:bibsys.no:authority:<id>, or any form of an id /resolve knows."""
    metadataPrefix: str | None = Field(default=None, examples=["marcxchange"])
    """marcxchange, marc21, oai_dc or rdf."""
    from_: str | None = Field(default=None, alias="from", examples=["2024-01-01"])
    """YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, inclusive."""
    until: str | None = None
    """YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, inclusive."""
    set: str | None = Field(default=None, examples=["bibsys_authorities"])
    """A setSpec from ListSets (bibsys_authorities, national_authorities ...)."""
    resumptionToken: str | None = None
    """The token of the previous page."""
