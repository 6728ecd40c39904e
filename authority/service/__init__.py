"""The service: the only place that opens a transaction.

The API, the CLI and the loaders call it; they never touch models, sessions or
clients themselves (architecture.md, arrows). ``core`` holds reading, loading and
searching; ``cataloguing`` the edits of a cataloguer (delete, restore, merge,
revert, identifiers); ``tokens`` who may make them.
"""

from authority.service.core import AuthorityService, Outcome, Reading, Result
from authority.service.records import validate, validate_incoming

__all__ = [
    "AuthorityService",
    "Outcome",
    "Reading",
    "Result",
    "validate",
    "validate_incoming",
]
