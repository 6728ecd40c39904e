"""The error conditions of OAI-PMH 2.0 (section 3.6), as one exception.

``noSetHierarchy`` (a repository without sets) and ``noMetadataFormats`` (a record
with none) never apply here: this repository has sets, and every record every format.
"""

from __future__ import annotations

CODES = (
    "badArgument",
    "badResumptionToken",
    "badVerb",
    "cannotDisseminateFormat",
    "idDoesNotExist",
    "noRecordsMatch",
    "noMetadataFormats",
    "noSetHierarchy",
)


class OaiError(Exception):
    """A request the repository answers with an ``<error code="...">``."""

    def __init__(self, code: str, message: str) -> None:
        assert code in CODES, code  # noqa: S101 (a programming error, not input)
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def echoes_request(self) -> bool:
        """False for badVerb and badArgument: the spec then echoes no arguments."""
        return self.code not in ("badVerb", "badArgument")
