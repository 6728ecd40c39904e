"""The register's own time zone: Norway's, in which BARE kept every date."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
"""BARE's dates had no zone and meant Oslo time; MARC's 005 and 008 are written in it,
pages show it, and a date without a time of day is midnight there."""


def midnight(day: date) -> datetime:
    """The start of ``day`` in Oslo: what a date without a time of day stands for."""
    return datetime(day.year, day.month, day.day, tzinfo=OSLO)
