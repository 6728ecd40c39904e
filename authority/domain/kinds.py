"""Enumerations of the entity model: kind, status, quality level."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """Which kind of entity an authority names (MARC 1XX decides)."""

    PERSON = "person"
    FAMILY = "family"
    CORPORATE_BODY = "corporate_body"
    MEETING = "meeting"
    WORK = "work"
    TOPIC = "topic"
    PLACE = "place"
    GENRE_FORM = "genre_form"


class Status(StrEnum):
    """Lifecycle of an authority id."""

    ACTIVE = "active"
    DELETED = "deleted"
    MERGED = "merged"


class QualityLevel(StrEnum):
    """BARE's cataloguing levels; kat3 is verified by the National Library."""

    KAT1 = "kat1"
    KAT2 = "kat2"
    KAT3 = "kat3"
