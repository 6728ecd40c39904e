"""The writer's store: one named graph per authority, and the change it is current to.

Each authority's public triples live in a named graph called by its URI, so that a
change replaces them whole (a triple two authorities share, such as a concept
scheme's title, stays while either holds it). Queries see the union of all graphs.

A store is a folder of two RocksDB stores: ``data`` (what queries read) and
``state``, the bookkeeping in the graph :data:`STATE`: the change-log number the
data is current to and each authority's revision (``check`` reads them). They are
kept apart so that no query sees them in the union of graphs (the union holds every
graph of a store, and naming the authorities' graphs one by one as the default
graph would cost a list of a million names per query). A change is applied by
writing the authority's current state, and the data is written before the state,
so applying it twice is harmless: a writer that stops between a graph and the
number it is current to starts again from the older number, and ends the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store

from authority.errors import ConfigurationError
from authority.linkeddata.terms import Blank, Object, Triple, ntriples

STATE = NamedNode("urn:x-authority:sparql")
"""The graph of the store's bookkeeping (and the subject of its change number)."""
SEQ = NamedNode("urn:x-authority:sparql#seq")
REVISION = NamedNode("urn:x-authority:sparql#revision")
_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@dataclass(frozen=True)
class Entry:
    """What the store holds of one authority: its graph's name, revision, triples."""

    uri: str
    revision: int
    triples: list[Triple]


def term(value: Object) -> NamedNode | BlankNode | Literal:
    """One light term (``linkeddata/terms.py``) as a pyoxigraph term."""
    if isinstance(value, str):
        return NamedNode(value)
    if isinstance(value, Blank):
        return BlankNode(value.label)
    if value.lang:
        return Literal(value.value, language=value.lang)
    if value.datatype:
        return Literal(value.value, datatype=NamedNode(value.datatype))
    return Literal(value.value)


def data_path(store: Path) -> Path:
    """The RocksDB store queries read, in a store's (or snapshot's) folder."""
    return store / "data"


def state_path(store: Path) -> Path:
    """The RocksDB store of the bookkeeping, in a store's (or snapshot's) folder."""
    return store / "state"


def quads(entry: Entry) -> Iterator[Quad]:
    """The entry's triples in its graph."""
    graph = NamedNode(entry.uri)
    for s, p, o in entry.triples:
        yield Quad(term(s), NamedNode(p), term(o), graph)  # type: ignore[arg-type]


def revision_quad(entry: Entry) -> Quad:
    """The entry's revision, for the bookkeeping store."""
    revision = Literal(str(entry.revision), datatype=_INTEGER)
    return Quad(NamedNode(entry.uri), REVISION, revision, STATE)


def nquads(entry: Entry) -> tuple[str, str]:
    """:func:`quads` and :func:`revision_quad` as N-Quads text: (data, state).

    For a rebuild mapped in worker processes: text crosses a pipe, and the
    store's Rust parser reads it; the parser gives blank nodes labels of its own
    (the same graph).
    """
    graph = f" <{entry.uri}> .\n"
    revision = f'"{entry.revision}"^^<{_INTEGER.value}>'
    state = f"<{entry.uri}> <{REVISION.value}> {revision} <{STATE.value}> .\n"
    return ntriples(entry.triples).replace(" .\n", graph), state


class WriterStore:
    """The store opened for writing (RocksDB lets one process hold it)."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        if (path / "CURRENT").exists():  # RocksDB's own file: the one-store layout
            raise ConfigurationError(
                f"{path} is a SPARQL store of an older layout: run "
                "`authority sparql rebuild`"
            )
        self.path = path
        self._data: Store | None = Store(str(data_path(path)))
        self._state: Store | None = Store(str(state_path(path)))

    @property
    def data(self) -> Store:
        """The RocksDB store queries read (its snapshots)."""
        if self._data is None:
            raise ValueError(f"the store {self.path} is closed")
        return self._data

    @property
    def state(self) -> Store:
        """The RocksDB store of the bookkeeping."""
        if self._state is None:
            raise ValueError(f"the store {self.path} is closed")
        return self._state

    def seq(self) -> int:
        """The change-log number the store is current to (0: none applied)."""
        return read_seq(self.state)

    def revisions(self) -> dict[str, int]:
        """Authority URI -> revision, of every authority the store holds."""
        return read_revisions(self.state)

    def apply(self, entries: Iterable[Entry], removed: Iterable[str], seq: int) -> None:
        """Replace the entries' graphs, drop the ``removed`` ones, then say ``seq``."""
        done: list[Entry] = []
        for entry in entries:
            self._drop_graph(entry.uri)
            self.data.extend(quads(entry))
            done.append(entry)
        removed = list(removed)
        for uri in removed:
            self._drop_graph(uri)
        self.data.flush()  # the data first: the state never says more than it holds
        for entry in done:
            self._drop_revision(entry.uri)
            self.state.add(revision_quad(entry))
        for uri in removed:
            self._drop_revision(uri)
        self._set_seq(seq)

    def load(self, entries: Iterable[Entry], seq: int) -> None:
        """Fill a new, empty store (a rebuild): bulk writes, no graph replaced."""
        revisions: list[Quad] = []

        def data() -> Iterator[Quad]:
            for entry in entries:
                revisions.append(revision_quad(entry))
                yield from quads(entry)

        self.data.bulk_extend(data())
        self.data.flush()
        self.state.bulk_extend(revisions)
        self._set_seq(seq)

    def load_nquads(self, chunks: Iterable[tuple[bytes, bytes]], seq: int) -> None:
        """Fill a new, empty store from :func:`nquads` text (data, state) chunks."""
        for data, state in chunks:
            self.data.bulk_load(data, RdfFormat.N_QUADS)
            self.state.bulk_load(state, RdfFormat.N_QUADS)
        self.data.flush()
        self._set_seq(seq)

    def snapshot(self, target: Path) -> None:
        """A read-only copy at ``target`` (hard links to the immutable files)."""
        target.mkdir(parents=True)
        for store, path in ((self.data, data_path), (self.state, state_path)):
            store.flush()
            store.backup(str(path(target)))

    def close(self) -> None:
        """Release the store (RocksDB's locks with it); closing twice is harmless."""
        self._data = self._state = None

    def _drop_graph(self, uri: str) -> None:
        graph = NamedNode(uri)
        if self.data.contains_named_graph(graph):
            self.data.remove_graph(graph)

    def _drop_revision(self, uri: str) -> None:
        pattern = self.state.quads_for_pattern(NamedNode(uri), REVISION, None, STATE)
        for quad in list(pattern):
            self.state.remove(quad)

    def _set_seq(self, seq: int) -> None:
        for quad in list(self.state.quads_for_pattern(STATE, SEQ, None, STATE)):
            self.state.remove(quad)
        self.state.add(Quad(STATE, SEQ, Literal(str(seq), datatype=_INTEGER), STATE))
        self.state.flush()


def read_seq(store: Store) -> int:
    """The change-log number the bookkeeping ``store`` says the data is current to."""
    for quad in store.quads_for_pattern(STATE, SEQ, None, STATE):
        return int(_value(quad.object))
    return 0


def read_revisions(store: Store) -> dict[str, int]:
    """Authority URI -> revision, as ``store`` records them."""
    return {
        _value(quad.subject): int(_value(quad.object))
        for quad in store.quads_for_pattern(None, REVISION, None, STATE)
    }


def _value(term: object) -> str:
    """The lexical value of a term the store wrote as an IRI or a literal."""
    if isinstance(term, NamedNode | Literal):
        return term.value
    raise ValueError(f"the store's bookkeeping holds {term!r}")
