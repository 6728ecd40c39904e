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


TITLES = {
    GENERAL: "General system error",
    UNAVAILABLE: "System temporarily unavailable",
    UNSUPPORTED_OPERATION: "Unsupported operation",
    UNSUPPORTED_VERSION: "Unsupported version",
    UNSUPPORTED_PARAMETER_VALUE: "Unsupported parameter value",
    MANDATORY_PARAMETER: "Mandatory parameter not supplied",
    UNSUPPORTED_PARAMETER: "Unsupported parameter",
    QUERY_SYNTAX: "Query syntax error",
    UNSUPPORTED_QUERY_TYPE: "Unsupported query type",
    TOO_LONG_QUERY: "Too many characters in query",
    UNSUPPORTED_CONTEXT_SET: "Unsupported context set",
    UNSUPPORTED_INDEX: "Unsupported index",
    UNSUPPORTED_INDEX_COMBINATION: "Unsupported combination of indexes",
    UNSUPPORTED_RELATION: "Unsupported relation",
    UNSUPPORTED_RELATION_MODIFIER: "Unsupported relation modifier",
    UNSUPPORTED_RELATION_FOR_INDEX: "Unsupported combination of relation and index",
    EMPTY_TERM: "Empty term unsupported",
    MASKING_UNSUPPORTED: "Masking character not supported",
    ANCHORING_UNSUPPORTED: "Anchoring character not supported",
    TERM_FORMAT: "Term in invalid format for index or relation",
    UNSUPPORTED_BOOLEAN: "Unsupported boolean operator",
    UNSUPPORTED_BOOLEAN_MODIFIER: "Unsupported boolean modifier",
    QUERY_FEATURE: "Query feature unsupported",
    FIRST_RECORD_OUT_OF_RANGE: "First record position out of range",
    UNKNOWN_SCHEMA: "Unknown schema for retrieval",
    RECORD_UNAVAILABLE_IN_SCHEMA: "Record not available in this schema",
    UNSUPPORTED_PACKING: "Unsupported record packing",
    TOO_MANY_SORT_KEYS: "Too many sort keys",
    UNSUPPORTED_SORT_SCHEMA: "Unsupported schema for sort",
    UNSUPPORTED_SORT_PATH: "Unsupported path for sort",
    UNSUPPORTED_SORT_DIRECTION: "Unsupported direction",
    UNSUPPORTED_SORT_CASE: "Unsupported case",
    UNSUPPORTED_SORT_MISSING: "Unsupported missing value action",
    STYLESHEETS_UNSUPPORTED: "Stylesheets not supported",
    RESPONSE_POSITION_OUT_OF_RANGE: "Response position out of range",
    TOO_MANY_TERMS: "Too many terms requested",
}
"""The diagnostics list's own title of each: a diagnostic's message when no more
telling one is given (the details then say what was asked)."""


class Diagnostic(Exception):
    """A fatal diagnostic: the request is answered with it instead of results."""

    def __init__(self, number: int, details: str = "", message: str = "") -> None:
        super().__init__(message or details or f"diagnostic {number}")
        self.number = number
        self.details = details
        self.message = message or TITLES.get(number) or details

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
