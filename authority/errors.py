"""The domain error hierarchy. No HTTP, no click: api/ and cli.py translate these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class AuthorityError(Exception):
    """Root of every error the service raises on purpose."""


class ConfigurationError(AuthorityError):
    """A setting is missing or unusable (bad URL, unwritable data dir, port in use)."""


class DatabaseUnavailableError(AuthorityError):
    """The configured PostgreSQL server cannot be reached or used."""


class SearchUnavailableError(AuthorityError):
    """The search cluster (OpenSearch) cannot be reached; the database may be fine."""


class NotFoundError(AuthorityError):
    """No authority (or other ``what``) has this id."""

    def __init__(self, authority_id: str, what: str = "authority with id") -> None:
        super().__init__(f"no {what} {authority_id!r}")
        self.authority_id = authority_id


class DeletedError(AuthorityError):
    """The authority existed but was deleted; the tombstone says when."""

    def __init__(self, authority_id: str, deleted_at: str | None) -> None:
        super().__init__(f"authority {authority_id!r} was deleted")
        self.authority_id = authority_id
        self.deleted_at = deleted_at


class MergedError(AuthorityError):
    """The id was merged into another authority, which answers for it now."""

    def __init__(self, authority_id: str, target_id: str) -> None:
        super().__init__(f"authority {authority_id!r} was merged into {target_id!r}")
        self.authority_id = authority_id
        self.target_id = target_id


class RevisionMismatchError(AuthorityError):
    """An update named a revision that is no longer the current one."""

    def __init__(self, authority_id: str, expected: int, current: int) -> None:
        super().__init__(
            f"authority {authority_id!r} is at revision {current}, not {expected}"
        )
        self.authority_id = authority_id
        self.expected = expected
        self.current = current


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where it is (a field tag, a JSON path)."""

    message: str
    where: str | None = None


class ValidationError(AuthorityError):
    """The input breaks one or more rules; every problem is listed."""

    def __init__(
        self, problems: list[Problem], warnings: list[Problem] | None = None
    ) -> None:
        super().__init__("; ".join(_describe(p) for p in problems) or "invalid")
        self.problems = problems
        self.warnings = warnings or []
        """Problems the stored record had already, in fields the edit left alone."""


class DuplicateIdentifierError(AuthorityError):
    """A unique identifier (x-autid, Handle) already belongs to another authority."""

    def __init__(self, scheme: str, value: str, holder: str) -> None:
        super().__init__(f"{scheme} {value!r} already belongs to authority {holder!r}")
        self.scheme = scheme
        self.value = value
        self.holder = holder


class DuplicateIdError(AuthorityError):
    """An authority with this id already exists."""

    def __init__(self, authority_id: str) -> None:
        super().__init__(f"an authority with id {authority_id!r} already exists")
        self.authority_id = authority_id


class NotWritableError(AuthorityError):
    """The authority is merged or deleted: edit the survivor, or restore it first."""

    def __init__(self, authority_id: str, why: str) -> None:
        super().__init__(f"authority {authority_id!r} {why}")
        self.authority_id = authority_id


class NotAllowedError(AuthorityError):
    """The writer may not do this (its role is too small for what it would undo)."""


class LikelyDuplicateError(AuthorityError):
    """A new authority looks like one already stored (override: ``force``)."""

    def __init__(self, candidates: list[Any]) -> None:
        ids = ", ".join(c.id for c in candidates)
        super().__init__(f"likely a duplicate of {ids}; create anyway with force")
        self.candidates = candidates


class DuplicateTokenError(AuthorityError):
    """A token of that name exists already (revoked ones keep their names)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"a token named {name!r} exists already")
        self.name = name


class SearchQueryError(AuthorityError):
    """A search request that cannot be run as asked (no words, too long, too big)."""


class ConcurrentWriteError(AuthorityError):
    """Another transaction wrote what a batch had checked was free; nothing written."""


class MarcMappingError(ValidationError):
    """A MARC record cannot be mapped onto the entity model."""

    def __init__(
        self, reason: str, control_number: str | None = None, tag: str | None = None
    ) -> None:
        super().__init__([Problem(reason, tag)])
        self.reason = reason
        self.control_number = control_number
        self.tag = tag
        if control_number:
            self.args = (f"record {control_number}: {self.args[0]}",)


def _describe(problem: Problem) -> str:
    return f"{problem.where}: {problem.message}" if problem.where else problem.message
