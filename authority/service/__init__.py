"""The service: the use cases, and the only place that opens a transaction.

The API, the CLI and the loaders call it; they never touch models, sessions or
clients themselves (architecture.md, arrows). One service per story, all built
over one :class:`~authority.service.register.Register` (units of work and the
search backend) and held together as :class:`Services`:

- ``reading``: an authority, many, what a reference names, history, change log;
- ``searching``: search, suggest, browse, lookup;
- ``loading``: a source's records written (one by one or a batch with COPY), by
  the upsert rule of ``upsert`` (``batches`` writes a batch);
- ``cataloguing``: a cataloguer's edits, checked by ``checking``, a create against
  duplicates by ``matching``, a merge's and a revert's records made by ``lifecycle``;
- ``indexing``: the search index made, rebuilt, checked and repaired;
- ``tokens``: who may make the edits;
- ``web_sessions``: the workbench's sign-ins, kept so that signing out ends them;
- ``harvesting``: the register in change-log order, for OAI-PMH;
- ``feed``: the change log with the state each change left, for the change feed.
- ``reconciling``: names of a spreadsheet against the register (OpenRefine's
  reconciliation API: reconcile, suggest, extend).
- ``dumping``: consistent snapshots of the whole register, for ``authority dump``.

``records`` holds what every stored authority obeys, for loads and edits alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from authority.service.cataloguing import CataloguingService, Saved
from authority.service.dumping import DumpingService
from authority.service.harvesting import HarvestService
from authority.service.indexing import IndexService
from authority.service.loading import LoadingService
from authority.service.publishing import FeedService
from authority.service.reading import Reading, ReadingService
from authority.service.reconciling import ReconcilingService
from authority.service.records import validate, validate_incoming
from authority.service.register import Register
from authority.service.searching import SearchService
from authority.service.tokens import TokenService
from authority.service.upsert import Outcome, Result
from authority.service.web_sessions import WebSessionService


@dataclass(frozen=True)
class Services:
    """The services of one register, each built once."""

    register: Register
    reading: ReadingService
    searching: SearchService
    loading: LoadingService
    cataloguing: CataloguingService
    index: IndexService
    tokens: TokenService
    harvesting: HarvestService
    web_sessions: WebSessionService
    feed: FeedService
    reconciling: ReconcilingService
    dumping: DumpingService

    @classmethod
    def over(cls, register: Register) -> Services:
        """Every service over ``register``; those that use another share it."""
        reading = ReadingService(register)
        searching = SearchService(register)
        return cls(
            register=register,
            reading=reading,
            searching=searching,
            loading=LoadingService(register),
            cataloguing=CataloguingService(register, reading, searching),
            index=IndexService(register, reading),
            tokens=TokenService(register),
            harvesting=HarvestService(register, reading),
            web_sessions=WebSessionService(register),
            feed=FeedService(register),
            reconciling=ReconcilingService(register, reading, searching),
            dumping=DumpingService(register),
        )


__all__ = [
    "CataloguingService",
    "FeedService",
    "DumpingService",
    "HarvestService",
    "IndexService",
    "LoadingService",
    "Outcome",
    "Reading",
    "ReadingService",
    "ReconcilingService",
    "Register",
    "Result",
    "Saved",
    "SearchService",
    "Services",
    "TokenService",
    "WebSessionService",
    "validate",
    "validate_incoming",
]
