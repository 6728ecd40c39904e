"""The seeds of each reader: small documents cut from the real corpus.

A seed is a whole file as the loader would meet it (its name matters: the
Realfagstermer reader takes the kind from it, the SKOS reader the syntax). Large
corpus files give their first few records, re-closed where the form needs it, so
a mutated case stays small and a case takes milliseconds.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from authority.marc import serialize
from authority.marc.read import read

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
GOLDEN = REPO / "tests" / "data" / "golden"
SMALL = 24_000
"""Files up to this size are seeds as they are; larger ones give a few records."""

READERS = (
    "marcjson",
    "bare-json",
    "marcxml",
    "iso2709",
    "emnemodul",
    "realfagstermer",
    "skos",
)
"""Every reader, by the ``authority load --source`` name it is reached by."""


@dataclass(frozen=True)
class Seed:
    """One document: its file name (kept in every case made from it), its bytes."""

    name: str
    data: bytes


def seeds(reader: str) -> tuple[Seed, ...]:
    """The seeds of ``reader`` (the corpus must be there: it is the fuzzer's input)."""
    if not CORPUS.is_dir():
        raise FileNotFoundError(
            f"the fuzz seeds come from the shared corpus, {CORPUS}, which is missing"
        )
    found = _BUILDERS[reader]()
    if not found:
        raise FileNotFoundError(f"no seed for reader {reader!r} in {CORPUS}")
    return found


def _files(*patterns: str, root: Path = CORPUS) -> list[Path]:
    return sorted({p for pattern in patterns for p in root.glob(pattern)})


@cache
def _marcxml() -> tuple[Seed, ...]:
    paths = _files("marc-authority/**/*.xml", "bare/marcxchange/*.xml")
    paths += _files("*.xml", root=GOLDEN)
    found = [Seed(p.name, p.read_bytes()) for p in paths if p.stat().st_size < SMALL]
    for path in paths:
        if path.stat().st_size >= SMALL:
            found.append(Seed(path.name, _collection(_records(path, "xml", 4))))
    return tuple(found)


@cache
def _iso2709() -> tuple[Seed, ...]:
    paths = _files("marc-authority/**/*.mrc", "marc-encoding/*.mrc")
    paths += _files("marc-encoding/*.dat")
    found = []
    for path in paths:
        records = path.read_bytes().split(b"\x1d")[:3]
        found.append(Seed(path.name, b"\x1d".join(records) + b"\x1d"))
    return tuple(found)


@cache
def _marcjson() -> tuple[Seed, ...]:
    records = [r for seed in _marcxml()[:12] for r in _records_of(seed.data, "xml", 3)]
    texts = [serialize.marcjson(r) for r in records]
    found = [Seed(f"record-{n}.json", text.encode()) for n, text in enumerate(texts)]
    for start in range(0, len(texts), 3):
        group = texts[start : start + 3]
        found.append(Seed(f"array-{start}.json", f"[{','.join(group)}]".encode()))
        found.append(Seed(f"lines-{start}.jsonl", "\n".join(group).encode() + b"\n"))
    return tuple(found)


@cache
def _bare_json() -> tuple[Seed, ...]:
    paths = _files("bare/json/*.json") + _files("*.json", root=GOLDEN)
    found = [Seed(p.name, p.read_bytes()) for p in paths]
    many = json.loads((CORPUS / "bare/json/bareManyAuthorityResponse.json").read_text())
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in many["results"])
    found.append(Seed("records.jsonl", lines.encode() + b"\n"))
    array = json.dumps(many["results"], ensure_ascii=False, indent=1)
    found.append(Seed("records-array.json", array.encode()))
    return tuple(found)


@cache
def _emnemodul() -> tuple[Seed, ...]:
    paths = _files("bare/emnemodul/*.xml", "vocab-sources/norwegian/tekord*.xml")
    found = []
    for path in paths:
        with open(path, "rb") as stream:
            head = stream.read(6000)
        cut = head.rfind(b"</post>") + len(b"</post>")
        root = head[head.index(b"<", head.index(b"?>")) + 1 :].split(b">", 1)[0]
        found.append(Seed(path.name, head[:cut] + b"\n</" + root + b">\n"))
    return tuple(found)


@cache
def _realfagstermer() -> tuple[Seed, ...]:
    found = []
    for path in _files("vocab-sources/norwegian/realfagstermer-id*.txt"):
        with open(path, "rb") as stream:
            head = stream.read(3000)
        found.append(Seed(path.name, head[: head.rfind(b"\n\n") + 1]))
    return tuple(found)


@cache
def _skos() -> tuple[Seed, ...]:
    paths = _files("vocab-sources/norwegian/*.ttl", "marc-authority/mc2skos/*.ttl")
    paths += _files("topic-*.ttl", root=GOLDEN)
    found = [Seed(p.name, p.read_bytes()) for p in paths]
    from rdflib import Graph  # only here: the other readers' seeds need no rdflib

    humord = Graph().parse(CORPUS / "vocab-sources/norwegian/humord.vocabulary.ttl")
    found.append(Seed("humord.nt", humord.serialize(format="nt").encode()))
    found.append(Seed("humord.rdf", humord.serialize(format="xml").encode()))
    return tuple(found)


def _records(path: Path, form: str, count: int) -> list[serialize.MarcData]:
    return _records_of(path.read_bytes(), form, count)


def _records_of(data: bytes, form: str, count: int) -> list[serialize.MarcData]:
    found: list[serialize.MarcData] = []
    for result in read(io.BytesIO(data), form):
        if result.error is None and result.leader is not None:
            found.append(result)
        if len(found) == count:
            break
    return found


def _collection(records: list[serialize.MarcData]) -> bytes:
    body = "".join(serialize.xml_record(r, standalone=False) for r in records)
    head = f'<collection xmlns="{serialize.MARCXML}">'
    return f'<?xml version="1.0"?>\n{head}{body}</collection>\n'.encode()


_BUILDERS = {
    "marcjson": _marcjson,
    "bare-json": _bare_json,
    "marcxml": _marcxml,
    "iso2709": _iso2709,
    "emnemodul": _emnemodul,
    "realfagstermer": _realfagstermer,
    "skos": _skos,
}
