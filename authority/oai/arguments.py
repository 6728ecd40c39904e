"""A request's arguments checked against its verb (OAI-PMH 2.0, sections 3.1 and 4).

A verb's arguments are required, optional or exclusive (``resumptionToken``, which
allows no other); anything else, a repeated argument or a malformed date is a
``badArgument``; a missing or unknown verb is a ``badVerb``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from authority.domain.datestamps import DAY, SECOND, datestamp
from authority.oai.errors import OaiError

VERBS: dict[str, tuple[frozenset[str], frozenset[str], str | None]] = {
    "Identify": (frozenset(), frozenset(), None),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"}), None),
    "ListSets": (frozenset(), frozenset(), "resumptionToken"),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset(), None),
    "ListIdentifiers": (
        frozenset({"metadataPrefix"}),
        frozenset({"from", "until", "set"}),
        "resumptionToken",
    ),
    "ListRecords": (
        frozenset({"metadataPrefix"}),
        frozenset({"from", "until", "set"}),
        "resumptionToken",
    ),
}
"""verb -> (required, optional, exclusive argument)."""

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry: an argument holding one could not be echoed."""


@dataclass(frozen=True)
class Request:
    """A checked request: its verb and its arguments, one value each."""

    verb: str
    arguments: Mapping[str, str]

    def get(self, name: str) -> str | None:
        """The argument's value, or None."""
        return self.arguments.get(name)


def checked(given: Mapping[str, Sequence[str]]) -> Request:
    """``given`` (argument -> every value sent) as a Request, or OaiError."""
    verbs = given.get("verb", [])
    if len(verbs) != 1 or verbs[0] not in VERBS:
        what = "repeated" if len(verbs) > 1 else ("missing" if not verbs else "illegal")
        raise OaiError("badVerb", f"the verb argument is {what}")
    verb = verbs[0]
    required, optional, exclusive = VERBS[verb]
    arguments: dict[str, str] = {}
    for name, values in given.items():
        if name == "verb":
            continue
        if name not in required | optional | {exclusive}:
            raise OaiError("badArgument", f"{verb} takes no argument {name!r}")
        if len(values) != 1:
            raise OaiError("badArgument", f"the argument {name!r} is repeated")
        if NOT_XML.search(values[0]):
            raise OaiError(
                "badArgument", f"the argument {name!r} holds a control character"
            )
        arguments[name] = values[0]
    if exclusive is not None and exclusive in arguments:
        if len(arguments) > 1:
            raise OaiError("badArgument", f"{exclusive} is an exclusive argument")
        return Request(verb, arguments)
    if missing := sorted(required - arguments.keys()):
        raise OaiError("badArgument", f"{verb} needs the argument {missing[0]!r}")
    _check_dates(arguments.get("from"), arguments.get("until"))
    return Request(verb, arguments)


def _check_dates(since: str | None, until: str | None) -> None:
    start, end = since and parsed(since, "from"), until and parsed(until, "until")
    if start and end:
        if len(since or "") != len(until or ""):
            raise OaiError("badArgument", "from and until have different granularities")
        if start[0] > end[0]:
            raise OaiError("badArgument", "from is later than until")


def parsed(value: str, name: str) -> tuple[datetime, timedelta]:
    """A datestamp argument as (its start in UTC, its granularity), or badArgument."""
    found = datestamp(value)
    if found is None:
        raise OaiError("badArgument", f"{name}={value!r} is not {DAY} or {SECOND}")
    return found


def window_bounds(
    since: str | None, until: str | None
) -> tuple[datetime | None, datetime | None]:
    """(inclusive start, exclusive end) of ``from`` and ``until``, both inclusive."""
    start = parsed(since, "from")[0] if since else None
    end = None
    if until:
        moment, granularity = parsed(until, "until")
        try:
            end = moment + granularity
        except OverflowError:  # until=9999-12-31: the end of time, no bound
            end = None
    return start, end
