"""Datestamps as the harvesting protocols write them: UTC, to the day or the second.

OAI-PMH's ``from``/``until`` and SRU's ``rec.lastModificationDate`` take the same two
forms, ``YYYY-MM-DD`` and ``YYYY-MM-DDThh:mm:ssZ``; each stands for a span, from
its first moment for as long as its granularity.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

DAY = "YYYY-MM-DD"
SECOND = "YYYY-MM-DDThh:mm:ssZ"


def datestamp(text: str) -> tuple[datetime, timedelta] | None:
    """(its start in UTC, its granularity), or None when ``text`` is neither form."""
    try:
        if len(text) == len(DAY):
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC), timedelta(days=1)
        if len(text) == len(SECOND) and text[10] == "T" and text.endswith("Z"):
            moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
            return moment.replace(tzinfo=UTC), timedelta(seconds=1)
    except ValueError:
        pass
    return None
