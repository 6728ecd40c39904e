"""The writer's store: one named graph per authority, and the change it is current to.

Each authority's public triples live in a named graph called by its URI, so that a
change replaces them whole (a triple two authorities share, such as a concept
scheme's title, stays while either holds it). Queries see the union of all graphs.

The store keeps its bookkeeping beside the data, in the graph :data:`STATE`: the
change-log number it is current to and each authority's revision (``check`` reads
them). Both are public facts (the feed and the history show them). A change is
applied by writing the authority's current state, so applying it twice is harmless:
a writer that stops between a graph and the number it is current to starts again
from the older number, and ends the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store

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


def quads(entry: Entry) -> Iterator[Quad]:
    """The entry's triples in its graph, and its revision in :data:`STATE`."""
    graph = NamedNode(entry.uri)
    for s, p, o in entry.triples:
        yield Quad(term(s), NamedNode(p), term(o), graph)  # type: ignore[arg-type]
    yield Quad(graph, REVISION, Literal(str(entry.revision), datatype=_INTEGER), STATE)


def nquads(entry: Entry) -> str:
    """:func:`quads` as N-Quads text, for a rebuild mapped in worker processes.

    Text crosses a pipe, and the store's Rust parser reads it; the parser gives
    blank nodes labels of its own (the same graph).
    """
    graph = f" <{entry.uri}> .\n"
    revision = f'"{entry.revision}"^^<{_INTEGER.value}>'
    state = f"<{entry.uri}> <{REVISION.value}> {revision} <{STATE.value}> .\n"
    return ntriples(entry.triples).replace(" .\n", graph) + state


class WriterStore:
    """The store opened for writing (RocksDB lets one process hold it)."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._store = Store(str(path))

    def seq(self) -> int:
        """The change-log number the store is current to (0: none applied)."""
        return read_seq(self._store)

    def revisions(self) -> dict[str, int]:
        """Authority URI -> revision, of every authority the store holds."""
        return read_revisions(self._store)

    def apply(self, entries: Iterable[Entry], removed: Iterable[str], seq: int) -> None:
        """Replace the entries' graphs, drop the ``removed`` ones, then say ``seq``."""
        for entry in entries:
            self._drop(entry.uri)
            self._store.extend(quads(entry))
        for uri in removed:
            self._drop(uri)
        self._set_seq(seq)
        self._store.flush()

    def load(self, entries: Iterable[Entry], seq: int) -> None:
        """Fill a new, empty store (a rebuild): bulk writes, no graph replaced."""
        self._store.bulk_extend(q for entry in entries for q in quads(entry))
        self._set_seq(seq)
        self._store.flush()

    def load_nquads(self, chunks: Iterable[bytes], seq: int) -> None:
        """Fill a new, empty store from :func:`nquads` text, chunk by chunk."""
        for chunk in chunks:
            self._store.bulk_load(chunk, RdfFormat.N_QUADS)
        self._set_seq(seq)
        self._store.flush()

    def snapshot(self, target: Path) -> None:
        """A read-only copy at ``target`` (hard links to the immutable files)."""
        self._store.flush()
        self._store.backup(str(target))

    def close(self) -> None:
        """Release the store (RocksDB's lock with it)."""
        del self._store

    def _drop(self, uri: str) -> None:
        graph = NamedNode(uri)
        if self._store.contains_named_graph(graph):
            self._store.remove_graph(graph)
        for quad in list(self._store.quads_for_pattern(graph, REVISION, None, STATE)):
            self._store.remove(quad)

    def _set_seq(self, seq: int) -> None:
        for quad in list(self._store.quads_for_pattern(STATE, SEQ, None, STATE)):
            self._store.remove(quad)
        self._store.add(Quad(STATE, SEQ, Literal(str(seq), datatype=_INTEGER), STATE))


def read_seq(store: Store) -> int:
    """The change-log number ``store`` says it is current to."""
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
