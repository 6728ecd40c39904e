"""SRU's diagnostics (``info:srw/diagnostic/1/<n>``): every failure is one of these.

A request never ends in a 500 or an HTML page: whatever goes wrong below the
protocol is answered as a diagnostic in the version the client speaks.
"""

from __future__ import annotations

PREFIX = "info:srw/diagnostic/1/"

GENERAL = 1
UNAVAILABLE = 2
UNSUPPORTED_OPERATION = 4
UNSUPPORTED_VERSION = 5
UNSUPPORTED_PARAMETER_VALUE = 6
MANDATORY_PARAMETER = 7
UNSUPPORTED_PARAMETER = 8
QUERY_SYNTAX = 10
UNSUPPORTED_QUERY_TYPE = 11
TOO_LONG_QUERY = 12
UNSUPPORTED_CONTEXT_SET = 15
UNSUPPORTED_INDEX = 16
UNSUPPORTED_INDEX_COMBINATION = 18
UNSUPPORTED_RELATION = 19
UNSUPPORTED_RELATION_MODIFIER = 20
UNSUPPORTED_RELATION_FOR_INDEX = 22
EMPTY_TERM = 27
MASKING_UNSUPPORTED = 28
ANCHORING_UNSUPPORTED = 31
TERM_FORMAT = 36
UNSUPPORTED_BOOLEAN = 37
UNSUPPORTED_BOOLEAN_MODIFIER = 46
QUERY_FEATURE = 48
FIRST_RECORD_OUT_OF_RANGE = 61
UNKNOWN_SCHEMA = 66
RECORD_UNAVAILABLE_IN_SCHEMA = 67
UNSUPPORTED_PACKING = 71
UNSUPPORTED_SORT_SCHEMA = 87
UNSUPPORTED_SORT_PATH = 88
TOO_MANY_SORT_KEYS = 84
UNSUPPORTED_SORT_DIRECTION = 90
UNSUPPORTED_SORT_CASE = 91
UNSUPPORTED_SORT_MISSING = 92
STYLESHEETS_UNSUPPORTED = 110
RESPONSE_POSITION_OUT_OF_RANGE = 120
TOO_MANY_TERMS = 121


class Diagnostic(Exception):
    """A fatal diagnostic: the request is answered with it instead of results."""

    def __init__(self, number: int, details: str = "", message: str = "") -> None:
        super().__init__(message or details or f"diagnostic {number}")
        self.number = number
        self.details = details
        self.message = message or details

    @property
    def uri(self) -> str:
        """The diagnostic's identifier, as every version writes it."""
        return f"{PREFIX}{self.number}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Diagnostic) and (self.number, self.details) == (
            other.number,
            other.details,
        )

    def __hash__(self) -> int:
        return hash((self.number, self.details))
