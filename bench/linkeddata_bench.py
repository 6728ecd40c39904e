"""Linked-data dump speed: records/s, and the ratio to mc2skos in the same run.

    python bench/linkeddata_bench.py [--records 100000] [--mc2skos-records 20000]
        [--form nt] [--repeat 3] [--sample 200] [--data-dir DIR]

Input: bench/subject_records.py's SYNTHETIC-FROM-REAL-DATA Realfagstermer collection
(UiO's MARC21 export shape, vocabulary noubomn), cached in ~/.cache/authority-bench.

  ours:    every record read + mapped + upserted into a private PostgreSQL (load rate
           printed), then authority.export.dump.dump(service, job, file) over the whole
           register, reading from the store included; best of --repeat runs, with
           one process and with --workers processes (the export's default).
  mc2skos: 0.12 in its own venv (rdflib 5; recipe in ../shared/corpus/README.md),
           ``mc2skos FILE.xml > out.ttl`` over the first --mc2skos-records records; its
           records/s is extrapolated from that subset, with its interpreter start-up
           (a one-record run) subtracted, which flatters mc2skos.

Targets: dump >= 10k records/s; >= 3x mc2skos's records/s; our output contains
mc2skos's triples, checked on --sample records of the subset against
``mc2skos --altlabels`` (the default run's triples are those minus skos:altLabel).
URIs are mapped modulo the base: mc2skos's .../realfagstermer/c000123 is our
<base>authorities/REAL000123, its scheme .../realfagstermer/ our <base>schemes/noubomn.
skos:editorialNote (667) is not counted: we never publish internal notes.
Not a test: it prints, it never fails on a time.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from rdflib import Graph, Node, URIRef
from rdflib.namespace import SKOS
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker
from tqdm import tqdm

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from subject_records import write_collection  # noqa: E402

from authority import config  # noqa: E402
from authority.domain import Actor  # noqa: E402
from authority.errors import AuthorityError  # noqa: E402
from authority.export.dump import dump  # noqa: E402
from authority.export.job import ExportJob, dump_formats  # noqa: E402
from authority.marc.from_marc import from_fields  # noqa: E402
from authority.marc.read import MARCXML, read  # noqa: E402
from authority.service import (  # noqa: E402
    LoadingService,
    ReadingService,
    Register,
    Services,
)
from authority.storage import migrate  # noqa: E402
from authority.storage.embedded import EmbeddedPostgres  # noqa: E402
from authority.storage.unit_of_work import UnitOfWork  # noqa: E402

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
CACHE = CACHE / "authority-bench"
MC2SKOS_PACKAGES = (
    ["rdflib==5.0.0", "pyyaml", "lxml", "isodate", "otsrdflib", "skosify"]
    + ["iso-639", "future", "requests"],
    ["--no-deps", "mc2skos", "rdflib-jsonld==0.6.1"],
)
THEIR_CONCEPT = "http://data.ub.uio.no/realfagstermer/c"
THEIR_SCHEME = "http://data.ub.uio.no/realfagstermer/"
RECORD = f"{{{MARCXML}}}record"
TARGET_RATE = 10_000
TARGET_RATIO = 3.0
Triple = tuple[Node, Node, Node]
Row = tuple[str, int, float]


# Input


def input_file(count: int) -> Path:
    """The generated collection of ``count`` records, cached by count and generator."""
    generator = (REPO / "bench" / "subject_records.py").read_bytes()
    digest = hashlib.sha256(generator).hexdigest()[:10]
    path = CACHE / f"subjects-{count}-{digest}.xml"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        write_collection(partial, count)
        partial.replace(path)
    return path


def sample_file(source: Path, dest: Path, size: int, seed: int = 1) -> list[str]:
    """Write ``size`` records picked at random from ``source``; their ids."""
    records = list(_records(source))
    chosen = sorted(random.Random(seed).sample(range(len(records)), size))
    picked = [records[n] for n in chosen]
    body = b"".join(etree.tostring(r) for r in picked)
    dest.write_bytes(
        b'<collection xmlns="%s">' % MARCXML.encode() + body + b"</collection>"
    )
    return [r.findtext(f"{{{MARCXML}}}controlfield[@tag='001']") or "" for r in picked]


def _records(source: Path) -> Iterator[etree._Element]:
    for _, element in etree.iterparse(
        str(source), tag=RECORD, resolve_entities=False, no_network=True
    ):
        yield element


# mc2skos


def mc2skos() -> Path:
    """mc2skos's executable, in its own venv (made on first use)."""
    venv = CACHE / "mc2skos-venv"
    exe = venv / "bin" / "mc2skos"
    if not exe.exists():
        print(f"making mc2skos's venv in {venv} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "pip"), "install", "-q"]
        for packages in MC2SKOS_PACKAGES:
            subprocess.run(pip + packages, check=True, timeout=900)
    return exe


def run_mc2skos(exe: Path, xml: Path, out: Path, *options: str) -> float:
    """Seconds for ``mc2skos [options] xml > out``; raises with its last words."""
    timeout = 120 + xml.stat().st_size / 20_000  # about 20x its expected time
    start = time.perf_counter()
    with open(out, "wb") as stdout:
        done = subprocess.run(
            [str(exe), *options, str(xml)],
            stdout=stdout, stderr=subprocess.PIPE, timeout=timeout,
        )  # fmt: skip
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-5:]
        raise RuntimeError(f"mc2skos exited {done.returncode}: " + " | ".join(tail))
    return seconds


# Ours: a private PostgreSQL, the load, the dump


@contextmanager
def register(folder: Path) -> Iterator[tuple[Services, str]]:
    """The services over a migrated embedded PostgreSQL in ``folder``, and its URL."""
    server = EmbeddedPostgres(folder)
    url = server.start()
    # The bench's data is disposable: no fsync per commit, so the load is not
    # bound by the disk. The dump only reads, so its figure does not change.
    options = {"options": "-c synchronous_commit=off"}
    engine = create_engine(url, connect_args=options)
    try:
        migrate.upgrade(engine)
        sessions = sessionmaker(engine, expire_on_commit=False)
        yield Services.over(Register(lambda: UnitOfWork(sessions))), url
    finally:
        engine.dispose()
        server.stop()


def load(service: LoadingService, path: Path, count: int) -> tuple[float, Counter[str]]:
    """Read, map and upsert every record of ``path``: seconds and outcomes."""
    outcomes: Counter[str] = Counter()
    actor = Actor("bench")
    start = time.perf_counter()
    for result in tqdm(
        read(str(path)), total=count, unit="rec", desc="load", mininterval=1
    ):
        try:
            if result.error is not None or result.leader is None:
                raise ValueError(result.error)
            authority = from_fields(result.leader, result.fields)
            outcome, _ = service.upsert_from_source(authority, actor)
            outcomes[str(outcome)] += 1
        except (AuthorityError, ValueError) as error:
            outcomes[f"refused: {str(error)[:60]}"] += 1
    return time.perf_counter() - start, outcomes


def time_dump(
    service: ReadingService, form: str, out: Path, repeat: int, workers: int, url: str
) -> tuple[float, float, int, int]:
    """Best seconds of ``repeat`` dumps to ``out`` by ``workers`` processes, and of
    reading the store alone (interleaved); records written and skipped."""
    best, reading = float("inf"), float("inf")
    job = ExportJob(form, base_uri=config.BASE_URI, workers=workers, database_url=url)
    for n in range(repeat):
        with open(out, "wb") as stream:
            start = time.perf_counter()
            report = dump(service, job, stream)
            stream.flush()
            seconds = time.perf_counter() - start
        start = time.perf_counter()
        count = sum(1 for _ in service.all())
        reading = min(reading, time.perf_counter() - start)
        best = min(best, seconds)
        print(f"run {n + 1}: dump {form} by {workers} {seconds:.2f} s, "
              f"store read {count} {time.perf_counter() - start:.2f} s")  # fmt: skip
    return best, reading, report.written, len(report.skipped)


# Containment: mc2skos's triples in ours


@dataclass
class Containment:
    total: int = 0
    contained: int = 0
    editorial_notes: int = 0
    relabelled: int = 0
    """Missing altLabels whose text we carry for the same concept in another
    language (mc2skos tags every 4XX with 040 $b's language, ignoring $9)."""
    subjects_found: int = 0
    by_predicate: Counter[str] = field(default_factory=Counter)
    missing_by_predicate: Counter[str] = field(default_factory=Counter)
    missing: list[tuple[Triple, list[Node]]] = field(default_factory=list)


def ours_for(term: Node, base: str) -> Node:
    """mc2skos's URI for a noubomn concept or scheme, in our URI space."""
    if not isinstance(term, URIRef):
        return term
    if str(term) == THEIR_SCHEME:
        return URIRef(f"{base}schemes/noubomn")
    if str(term).startswith(THEIR_CONCEPT):
        return URIRef(f"{base}authorities/REAL{term[len(THEIR_CONCEPT) :]}")
    return term


def our_graph(nt: Path, ids: list[str], base: str) -> Graph:
    """The triples of our N-Triples dump whose subject is one of ``ids``."""
    subjects = {f"<{base}authorities/{i}>".encode() for i in ids}
    with open(nt, "rb") as stream:
        lines = b"".join(line for line in stream if line.split(b" ", 1)[0] in subjects)
    return Graph().parse(data=lines.decode(), format="nt")


def contains(theirs: Graph, ours: Graph, base: str) -> Containment:
    """How many of mc2skos's triples (mapped to our URIs) our graph holds."""
    found = Containment(subjects_found=len(set(ours.subjects())))
    for s, p, o in sorted(theirs):
        if p == SKOS.editorialNote:
            found.editorial_notes += 1
            continue
        triple = (ours_for(s, base), p, ours_for(o, base))
        name = theirs.namespace_manager.normalizeUri(p)
        found.total += 1
        found.by_predicate[name] += 1
        if triple in ours:
            found.contained += 1
            continue
        found.missing_by_predicate[name] += 1
        if p == SKOS.altLabel and _other_language(ours, triple):
            found.relabelled += 1
        elif sum(1 for t, _ in found.missing if t[1] == p) < 3:
            found.missing.append((triple, list(ours.objects(triple[0], p))))
    return found


def _other_language(ours: Graph, triple: Triple) -> bool:
    """True when we carry the label's text for the concept in another language."""
    text, language = str(triple[2]), getattr(triple[2], "language", None)
    labels = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
    return any(
        str(o) == text and getattr(o, "language", None) != language
        for p in labels
        for o in ours.objects(triple[0], p)
    )


def containment(
    exe: Path, subset: Path, ours_nt: Path, size: int, work: Path
) -> Containment:
    """mc2skos --altlabels over ``size`` records of the subset against our dump."""
    sample = work / "sample.xml"
    ids = sample_file(subset, sample, size)
    run_mc2skos(exe, sample, work / "sample.ttl", "--altlabels")
    theirs = Graph().parse(work / "sample.ttl", format="turtle")
    return contains(theirs, our_graph(ours_nt, ids, config.BASE_URI), config.BASE_URI)


# Report


def show_containment(c: Containment, size: int) -> None:
    print(
        f"\ncontainment over {size} sampled records ({c.subjects_found} found in ours):"
    )
    share = c.contained / c.total if c.total else 0.0
    print(f"  {c.contained}/{c.total} of mc2skos's triples are in ours ({share:.1%});"
          f" {c.editorial_notes} skos:editorialNote (667) not counted")  # fmt: skip
    alt = c.by_predicate["skos:altLabel"]
    alt_lost = c.missing_by_predicate["skos:altLabel"]
    print(f"  without skos:altLabel (mc2skos's default output): "
          f"{c.contained - alt + alt_lost}/{c.total - alt}")  # fmt: skip
    for name, total in sorted(c.by_predicate.items()):
        lost = c.missing_by_predicate[name]
        print(
            f"    {name:22}{total - lost:6}/{total:<6}" + (" missing" if lost else "")
        )
    if c.relabelled:
        print(
            f"  {c.relabelled} of the missing skos:altLabel are ours in another"
            " language: mc2skos ignores $9 language= and tags every 4XX @nb"
        )
    for (s, p, o), ours in c.missing:
        have = ", ".join(n.n3() for n in ours[:3]) or "nothing"
        print(f"  missing: {s.n3()} {p.n3()} {o.n3()}\n      ours has: {have}")


def show_table(rows: list[Row]) -> None:
    print(f"\n{'':42}{'records':>9}{'seconds':>10}{'records/s':>12}")
    for name, count, seconds in rows:
        print(f"{name:42}{count:9}{seconds:10.2f}{count / seconds:12,.0f}")


def verdict(value: float, target: float) -> str:
    return "met" if value >= target else "NOT met"


# Main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--mc2skos-records", type=int, default=20_000)
    parser.add_argument("--form", default="nt", help="dump form (default nt)")
    parser.add_argument("--repeat", type=int, default=3, choices=range(1, 11))
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes for the parallel dump (default: one per core)",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="keep PostgreSQL here; reused, load skipped"
    )
    args = parser.parse_args()
    if args.form not in dump_formats():
        sys.exit(f"dump form {args.form!r} not available; known: {dump_formats()}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops PG

    start = time.perf_counter()
    path = input_file(args.records)
    subset = input_file(min(args.mc2skos_records, args.records))
    print(f"input: {path} ({path.stat().st_size / 1e6:.0f} MB, "
          f"{time.perf_counter() - start:.1f} s)")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="authority-bench-") as tmp:
        work = Path(tmp)
        their_rate, their_rows = time_mc2skos(subset, work)
        our_rows, dump_row, ours_out = time_ours(args, path, work)
        show_table(our_rows + their_rows + [dump_row])
        subset_count = their_rows[0][1] if their_rows else 0
        summary(dump_row, our_rows[-1], our_rows[-2], their_rate, subset_count)
        if args.form != "nt":
            print(f"\ncontainment: skipped, {args.form!r} is not N-Triples")
        elif their_rate is not None:
            size = min(args.sample, subset_count)
            c = containment(mc2skos(), subset, ours_out, size, work)
            show_containment(c, size)


def time_mc2skos(subset: Path, work: Path) -> tuple[float | None, list[Row]]:
    """mc2skos's records/s (start-up subtracted) and table rows; None on failure."""
    try:
        exe = mc2skos()
        one = work / "one.xml"
        sample_file(subset, one, 1)
        startup = run_mc2skos(exe, one, work / "one.ttl")
        seconds = run_mc2skos(exe, subset, work / "mc2skos.ttl")
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        print(f"mc2skos could not run: {error}")
        return None, []
    count = sum(1 for _ in _records(subset))
    with open(work / "mc2skos.ttl", "rb") as ttl:
        concepts = sum(1 for line in ttl if b" a skos:Concept" in line)
    print(f"mc2skos: {concepts} concepts from {count} records in {seconds:.1f} s "
          f"(start-up {startup:.1f} s)")  # fmt: skip
    rows = [
        (f"mc2skos, {count} records, wall", count, seconds),
        ("mc2skos, start-up subtracted", count, seconds - startup),
    ]
    return count / (seconds - startup), rows


def time_ours(
    args: argparse.Namespace, path: Path, work: Path
) -> tuple[list[Row], Row, Path]:
    """Load into PostgreSQL (unless --data-dir already holds it) and time the dump."""
    folder = args.data_dir or work / "pg"
    out = work / f"dump.{args.form}"
    rows: list[Row] = []
    marker = folder / "bench-input"  # which input a kept --data-dir holds
    with register(folder) as (services, url):
        if marker.exists() and marker.read_text() == path.name:
            print(f"{folder} already holds {path.name}: load skipped")
        else:
            seconds, outcomes = load(services.loading, path, args.records)
            print(f"load: {dict(outcomes)}")
            rows.append(("load: read + map + upsert", sum(outcomes.values()), seconds))
            marker.write_text(path.name)
        store = services.reading
        timed = time_dump(store, args.form, out, args.repeat, 1, url)
        parallel = time_dump(store, args.form, out, args.repeat, args.workers, url)
    best, reading, written, skipped = timed
    size = out.stat().st_size / 1e6
    print(f"dump {args.form}: {written} written, {skipped} skipped, {size:.0f} MB")
    rows.append((f"store read alone (service.all), best of {args.repeat}", written,
                 reading))  # fmt: skip
    rows.append((f"dump {args.form}, 1 process, best of {args.repeat}", written, best))
    headline = (
        f"dump {args.form}, {args.workers} processes, best of {args.repeat}",
        parallel[2],
        parallel[0],
    )
    return rows, headline, out


def summary(
    ours: Row, serial: Row, reading: Row, theirs: float | None, subset: int
) -> None:
    rate = ours[1] / ours[2]
    print(f"\ndump: {rate:,.0f} records/s = {rate / TARGET_RATE:.2f}x the target "
          f"{TARGET_RATE:,} records/s: {verdict(rate, TARGET_RATE)}; "
          f"{ours[0].split(', ')[1]} run {serial[2] / ours[2]:.2f}x one process, "
          f"where reading the store alone is {reading[2] / serial[2]:.0%} of the "
          f"time")  # fmt: skip
    if theirs is None:
        print("vs mc2skos: not measured (mc2skos could not run)")
        return
    ratio = rate / theirs
    print(
        f"vs mc2skos ({theirs:,.0f} records/s, extrapolated from {subset} records):"
        f" {ratio:.1f}x (target >= {TARGET_RATIO:g}x): {verdict(ratio, TARGET_RATIO)}"
    )


if __name__ == "__main__":
    main()
