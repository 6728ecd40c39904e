"""A load's batch written in one go: the upsert rule for each record, then COPY.

The answers are those of writing the batch one record after another (the loading
service falls back to that when a batch cannot go in one go): each record is
decided by the same rule (``service/upsert.py``), checked against the database and
the records before it that passed, and refused alone when it cannot be written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from authority.domain import Actor, Authority, Status
from authority.domain.carried import Carried
from authority.domain.history import Write
from authority.domain.identifiers import scheme
from authority.errors import (
    AuthorityError,
    DuplicateIdentifierError,
    Problem,
    ValidationError,
)
from authority.service.upsert import Held, Outcome, Result, decided, outcome
from authority.storage.bulk import Stored
from authority.storage.repository import distinct_identifiers
from authority.storage.unit_of_work import UnitOfWork

Numbered = list[tuple[int, Authority]]
"""Records of a batch with their positions in it."""


def write_batch(
    uow: UnitOfWork, batch: Numbered, actor: Actor, carried: Carried
) -> dict[int, Result]:
    """Write the changed records of ``batch``: results by position."""
    results: dict[int, Result] = {}
    writes: list[tuple[int, Write]] = []
    for n, decision in _decided(uow, batch, carried):
        if isinstance(decision, Write):
            writes.append((n, decision))
        else:
            results[n] = decision
    refused = _batch_problems(uow, [w.authority for _, w in writes])
    for n, write in writes:
        problem = refused.get(write.authority.id)
        results[n] = problem if problem is not None else outcome(write)
    uow.bulk.write([w for _, w in writes if w.authority.id not in refused], actor)
    return results


def _decided(
    uow: UnitOfWork, batch: Numbered, carried: Carried
) -> list[tuple[int, Write | Outcome]]:
    """The upsert rule's decision for each record, in batch order.

    The whole stored record is read only for those its stored row cannot settle:
    none on a first load or a reload of the same files.
    """
    held = {
        i: _held(row) for i, row in uow.bulk.stored([a.id for _, a in batch]).items()
    }
    decisions: dict[int, Write | Outcome] = {}
    unsettled: Numbered = []
    for n, authority in batch:
        decision = decided(authority, held.get(authority.id), carried)
        if decision is None:
            unsettled.append((n, authority))
        else:
            decisions[n] = decision
    whole = uow.authorities.get_many([a.id for _, a in unsettled])
    stored = {a.id: a for a in whole}
    for n, authority in unsettled:
        given = replace(held[authority.id], authority=stored[authority.id])
        # None only when the whole stored authority is not given, and it is
        decisions[n] = decided(authority, given, carried) or Outcome.UNCHANGED
    return sorted(decisions.items())  # checked in file order, as one by one


def _held(row: Stored) -> Held:
    return Held(row.revision, row.content_hash, row.created, row.modified)


def _batch_problems(
    uow: UnitOfWork, batch: list[Authority]
) -> dict[str, AuthorityError]:
    """Id -> why it cannot be written: a merge cycle, or a taken unique identifier.

    The answers are those of writing the batch one record after another: each
    record is checked against the database and the records before it that passed,
    and an authority rewritten in the batch holds only what its new version says.
    """
    problems: dict[str, AuthorityError] = {}
    passed: dict[str, str | None] = {}  # id -> where it redirects now (None: not)
    claims: dict[tuple[str, str], str] = {}  # unique identifier -> claimant

    def target_of(authority_id: str) -> str | None:
        if authority_id in passed:
            return passed[authority_id]
        return uow.authorities.redirect_target(authority_id)

    for authority in batch:
        try:
            check_merge_chain(authority, target_of)
            _check_claims(authority, claims)
        except AuthorityError as error:
            problems[authority.id] = error
            continue
        merged = authority.status is Status.MERGED
        passed[authority.id] = authority.merged_into if merged else None
    rewritten = {a.id for a in batch}
    for key, holder in uow.bulk.unique_holders(claims).items():
        if holder not in rewritten:  # a holder in the batch holds what it says now
            problems.setdefault(claims[key], DuplicateIdentifierError(*key, holder))
    return problems


def _check_claims(authority: Authority, claims: dict[tuple[str, str], str]) -> None:
    """Claim the unique identifiers of ``authority``, unless an earlier one has."""
    own = [
        (i.scheme, i.value)
        for i in distinct_identifiers(authority)
        if scheme(i.scheme).unique
    ]
    for key in own:
        holder = claims.get(key, authority.id)
        if holder != authority.id:
            raise DuplicateIdentifierError(*key, holder)
    claims.update(dict.fromkeys(own, authority.id))


MAX_MERGE_CHAIN = 50
"""Redirects followed before a chain of merges is called a loop."""


def check_merge_chain(
    authority: Authority, target_of: Callable[[str], str | None]
) -> None:
    """A merged authority must not end up redirecting to itself (A -> B -> A).

    ``target_of`` says where an id redirects now. The chain may end at an id not
    stored yet: a load can bring the survivor later.
    """
    if authority.status is not Status.MERGED or not authority.merged_into:
        return
    chain = [authority.id, authority.merged_into]
    while len(chain) <= MAX_MERGE_CHAIN:
        following = target_of(chain[-1])
        if following is None:
            return
        chain.append(following)
        if following == authority.id:
            path = " -> ".join(chain)
            raise ValidationError([Problem(f"merge cycle: {path}", "merged_into")])
    raise ValidationError(
        [Problem(f"a chain of more than {MAX_MERGE_CHAIN} merges", "merged_into")]
    )
