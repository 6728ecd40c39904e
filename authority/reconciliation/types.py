"""The reconciliation types: the register's kinds, by their own values."""

from __future__ import annotations

from authority.domain import Kind

TYPE_NAMES: dict[Kind, str] = {
    Kind.PERSON: "Person",
    Kind.FAMILY: "Family",
    Kind.CORPORATE_BODY: "Corporate body",
    Kind.MEETING: "Meeting",
    Kind.WORK: "Work",
    Kind.TOPIC: "Topic",
    Kind.PLACE: "Place",
    Kind.GENRE_FORM: "Genre/form",
}
"""Kind -> the name a reconciliation client shows for the type (its id is the
kind's value, as the API's ``kind=`` takes it)."""


def type_of(kind: Kind) -> dict[str, str]:
    """The type object of ``kind`` (``{"id": "person", "name": "Person"}``)."""
    return {"id": kind.value, "name": TYPE_NAMES[kind]}


def every_type() -> list[dict[str, str]]:
    """Every type, in the kinds' order (the manifest's ``defaultTypes``)."""
    return [type_of(kind) for kind in Kind]


def kind_named(type_id: str) -> Kind | None:
    """The kind whose value is ``type_id``; None for a type of someone else's."""
    try:
        return Kind(type_id)
    except ValueError:
        return None
